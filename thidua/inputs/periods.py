"""Reporting periods: a year, a half-year, a quarter, or year-to-date ("6 tháng", "9 tháng").

Canonical labels are ``2023``, ``2023-H1``, ``2023-Q3``, ``2023-6T`` and ``2023-9T``; the Vietnamese
forms officers write ("6 tháng 2023", "Quý III/2023", "6 tháng đầu năm 2023", "năm 2023") are
read too. A period is compared with the same period a year earlier (cùng kỳ).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from thidua.errors import InputError, shown

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_CANONICAL = re.compile(r"^(?P<year>\d{4})(-(?P<part>H[12]|Q[1-4]|(?P<ytd>\d{1,2})T))?$")
_VI_YTD = re.compile(r"^(?P<months>\d{1,2}) tháng( đầu năm)?( năm)? (?P<year>\d{4})$")
_VI_QUARTER = re.compile(r"^quý (?P<q>[1-4]|i{1,3}|iv)( năm | |/)(?P<year>\d{4})$")
_VI_HALF = re.compile(r"^(?P<h>6 tháng cuối năm) (?P<year>\d{4})$")
_VI_YEAR = re.compile(r"^năm (?P<year>\d{4})$")


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: its year and the months it covers (first and last, 1-based)."""

    year: int
    first_month: int
    last_month: int

    @property
    def label(self) -> str:
        """The canonical label, e.g. '2023-9T'."""
        first, last = self.first_month, self.last_month
        if (first, last) == (1, 12):
            return str(self.year)
        if first == 1 and last != 3:
            return f"{self.year}-{last}T"
        if last - first == 5:
            return f"{self.year}-H{last // 6}"
        return f"{self.year}-Q{last // 3}"

    @property
    def months(self) -> int:
        """How many months the period covers."""
        return self.last_month - self.first_month + 1

    @property
    def is_year(self) -> bool:
        """True for a whole year."""
        return self.months == 12

    def same_period_last_year(self) -> Period:
        """The period a year earlier (cùng kỳ)."""
        return Period(self.year - 1, self.first_month, self.last_month)

    def whole_year(self) -> Period:
        """The whole year this period belongs to."""
        return Period(self.year, 1, 12)


def parse_period(text: str) -> Period:
    """Read a period label; raise ``InputError`` for anything else (a date, a typo)."""
    raw = str(text).strip()
    m = _CANONICAL.match(raw)
    if m:
        year, part = int(m["year"]), m["part"]
        if part is None:
            return Period(year, 1, 12)
        if m["ytd"]:
            months = int(m["ytd"])
            if not 1 <= months <= 11:
                raise InputError(f"year-to-date covers 1 to 11 months, got {shown(raw)}", field="period")
            return Period(year, 1, months)
        n = int(part[1])
        return Period(year, 6 * n - 5, 6 * n) if part[0] == "H" else Period(year, 3 * n - 2, 3 * n)
    return _parse_vietnamese(raw.lower())


def _parse_vietnamese(text: str) -> Period:
    if m := _VI_YEAR.match(text):
        return Period(int(m["year"]), 1, 12)
    if m := _VI_HALF.match(text):
        return Period(int(m["year"]), 7, 12)
    if m := _VI_YTD.match(text):
        months = int(m["months"])
        if 1 <= months <= 11:
            return Period(int(m["year"]), 1, months)
    if m := _VI_QUARTER.match(text):
        q = int(m["q"]) if m["q"].isdigit() else _ROMAN[m["q"].upper()]
        return Period(int(m["year"]), 3 * q - 2, 3 * q)
    raise InputError(
        f"unknown period {shown(text)}: write 2023, 2023-H1, 2023-Q3, 2023-6T (6 tháng) or 2023-9T (9 tháng)",
        field="period",
    )


def canonical(text: str) -> str:
    """The canonical label of a period written any accepted way."""
    return parse_period(text).label


MAX_HELD_SHOWN = 6  # periods a hint lists


def held_instead(held: Iterable[str], wanted: Period) -> str:
    """What a file with no figures for ``wanted`` holds instead, as the end of that message ('' when nothing).

    ``held`` are the file's canonical period labels. Periods of ``wanted``'s year come first: a year-to-date
    file checked for the plan year ('2024') gets "; it holds 2024-6T: give --period 2024-6T". With none
    of that year, the periods it holds are named (a file of another year).
    """
    periods = sorted({parse_period(label) for label in held} - {wanted})
    same_year = [p for p in periods if p.year == wanted.year]
    if same_year:
        labels = [p.label for p in same_year]
        give = f"--period {labels[0]}" if len(labels) == 1 else "--period with one of them"
        return f"; it holds {_listed(labels)}: give {give}"
    return f"; it holds {_listed([p.label for p in periods])}" if periods else ""


def _listed(labels: list[str]) -> str:
    """Labels joined by commas, the first ``MAX_HELD_SHOWN`` of them and a count of the rest."""
    rest = len(labels) - MAX_HELD_SHOWN
    return ", ".join(labels[:MAX_HELD_SHOWN]) + (f" and {rest} more" if rest > 0 else "")
