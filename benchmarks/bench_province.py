"""The sample province's batch: about 100 commune reviews and the province's own, beside the bare-notebook floor.

Generates the province (scripts/make_sample_province.py, all figures sample) in a temporary folder, then runs
(p) `thidua batch` on it with ``--workers`` processes, locally or on a Dask cluster (``--dask``: a LocalCluster of
as many single-threaded worker processes), and (c) the floor: as many bare notebooks (they only import pandas
and matplotlib) run with papermill in as many worker processes, a fresh kernel each.
Prints the wall time, the time per review, the largest resident memory any one process of the run reached
(a worker, a kernel: what one review needs at most, ``getrusage(RUSAGE_CHILDREN).ru_maxrss``) and the batch's
own peak, side by side with the floor.

Run: .venv/bin/python benchmarks/bench_province.py [--communes 96] [--workers 2] [--dask]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _in_child(target, *args) -> tuple[float, float]:
    """Run ``target(*args)`` in a fresh process: its wall time and the largest RSS of that process tree (MB)."""
    code = (
        "import resource, sys, time, runpy\n"
        f"sys.path[:0] = [{str(ROOT / 'benchmarks')!r}, {str(ROOT / 'scripts')!r}]\n"
        f"from bench_province import {target.__name__} as f\n"
        "start = time.perf_counter()\n"
        f"f(*{args!r})\n"
        "wall = time.perf_counter() - start\n"
        "peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(wall, peak / 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    wall, peak = done.stdout.split()[-2:]
    return float(wall), float(peak)


def run_batch(config: str, out: str, workers: int, dask: bool) -> None:
    """(p) the province's batch through the command line, locally or on a local Dask cluster."""
    command = [str(BIN / "thidua"), "batch", config, "--out", out, "--workers", str(workers)]
    if not dask:
        subprocess.run(command, check=True, capture_output=True)
        return
    from distributed import LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        subprocess.run([*command, "--scheduler", cluster.scheduler_address], check=True, capture_output=True)


def run_floor(count: int, out: str, workers: int) -> None:
    """(c) bare notebooks, as many, as parallel."""
    from bench_batch import floor

    floor(count, Path(out), workers)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communes", type=int, default=96)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dask", action="store_true", help="run the batch on a local Dask cluster")
    args = parser.parse_args()
    from make_sample_province import write

    with tempfile.TemporaryDirectory() as tmp:
        config = write(Path(tmp) / "province", args.communes)
        reviews = len(yaml.safe_load(config.read_text(encoding="utf-8"))["reviews"])
        batch_wall, batch_peak = _in_child(run_batch, str(config), f"{tmp}/out", args.workers, args.dask)
        (Path(tmp) / "floor").mkdir()
        floor_wall, floor_peak = _in_child(run_floor, reviews, f"{tmp}/floor", args.workers)
        compared = (Path(tmp) / "out" / "comparison.csv").is_file()
    where = "workers of a Dask LocalCluster" if args.dask else "worker processes"
    print(f"province batch: {reviews} reviews ({args.communes} communes + the province), {args.workers} {where},"
          f" {os.cpu_count()} CPUs; comparison written: {compared}")  # fmt: skip
    print(f"{'':34}{'wall s':>10}{'s / review':>12}{'largest process MB':>20}")
    print(f"{'(p) thidua batch':34}{batch_wall:>10.1f}{batch_wall / reviews:>12.2f}{batch_peak:>20.0f}")
    print(f"{'(c) floor: bare notebooks':34}{floor_wall:>10.1f}{floor_wall / reviews:>12.2f}{floor_peak:>20.0f}")
    print(f"(p)/(c) = {batch_wall / floor_wall:.2f}")


if __name__ == "__main__":
    main()
