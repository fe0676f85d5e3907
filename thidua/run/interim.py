"""The interim review (sơ kết 6 tháng / 9 tháng) loaded: the year-to-date figures against the annual plan."""

from __future__ import annotations

from pathlib import Path

from thidua.engine import midyear
from thidua.engine.economy import derive
from thidua.errors import InputError
from thidua.inputs.catalog import DEFAULT_DATASET
from thidua.inputs.observations import read_csv
from thidua.reports.midyear_report import Interim
from thidua.reports.report import assesses_budget
from thidua.run.review import Review


def period_of(annual: Review, period: str | None = None) -> str:
    """The period an interim review covers (the one its page names): ``period``, or the latest in its figures.

    The latest is the longest year-to-date period of the plan year in the mid-year figures (``2023-9T``
    before ``2023-6T``).
    """
    if annual.inputs.midyear is None:
        raise InputError("the interim review needs year-to-date figures: give midyear_path", field="midyear_path")
    if period:
        return period
    return midyear.latest_ytd(read_csv(annual.inputs.midyear).values["period"], annual.plan.year).label


def load(
    dataset: str = DEFAULT_DATASET, *, period: str | None = None, lang: str = "vi", **paths: str | Path | None
) -> Interim:
    """The interim review of ``period`` (default: the longest year-to-date period in the mid-year figures)."""
    annual = Review.load(dataset, **paths, lang=lang)
    ytd = period_of(annual, period)
    files = {f"{role}_path": path for role, path in annual.inputs.files().items() if role != "official"}
    review = Review.load("", **{**files, "data_path": annual.inputs.midyear}, period=ytd, lang=lang)
    economy = annual.plan.economy
    year_values = (
        derive(annual.data.values, economy, annual.budget, annual.plan.targets) if economy else annual.data.values
    )
    last = str(review.period.year - 1)
    progress = midyear.progress(review.results, year_values, last)
    return Interim(review, progress, year_files(annual, last, budget=assesses_budget(review)))


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
