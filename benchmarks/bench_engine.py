"""The achievement engine on 1,000,000+ indicator rows, against the same assessment as DataFrame.apply(axis=1).

3,321 communes × 9 years × 35 targets = 1,046,115 rows. The row-by-row version is timed on a slice
and extrapolated (running it on every row takes minutes); its statuses are checked equal to the
engine's on that slice, so both compute the same thing. Peak memory is measured in a fresh process.

Run: .venv/bin/python benchmarks/bench_engine.py [--rows-for-apply 50000]
"""

from __future__ import annotations

import argparse
import math
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from thidua.engine.achievement import assess
from thidua.inputs.plan import load_plan

PLAN = Path(__file__).resolve().parents[1] / "data" / "plans" / "pho-thuan-2023.yaml"
COMMUNES, YEARS = 3321, 9


def observations(plan, seed: int = 0) -> pd.DataFrame:
    ids = plan.indicator_ids
    rng = np.random.default_rng(seed)
    n = COMMUNES * YEARS * len(ids)
    obs = pd.DataFrame(
        {
            "unit": np.repeat([f"xa_{i:04d}" for i in range(COMMUNES)], YEARS * len(ids)),
            "period": np.tile(np.repeat([str(y) for y in range(2015, 2015 + YEARS)], len(ids)), COMMUNES),
            "indicator_id": np.tile(ids, COMMUNES * YEARS),
            "actual": rng.uniform(0, 100, n).round(1),
            "baseline": rng.uniform(0, 100, n).round(1),
        }
    )
    obs.loc[rng.random(n) < 0.03, "actual"] = np.nan
    return obs


def status_of_row(row: pd.Series) -> str:
    """The same rules as the engine, for one row at a time (the way a spreadsheet formula would)."""
    a, b, kind = row["actual"], row["baseline"], row["kind"]
    low, high, tol = row["low"], row["high"], row["tolerance"]
    eps = lambda v: 1e-9 * max(1.0, abs(v))  # noqa: E731
    if math.isnan(a) or (kind in ("growth", "reduction_points", "decrease") and math.isnan(b)):
        return "no_data"
    if kind == "growth" and b == 0:
        return "no_data"
    x = (a - b) / b * 100 if kind == "growth" else b - a if kind == "reduction_points" else a
    if kind == "decrease":
        return "met" if a < b - eps(b) or (a == 0 and b == 0) else "not_met"
    if row["direction"] == "lower":
        fail = not (x < high - eps(high)) if kind == "below" else x > high + eps(high)
        if fail:
            return "not_met"
        can = kind == "at_most" or (kind == "share" and math.isnan(tol))
        return "exceeded" if can and x < high - eps(high) else "met"
    if x < low - eps(low) or (not math.isnan(tol) and x > high + eps(high)):
        return "not_met"
    top = high if not math.isnan(high) else low
    capped = row["unit_of_measure"] == "%" and kind in ("at_least", "range") and top >= 100
    can = kind not in ("below", "decrease", "yes_no") and not capped and math.isnan(tol)
    return "exceeded" if can and x > top + eps(top) else "met"


def row_by_row(obs: pd.DataFrame, targets: pd.DataFrame) -> pd.Series:
    rows = obs.merge(targets, on="indicator_id")
    return rows.apply(status_of_row, axis=1)


def peak_memory_mb() -> float:
    """Run the engine on the full table in a fresh process; return its peak resident memory."""
    code = (
        "import resource, sys; sys.path.insert(0, 'benchmarks'); from bench_engine import *; "
        "plan = load_plan(PLAN); obs = observations(plan); r = assess(plan.targets, obs); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows-for-apply", type=int, default=50_000)
    args = parser.parse_args()
    plan = load_plan(PLAN)
    obs = observations(plan)
    assess(plan.targets, obs.head(1000))  # warm up imports and caches
    times = []
    for _ in range(3):
        start = time.perf_counter()
        results = assess(plan.targets, obs)
        times.append(time.perf_counter() - start)
    fast = min(times)
    part = obs.head(args.rows_for_apply)
    start = time.perf_counter()
    slow_status = row_by_row(part, plan.targets)
    slow_part = time.perf_counter() - start
    slow = slow_part * len(obs) / len(part)
    engine_part = results.head(len(part))["status"].astype(str).to_numpy()
    assert (slow_status.to_numpy() == engine_part).all(), "the row-by-row version must agree with the engine"
    memory = peak_memory_mb()
    shape = f"{COMMUNES:,} communes × {YEARS} years × {len(plan.targets)} targets"
    print(f"achievement engine, {len(results):,} rows ({shape})")
    print(f"  vectorized engine           : {fast:7.2f} s  (best of 3)  target < 1 s")
    print(f"  DataFrame.apply(axis=1)     : {slow:7.1f} s  (timed on {len(part):,} rows, extrapolated)")
    print(f"  speed-up                    : {slow / fast:7.0f} ×             target ≥ 30 ×")
    print(f"  peak memory (fresh process) : {memory:7.0f} MB             target < 1,024 MB")
    print(f"  this process max RSS        : {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:7.0f} MB")


if __name__ == "__main__":
    main()
