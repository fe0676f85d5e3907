"""The README's picture of the report's first page is the report `make review` writes today.

scripts/word_picture.py made docs/word-report-page1.png and its text docs/word-report-page1.txt; this test
makes the text again and fails when it differs. Skipped without LibreOffice and poppler, failing instead
when THIDUA_REQUIRE_LIBREOFFICE=1 (as `.ci/run` sets).
"""

from __future__ import annotations

import importlib.util
import os
import shutil

import pytest
from conftest import ROOT

from thidua.reports.pdf import soffice

SCRIPT = ROOT / "scripts" / "word_picture.py"


def _script():
    spec = importlib.util.spec_from_file_location("word_picture", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_picture_is_the_report_of_today(tmp_path):
    if soffice() is None or shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        message = "LibreOffice or poppler-utils not found: apt-get install libreoffice-writer-nogui poppler-utils"
        if os.environ.get("THIDUA_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(message)
        pytest.skip(message)
    script = _script()
    _pdf, text = script.first_page(tmp_path)
    committed = script.TEXT.read_text(encoding="utf-8")
    assert text == committed, "the README's picture is out of date: run `python scripts/word_picture.py`"
    assert script.PICTURE.read_bytes().startswith(b"\x89PNG")
    assert "docs/word-report-page1.png" in (ROOT / "README.md").read_text(encoding="utf-8")
