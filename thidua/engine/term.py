"""Term plans (kế hoạch 5 năm): average yearly growth achieved, what the remaining years need, the projection.

A term plan sets targets for several years: "bình quân tăng 10%/năm" (an average yearly growth) or "đến năm
2030 đạt …" (a level by the term's end). Growth over years compounds (docs/domain.md §5.14): with the figure
B of the term's base year and A_t of year t,

- average yearly growth achieved so far: g = (A_t / B)^(1 / (t − base)) − 1, never the mean of the yearly rates;
- the path the plan implies: B · (1 + G)^(t − base) for an average growth G, the target T in the end year;
- what the remaining years need each year to reach the end: (T_end / A_t)^(1 / (end − t)) − 1,
  with T_end = B · (1 + G)^(end − base) for a growth target;
- the projection to the end at the growth achieved: A_t · (1 + g)^(end − t).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def term_progress(
    base: pd.Series, latest: pd.Series, years_done: int, years_total: int, growth: pd.Series, level: pd.Series
) -> pd.DataFrame:
    """Per target (the index of the series): growth achieved, the end target, what is needed, the projection.

    ``base`` is each target's figure in the term's base year, ``latest`` its figure ``years_done`` years later;
    ``growth`` the planned average yearly growth in % (NaN for a level target), ``level`` the level to reach by
    the end (NaN for a growth target); the term runs ``years_total`` years from the base year. All in %, except
    ``end_target`` and ``projected`` (the figure's own unit).
    """
    if not 0 < years_done <= years_total:
        raise ValueError(f"a term of {years_total} years cannot be {years_done} years in")
    b, a = base.to_numpy(dtype=float), latest.to_numpy(dtype=float)
    g_plan, t_level = growth.to_numpy(dtype=float), level.to_numpy(dtype=float)
    left = years_total - years_done
    with np.errstate(divide="ignore", invalid="ignore"):
        achieved = np.where((b > 0) & (a >= 0), (a / b) ** (1 / years_done) - 1, np.nan)
        end_target = np.where(np.isfinite(g_plan), b * (1 + g_plan / 100) ** years_total, t_level)
        needed = (end_target / a) ** (1 / left) - 1 if left else np.full(len(b), np.nan)
        needed = np.where((a > 0) & np.isfinite(end_target), needed, np.nan)
        on_path = np.where(np.isfinite(g_plan), b * (1 + g_plan / 100) ** years_done, np.nan)
    projected = a * (1 + achieved) ** left
    return pd.DataFrame(
        {
            "achieved_growth": achieved * 100, "end_target": end_target, "on_path": on_path,
            "needed_growth": needed * 100, "projected": projected,
            "reached_by_end": np.where(np.isfinite(projected) & np.isfinite(end_target), projected >= end_target
                                       - 1e-9 * np.abs(end_target), None),
        },
        index=base.index,
    )  # fmt: skip
