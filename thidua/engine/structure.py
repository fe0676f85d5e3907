"""Economic structure, growth and contributions, the way the statistics office computes them.

Shares use current prices (giá hiện hành); growth and contributions use constant prices
(giá so sánh, base year 2010 or 2020). ``deflate``/``inflate`` convert with a price index.
Functions take a Series (sector → value) or a DataFrame (rows are units or years, columns are
sectors) and refuse bad input (negative or missing values, a zero total or baseline) with a
clear error instead of returning NaN.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import pandas as pd

from thidua.errors import InputError, shown
from thidua.inputs.measures import SHARE_SUM_TOLERANCE

Frame = TypeVar("Frame", pd.Series, pd.DataFrame)
TOTAL = "total"


def _as_frame(values: pd.Series | pd.DataFrame) -> pd.DataFrame:
    return values.to_frame().T if isinstance(values, pd.Series) else values


def _like(result: pd.DataFrame, values: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    return result.iloc[0].rename(values.name) if isinstance(values, pd.Series) else result


def check_sector_values(values: pd.Series | pd.DataFrame, what: str = "sector values") -> None:
    """Refuse missing or negative sector values, naming the row and sector."""
    frame = _as_frame(values).astype("float64")
    for problem, mask in (("is missing", frame.isna()), ("is negative", frame < 0)):
        if mask.to_numpy().any():
            row, col = np.argwhere(mask.to_numpy())[0]
            where = f"row {shown(frame.index[row])}" if len(frame) > 1 or not isinstance(values, pd.Series) else None
            raise InputError(
                f"{what}: sector {shown(frame.columns[col])} {problem}", where=where, field=str(frame.columns[col])
            )


def shares(values: Frame) -> Frame:
    """Percentage share of each sector in the total (current prices); each row sums to 100."""
    check_sector_values(values, "shares")
    frame = _as_frame(values).astype("float64")
    total = frame.sum(axis=1)
    if (total <= 0).any():
        raise InputError(f"shares: the total of row {shown(total.index[(total <= 0).to_numpy()][0])} is 0", field=TOTAL)
    return _like(frame.div(total, axis=0) * 100.0, values)


def check_shares_sum(shares_: pd.Series | pd.DataFrame, tolerance: float = SHARE_SUM_TOLERANCE) -> None:
    """Refuse structure shares that do not add up to 100 (± ``tolerance`` points)."""
    frame = _as_frame(shares_).astype("float64")
    check_sector_values(frame, "shares")
    total = frame.sum(axis=1)
    off = (total - 100.0).abs() > tolerance
    if off.any():
        row = total.index[off.to_numpy()][0]
        raise InputError(
            f"structure shares add up to {total[row]:.2f}, not 100", where=f"row {shown(row)}", field=TOTAL
        )


def round_published(shares_: Frame, decimals: int = 2, residual: str | None = None) -> Frame:
    """Round shares as published tables do; ``residual`` is printed as 100 minus the rounded others."""
    frame = _as_frame(shares_).astype("float64").round(decimals)
    if residual is not None:
        others = frame.drop(columns=residual).sum(axis=1)
        frame[residual] = (100.0 - others).round(decimals)
    return _like(frame, shares_)


def _pair(prev: pd.Series | pd.DataFrame, curr: pd.Series | pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    p, c = _as_frame(prev).astype("float64"), _as_frame(curr).astype("float64")
    if isinstance(prev, pd.Series):
        c.index = p.index
    if list(p.columns) != list(c.columns):
        missing = sorted(set(p.columns) ^ set(c.columns))
        raise InputError(f"sector {shown(missing[0])} is in one year but not the other", field=str(missing[0]))
    check_sector_values(p, "previous year")
    check_sector_values(c, "current year")
    zero = p == 0
    if zero.to_numpy().any():
        col = p.columns[zero.to_numpy().any(axis=0)][0]
        raise InputError(f"sector {shown(col)} has a baseline of 0: its growth is undefined", field=str(col))
    return p, c


def growth(prev: Frame, curr: Frame) -> Frame:
    """Growth % of each sector and of the total (constant prices): (V_t / V_t−1 − 1) · 100."""
    p, c = _pair(prev, curr)
    p[TOTAL], c[TOTAL] = p.sum(axis=1), c.sum(axis=1)
    return _like((c - p) / p * 100.0, prev)


def contributions(prev: pd.Series, curr: pd.Series) -> pd.DataFrame:
    """Growth, contribution in points and share of growth, one row per sector plus ``total``.

    contribution_i = (V_i,t − V_i,t−1) / Σ V_t−1 · 100, so the points add up to total growth;
    share_of_growth_i = contribution_i / total growth · 100 ("đóng góp x%"), undefined at zero growth.
    """
    p, c = _pair(prev, curr)
    p, c = p.iloc[0], c.iloc[0]
    points = (c - p) / p.sum() * 100.0
    total_growth = points.sum()
    table = pd.DataFrame({"growth": (c - p) / p * 100.0, "contribution_points": points})
    table.loc[TOTAL] = [total_growth, total_growth]
    table["share_of_growth"] = table["contribution_points"] / total_growth * 100.0 if total_growth else np.nan
    table.index.name = "sector"
    return table


def contributions_panel(prev: pd.DataFrame, curr: pd.DataFrame) -> pd.DataFrame:
    """Contribution points of every sector for many units (rows) at once; adds a ``total`` column."""
    p, c = _pair(prev, curr)
    points = (c - p).div(p.sum(axis=1), axis=0) * 100.0
    points[TOTAL] = points.sum(axis=1)
    return points


def deflate(current: Frame, price_index: Frame | float) -> Frame:
    """Current-price values to constant prices: V_constant = V_current / (price index / 100)."""
    return current / (price_index / 100.0)


def inflate(constant: Frame, price_index: Frame | float) -> Frame:
    """Constant-price values to current prices: V_current = V_constant · price index / 100."""
    return constant * (price_index / 100.0)


def points_difference(actual: Frame, reference: Frame) -> Frame:
    """Difference in percentage points: structure vs plan, or the shift since the baseline."""
    return actual - reference


def plan_consistency(
    base_current: pd.Series,
    base_constant: pd.Series,
    growth_targets: pd.DataFrame,
    total_target: float,
    structure_targets: pd.Series,
) -> tuple[pd.DataFrame, pd.Series]:
    """What the sector growth targets imply, with last year's weights, against the plan's own targets.

    ``growth_targets`` has ``low`` and ``high`` per sector (equal for a single value). Returns a
    table of implied total growth (low, mid, high) vs ``total_target``, and the structure implied
    at the midpoint (current-price weights grown by the sector targets, relative prices unchanged)
    with its deviation from ``structure_targets`` in points.
    """
    weights = shares(base_constant) / 100.0
    bounds = growth_targets[["low", "high"]].assign(mid=growth_targets[["low", "high"]].mean(axis=1))
    implied_growth = bounds.mul(weights, axis=0).sum()
    total = pd.DataFrame(
        {
            "implied_growth": implied_growth,
            "plan_total_growth": total_target,
            "gap_points": implied_growth - total_target,
        }
    ).loc[["low", "mid", "high"]]
    implied = shares(base_current * (1 + bounds["mid"] / 100.0))
    structure = pd.DataFrame(
        {"implied_share": implied, "plan_share": structure_targets, "gap_points": implied - structure_targets}
    )
    return total, structure


def per_person(total: Frame, average_population: Frame) -> Frame:
    """Per-capita value: total income / average population (refuses a population of 0 or less)."""
    pop = np.asarray(average_population, dtype="float64")
    if (pop <= 0).any() or np.isnan(pop).any():
        raise InputError("average population must be a positive number", field="dan_so_trung_binh")
    return total / average_population


def budget_execution(budget: pd.DataFrame) -> pd.DataFrame:
    """Execution of the budget by line: % of the estimate (dự toán), with revenue, spending and balance totals.

    ``budget`` has the columns ``side`` (``thu`` revenue / ``chi`` expenditure), ``item``, ``estimate``,
    ``actual``. Adds ``pct_of_estimate``; appends one total row per side and a ``can_doi`` (balance) row.
    """
    for col in ("side", "item", "estimate", "actual"):
        if col not in budget.columns:
            raise InputError(f"the budget table lacks column {shown(col)}", field=col)
    bad_side = ~budget["side"].isin(["thu", "chi"])
    if bad_side.any():
        raise InputError(f"side must be thu or chi, got {shown(budget.loc[bad_side, 'side'].iloc[0])}", field="side")
    money = budget[["estimate", "actual"]].astype("float64")
    if (money < 0).to_numpy().any():
        raise InputError("budget amounts must not be negative", field="actual")
    lines = budget[["side", "item"]].assign(estimate=money["estimate"], actual=money["actual"])
    totals = lines.groupby("side", sort=False)[["estimate", "actual"]].sum().reset_index().assign(item=TOTAL)
    sums = totals.set_index("side").reindex(["thu", "chi"])
    balance = {
        "side": "can_doi", "item": TOTAL,
        "estimate": sums.loc["thu", "estimate"] - sums.loc["chi", "estimate"],
        "actual": sums.loc["thu", "actual"] - sums.loc["chi", "actual"],
    }  # fmt: skip
    table = pd.concat([lines, totals, pd.DataFrame([balance])], ignore_index=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        est = table["estimate"].to_numpy()
        pct = np.where(
            (est > 0) & (table["side"] != "can_doi"), table["actual"] / np.where(est > 0, est, 1) * 100, np.nan
        )
    table["pct_of_estimate"] = pct
    return table
