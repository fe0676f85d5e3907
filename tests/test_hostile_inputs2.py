"""Hostile and careless inputs, round two (issue 17): workbook parts, plan sizes, figures of another plan,
unit ids, and the messages themselves.

The command-line cases run in a child process under the memory limit and alarm of test_hostile_inputs.
Fixture files are made here in tmp_path from the template and the bundled sample.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import BUDGET_PATH, GRAIN_2023, PLAN_PATH, ROOT, SAMPLE_PATH, write_december, write_march
from openpyxl import load_workbook
from test_hostile_inputs import UNITS_PATH, assert_refused, thidua

from thidua import resources
from thidua.errors import InputError, shown
from thidua.inputs.ids import lookalike
from thidua.inputs.plan import MAX_INDICATORS, load_plan, parse_plan
from thidua.inputs.sources import plan_number, read_data
from thidua.inputs.units import load_units
from thidua.inputs.validation import validate
from thidua.inputs.workbook import INDICATORS, INFO, MAX_SHARED_STRINGS, MAX_STYLES, open_workbook
from thidua.reports.templating import render
from thidua.reports.workbook_template import write_template
from thidua.review.review import Review

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


@pytest.mark.filterwarnings("ignore:Workbook contains no default style")  # the made-up styles part has none
def test_styles_and_strings_at_the_limits_are_read(tmp_path, template):
    """Exactly at the limits a workbook is opened; one style entry more is refused.

    The styles part counts every format, font, fill and border: 5 besides the cell formats here.
    """
    parts = {"xl/styles.xml": _styles(MAX_STYLES - 5, MAX_STYLES), **_shared_strings(template, 1000, 1000)}
    book = _repack(template, tmp_path / "book.xlsx", parts)
    values, formulas = open_workbook(book)
    values.close()
    formulas.close()
    over = _repack(template, tmp_path / "over.xlsx", {"xl/styles.xml": _styles(MAX_STYLES - 4, 10)})
    with pytest.raises(InputError, match=re.escape("part xl/styles.xml: has more than 64,000 style entries")):
        open_workbook(over)


# ---- the plan's size -------------------------------------------------------------------------------


def _plan_file(path: Path, n: int) -> Path:
    """A valid plan file of ``n`` indicators (tonnages at least 50)."""
    meta = {
        "number": "1/KH-TEST", "date": dt.date(2023, 1, 1), "issuer": "UBND xã Phổ Thuận", "unit_id": "pho_thuan",
        "unit_name": "xã Phổ Thuận", "level": "commune", "year": 2023, "baseline_year": 2022,
    }  # fmt: skip
    rows = [
        {
            "id": f"chi_tieu_{i}",
            "name_vi": f"Chỉ tiêu số {i}",
            "name_en": f"Indicator {i}",
            "group": "kinh_te",
            "clause": "1",
            "measure": "quantity",
            "unit": "tấn",
            "targets": [{"kind": "at_least", "value": 50}],
        }
        for i in range(n)
    ]
    path.write_text(yaml.safe_dump({"plan": meta, "targets": rows}, allow_unicode=True), encoding="utf-8")
    return path


def test_a_plan_of_more_than_1000_indicators_is_refused(tmp_path):
    path = _plan_file(tmp_path / "plan.yaml", MAX_INDICATORS + 1)
    message = (
        f"thidua: error: {path}, field 'targets': lists 1,001 indicators, above the limit of 1,000"
        " (a commune's plan has tens, a province's a few hundred): split the plan"
    )
    assert_refused(thidua(tmp_path, "template", path, "--out", tmp_path / "work" / "t.xlsx"), message)


def test_the_template_of_a_plan_at_the_limit_is_quick(tmp_path):
    plan = load_plan(_plan_file(tmp_path / "plan.yaml", MAX_INDICATORS))
    start = time.perf_counter()
    book = write_template(plan, tmp_path / "t.xlsx", load_units(UNITS_PATH))
    assert time.perf_counter() - start < 10  # 1 s measured (benchmarks/bench_template.py); 11,000 took 49 s
    ws = load_workbook(book, read_only=True)[INDICATORS]
    assert sum(1 for _ in ws.iter_rows()) == 1 + MAX_INDICATORS


# ---- figures that belong to another plan --------------------------------------------------------------

OTHER_PLAN = (
    "declares plan '99/KH-UBND', but it is assessed with plan '71/KH-UBND' (pho-thuan-2023.yaml):"
    " give the figures of this plan, or the plan they belong to"
)


def _sample_declaring(path: Path, number: str) -> Path:
    text = SAMPLE_PATH.read_text(encoding="utf-8")
    assert "# plan: 71/KH-UBND\n" in text
    path.write_text(text.replace("# plan: 71/KH-UBND\n", f"# plan: {number}\n"), encoding="utf-8")
    return path


def test_a_csv_of_another_plan_is_refused(tmp_path):
    path = _sample_declaring(tmp_path / "data.csv", "99/KH-UBND")
    run = thidua(tmp_path, "assess", PLAN_PATH, path)
    assert_refused(run, f"thidua: error: {path}, header, field 'plan': {OTHER_PLAN}")


@pytest.mark.parametrize("number", ["71/kh-ubnd", " 71/KH-UBND  ", "71/KH‑UBND".replace("‑", "-")])
def test_the_plan_number_is_compared_without_case_and_spaces(tmp_path, plan, number):
    data, _ = read_data(_sample_declaring(tmp_path / "data.csv", number), plan)
    assert not data.values.empty


def test_the_plan_number_is_compared_in_nfc(tmp_path):
    nfd = unicodedata.normalize("NFD", "Số 5/KH-UBND xã Phổ")
    assert nfd != "Số 5/KH-UBND xã Phổ"
    assert plan_number(nfd) == plan_number("số 5/kh-ubnd  xã phổ")
    assert plan_number("5/KH-UBND") != plan_number("15/KH-UBND")


def test_a_workbook_of_another_plan_is_refused(tmp_path, template):
    wb = load_workbook(template)
    assert wb[INFO]["A2"].value == "Kế hoạch số"
    wb[INFO]["B2"] = "99/KH-UBND"
    book = tmp_path / "book.xlsx"
    wb.save(book)
    run = thidua(tmp_path, "assess", PLAN_PATH, book)
    assert_refused(run, f"thidua: error: {book}, sheet '{INFO}', row 2, field 'Kế hoạch số': {OTHER_PLAN}")


def test_an_official_file_of_another_plan_is_refused(tmp_path):
    march = tmp_path / "03.csv"
    march.write_text(f"# plan: 99/KH-UBND\nunit,period,indicator,value\n{GRAIN_2023}7204\n", encoding="utf-8")
    december = write_december(tmp_path / "12.csv")
    with pytest.raises(InputError) as info:
        Review.load(plan_path=PLAN_PATH, data_path=december, official_path=march)
    assert str(info.value) == f"{march}, header, field 'plan': {OTHER_PLAN}"


def test_an_empty_official_figure_keeps_the_estimate_and_warns(tmp_path):
    march = tmp_path / "03.csv"
    march.write_text(f"unit,period,indicator,value\n{GRAIN_2023}\n", encoding="utf-8")
    review = Review.load(plan_path=PLAN_PATH, data_path=write_december(tmp_path / "12.csv"), official_path=march)
    grain = review.results.set_index("indicator_id").loc["san_luong_luong_thuc"]
    assert grain["actual"] == 7100 and bool(grain["estimate"])  # not "chưa có số liệu"
    warnings = [str(p) for p in review.problems if p.message.endswith("is kept")]
    assert warnings == [
        f"warning: {march}, line 2, field 'value': no figure for indicator 'san_luong_luong_thuc' of unit"
        " 'pho_thuan', period 2023: the earlier figure 7100 is kept"
    ]
    from thidua.reports.annual_page import warnings as page_warnings

    assert "Sản lượng lương thực: chưa có số liệu chính thức, giữ số liệu ước 7.100" in page_warnings(review)


def test_an_official_figure_still_replaces_the_estimate(tmp_path):
    review = Review.load(
        plan_path=PLAN_PATH, data_path=write_december(tmp_path / "12.csv"), official_path=write_march(tmp_path / "3")
    )
    grain = review.results.set_index("indicator_id").loc["san_luong_luong_thuc"]
    assert grain["actual"] == 7204 and not bool(grain["estimate"])
    assert not [p for p in review.problems if "is kept" in p.message]


# ---- unit ids: Unicode forms and look-alike letters ------------------------------------------------------


def _units_and_data(tmp_path: Path, file_id: str, data_id: str) -> tuple[Path, Path]:
    """A units file with one hamlet ``file_id`` under pho_thuan, and the sample plus one figure of ``data_id``."""
    units = tmp_path / "units.yaml"
    units.write_text(
        "units:\n  - {id: pho_thuan, name: xã Phổ Thuận, level: commune}\n"
        f"  - {{id: {file_id}, name: thôn Phổ An, level: hamlet, parent: pho_thuan}}\n",
        encoding="utf-8",
    )
    data = tmp_path / "data.csv"
    text = SAMPLE_PATH.read_text(encoding="utf-8")
    data.write_text(text + f"{data_id},2023,san_luong_luong_thuc,900\n", encoding="utf-8")
    return units, data


def test_unit_ids_differing_only_in_unicode_form_are_the_same_id(tmp_path, plan):
    nfc_id, nfd_id = "phổ_an", unicodedata.normalize("NFD", "phổ_an")
    assert nfc_id != nfd_id
    for file_id, data_id in ((nfc_id, nfd_id), (nfd_id, nfc_id)):
        units, data = _units_and_data(tmp_path, file_id, data_id)
        dataset, _ = read_data(data, plan)
        problems = validate(dataset, plan, "2023", load_units(units))
        assert not [p for p in problems if p.field == "unit"]
        assert nfc_id in set(dataset.values["unit"])


@pytest.mark.parametrize(
    ("data_id", "hidden"),
    [
        ("ph\u0430_an", "it contains a Cyrillic 'а' (U+0430)"),
        ("ph\u03bf_an", "it contains a Greek 'ο' (U+03BF)"),
        ("pho\u200b_an", "it contains an invisible character U+200B (ZERO WIDTH SPACE)"),
    ],
)
def test_a_look_alike_unit_id_is_named_as_such(tmp_path, data_id, hidden):
    units, data = _units_and_data(tmp_path, "pho_an", data_id)
    run = thidua(tmp_path, "assess", PLAN_PATH, data, "--units", units)
    line = len(SAMPLE_PATH.read_text(encoding="utf-8").splitlines()) + 1
    message = (
        f"error: {data}, line {line}, field 'unit': unit {data_id!r} is not plan 71/KH-UBND's unit or in the units"
        f" file; {hidden}; the closest known id is 'pho_an'"
    )
    assert_refused(run, message)


def test_lookalike_finds_nothing_in_vietnamese_letters():
    assert lookalike("phổ_thuận_ấp_đông", "pho_thuan") is None
    assert lookalike("pho_thuan") is None
    assert lookalike("xа_pho") == "contains a Cyrillic 'а' (U+0430)"  # most letters Latin: the odd one out


# ---- what messages say about the values they refuse -------------------------------------------------------

LONG = "x" * 100_000
LONG_SHOWN = f"'{'x' * 57}…' (100,000 characters)"


def test_shown_caps_a_value_at_60_characters():
    assert shown("abc") == "'abc'"
    assert shown(LONG) == LONG_SHOWN
    assert len(shown(LONG).split(" (")[0]) == 60
    assert shown(list(range(100))).endswith("…") and len(shown(list(range(100)))) == 60


def test_a_long_csv_cell_is_not_repeated_in_full(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(f"unit,period,indicator,value\npho_thuan,2023,san_luong_luong_thuc,{LONG}\n", encoding="utf-8")
    run = thidua(tmp_path, "assess", PLAN_PATH, path)
    assert_refused(run, f"thidua: error: {path}, line 2, field 'value': {LONG_SHOWN} is not a number")


def test_a_long_yaml_value_is_not_repeated_in_full(tmp_path):
    text = PLAN_PATH.read_text(encoding="utf-8")
    assert "  level: commune\n" in text
    path = tmp_path / "plan.yaml"
    path.write_text(text.replace("  level: commune\n", f"  level: {LONG}\n", 1), encoding="utf-8")
    run = thidua(tmp_path, "assess", path, SAMPLE_PATH)
    message = f"thidua: error: {path}, plan, field 'level': must be one of commune, district, town, city, province,"
    assert_refused(run, f"{message} got {LONG_SHOWN}")


def test_a_long_workbook_cell_is_not_repeated_in_full(tmp_path, template):
    wb = load_workbook(template)
    wb[INDICATORS]["E2"] = LONG[:30_000]  # a cell holds at most 32,767 characters
    book = tmp_path / "book.xlsx"
    wb.save(book)
    run = thidua(tmp_path, "assess", PLAN_PATH, book)
    shown_30k = LONG_SHOWN.replace("100,000", "30,000")
    message = f"thidua: error: {book}, sheet '{INDICATORS}', row 2, field 'Thực hiện': {shown_30k} is not a number"
    assert_refused(run, f"{message} (write a number, no text or % sign)")


def test_a_long_unknown_indicator_is_not_repeated_in_full(tmp_path, plan):
    path = tmp_path / "data.csv"
    path.write_text(f"unit,period,indicator,value\npho_thuan,2023,{LONG},1\n", encoding="utf-8")
    data, _ = read_data(path, plan)
    errors = [str(p) for p in validate(data, plan, "2023") if p.field == "indicator" and p.severity == "error"]
    assert errors == [f"error: {path}, line 2, field 'indicator': indicator {LONG_SHOWN} is not in plan 71/KH-UBND"]


def test_a_date_in_a_number_cell_is_named_as_a_date(tmp_path, template):
    wb = load_workbook(template)
    wb[INDICATORS]["E2"] = dt.datetime(1919, 9, 21)
    book = tmp_path / "book.xlsx"
    wb.save(book)
    run = thidua(tmp_path, "assess", PLAN_PATH, book)
    message = (
        f"thidua: error: {book}, sheet '{INDICATORS}', row 2, field 'Thực hiện':"
        " a date (21/09/1919) is not a number: format the cell as a number, not a date"
    )
    assert_refused(run, message)


def test_a_formula_in_the_unit_cell_is_named_as_a_formula(tmp_path, template):
    wb = load_workbook(template)
    assert wb[INFO]["A3"].value == "Mã đơn vị"
    wb[INFO]["B3"] = '=LOWER("PHO_THUAN")'  # openpyxl saves no computed value
    book = tmp_path / "book.xlsx"
    wb.save(book)
    run = thidua(tmp_path, "assess", PLAN_PATH, book)
    message = (
        f"thidua: error: {book}, sheet '{INFO}', row 3, field 'Mã đơn vị':"
        " formula '=LOWER(\"PHO_THUAN\")' has no computed value: type the value, not a formula"
    )
    assert_refused(run, message)


# ---- long names on a phone ----------------------------------------------------------------------------------


def _css_rules(css: str) -> dict[str, str]:
    """Selector → declarations, for the top-level rules of a stylesheet (one selector may have several)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
    rules: dict[str, str] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        for selector in selectors.split(","):
            rules[selector.strip()] = rules.get(selector.strip(), "") + body
    return rules


