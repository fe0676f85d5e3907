"""Checks a data file must pass before any assessment: each problem names file, line and field.

An error stops the run (exit 2); a warning is shown and the run goes on (exit 1 from
``thidua validate``). The checks are docs/domain.md §6's: rates in [0, 100], counts and money not
negative, a part never above its whole, structure shares summing to 100 ± 0.1, every plan
indicator present or reported missing, a value far from last year's flagged for a second look;
plus known indicators (periods are checked when the file is read).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Literal

import numpy as np
import pandas as pd

from thidua.errors import Quoted, shown
from thidua.inputs.economy_section import INCOME, POPULATION
from thidua.inputs.ids import lookalike
from thidua.inputs.measures import MEASURES, SHARE_SUM_TOLERANCE
from thidua.inputs.observations import Figures
from thidua.inputs.periods import parse_period
from thidua.inputs.plan import Plan
from thidua.inputs.published import PUBLISHED_KINDS, SUFFIX, compared_ids, published_ids
from thidua.inputs.units import Units

MAX_UNKNOWN_UNITS = 20  # unknown unit ids listed one by one
FAR_FROM_LAST_YEAR = 100.0  # % change that deserves a second look, not a rejection
_UNPUBLISHABLE = (
    "indicator {indicator_id!r} gives a published change, which a yes/no or 'must fall' target does not take:"
    " give this year's and last year's figures"
)


# The warnings a review shows (errors stop it); thidua.reports.annual_page says them in the review's language.
NO_FIGURE_NOTE = "no figure for {indicator_id!r}: reported as no data"
FAR_FROM_LAST_YEAR_NOTE = "{value:g} is far from last year's figure: check it"
KEPT_ESTIMATE_NOTE = (
    "no figure for indicator {indicator_id} of unit {unit}, period {period}: the earlier figure {value:g} is kept"
)
# A target the plan's economy: section derives, with neither its figures nor the figures it comes from.
UNDERIVED_NOTES = {
    "constant": "economy: {indicator_id!r} cannot be derived: no component values at constant prices ({inputs})"
    " for {period}; give them, or the published rate as {published!r}; reported as no data",
    "current": "economy: {indicator_id!r} cannot be derived: no component values at current prices ({inputs})"
    " for {period}; give them, or the published share as {published!r}; reported as no data",
    "income": "economy: {indicator_id!r} cannot be derived: no {inputs} for {period}; reported as no data",
}


@dataclass(frozen=True)
class Problem:
    """One problem in a data file."""

    severity: Literal["error", "warning"]
    file: str
    where: str
    field: str
    message: str
    template: str = ""  # the message before its values went in, so a review can say it in its own language
    params: dict = dataclass_field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        return f"{self.severity}: {self.file}, {self.where}, field '{self.field}': {self.message}"


def validate(
    data: Figures, plan: Plan | None = None, period: str | None = None, units: Units | None = None
) -> list[Problem]:
    """Run every check on ``data`` (against ``plan`` and ``units`` when given); errors first, then warnings."""
    values = data.values
    found: list[Problem] = []

    def flag(mask: pd.Series | np.ndarray, severity: str, field: str, message: str) -> None:
        rows = values[np.asarray(mask, dtype=bool)]
        found.extend(
            Problem(severity, _file(row, data), _where(row), field, message.format(**_quoted(row)), message, row)  # type: ignore[arg-type]
            for row in rows.to_dict("records")
        )

    flag(
        values["numerator"] > values["denominator"],
        "error",
        "numerator",
        "part {numerator:g} is above its whole {denominator:g}",
    )
    flag((values["denominator"] <= 0), "error", "denominator", "the whole must be above 0")
    if plan is not None:
        _plan_checks(values, plan, flag)
    found.extend(_unknown_units(values, plan, units, data))
    if plan is not None:
        found.extend(_missing(values, plan, data, period or str(plan.year)))
        found.extend(_underived(values, plan, data, period or str(plan.year)))
        found.extend(_share_sums(values, plan, data))
    return sorted(found, key=lambda p: p.severity != "error")


def kept_estimates(rows: pd.DataFrame, path: object) -> list[Problem]:
    """A warning for each empty figure of a later file that leaves the earlier figure (``kept_figures``) in place."""
    return [
        Problem(
            "warning",
            str(path),
            _where(row),
            "value",
            KEPT_ESTIMATE_NOTE.format(
                indicator_id=shown(row["indicator_id"]),
                unit=shown(row["unit"]),
                period=row["period"],
                value=row["kept"],
            ),
            KEPT_ESTIMATE_NOTE,
            {"indicator_id": row["indicator_id"], "value": row["kept"]},
        )
        for row in rows.to_dict("records")
    ]


def _quoted(row: dict) -> dict:
    """A row's cells for a message template: texts quoted by ``shown`` (at most 60 characters)."""
    return {k: Quoted(v) if isinstance(v, str) else v for k, v in row.items()}


