"""Figures as statistics offices publish them: a growth rate or a fall in points instead of the levels.

A figures row whose indicator is a growth or reduction target's id followed by ``%``
(``tang_truong_grdp%``) gives that target's compared value as published: the growth in % over
the same period last year, or the fall in points. A share target takes the published share under
its own id (it is a percentage already). Giving both the published value and the level for the
same unit and period is refused, so the two can never disagree. ``basis`` tells the reader
which way each result's figure came: ``entered``, ``derived`` (from sector values, income and
population, the budget) or ``published``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from thidua.errors import InputError, shown

SUFFIX = "%"
BASES = ["", "entered", "derived", "published"]  # "" where there is no figure
PUBLISHED_KINDS = ("growth", "reduction_points")


def published_ids(targets: pd.DataFrame) -> dict[str, str]:
    """Published indicator id → the target's id, for every growth and reduction target of a plan."""
    ids = targets.loc[targets["kind"].isin(PUBLISHED_KINDS), "indicator_id"].unique()
    return {f"{ident}{SUFFIX}": ident for ident in ids}


def split_published(values: pd.DataFrame, targets: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Separate published rows from levels: (levels, published as ``unit, period, indicator_id, published``).

    A published value and a level for the same unit, period and indicator raise ``InputError`` naming the line.
    """
    names = published_ids(targets)
    is_pub = values["indicator_id"].isin(list(names)).to_numpy()
    pub = values[is_pub].assign(indicator_id=lambda f: f["indicator_id"].map(names))
    levels = values[~is_pub]
    keys = ["unit", "period", "indicator_id"]
    both = pub[keys].merge(levels[keys], on=keys, how="left", indicator=True)["_merge"].eq("both").to_numpy()
    if both.any():
        row = pub[both].iloc[0]
        raise InputError(
            f"{shown(row['indicator_id'])} is given both as a level and as published ({row['indicator_id']}{SUFFIX});"
            " keep one",
            where=f"line {row.get('line', '?')}",
            field="indicator",
        )
    return levels, pub[[*keys, "value"]].rename(columns={"value": "published"})


def attach(obs: pd.DataFrame, published: pd.DataFrame, period: str) -> pd.DataFrame:
    """The engine's observations with the published values of ``period`` (new rows where only those exist)."""
    pub = published[published["period"] == period]
    if pub.empty:
        return obs
    return obs.merge(pub, on=["unit", "period", "indicator_id"], how="outer", sort=False)


def basis(
    results: pd.DataFrame, derived: pd.DataFrame, published: pd.DataFrame, derivable: list[str]
) -> pd.Categorical:
    """For each result row, where its figure came from: entered, derived, published, or '' (none).

    ``derived`` and ``published`` hold the ``unit, period, indicator_id`` of the figures made each way;
    a figure typed in for an indicator the plan could derive (a share, a growth level) is the published one.
    """
    keys = ["unit", "period", "indicator_id"]
    frame = results[keys].astype(str)

    def among(rows: pd.DataFrame) -> np.ndarray:
        index = pd.MultiIndex.from_frame(rows[keys].astype(str))
        return pd.MultiIndex.from_frame(frame).isin(index)

    has_figure = results["actual"].notna().to_numpy() | results["compared"].notna().to_numpy()
    typed_derivable = results["indicator_id"].isin(derivable).to_numpy() & has_figure
    conditions = [among(published), among(derived) & has_figure, typed_derivable, has_figure]
    code = np.select(conditions, [3, 2, 3, 1], default=0)
    return pd.Categorical.from_codes(code, categories=BASES)
