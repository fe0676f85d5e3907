"""A term plan's review (kế hoạch 5 năm, nghị quyết nhiệm kỳ): where each term target stands in the review's year.

From the yearly figures of the review's data file (the term's base year to the review's year) and the plan's
``term:`` targets (an indicator published only as its yearly growth, as GRDP is, becomes a chained index: the
base year 100, each year the one before times 1 + its published growth), ``thidua.engine.term.term_progress``
gives the average yearly growth achieved (compound), the plan's path, the end target, what the remaining years
need and the projection; in the term's last year, the figure itself is the verdict (docs/domain.md §5.14).
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
    indexed: frozenset[str] = frozenset()  # targets whose figures are a chained index (base year = 100)


def _wide(rows: pd.DataFrame, column: str, ids: list[str], years: range) -> pd.DataFrame:
    """``rows`` (unit, period, indicator_id, ``column``) as indicator × whole year."""
    table = rows.assign(year=pd.to_numeric(rows["period"], errors="coerce")).dropna(subset=["year"])
    wide = table.pivot_table(index="indicator_id", columns="year", values=column, aggfunc="last")
    wide.columns = wide.columns.astype(int)
    return wide.reindex(index=ids, columns=list(years))


def yearly_figures(review: Review, ids: list[str], years: range) -> tuple[pd.DataFrame, frozenset[str]]:
    """The whole-year figures of ``ids`` for ``years`` (derived ones too: growth from sector values, …).

    An indicator with no level in any year but a published growth for each year after the first becomes a chained
    index, the first year 100: 100 · Π (1 + g / 100). Returns the figures and the ids so indexed.
    """
    plan = review.plan
    values, published = split_published(review.data.official_first().values, plan.targets)
    if plan.economy is not None:
        values = derive(values, plan.economy, review.budget, plan.targets)
    unit = plan.meta["unit_id"]
    wide = _wide(values[values["unit"].eq(unit) & values["indicator_id"].isin(ids)], "value", ids, years)
    growth = plan.targets.loc[plan.targets["kind"].eq("growth"), "indicator_id"]
    rates = published[published["unit"].eq(unit) & published["indicator_id"].isin(growth)]
    rates = _wide(rates, "published", ids, years)
    chainable = wide.isna().all(axis=1) & rates.iloc[:, 1:].notna().any(axis=1)
    factors = 1 + rates.iloc[:, 1:] / 100
    chained = 100 * factors.cumprod(axis=1, skipna=False)
    chained.insert(0, years[0], 100.0)
    wide = wide.mask(np.repeat(chainable.to_numpy()[:, None], wide.shape[1], axis=1), chained.to_numpy())
    return wide, frozenset(chainable[chainable].index)


def build_term(review: Review) -> Term | None:
    """The term review of ``review``'s plan in its year; None when the plan sets no term targets."""
    plan = review.plan
    if plan.term_years is None or plan.term.empty:
        return None
    start, end = plan.term_years
    year = review.period.year
    targets = plan.term.set_index("indicator_id")
    yearly, indexed = yearly_figures(review, list(targets.index), range(start, max(end, year) + 1))
    done = min(year, end) - start
    base, latest = yearly[start], yearly[start + done] if done > 0 else yearly[start] * np.nan
    progress = term_progress(base, latest, max(done, 1), end - start, targets["average_growth"], targets["level"])
    progress.insert(0, "latest", latest)
    progress.insert(0, "base", base)
    return Term(start, end, year, yearly, progress, indexed)
