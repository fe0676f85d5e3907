"""The assessed review: a plan, its figures for one period, the validation problems and the assessment.

``build`` is the one way a review is made: it reads the plan and figures, validates them, derives the
economic indicators and assesses every target. The command line, the pre-run checks, the pages, the
notebooks and the Word report all read what it built; a job builds it once and its notebooks load it
(``thidua.review.stored``). The interim review and the ranking are parts of the review, built the first
time they are asked for and kept with it.
"""

from __future__ import annotations

import functools
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from thidua.engine.achievement import STATUSES, assess
from thidua.engine.economy import derive
from thidua.engine.interim import PROGRESS
from thidua.engine.succession import formed
from thidua.engine.summary import statements
from thidua.errors import InputError, Invalid
from thidua.inputs.catalog import DEFAULT_DATASET, Inputs, parameter, resolve, roles_of
from thidua.inputs.languages import check_lang, name_column
from thidua.inputs.observations import Figures, estimated_results, kept_figures, observations, replace_estimates
from thidua.inputs.periods import Period, held_instead, parse_period
from thidua.inputs.plan import Plan, load_plan
from thidua.inputs.published import PUBLISHED, attach, basis, split_published
from thidua.inputs.sources import read_data
from thidua.inputs.units import Units, load_units
from thidua.inputs.validation import Problem, kept_estimates, validate

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

    from thidua.review.commendation import Commendation
    from thidua.review.interim import Interim
    from thidua.review.ranking import Ranking
    from thidua.review.term import Term

log = logging.getLogger("thidua")

ROOT_VARIABLE = "THIDUA_ROOT"  # `make lab` sets it to the project root, where JupyterLab starts


def input_path(path: str | Path) -> Path:
    """A file named to the API or a notebook, made absolute.

    A relative path is taken from ``$THIDUA_ROOT`` when it is set (JupyterLab started by ``make lab``:
    the kernel's own directory is the notebook's folder), else from the current directory. The command
    line resolves its paths from where it is run and gives notebooks absolute ones.
    """
    return (Path(os.environ.get(ROOT_VARIABLE) or ".") / Path(path).expanduser()).resolve()


