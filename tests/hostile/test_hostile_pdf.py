"""Hostile cases of `--pdf` (issue 20): no LibreOffice, one that hangs, fails or makes nothing, a foreign PDF.

A stand-in `soffice` (a small Python script put first on PATH) behaves as told by FAKE_SOFFICE, so
these run without LibreOffice. The rules: a PDF thidua did not write (or one edited since) is never
replaced; a failed conversion replaces neither file; without LibreOffice the .docx is still written and
the command ends with one line and exit 4; LibreOffice runs with a profile and TMPDIR of its own inside
the output folder and is stopped, with what it started, at the timeout. Expected messages are written
out by hand.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import processes_with_env

from thidua.cli import main
from thidua.reports import pdf
from thidua.run import outfile

ROOT = Path(__file__).resolve().parents[2]
NOT_FOUND = (
    "thidua: error: --pdf needs LibreOffice (soffice), which was not found: install it (apt-get install"
    " libreoffice-writer-nogui) or leave out --pdf"
)
FAKE = """#!{python}
import json, os, re, subprocess, sys, time, zipfile
args = sys.argv[1:]
with open(os.environ["FAKE_SOFFICE_LOG"], "a") as log:
    log.write(json.dumps([args, os.environ.get("TMPDIR")]) + "\\n")
mode = os.environ.get("FAKE_SOFFICE", "ok")
if mode == "hang":
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    time.sleep(600)
if mode == "fail":
    sys.exit("Error: source file could not be loaded")
if mode == "ok":
    source, outdir = args[-1], args[args.index("--outdir") + 1]
    core = zipfile.ZipFile(source).read("docProps/core.xml").decode()
    keywords = re.search(r"<cp:keywords>(.*?)</cp:keywords>", core).group(1)
    name = os.path.join(outdir, os.path.splitext(os.path.basename(source))[0] + ".pdf")
    with open(name, "w") as made:
        made.write("%PDF-1.4\\n1 0 obj << /Keywords (" + keywords + ") >> endobj\\n%%EOF\\n")
