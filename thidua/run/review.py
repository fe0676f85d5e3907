"""Everything one review needs, loaded and assessed once: what every notebook starts from.

``Review.load`` reads the plan and figures (from the catalog or given paths), validates them,
derives the economic indicators and assesses every target. Notebooks then only display.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from thidua.engine.achievement import STATUSES, assess
from thidua.engine.economy import derive
from thidua.engine.ranking import Ranking, scores, with_change
from thidua.errors import InputError
from thidua.inputs.catalog import DEFAULT_DATASET, ROLES, Inputs, resolve
from thidua.inputs.observations import (
    Dataset,
    estimated_results,
    kept_figures,
    observations,
    read_csv,
    replace_estimates,
)
from thidua.inputs.periods import Period, parse_period
from thidua.inputs.plan import Plan, load_plan
from thidua.inputs.published import attach, basis, split_published
from thidua.inputs.scoring import load_scoring
from thidua.inputs.sources import read_data, same_plan
from thidua.inputs.units import load_units
from thidua.inputs.validation import Problem, kept_estimates, validate
from thidua.reports.formatting import check_lang, name_column
from thidua.reports.sentences import Wording

ROOT_VARIABLE = "THIDUA_ROOT"  # `make lab` sets it to the project root, where JupyterLab starts


def input_path(path: str | Path) -> Path:
    """A file named to the API or a notebook, made absolute.

    A relative path is taken from ``$THIDUA_ROOT`` when it is set (JupyterLab started by ``make lab``:
    the kernel's own directory is the notebook's folder), else from the current directory. The command
    line resolves its paths from where it is run and gives notebooks absolute ones.
    """
    return (Path(os.environ.get(ROOT_VARIABLE) or ".") / Path(path).expanduser()).resolve()


def run_assessment(
    plan: Plan, data: Dataset, period: str | None = None, budget: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Assess ``data`` against ``plan`` for ``period`` (default: the plan year) vs the same period a year before.

    Economic indicators the plan derives (growth, structure, income, budget) are computed from the
    entered sector values, income, population and budget lines first. Run ``validate`` before it:
    this function assumes the checks passed.
    """
    current = parse_period(period or str(plan.year))
    try:
        values, published = split_published(data.official_first().values, plan.targets)
        if plan.economy is not None:
            values = derive(values, plan.economy, budget, plan.targets)
    except InputError as exc:
        raise InputError(exc.message, file=exc.file or data.path, where=exc.where, field=exc.field) from None
    obs = attach(observations(values, current.label, current.same_period_last_year().label), published, current.label)
    if obs.empty:
        raise InputError(f"has no figures for period {current.label!r}", file=data.path, field="period")
    results = assess(plan.targets, obs)
    derived = values[values["line"].isna()] if "line" in values.columns else values.iloc[:0]
    derivable = plan.economy.derived_ids if plan.economy is not None else []
    return results.assign(
        basis=basis(results, derived, published, derivable), estimate=estimated_results(results, values, current.label)
    )


