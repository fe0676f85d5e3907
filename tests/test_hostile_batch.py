"""Hostile options and configs of `thidua review` and `thidua batch` (issue 17): bounds, names, processes.

Every refusal is one line and exit 2 before any work starts; expected messages are written by hand.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import notebooks_with, processes_with_env
from test_batch_signals import SLEEP, _config, _wait_for_running

from thidua.cli import main
from thidua.run import batch

ROOT = Path(__file__).resolve().parents[1]
DATASET = "dataset: pho-thuan-2023-sample"


def _one_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    return lines[0]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["review", "--timeout", "0"], "Invalid value for '--timeout': 0 is not in the range 1<=x<=86400."),
        (["review", "--timeout", "-5"], "Invalid value for '--timeout': -5 is not in the range 1<=x<=86400."),
        (["review", "--timeout", "1e9"], "Invalid value for '--timeout': '1e9' is not a valid integer range."),
        (["batch", "b.yml", "--workers", "0"], "Invalid value for '--workers': 0 is not in the range 1<=x<=64."),
        (["batch", "b.yml", "--workers", "-1"], "Invalid value for '--workers': -1 is not in the range 1<=x<=64."),
        (["batch", "b.yml", "--workers", "100000"],
         "Invalid value for '--workers': 100000 is not in the range 1<=x<=64."),
    ],
)  # fmt: skip
def test_numeric_options_are_bounded(tmp_path, monkeypatch, args, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "b.yml").write_text(f"reviews:\n  - {{name: a, {DATASET}}}\n", encoding="utf-8")
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert _one_line(result.output) == f"thidua: error: {expected}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.yml"]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (f"workers: 100000\nreviews:\n  - {{name: a, {DATASET}}}\n",
         "batch, field 'workers': must be a whole number from 1 to 64, got 100000"),
        (f"workers: 0\nreviews:\n  - {{name: a, {DATASET}}}\n",
         "batch, field 'workers': must be a whole number from 1 to 64, got 0"),
        (f"timeout: 100000\nreviews:\n  - {{name: a, {DATASET}}}\n",
         "review 'a', field 'timeout': must be a whole number of seconds from 1 to 86400, got 100000"),
        (f"reviews:\n  - {{name: 010, {DATASET}}}\n",
         "review '8', field 'name': must be text; a name that looks like a number goes in quotes (name: '010'), "
         "else YAML reads 010 as 8, got 8"),
        (f"reviews:\n  - {{name: 0x1F, {DATASET}}}\n",
         "review '31', field 'name': must be text; a name that looks like a number goes in quotes (name: '010'), "
         "else YAML reads 010 as 8, got 31"),
    ],
)  # fmt: skip
def test_config_bounds_and_names(tmp_path, config, expected):
    path = tmp_path / "b.yml"
    path.write_text(config, encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert _one_line(result.output) == f"thidua: error: {path}, {expected}"
    assert not (tmp_path / "out").exists()


def test_a_quoted_number_is_a_name(tmp_path):
    path = tmp_path / "b.yml"
    path.write_text(f"reviews:\n  - {{name: '010', {DATASET}}}\n", encoding="utf-8")
    jobs, _, _ = batch.load_batch(path, tmp_path / "out")
    assert [name for name, _ in jobs] == ["010"]
    assert jobs[0][1].out == tmp_path / "out" / "010"


@pytest.mark.parametrize(
    ("asked", "reviews", "expected"),
    [
        (20, 2, (2, "2 worker(s), not 20: no more than the 2 review(s) to make")),
        (64, 100, (4, "4 worker(s), not 64: no more than twice the 2 cores")),
        (None, 100, (2, "")),  # the cores
        (None, 1, (1, "1 worker(s), not 2: no more than the 1 review(s) to make")),
        (3, 5, (3, "")),
    ],
)
def test_worker_count(monkeypatch, asked, reviews, expected):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert batch.worker_count(asked, reviews) == expected


def test_workers_zygotes_and_kernels_die_with_a_killed_batch(tmp_path):
    """SIGKILL (as the out-of-memory killer sends) to the batch leaves none of its processes running."""
    out = tmp_path / "out"
    env = {**os.environ, "THIDUA_NOTEBOOK_DIR": str(notebooks_with(tmp_path, SLEEP))}
    proc = subprocess.Popen(
        [sys.executable, "-m", "thidua", "batch", str(_config(tmp_path)), "--out", str(out), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    _wait_for_running(out, 2)
    assert len(processes_with_env(str(tmp_path))) >= 5  # the batch, 2 workers, their zygotes and kernels
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    while processes_with_env(str(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not processes_with_env(str(tmp_path)), "a worker, zygote or kernel outlived the killed batch"


INTERRUPTED = ("thidua: interrupted before anything was written", "thidua: interrupted; no file was written")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("after", [0.3, 0])
def test_a_signal_at_any_moment_is_exit_130_and_no_file(tmp_path, sig, after):
    """At 0.3 s the command is still importing; then while its child fills a template that loops for long."""
    from docx import Document

    template = tmp_path / "mau.docx"
    doc = Document()
    doc.add_paragraph("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}")
    doc.save(str(template))
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "thidua", "report", "--template", str(template), "--out", str(out / "r.docx")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "THIDUA_TEST_MARK": str(tmp_path)},
    )  # fmt: skip
    if after:
        time.sleep(after)
    else:  # once the child filling the template runs
        deadline = time.monotonic() + 60
        while not Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split():
            assert time.monotonic() < deadline and proc.poll() is None, "the template was never filled"
            time.sleep(0.1)
        time.sleep(0.5)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert _one_line(err) in INTERRUPTED
    assert not list(out.iterdir()), "no report and no temporary file"
    deadline = time.monotonic() + 10
    while processes_with_env(str(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not processes_with_env(str(tmp_path)), "the child filling the template ended too"
