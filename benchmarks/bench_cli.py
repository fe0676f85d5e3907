"""How quickly the command line starts, beside the interpreter itself.

Each command imports only what it needs, so `thidua --help` and `thidua validate` on the sample do not
pay for papermill, nbconvert, matplotlib, openpyxl or python-docx. Prints the median of several runs
of each command, in a fresh process each time, beside `python -c pass` (target: under 0.5 s).
Bytecode is cached first (one run not counted, with PYTHONDONTWRITEBYTECODE unset), as it is in any
installed environment: pip compiles a wheel's modules when it installs them.

Run: .venv/bin/python benchmarks/bench_cli.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THIDUA = [sys.executable, "-m", "thidua"]
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "thidua --help": [*THIDUA, "--help"],
    "thidua validate (sample)": [
        *THIDUA, "validate", str(ROOT / "data/sample/pho-thuan-2022-2023.csv"),
        "--plan", str(ROOT / "data/plans/pho-thuan-2023.yaml"),
    ],
}  # fmt: skip


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def median_seconds(command: list[str], runs: int) -> float:
    subprocess.run(command, capture_output=True, check=False, cwd=ROOT, env=ENV)  # caches the bytecode
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, cwd=ROOT, env=ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    for label, command in COMMANDS.items():
        seconds = median_seconds(command, args.runs)
        verdict = "" if label.startswith("python") else ("  ok (< 0.5 s)" if seconds < 0.5 else "  over 0.5 s")
        print(f"  {label:<26}: {seconds:5.2f} s (median of {args.runs}){verdict}")


if __name__ == "__main__":
    main()
