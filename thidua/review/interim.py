"""The interim review (sơ kết 6 tháng / 9 tháng): the year-to-date figures against the annual plan.

It needs the plan and the year-to-date figures only; last year's same period (the change "so với cùng kỳ",
last year's pace) and last year's whole year (the pace, the target of a growth plan) are used when given:
in the year-to-date file itself, or in the annual figures and budget files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from thidua.engine import interim as arithmetic
from thidua.engine.economy import derive
from thidua.errors import InputError
from thidua.inputs.observations import KEYS, Figures, read_csv
from thidua.inputs.sources import read_data
from thidua.review.review import Review, build

# The year-end verdict's columns of an assessment, which an interim review never shows.
VERDICT_COLUMNS = ("status", "pct_of_plan", "progress_ratio", "progress_class")


@dataclass(frozen=True)
class Interim:
    """The year-to-date review and where each of its targets stands against the annual plan."""

    review: Review  # the year-to-date period, assessed against the same period last year
    progress: pd.DataFrame = field(repr=False)
    # The files giving last year's whole-year figures (the pace, the target of a growth plan): (file name,
    # "figures" or "budget"): the year-to-date file itself, the annual figures file, the budget file.
    year_files: tuple[tuple[str, str], ...] = ()

    @property
    def results(self) -> pd.DataFrame:
        """The year-to-date results with where each target stands, and none of the year-end verdict's columns.

        What the interim review's tables, ``thidua assess --period 2023-6T`` and its CSV and JSON give.
        """
        kept = self.review.results.drop(columns=list(VERDICT_COLUMNS)).reset_index(drop=True)
        return kept.join(self.progress.drop(columns=["indicator_id", "actual", "baseline", "change_vs_baseline"]))

    @property
    def stands(self) -> pd.Series:
        """Where each statement stands, as the plan counts them: a clause of parts once, by its worst part.

        Indexed by the statement's id (a target's, or its clause's ``part_of``), in the plan's order.
        """
        ids = self.review.results["indicator_id"].astype(str).reset_index(drop=True)
        part_of = self.review.plan.targets.drop_duplicates("indicator_id").set_index("indicator_id")["part_of"]
        return arithmetic.clause_progress(
            self.progress["progress"].reset_index(drop=True), ids.map(part_of).fillna(ids)
        )


def period_of(annual: Review, period: str | None = None) -> str:
    """The period an interim review covers (the one its page names).

    ``period`` when given; else ``annual``'s own period when it is a year-to-date one (2023-6T); else the
    longest year-to-date period of the plan year in the ``ytd`` file (``2023-9T`` before ``2023-6T``).
    """
    if period:
        return period
    if not annual.period.is_year:
        return annual.period.label
    ytd = annual.inputs.ytd
    if ytd is None:
        raise InputError("the interim review needs year-to-date figures: give ytd_path (--ytd)", field="ytd_path")
    try:
        return arithmetic.latest_ytd(read_csv(ytd).values["period"], annual.plan.year).label
    except ValueError as exc:  # no year-to-date period in the file
        raise InputError(str(exc), file=ytd, field="period") from None


def build_interim(review: Review, period: str | None = None) -> Interim:
    """The interim review of ``period`` (see ``period_of``): ``review`` itself when it is of that period.

    A year-end review gives it its inputs, plan and whole-year figures; the year-to-date figures come from
    the ``ytd`` file (else the ``data`` file).
    """
    ytd = period_of(review, period)
    if review.period.label == ytd:
        return _interim(review, _annual_values(review))
    interim_review = build(review.inputs, ytd, review.lang, plan=review.plan)
    if review.period.is_year and review.period.year == interim_review.period.year:
        interim = _interim(interim_review, (review.data, review.budget))
    else:
        interim = _interim(interim_review, _annual_values(interim_review))
    interim_review.__dict__["interim"] = interim  # its cached interim: the one built here
    return interim


def _annual_values(review: Review) -> tuple[Figures | None, pd.DataFrame | None]:
    """The annual figures file's figures and budget lines, when the review read its figures from another file."""
    path = review.inputs.data
    if Path(review.data.path) == Path(path):
        return None, review.budget
    return read_data(path, review.plan, review.inputs.budget)


def _interim(review: Review, annual: tuple[Figures | None, pd.DataFrame | None]) -> Interim:
    """``review`` (year-to-date) with its progress, last year's whole year taken from its own file and ``annual``."""
    figures, budget = annual
    last = str(review.period.year - 1)
    own = review.data.official_first().values
    frames = [own[own["period"] == last].assign(file=review.data.path.name)]
    if figures is not None:
        values = figures.official_first().values
        rows = values[values["period"] == last]
        names = rows["source"].map(lambda s: Path(str(s)).name) if "source" in rows.columns else figures.path.name
        frames.insert(0, rows.assign(file=names))
    year = pd.concat(frames, ignore_index=True).drop_duplicates(KEYS)  # the annual file first
    economy = review.plan.economy
    derived = derive(year.drop(columns="file"), economy, budget, review.plan.targets) if economy else year
    progress = arithmetic.progress(review.results, derived, last, _declared(review))
    files = [(name, "figures") for name in dict.fromkeys(year["file"]) if isinstance(name, str)]
    if review.assesses_budget and budget is not None and (budget["period"] == last).any():
        files.append((Path(review.inputs.budget).name, "budget"))
    return Interim(review, progress, tuple(files))


def _declared(review: Review) -> float:
    """The share of the year's plan the plan expects done by the review's period (0–1), NaN when it says none."""
    shares = review.plan.meta.get("expected_share") or {}
    value = shares.get(f"{review.period.months}T")
    return float(value) / 100.0 if value is not None else np.nan
