"""Many units side by side: league tables, the status heat map, each indicator's spread, the units that missed most.

Input is the achievement of many units stacked (``thidua.engine.achievement.RESULT_COLUMNS``, one row per unit and
target; a province's communes under one plan, or each under its own): a target is matched across units by its
indicator id. Units are compared on what the plans measure, never on raw figures of different sizes:

- a target's league ranks the units by status (exceeded, met, not met; no figure last), then by the progress
  ratio R = (A − B) / (T − B) (docs/domain.md §5.4: 1 is the target reached, whatever the direction), ties
  sharing the better rank;
- the overall league ranks them by the share of their assessed targets met (met or exceeded), then by fewer
  targets missed; a unit's targets without a figure are counted apart, never as missed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from thidua.engine.achievement import STATUSES

GOOD = ("exceeded", "met")
_RATIO_BOUND = 1e9  # a progress ratio beyond this only says "far": it cannot outweigh a better status


def league(results: pd.DataFrame) -> pd.DataFrame:
    """Per indicator, each unit's rank (1 best), status and progress ratio, best first."""
    order = results["status"].astype(str).map({s: i for i, s in enumerate(STATUSES)}).to_numpy(float)
    ratio = np.nan_to_num(results["progress_ratio"].to_numpy(float), nan=-_RATIO_BOUND)
    key = order * (4 * _RATIO_BOUND) - np.clip(ratio, -_RATIO_BOUND, _RATIO_BOUND)
    frame = results[["indicator_id", "unit", "status", "progress_ratio", "compared"]].assign(key=key)
    frame["rank"] = frame.groupby("indicator_id")["key"].rank(method="min").astype(int)
    frame["units"] = frame.groupby("indicator_id")["unit"].transform("size")
    return frame.sort_values(["indicator_id", "rank", "unit"]).drop(columns="key").reset_index(drop=True)


def overall(results: pd.DataFrame) -> pd.DataFrame:
    """Per unit: targets, met (met or exceeded), missed, without a figure, % of assessed met, and the rank."""
    status = results["status"].astype(str)
    counts = pd.crosstab(results["unit"], status).reindex(columns=STATUSES, fill_value=0)
    table = pd.DataFrame(
        {
            "targets": counts.sum(axis=1),
            "met": counts[list(GOOD)].sum(axis=1),
            "not_met": counts["not_met"],
            "no_data": counts["no_data"],
        }
    )
    assessed = table["targets"] - table["no_data"]
    table["pct_met"] = (100 * table["met"] / assessed.where(assessed > 0)).round(10)
    key = -table["pct_met"].fillna(-1) * 1e6 + table["not_met"]  # the share first; fewer missed breaks a tie
    table["rank"] = key.rank(method="min").astype(int)
    return table.sort_values(["rank", "no_data"]).rename_axis("unit").reset_index()


def heatmap(results: pd.DataFrame, units: list[str] | None = None, targets: list[str] | None = None) -> pd.DataFrame:
    """Units × indicators: each cell the status ('' where the unit's plan has no such target)."""
    table = results.pivot_table(index="unit", columns="indicator_id", values="status", aggfunc="first", observed=True)
    table = table.astype(object).where(table.notna(), "")
    return table.reindex(index=units or table.index, columns=targets or table.columns, fill_value="")


def missed_most(table: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` units that missed most targets (of ``overall``), most first; none that missed none."""
    missed = table[table["not_met"] > 0]
    return missed.sort_values(["not_met", "pct_met"], ascending=[False, True]).head(n).reset_index(drop=True)


def spread(results: pd.DataFrame) -> pd.DataFrame:
    """Per indicator, the spread of the units' compared values (the figure the plan judges): n, min, quartiles, max."""
    grouped = results.dropna(subset=["compared"]).groupby("indicator_id")["compared"]
    table = grouped.describe()[["count", "min", "25%", "50%", "75%", "max"]]
    return table.rename(columns={"count": "n", "25%": "q1", "50%": "median", "75%": "q3"}).reset_index()
