"""`--pdf`: the Word report converted by LibreOffice, for offices that print; never over a PDF thidua did not make.

Skipped without LibreOffice, failing instead when THIDUA_REQUIRE_LIBREOFFICE=1 (as `.ci/run` sets); the
test of a missing LibreOffice hides it from PATH and runs everywhere.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from click.testing import CliRunner

from thidua.cli import main
from thidua.reports.pdf import convert, soffice

NEEDS = soffice() is not None and shutil.which("pdftotext") is not None


@pytest.fixture(autouse=True)
def _libreoffice(request):
    if request.node.get_closest_marker("no_libreoffice") or NEEDS:
        return
    message = "LibreOffice (soffice) or pdftotext not found: apt-get install libreoffice-writer-nogui poppler-utils"
    if os.environ.get("THIDUA_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _report(*args: str):
    return CliRunner().invoke(main, ["report", *args])


def _text(pdf) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())


def test_the_report_and_its_pdf(tmp_path):
    out = tmp_path / "bao-cao.docx"
    result = _report("--out", str(out), "--pdf", "--date", "2024-01-05")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "bao-cao.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = _text(pdf)
    assert "BÁO CÁO" in text and "Tổng kết phong trào thi đua năm 2023" in text
    assert "(Kèm theo Báo cáo số …/BC-UBND ngày 05/01/2024 của Ủy ban nhân dân xã Phổ Thuận)" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.docx", "bao-cao.pdf"]  # no staging left


def test_the_report_and_its_pdf_in_a_new_folder(tmp_path):
    out = tmp_path / "thư mục mới #1" / "bao-cao.docx"  # made by the command; its name quoted in file:// URIs
    result = _report("--out", str(out), "--pdf")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.parent.iterdir()) == ["bao-cao.docx", "bao-cao.pdf"]
    assert "BÁO CÁO" in _text(out.with_suffix(".pdf"))


def test_conversions_at_once_each_have_their_own_profile(tmp_path):
    first = tmp_path / "first"
    assert _report("--out", str(first / "bao-cao.docx")).exit_code == 0
    folders = [tmp_path / f"run{n}" for n in range(3)]
    for folder in folders:
        folder.mkdir()
        shutil.copy(first / "bao-cao.docx", folder / "bao-cao.docx")
    start = time.monotonic()
    with ThreadPoolExecutor(3) as pool:
        made = list(pool.map(lambda folder: convert(folder / "bao-cao.docx", folder), folders))
    assert time.monotonic() - start < 120
    for folder, pdf in zip(folders, made, strict=True):
        assert pdf == folder / "bao-cao.pdf" and "BÁO CÁO" in _text(pdf)
        assert sorted(p.name for p in folder.iterdir()) == ["bao-cao.docx", "bao-cao.pdf"]


def test_the_interim_report_converts_too(tmp_path):
    result = _report("--period", "2023-6T", "--out", str(tmp_path / "6t.docx"), "--pdf")
    assert result.exit_code == 0, result.output
    assert "Sơ kết phong trào thi đua 6 tháng năm 2023" in _text(tmp_path / "6t.pdf")


def test_hostile_a_pdf_thidua_did_not_make_is_never_replaced(tmp_path):
    out, pdf = tmp_path / "r.docx", tmp_path / "r.pdf"
    pdf.write_bytes(b"%PDF-1.4 someone else's scan")
    refused = _report("--out", str(out), "--pdf", "--force")
    assert refused.exit_code == 2 and "was not written by thidua from this report" in refused.output
    assert pdf.read_bytes() == b"%PDF-1.4 someone else's scan" and not out.exists()  # refused before any work
    pdf.unlink()
    assert _report("--out", str(out), "--pdf").exit_code == 0
    again = _report("--out", str(out), "--pdf")
    assert again.exit_code == 2 and "already exists" in again.output  # without --force: refused
    assert _report("--out", str(out), "--pdf", "--force").exit_code == 0  # its own PDF, unchanged: replaced
    with pdf.open("ab") as handle:
        handle.write(b"\n% annotated by the office")
    edited = pdf.read_bytes()
    refused = _report("--out", str(out), "--pdf", "--force")
    assert refused.exit_code == 2 and pdf.read_bytes() == edited  # changed after thidua wrote it: kept


def test_hostile_a_pdf_that_is_a_link_is_refused(tmp_path):
    target = tmp_path / "elsewhere.pdf"
    target.write_bytes(b"%PDF")
    (tmp_path / "r.pdf").symlink_to(target)
    refused = _report("--out", str(tmp_path / "r.docx"), "--pdf", "--force")
    assert refused.exit_code == 2 and "is not a regular file" in refused.output
    assert target.read_bytes() == b"%PDF"


@pytest.mark.no_libreoffice
def test_without_libreoffice_the_report_is_written_and_the_pdf_said_missing(tmp_path):
    env = {**os.environ, "PATH": str(tmp_path / "empty")}  # no soffice on this PATH
    done = subprocess.run(
        [sys.executable, "-m", "thidua", "report", "--out", str(tmp_path / "r.docx"), "--pdf"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 4
    assert done.stdout == f"report written: {tmp_path / 'r.docx'}\n"
    assert done.stderr.strip().splitlines()[-1] == (
        "thidua: error: --pdf needs LibreOffice (soffice), which is not installed: apt-get install "
        "libreoffice-writer-nogui (Debian, Ubuntu), or install LibreOffice; r.docx was written, r.pdf was not"
    )
    assert sorted(p.name for p in tmp_path.glob("r.*")) == ["r.docx"]


def test_the_review_folder_holds_the_pdf_and_lists_it(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["review", "--out", str(out), "--pdf", "--notebooks", "annual_review"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "bao-cao.pdf" in manifest["files"]
    assert 'href="bao-cao.pdf"' in (out / "index.html").read_text(encoding="utf-8")
    assert "Tổng kết phong trào thi đua năm 2023" in _text(out / "bao-cao.pdf")
