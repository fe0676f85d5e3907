"""The plan's ``economy:`` section: what the economy is measured by and which targets its components feed.

Read with the plan (``thidua.inputs.plan``); ``thidua.engine.economy`` derives the indicators from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from thidua.errors import InputError

BASE_YEARS = (2010, 2020)
CURRENT, CONSTANT = "gtsx_hh_", "gtsx_ss_"  # production value's prefixes (the default total)
PREFIXES: dict[str, tuple[str, str]] = {"production_value": (CURRENT, CONSTANT), "grdp": ("grdp_hh_", "grdp_ss_")}
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


def check_base_year(base_year: int) -> int:
    """Constant prices are those of 2010 or 2020 (Thông tư 13/2019/TT-BKHĐT)."""
    if base_year not in BASE_YEARS:
        raise InputError(f"constant prices have base year 2010 or 2020, got {base_year}", field="base_year")
    return base_year
