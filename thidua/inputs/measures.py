"""What a target measures, declared per indicator in the plan, and money in its four scales.

A plan's ``measure`` says how a figure behaves; its ``unit`` is free text for display. The
measure decides the checks (a rate lies in [0, 100], counts and money are not negative), how
hamlets add up to a commune (summed, or a ratio of sums), and whether the figure accumulates
through the year (a flow, projected in the interim review). Money is written in đồng, nghìn
đồng, triệu đồng or tỷ đồng, or in a foreign currency's scales (USD, nghìn USD, triệu USD, tỷ USD):
the unit text starts with one of them, e.g. ``triệu đồng/người/năm``; ``money_factor`` converts
between the scales of one currency and never between currencies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from thidua.errors import shown

SHARE_SUM_TOLERANCE = 0.1  # docs/domain.md §6: structure shares (percent of the total) sum to 100 ± 0.1


@dataclass(frozen=True)
class MeasureSpec:
    """How figures of one measure behave."""

    flow: bool  # accumulates through the year (the interim review projects it)
    negative_ok: bool  # a figure may be below 0
    money: bool  # the unit names a money scale


MEASURES: dict[str, MeasureSpec] = {  # hamlets add up to a commune by summing, a rate by a ratio of sums
    "rate": MeasureSpec(False, False, False),  # a percentage between 0 and 100 (coverage, share, rate)
    "count": MeasureSpec(True, False, False),  # a number of people, households, cases, units
    "quantity": MeasureSpec(True, False, False),  # an amount produced or built: tấn, ha, km, m³
    "money": MeasureSpec(True, False, True),  # an amount of money over the year: revenue, spending, output
    "average": MeasureSpec(False, False, False),  # a value per person or per unit: income per person, tạ/ha
    "index": MeasureSpec(False, True, False),  # a number that may be negative: a change, an index
    "yes_no": MeasureSpec(False, False, False),  # yes (1, có, đạt) or no (0, không)
}

# Money is counted in đồng or in a foreign currency, each in its scales; a foreign currency is kept as it is,
# never converted to đồng (a province's exports in triệu USD are summed and reported in triệu USD).
CURRENCIES = ("đồng", "USD")
SCALE_WORDS: dict[str, float] = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9}  # 'ngàn' is 'nghìn' in the south
# Every money scale → its factor in its currency's unit: 'triệu đồng' → 1e6, 'tỷ USD' → 1e9, 'USD' → 1.
MONEY_SCALES: dict[str, float] = {
    **{f"{word} {currency}": factor for currency in CURRENCIES for word, factor in SCALE_WORDS.items()},
    **dict.fromkeys(CURRENCIES, 1.0),
}


def _scales_of(currency: str) -> str:
    return ", ".join([currency, *(f"{w} {currency}" for w in SCALE_WORDS if w != "ngàn")])


# How a message names the money units: 'đồng, nghìn đồng, triệu đồng, tỷ đồng (or USD, nghìn USD, …)'.
MONEY_UNITS_TEXT = f"{_scales_of(CURRENCIES[0])} (or {'; '.join(_scales_of(c) for c in CURRENCIES[1:])})"


@dataclass(frozen=True)
class Money:
    """A money unit read: its factor in its currency's unit, the currency, and what follows the scale."""

    factor: float  # 'triệu đồng/người/năm' → 1e6
    currency: str  # 'đồng' or a foreign currency ('USD')
    tail: str  # '/người/năm', or ''


def money_parts(unit: str) -> Money | None:
    """A money unit as its parts: 'triệu đồng/người/năm' → (1e6, 'đồng', '/người/năm'); None if it is not money."""
    text = " ".join(str(unit).split())
    scale = money_scale(text)
    if scale is None:
        return None
    return Money(MONEY_SCALES[scale], scale.split()[-1], text[len(scale) :])


def money_scale(unit: str) -> str | None:
    """The money scale a unit of measure starts with ('tỷ đồng' for 'tỷ đồng/năm', 'triệu USD'), None if none.

    Letter case does not matter ('Tỷ đồng', 'triệu usd'); the scale is named as ``MONEY_SCALES`` writes it.
    """
    text = " ".join(str(unit).split()).lower()
    return next((s for s in MONEY_SCALES if text == s.lower() or text.startswith(f"{s.lower()}/")), None)


def money_factor(from_unit: str, to_unit: str) -> float:
    """The factor that turns money in ``from_unit`` into ``to_unit`` (đồng → tỷ đồng: 1e-9).

    Both units must start with a money scale (``money_scale``) of the same currency: money is never
    converted between đồng and a foreign currency. A ValueError says which unit is wrong.
    """
    parts = {}
    for role, unit in (("from", from_unit), ("to", to_unit)):
        parts[role] = money_parts(unit)
        if parts[role] is None:
            raise ValueError(f"{role} unit {shown(unit)} is not money ({MONEY_UNITS_TEXT})")
    if parts["from"].currency != parts["to"].currency:
        raise ValueError(
            f"money in {parts['from'].currency} ({shown(from_unit)}) is never converted to"
            f" {parts['to'].currency} ({shown(to_unit)})"
        )
    return parts["from"].factor / parts["to"].factor


def convert_money(
    values: pd.Series | np.ndarray | float, from_unit: str, to_unit: str
) -> pd.Series | np.ndarray | float:
    """Money ``values`` written in ``from_unit``, rewritten in ``to_unit`` (6,83e9 đồng → 6,83 tỷ đồng).

    Only within one currency (``money_factor``).
    """
    return values * money_factor(from_unit, to_unit)
