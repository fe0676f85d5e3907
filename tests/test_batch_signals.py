"""SIGTERM and Ctrl-C end a batch: nothing more starts, the running reviews stop, finished ones stay."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, notebooks_with, processes_with_env, wait_for_running

SLEEP = "import time\ntime.sleep(300)"
NAMES = ("pho_thuan-2023", "pho_an-2023", "pho_chau-2023", "pho_khanh-2023", "pho_nhon-2023")


def _config(tmp_path: Path) -> Path:
    config = tmp_path / "batch.yml"
    reviews = "".join(f"  - {{name: {n}, dataset: {n}}}\n" for n in NAMES)
    town = ROOT / "data" / "sample" / "town" / "catalog.yml"
    config.write_text(f"catalog: {town}\nnotebooks: [annual_review]\nreviews:\n{reviews}", encoding="utf-8")
    return config


def _finish(proc: subprocess.Popen, out: Path, marker: str, running: int) -> str:
    _, err = proc.communicate(timeout=90)  # the counts below show that no queued review ran
    assert proc.returncode == 130, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    last = err.strip().splitlines()[-1]
    assert last.startswith("thidua: batch interrupted: 0 done, "), last
    assert f"{running} interrupted, {len(NAMES) - running} not started" in last
    assert not list(out.glob("*/.thidua/run-*")), "no staging folder is left"
    made = sorted(p.parent.parent.name for p in out.glob("*/.thidua/failed"))
    assert len(made) == running, "only the reviews that were running keep their partial work"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("bị dừng") == running and index.count("chưa chạy") == len(NAMES) - running  # the batch's vi
    deadline = time.monotonic() + 30  # processes killed at the stop take a moment to go on a loaded machine
    while processes_with_env(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not processes_with_env(marker), "no worker, kernel or zygote of the batch is left"
    return err


@pytest.mark.parametrize("how", ["SIGTERM", "Ctrl-C to the process group"])
def test_a_signal_stops_a_batch_in_worker_processes(tmp_path, how):
    out = tmp_path / "out"
    env = {**os.environ, "THIDUA_NOTEBOOK_DIR": str(notebooks_with(tmp_path, SLEEP))}
    proc = subprocess.Popen(
        [sys.executable, "-m", "thidua", "batch", str(_config(tmp_path)), "--out", str(out), "--workers", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    wait_for_running(proc, out, 2, 1.5)
    if how == "SIGTERM":
        proc.send_signal(signal.SIGTERM)
    else:
        os.killpg(proc.pid, signal.SIGINT)
    _finish(proc, out, str(tmp_path), running=2)


def test_a_signal_stops_a_batch_on_a_dask_cluster(tmp_path, monkeypatch):
    from distributed import LocalCluster

    out = tmp_path / "out"
    monkeypatch.setenv("THIDUA_NOTEBOOK_DIR", str(notebooks_with(tmp_path, SLEEP)))  # the workers inherit it
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        proc = subprocess.Popen(
            [sys.executable, "-m", "thidua", "batch", str(_config(tmp_path)), "--out", str(out),
             "--scheduler", cluster.scheduler_address],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        wait_for_running(proc, out, 2, 1.5)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=90)
        assert proc.returncode == 130, err[-3000:]
        assert "Traceback" not in err, err[-3000:]
        last = err.strip().splitlines()[-1]
        assert "2 interrupted, 3 not started" in last, last
        assert not list(out.glob("*/.thidua/run-*"))
        assert len(list(out.glob("*/.thidua/failed"))) == 2
        assert not list(out.glob("*/index.html")), "no review was made"


def test_finished_reviews_stay_when_a_later_batch_is_interrupted(tmp_path):
    out = tmp_path / "out"
    config = _config(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "thidua", "batch", str(config), "--out", str(out), "--workers", "2"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    before = {p: p.read_bytes() for p in out.glob("*/annual_review.html")}
    assert len(before) == len(NAMES)
    env = {**os.environ, "THIDUA_NOTEBOOK_DIR": str(notebooks_with(tmp_path, SLEEP))}
    proc = subprocess.Popen(
        [sys.executable, "-m", "thidua", "batch", str(config), "--out", str(out), "--workers", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    wait_for_running(proc, out, 2, 1.5)
    proc.send_signal(signal.SIGTERM)
    _finish(proc, out, str(tmp_path / "notebooks"), running=2)
    assert {p: p.read_bytes() for p in out.glob("*/annual_review.html")} == before
