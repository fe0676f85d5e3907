"""A review job: which files, period, language and notebooks, and what it writes into its output folder.

Kept apart from the running (``thidua.run.render``) so that the command line and batch configs can name
notebooks and build jobs without importing papermill, nbconvert or matplotlib.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from thidua.inputs.catalog import Inputs
from thidua.reports.i18n import N_, translated
from thidua.run.outdir import MANIFEST

NOTEBOOKS = ("annual_review", "economic_structure", "midyear_review", "ranking")
DEFAULT_NOTEBOOKS = ("annual_review", "economic_structure", "ranking")
TITLES: dict[str, str] = {  # notebook → its title in the index (context "notebook")
    "annual_review": N_("notebook", "Annual review"),
    "economic_structure": N_("notebook", "Economic structure"),
    "midyear_review": N_("notebook", "Interim review"),
    "ranking": N_("notebook", "Ranking"),
}


REPORT_DOCX = "bao-cao.docx"  # the report as the office files it (Word, Nghị định 30/2020 format)


def titles(lang: str) -> dict[str, str]:
    """Each notebook's title in ``lang``: 'Tổng kết năm', 'Annual review'."""
    return translated("notebook", TITLES, lang)


@dataclass(frozen=True)
class Job:
    """One review to make: its inputs, period, language, notebooks and output folder."""

    inputs: Inputs
    out: Path
    period: str | None = None
    lang: str = "vi"
    notebooks: tuple[str, ...] = DEFAULT_NOTEBOOKS
    timeout: int = 600  # seconds per cell

    def parameters(self) -> dict[str, str]:
        """The papermill parameters every notebook takes."""
        files = {f"{role}_path": str(path) for role, path in self.inputs.files().items()}
        return {"dataset": "", **files, "period": self.period or "", "lang": self.lang}


def planned_files(job: Job) -> list[str]:
    """The files a review writes into its output folder (all checked before any work is done)."""
    made = [f"{name}.{ext}" for name in job.notebooks for ext in ("ipynb", "html")]
    return [*made, "achievement.csv", "achievement.xlsx", REPORT_DOCX, "index.html", MANIFEST]