def _file(row: dict, data: Figures) -> str:
    """The file a row came from: its own (figures merged from two files name theirs), else the dataset's."""
    source = row.get("source")
    return source if isinstance(source, str) else str(data.path)


def _where(row: dict) -> str:
    """'line 12' in a CSV file, "sheet 'Chỉ tiêu', row 7" in a workbook."""
    sheet = row.get("sheet")
    return f"sheet '{sheet}', row {row['line']}" if isinstance(sheet, str) else f"line {row['line']}"


def _plan_checks(values: pd.DataFrame, plan: Plan, flag) -> None:  # noqa: ANN001
    published = values["indicator_id"].isin(list(published_ids(plan.targets)))
    ids = [*plan.indicator_ids, *plan.input_ids]
    unpublishable = values["indicator_id"].isin([f"{i}{SUFFIX}" for i in plan.indicator_ids]) & ~published
    flag(unpublishable, "error", "indicator", _UNPUBLISHABLE)
    misplaced = _misplaced_shares(plan)
    for ident, target in misplaced.items():
        message = f"indicator {{indicator_id!r}}: this component's share is entered under its target's id {target!r}"
        flag(values["indicator_id"].eq(ident), "error", "indicator", message)
    known = values["indicator_id"].isin([*ids, *misplaced]) | published | unpublishable
    hidden = _hidden_letters(values.loc[~known, "indicator_id"], ids)
    plain = ~known & ~values["indicator_id"].isin(list(hidden))
    flag(plain, "error", "indicator", f"indicator {{indicator_id!r}} is not in plan {plan.meta['number']}")
    for ident, how in hidden.items():
        how = how.replace("{", "{{").replace("}", "}}")  # the message is a template filled from the row
        message = f"indicator {{indicator_id!r}} is not in plan {plan.meta['number']}; it {how}"
        flag(values["indicator_id"].eq(ident), "error", "indicator", message)
    info = plan.targets.drop_duplicates("indicator_id").set_index("indicator_id")
    measure = values["indicator_id"].map(info["measure"])
    kind = values["indicator_id"].map(info["kind"])
    value = values["value"]
    rate = measure == "rate"
    low = np.where(kind == "below", -100.0, 0.0)  # a population growth rate may fall below 0
    flag(rate & ((value < low) | (value > 100)), "error", "value", "a rate must lie between 0 and 100, got {value:g}")
    share = values["indicator_id"].isin(_share_ids(plan)) & ~rate
    flag(share & ((value < 0) | (value > 100)), "error", "value", "a share must lie between 0 and 100, got {value:g}")
    signed = measure.isin([m for m, spec in MEASURES.items() if spec.negative_ok]) | published | unpublishable
    flag(~rate & ~signed & (value < 0), "error", "value", "counts and money cannot be negative, got {value:g}")
    flag(
        (kind == "yes_no") & value.notna() & ~value.isin([0, 1]),
        "error",
        "value",
        "a yes/no figure is 1 or 0, got {value:g}",
    )
    year = pd.to_numeric(values["period"].str[:4], errors="coerce")
    prev_period = (year - 1).astype("Int64").astype(str) + values["period"].str[4:]
    prev = values.set_index(["unit", "indicator_id", "period"])["value"]
    keys = pd.MultiIndex.from_arrays([values["unit"], values["indicator_id"], prev_period])
    before = prev.reindex(keys).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        change = (value.to_numpy() / before - 1) * 100
    far = (
        (~rate.to_numpy()) & (kind != "yes_no").to_numpy() & np.isfinite(change) & (np.abs(change) > FAR_FROM_LAST_YEAR)
    )
    flag(far, "warning", "value", FAR_FROM_LAST_YEAR_NOTE)