def run_assessment(
    plan: Plan, data: Figures, period: str | None = None, budget: pd.DataFrame | None = None
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
        held = held_instead(data.values["period"], current)
        raise InputError(f"has no figures for period {current.label!r}{held}", file=data.path, field="period")
    results = assess(plan.targets, obs)
    derived = values[values["line"].isna()] if "line" in values.columns else values.iloc[:0]
    derivable = plan.economy.derived_ids if plan.economy is not None else []
    marked = pd.concat([values, published.rename(columns={PUBLISHED: "value"})], ignore_index=True)
    return results.assign(
        basis=basis(results, derived, published, derivable), estimate=estimated_results(results, marked, current.label)
    )


def build(
    inputs: Inputs,
    period: str | None = None,
    lang: str = "vi",
    numbers: str | None = None,
    plan: Plan | None = None,
) -> Review:
    """Load, validate and assess ``inputs`` for ``period`` (default: the plan year), in ``lang``.

    Raises :class:`Invalid` (an ``InputError`` listing every problem) when the figures have errors.
    ``numbers`` is how the CSV files write numbers (``vi``, ``en``; default: each file's line, else
    detected); ``plan`` is the plan of ``inputs`` when it was read already.
    """
    lang = check_lang(lang)
    plan = plan or load_plan(inputs.plan)
    current = parse_period(period or str(plan.year))
    path = figures_path(inputs, current)
    log.debug("building the review of %s for %s", path.name, current.label)
    data, budget = read_data(path, plan, inputs.budget, numbers)
    kept: list[Problem] = []
    if inputs.official is not None and path == inputs.data:  # a later file: its figures replace the estimates
        official = read_data(inputs.official, plan, number_style=numbers)[0]
        kept = kept_estimates(kept_figures(data, official), inputs.official)  # its empty cells do not
        data = replace_estimates(data, official)
    units = load_units(inputs.units) if inputs.units else None
    data, history = with_predecessors(data, units, plan, current)
    problems = validate(data.official_first(), plan, current.label, units) + kept
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise Invalid(problems)
    results = run_assessment(plan, data, current.label, budget)
    results.insert(3, "name", results["indicator_id"].map(names(plan, lang)))
    if history is not None:  # a figure of last year the predecessors could not give is not comparable
        formed = results["indicator_id"].isin(history.refused["indicator_id"])
        refused = formed & results["note"].isin(["", "no_baseline"])
        results.loc[refused.to_numpy(), "note"] = "not_comparable"
    return Review(inputs, plan, data, budget, current, lang, results, problems, history)


@dataclass(frozen=True)
class History:
    """How last year's figures of a merged or split unit were formed: from which units, and what could not be."""

    period: str  # last year's period, e.g. "2025"
    predecessors: pd.DataFrame  # predecessor, share, basis, name
    refused: pd.DataFrame  # indicator_id, reason, measure


def with_predecessors(
    data: Figures, units: Units | None, plan: Plan, current: Period
) -> tuple[Figures, History | None]:
    """``data`` with the plan unit's figures of last year formed from its predecessors', when it has none itself.

    A unit formed on 1 July 2025 from four communes has no figures of 2025 under its own code: they are the
    four communes' (``thidua.engine.succession.formed``). Nothing changes for a unit with no predecessors.
    """
    unit, last = plan.meta["unit_id"], current.same_period_last_year().label
    links = units.formed_from(unit) if units is not None else None
    values = data.values
    if links is None or links.empty or ((values["unit"] == unit) & (values["period"] == last)).any():
        return data, None
    measures = plan.targets.drop_duplicates("indicator_id").set_index("indicator_id")["measure"]
    rows, refused = formed(values, links, unit, last, measures)
    rows = rows[rows["indicator_id"].str.removesuffix("%").isin([*plan.indicator_ids, *plan.input_ids])]  # no weight
    kept = values[~((values["period"] == last) & values["unit"].isin(links["predecessor"]))]
    combined = pd.concat([kept, rows.reindex(columns=values.columns)], ignore_index=True)
    return Figures(data.path, combined, data.meta), History(last, links, refused)


def figures_path(inputs: Inputs, period: Period) -> Path:
    """The file holding the figures of ``period``: the ``ytd`` file for a year-to-date period, else ``data``.

    With both given, the annual figures file gives a year-to-date review last year's whole year.
    """
    return inputs.ytd if inputs.ytd is not None and not period.is_year else inputs.data


def names(plan: Plan, lang: str) -> pd.Series:
    """Indicator id → the target's name in ``lang``."""
    return plan.targets.drop_duplicates("indicator_id").set_index("indicator_id")[name_column(lang)]


@dataclass(frozen=True)
class Review:
    """A plan, its figures for one period, the validation problems and the assessment.

    ``interim`` and ``ranking`` are built when first asked for and kept: saved with the review, a job's
    notebooks read them instead of building them again.
    """

    inputs: Inputs
    plan: Plan
    data: Figures
    budget: pd.DataFrame | None
    period: Period
    lang: str
    results: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    history: History | None = None  # how last year's figures were formed, for a merged or split unit

    @classmethod
    def load(
        cls,
        dataset: str = DEFAULT_DATASET,
        *,
        period: str | None = None,
        lang: str = "vi",
        **paths: str | Path | None,
    ) -> Review:
        """The review of a dataset's files, some replaced by ``paths``; raise ``InputError`` on errors.

        ``paths`` are ``plan_path``, ``data_path``, ``budget_path``, … (one per input role); empty ones
        take the dataset's file, relative ones start where ``input_path`` says.
        """
        files = {role: input_path(path) for role, path in roles_of(paths).items() if path}
        missing = next((role for role, path in files.items() if not path.exists()), None)
        if missing is not None:
            root = os.environ.get(ROOT_VARIABLE)
            start = (
                f"${ROOT_VARIABLE}, {root}"
                if root
                else f"the current folder, {Path.cwd()}, as ${ROOT_VARIABLE} is unset"
            )
            raise InputError(f"file not found (a relative path starts at {start})", file=files[missing],
                             field=parameter(missing))  # fmt: skip
        return build(resolve(dataset, **files), period or None, lang)

    def __repr__(self) -> str:
        """A few lines: plan, unit, period, language, files and counts (not the frames themselves)."""
        files = "".join(f"\n  {role}: {path}" for role, path in self.inputs.files().items())
        counts = self.counts()
        statuses = ", ".join(f"{n} {status}" for status, n in counts.items())
        return (
            f"Review(plan {self.plan.meta['number']}, {self.unit_name}, {self.period.label}, lang {self.lang})"
            f"\n  {counts.sum()} targets: {statuses}; {len(self.problems)} warning(s){files}"
        )

    def counts(self) -> pd.Series:
        """How many targets stand where, as the pages count them: a clause of parts once (33 in plan 71, not 35).

        A year-end review counts statuses; an interim one where each target stands (its progress).
        """
        if self.is_interim:
            return self.interim.stands.value_counts().reindex(PROGRESS, fill_value=0)
        counted = statements(self.results, self.plan.targets)["status"].astype(str)
        return counted.value_counts().reindex(STATUSES, fill_value=0)

    def table(self) -> Styler:
        """The results as an analyst reads them first: name, unit, last year, plan, figure, % of plan, status.

        One row per target (a clause's parts each), numbers in the review's language (7.117.000.000; 104,2);
        ``.data`` is the frame behind it. ``results`` keeps every column.
        """
        columns = ["indicator_id", "name", "unit_of_measure", "baseline", "target", "actual", "pct_of_plan", "status"]
        frame = self.results.assign(name=self.results["indicator_id"].map(self.names()))[columns]
        thousands, decimal = (".", ",") if self.lang == "vi" else (",", ".")
        return frame.style.hide(axis="index").format(precision=2, thousands=thousands, decimal=decimal, na_rep="–")

    @property
    def is_sample(self) -> bool:
        """True when the figures (or the plan) are sample data, which every report must say."""
        return self.data.is_sample or self.plan.is_sample

    @property
    def is_estimate(self) -> bool:
        """True when any figure assessed is an estimate: the summary line then starts with 'Ước'."""
        return bool(self.results["estimate"].any())

    @property
    def budget_ids(self) -> frozenset[str]:
        """The targets whose figures are the budget's totals (revenue, spending), as the plan's economy names them."""
        economy = self.plan.economy
        return frozenset({economy.budget_revenue, economy.budget_expenditure} - {None}) if economy else frozenset()

    @property
    def assesses_budget(self) -> bool:
        """True when some target assessed is a budget total (its figure may come from the budget lines)."""
        return bool(self.results["indicator_id"].isin(self.budget_ids).any())

    @functools.cached_property
    def unit_name(self) -> str:
        """The reviewed unit's name: from the units file when given, else the plan's own unit."""
        units = self.results["unit"].astype(str).unique()
        if self.inputs.units is not None and len(units) == 1:
            named = load_units(self.inputs.units).names()
            if units[0] in named.index:
                return str(named[units[0]])
        return str(self.plan.meta["unit_name"])

    def names(self) -> pd.Series:
        """Indicator id → name in the review's language."""
        return names(self.plan, self.lang)

    @property
    def is_interim(self) -> bool:
        """True for a review of a year-to-date period (sơ kết 6 tháng, 9 tháng): it gives no year-end verdict."""
        return not self.period.is_year

    @functools.cached_property
    def interim(self) -> Interim | None:
        """The interim review (sơ kết); None for a year-end review given no ``ytd`` file.

        Of this review itself when its period is a year-to-date one (2023-6T); else of the longest
        year-to-date period of the plan year in the ``ytd`` file.
        """
        from thidua.review.interim import build_interim

        return build_interim(self) if self.is_interim or self.inputs.ytd is not None else None

    @functools.cached_property
    def ranking(self) -> Ranking | None:
        """The sub-units (hamlets, or a town's communes) scored and ranked; None without their figures or scoring."""
        from thidua.review.ranking import build_ranking

        return build_ranking(self) if self.inputs.subunits and self.inputs.scoring else None

    @functools.cached_property
    def term(self) -> Term | None:
        """Where each term target stands in the review's year; None when the plan sets no term targets."""
        from thidua.review.term import build_term

        return build_term(self)

    @functools.cached_property
    def commendation(self) -> Commendation | None:
        """Who meets each emulation title's criteria; None without a roster (and titles)."""
        from thidua.review.commendation import build_commendation

        return build_commendation(self) if self.inputs.roster and self.inputs.titles else None