def test_names_may_break_anywhere_in_headings_and_name_cells():
    """Without a browser: the rule the pages need to stay 390 px wide with a 200-character unit name."""
    rules = _css_rules((resources.TEMPLATES / "thidua" / "thidua.css").read_text(encoding="utf-8"))
    for selector in ("h1", "h2", "h3", ".review-header p", "li", "td:first-child", "th:first-child", "td.status"):
        assert "overflow-wrap: anywhere" in rules[selector], selector
    assert "white-space: nowrap" in rules["th"]  # figures still never break
    assert "overflow-wrap: anywhere" in render("head.html.j2")


def test_a_look_alike_indicator_id_is_named_as_such(tmp_path, plan):
    path = tmp_path / "data.csv"
    path.write_text("unit,period,indicator,value\npho_thuan,2023,san_luong_luong_thu\u0441,7204\n", encoding="utf-8")
    data, _ = read_data(path, plan)
    errors = [str(p) for p in validate(data, plan, "2023") if p.field == "indicator" and p.severity == "error"]
    assert errors == [
        f"error: {path}, line 2, field 'indicator': indicator 'san_luong_luong_thu\u0441' is not in plan 71/KH-UBND;"
        " it contains a Cyrillic 'с' (U+0441)"
    ]


def test_a_budget_of_another_plan_is_refused(tmp_path):
    path = tmp_path / "budget.csv"
    path.write_text("# plan: 99/KH-UBND\n" + BUDGET_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    run = thidua(tmp_path, "assess", PLAN_PATH, SAMPLE_PATH, "--budget", path)
    assert_refused(run, f"thidua: error: {path}, header, field 'plan': {OTHER_PLAN}")
    path.write_text("# plan: 71/KH-UBND\n" + BUDGET_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    assert thidua(tmp_path, "assess", PLAN_PATH, SAMPLE_PATH, "--budget", path).code == 0


def test_hamlet_figures_of_another_plan_are_refused(tmp_path):
    path = tmp_path / "thon.csv"
    hamlets = ROOT / "data" / "sample" / "pho-thuan-thon-2022-2023.csv"
    path.write_text("# plan: 99/KH-UBND\n" + hamlets.read_text(encoding="utf-8"), encoding="utf-8")
    review = Review.load(subunits_path=path)
    with pytest.raises(InputError) as info:
        _ = review.ranking
    assert str(info.value) == f"{path}, header, field 'plan': {OTHER_PLAN}"


def test_a_date_in_the_period_cell_is_named_as_a_date(tmp_path, template):
    wb = load_workbook(template)
    assert wb[INFO]["A4"].value == "Kỳ báo cáo"
    wb[INFO]["B4"] = dt.datetime(2023, 6, 30)  # Excel turned '30/6/2023' into a date
    book = tmp_path / "book.xlsx"
    wb.save(book)
    run = thidua(tmp_path, "assess", PLAN_PATH, book)
    message = (
        f"thidua: error: {book}, sheet '{INFO}', row 4, field 'Kỳ báo cáo':"
        " a date (30/06/2023) is not text: format the cell as Text and type it again"
    )
    assert_refused(run, message)


@pytest.mark.parametrize("command", ["assess", "validate"])
def test_a_mistyped_period_is_one_line_before_any_figure_is_read(tmp_path, command):
    args = [PLAN_PATH, SAMPLE_PATH] if command == "assess" else [SAMPLE_PATH, "--plan", PLAN_PATH]
    run = thidua(tmp_path, command, *args, "--period", "2023-13T")
    assert_refused(run, "thidua: error: field 'period': year-to-date covers 1 to 11 months, got '2023-13T'")


# ---- the plan's kind, bodies and titles ----------------------------------------------------------------------


def _plan_with(**meta) -> dict:
    """A small valid plan (1/KH-TEST of UBND xã Phổ Thuận) with its details changed."""
    plan = {
        "number": "1/KH-TEST", "date": dt.date(2023, 1, 1), "issuer": "UBND xã Phổ Thuận", "unit_id": "pho_thuan",
        "unit_name": "xã Phổ Thuận", "level": "commune", "year": 2023, "baseline_year": 2022, **meta,
    }  # fmt: skip
    target = {"id": "x", "name_vi": "X", "name_en": "X", "group": "kinh_te", "clause": "1", "measure": "quantity",
              "unit": "tấn", "targets": [{"kind": "at_least", "value": 1}]}  # fmt: skip
    return {"plan": plan, "targets": [target]}


_CONTROL = "contains a control character U+{code} (a line break, a tab…): write it on one line"
_KINDS = "must be one of ke_hoach, nghi_quyet, chuong_trinh, quyet_dinh, de_an, ket_luan, got "
PLAN_DOCUMENT_CASES = [
    # a kind or a body that is not an id, or of the wrong type
    ({"kind": "KH"}, "kind", _KINDS + "'KH'"),
    ({"kind": 5}, "kind", _KINDS + "5"),
    ({"kind": ["nghi_quyet"]}, "kind", _KINDS + "['nghi_quyet']"),
    ({"issued_by": "UBND"}, "issued_by", "must be one of hdnd, ubnd, dang_uy, dai_hoi_dang_bo, got 'UBND'"),
    ({"issued_by": True}, "issued_by", "must be one of hdnd, ubnd, dang_uy, dai_hoi_dang_bo, got True"),
    ({"reported_by": "dang_uy"}, "reported_by",
     "must be ubnd or hdnd (a Party committee reports in the Party's own format, which thidua does not write), "
     "got 'dang_uy'"),
    ({"reported_by": "UBND"}, "reported_by",
     "must be ubnd or hdnd (a Party committee reports in the Party's own format, which thidua does not write), "
     "got 'UBND'"),
    ({"purpose": "thi đua"}, "purpose", "must be one of thi_dua, kinh_te_xa_hoi, got 'thi đua'"),
    # what the number, the issuer and the written kind or body say must agree
    ({"number": "11/NQ-HĐND", "kind": "ke_hoach"}, "kind",
     "is ke_hoach, but the number '11/NQ-HĐND' says NQ, a nghi_quyet"),
    ({"number": "71/KH-UBND", "issued_by": "hdnd", "issuer": None}, "issued_by",
     "is hdnd, but the number '71/KH-UBND' names the body ubnd"),
    ({"issued_by": "hdnd"}, "issued_by", "is hdnd, but the issuer 'UBND xã Phổ Thuận' names the body ubnd"),
    # a number of 100,000 digits is quoted short, and read in time
    ({"number": "9" * 100_000 + "/NQ-HĐND", "kind": "ke_hoach"}, "kind",
     f"is ke_hoach, but the number {shown('9' * 100_000 + '/NQ-HĐND')} says NQ, a nghi_quyet"),
    # no issuer at all
    ({"issuer": ""}, "issuer", "is required, or name the body with issued_by: hdnd, ubnd, dang_uy, dai_hoi_dang_bo"),
    ({"issuer": None}, "issuer", "is required, or name the body with issued_by: hdnd, ubnd, dang_uy, dai_hoi_dang_bo"),
    # titles and names: one line without control characters, at most 300 characters
    ({"title": "Kế hoạch\nthi đua"}, "title", _CONTROL.format(code="000A")),
    ({"title": "Kế hoạch\rthi đua"}, "title", _CONTROL.format(code="000D")),
    ({"report_title": "Kết quả\x00"}, "report_title", _CONTROL.format(code="0000")),
    ({"report_title": "Kết quả\tthực hiện"}, "report_title", _CONTROL.format(code="0009")),
    ({"report_title": "Kết quả\u2028thực hiện"}, "report_title", _CONTROL.format(code="2028")),  # line separator
    ({"issuer": "UBND xã \x1b[31mPhổ Thuận"}, "issuer", _CONTROL.format(code="001B")),  # a terminal colour
    ({"title": "x" * 301}, "title", "is 301 characters long, above the limit of 300: shorten it"),
    ({"report_title": "Kết quả " * 12_500}, "report_title", "is 100,000 characters long, above the limit of 300: shorten it"),
    ({"title": 2023}, "title", "must be text, got 2023"),
    ({"report_title": "Kết quả thực hiện nhiệm vụ năm 2023"}, "report_title",
     "write the title without its period: thidua adds 'năm 2023' (or '6 tháng năm 2023')"),
]  # fmt: skip


@pytest.mark.parametrize(("meta", "field", "message"), PLAN_DOCUMENT_CASES, ids=range(len(PLAN_DOCUMENT_CASES)))
def test_a_plans_kind_bodies_and_titles_are_checked(meta, field, message):
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        parse_plan(_plan_with(**meta), "p.yaml")
    assert str(info.value) == f"p.yaml, plan, field '{field}': {message}"
    assert time.perf_counter() - start < 1


def test_a_title_of_300_characters_is_taken_and_printed_whole():
    title = "Kế hoạch thi đua " + "x" * 283
    assert len(title) == 300
    plan = parse_plan(_plan_with(title=title, report_title="Tổng kết " + "y" * 291), "p.yaml")
    assert plan.meta["title"] == title and plan.purpose == "thi_dua"


def test_an_over_long_title_is_refused_on_the_command_line_without_being_repeated(tmp_path):
    path = tmp_path / "plan.yaml"
    raw = _plan_with(title="Kế hoạch " + "x" * 99_991)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, width=10**6), encoding="utf-8")
    run = thidua(tmp_path, "assess", path, SAMPLE_PATH)
    message = (
        f"thidua: error: {path}, plan, field 'title': is 100,000 characters long, above the limit of 300: shorten it"
    )
    assert_refused(run, message)
