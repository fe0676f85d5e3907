"""Derive a plan's economic indicators from the figures an officer enters once.

The plan's ``economy:`` section says whether the economy is measured by production value
(``total: production_value``, giá trị sản xuất) or GRDP (``total: grdp``, tổng sản phẩm trên địa
bàn, whose components may include product taxes less subsidies), and names, per component, its
growth and share indicators (either, both or neither). The data gives component values at
current prices (``gtsx_hh_<id>``, or ``grdp_hh_<id>`` for GRDP) and constant prices
(``gtsx_ss_<id>``, ``grdp_ss_<id>``), total income (``tong_thu_nhap``) and average population
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
from thidua.i18n import N_
from thidua.measures import money_factor, money_scale
from thidua.structure import check_base_year, per_person, shares

CURRENT, CONSTANT = "gtsx_hh_", "gtsx_ss_"  # production value's prefixes (the default total)
PREFIXES: dict[str, tuple[str, str]] = {"production_value": (CURRENT, CONSTANT), "grdp": ("grdp_hh_", "grdp_ss_")}
# What an economy's total is called (the workbook's guide names it).
TOTALS = {
    "production_value": N_("economy", "gross production value"),
    "grdp": N_("economy", "gross regional domestic product (GRDP)"),
}
COMPONENT_KINDS = ("sector", "product_taxes")  # thuế sản phẩm trừ trợ cấp sản phẩm: a part of GRDP only
INCOME, POPULATION = "tong_thu_nhap", "dan_so_trung_binh"
_SECTOR_FIELDS = ("id", "name_vi", "name_en", "growth", "share", "kind")
_ECONOMY_FIELDS = ("total", "base_year", "total_growth", "sectors", "income_per_person", "budget_revenue",
                   "budget_expenditure")  # fmt: skip


@dataclass(frozen=True)
class Economy:
    """The plan's ``economy:`` section: sectors and which indicators are derived from what."""

    base_year: int
    sectors: pd.DataFrame  # id, name_vi, name_en, growth, share (None where not targeted), kind
    total: str = "production_value"
    total_growth: str | None = None
    income_per_person: str | None = None
    budget_revenue: str | None = None
    budget_expenditure: str | None = None

    @property
    def current_prefix(self) -> str:
        """Prefix of entered component values at current prices: ``gtsx_hh_`` or ``grdp_hh_``."""
        return PREFIXES[self.total][0]

    @property
    def constant_prefix(self) -> str:
        """Prefix of entered component values at constant prices: ``gtsx_ss_`` or ``grdp_ss_``."""
        return PREFIXES[self.total][1]

    @property
    def input_ids(self) -> list[str]:
        """Indicator ids of the entered figures the derivation reads."""
        ids = [f"{prefix}{s}" for prefix in PREFIXES[self.total] for s in self.sectors["id"]]
        return [*ids, INCOME, POPULATION] if self.income_per_person else ids

    @property
    def derived_ids(self) -> list[str]:
        """Plan indicator ids computed here rather than typed in."""
        ids = [*self.sectors["growth"], *self.sectors["share"]]
        extra = (self.total_growth, self.income_per_person, self.budget_revenue, self.budget_expenditure)
        return [i for i in (*ids, *extra) if isinstance(i, str)]


