"""What a target measures, declared per indicator in the plan, and money in its four scales.

A plan's ``measure`` says how a figure behaves; its ``unit`` is free text for display. The
measure decides the checks (a rate lies in [0, 100], counts and money are not negative), how
hamlets add up to a commune (summed, or a ratio of sums), and whether the figure accumulates
through the year (a flow, projected in the interim review). Money is written in đồng, nghìn
đồng, triệu đồng or tỷ đồng (the unit text starts with one of them, e.g. ``triệu đồng/người/năm``);
``money_factor`` converts between them.
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

# Money scales in đồng, longest name first so 'triệu đồng' is not read as 'đồng'; 'ngàn' is 'nghìn' in the south.
MONEY_SCALES: dict[str, float] = {"nghìn đồng": 1e3, "ngàn đồng": 1e3, "triệu đồng": 1e6, "tỷ đồng": 1e9, "đồng": 1.0}


def money_parts(unit: str) -> tuple[float, str] | None:
    """A money unit as (đồng per unit, what follows the scale): 'triệu đồng/người/năm' → (1e6, '/người/năm')."""
    text = " ".join(str(unit).split())
    scale = money_scale(text)
    return None if scale is None else (MONEY_SCALES[scale], text[len(scale) :])


def money_scale(unit: str) -> str | None:
    """The money scale a unit of measure starts with ('tỷ đồng' for 'tỷ đồng/năm'), None if it names none."""
    text = " ".join(str(unit).split()).lower()
    return next((scale for scale in MONEY_SCALES if text == scale or text.startswith(f"{scale}/")), None)


def money_factor(from_unit: str, to_unit: str) -> float:
    """The factor that turns money in ``from_unit`` into ``to_unit`` (đồng → tỷ đồng: 1e-9).

    Both units must start with a money scale (``money_scale``); a ValueError says which does not.
    """
    scales = {}
    for role, unit in (("from", from_unit), ("to", to_unit)):
        scale = money_scale(unit)
        if scale is None:
            raise ValueError(f"{role} unit {shown(unit)} is not money ({', '.join(MONEY_SCALES)})")
        scales[role] = MONEY_SCALES[scale]
    return scales["from"] / scales["to"]


def convert_money(
    values: pd.Series | np.ndarray | float, from_unit: str, to_unit: str
) -> pd.Series | np.ndarray | float:
    """Money ``values`` written in ``from_unit``, rewritten in ``to_unit`` (6,83e9 đồng → 6,83 tỷ đồng)."""
    return values * money_factor(from_unit, to_unit)
