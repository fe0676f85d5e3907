"""The README's picture of the Word report's first page, made from the report `make review` writes today.

    python scripts/word_picture.py     (or: make picture)

writes docs/word-report-page1.png (page 1 at 60 dpi) and docs/word-report-page1.txt (its text, spaces
collapsed), through LibreOffice and poppler (pdftoppm, pdftotext). tests/test_word_picture.py builds the
text the same way and fails when the committed one differs: the picture is then out of date.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from thidua.reports.pdf import convert
from thidua.reports.word_report import write_report
from thidua.review.review import Review

DOCS = Path(__file__).resolve().parent.parent / "docs"
PICTURE, TEXT = DOCS / "word-report-page1.png", DOCS / "word-report-page1.txt"


def first_page(folder: Path) -> tuple[Path, str]:
    """The sample's year-end report as `make review` writes it, as PDF in ``folder``, and its first page's text."""
    review = Review.load()
    docx = write_report(review, folder / "bao-cao.docx", ranking=review.ranking)
    pdf = convert(docx, folder)
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout  # fmt: skip
    return pdf, " ".join(text.split()) + "\n"


def main() -> None:
    """Write the picture and its text into docs/."""
    with tempfile.TemporaryDirectory() as folder:
        pdf, text = first_page(Path(folder))
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(PICTURE.with_suffix(""))], check=True)  # fmt: skip
    TEXT.write_text(text, encoding="utf-8")
    print(f"wrote {PICTURE} and {TEXT}", file=sys.stderr)


if __name__ == "__main__":
    main()
