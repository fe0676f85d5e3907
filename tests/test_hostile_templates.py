"""Hostile Word templates and output files of `thidua report` and `thidua template` (issue 17).

An office's template comes by e-mail: it must run no code, fetch nothing, and be bounded in size,
time and memory; every refusal is one line and exit 2. The file written is new, or thidua's own
unchanged file with --force; never an input, never a file someone filled in, and a failed write
leaves the old file whole (exit 4). Expected messages are written out by hand.
"""

from __future__ import annotations

import errno
import io
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from thidua.cli import main
from thidua.errors import LimitExceeded
from thidua.reports.office_template import check_template
from thidua.reports.word_report import write_report
from thidua.review.review import Review
from thidua.run.confined import run_confined

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "data" / "plans" / "pho-thuan-2023.yaml"


def _template(path: Path, *lines: str) -> Path:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    doc.save(str(path))
    return path


def _rewrite(path: Path, changes: dict[str, bytes]) -> Path:
    """The .docx at ``path`` with parts replaced or added."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts.update(changes)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _report(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["report", *args])
    return result.exit_code, result.output


def _one_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert "Traceback" not in output
    return lines[0]


ESCAPES = [
    "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
    "{{ joiner.__init__.__globals__['os'].popen('touch PWNED').read() }}",
    "{{ lipsum.__globals__['os'].system('touch PWNED') }}",
    "{{ namespace.__init__.__globals__.os.system('touch PWNED') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch PWNED') }}",
    "{% set f = noi_nhan.pop %}{{ f() }}",
]


@pytest.mark.parametrize("line", ESCAPES)
def test_a_sandbox_escape_never_runs(tmp_path, monkeypatch, line):
    monkeypatch.chdir(tmp_path)
    template = _template(tmp_path / "mau.docx", "{{ ten_loai }}", line)
    code, output = _report(tmp_path, "--template", str(template), "--out", str(tmp_path / "r.docx"))
    assert code == 2
    message = _one_line(output)
    refusals = (
        "asks for what a template may not do: ",
        "has a placeholder that cannot be filled: 'lipsum' is undefined",
    )
    assert message.startswith(tuple(f"thidua: error: {template}: {refusal}" for refusal in refusals))
    assert not (tmp_path / "PWNED").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mau.docx"]  # no report, no temporary file left


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("{{ foo( }}", "has a placeholder that cannot be filled: unexpected '}', expected ')'"),
        ("{% include 'x.xml' %}", "asks for what a template may not do: reads another file ('x.xml'); a template must be self-contained"),
        ("{% import '/etc/passwd' as p %}", "asks for what a template may not do: reads another file ('/etc/passwd'); a template must be self-contained"),
        ("{{ khong_co.thu_gi }}", "has a placeholder that cannot be filled: 'khong_co' is undefined"),
        ("{% for i in range(10**15) %}x{% endfor %}", "asks for what a template may not do: range() of more than 10000 numbers"),
        ("{% set n = 10 %}{{ n ** 100000 }}", "asks for what a template may not do: an exponent above 64"),
        ("{% for i in range(1000000) %}x{% endfor %}", "asks for what a template may not do: range() of more than 10000 numbers"),
        ("{{ 'x' * 1000000000 }}", "asks for what a template may not do: repeats text or a list to more than 100000 items"),
        (
            "{% for i in range(10000) %}{{ 'x' * 100000 }}{% endfor %}",
            "asks for what a template may not do: writes more than 20 million characters",
        ),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "calls itself without end (a recursive macro)"),
        ("{{ lipsum(1000000) }}", "has a placeholder that cannot be filled: 'lipsum' is undefined"),
    ],
)  # fmt: skip
def test_bad_placeholders_are_one_line(tmp_path, line, expected):
    template = _template(tmp_path / "mau.docx", line)
    code, output = _report(tmp_path, "--template", str(template), "--out", str(tmp_path / "r.docx"))
    assert code == 2
    assert _one_line(output) == f"thidua: error: {template}: {expected}"
    assert not (tmp_path / "r.docx").exists()


@pytest.fixture(scope="module")
def review():
    return Review.load()


def test_a_template_that_loops_for_ever_is_stopped(tmp_path, review):
    loops = "{% for i in range(10000) %}{% for j in range(10000) %}{% for k in range(10000) %}{% endfor %}"
    template = _template(tmp_path / "mau.docx", loops + "{% endfor %}{% endfor %}")
    with pytest.raises(LimitExceeded) as caught:
        run_confined(lambda: write_report(review, tmp_path / "r.docx", template=template), seconds=2, memory_mb=300,
                     what=str(template))  # fmt: skip
    assert str(caught.value) == f"{template}: took more than 2 s; thidua stopped it"
    assert not (tmp_path / "r.docx").exists()


def test_a_template_asking_for_gigabytes_stays_under_500_mb(tmp_path):
    """The join makes one string of 1 GB: the child running the template runs out of its allowance."""
    template = _template(tmp_path / "mau.docx", "{{ range(10000)|map('string')|join('x' * 99999) }}")
    probe = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run([sys.executable, '-m', 'thidua', 'report', '--template', sys.argv[1], '--out', "
        "sys.argv[2]], capture_output=True, text=True)\n"
        "print(done.returncode)\nprint(done.stderr.strip())\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(template), str(tmp_path / "r.docx")],
                         capture_output=True, text=True, check=True).stdout.splitlines()  # fmt: skip
    assert out[0] == "2"
    assert out[1] == f"thidua: error: {template}: needed more than 300 MB of memory; thidua stopped it"
    assert int(out[2]) < 500 * 1024  # KiB
    assert not (tmp_path / "r.docx").exists()


DOCTYPE = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><w:document/>'
RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>'
)
IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
ATTACHED = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
LINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def _relationship(kind: str, target: str) -> bytes:
    return RELS.replace(
        b"{}", f'<Relationship Id="rId99" Type="{kind}" Target="{target}" TargetMode="External"/>'.encode()
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"word/vbaProject.bin": b"\0" * 64},
         "word/vbaProject.bin: holds macros (a .docm); save it as 'Word Document (*.docx)', which drops them"),
        ({"word/document.xml": DOCTYPE},
         "word/document.xml: declares a document type or entities, which Word documents never need"),
        ({"word/_rels/settings.xml.rels": _relationship(ATTACHED, "http://evil.example/t.dotm")},
         "word/_rels/settings.xml.rels: links to 'http://evil.example/t.dotm' outside the document (attachedTemplate),"
         " which Word would open or fetch; remove the link or linked picture, or unlink the attached template, in Word"),
        ({"word/_rels/header1.xml.rels": _relationship(IMAGE, "http://evil.example/pixel.png")},
         "word/_rels/header1.xml.rels: links to 'http://evil.example/pixel.png' outside the document (image),"
         " which Word would open or fetch; remove the link or linked picture, or unlink the attached template, in Word"),
        ({"word/_rels/footer1.xml.rels": _relationship(LINK, "file:///etc/passwd")},
         "word/_rels/footer1.xml.rels: links to 'file:///etc/passwd' outside the document (hyperlink),"
         " which Word would open or fetch; remove the link or linked picture, or unlink the attached template, in Word"),
        ({"word/_rels/footer1.xml.rels": _relationship(LINK, "\\\\server\\share\\x.docx")},
         "word/_rels/footer1.xml.rels: links to '\\\\\\\\server\\\\share\\\\x.docx' outside the document (hyperlink),"
         " which Word would open or fetch; remove the link or linked picture, or unlink the attached template, in Word"),
    ],
)  # fmt: skip
def test_refused_template_parts(tmp_path, changes, expected):
    template = _rewrite(_template(tmp_path / "mau.docx", "{{ ten_loai }}"), changes)
    code, output = _report(tmp_path, "--template", str(template), "--out", str(tmp_path / "r.docx"))
    assert code == 2
    assert _one_line(output) == f"thidua: error: {template}, {expected}"
    assert not (tmp_path / "r.docx").exists()


def test_a_web_link_is_allowed(tmp_path):
    template = _rewrite(
        _template(tmp_path / "mau.docx", "{{ ten_loai }}"),
        {"word/_rels/footer1.xml.rels": _relationship(LINK, "https://phothuan.quangngai.gov.vn")},
    )
    check_template(template)  # no refusal


def test_a_zip_bomb_is_refused_unread(tmp_path):
    template = _template(tmp_path / "mau.docx", "{{ ten_loai }}")
    with (
        zipfile.ZipFile(template, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/bomb.bin", "w") as part,
    ):
        for _ in range(60):  # 60 MB of zeros, about 60 KB packed
            part.write(bytes(2**20))
    assert template.stat().st_size < 1024 * 1024
    code, output = _report(tmp_path, "--template", str(template), "--out", str(tmp_path / "r.docx"))
    assert code == 2
    assert _one_line(output) == f"thidua: error: {template}, field 'template': unpacks to more than 50 MB (a zip bomb?)"


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04" + b"\0" * 40])
def test_not_a_word_document(tmp_path, content):
    template = tmp_path / "mau.docx"
    template.write_bytes(content)
    code, output = _report(tmp_path, "--template", str(template), "--out", str(tmp_path / "r.docx"))
    assert code == 2
    assert _one_line(output) == (
        f"thidua: error: {template}, field 'template': is not a Word document (.docx); save it from Word as "
        "'Word Document (*.docx)'"
    )


def test_a_pipe_is_never_opened(tmp_path):
    fifo = tmp_path / "mau.docx"
    os.mkfifo(fifo)
    code, output = _report(tmp_path, "--template", str(fifo), "--out", str(tmp_path / "r.docx"))
    assert code == 2
    assert _one_line(output) == (f"thidua: error: {fifo}, field 'template': is not a regular file (a device, a pipe?)")


def test_a_zip_without_a_document(tmp_path):
    template = tmp_path / "mau.docx"
    with zipfile.ZipFile(template, "w") as archive:
        archive.writestr("a.txt", "a")
    code, output = _report(tmp_path, "--template", str(template), "--out", str(tmp_path / "r.docx"))
    assert code == 2
    assert _one_line(output) == (
        f"thidua: error: {template}: has no word/document.xml: it is not a Word document (.docx)"
    )


def test_the_safe_context_still_fills_an_offices_template(tmp_path):
    template = _template(tmp_path / "mau.docx", "{{ co_quan|join(' ') }} – {{ ten_loai|upper }}",
                         "{% for n in noi_nhan %}{{ loop.index }}. {{ n }} {% endfor %}", "{{ 'ab' * 3 }}")  # fmt: skip
    code, output = _report(tmp_path, "--template", str(template), "--out", str(tmp_path / "r.docx"))
    assert code == 0, output
    texts = [p.text for p in Document(str(tmp_path / "r.docx")).paragraphs]
    assert texts[0] == "ỦY BAN NHÂN DÂN XÃ PHỔ THUẬN – BÁO CÁO"
    # plan 71's Nơi nhận, the body above first: 1 + its other 10 lines + 'Lưu: VT.'
    assert texts[1].startswith("1. UBND thị xã Đức Phổ (báo cáo); 2. TT. Đảng ủy; ")
    assert texts[1].endswith("11. 07 Trường thôn; 12. Lưu: VT. ")
    assert texts[2] == "ababab"


# Output files: never an input, never someone else's file, never half-written.


def test_template_never_writes_over_its_plan(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(PLAN.read_bytes())
    result = CliRunner().invoke(main, ["template", str(plan), "--out", str(plan), "--force"])
    assert result.exit_code == 2
    assert _one_line(result.output) == (
        f"thidua: error: {plan}, field 'out': is one of this command's own inputs; write the output to another file"
    )
    assert plan.read_bytes() == PLAN.read_bytes()


def test_report_never_writes_over_its_template(tmp_path):
    template = _template(tmp_path / "mau.docx", "{{ ten_loai }}")
    before = template.read_bytes()
    code, output = _report(tmp_path, "--template", str(template), "--out", str(template), "--force")
    assert code == 2
    assert _one_line(output) == (
        f"thidua: error: {template}, field 'out': is one of this command's own inputs; write the output to another file"
    )
    assert template.read_bytes() == before


def test_report_never_writes_over_its_figures_through_a_link(tmp_path):
    figures = tmp_path / "so-lieu.csv"
    figures.write_bytes((ROOT / "data/sample/pho-thuan-2022-2023.csv").read_bytes())
    (tmp_path / "link.docx").symlink_to(figures)
    code, output = _report(tmp_path, "--plan", str(PLAN), "--data", str(figures), "--out", str(tmp_path / "link.docx"))
    assert code == 2
    assert "is one of this command's own inputs" in _one_line(output)
    assert figures.read_bytes() == (ROOT / "data/sample/pho-thuan-2022-2023.csv").read_bytes()


def test_a_filled_in_workbook_is_never_replaced(tmp_path):
    import openpyxl

    book = tmp_path / "so-lieu-2023.xlsx"
    result = CliRunner().invoke(main, ["template", str(PLAN), "--out", str(book)])
    assert result.exit_code == 0, result.output
    again = CliRunner().invoke(main, ["template", str(PLAN), "--out", str(book)])
    assert again.exit_code == 2
    assert _one_line(again.output) == (
        f"thidua: error: {book}, field 'out': already exists; choose a new name, or --force to replace a file "
        "thidua wrote"
    )
    forced = CliRunner().invoke(main, ["template", str(PLAN), "--out", str(book), "--force"])
    assert forced.exit_code == 0, forced.output  # thidua's own, unchanged: replaced
    wb = openpyxl.load_workbook(book)
    wb["Chỉ tiêu"]["D2"] = 123  # the officer fills in a figure and saves
    wb.save(book)
    filled = book.read_bytes()
    refused = CliRunner().invoke(main, ["template", str(PLAN), "--out", str(book), "--force"])
    assert refused.exit_code == 2
    assert _one_line(refused.output) == (
        f"thidua: error: {book}, field 'out': was not written by thidua, or was changed after (filled in, edited): "
        "thidua never replaces it; choose another name"
    )
    assert book.read_bytes() == filled


def test_a_folder_or_link_at_out_is_refused(tmp_path):
    (tmp_path / "d.xlsx").mkdir()
    target = tmp_path / "elsewhere.xlsx"
    target.write_text("mine")
    (tmp_path / "l.xlsx").symlink_to(target)
    for name in ("d.xlsx", "l.xlsx"):
        result = CliRunner().invoke(main, ["template", str(PLAN), "--out", str(tmp_path / name), "--force"])
        assert result.exit_code == 2
        assert _one_line(result.output) == (
            f"thidua: error: {tmp_path / name}, field 'out': exists and is not a regular file (a folder, a link or a device); "
            "choose another name"
        )
    assert target.read_text() == "mine"


@pytest.mark.parametrize(("number", "reason"), [(errno.ENOSPC, "No space left on device"),
                                                (errno.EROFS, "Read-only file system")])  # fmt: skip
def test_a_failed_write_keeps_the_old_report(tmp_path, monkeypatch, number, reason):
    out = tmp_path / "bao-cao.docx"
    assert _report(tmp_path, "--out", str(out))[0] == 0
    before = out.read_bytes()

    def full(*_args, **_kwargs):
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr("thidua.run.outfile.stamp", full)
    code, output = _report(tmp_path, "--out", str(out), "--force")
    assert code == 4
    assert _one_line(output) == f"thidua: error: could not write {out} ({reason}); any older file is unchanged"
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.docx"]


def test_a_report_thidua_wrote_is_replaced_with_force_and_keeps_its_stamp(tmp_path):
    out = tmp_path / "bao-cao.docx"
    assert _report(tmp_path, "--out", str(out))[0] == 0
    assert _report(tmp_path, "--out", str(out), "--force")[0] == 0
    with zipfile.ZipFile(out) as archive:
        assert b"<dc:identifier" in archive.read("docProps/core.xml")
    Document(str(out))  # still a document python-docx (and Word) opens
    edited = Document(str(out))
    edited.add_paragraph("Ý kiến của Chủ tịch")
    buffer = io.BytesIO()
    edited.save(buffer)
    out.write_bytes(buffer.getvalue())
    code, output = _report(tmp_path, "--out", str(out), "--force")
    assert code == 2
    assert "was not written by thidua, or was changed after" in _one_line(output)


def test_memory_ceiling_is_a_ceiling(tmp_path):
    """The child's address space is bounded: asking for 1 GB fails there, not in the caller."""

    def greedy() -> None:
        bytearray(2**30)

    with pytest.raises(LimitExceeded) as caught:
        run_confined(greedy, seconds=10, memory_mb=100, what="test")
    assert str(caught.value) == "test: needed more than 100 MB of memory; thidua stopped it"
    assert resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY  # the caller is not limited