def _hidden_letters(unknown: pd.Series, known: list[str]) -> dict[str, str]:
    """For the first ``MAX_UNKNOWN_UNITS`` distinct unknown ids, those that hide a look-alike letter, and how."""
    found = {}
    for ident in pd.unique(unknown)[:MAX_UNKNOWN_UNITS]:
        close = difflib.get_close_matches(ident, known, n=1, cutoff=0.0)
        how = lookalike(ident, close[0] if close else None)
        if how:
            found[ident] = how
    return found


def _known_units(plan: Plan | None, units: Units | None) -> tuple[list[str], str]:
    """The unit ids a data file may hold, and how to say where they come from."""
    known, sources = [], []
    if plan is not None:
        known.append(str(plan.meta["unit_id"]))
        sources.append(f"plan {plan.meta['number']}'s unit")
    if units is not None:
        known.extend(units.table["id"])
        sources.append("in the units file")
    return known, " or ".join(sources)


def _unknown_units(values: pd.DataFrame, plan: Plan | None, units: Units | None, data: Figures) -> list[Problem]:
    """An error for each unit neither the plan nor the units file knows, at its first line, with the closest id.

    Without this a typo (or a look-alike letter) in a unit id is assessed as a second unit. At most
    ``MAX_UNKNOWN_UNITS`` are named: past that the file is for another plan, and matching every id would be slow.
    """
    known, sources = _known_units(plan, units)
    if not sources:
        return []
    first = values.drop_duplicates("unit")
    unknown = first[~first["unit"].isin(known)]
    problems = []
    for row in unknown.head(MAX_UNKNOWN_UNITS).to_dict("records"):
        close = difflib.get_close_matches(row["unit"], known, n=1, cutoff=0.0)
        hidden = lookalike(row["unit"], close[0] if close else None)
        hint = f"; it {hidden}" if hidden else ""
        hint += f"; the closest known id is {shown(close[0])}" if close else ""
        problems.append(
            Problem("error", str(data.path), _where(row), "unit", f"unit {shown(row['unit'])} is not {sources}{hint}")
        )
    if len(unknown) > MAX_UNKNOWN_UNITS:
        message = f"and {len(unknown) - MAX_UNKNOWN_UNITS} more unit(s) that are not {sources}"
        rest = unknown.iloc[MAX_UNKNOWN_UNITS].to_dict()
        problems.append(Problem("error", str(data.path), _where(rest), "unit", message))
    return problems


def _missing(values: pd.DataFrame, plan: Plan, data: Figures, period: str) -> list[Problem]:
    current = values[values["period"] == period]
    compared = compared_ids(plan.targets)  # a published growth or fall is the figure; a published change is not
    stand_in = {k: v for k, v in published_ids(plan.targets).items() if v in compared}
    have = set(current.loc[current["value"].notna(), "indicator_id"].replace(stand_in))
    if plan.economy is not None:
        have |= set(plan.economy.derived_ids)  # derived indicators are checked by the derivation
    return [
        Problem(
            "warning",
            str(data.path),
            f"period {period}",
            "indicator",
            NO_FIGURE_NOTE.format(indicator_id=ident),
            NO_FIGURE_NOTE,
            {"indicator_id": ident, "period": period},
        )
        for ident in plan.indicator_ids
        if ident not in have
    ]


