"""Hostile and careless inputs, round two (issue 17): workbook parts, plan sizes, figures of another plan,
unit ids, and the messages themselves.

The command-line cases run in a child process under the memory limit and alarm of test_hostile_inputs.
Fixture files are made here in tmp_path from the template and the bundled sample.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import PLAN_PATH
from test_hostile_inputs import assert_refused, thidua

from thidua.errors import InputError
from thidua.inputs.plan import load_plan
from thidua.inputs.workbook import MAX_SHARED_STRINGS, MAX_STYLES, _open
from thidua.reports.workbook_template import write_template

BOMB_PEAK_MB = 500
_SHARED_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return write_template(load_plan(PLAN_PATH), tmp_path_factory.mktemp("template") / "template.xlsx")


def _repack(template: Path, path: Path, parts: dict[str, bytes]) -> Path:
    """The template with ``parts`` (name → content) replacing or added to its zip members."""
    with zipfile.ZipFile(template) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members.update(parts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


# ---- workbook parts that openpyxl would build in full before reading a cell ---------------------------


def _styles(n: int, count: int) -> bytes:
    """A styles part whose cellXfs holds ``n`` entries and says it holds ``count``."""
    xfs = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' * n
    return (
        b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<fonts count="1"><font><sz val="11"/></font></fonts>'
        b'<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        b'<borders count="1"><border/></borders>'
        b'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        b'<cellXfs count="%d">%s</cellXfs></styleSheet>' % (count, xfs)
    )


def _shared_strings(template: Path, n: int, count: int) -> dict[str, bytes]:
    """A shared-strings part of ``n`` entries saying it has ``count``, declared in the content types."""
    with zipfile.ZipFile(template) as archive:
        types = archive.read("[Content_Types].xml")
    override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SHARED_TYPE}"/>'.encode()
    body = b"<si><t/></si>" * n
    part = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
        b"%s</sst>" % (count, count, body)
    )
    return {"xl/sharedStrings.xml": part, "[Content_Types].xml": types.replace(b"</Types>", override + b"</Types>")}


def test_a_style_bomb_is_refused_before_openpyxl_reads_it(tmp_path, template):
    book = _repack(template, tmp_path / "book.xlsx", {"xl/styles.xml": _styles(1_500_000, 2)})  # the count lies
    assert book.stat().st_size < 1_000_000
    run = thidua(tmp_path, "assess", PLAN_PATH, book)
    message = (
        f"thidua: error: {book}, part xl/styles.xml: has more than {MAX_STYLES:,} style entries:"
        " a data-entry workbook needs a few dozen. Copy the figures into a new template ('thidua template')"
    )
    assert_refused(run, message)
    assert run.peak_mb < BOMB_PEAK_MB and run.seconds < 30


def test_a_shared_strings_bomb_is_refused_before_openpyxl_reads_it(tmp_path, template):
    parts = _shared_strings(template, 5_500_000, 3)
    book = _repack(template, tmp_path / "book.xlsx", parts)
    run = thidua(tmp_path, "assess", PLAN_PATH, book)
    message = (
        f"thidua: error: {book}, part xl/sharedStrings.xml: has more than {MAX_SHARED_STRINGS:,} shared strings:"
        " a data-entry workbook needs a few dozen. Copy the figures into a new template ('thidua template')"
    )
    assert_refused(run, message)
    assert run.peak_mb < BOMB_PEAK_MB and run.seconds < 30


def test_styles_and_strings_at_the_limits_are_read(tmp_path, template):
    """Exactly at the limits a workbook is opened; one style entry more is refused.

    The styles part counts every format, font, fill and border: 5 besides the cell formats here.
    """
    parts = {"xl/styles.xml": _styles(MAX_STYLES - 5, MAX_STYLES), **_shared_strings(template, 1000, 1000)}
    book = _repack(template, tmp_path / "book.xlsx", parts)
    values, formulas = _open(book)
    values.close()
    formulas.close()
    over = _repack(template, tmp_path / "over.xlsx", {"xl/styles.xml": _styles(MAX_STYLES - 4, 10)})
    with pytest.raises(InputError, match=re.escape("part xl/styles.xml: has more than 64,000 style entries")):
        _open(over)
