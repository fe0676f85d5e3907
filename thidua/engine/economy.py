"""Derive a plan's economic indicators from the figures an officer enters once.

The plan's ``economy:`` section (read by ``thidua.inputs.economy_section``) says whether the economy
is measured by production value (``total: production_value``, giá trị sản xuất) or GRDP (``total:
grdp``, tổng sản phẩm trên địa bàn, whose components may include product taxes less subsidies), and
names, per component, its growth and share indicators (either, both or neither). The data gives component values at
current prices (``gtsx_hh_<id>``, or ``grdp_hh_<id>`` for GRDP) and constant prices
(``gtsx_ss_<id>``, ``grdp_ss_<id>``), total income (``tong_thu_nhap``) and average population
(``dan_so_trung_binh``); the budget file gives revenue and spending by line. From them:
sector and total growth levels (constant prices), structure shares (current prices), income per
person, and budget revenue and expenditure. A derived indicator typed in as well is an error.
"""

from __future__ import annotations

import pandas as pd

from thidua.engine.structure import per_person, shares
from thidua.errors import InputError, shown
from thidua.inputs.economy_section import INCOME, POPULATION, Economy
from thidua.inputs.measures import money_factor, money_scale


def derive(
    values: pd.DataFrame, economy: Economy, budget: pd.DataFrame | None = None, targets: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Replace entered sector, income and budget figures by the plan indicators derived from them.

    A derived indicator typed in for the same unit and period as the figures it comes from is
    refused, so the two can never disagree. With the plan's ``targets``, money is rewritten in the
    scale the plan uses (the budget file is in đồng, income in triệu đồng: a plan may say tỷ đồng).
    """
    keys = ["unit", "period"]
    wide = values.pivot_table(index=keys, columns="indicator_id", values="value", aggfunc="first", dropna=False)
    derived = [_sector_levels(wide, economy), _sector_shares(wide, economy), _income(wide, economy)]
    if budget is not None:
        derived.append(_budget_totals(budget, economy))
    parts = [d for d in derived if d is not None]
    long = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*keys, "indicator_id", "value"])
    if targets is not None:
        long["value"] = long["value"] * long["indicator_id"].map(_scales(economy, targets)).fillna(1.0)
    slot = [*keys, "indicator_id"]
    twice = values[slot].merge(long[slot], on=slot, how="left", indicator=True)["_merge"].eq("both").to_numpy()
    if twice.any():
        row = values[twice].iloc[0]
        raise InputError(
            f"indicator {shown(row['indicator_id'])} is derived from the figures it is computed from;"
            " do not type it in too",
            where=f"line {row.get('line', '?')}", field="indicator",
        )  # fmt: skip
    kept = values[~values["indicator_id"].isin(economy.input_ids)]
    return pd.concat([kept, long], ignore_index=True)


def _scales(economy: Economy, targets: pd.DataFrame) -> dict[str, float]:
    """Indicator → factor from the money scale it is derived in to the plan's own unit."""
    units = targets.drop_duplicates("indicator_id").set_index("indicator_id")["unit_of_measure"]
    derived_in = {economy.budget_revenue: "đồng", economy.budget_expenditure: "đồng",
                  economy.income_per_person: "triệu đồng"}  # fmt: skip
    return {
        ident: money_factor(scale, units[ident])
        for ident, scale in derived_in.items()
        if ident is not None and money_scale(units[ident]) is not None
    }


def _sector_frame(wide: pd.DataFrame, economy: Economy, prefix: str) -> pd.DataFrame | None:
    """Component values at one kind of prices (rows: unit × period); every component or none."""
    cols = [f"{prefix}{s}" for s in economy.sectors["id"]]
    present = [c for c in cols if c in wide.columns]
    if not present:
        return None
    frame = wide.reindex(columns=cols)
    rows = frame.notna().any(axis=1)
    frame = frame[rows]
    missing = frame.isna()
    if missing.to_numpy().any():
        unit, period = frame.index[missing.any(axis=1).to_numpy()][0]
        col = frame.columns[missing.loc[(unit, period)].to_numpy()][0]
        raise InputError(f"sector value missing for unit {shown(unit)}, period {shown(period)}", field=col)
    frame.columns = list(economy.sectors["id"])
    return frame


def _melt(frame: pd.DataFrame, ids: dict[str, str]) -> pd.DataFrame:
    out = frame.rename(columns=ids).reset_index().melt(id_vars=["unit", "period"], var_name="indicator_id")
    return out.dropna(subset=["value"])


def _sector_levels(wide: pd.DataFrame, economy: Economy) -> pd.DataFrame | None:
    frame = _sector_frame(wide, economy, economy.constant_prefix)
    if frame is None:
        return None
    ids = _targeted(economy, "growth")
    if economy.total_growth:
        frame = frame.assign(__total=frame.sum(axis=1))
        ids["__total"] = economy.total_growth
    return _melt(frame[list(ids)], ids)


def _sector_shares(wide: pd.DataFrame, economy: Economy) -> pd.DataFrame | None:
    frame = _sector_frame(wide, economy, economy.current_prefix)
    if frame is None:
        return None
    ids = _targeted(economy, "share")
    return _melt(shares(frame)[list(ids)], ids)


def _targeted(economy: Economy, column: str) -> dict[str, str]:
    """Component id → the plan indicator of its ``column`` (growth or share), for components that have one."""
    named = economy.sectors.dropna(subset=[column])
    return dict(zip(named["id"], named[column], strict=True))


def _income(wide: pd.DataFrame, economy: Economy) -> pd.DataFrame | None:
    if not economy.income_per_person or INCOME not in wide.columns:
        return None
    parts = wide.reindex(columns=[INCOME, POPULATION]).dropna(how="all")
    if parts.isna().to_numpy().any():
        unit, period = parts.index[parts.isna().any(axis=1).to_numpy()][0]
        raise InputError(
            f"income per person needs both {INCOME} and {POPULATION}",
            where=f"unit {shown(unit)}, period {shown(period)}",
            field=POPULATION,
        )
    value = per_person(parts[INCOME], parts[POPULATION])
    return _melt(value.to_frame(economy.income_per_person), {})


def _budget_totals(budget: pd.DataFrame, economy: Economy) -> pd.DataFrame:
    sums = budget.groupby(["unit", "period", "side"])["actual"].sum(min_count=1).unstack("side")
    sums = sums.reindex(columns=["thu", "chi"])
    ids = {"thu": economy.budget_revenue, "chi": economy.budget_expenditure}
    return _melt(sums[[k for k, v in ids.items() if v]], {k: v for k, v in ids.items() if v})
