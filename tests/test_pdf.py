"""`thidua report --pdf` and `thidua review --pdf` with LibreOffice (issue 20).

Skipped without LibreOffice and pdftotext; failing instead when THIDUA_REQUIRE_LIBREOFFICE=1, as
`.ci/run` sets. The hostile cases (no LibreOffice, a hung or failing one, a foreign PDF) are in
tests/hostile/test_hostile_pdf.py and need no LibreOffice.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from thidua.cli import main
from thidua.reports.pdf import find_soffice, is_stamped, to_pdf
from thidua.run import outfile
from thidua.run.outdir import sha256

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module", autouse=True)
def _libreoffice() -> None:
    if find_soffice() is None or shutil.which("pdftotext") is None:
        message = "LibreOffice (soffice) or pdftotext not found: apt-get install libreoffice-writer-nogui poppler-utils"
        if os.environ.get("THIDUA_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(message)
        pytest.skip(message)


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The sample's report with --pdf, in a folder whose name LibreOffice's file:// URI must quote."""
    folder = tmp_path_factory.mktemp("report") / "thư mục #1 %20"
    result = CliRunner().invoke(main, ["report", "--out", str(folder / "bao-cao.docx"), "--pdf"])
    return folder, result.output if result.exit_code == 0 else f"exit {result.exit_code}: {result.output}"


def test_report_pdf_is_written_beside_the_docx_and_nothing_else(written):
    folder, output = written
    assert output.splitlines() == [
        f"report written: {folder / 'bao-cao.docx'}",
        f"PDF written: {folder / 'bao-cao.pdf'}",
    ]
    assert sorted(p.name for p in folder.iterdir()) == ["bao-cao.docx", "bao-cao.pdf"]  # no temporary folder, profile
    assert (folder / "bao-cao.pdf").read_bytes().startswith(b"%PDF-")
    assert is_stamped(folder / "bao-cao.pdf") and outfile.is_stamped(folder / "bao-cao.docx")


def test_the_pdf_holds_the_reports_opening_paragraphs(written):
    folder, _ = written
    text = _text(folder / "bao-cao.pdf")
    paragraphs = [" ".join(p.text.split()) for p in Document(str(folder / "bao-cao.docx")).paragraphs if p.text.strip()]
    assert len(paragraphs) > 10
    for paragraph in paragraphs[:8]:  # the title, the subject, the opening, the first headings and sentences
        assert paragraph in text
    assert "ỦY BAN NHÂN DÂN" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text  # the header's table


def test_force_replaces_thiduas_pdf_never_an_edited_one(tmp_path):
    out, pdf = tmp_path / "bao-cao.docx", tmp_path / "bao-cao.pdf"
    runner = CliRunner()
    assert runner.invoke(main, ["report", "--out", str(out), "--pdf"]).exit_code == 0
    again = runner.invoke(main, ["report", "--out", str(out), "--pdf"])
    assert again.exit_code == 2 and "bao-cao.pdf, field 'out': already exists" in again.output
    forced = runner.invoke(main, ["report", "--out", str(out), "--pdf", "--force"])
    assert forced.exit_code == 0, forced.output
    assert is_stamped(pdf)
    with pdf.open("ab") as handle:  # as a PDF editor saves: an update appended
        handle.write(b"\n% edited\n")
    docx_before, pdf_before = out.read_bytes(), pdf.read_bytes()
    refused = runner.invoke(main, ["report", "--out", str(out), "--pdf", "--force"])
    assert refused.exit_code == 2
    assert "bao-cao.pdf, field 'out': was not written by thidua, or was changed after" in refused.output
    assert out.read_bytes() == docx_before and pdf.read_bytes() == pdf_before  # neither file touched


def test_parallel_conversions_each_have_their_own_profile(written, tmp_path):
    folder, _ = written
    sources = []
    for n in range(3):
        sources.append(tmp_path / f"{n}.docx")
        shutil.copy(folder / "bao-cao.docx", sources[-1])
    start = time.monotonic()
    with ThreadPoolExecutor(3) as pool:
        made = list(pool.map(lambda s: to_pdf(s, s.with_suffix(".pdf")), sources))
    assert time.monotonic() - start < 60
    assert [p.name for p in made] == ["0.pdf", "1.pdf", "2.pdf"]
    assert all(is_stamped(p) for p in made)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.docx", "0.pdf", "1.docx", "1.pdf", "2.docx", "2.pdf"]


def test_review_pdf_is_part_of_the_review(tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "thidua", "review", "--out", str(out), "--pdf", "--notebooks", "annual_review"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert is_stamped(out / "bao-cao.pdf")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"]["bao-cao.pdf"] == sha256(out / "bao-cao.pdf")
    assert not (out / ".thidua").exists()  # no staging folder, no temporary folder of the conversion
