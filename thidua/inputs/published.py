"""Figures as statistics offices publish them: a growth rate, a fall in points or a change instead of the levels.

A figures row whose indicator is a target's id followed by ``%`` (``tang_truong_grdp%``) gives what the
office printed beside it:

- for an indicator with a growth or reduction target, that target's compared value: the growth in %
  over the same period last year, or the fall in points; giving the level of the same period as well
  is refused, so the two can never disagree;
- for any other indicator but a yes/no or a "must fall" one (a level, a rate, a share), its change on
  the same period last year: in % for a level, in points for a rate ("đạt 79 tỷ đồng, tăng 3,2% so với
  cùng kỳ"). It is shown beside the figure and never judged; giving last year's level as well is
  refused, since the change would then be known twice.

A share target takes the published share under its own id (it is a percentage already). ``basis`` tells
the reader which way each result's figure came: ``entered``, ``derived`` (from sector values, income and
population, the budget) or ``published``. Each published value keeps the decimals it was written with
(``published_decimals``), so reports print 7,61% as published, not 7,6%.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from thidua.errors import InputError, shown
from thidua.inputs.periods import parse_period

SUFFIX = "%"
BASES = ["", "entered", "derived", "published"]  # "" where there is no figure
PUBLISHED_KINDS = ("growth", "reduction_points")  # the published value is the compared value
CHANGE_KINDS = ("at_least", "at_most", "below", "range", "share")  # the published value is the change, shown only
PUBLISHED, PUBLISHED_DECIMALS = "published", "published_decimals"
_KEYS = ["unit", "period", "indicator_id"]


def published_ids(targets: pd.DataFrame) -> dict[str, str]:
    """Published indicator id → the target's id, for every indicator of a plan that takes a published value."""
    ids = targets.loc[targets["kind"].isin([*PUBLISHED_KINDS, *CHANGE_KINDS]), "indicator_id"].unique()
    return {f"{ident}{SUFFIX}": ident for ident in ids}


def compared_ids(targets: pd.DataFrame) -> frozenset[str]:
    """The indicators whose published value is a target's compared value (a growth or reduction target's)."""
    return frozenset(targets.loc[targets["kind"].isin(PUBLISHED_KINDS), "indicator_id"])


def split_published(values: pd.DataFrame, targets: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Separate published rows from levels: (levels, published).

    The published frame has ``unit, period, indicator_id, published, published_decimals`` and the rows'
    ``estimate`` marks when the values have them. A published value given with the level that would
    make it twice known (this period's for a growth or reduction, last year's for a change) raises
    ``InputError`` naming the line.
    """
    names = published_ids(targets)
    is_pub = values["indicator_id"].isin(list(names)).to_numpy()
    pub = values[is_pub].assign(indicator_id=lambda f: f["indicator_id"].map(names))
    levels = values[~is_pub]
    compared = pub["indicator_id"].isin(list(compared_ids(targets))).to_numpy()
    last_year = {p: parse_period(p).same_period_last_year().label for p in pd.unique(pub["period"])}
    level_keys = levels[_KEYS]
    for rows, period, what in (
        (compared, pub["period"], "a level"),
        (~compared, pub["period"].map(last_year), "last year's level"),
    ):
        asked = pub[rows].assign(period=period[rows])
        both = asked[_KEYS].merge(level_keys, on=_KEYS, how="left", indicator=True)["_merge"].eq("both").to_numpy()
        if both.any():
            row = pub[rows].iloc[int(np.flatnonzero(both)[0])]
            ident = row["indicator_id"]
            raise InputError(
                f"{shown(ident)} is given both as {what} and as published ({ident}{SUFFIX}); keep one",
                where=f"line {row.get('line', '?')}",
                field="indicator",
            )
    marks = ["estimate"] if "estimate" in pub.columns else []
    written = pub["decimals"] if "decimals" in pub.columns else pd.Series(np.nan, index=pub.index)
    published = pub[[*_KEYS, "value", *marks]].rename(columns={"value": PUBLISHED})
    return levels, published.assign(**{PUBLISHED_DECIMALS: written.to_numpy(dtype="float64")})


def attach(obs: pd.DataFrame, published: pd.DataFrame, period: str) -> pd.DataFrame:
    """The engine's observations with the published values of ``period`` (new rows where only those exist)."""
    pub = published.loc[published["period"] == period, [*_KEYS, PUBLISHED, PUBLISHED_DECIMALS]]
    if pub.empty:
        return obs
    return obs.merge(pub, on=_KEYS, how="outer", sort=False)


def basis(
    results: pd.DataFrame, derived: pd.DataFrame, published: pd.DataFrame, derivable: list[str]
) -> pd.Categorical:
    """For each result row, where its figure came from: entered, derived, published, or '' (none).

    ``derived`` and ``published`` hold the ``unit, period, indicator_id`` of the figures made each way;
    a figure typed in for an indicator the plan could derive (a share, a growth level) is the published one.
    A published change beside an entered level leaves the level's basis: the figure is the level.
    """
    frame = results[_KEYS].astype(str)

    def among(rows: pd.DataFrame) -> np.ndarray:
        index = pd.MultiIndex.from_frame(rows[_KEYS].astype(str))
        return pd.MultiIndex.from_frame(frame).isin(index)

    has_figure = results["actual"].notna().to_numpy() | results["compared"].notna().to_numpy()
    compares = results["kind"].isin(PUBLISHED_KINDS).to_numpy()
    typed_derivable = results["indicator_id"].isin(derivable).to_numpy() & has_figure
    conditions = [among(published) & compares, among(derived) & has_figure, typed_derivable, has_figure]
    code = np.select(conditions, [3, 2, 3, 1], default=0)
    return pd.Categorical.from_codes(code, categories=BASES)
