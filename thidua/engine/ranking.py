"""Emulation ranking of hamlets within a commune, or communes within a town, from their achievement.

The scoring table is data (``data/scoring/*.yaml``, read by ``thidua.inputs.scoring``): points per
status, weights per group of targets, a content scale (e.g. 950 of 1,000 points) and fixed deductions
or bonuses per unit.
Score = scale · Σ_g w_g · (mean points of the unit's targets in g / best points), re-weighted over
the groups the compared units report, plus adjustments (bonuses capped at ``bonus_max``).
Only targets that at least one compared unit reported are scored, so every unit is measured
on the same list, and only size-free ones (rates, growth, falls, yes/no): a commune's 7,119 tonnes
of grain is no target for one of its hamlets.
"""

from __future__ import annotations

import pandas as pd

from thidua.errors import InputError
from thidua.inputs.scoring import Scoring

SIZE_FREE_KINDS = ("growth", "reduction_points", "decrease", "yes_no", "share")


def scores(results: pd.DataFrame, scoring: Scoring) -> pd.DataFrame:
    """Score and rank every unit of each period in ``results`` (an assessment of many units)."""
    size_free = results["measure"].eq("rate") | results["kind"].isin(SIZE_FREE_KINDS)
    results = results[size_free]
    reported = results.loc[results["status"] != "no_data", "indicator_id"].unique()
    scored = results[results["indicator_id"].isin(reported)].assign(
        points=lambda f: f["status"].astype(str).map(scoring.points)
    )
    best = max(scoring.points.values())
    by_group = scored.groupby(["period", "unit", "group"], observed=True)["points"].mean().unstack("group") / best
    weights = pd.Series(scoring.group_weights).reindex(by_group.columns).fillna(0.0)
    if weights.sum() <= 0:
        raise InputError("no scored group has a weight", field="group_weights")
    content = by_group.fillna(0.0).mul(weights / weights.sum()).sum(axis=1) * scoring.scale
    table = content.rename("content").reset_index()
    adj = scoring.adjustments.groupby(["unit", "period"])["points"].agg(
        bonus=lambda p: p[p > 0].sum(), deduction=lambda p: p[p < 0].sum()
    )
    table = table.merge(adj.reset_index(), on=["unit", "period"], how="left").fillna({"bonus": 0.0, "deduction": 0.0})
    table["bonus"] = table["bonus"].clip(upper=scoring.bonus_max)
    table["score"] = table["content"] + table["bonus"] + table["deduction"]
    table["rank"] = table.groupby("period")["score"].rank(method="min", ascending=False).astype(int)
    return table.sort_values(["period", "rank", "unit"]).reset_index(drop=True)


def with_change(table: pd.DataFrame, period: str, previous: str) -> pd.DataFrame:
    """The ranking of ``period`` with each unit's rank change since ``previous`` (positive = moved up)."""
    now = table[table["period"] == period].set_index("unit")
    before = table[table["period"] == previous].set_index("unit")["rank"]
    now["previous_rank"] = before.reindex(now.index)
    now["rank_change"] = now["previous_rank"] - now["rank"]
    return now.reset_index().sort_values(["rank", "unit"]).reset_index(drop=True)


def reasons(scoring: Scoring, period: str) -> pd.DataFrame:
    """The adjustments applied in ``period``, to print under the ranking."""
    adj = scoring.adjustments
    return adj[adj["period"] == period].reset_index(drop=True)
