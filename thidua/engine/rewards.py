"""What a title's reward comes to on the day of the decision: the decree's multiple of the base salary.

The decrees (Nghị định 98/2023/NĐ-CP Điều 54, then Nghị định 152/2025/NĐ-CP Điều 50) give each title's reward
as a multiple of the base salary (mức lương cơ sở) "đang có hiệu lực vào thời điểm ban hành quyết định", the
product "làm tròn số lên hàng chục nghìn đồng" (docs/commendation.md). Both tables are data with their dates
(``thidua.inputs.titles``): the entry in force on a day is the latest that began on or before it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Protocol, TypeVar

import pandas as pd

COLUMNS = ["title", "number", "times", "salary", "amount", "total"]


class _Dated(Protocol):
    since: dt.date


D = TypeVar("D", bound=_Dated)


def in_force_on(dated: Sequence[D], day: dt.date) -> D | None:
    """The entry of ``dated`` (in order of their dates) in force on ``day``: the latest begun by then."""
    begun = [x for x in dated if x.since <= day]
    return begun[-1] if begun else None


def amount(times: float, salary: int, round_up_to: int | None) -> Decimal:
    """``times`` the base salary in đồng, rounded up to a multiple of ``round_up_to`` where the decree says so.

    Worked in decimals: 0,3 × 1.800.000 is 540.000 exactly, not 540.000,0000000001 rounded up to 550.000.
    """
    exact = Decimal(str(times)) * salary
    if round_up_to is None:
        return exact
    return Decimal(math.ceil(exact / round_up_to) * round_up_to)


def reward_table(numbers: pd.Series, decree: Any, salary: Any, aliases: dict[str, str] | None = None) -> pd.DataFrame:
    """Per title (``numbers``: title name → how many may receive it): the multiple, the reward and the total.

    ``decree`` and ``salary`` are those in force on the decision's day (``in_force_on``), or None; a title the
    decree does not name, or a day with no decree or no base salary, gets no amount (NaN), never a guess.
    ``aliases``: a title's name → the name the decree gives it ("Thôn văn hóa" → "Thôn, tổ dân phố văn hóa").
    """
    lines = {line.title.casefold(): line.times for line in decree.lines} if decree is not None else {}
    named = [(aliases or {}).get(str(name), str(name)).casefold() for name in numbers.index]
    times = pd.Series([lines.get(name) for name in named], index=numbers.index, dtype=float)
    step = decree.round_up_to if decree is not None else None
    each = pd.Series(
        [float(amount(t, salary.amount, step)) if salary is not None and pd.notna(t) else math.nan for t in times],
        index=numbers.index,
    )
    return pd.DataFrame(
        {
            "title": numbers.index,
            "number": numbers.to_numpy(),
            "times": times.to_numpy(),
            "salary": float(salary.amount) if salary is not None else math.nan,
            "amount": each.to_numpy(),
            "total": (each * numbers).to_numpy(),
        }
    )
