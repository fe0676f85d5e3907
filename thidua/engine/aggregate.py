"""Adding up hamlets into communes and communes into a town.

Counts, money and production values are summed. A rate is a ratio of sums (Σ numerator /
Σ denominator · 100), never a mean of percentages, and keeps its parts so reports can show
"96,1% (7.812/8.129)". A parent's figure is only computed when every child reported it;
otherwise it is missing and ``reported``/``children`` say how many did.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from thidua.errors import InputError, shown
from thidua.inputs.units import Units

NOT_ADDITIVE = {"yes_no", "average", "index"}  # yes/no, per-person values and changes do not add up


def aggregate(values: pd.DataFrame, units: Units, measures: pd.Series, level: str) -> pd.DataFrame:
    """Aggregate long ``values`` (unit, period, indicator_id, value, numerator, denominator) to ``level``.

    ``measures`` maps indicator id → the plan's measure (``rate``: a ratio of sums); ids not in it are summed.
    Returns one row per parent unit × period × indicator with ``value, numerator, denominator,
    reported, children``.
    """
    known = values["unit"].isin(units.table["id"])
    if not known.all():
        raise InputError(f"unit {shown(values.loc[~known, 'unit'].iloc[0])} is not in the units file", field="unit")
    measure = values["indicator_id"].map(measures)
    if measure.isin(NOT_ADDITIVE).any():
        row = values.assign(measure=measure)[measure.isin(NOT_ADDITIVE)].iloc[0]
        raise InputError(
            f"indicator {shown(row['indicator_id'])} ({row['measure']}) cannot be added up from smaller units",
            field="indicator",
        )
    rate = (measure == "rate").to_numpy()
    no_parts = (
        rate & values["value"].notna().to_numpy() & values[["numerator", "denominator"]].isna().any(axis=1).to_numpy()
    )
    if no_parts.any():
        row = values[no_parts].iloc[0]
        raise InputError(
            f"rate {shown(row['indicator_id'])} of unit {shown(row['unit'])} has no numerator and denominator: "
            "a rate adds up only from its parts",
            field="numerator",
        )
    frame = values.assign(parent=units.ancestor(values["unit"], level).to_numpy())
    frame = frame.dropna(subset=["parent"])
    children = units.table.assign(parent=units.ancestor(units.table["id"], level).to_numpy())
    children = children[children["level"] == frame_level(values, units)].groupby("parent").size()
    keys = ["parent", "period", "indicator_id"]
    grouped = frame.groupby(keys, sort=False)
    out = grouped[["value", "numerator", "denominator"]].sum(min_count=1)
    out["reported"] = grouped["value"].count()
    out = out.reset_index()
    out["children"] = out["parent"].map(children).fillna(0).astype(int)
    is_rate = (out["indicator_id"].map(measures) == "rate").to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = out["numerator"] / out["denominator"] * 100.0
    out["value"] = np.where(is_rate, ratio, out["value"])
    incomplete = (out["reported"] < out["children"]).to_numpy()
    out.loc[incomplete, ["value", "numerator", "denominator"]] = np.nan
    out.loc[~is_rate, ["numerator", "denominator"]] = np.nan
    return out.rename(columns={"parent": "unit"})[
        ["unit", "period", "indicator_id", "value", "numerator", "denominator", "reported", "children"]
    ]


def frame_level(values: pd.DataFrame, units: Units) -> str:
    """The level of the units in ``values``; they must all be of one level."""
    levels = values["unit"].map(units.table.set_index("id")["level"]).unique()
    if len(levels) != 1:
        raise InputError(
            f"figures mix units of levels {', '.join(map(str, levels))}; aggregate one level at a time", field="unit"
        )
    return str(levels[0])
