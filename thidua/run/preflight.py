"""Check every input of a review before any notebook runs, and decide which notebooks have what they need.

``check_job`` loads and validates the plan, the figures, the budget, the units, the hamlets'
(sub-units') figures, the scoring table and the mid-year figures with the same functions the
notebooks use, so a job that passes never fails inside a notebook because of its data. A problem
is an ``InputError`` naming the file, the line or sheet and the field (exit 2). A notebook whose
inputs were not given is skipped with the reason, never run on someone else's files.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from thidua.errors import InputError
from thidua.inputs.catalog import Inputs
from thidua.inputs.observations import read_csv
from thidua.inputs.units import load_units
from thidua.run.review import Review, load_ranking

# What each notebook needs beyond the plan and the figures.
NEEDS: dict[str, tuple[str, ...]] = {"midyear_review": ("midyear",), "ranking": ("subunits", "scoring")}


@dataclasses.dataclass(frozen=True)
class Checked:
    """The notebooks a job can run, and those skipped with the reason."""

    notebooks: tuple[str, ...]
    skipped: dict[str, str]


def check_job(inputs: Inputs, period: str | None, notebooks: tuple[str, ...], lang: str = "vi") -> Checked:
    """Validate every input of one review; return the notebooks to run and those skipped (with why)."""
    paths = {f"{role}_path": path for role, path in inputs.files().items()}
    review = Review.load("", period=period, lang=lang, **paths)
    if inputs.units is not None:
        _check_units(review)
    skipped = {name: reason for name in notebooks if (reason := _missing(name, inputs, review))}
    for name in notebooks:
        if name not in skipped and name in _CHECKS:
            _CHECKS[name](review, paths, lang)
    return Checked(tuple(n for n in notebooks if n not in skipped), skipped)


def _missing(name: str, inputs: Inputs, review: Review) -> str | None:
    """Why notebook ``name`` cannot run with these inputs, or None when it can."""
    absent = [role for role in NEEDS.get(name, ()) if getattr(inputs, role) is None]
    if absent:
        return f"no {' and no '.join(absent)} file given"
    if name != "economic_structure":
        return None
    economy = review.plan.economy
    if economy is None or economy.sectors.empty:
        return "the plan has no economy section with sectors"
    entered = review.data.values["indicator_id"].isin(economy.input_ids[: 2 * len(economy.sectors)])
    return None if entered.any() else "no sector values entered (growth and shares are given as published)"


def _check_midyear(_review: Review, paths: dict[str, Path], lang: str) -> None:
    from thidua.run.interim import load

    try:
        load("", lang=lang, **paths)
    except ValueError as exc:  # no year-to-date period in the file
        raise InputError(str(exc), file=paths["midyear_path"], field="period") from None


def _check_ranking(review: Review, _paths: dict[str, Path], _lang: str) -> None:
    load_ranking(review)


def _check_units(review: Review) -> None:
    units = load_units(review.inputs.units)
    for path in (review.inputs.data, review.inputs.subunits):
        if path is None or path.suffix.lower() != ".csv":
            continue
        values = read_csv(path).values
        unknown = ~values["unit"].isin(units.table["id"])
        if unknown.any():
            row = values[unknown].iloc[0]
            raise InputError(f"unit {row['unit']!r} is not in the units file {review.inputs.units}",
                             file=path, where=f"line {row['line']}", field="unit")  # fmt: skip


_CHECKS: dict[str, Callable[[Review, dict[str, Path], str], None]] = {
    "midyear_review": _check_midyear,
    "ranking": _check_ranking,
}


def skipped_lines(checked: Checked) -> list[str]:
    """One line per skipped notebook, for the log."""
    return [f"{name} skipped: {reason}" for name, reason in checked.skipped.items()]
