"""Make the README's picture of the Word report's first page from the report `make review` writes today.

Builds the sample's year-end report (bao-cao.docx, as ``make review`` does) in a temporary folder,
converts it with LibreOffice (``thidua.reports.pdf``) and writes ``docs/word-report-page1.png`` (page 1
at 60 dpi, pdftoppm) and ``docs/word-report-page1.txt`` (page 1's text, pdftotext, whitespace
collapsed). ``tests/test_word_picture.py`` makes the same text and fails when the .txt differs. Needs
LibreOffice and poppler-utils. Run ``python scripts/word_picture.py`` (or ``make picture``).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from thidua.inputs.catalog import resolve
from thidua.reports.pdf import to_pdf
from thidua.run.job import REPORT_DOCX, REPORT_PDF, Job
from thidua.run.make import write_review_report
from thidua.run.preflight import checked

ROOT = Path(__file__).resolve().parents[1]
PNG = ROOT / "docs" / "word-report-page1.png"
TEXT = ROOT / "docs" / "word-report-page1.txt"
DATASET = "pho-thuan-2023-sample"  # what `make review` reviews
DPI = 60


def sample_pdf(folder: Path) -> Path:
    """The sample's year-end report as ``make review`` writes it, and its PDF, both in ``folder``."""
    review = checked(Job(resolve(DATASET), folder)).review
    assert review is not None  # built by the checks
    write_review_report(review, folder / REPORT_DOCX)
    return to_pdf(folder / REPORT_DOCX, folder / REPORT_PDF)


def page1_text(pdf: Path) -> str:
    """The text of the PDF's first page (pdftotext -layout), every run of whitespace one space."""
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(text.split())


def current_page1_text() -> str:
    """Page 1's text of the report ``make review`` writes today (what docs/word-report-page1.txt must hold)."""
    with tempfile.TemporaryDirectory(prefix="thidua-picture-") as tmp:
        return page1_text(sample_pdf(Path(tmp)))


def main() -> None:
    """Write docs/word-report-page1.png and docs/word-report-page1.txt from the current report."""
    with tempfile.TemporaryDirectory(prefix="thidua-picture-") as tmp:
        folder = Path(tmp)
        pdf = sample_pdf(folder)
        prefix = folder / "page1"
        command = ["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(prefix)]
        subprocess.run(command, check=True, capture_output=True)
        text = folder / "page1.txt"
        text.write_text(page1_text(pdf) + "\n", encoding="utf-8")
        os.replace(prefix.with_suffix(".png"), PNG)  # both made before either is moved into docs/
        os.replace(text, TEXT)
    print(f"wrote {PNG.relative_to(ROOT)} and {TEXT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