@dataclass(frozen=True)
class Review:
    """A plan, its figures for one period, the validation problems and the assessment."""

    inputs: Inputs
    plan: Plan
    data: Dataset
    budget: pd.DataFrame | None
    period: Period
    lang: str
    results: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def load(
        cls,
        dataset: str = DEFAULT_DATASET,
        *,
        period: str | None = None,
        lang: str = "vi",
        **paths: str | Path | None,
    ) -> Review:
        """Load, validate and assess; raise ``InputError`` if the figures have errors.

        ``paths`` are ``plan_path``, ``data_path``, ``budget_path``, … (one per role of the catalog);
        empty ones take the dataset's file, relative ones start where ``input_path`` says.
        """
        unknown = [k for k in paths if not k.endswith("_path") or k[:-5] not in ROLES]
        if unknown:
            raise TypeError(f"unknown argument(s) {', '.join(unknown)}")
        lang = check_lang(lang)
        inputs = resolve(dataset, **{k[:-5]: input_path(v) for k, v in paths.items() if v})
        plan = load_plan(inputs.plan)
        current = parse_period(period or str(plan.year))
        data, budget = read_data(inputs.data, plan, inputs.budget)
        kept = []
        if inputs.official is not None:  # a later file: its figures replace the estimates of the first
            official = read_data(inputs.official, plan)[0]
            kept = kept_estimates(kept_figures(data, official), inputs.official)  # its empty cells do not
            data = replace_estimates(data, official)
        units = load_units(inputs.units) if inputs.units else None
        problems = validate(data.official_first(), plan, current.label, units) + kept
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise InputError(f"{len(errors)} error(s), the first: {errors[0]}", file=errors[0].file)
        results = run_assessment(plan, data, current.label, budget)
        review = cls(inputs, plan, data, budget, current, lang, results, problems)
        results.insert(3, "name", results["indicator_id"].map(review.names()))
        return review

    def __repr__(self) -> str:
        """A few lines: plan, unit, period, language, files and counts (not the frames themselves)."""
        files = "".join(f"\n  {role}: {path}" for role, path in self.inputs.files().items())
        counts = self.results["status"].value_counts().reindex(STATUSES, fill_value=0)
        statuses = ", ".join(f"{n} {status}" for status, n in counts.items())
        return (
            f"Review(plan {self.plan.meta['number']}, {self.unit_name}, {self.period.label}, lang {self.lang})"
            f"\n  {len(self.results)} targets: {statuses}; {len(self.problems)} warning(s){files}"
        )

    @property
    def is_sample(self) -> bool:
        """True when the figures (or the plan) are sample data, which every report must say."""
        return self.data.is_sample or self.plan.is_sample

    @property
    def is_estimate(self) -> bool:
        """True when any figure assessed is an estimate: the summary line then starts with 'Ước'."""
        return bool(self.results["estimate"].any())

    @property
    def wording(self) -> Wording:
        """How this review's sentences speak: language, period, estimates, the budget's targets."""
        economy = self.plan.economy
        budget = {economy.budget_revenue, economy.budget_expenditure} - {None} if economy else set()
        estimated = frozenset(self.results.loc[self.results["estimate"], "indicator_id"].astype(str))
        return Wording(self.lang, self.period, estimated, frozenset(budget))

    @property
    def unit_name(self) -> str:
        """The reviewed unit's name: from the units file when given, else the plan's own unit."""
        units = self.results["unit"].astype(str).unique()
        if self.inputs.units is not None and len(units) == 1:
            names = load_units(self.inputs.units).names()
            if units[0] in names.index:
                return str(names[units[0]])
        return str(self.plan.meta["unit_name"])

    def names(self) -> pd.Series:
        """Indicator id → name in the review's language."""
        return self.plan.targets.drop_duplicates("indicator_id").set_index("indicator_id")[name_column(self.lang)]


def load_ranking(review: Review) -> Ranking | None:
    """The sub-units (hamlets, or a town's communes) scored and ranked, with the change since last year.

    None when the review has no sub-units' figures or no scoring table.
    """
    if review.inputs.subunits is None or review.inputs.scoring is None:
        return None
    subunits = read_csv(review.inputs.subunits)
    same_plan(subunits, review.plan, "header", "plan")
    scoring = load_scoring(review.inputs.scoring)
    now, before = review.period, review.period.same_period_last_year()
    periods = [p for p in (now.label, before.label) if (subunits.values["period"] == p).any()]
    results = pd.concat([run_assessment(review.plan, subunits, p) for p in periods], ignore_index=True)
    names = load_units(review.inputs.units).names() if review.inputs.units else pd.Series(dtype=str)
    ranked = with_change(scores(results, scoring), now.label, before.label)
    return Ranking(ranked, scoring, names, sample=subunits.is_sample)
