"""The README's picture of the Word report's first page is the report `make review` writes today (issue 20).

Page 1's text is made by scripts/word_picture.py's own function and compared with
docs/word-report-page1.txt, which that script wrote beside the picture. Skipped without LibreOffice and
poppler-utils; failing instead when THIDUA_REQUIRE_LIBREOFFICE=1.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import struct
from pathlib import Path

import pytest

from thidua.reports.pdf import find_soffice

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "word_picture.py"


def _script():  # scripts/ is not a package: load the file itself
    spec = importlib.util.spec_from_file_location("word_picture", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_picture_is_a_page_of_a4_at_60_dpi():
    data = (ROOT / "docs" / "word-report-page1.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert abs(width - 496) <= 1 and abs(height - 702) <= 1  # 210 × 297 mm at 60 dpi, as pdftoppm rounds
    assert "docs/word-report-page1.png" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_picture_text_is_the_current_reports_first_page():
    if find_soffice() is None or shutil.which("pdftotext") is None:
        message = "LibreOffice (soffice) or pdftotext not found: apt-get install libreoffice-writer-nogui poppler-utils"
        if os.environ.get("THIDUA_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(message)
        pytest.skip(message)
    script = _script()
    committed = script.TEXT.read_text(encoding="utf-8").strip()
    current = script.current_page1_text()
    assert "BÁO CÁO" in current
    assert current == committed, (
        "docs/word-report-page1.txt (and the README's picture) show an older report than make review writes:"
        " run `python scripts/word_picture.py` (or `make picture`) and commit both files"
    )
