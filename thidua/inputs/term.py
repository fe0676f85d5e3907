"""The plan's ``term:`` section: targets for a term of several years (kế hoạch 5 năm, nghị quyết nhiệm kỳ).

    term:
      start: 2020          # the term's base year: the figure the average growth is measured from
      end: 2025            # the year its targets are for
      targets:
        - {indicator: thu_nhap_binh_quan, average_growth: 7, quote: "bình quân tăng 7%/năm"}
        - {indicator: thu_ngan_sach, level: 75, quote: "đến năm 2025 đạt 75 triệu đồng"}

Each names an indicator of the plan's ``targets:`` (its name, unit and measure), and either an average yearly
growth in % or a level to reach by ``end``. ``thidua.review.term`` works out where each stands from the
yearly figures (docs/domain.md §5.14).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, ClassVar

import pandas as pd

from thidua.errors import InputError, shown
from thidua.inputs.schema import Rule, Schema, say

COLUMNS = ["indicator_id", "average_growth", "level", "quote"]
_YEAR = say(gt=1900, lt=2200, error="must be a year such as 2025, got {value!r}")
_ID = "must be lower-case letters, digits and _, got {value!r}"


class TermTarget(Schema):
    """One term target: an indicator and its average yearly growth, or its level by the term's end."""

    place: ClassVar = ("term target '{indicator}'", "term target #{n}")
    indicator: Annotated[str, say(pattern=r"^[a-z][a-z0-9_]*$", error=_ID)]
    average_growth: Annotated[float, say(gt=-100, lt=1000, error="must be a % per year, got {value!r}")] | None = None
    level: Annotated[float, say(ge=0, error="must be a figure of the indicator's unit, got {value!r}")] | None = None
    quote: str | None = None

    def __post_init__(self) -> None:
        """Exactly one of an average growth and a level."""
        if (self.average_growth is None) == (self.level is None):
            raise Rule("give either average_growth (% per year) or level (by the term's end)", "average_growth")


class TermSection(Schema):
    """``term:`` the term's years and its targets."""

    place: ClassVar = ("term",)
    shape: ClassVar = "must be a mapping with start, end and targets"
    start: Annotated[int, _YEAR]
    end: Annotated[int, _YEAR]
    targets: Annotated[list[TermTarget], say(min_length=1, max_length=1000)]

    def __post_init__(self) -> None:
        """The term runs forwards, at most 10 years."""
        if not 0 < self.end - self.start <= 10:
            raise Rule(f"a term runs 1 to 10 years after its start, got {self.start}–{self.end}", "end")


def term_frame(section: TermSection | None, indicators: set[str], path: str | Path) -> pd.DataFrame:
    """The term targets as a frame (``COLUMNS``; empty without a term), each naming an indicator of the plan."""
    if section is None:
        return pd.DataFrame(columns=COLUMNS)
    for target in section.targets:
        if target.indicator not in indicators:
            raise InputError(f"names {shown(target.indicator)}, which is no indicator of the plan's targets",
                             file=path, where=f"term target {shown(target.indicator)}", field="indicator")  # fmt: skip
    return pd.DataFrame(
        [{"indicator_id": t.indicator, "average_growth": t.average_growth, "level": t.level, "quote": t.quote}
         for t in section.targets], columns=COLUMNS,
    ).astype({"average_growth": float, "level": float})  # fmt: skip
