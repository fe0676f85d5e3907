"""Last year's figures of a unit formed from its predecessors (a merged commune, a split one).

When a unit did not exist last year, its figures of last year are formed from those of the units it was formed
from (docs/domain.md §5.12): counts, quantities and money are summed (each predecessor taken at the share it
gave, 1 for all of it); a rate is Σ numerator / Σ denominator, never an average of rates; an average per
person is weighted by the predecessors' populations when they are given; a share of the economy is recomputed
later from the summed sector values. Anything else (yes/no, an index, a published rate, a rate without its
parts) is not comparable, and the reason is kept. A figure is formed only when every predecessor gave it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SUMMED = frozenset({"count", "quantity", "money"})
WEIGHT = "dan_so_trung_binh"  # average population: the weight of an average per person
REASONS = {  # why a figure of last year cannot be formed from the predecessors'
    "not_additive": "a {measure} does not add up",
    "no_parts": "a rate without its numerator and denominator",
    "no_weight": "an average without the predecessors' populations",
    "incomplete": "not every predecessor gave it",
    "published": "a published rate does not add up",
}


def formed(
    values: pd.DataFrame, links: pd.DataFrame, unit: str, period: str, measures: pd.Series
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``unit``'s rows of ``period`` formed from its predecessors' rows, and the figures that could not be.

    ``values`` are long figures (unit, period, indicator_id, value, numerator, denominator); ``links`` the
    predecessors of ``unit`` (``predecessor, share``); ``measures`` indicator id → measure (ids not in it, the
    economy's inputs, are summed). Returns (rows with ``unit`` set to the successor, and a frame
    ``indicator_id, reason`` of what was not formed).
    """
    share = links.set_index("predecessor")["share"]
    rows = values[(values["period"] == period) & values["unit"].isin(share.index)].copy()
    rows["share"] = rows["unit"].map(share)
    measure = rows["indicator_id"].map(measures).fillna("money")
    published = rows["indicator_id"].str.endswith("%")
    reporting = rows.groupby("indicator_id")["unit"].nunique()
    complete = reporting.reindex(rows["indicator_id"]).to_numpy() == len(share)
    weights = rows.loc[rows["indicator_id"] == WEIGHT].set_index("unit")["value"]
    rows["weight"] = rows["unit"].map(weights) * rows["share"]
    rows["reason"] = np.select(
        [
            published.to_numpy(),
            (~measure.isin([*SUMMED, "rate", "average"])).to_numpy(),
            ((measure == "rate") & rows[["numerator", "denominator"]].isna().any(axis=1)).to_numpy(),
            ((measure == "average") & rows["weight"].isna()).to_numpy(),
            ~complete,
        ],
        ["published", "not_additive", "no_parts", "no_weight", "incomplete"],
        default="",
    )
    bad = rows.groupby("indicator_id", sort=False)["reason"].max()
    bad = bad[bad != ""]
    good = rows[~rows["indicator_id"].isin(bad.index)].assign(measure=measure)
    out = _combined(good)
    kinds = measure.groupby(rows["indicator_id"]).first().reindex(bad.index)
    refused = pd.DataFrame({"indicator_id": bad.index, "reason": bad.to_numpy(), "measure": kinds.to_numpy()})
    return out.assign(unit=unit, period=period), refused.reset_index(drop=True)


def _combined(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator: sums at each predecessor's share, a rate from its parts, an average by weight."""
    rows = rows.assign(
        v=rows["value"] * rows["share"], n=rows["numerator"] * rows["share"], d=rows["denominator"] * rows["share"],
        vw=rows["value"] * rows["weight"],
    )  # fmt: skip
    grouped = rows.groupby("indicator_id", sort=False)
    out = grouped.agg(measure=("measure", "first"), v=("v", "sum"), n=("n", "sum"), d=("d", "sum"),
                      vw=("vw", "sum"), w=("weight", "sum"))  # fmt: skip
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.select(
            [out["measure"] == "rate", out["measure"] == "average"], [out["n"] / out["d"] * 100, out["vw"] / out["w"]],
            default=out["v"],
        )  # fmt: skip
    is_rate = out["measure"] == "rate"
    return pd.DataFrame(
        {
            "indicator_id": out.index, "value": value,
            "numerator": np.where(is_rate, out["n"], np.nan), "denominator": np.where(is_rate, out["d"], np.nan),
        }
    ).reset_index(drop=True)  # fmt: skip
