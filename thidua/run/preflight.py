"""Check every input of a review before any notebook runs, and decide which notebooks have what they need.

``check_job`` builds the job's review (``thidua.review.review.build``): it loads and validates the plan,
the figures, the budget and the units, and builds what each notebook shows (the interim review, the
ranking), so a job that passes never fails inside a notebook because of its data. The review it built is
the one the job's pages, tables, Word report and notebooks read. A problem is an ``InputError`` naming
the file, the line or sheet and the field (exit 2). A notebook whose inputs were not given is skipped
with the reason, never run on someone else's files.
"""

from __future__ import annotations

import dataclasses

from thidua.errors import InputError
from thidua.inputs.catalog import Inputs
from thidua.review.review import Review, build
from thidua.run.job import Job
from thidua.run.notebooks import REGISTRY


@dataclasses.dataclass(frozen=True)
class Checked:
    """The job's review, the notebooks it can run, and those skipped with the reason."""

    review: Review
    notebooks: tuple[str, ...]
    skipped: dict[str, str]


def check_job(inputs: Inputs, period: str | None, notebooks: tuple[str, ...], lang: str = "vi") -> Checked:
    """Build the review of one job; return it with the notebooks to run and those skipped (with why)."""
    unknown = [name for name in notebooks if name not in REGISTRY]
    if unknown:
        raise InputError(f"unknown notebook {unknown[0]!r}; choose from {', '.join(REGISTRY)}", field="notebooks")
    review = build(inputs, period, lang)
    skipped = {name: reason for name in notebooks if (reason := _missing(name, review))}
    for name in notebooks:
        check = REGISTRY[name].check
        if name not in skipped and check is not None:
            check(review)
    return Checked(review, tuple(n for n in notebooks if n not in skipped), skipped)


def _missing(name: str, review: Review) -> str | None:
    """Why notebook ``name`` cannot run with these inputs, or None when it can."""
    notebook = REGISTRY[name]
    absent = [role for role in notebook.needs if getattr(review.inputs, role) is None]
    if absent:
        return f"no {' and no '.join(absent)} file given"
    return notebook.unfit(review) if notebook.unfit is not None else None


def skipped_lines(checked: Checked) -> list[str]:
    """One line per skipped notebook, for the log."""
    return [f"{name} skipped: {reason}" for name, reason in checked.skipped.items()]


def checked(job: Job) -> Job:
    """``job`` with its review built and only the notebooks its inputs allow (as is, when it has its review)."""
    if job.review is not None:
        return job
    result = check_job(job.inputs, job.period, job.notebooks, job.lang)
    if not result.notebooks:
        raise InputError("no notebook has the inputs it needs", field="notebooks")
    return dataclasses.replace(job, notebooks=result.notebooks, review=result.review)
