"""A term plan's review (kế hoạch 5 năm, nghị quyết nhiệm kỳ): where each term target stands in the review's year.

From the yearly figures of the review's data file (the term's base year to the review's year) and the plan's
``term:`` targets, ``thidua.engine.term.term_progress`` gives the average yearly growth achieved (compound), the
plan's path, the end target, what the remaining years need and the projection; in the term's last year, the
figure itself is the verdict (docs/domain.md §5.14).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from thidua.engine.economy import derive
from thidua.engine.term import term_progress
from thidua.inputs.published import split_published
from thidua.review.review import Review


@dataclass(frozen=True)
class Term:
    """The term's years, each target's yearly figures and where it stands in the review's year."""

    start: int  # the base year
    end: int  # the year the term's targets are for
    year: int  # the review's year
    yearly: pd.DataFrame = field(repr=False)  # indicator_id × year: the figures, NaN where none
    progress: pd.DataFrame = field(repr=False)  # per term target: base, latest, growth achieved, … (term_progress)


def yearly_figures(review: Review, ids: list[str], years: range) -> pd.DataFrame:
    """The whole-year figures of ``ids`` for ``years`` (derived ones too: growth from sector values, …)."""
    plan = review.plan
    values, _published = split_published(review.data.official_first().values, plan.targets)
    if plan.economy is not None:
        values = derive(values, plan.economy, review.budget, plan.targets)
    mine = values[values["unit"].eq(plan.meta["unit_id"]) & values["indicator_id"].isin(ids)]
    table = mine.assign(year=pd.to_numeric(mine["period"], errors="coerce")).dropna(subset=["year"])
    wide = table.pivot_table(index="indicator_id", columns="year", values="value", aggfunc="last")
    wide.columns = wide.columns.astype(int)
    return wide.reindex(index=ids, columns=list(years))


def build_term(review: Review) -> Term | None:
    """The term review of ``review``'s plan in its year; None when the plan sets no term targets."""
    plan = review.plan
    if plan.term_years is None or plan.term.empty:
        return None
    start, end = plan.term_years
    year = review.period.year
    targets = plan.term.set_index("indicator_id")
    yearly = yearly_figures(review, list(targets.index), range(start, max(end, year) + 1))
    done = min(year, end) - start
    base, latest = yearly[start], yearly[start + done] if done > 0 else yearly[start] * np.nan
    progress = term_progress(base, latest, max(done, 1), end - start, targets["average_growth"], targets["level"])
    progress.insert(0, "latest", latest)
    progress.insert(0, "base", base)
    return Term(start, end, year, yearly, progress)
