"""The plan's ``economy:`` section: what the economy is measured by and which targets its components feed.

Read with the plan (``thidua.inputs.plan``); ``thidua.engine.economy`` derives the indicators from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

import pandas as pd

from thidua.errors import shown
from thidua.inputs.measures import money_parts
from thidua.inputs.schema import REQUIRED_TEXT, Rule, Schema, convert, say

BASE_YEARS = (2010, 2020)
CURRENT, CONSTANT = "gtsx_hh_", "gtsx_ss_"  # production value's prefixes (the default total)
PREFIXES: dict[str, tuple[str, str]] = {"production_value": (CURRENT, CONSTANT), "grdp": ("grdp_hh_", "grdp_ss_")}
# A component's share of the structure as published (tỷ trọng, in %), for a component with no share target.
SHARE_PREFIXES: dict[str, str] = {"production_value": "gtsx_tt_", "grdp": "grdp_tt_"}
COMPONENT_KINDS = ("sector", "product_taxes")  # thuế sản phẩm trừ trợ cấp sản phẩm: a part of GRDP only
INCOME, POPULATION = "tong_thu_nhap", "dan_so_trung_binh"
_SECTOR_FIELDS = ("id", "name_vi", "name_en", "growth", "share", "kind")
_BASE_YEAR = "constant prices have base year 2010 or 2020, got {value}"  # Thông tư 13/2019/TT-BKHĐT
_REFERENCES = ("total_growth", "income_per_person", "budget_revenue", "budget_expenditure")
DONG = "đồng"
_FROM_DONG = {
    "income_per_person": "total income",
    "budget_revenue": "the budget file",
    "budget_expenditure": "the budget file",
}


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
    def share_prefix(self) -> str:
        """Prefix of a component's published share when the plan sets it no share target: ``gtsx_tt_``, ``grdp_tt_``."""
        return SHARE_PREFIXES[self.total]

    @property
    def value_ids(self) -> list[str]:
        """Indicator ids of the components' values: at current prices, then at constant prices."""
        return [f"{prefix}{s}" for prefix in PREFIXES[self.total] for s in self.sectors["id"]]

    @property
    def published_share_ids(self) -> dict[str, str]:
        """Indicator id of each component's published share → the component: its share target, else ``gtsx_tt_<id>``.

        A component with a share target takes its published share under the target's id, as any share target does.
        """
        ids = self.sectors["share"].where(self.sectors["share"].notna(), self.share_prefix + self.sectors["id"])
        return dict(zip(ids, self.sectors["id"], strict=True))

    @property
    def input_ids(self) -> list[str]:
        """Ids of the entered figures the derivation reads, and the published shares of untargeted components."""
        shares = [i for i in self.published_share_ids if i.startswith(self.share_prefix)]
        ids = [*self.value_ids, *shares]
        return [*ids, INCOME, POPULATION] if self.income_per_person else ids

    @property
    def derived_ids(self) -> list[str]:
        """Plan indicator ids computed here rather than typed in."""
        ids = [*self.sectors["growth"], *self.sectors["share"]]
        extra = (self.total_growth, self.income_per_person, self.budget_revenue, self.budget_expenditure)
        return [i for i in (*ids, *extra) if isinstance(i, str)]


class Sector(Schema):
    """One component of the economy: a sector, or product taxes for GRDP."""

    place: ClassVar = ("economy.sectors '{id}'", "economy.sectors #{n}")
    shape: ClassVar = "must be a mapping {id, name_vi, name_en, growth, share}"
    id: Annotated[str, REQUIRED_TEXT]
    name_vi: Annotated[str, REQUIRED_TEXT]
    name_en: Annotated[str, REQUIRED_TEXT]
    growth: str | None = None  # the growth target it feeds
    share: str | None = None  # the share target it feeds
    kind: Literal[COMPONENT_KINDS] = "sector"


class EconomySection(Schema):
    """The plan's ``economy:`` section (docs/plan-format.md)."""

    place: ClassVar = ("economy",)
    shape: ClassVar = "must be a mapping (total, sectors, …)"
    total: Literal[tuple(PREFIXES)] = "production_value"
    base_year: Annotated[Literal[BASE_YEARS], say(error=_BASE_YEAR)] = 2010
    total_growth: str | None = None
    sectors: Annotated[list[Sector], say(error="must be a list of components")] | None = None
    income_per_person: str | None = None
    budget_revenue: str | None = None
    budget_expenditure: str | None = None

    def __post_init__(self) -> None:
        """Component ids are unique, product taxes belong to GRDP, and a total growth has components."""
        seen: set[str] = set()
        for i, sector in enumerate(self.sectors or []):
            at = ("sectors", i)
            if sector.id in seen:
                raise Rule("is used by an earlier component", "id", at)
            seen.add(sector.id)
            if sector.kind == "product_taxes" and self.total != "grdp":
                raise Rule("product taxes are a component of GRDP: say total: grdp", "kind", at)


def parse_economy(raw: Any, units: dict[str, str], path: Path) -> Economy | None:
    """Validate the plan's optional ``economy:`` section against its indicators; errors name component and field.

    ``units`` maps each indicator of the plan to its unit of measure, in plan order.
    """
    if raw is None:
        return None
    section = convert(raw, EconomySection, path, then=lambda s: _check_references(s, units))
    rows = [{f: getattr(sector, f) for f in _SECTOR_FIELDS} for sector in section.sectors or []]
    frame = pd.DataFrame(rows, columns=list(_SECTOR_FIELDS), dtype=object)
    frame = frame.where(frame.notna(), None)
    refs = {k: getattr(section, k) for k in _REFERENCES}
    return Economy(base_year=section.base_year, sectors=frame, total=section.total, **refs)


def _check_references(section: EconomySection, units: dict[str, str]) -> None:
    """Every indicator the section names is a target of the plan; a total growth needs components.

    What is derived from đồng (the budget file, total income) is never counted in a foreign currency.
    """
    indicator_ids = list(units)
    for field in _REFERENCES:
        _names_a_target(getattr(section, field), indicator_ids, field, ())
    for field, source in _FROM_DONG.items():
        money = money_parts(units.get(getattr(section, field) or "", ""))
        if money is not None and money.currency != DONG:
            raise Rule(
                f"names {shown(getattr(section, field))}, counted in {money.currency}: it is derived from {source}"
                f" in {DONG}, and money is never converted between currencies",
                field,
            )
    for i, sector in enumerate(section.sectors or []):
        for field in ("growth", "share"):
            _names_a_target(getattr(sector, field), indicator_ids, field, ("sectors", i))
    if section.total_growth and not section.sectors:
        raise Rule("total growth is derived from the components: list them", "sectors")


def _names_a_target(ident: str | None, indicator_ids: list[str], field: str, at: tuple[str | int, ...]) -> None:
    if ident is not None and ident not in indicator_ids:
        raise Rule(f"names {shown(ident)}, which is not a target of this plan", field, at)
