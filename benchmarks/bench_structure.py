"""Shares and contributions for 10,000 units × 10 years × 3 sectors, vectorized vs row by row.

Run: .venv/bin/python benchmarks/bench_structure.py
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from thidua.engine.structure import contributions, contributions_panel, shares

UNITS, YEARS, SECTORS = 10_000, 10, ["nong_nghiep", "cn_xd", "tm_dv"]


def make_panel(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    index = pd.MultiIndex.from_product([range(UNITS), range(2014, 2014 + YEARS)], names=["unit", "year"])
    return pd.DataFrame(rng.uniform(50_000, 500_000, (len(index), len(SECTORS))), index=index, columns=SECTORS)


def vectorized(panel: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    structure = shares(panel)
    prev = panel.groupby(level="unit").shift(1).dropna()
    points = contributions_panel(prev, panel.loc[prev.index])
    return structure, points


def row_by_row(panel: pd.DataFrame, n_units: int) -> None:
    part = panel.loc[: n_units - 1]
    part.apply(lambda row: shares(row), axis=1)
    for _, unit in part.groupby(level="unit"):
        for i in range(1, len(unit)):
            contributions(unit.iloc[i - 1], unit.iloc[i])


def main() -> None:
    panel = make_panel()
    start = time.perf_counter()
    structure, points = vectorized(panel)
    fast = time.perf_counter() - start
    assert np.allclose(structure.sum(axis=1), 100) and len(points) == UNITS * (YEARS - 1)
    sample_units = 100
    start = time.perf_counter()
    row_by_row(panel, sample_units)
    slow = (time.perf_counter() - start) * UNITS / sample_units
    print(f"{UNITS:,} units × {YEARS} years × {len(SECTORS)} sectors ({len(panel):,} rows)")
    print(f"  vectorized shares + contributions : {fast:8.3f} s")
    print(f"  row by row (extrapolated from {sample_units} units): {slow:8.1f} s  ({slow / fast:,.0f}× slower)")


if __name__ == "__main__":
    main()
