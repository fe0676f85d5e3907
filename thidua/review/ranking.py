"""The ranking of a review's sub-units (hamlets within a commune, communes within a town) for emulation."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from thidua.engine.ranking import scores, with_change
from thidua.errors import InputError
from thidua.inputs.observations import read_csv
from thidua.inputs.scoring import Scoring, load_scoring
from thidua.inputs.sources import same_plan
from thidua.inputs.units import load_units
from thidua.review.review import Review, run_assessment


@dataclass(frozen=True)
class Ranking:
    """The sub-units ranked: scores, ranks and change since last year, the scoring table, the units' names."""

    table: pd.DataFrame  # unit, score, content, bonus, deduction, rank, previous_rank, rank_change
    scoring: Scoring
    names: pd.Series = field(repr=False)  # unit id → name
    sample: bool = False  # the sub-units' figures are sample data
    estimate: bool = False  # some sub-unit's figure for the period is an estimate (ước)


def build_ranking(review: Review) -> Ranking:
    """The sub-units of ``review`` scored and ranked, with the change since the same period last year.

    Every sub-unit must be in the units file when one is given.
    """
    subunits = read_csv(review.inputs.subunits)
    same_plan(subunits, review.plan, "header", "plan")
    units = load_units(review.inputs.units) if review.inputs.units else None
    if units is not None:
        unknown = ~subunits.values["unit"].isin(units.table["id"])
        if unknown.any():
            row = subunits.values[unknown].iloc[0]
            raise InputError(f"unit {row['unit']!r} is not in the units file {review.inputs.units}",
                             file=subunits.path, where=f"line {row['line']}", field="unit")  # fmt: skip
    scoring = load_scoring(review.inputs.scoring)
    now, before = review.period, review.period.same_period_last_year()
    periods = [p for p in (now.label, before.label) if (subunits.values["period"] == p).any()]
    results = pd.concat([run_assessment(review.plan, subunits, p) for p in periods], ignore_index=True)
    names = units.names() if units is not None else pd.Series(dtype=str)
    ranked = with_change(scores(results, scoring), now.label, before.label)
    estimated = bool(results.loc[results["period"].astype(str) == now.label, "estimate"].any())
    return Ranking(ranked, scoring, names, sample=subunits.is_sample, estimate=estimated)
