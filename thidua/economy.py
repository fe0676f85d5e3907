"""Derive a plan's economic indicators from the figures an officer enters once.

The plan's ``economy:`` section names, per sector, the growth and share indicators. The data
gives sector production values at current prices (``gtsx_hh_<sector>``) and constant prices
(``gtsx_ss_<sector>``), total income (``tong_thu_nhap``) and average population
(``dan_so_trung_binh``); the budget file gives revenue and spending by line. From them:
sector and total growth levels (constant prices), structure shares (current prices), income per
person, and budget revenue and expenditure. A derived indicator typed in as well is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from thidua.errors import InputError
from thidua.structure import check_base_year, per_person, shares

CURRENT, CONSTANT = "gtsx_hh_", "gtsx_ss_"
INCOME, POPULATION = "tong_thu_nhap", "dan_so_trung_binh"


@dataclass(frozen=True)
class Economy:
    """The plan's ``economy:`` section: sectors and which indicators are derived from what."""

    base_year: int
    sectors: pd.DataFrame  # id, name_vi, name_en, growth, share
    total_growth: str | None = None
    income_per_person: str | None = None
    budget_revenue: str | None = None
    budget_expenditure: str | None = None

    @property
    def input_ids(self) -> list[str]:
        """Indicator ids of the entered figures the derivation reads."""
        ids = [f"{prefix}{s}" for prefix in (CURRENT, CONSTANT) for s in self.sectors["id"]]
        return [*ids, INCOME, POPULATION] if self.income_per_person else ids

    @property
    def derived_ids(self) -> list[str]:
        """Plan indicator ids computed here rather than typed in."""
        ids = [*self.sectors["growth"], *self.sectors["share"]]
        extra = (self.total_growth, self.income_per_person, self.budget_revenue, self.budget_expenditure)
        return [i for i in (*ids, *extra) if i]


def parse_economy(raw: Any, indicator_ids: list[str], path: Path) -> Economy | None:
    """Validate the plan's optional ``economy:`` section against its indicators."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("sectors"), list) or not raw["sectors"]:
        raise InputError("needs a list of sectors", file=path, where="economy", field="sectors")
    sectors = pd.DataFrame(raw["sectors"])
    for col in ("id", "name_vi", "name_en", "growth", "share"):
        if col not in sectors.columns or sectors[col].isna().any():
            raise InputError("every sector needs it", file=path, where="economy.sectors", field=col)
    try:
        base_year = check_base_year(raw.get("base_year", 2010))
    except InputError as exc:
        raise InputError(exc.message, file=path, where="economy", field="base_year") from None
    refs = {k: raw.get(k) for k in ("total_growth", "income_per_person", "budget_revenue", "budget_expenditure")}
    for field, ident in [*refs.items(), *(("sectors", i) for i in (*sectors["growth"], *sectors["share"]))]:
        if ident is not None and ident not in indicator_ids:
            raise InputError(
                f"names {ident!r}, which is not a target of this plan", file=path, where="economy", field=field
            )
    return Economy(base_year=base_year, sectors=sectors, **refs)


def derive(values: pd.DataFrame, economy: Economy, budget: pd.DataFrame | None = None) -> pd.DataFrame:
    """Replace entered sector, income and budget figures by the plan indicators derived from them.

    A derived indicator typed in for the same unit and period as the figures it comes from is
    refused, so the two can never disagree.
    """
    keys = ["unit", "period"]
    wide = values.pivot_table(index=keys, columns="indicator_id", values="value", aggfunc="first", dropna=False)
    derived = [_sector_levels(wide, economy), _sector_shares(wide, economy), _income(wide, economy)]
    if budget is not None:
        derived.append(_budget_totals(budget, economy))
    parts = [d for d in derived if d is not None]
    long = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*keys, "indicator_id", "value"])
    slot = [*keys, "indicator_id"]
    twice = values[slot].merge(long[slot], on=slot, how="left", indicator=True)["_merge"].eq("both").to_numpy()
    if twice.any():
        row = values[twice].iloc[0]
        raise InputError(
            f"indicator {row['indicator_id']!r} is derived from the figures it is computed from; do not type it in too",
            where=f"line {row.get('line', '?')}", field="indicator",
        )  # fmt: skip
    kept = values[~values["indicator_id"].isin(economy.input_ids)]
    return pd.concat([kept, long], ignore_index=True)


def _sector_frame(wide: pd.DataFrame, economy: Economy, prefix: str) -> pd.DataFrame | None:
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
        raise InputError(f"sector value missing for unit {unit!r}, period {period!r}", field=col)
    frame.columns = list(economy.sectors["id"])
    return frame


def _melt(frame: pd.DataFrame, ids: dict[str, str]) -> pd.DataFrame:
    out = frame.rename(columns=ids).reset_index().melt(id_vars=["unit", "period"], var_name="indicator_id")
    return out.dropna(subset=["value"])


def _sector_levels(wide: pd.DataFrame, economy: Economy) -> pd.DataFrame | None:
    frame = _sector_frame(wide, economy, CONSTANT)
    if frame is None:
        return None
    if economy.total_growth:
        frame = frame.assign(**{"__total": frame.sum(axis=1)})
    ids = dict(zip(economy.sectors["id"], economy.sectors["growth"], strict=True)) | {"__total": economy.total_growth}
    return _melt(frame, ids)


def _sector_shares(wide: pd.DataFrame, economy: Economy) -> pd.DataFrame | None:
    frame = _sector_frame(wide, economy, CURRENT)
    if frame is None:
        return None
    return _melt(shares(frame), dict(zip(economy.sectors["id"], economy.sectors["share"], strict=True)))


def _income(wide: pd.DataFrame, economy: Economy) -> pd.DataFrame | None:
    if not economy.income_per_person or INCOME not in wide.columns:
        return None
    parts = wide.reindex(columns=[INCOME, POPULATION]).dropna(how="all")
    if parts.isna().to_numpy().any():
        unit, period = parts.index[parts.isna().any(axis=1).to_numpy()][0]
        raise InputError(
            f"income per person needs both {INCOME} and {POPULATION}",
            where=f"unit {unit!r}, period {period!r}",
            field=POPULATION,
        )
    value = per_person(parts[INCOME], parts[POPULATION])
    return _melt(value.to_frame(economy.income_per_person), {})


def _budget_totals(budget: pd.DataFrame, economy: Economy) -> pd.DataFrame:
    sums = budget.groupby(["unit", "period", "side"])["actual"].sum(min_count=1).unstack("side")
    sums = sums.reindex(columns=["thu", "chi"])
    ids = {"thu": economy.budget_revenue, "chi": economy.budget_expenditure}
    return _melt(sums[[k for k, v in ids.items() if v]], {k: v for k, v in ids.items() if v})
