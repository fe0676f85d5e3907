"""The interim review (sơ kết 6 tháng / 9 tháng): the year-to-date figures against the annual plan."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from thidua.engine import interim as arithmetic
from thidua.engine.economy import derive
from thidua.errors import InputError
from thidua.inputs.observations import read_csv
from thidua.review.review import Review, build


@dataclass(frozen=True)
class Interim:
    """The year-to-date review and its progress against the annual plan."""

    review: Review  # the year-to-date period, assessed against the same period last year
    progress: pd.DataFrame = field(repr=False)
    # The files giving last year's whole-year figures (expected by now, projection): (file name, "figures" or
    # "budget"), the annual figures file and the budget file, as build_interim read them.
    year_files: tuple[tuple[str, str], ...] = ()


def period_of(annual: Review, period: str | None = None) -> str:
    """The period an interim review covers (the one its page names).

    ``period`` when given; else ``annual``'s own period when it is a year-to-date one (2023-6T); else the
    longest year-to-date period of the plan year in the ``ytd`` file (``2023-9T`` before ``2023-6T``).
    """
    ytd = annual.inputs.ytd
    if ytd is None:
        raise InputError("the interim review needs year-to-date figures: give ytd_path (--ytd)", field="ytd_path")
    if period:
        return period
    if not annual.period.is_year:
        return annual.period.label
    try:
        return arithmetic.latest_ytd(read_csv(ytd).values["period"], annual.plan.year).label
    except ValueError as exc:  # no year-to-date period in the file
        raise InputError(str(exc), file=ytd, field="period") from None


def build_interim(annual: Review, period: str | None = None) -> Interim:
    """The interim review of ``period`` (see ``period_of``) from ``annual``'s inputs, plan and whole-year figures."""
    ytd = period_of(annual, period)
    inputs = dataclasses.replace(annual.inputs, data=annual.inputs.ytd, official=None)
    review = build(inputs, ytd, annual.lang, plan=annual.plan)
    economy = annual.plan.economy
    year_values = (
        derive(annual.data.values, economy, annual.budget, annual.plan.targets) if economy else annual.data.values
    )
    last = str(review.period.year - 1)
    progress = arithmetic.progress(review.results, year_values, last)
    return Interim(review, progress, year_files(annual, last, budget=review.assesses_budget))


def year_files(annual: Review, year: str, *, budget: bool) -> tuple[tuple[str, str], ...]:
    """The files giving the interim review last year's whole-year figures: (file name, ``figures`` or ``budget``).

    The annual figures file (and the official file, for any figure of ``year`` it replaced), and the budget
    file when the interim review assesses the budget's totals and it holds lines of ``year``.
    """
    values = annual.data.values
    rows = values[values["period"] == year]
    names = [annual.inputs.data.name] if not rows.empty else []
    if "source" in rows.columns:  # an official file was read: each row names its file
        names = sorted({Path(str(s)).name for s in rows["source"]}, key=lambda n: n != annual.inputs.data.name)
    files = [(name, "figures") for name in names]
    lines = annual.budget
    if budget and annual.inputs.budget is not None and lines is not None and (lines["period"] == year).any():
        files.append((annual.inputs.budget.name, "budget"))
    return tuple(files)