def parse_economy(raw: Any, indicator_ids: list[str], path: Path) -> Economy | None:
    """Validate the plan's optional ``economy:`` section against its indicators; errors name component and field."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise InputError("must be a mapping (total, sectors, …)", file=path, where="economy")
    _known(raw, _ECONOMY_FIELDS, path, "economy")
    total = raw.get("total", "production_value")
    if total not in PREFIXES:
        raise InputError(f"must be one of {', '.join(PREFIXES)}, got {total!r}", file=path, where="economy",
                         field="total")  # fmt: skip
    sectors = raw.get("sectors") or []
    if not isinstance(sectors, list):
        raise InputError("must be a list of components", file=path, where="economy", field="sectors")
    frame = _components(sectors, total, path)
    try:
        base_year = check_base_year(raw.get("base_year", 2010))
    except InputError as exc:
        raise InputError(exc.message, file=path, where="economy", field="base_year") from None
    refs = {k: raw.get(k) for k in ("total_growth", "income_per_person", "budget_revenue", "budget_expenditure")}
    _check_references(refs, frame, indicator_ids, path)
    return Economy(base_year=base_year, sectors=frame, total=total, **refs)


def _components(sectors: list[Any], total: str, path: Path) -> pd.DataFrame:
    """The components as a table, each checked, ids unique."""
    rows = [_component(entry, i, total, path) for i, entry in enumerate(sectors, start=1)]
    frame = pd.DataFrame(rows, columns=list(_SECTOR_FIELDS), dtype=object)
    frame = frame.where(frame.notna(), None)
    dup = frame["id"].duplicated()
    if dup.any():
        where = f"economy.sectors '{frame.loc[dup, 'id'].iloc[0]}'"
        raise InputError("is used by an earlier component", file=path, where=where, field="id")
    return frame


def _check_references(refs: dict[str, Any], frame: pd.DataFrame, indicator_ids: list[str], path: Path) -> None:
    """Every indicator the section names is a target of the plan; a total growth needs components."""
    for field, ident in refs.items():
        _names_a_target(ident, indicator_ids, path, "economy", field)
    for row in frame.itertuples():
        for field in ("growth", "share"):
            _names_a_target(getattr(row, field), indicator_ids, path, f"economy.sectors '{row.id}'", field)
    if refs["total_growth"] and frame.empty:
        message = "total growth is derived from the components: list them"
        raise InputError(message, file=path, where="economy", field="sectors")


def _known(mapping: dict[str, Any], allowed: tuple[str, ...], path: Path, where: str) -> None:
    unknown = sorted(set(mapping) - set(allowed))
    if unknown:
        hint = " (a name with commas in {…} must be quoted)" if any(mapping[k] is None for k in unknown) else ""
        raise InputError(f"unknown field(s): {', '.join(map(str, unknown))}{hint}", file=path, where=where,
                         field=str(unknown[0]))  # fmt: skip


def _component(entry: Any, i: int, total: str, path: Path) -> dict[str, Any]:
    """One component of the economy: a sector, or product taxes for GRDP."""
    where = f"economy.sectors #{i}"
    if not isinstance(entry, dict):
        raise InputError("must be a mapping {id, name_vi, name_en, growth, share}", file=path, where=where)
    if isinstance(entry.get("id"), str):
        where = f"economy.sectors '{entry['id']}'"
    _known(entry, _SECTOR_FIELDS, path, where)
    for field in ("id", "name_vi", "name_en"):
        if entry.get(field) in (None, ""):
            raise InputError("is required", file=path, where=where, field=field)
    kind = entry.get("kind", "sector")
    if kind not in COMPONENT_KINDS:
        raise InputError(f"must be one of {', '.join(COMPONENT_KINDS)}, got {kind!r}", file=path, where=where,
                         field="kind")  # fmt: skip
    if kind == "product_taxes" and total != "grdp":
        raise InputError("product taxes are a component of GRDP: say total: grdp", file=path, where=where,
                         field="kind")  # fmt: skip
    return {**{f: entry.get(f) for f in _SECTOR_FIELDS}, "kind": kind}


def _names_a_target(ident: Any, indicator_ids: list[str], path: Path, where: str, field: str) -> None:
    if ident is not None and ident not in indicator_ids:
        raise InputError(f"names {ident!r}, which is not a target of this plan", file=path, where=where, field=field)


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
            f"indicator {row['indicator_id']!r} is derived from the figures it is computed from; do not type it in too",
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
        raise InputError(f"sector value missing for unit {unit!r}, period {period!r}", field=col)
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
