"""A review job: which files, period, language and notebooks, and what it writes into its output folder.

Kept apart from the running (``thidua.run.make``) so that the command line and batch configs can name
notebooks and build jobs without importing papermill, nbconvert or matplotlib.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from thidua.inputs.catalog import Inputs
from thidua.run.notebooks import NOTEBOOKS
from thidua.run.outdir import MANIFEST

if TYPE_CHECKING:  # the review's room is loaded by the checks, not when the command line starts
    from thidua.review.review import Review

REPORT_DOCX = "bao-cao.docx"  # the Word report as the office files it (Nghị định 30/2020 format)
REPORT_PDF = "bao-cao.pdf"  # the same, converted for printing (``--pdf``)
PROPOSAL_DOCX = "to-trinh-khen-thuong.docx"  # the council's proposal for commendation, when a roster is given
TABLES = ("achievement.csv", "achievement.xlsx")  # the achievement of every target, as a table


@dataclass(frozen=True)
class Job:
    """One review to make: its inputs, period, language, notebooks and output folder."""

    inputs: Inputs
    out: Path
    period: str | None = None
    lang: str = "vi"
    notebooks: tuple[str, ...] = NOTEBOOKS
    timeout: int = 600  # seconds per cell
    pdf: bool = False  # also the Word report as PDF (LibreOffice), for offices that print
    review: Review | None = field(default=None, repr=False, compare=False)  # built by the checks, once

    def parameters(self) -> dict[str, str]:
        """The papermill parameters every notebook takes (the job adds the review it built, see thidua.run.make)."""
        return {"dataset": "", **self.inputs.parameters(), "period": self.period or "", "lang": self.lang}


def planned_files(job: Job) -> list[str]:
    """The files a review writes into its output folder (all checked before any work is done)."""
    made = [f"{name}.{ext}" for name in job.notebooks for ext in ("ipynb", "html")]
    extra = [*([REPORT_PDF] if job.pdf else []), *([PROPOSAL_DOCX] if proposes(job) else [])]
    return [*made, *TABLES, REPORT_DOCX, *extra, "index.html", MANIFEST]


def proposes(job: Job) -> bool:
    """A year-end review given a roster and titles writes the council's proposal for commendation."""
    year_end = job.period is None or str(job.period).isdigit()
    return bool(job.inputs is not None and job.inputs.roster and job.inputs.titles and year_end)