def _derivations(plan: Plan) -> list[tuple[str, str, list[str]]]:
    """(target, kind of note, the entered figures it is derived from) for each target the economy derives.

    Budget totals are left out: they come from the budget file, which the checks here are not given.
    """
    economy = plan.economy
    if economy is None:
        return []
    constant = [f"{economy.constant_prefix}{s}" for s in economy.sectors["id"]]
    current = [f"{economy.current_prefix}{s}" for s in economy.sectors["id"]]
    found = [(t, "constant", constant) for t in [*economy.sectors["growth"].dropna(), economy.total_growth] if t]
    found += [(t, "current", current) for t in economy.sectors["share"].dropna()]
    if economy.income_per_person:
        found.append((economy.income_per_person, "income", [INCOME, POPULATION]))
    return found


def _underived(values: pd.DataFrame, plan: Plan, data: Figures, period: str) -> list[Problem]:
    """A warning for each target the economy derives that has neither a figure nor the figures it comes from.

    A target is checked for ``period``, and for the same period last year when it is a growth or a fall;
    each unit with figures for ``period`` is checked, and the first one (and period) lacking them is named.
    Figures of a component given for some components only are an error of the derivation, not a warning here.
    """
    current = parse_period(period)
    units = pd.unique(values.loc[values["period"] == current.label, "unit"])
    if not len(units):
        return []  # no figure at all for the period: the assessment says so
    given = pd.MultiIndex.from_frame(values.loc[values["value"].notna(), ["unit", "period", "indicator_id"]])

    def has(ident: str, label: str) -> np.ndarray:
        return pd.MultiIndex.from_arrays([units, [label] * len(units), [ident] * len(units)]).isin(given)

    kinds = plan.targets.groupby("indicator_id")["kind"].agg(set)
    several = len(units) > 1
    problems = []
    for ident, note, inputs in _derivations(plan):
        compared = bool(kinds.get(ident, set()) & set(PUBLISHED_KINDS))
        periods = [current.label, current.same_period_last_year().label] if compared else [current.label]
        published = has(f"{ident}{SUFFIX}", current.label)
        for label in periods:
            lacking = ~(published | has(ident, label) | np.any([has(i, label) for i in inputs], axis=0))
            if lacking.any():
                unit = units[int(np.flatnonzero(lacking)[0])]
                params = {"indicator_id": ident, "period": label, "unit": unit}
                named = ", ".join(inputs) if note != "income" else f"{INCOME} and {POPULATION}"
                text = UNDERIVED_NOTES[note].format(
                    indicator_id=ident, inputs=named, period=label, published=f"{ident}{SUFFIX}" if compared else ident
                )
                where = f"unit {shown(unit)}, period {label}" if several else f"period {label}"
                note_text = UNDERIVED_NOTES[note]
                problems.append(Problem("warning", str(data.path), where, "indicator", text, note_text, params))
                break
    return problems


def _misplaced_shares(plan: Plan) -> dict[str, str]:
    """``gtsx_tt_<id>`` of each component that has a share target → that target's id, where its share goes."""
    if plan.economy is None:
        return {}
    targeted = plan.economy.sectors.dropna(subset=["share"])
    return dict(zip(plan.economy.share_prefix + targeted["id"], targeted["share"], strict=True))


def _share_ids(plan: Plan) -> list[str]:
    """The ids that hold a structure share: the plan's share targets and the published shares of the economy."""
    targets = plan.targets.loc[plan.targets["kind"] == "share", "indicator_id"].tolist()
    return targets + (list(plan.economy.published_share_ids) if plan.economy is not None else [])


def _share_sums(values: pd.DataFrame, plan: Plan, data: Figures) -> list[Problem]:
    shares = values[values["indicator_id"].isin(_share_ids(plan))]
    if shares.empty:
        return []
    sums = shares.groupby(["unit", "period"])["value"].sum()
    off = sums[(sums - 100).abs() > SHARE_SUM_TOLERANCE]
    return [
        Problem(
            "error",
            str(data.path),
            f"unit {shown(u)}, period {shown(p)}",
            "value",
            f"structure shares add up to {s:g}, not 100",
        )
        for (u, p), s in off.items()
    ]