"""


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in soffice first on PATH; returns the log of its calls (arguments, TMPDIR)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    soffice = bin_dir / "soffice"
    soffice.write_text(FAKE.format(python=sys.executable), encoding="utf-8")
    soffice.chmod(0o755)
    log = tmp_path / "soffice.log"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(log))
    return log


def _report(out: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["report", "--out", str(out), "--pdf", *args])
    return result.exit_code, [line for line in result.output.splitlines() if line.strip()]


def test_stamp_in_either_form_and_any_change_breaks_it(tmp_path):
    for keywords in (
        "(thidua-sha256-" + "0" * 64 + ")",
        "<FEFF" + pdf._forms("thidua-sha256-" + "0" * 64)[1].decode() + ">",
    ):
        path = tmp_path / "a.pdf"
        path.write_bytes(f"%PDF-1.4\n<< /Keywords {keywords} >>\n%%EOF\n".encode())
        assert not pdf.is_stamped(path)  # a placeholder is no stamp
        pdf._stamp(path)
        assert pdf.is_stamped(path)
        path.write_bytes(path.read_bytes().replace(b"%PDF-1.4", b"%PDF-1.5"))
        assert not pdf.is_stamped(path)
    (tmp_path / "foreign.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert not pdf.is_stamped(tmp_path / "foreign.pdf")
    assert not pdf.is_stamped(tmp_path / "missing.pdf")


def test_a_foreign_pdf_beside_the_report_is_never_replaced(tmp_path, fake):
    out, foreign = tmp_path / "out" / "bao-cao.docx", tmp_path / "out" / "bao-cao.pdf"
    foreign.parent.mkdir()
    foreign.write_bytes(b"%PDF-1.4 the office's own scan\n%%EOF\n")
    code, lines = _report(out)
    assert (code, lines) == (
        2,
        [
            f"thidua: error: {foreign}, field 'out': already exists; choose a new name, or --force to replace a file thidua wrote"
        ],
    )
    code, lines = _report(out, "--force")
    assert code == 2 and lines[0].startswith(f"thidua: error: {foreign}, field 'out': was not written by thidua")
    assert foreign.read_bytes() == b"%PDF-1.4 the office's own scan\n%%EOF\n"
    assert sorted(p.name for p in foreign.parent.iterdir()) == ["bao-cao.pdf"]  # refused before the report was written
    assert not fake.exists()  # LibreOffice never started


def test_libreoffice_runs_with_its_own_profile_and_tmpdir_inside_the_folder(tmp_path, fake):
    out = tmp_path / "out" / "bao-cao.docx"
    assert _report(out) == (0, [f"report written: {out}", f"PDF written: {out.with_suffix('.pdf')}"])
    assert _report(out, "--force")[0] == 0  # thidua's own PDF is replaced with --force
    calls = [json.loads(line) for line in fake.read_text().splitlines()]
    profiles = []
    for args, tmpdir in calls:
        profile = next(a for a in args if a.startswith("-env:UserInstallation="))
        profiles.append(profile)
        assert profile.startswith(f"-env:UserInstallation=file://{out.parent}/.thidua-pdf-")
        assert tmpdir.startswith(f"{out.parent}/.thidua-pdf-") and "--headless" in args
    assert profiles[0] != profiles[1]  # a new private profile every run
    assert sorted(p.name for p in out.parent.iterdir()) == ["bao-cao.docx", "bao-cao.pdf"]
    assert pdf.is_stamped(out.with_suffix(".pdf"))


def test_a_failed_conversion_replaces_neither_file(tmp_path, fake, monkeypatch):
    out = tmp_path / "out" / "bao-cao.docx"
    assert _report(out)[0] == 0
    before = {p.name: p.read_bytes() for p in out.parent.iterdir()}
    monkeypatch.setenv("FAKE_SOFFICE", "fail")
    assert _report(out, "--force") == (
        4,
        ["thidua: error: LibreOffice failed (exit 1: Error: source file could not be loaded); no PDF written;"
         " bao-cao.docx and bao-cao.pdf are unchanged"],
    )  # fmt: skip
    monkeypatch.setenv("FAKE_SOFFICE", "nothing")
    code, lines = _report(out, "--force")
    assert (code, lines) == (4, ["thidua: error: LibreOffice made no PDF of " + lines[0].split(" of ")[1]])
    assert {p.name: p.read_bytes() for p in out.parent.iterdir()} == before  # no temporary folder left either


def test_a_hung_libreoffice_is_stopped_with_what_it_started(tmp_path, fake, monkeypatch):
    marker = f"THIDUA_PDF_HANG_{os.getpid()}"
    monkeypatch.setenv(marker, "1")
    monkeypatch.setenv("FAKE_SOFFICE", "hang")
    monkeypatch.setattr(pdf, "TIMEOUT", 2)
    out = tmp_path / "out" / "bao-cao.docx"
    start = time.monotonic()
    code, lines = _report(out)
    assert time.monotonic() - start < 30
    assert (code, lines) == (
        4,
        ["thidua: error: LibreOffice took longer than 2 s to convert the report; no PDF written;"
         " bao-cao.docx and bao-cao.pdf are unchanged"],
    )  # fmt: skip
    assert list(out.parent.iterdir()) == []  # no report, no temporary folder
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in processes_with_env(marker)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in processes_with_env(marker) if _alive(pid)]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def test_without_libreoffice_the_docx_is_written_one_line_exit_4(tmp_path, monkeypatch):
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tmp_path / "out" / "bao-cao.docx"
    assert _report(out) == (
        4,
        [f"report written: {out}", f"{NOT_FOUND}; bao-cao.docx was written, bao-cao.pdf was not"],
    )
    assert outfile.is_stamped(out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["bao-cao.docx"]


def test_out_naming_the_pdf_is_refused(tmp_path, fake):
    out = tmp_path / "bao-cao.pdf"
    assert _report(out) == (
        2,
        ["thidua: error: field 'out': --out names the Word report (FILE.docx); --pdf writes the PDF beside it"],
    )
    assert list(tmp_path.iterdir()) == [tmp_path / "bin"]


def _review(out: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "thidua", "review", "--out", str(out), "--pdf", "--notebooks", "annual_review"]
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)


def test_review_refuses_a_foreign_pdf_in_its_folder_before_any_work(tmp_path, fake):
    out = tmp_path / "out"
    out.mkdir()
    (out / "bao-cao.pdf").write_bytes(b"%PDF-1.4 mine\n")
    run = _review(out, dict(os.environ), "--force")
    assert run.returncode == 2, run.stderr
    assert "bao-cao.pdf" in run.stderr.splitlines()[-1]
    assert (
        sorted(p.name for p in out.iterdir()) == ["bao-cao.pdf"]
        and (out / "bao-cao.pdf").read_bytes() == b"%PDF-1.4 mine\n"
    )


def test_review_without_libreoffice_is_written_with_its_docx(tmp_path):
    empty = tmp_path / "no-programs"
    empty.mkdir()
    out = tmp_path / "out"
    run = _review(out, {**os.environ, "PATH": str(empty)})
    assert run.returncode == 4, run.stderr
    assert run.stderr.splitlines()[-1] == f"{NOT_FOUND}; the review was written with its bao-cao.docx, no bao-cao.pdf"
    assert (out / "bao-cao.docx").is_file() and not (out / "bao-cao.pdf").exists()
    assert "bao-cao.pdf" not in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]


def test_review_whose_conversion_fails_leaves_its_folder_unchanged(tmp_path, fake):
    out = tmp_path / "out"
    run = _review(out, {**os.environ, "FAKE_SOFFICE": "fail"})
    assert run.returncode == 4, run.stderr
    assert run.stderr.splitlines()[-1] == (
        "thidua: error: LibreOffice failed (exit 1: Error: source file could not be loaded); no PDF written;"
        f" {out} is unchanged"
    )
    assert sorted(p.name for p in out.iterdir()) == [".thidua"]  # the failed run kept for debugging, nothing else
    assert sorted(p.name for p in (out / ".thidua").iterdir()) == ["failed"]
