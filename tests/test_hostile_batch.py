"""Issue 17, safety round two: bounds of ``review`` and ``batch``, and their processes under signals and deaths."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, notebooks_with, processes_with_env, wait_for_running

from thidua.cli import main
from thidua.run import make

TOWN = ROOT / "data" / "sample" / "town" / "catalog.yml"
SLEEP = "import time\ntime.sleep(300)"


def _cli(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "thidua", *map(str, args)],
        capture_output=True, text=True, check=False, env={**os.environ, **(env or {})}, timeout=120,
    )  # fmt: skip


def _config(tmp_path: Path, names: tuple[str, ...], extra: str = "") -> Path:
    config = tmp_path / "batch.yml"
    reviews = "".join(f"  - {{name: {n}, dataset: {n}}}\n" for n in names)
    config.write_text(f"catalog: {TOWN}\nnotebooks: [annual_review]\n{extra}reviews:\n{reviews}", encoding="utf-8")
    return config


def _one_line(result: subprocess.CompletedProcess, code: int, line: str) -> None:
    assert result.returncode == code, result.stderr[-2000:]
    assert result.stderr.strip().splitlines() == [line], result.stderr[-2000:]


@pytest.mark.parametrize(
    ("value", "line"),
    [
        ("0", "thidua: error: Invalid value for '--timeout': 0 is not in the range 1<=x<=86400."),
        ("-5", "thidua: error: Invalid value for '--timeout': -5 is not in the range 1<=x<=86400."),
        ("86401", "thidua: error: Invalid value for '--timeout': 86401 is not in the range 1<=x<=86400."),
        ("1.5", "thidua: error: Invalid value for '--timeout': '1.5' is not a valid integer range."),
    ],
)
def test_a_review_timeout_out_of_bounds_is_one_line_and_exit_2(tmp_path, value, line):
    _one_line(_cli("review", "--timeout", value, "--out", tmp_path / "r"), 2, line)


@pytest.mark.parametrize("value", ["0", "-1"])
def test_batch_workers_below_one_are_one_line_and_exit_2(tmp_path, value):
    result = _cli("batch", _config(tmp_path, ("pho_an-2023",)), "--workers", value)
    _one_line(result, 2, f"thidua: error: Invalid value for '--workers': {value} is not in the range x>=1.")


def test_config_workers_zero_is_refused(tmp_path):
    result = _cli("batch", _config(tmp_path, ("pho_an-2023",), "workers: 0\n"))
    assert result.returncode == 2
    assert "workers" in result.stderr and "must be a whole number ≥ 1, got 0" in result.stderr


@pytest.mark.parametrize("value", ["0", "-5", "86401"])
def test_a_config_timeout_out_of_bounds_is_refused(tmp_path, value):
    result = _cli("batch", _config(tmp_path, ("pho_an-2023",), f"timeout: {value}\n"), "--out", tmp_path / "out")
    assert result.returncode == 2, result.stderr[-2000:]
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr[-2000:]
    assert "timeout" in result.stderr
    assert f"must be a whole number of seconds from 1 to 86400 (a day), got {value}" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("asked", "reviews", "cpus", "used", "said"),
    [
        (20, 2, 8, 2, "thidua: using 2 workers, not 20 (2 reviews, 8 CPUs)"),
        (100000, 500, 4, 8, "thidua: using 8 workers, not 100000 (500 reviews, 4 CPUs)"),
        (3, 10, 4, 3, ""),
        (None, 2, 8, 2, ""),  # the CPUs by default, no more than the reviews, said only when asked for more
    ],
)
def test_workers_used_are_capped_and_the_cap_is_said(monkeypatch, capsys, asked, reviews, cpus, used, said):
    from thidua import cli

    monkeypatch.setattr(os, "cpu_count", lambda: cpus)
    assert cli._worker_count(asked, reviews) == used
    assert capsys.readouterr().err.strip() == said


@pytest.mark.parametrize("address", ["foo://bar", "tcp://host", "tcp://host:0", "tcp://host:99999", "host:8786"])
def test_a_scheduler_that_is_no_address_is_one_line_and_exit_2(tmp_path, address):
    result = _cli("batch", _config(tmp_path, ("pho_an-2023",)), "--scheduler", address)
    line = f"thidua: error: Invalid value for '--scheduler': must be an address like tcp://host:8786, got '{address}'"
    _one_line(result, 2, line)


def test_a_scheduler_nobody_answers_fails_at_once_with_one_line(tmp_path):
    out = tmp_path / "out"
    result = _cli("batch", _config(tmp_path, ("pho_an-2023",)), "--out", out, "--scheduler", "tcp://127.0.0.1:1")
    _one_line(result, 2, "thidua: error: cannot reach the scheduler at tcp://127.0.0.1:1 (no answer within 5 s)")
    assert not out.exists()  # no review folder, no index: nothing touched


@pytest.mark.parametrize("command", ["review", "batch"])
def test_a_missing_notebook_dir_is_one_line_and_exit_2(tmp_path, command):
    missing = tmp_path / "no-such-folder"
    args = ["--dataset", "pho-thuan-2023-sample"] if command == "review" else [_config(tmp_path, ("pho_an-2023",))]
    result = _cli(command, *args, "--out", tmp_path / "o", env={"THIDUA_NOTEBOOK_DIR": str(missing)})
    _one_line(result, 2, f"thidua: error: field 'THIDUA_NOTEBOOK_DIR': THIDUA_NOTEBOOK_DIR is '{missing}', which is"
                         " not a folder")  # fmt: skip


@pytest.mark.parametrize("name", ["010", "0x1F", "1_000", "2023"])
def test_a_review_name_yaml_reads_as_a_number_must_be_quoted(tmp_path, name):
    config = tmp_path / "batch.yml"
    config.write_text(f"catalog: {TOWN}\nreviews:\n  - name: {name}\n    dataset: pho_an-2023\n", encoding="utf-8")
    result = _cli("batch", config, "--out", tmp_path / "out")
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "must be text, got " in result.stderr
    assert "write a name that looks like a number in quotes, e.g. name: '010'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_quoted_number_name_is_kept_as_written():
    from thidua.inputs.schema import convert
    from thidua.run.batch import BatchFile

    config = convert({"reviews": [{"name": "010", "dataset": "x"}, {"name": "0x1F", "dataset": "y"}]}, BatchFile, "b")
    assert [r.name for r in config.reviews] == ["010", "0x1F"]


def test_a_full_disk_while_writing_a_notebook_is_exit_4(tmp_path, monkeypatch):

    def full(name, destination, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(destination))

    monkeypatch.setattr(make, "execute", full)
    out = tmp_path / "r"
    result = CliRunner().invoke(
        main, ["review", "--dataset", "pho-thuan-2023-sample", "--notebooks", "annual_review", "--out", str(out)]
    )
    assert result.exit_code == 4, result.output
    assert result.stderr.strip().splitlines()[-1] == (
        f"thidua: error: could not write the review (No space left on device); {out} is unchanged"
    )


def test_another_os_error_of_a_notebook_is_still_a_notebook_failure(tmp_path, monkeypatch):

    def refused(*args, **kwargs):
        raise ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")

    monkeypatch.setattr(make, "execute", refused)
    result = CliRunner().invoke(
        main, ["review", "--dataset", "pho-thuan-2023-sample", "--notebooks", "annual_review", "--out", str(tmp_path)]
    )
    assert result.exit_code == 3, result.output
    assert "notebook annual_review failed: ConnectionRefusedError" in result.stderr


def test_a_long_tmpdir_does_not_break_the_kernels(tmp_path):
    tmp = tmp_path / ("t" * (143 - len(str(tmp_path)) - 1))
    tmp.mkdir()
    assert len(str(tmp)) == 143
    out = tmp_path / "r"
    args = ["review", "--dataset", "pho-thuan-2023-sample", "--notebooks", "annual_review", "--out", out]
    result = _cli(*args, env={"TMPDIR": str(tmp)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert (out / "annual_review.html").is_file()


def _catches_sigterm(pid: int) -> bool:
    """True once the process handles SIGTERM itself (its handlers are installed)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = int(next(line for line in status.splitlines() if line.startswith("SigCgt:")).split()[1], 16)
    return bool(caught & (1 << (signal.SIGTERM - 1)))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_at_the_very_start_is_exit_130_and_one_line(tmp_path, sig):
    out = tmp_path / "r"
    proc = subprocess.Popen(
        [sys.executable, "-m", "thidua", "review", "--dataset", "pho-thuan-2023-sample", "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while not _catches_sigterm(proc.pid) and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err[-2000:]
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("thidua: interrupted"), err[-2000:]
    assert "Aborted!" not in err and "Traceback" not in err
    assert not (out / "index.html").exists()


def _batch(tmp_path: Path, names: tuple[str, ...], code: str, workers: int = 2) -> subprocess.Popen:
    env = {**os.environ, "THIDUA_NOTEBOOK_DIR": str(notebooks_with(tmp_path, code))}
    config = _config(tmp_path, names)
    return subprocess.Popen(
        [sys.executable, "-m", "thidua", "batch", str(config), "--out", str(tmp_path / "out"), "--workers", str(workers)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip


def _children(pid: int) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(proc.name))
    return found


def _gone(marker: str, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while processes_with_env(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not processes_with_env(marker)


NAMES = ("pho_an-2023", "pho_chau-2023", "pho_khanh-2023", "pho_nhon-2023")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_workers_zygotes_and_kernels_end_when_the_batch_is_killed(tmp_path):
    proc = _batch(tmp_path, NAMES, SLEEP)
    try:
        wait_for_running(proc, tmp_path / "out", 2)
        marker = str(tmp_path / "notebooks")
        assert len(processes_with_env(marker)) >= 4, "two workers, their zygotes and kernels run"
        proc.kill()  # SIGKILL: the batch cannot clean up itself
        proc.wait(timeout=10)
        assert _gone(marker), f"left: {processes_with_env(marker)}"
    finally:
        for pid in processes_with_env(str(tmp_path / "notebooks")):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_a_killed_worker_fails_only_its_own_review(tmp_path):
    flag = tmp_path / "hold"  # every review waits in its last cell while the flag is there
    flag.touch()
    proc = _batch(tmp_path, NAMES, f"import os, time\nwhile os.path.exists({str(flag)!r}):\n    time.sleep(0.1)")
    try:
        wait_for_running(proc, tmp_path / "out", 2)
        workers = [p for p in _children(proc.pid) if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]
        assert len(workers) == 2
        os.kill(workers[0], signal.SIGKILL)  # both workers are inside a review
        time.sleep(1.0)
        flag.unlink()
        out, err = proc.communicate(timeout=300)
    finally:
        proc.kill()
    assert proc.returncode == 3, err[-3000:]
    assert "Traceback" not in err
    failed = [line for line in err.splitlines() if line.startswith("  failed: ")]
    assert len(failed) == 1, err[-3000:]
    assert failed[0].endswith(": the worker process died while making it")
    assert "batch: 3 done, 1 failed" in out
    assert len(list((tmp_path / "out").glob("*/annual_review.html"))) == 3


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_a_worker_ends_on_sigterm_and_the_batch_goes_on(tmp_path):
    proc = _batch(tmp_path, ("pho_an-2023", "pho_chau-2023"), SLEEP)
    try:
        wait_for_running(proc, tmp_path / "out", 2)
        workers = [p for p in _children(proc.pid) if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]
        assert len(workers) == 2
        for worker in workers:
            os.kill(worker, signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 3, err[-3000:]
    assert "batch: 0 done, 2 failed" in out
    assert not list((tmp_path / "out").glob("*/.thidua/run-*")), "no staging folder is left"
    assert _gone(str(tmp_path / "notebooks"))


# The signal arrives while the command line is still importing (here: as click is imported).
_SIGNAL_ON_IMPORT = """
import os, runpy, signal, sys

class SignalOnImport:
    def find_spec(self, name, path=None, target=None):
        if name == "click":
            os.kill(os.getpid(), signal.{sig})
        return None

sys.meta_path.insert(0, SignalOnImport())
sys.argv = ["thidua", "review", "--dataset", "pho-thuan-2023-sample", "--out", sys.argv[1]]
runpy.run_module("thidua", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_a_signal_while_the_command_line_imports_is_exit_130_and_one_line(tmp_path, sig):
    out = tmp_path / "r"
    code = _SIGNAL_ON_IMPORT.format(sig=sig)
    result = subprocess.run(
        [sys.executable, "-c", code, str(out)], capture_output=True, text=True, check=False, timeout=60
    )
    _one_line(result, 130, "thidua: interrupted before anything was written")
    assert not out.exists()


def test_the_thidua_command_starts_where_signals_are_caught_first():
    from importlib.metadata import entry_points

    (script,) = (e for e in entry_points(group="console_scripts") if e.name == "thidua")
    assert script.value == "thidua.__main__:run"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_a_report_renders_is_exit_130_and_leaves_no_child(tmp_path, sig):
    from docx import Document

    loops = "{% for i in range(10000) %}{% for j in range(10000) %}{% for k in range(10000) %}{% endfor %}"
    template = tmp_path / "mau.docx"
    doc = Document()
    doc.add_paragraph(loops + "{% endfor %}{% endfor %}")
    doc.save(str(template))
    out = tmp_path / "reports" / "bao-cao.docx"
    out.parent.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "thidua", "report", "--template", str(template), "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not (children := _children(proc.pid)) and proc.poll() is None:
        assert time.monotonic() < deadline, "the template's child did not start"
        time.sleep(0.01)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err[-2000:]
    assert err.strip().splitlines() == ["thidua: interrupted; no file was written"], err[-2000:]
    assert not any(Path(f"/proc/{pid}").exists() for pid in children)
    assert list(out.parent.iterdir()) == []  # no report, no temporary file
