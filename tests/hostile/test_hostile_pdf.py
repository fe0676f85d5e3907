"""Hostile cases of `--pdf` (issue 20): a LibreOffice that hangs, fails or makes nothing; a new folder; a foreign PDF.

A stand-in `soffice` (a small Python script first on PATH) behaves as FAKE_SOFFICE tells it, so these
run without LibreOffice. The rules: LibreOffice runs with a profile and TMPDIR of its own inside the
output folder and is stopped, with what it started, at the timeout; a failed conversion replaces
neither file and leaves no temporary folder; a PDF thidua did not write is never replaced, in a review
folder too. Expected messages are written out by hand.
"""

from __future__ import annotations

import json
import os
import signal
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
FAKE = """#!{python}
import json, os, subprocess, sys, time
args = sys.argv[1:]
with open(os.environ["FAKE_SOFFICE_LOG"], "a") as log:
    log.write(json.dumps([args, os.environ.get("TMPDIR")]) + "\\n")
mode = os.environ.get("FAKE_SOFFICE", "ok")
if mode == "hang":
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])  # as soffice starts soffice.bin
    time.sleep(600)
if mode == "fail":
    sys.exit("Error: source file could not be loaded")
if mode == "ok":
    source, outdir = args[-1], args[args.index("--outdir") + 1]
    with open(os.path.join(outdir, os.path.splitext(os.path.basename(source))[0] + ".pdf"), "wb") as made:
        made.write(b"%PDF-1.4 stand-in\\n%%EOF\\n")
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
    result = CliRunner().invoke(main, ["report", "--out", str(out), *args])
    return result.exit_code, [line for line in result.output.splitlines() if line.strip()]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_a_report_into_a_new_folder_with_and_without_pdf(tmp_path, fake):
    plain = tmp_path / "new" / "deeper" / "bao-cao.docx"
    assert _report(plain) == (0, [f"report written: {plain}"])
    assert outfile.is_stamped(plain) and not fake.exists()  # no LibreOffice without --pdf
    both = tmp_path / "other" / "bao-cao.docx"
    code, lines = _report(both, "--pdf")
    assert code == 0, lines
    assert sorted(p.name for p in both.parent.iterdir()) == ["bao-cao.docx", "bao-cao.pdf"]


def test_libreoffice_has_its_own_profile_and_tmpdir_inside_the_folder(tmp_path, fake):
    out = tmp_path / "out" / "bao-cao.docx"
    assert _report(out, "--pdf")[0] == 0
    assert _report(out, "--pdf", "--force")[0] == 0  # thidua's own PDF, unchanged: replaced
    profiles = []
    for args, tmpdir in (json.loads(line) for line in fake.read_text().splitlines()):
        profile = next(a for a in args if a.startswith("-env:UserInstallation="))
        assert profile.startswith(f"-env:UserInstallation=file://{out.parent}/.thidua-pdf-")
        assert tmpdir.startswith(f"{out.parent}/.thidua-pdf-") and "--headless" in args
        profiles.append(profile)
    assert len(profiles) == 2 and profiles[0] != profiles[1]  # a new profile each run
    assert sorted(p.name for p in out.parent.iterdir()) == ["bao-cao.docx", "bao-cao.pdf"]


def test_a_failed_conversion_replaces_neither_file(tmp_path, fake, monkeypatch):
    out = tmp_path / "out" / "bao-cao.docx"
    assert _report(out, "--pdf")[0] == 0
    before = _files(out.parent)
    monkeypatch.setenv("FAKE_SOFFICE", "fail")
    expected = "thidua: error: LibreOffice could not convert bao-cao.docx: Error: source file could not be loaded"
    assert _report(out, "--pdf", "--force") == (4, [expected])
    monkeypatch.setenv("FAKE_SOFFICE", "nothing")
    assert _report(out, "--pdf", "--force") == (
        4,
        ["thidua: error: LibreOffice could not convert bao-cao.docx: no PDF made"],
    )
    assert _files(out.parent) == before  # and no temporary folder left


def test_a_hung_libreoffice_is_stopped_with_what_it_started(tmp_path, fake, monkeypatch):
    marker = f"THIDUA_PDF_HANG_{os.getpid()}"
    monkeypatch.setenv(marker, "1")
    monkeypatch.setenv("FAKE_SOFFICE", "hang")
    monkeypatch.setattr(pdf, "CONVERT_SECONDS", 2)
    out = tmp_path / "out" / "bao-cao.docx"
    start = time.monotonic()
    assert _report(out, "--pdf") == (
        4,
        ["thidua: error: LibreOffice did not convert bao-cao.docx within 2 s; no PDF written"],
    )
    assert time.monotonic() - start < 30
    assert list(out.parent.iterdir()) == []  # no report, no temporary folder, no profile written after the end
    deadline = time.monotonic() + 10
    while [pid for pid in processes_with_env(marker) if _alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in processes_with_env(marker) if _alive(pid)]


def test_ctrl_c_during_the_conversion_stops_libreoffice_and_writes_nothing(tmp_path, fake):
    marker = f"THIDUA_PDF_INT_{os.getpid()}"
    out = tmp_path / "out" / "bao-cao.docx"
    env = {**os.environ, marker: "1", "FAKE_SOFFICE": "hang"}
    command = [sys.executable, "-m", "thidua", "report", "--out", str(out), "--pdf"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 60
    while not fake.exists() and time.monotonic() < deadline:  # LibreOffice (the stand-in) has started
        time.sleep(0.1)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert err.splitlines()[-1] == "thidua: interrupted; no file was written"
    assert list(out.parent.iterdir()) == []
    deadline = time.monotonic() + 10
    while [pid for pid in processes_with_env(marker) if _alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in processes_with_env(marker) if _alive(pid)]


def _alive(pid: int) -> bool:
    """Running (a zombie left to a container's init is dead)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def test_out_naming_the_pdf_is_refused(tmp_path, fake):
    code, lines = _report(tmp_path / "bao-cao.pdf", "--pdf")
    assert (code, lines) == (
        2,
        ["thidua: error: field 'out': --out names the Word report (FILE.docx); --pdf writes FILE.pdf beside it"],
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin"] and not fake.exists()


def _review(out: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "thidua", "review", "--out", str(out), "--pdf", "--notebooks", "annual_review"]
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=300, cwd=ROOT)


def test_review_refuses_a_foreign_pdf_in_its_folder_before_any_work(tmp_path, fake):
    out = tmp_path / "out"
    out.mkdir()
    (out / "bao-cao.pdf").write_bytes(b"%PDF-1.4 the office's own\n")
    run = _review(out, "--force")
    assert run.returncode == 2, run.stderr
    assert "bao-cao.pdf" in run.stderr.splitlines()[-1]
    assert _files(out) == {"bao-cao.pdf": b"%PDF-1.4 the office's own\n"} and not fake.exists()


def test_review_whose_conversion_fails_leaves_no_review(tmp_path, fake, monkeypatch):
    monkeypatch.setenv("FAKE_SOFFICE", "fail")
    out = tmp_path / "out"
    run = _review(out)
    assert run.returncode == 4, run.stderr
    assert run.stderr.splitlines()[-1] == (
        "thidua: error: LibreOffice could not convert bao-cao.docx: Error: source file could not be loaded"
    )
    assert sorted(p.name for p in out.iterdir()) == [".thidua"]  # the failed run kept for debugging, nothing else
    assert [p.name for p in (out / ".thidua").iterdir()] == ["failed"]


def test_review_without_libreoffice_is_written_without_its_pdf(tmp_path):
    empty = tmp_path / "no-programs"
    empty.mkdir()
    out = tmp_path / "out"
    command = [sys.executable, "-m", "thidua", "review", "--out", str(out), "--pdf", "--notebooks", "annual_review"]
    run = subprocess.run(
        command, capture_output=True, text=True, timeout=300, cwd=ROOT, env={**os.environ, "PATH": str(empty)}
    )
    assert run.returncode == 4, run.stderr
    assert run.stderr.splitlines()[-1] == (
        "thidua: error: --pdf needs LibreOffice (soffice), which is not installed: apt-get install"
        " libreoffice-writer-nogui (Debian, Ubuntu), or install LibreOffice; the review was written with"
        " bao-cao.docx, without bao-cao.pdf"
    )
    assert (out / "bao-cao.docx").is_file() and not (out / "bao-cao.pdf").exists()
    assert "bao-cao.pdf" not in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
