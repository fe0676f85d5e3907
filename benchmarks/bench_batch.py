"""Ten commune reviews made three ways, side by side, on this machine.

(a) the way a cron script would: `papermill` CLI then `jupyter nbconvert` CLI per notebook, serially;
(b) `thidua batch` with two worker processes, kernels forked from the zygote; (b') the same with
    plain kernels started ahead (THIDUA_KERNELS=plain, the path used where fork is not safe);
(c) the floor: as many bare notebooks (they only import pandas and matplotlib) run with papermill
    in two worker processes, a fresh kernel each.
Also: the time to start a kernel, and a notebook's time on a fresh kernel vs one forked and booted ahead
(``thidua.run.kernels.KernelPool``).

(b) and (c) run ``--repeat`` times, alternately, and their medians are compared: the floor alone
varies by a quarter from run to run on a 2-core machine.

Run: .venv/bin/python benchmarks/bench_batch.py [--reviews 10] [--workers 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import papermill
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOKS = ["annual_review", "economic_structure", "ranking"]
TOWN = ROOT / "data" / "sample" / "town" / "catalog.yml"


def communes(n: int) -> list[str]:
    names = [k for k in yaml.safe_load(TOWN.read_text(encoding="utf-8"))["datasets"] if k != "duc-pho-2023"]
    return names[:n]


def cron_way(datasets: list[str], out: Path) -> float:
    """(a) papermill CLI + jupyter nbconvert CLI, one notebook at a time."""
    from thidua.inputs.catalog import resolve

    start = time.perf_counter()
    for name in datasets:
        inputs = resolve(name, TOWN)
        params = [a for role, path in inputs.files().items() for a in ("-p", f"{role}_path", str(path))]
        for nb in NOTEBOOKS:
            executed = out / f"{name}-{nb}.ipynb"
            subprocess.run(
                [BIN / "papermill", ROOT / "notebooks" / f"{nb}.ipynb", executed, "-p", "dataset", "", *params,
                 "--cwd", ROOT / "notebooks", "-k", "python3", "--no-progress-bar"],
                check=True, capture_output=True,
            )  # fmt: skip
            subprocess.run(
                [BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed], check=True, capture_output=True
            )
    return time.perf_counter() - start


def thidua_way(datasets: list[str], out: Path, workers: int, kernels: str = "zygote") -> float:
    """(b) thidua batch, as a scheduled job would call it, with the given kind of kernels."""
    config = out / "batch.yml"
    reviews = [{"name": n, "dataset": n} for n in datasets]
    config.write_text(
        yaml.safe_dump({"catalog": str(TOWN), "out": str(out / "reviews"), "notebooks": NOTEBOOKS, "reviews": reviews}),
        encoding="utf-8",
    )
    start = time.perf_counter()
    env = {**os.environ, "THIDUA_KERNELS": kernels}
    subprocess.run(
        [BIN / "thidua", "batch", config, "--workers", str(workers)], check=True, capture_output=True, env=env
    )
    return time.perf_counter() - start


def _bare_run(paths: list[str]) -> None:
    for path in paths:
        papermill.execute_notebook(
            path, path.replace(".ipynb", "-out.ipynb"), progress_bar=False, kernel_name="python3"
        )


def floor(count: int, out: Path, workers: int) -> float:
    """(c) bare notebooks, same number, same parallelism, plain papermill."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import pandas\nimport matplotlib")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    paths = []
    for i in range(count):
        path = out / f"bare-{i}.ipynb"
        nbformat.write(nb, path)
        paths.append(str(path))
    shares = [paths[w::workers] for w in range(workers)]
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_bare_run, shares))
    return time.perf_counter() - start


def kernel_figures(out: Path) -> tuple[float, float, float]:
    """Kernel start-up (until ready), and one notebook on a fresh kernel vs one booted ahead."""
    from jupyter_client import KernelManager

    from thidua.run.kernels import KernelPool, shutdown

    start = time.perf_counter()
    km = KernelManager(kernel_name="python3")
    km.start_kernel()
    client = km.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    boot = time.perf_counter() - start
    client.stop_channels()
    km.shutdown_kernel(now=True)
    nb = ROOT / "notebooks" / "annual_review.ipynb"
    start = time.perf_counter()
    papermill.execute_notebook(str(nb), str(out / "fresh.ipynb"), cwd=str(nb.parent), progress_bar=False)
    fresh = time.perf_counter() - start
    pool = KernelPool(nb.parent)
    shutdown(pool.take())
    time.sleep(5)  # the next kernel boots meanwhile, as it does while another notebook runs
    km = pool.take()
    start = time.perf_counter()
    papermill.execute_notebook(str(nb), str(out / "ahead.ipynb"), cwd=str(nb.parent), progress_bar=False, km=km)
    ahead = time.perf_counter() - start
    shutdown(km)
    pool.close()
    return boot, fresh, ahead


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reviews", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="runs of (b) and (c), alternately (medians)")
    args = parser.parse_args()
    datasets = communes(args.reviews)
    n = len(datasets) * len(NOTEBOOKS)
    work = Path(tempfile.mkdtemp(prefix="thidua-bench-"))
    try:
        (work / "a").mkdir()
        for i in range(args.repeat):
            (work / "b" / str(i)).mkdir(parents=True)
            (work / "c" / str(i)).mkdir(parents=True)
        (work / "p").mkdir()
        a = cron_way(datasets, work / "a")
        plain = thidua_way(datasets, work / "p", args.workers, "plain")
        bs, cs = [], []
        for i in range(args.repeat):  # (b) and (c) alternately: the ratio is of medians, each run shown
            bs.append(thidua_way(datasets, work / "b" / str(i), args.workers))
            cs.append(floor(n, work / "c" / str(i), args.workers))
        b, c = statistics.median(bs), statistics.median(cs)
        # Last: its kernels leave an event loop in this process, which the floor's forked workers would inherit.
        boot, fresh, ahead = kernel_figures(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(datasets)} commune reviews × {len(NOTEBOOKS)} notebooks = {n} notebooks, {args.workers} workers")
    print(f"  kernel start-up (until ready)          : {boot:6.2f} s")
    print(f"  annual_review on a fresh kernel        : {fresh:6.2f} s")
    print(f"  annual_review on a forked kernel, ahead: {ahead:6.2f} s")
    print(f"  (a) papermill + nbconvert CLIs, serial : {a:6.1f} s  ({a / n:.2f} s a notebook)")
    runs = f"  runs: {', '.join(f'{x:.1f}' for x in bs)}"
    print(f"  (b) thidua batch, zygote kernels       : {b:6.1f} s  ({b / n:.2f} s a notebook){runs}")
    print(f"  (b') thidua batch, plain kernels ahead : {plain:6.1f} s  ({plain / n:.2f} s a notebook)")
    runs = f"  runs: {', '.join(f'{x:.1f}' for x in cs)}"
    print(f"  (c) floor: bare notebooks, same workers: {c:6.1f} s  ({c / n:.2f} s a notebook){runs}")
    print(f"  (a) / (b) = {a / b:4.1f}   target ≥ 3")
    print(f"  (b) / (c) = {b / c:4.2f}   target ≤ 1.0")
    print(f"  (b') / (c) = {plain / c:4.2f}  (plain kernels, for comparison)")


if __name__ == "__main__":
    main()
