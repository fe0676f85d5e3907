"""The Excel workbook: template → filled with the figures → assessed as worked out by hand or as the source prints."""

from __future__ import annotations

import csv
import io
import math
from collections import Counter

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import BUDGET_PATH, PLAN_PATH, ROOT, SAMPLE_PATH
from hand_results import SAMPLE_CSV_ROWS, SAMPLE_STATUSES, mismatches
from openpyxl import load_workbook
from test_gallery import ALL_PRINTED, INTERIM_PRINTED, _read, _within_printed

from thidua.cli import main
from thidua.errors import InputError
from thidua.inputs.observations import read_budget_csv, read_csv
from thidua.inputs.periods import parse_period
from thidua.inputs.plan import load_plan, parse_plan
from thidua.inputs.units import load_units
from thidua.inputs.workbook import BUDGET, GUIDE, HAMLETS, HEADERS, INDICATORS, INFO, SECTORS, read_workbook
from thidua.inputs.yamlfile import read_yaml
from thidua.reports.workbook_template import write_template
from thidua.review.review import run_assessment

UNITS_PATH = ROOT / "data" / "units" / "pho-thuan.yaml"
HAMLETS_PATH = ROOT / "data" / "sample" / "pho-thuan-thon-2022-2023.csv"


GALLERY = ROOT / "data" / "plans" / "gallery"
PLANS = sorted(
    p for p in [*(ROOT / "data" / "plans").glob("*.yaml"), *GALLERY.glob("*.yaml")] if not p.stem.endswith("-printed")
)


def _cell(value: float, yes_no: bool = False):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return ("có" if value else "không") if yes_no else value


def _fill_figures(rows, figures, key, periods, yes_no=lambda row: False):
    """Write Thực hiện / Cùng kỳ (or their parts) into rows laid out as the template's."""
    for row in rows:
        for period, value_col, part_col in zip(periods, (4, 5), (6, 8), strict=True):
            if key(row, period) not in figures.index or (value_col == 5 and str(row[0].value).endswith("%")):
                continue  # a published rate's row takes this year's figure only (the template says so)
            fig = figures.loc[key(row, period)]
            if pd.notna(fig["denominator"]):
                row[part_col].value, row[part_col + 1].value = fig["numerator"], fig["denominator"]
            else:
                row[value_col].value = _cell(fig["value"], yes_no(row))


def fill(path, plan, data, budget_path=None, hamlets_path=None):
    """Type a figures file (and budget, hamlets) into a template of ``plan``, as an officer would."""
    values = data.values.set_index(["period", "indicator_id"])
    wb = load_workbook(path)
    period = wb[INFO]["B4"].value
    periods = (period, parse_period(period).same_period_last_year().label)
    wb[INFO]["B5"] = data.status
    yes_no = set(plan.yes_no_ids)
    _fill_figures(wb[INDICATORS].iter_rows(min_row=2), values, lambda r, p: (p, r[0].value), periods,
                  lambda r: r[0].value in yes_no)  # fmt: skip
    if hamlets_path is not None:
        hamlets = read_csv(hamlets_path).values.set_index(["unit", "period", "indicator_id"])
        _fill_figures(wb[HAMLETS].iter_rows(min_row=2), hamlets, lambda r, p: (r[0].value, p, r[2].value), periods)
    if plan.economy is not None and not plan.economy.sectors.empty:
        prefixes = [plan.economy.current_prefix] * 2 + [plan.economy.constant_prefix] * 2
        for row in wb[SECTORS].iter_rows(min_row=2):
            for col, (prefix, per) in enumerate(zip(prefixes, periods * 2, strict=True), start=2):
                key = (per, f"{prefix}{row[0].value}")
                row[col].value = values.loc[key, "value"] if key in values.index else None
    if budget_path is not None:
        lines = read_budget_csv(budget_path).set_index(["period", "side", "item"])
        for row in wb[BUDGET].iter_rows(min_row=2):
            key = (row[0].value, row[1].value)
            row[2].value = lines.loc[(periods[0], *key), "estimate"]
            row[3].value = lines.loc[(periods[0], *key), "actual"]
            row[4].value = lines.loc[(periods[1], *key), "actual"]
    wb.save(path)
    return path


def fill_with_sample(path):
    """Type the bundled sample figures into a template, as an officer would."""
    return fill(path, load_plan(PLAN_PATH), read_csv(SAMPLE_PATH), BUDGET_PATH, HAMLETS_PATH)


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    path = tmp_path_factory.mktemp("book") / "pho-thuan-2023.xlsx"
    result = CliRunner().invoke(main, ["template", str(PLAN_PATH), "--out", str(path), "--units", str(UNITS_PATH)])
    assert result.exit_code == 0, result.output
    return fill_with_sample(path)


def test_template_has_the_plan_and_vietnamese_headers(tmp_path, plan):
    path = write_template(plan, tmp_path / "t.xlsx", load_units(UNITS_PATH))
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "Hướng dẫn",
        "Thông tin",
        "Chỉ tiêu",
        "Ngành kinh tế",
        "Ngân sách",
        "Thôn",
        "Danh sách",
        "Đăng ký thi đua",
    ]  # the last two: an emulation plan's roster and registrations
    sheet = wb[INDICATORS]
    assert [c.value for c in sheet[1]][:6] == ["Mã chỉ tiêu", "Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện", "Cùng kỳ"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    assert rows["san_luong_luong_thuc"][3].value == "7.119 tấn"  # the target as the plan wrote it
    assert rows["giam_ho_ngheo"][3].value == "giảm 0,2–0,5 điểm %"
    assert "thu_ngan_sach" not in rows and "gtsx_tang_truong" not in rows  # derived, entered elsewhere
    # what a statistics office publishes instead: a growth rate, a fall in points, a share
    assert rows["gtsx_tang_truong%"][1].value.endswith("– số công bố") and rows["gtsx_tang_truong%"][2].value == "%"
    assert rows["giam_ho_ngheo%"][2].value == "điểm %"
    assert rows["co_cau_nong_nghiep"][1].value.endswith("– số công bố")
    assert {r[0].value for r in wb[HAMLETS].iter_rows(min_row=2)} == {f"pho_thuan_thon_{i}" for i in range(1, 8)}
    hamlet_ids = {r[2].value for r in wb[HAMLETS].iter_rows(min_row=2)}
    assert "ntm_nang_cao" not in hamlet_ids and "giam_ho_ngheo%" not in hamlet_ids and "bhyt" in hamlet_ids
    assert sheet.data_validations.dataValidation, "cells carry Excel data validation"
    assert not (tmp_path / "t.xlsx.tmp").exists()


def _figure_files(plan_path):
    if plan_path == PLAN_PATH:
        return [(SAMPLE_PATH, BUDGET_PATH)]
    return [(f, None) for f in sorted(GALLERY.glob(f"{plan_path.stem}*-figures.csv"))] or [(None, None)]


CASES = [(p, f, b) for p in PLANS for f, b in _figure_files(p)]


@pytest.mark.parametrize(
    ("plan_path", "figures", "budget"), CASES, ids=[(f or p).stem for p, f, _ in CASES]
)  # fmt: skip
def test_every_plan_round_trips_through_its_workbook(tmp_path, plan_path, figures, budget):
    """Template → filled from the plan's figures file → read back: the same assessment as the CSV."""
    plan = load_plan(plan_path)
    data = read_csv(figures) if figures else None
    periods = sorted(set(data.values["period"])) if data else [str(plan.year)]
    period = str(plan.year) if str(plan.year) in periods else periods[-1]
    book = write_template(plan, tmp_path / "book.xlsx", period=period)
    read_back = read_workbook(book, plan)
    assert read_back.commune.values.empty and read_back.commune.meta["plan"] == plan.meta["number"]
    if data is None:
        return
    fill(book, plan, data, budget)
    got = CliRunner().invoke(main, ["assess", str(plan_path), str(book), "--period", period, "--format", "csv"])
    assert got.exit_code == 0, got.output
    rows = {r["indicator_id"]: r for r in csv.DictReader(io.StringIO(got.stdout))}
    assert list(rows) == plan.indicator_ids
    if plan_path == PLAN_PATH:  # the sample: the rows worked out by hand
        assert mismatches(rows, SAMPLE_CSV_ROWS) == []
        assert Counter(r["status"] for r in rows.values()) == SAMPLE_STATUSES
    else:  # a gallery plan: what its source prints (tests/test_gallery.py)
        (printed,) = [p for p in ALL_PRINTED if _read(p)["figures"] == figures.name]
        expected = _read(printed)["results"]
        if printed in INTERIM_PRINTED:  # an interim review: where each target stands, no verdict column
            assert {i: r["progress"] for i, r in rows.items()} == {i: e["progress"] for i, e in expected.items()}
            assert all("status" not in r for r in rows.values())
            return
        statuses = {i: e.get("status", e.get("status_by_rule")) for i, e in expected.items()}
        assert {i: r["status"] for i, r in rows.items()} == statuses
        for ident, printed_figures in expected.items():
            if "compared" in printed_figures:
                assert _within_printed(float(rows[ident]["compared"]), printed_figures["compared"]), ident
    assert "published" in got.stdout or plan_path.stem.startswith(("pho-thuan", "tam-hop"))


def test_filled_workbook_is_assessed_as_worked_out_by_hand(filled):
    """The sample typed into its workbook (budget and sector sheets too): the rows of tests/hand_results.py."""
    book = CliRunner().invoke(main, ["assess", str(PLAN_PATH), str(filled), "--format", "csv"])
    assert book.exit_code == 0, book.output
    rows = {r["indicator_id"]: r for r in csv.DictReader(io.StringIO(book.stdout))}
    assert len(rows) == 35
    assert mismatches(rows, SAMPLE_CSV_ROWS) == []
    assert Counter(r["status"] for r in rows.values()) == SAMPLE_STATUSES
    table = CliRunner().invoke(main, ["assess", str(PLAN_PATH), str(filled)])
    assert table.exit_code == 0, table.output
    assert "SỐ LIỆU MẪU" in table.stdout and "(trong đó 8 chỉ tiêu vượt), 3 chỉ tiêu không đạt" in table.stdout


def test_yes_no_cells_follow_the_declared_measure_not_the_unit(tmp_path):
    """A yes/no indicator whose unit says 'chuẩn' takes có/không; a rate written '% số hộ' takes numbers."""
    raw = read_yaml(PLAN_PATH)
    for entry in raw["targets"]:
        if entry["id"] == "ntm_nang_cao":
            entry["unit"] = "chuẩn"
        if entry["measure"] == "rate" and entry["unit"] == "%":
            entry["unit"] = "% số hộ"
    plan = parse_plan(raw, PLAN_PATH)
    book = write_template(plan, tmp_path / "t.xlsx")
    wb = load_workbook(book)
    row = next(r[0].row for r in wb[INDICATORS].iter_rows(min_row=2) if r[0].value == "ntm_nang_cao")
    choices = [v for v in wb[INDICATORS].data_validations.dataValidation if v.type == "list"]
    assert [f"E{row}" in v.sqref for v in choices] == [True]
    wb[INDICATORS].cell(row=row, column=5, value="có")
    wb[INDICATORS].cell(row=row, column=6, value="không")
    wb.save(book)
    values = read_workbook(book, plan).commune.values.set_index(["period", "indicator_id"])["value"]
    assert values[("2023", "ntm_nang_cao")] == 1.0 and values[("2022", "ntm_nang_cao")] == 0.0


def test_a_grdp_plan_takes_its_components_with_grdp_prefixes(tmp_path):
    """Bắc Ninh's GRDP: four components with product taxes; growth −6,15% worked out by hand (610/650 − 1)."""
    plan = load_plan(GALLERY / "bac-ninh-2023.yaml")
    book = write_template(plan, tmp_path / "t.xlsx")
    wb = load_workbook(book)
    assert "'Ngành kinh tế': tổng sản phẩm trên địa bàn (GRDP) (triệu đồng)" in wb[GUIDE]["A5"].value
    sectors = wb[SECTORS]
    assert [(r[0].value, r[1].value) for r in sectors.iter_rows(min_row=2)][-1] == (
        "thue", "Thuế sản phẩm trừ trợ cấp sản phẩm"
    )  # fmt: skip
    for row, (now, before) in zip(sectors.iter_rows(min_row=2), [(90, 100), (300, 330), (170, 170), (50, 50)],
                                  strict=True):  # fmt: skip
        row[2].value, row[3].value, row[4].value, row[5].value = now, before, now, before
    wb.save(book)
    data = read_workbook(book, plan).commune
    assert set(data.values["indicator_id"]) == {
        f"grdp_{p}_{s}" for p in ("hh", "ss") for s in ("nlts", "cnxd", "dv", "thue")
    }
    result = run_assessment(plan, data, "2023").set_index("indicator_id").loc["grdp_tang_truong"]
    assert result["compared"] == pytest.approx(-6.1538, abs=1e-4) and result["status"] == "not_met"
    assert result["basis"] == "derived"


def test_a_published_rate_takes_only_this_period(tmp_path):
    plan = load_plan(GALLERY / "bac-ninh-2023.yaml")
    book = write_template(plan, tmp_path / "t.xlsx")
    wb = load_workbook(book)
    assert [r[0].value for r in wb[INDICATORS].iter_rows(min_row=2)] == ["grdp_tang_truong%"]
    wb[INDICATORS]["E2"], wb[INDICATORS]["F2"] = -6.18, 3.1
    wb.save(book)
    with pytest.raises(InputError, match=r"sheet 'Chỉ tiêu', row 2, field 'Cùng kỳ'.*takes only Thực hiện"):
        read_workbook(book, plan)


def test_hamlet_sheet_reads_back(filled, plan):
    data = read_workbook(filled, plan)
    assert data.hamlets.values["unit"].nunique() == 7
    got = data.hamlets.values.set_index(["unit", "period", "indicator_id"])
    assert got.loc[("pho_thuan_thon_1", "2023", "bhyt"), ["numerator", "denominator"]].tolist() == [934, 1008]
    assert data.commune.is_sample


def _edit(src, tmp_path, change):
    wb = load_workbook(src)
    change(wb)
    path = tmp_path / "edited.xlsx"
    wb.save(path)
    return path


def _merge_title(wb):
    ws = wb[INDICATORS]
    ws.insert_rows(1)
    ws["A1"] = "BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU"
    ws.merge_cells("A1:F1")


EXCEL_CORPUS = [
    ("renamed sheet", lambda wb: setattr(wb[INDICATORS], "title", "Chi tieu"), "missing sheet(s) Chỉ tiêu"),
    ("merged title row", _merge_title, "sheet 'Chỉ tiêu', row 1: the header must be"),
    (
        "text in a number cell",
        lambda wb: wb[INDICATORS].cell(row=2, column=5, value="khoảng 7 nghìn"),
        "sheet 'Chỉ tiêu', row 2, field 'Thực hiện'",
    ),
    ("percent text", lambda wb: wb[INDICATORS].cell(row=2, column=5, value="96%"), "'96%' is not a number"),
    (
        "formula never computed",
        lambda wb: wb[INDICATORS].cell(row=2, column=5, value="=1+1"),
        "formula '=1+1' has no computed value",
    ),
    # row 3 is ntm_nang_cao (yes/no), row 4 hoan_thanh_cong_trinh (%)
    ("yes/no as other text", lambda wb: wb[INDICATORS].cell(row=3, column=5, value="rồi"), "ghi 'có' hoặc 'không'"),
    ("unknown sector", lambda wb: wb[SECTORS].cell(row=2, column=1, value="thuy_san"), "unknown sector 'thuy_san'"),
    ("budget side", lambda wb: wb[BUDGET].cell(row=2, column=1, value="thu nhập"), "must be thu or chi"),
    ("negative money", lambda wb: wb[BUDGET].cell(row=2, column=4, value=-5), "money must not be negative"),
    ("bad period", lambda wb: wb[INFO].cell(row=4, column=2, value="31/12/2023"), "sheet 'Thông tin', row 4"),
    ("bad status", lambda wb: wb[INFO].cell(row=5, column=2, value="draft"), "must be official or sample"),
    (
        "duplicate indicator",
        lambda wb: wb[INDICATORS].append(["san_luong_luong_thuc", "x", "tấn", "", 1]),
        "repeats indicator 'san_luong_luong_thuc'",
    ),
    ("rate above 100", lambda wb: wb[INDICATORS].cell(row=4, column=5, value=130), "a rate must lie between 0 and 100"),
]


@pytest.mark.parametrize(("name", "change", "text"), EXCEL_CORPUS, ids=[c[0] for c in EXCEL_CORPUS])
def test_excel_corpus(filled, tmp_path, name, change, text):
    path = _edit(filled, tmp_path, change)
    result = CliRunner().invoke(main, ["validate", str(path), "--plan", str(PLAN_PATH)])
    assert result.exit_code == 2, result.output
    assert text in result.output
    assert isinstance(result.exception, SystemExit), "exit 2 by the command line, not an exception"


def test_a_file_that_is_not_a_workbook(tmp_path, plan):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip" * 1000)
    with pytest.raises(InputError, match=r"not an Excel \.xlsx workbook"):
        read_workbook(path, plan)


def test_template_needs_a_plan_to_validate(filled):
    result = CliRunner().invoke(main, ["validate", str(filled)])
    assert result.exit_code == 2 and "add --plan" in result.output


# ---- the workbook fits the plan's level (issue 19) ----------------------------------------------------------

BAC_NINH = GALLERY / "bac-ninh-2023.yaml"  # a province
VINH_LINH = GALLERY / "vinh-linh-2022.yaml"  # a district


def _units(tmp_path, parent, level, children):
    """A units file: ``parent`` at ``level`` and its ``children`` (id, name, level)."""
    path = tmp_path / "units.yaml"
    lines = [f"  - {{id: {parent}, name: x, level: {level}}}"]
    lines += [f"  - {{id: {i}, name: {n}, level: {lv}, parent: {parent}}}" for i, n, lv in children]
    path.write_text("units:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return load_units(path)


def test_a_province_workbook_has_no_hamlet_sheet_and_no_commune_budget_lines(tmp_path):
    book = load_workbook(write_template(load_plan(BAC_NINH), tmp_path / "t.xlsx"))
    assert book.sheetnames == ["Hướng dẫn", "Thông tin", "Chỉ tiêu", "Ngành kinh tế", "Ngân sách"]
    assert [[c.value for c in row] for row in book[BUDGET].iter_rows()] == [
        ["Thu/Chi", "Khoản mục", "Dự toán", "Thực hiện", "Thực hiện cùng kỳ"]
    ]  # the header only: a province's budget lines are not a commune's
    guide = [row[0].value for row in book[GUIDE].iter_rows()]
    assert not any("Sheet 'Thôn'" in line or line.startswith("5.") for line in guide)


def test_a_commune_workbook_keeps_its_hamlets_and_budget_lines(tmp_path, plan):
    book = load_workbook(write_template(plan, tmp_path / "t.xlsx"))  # no units file: the hamlet sheet, empty
    assert book.sheetnames[-4:-2] == ["Ngân sách", "Thôn"] and book[HAMLETS].max_row == 1
    assert [(r[0].value, r[1].value) for r in book[BUDGET].iter_rows(min_row=2)][:2] == [
        ("thu", "Thuế, phí, lệ phí và thu khác"),
        ("thu", "Bổ sung từ ngân sách cấp trên"),
    ]
    guide = [row[0].value for row in book[GUIDE].iter_rows()]
    assert "5. Sheet 'Thôn': số liệu từng thôn; tỷ lệ của xã được tính bằng tổng tử số / tổng mẫu số." in guide


@pytest.mark.parametrize(
    ("plan_path", "level", "children", "sheet", "header", "guide"),
    [
        (
            VINH_LINH, "district", [("vinh_giang", "xã Vĩnh Giang", "commune"), ("ho_xa", "thị trấn Hồ Xá", "commune")],
            "Xã", ["Mã xã", "Xã"], "5. Sheet 'Xã': số liệu từng xã; tỷ lệ của huyện được tính bằng tổng tử số / tổng mẫu số.",
        ),
        (
            BAC_NINH, "province", [("tu_son", "thành phố Từ Sơn", "city"), ("que_vo", "thị xã Quế Võ", "town")],
            "Cấp huyện", ["Mã đơn vị", "Đơn vị cấp huyện"],
            "5. Sheet 'Cấp huyện': số liệu từng đơn vị cấp huyện; tỷ lệ của tỉnh được tính bằng tổng tử số / tổng mẫu số.",
        ),
    ],
    ids=["district", "province"],
)  # fmt: skip
def test_a_higher_level_with_listed_units_gets_their_sheet(tmp_path, plan_path, level, children, sheet, header, guide):
    plan = load_plan(plan_path)
    units = _units(tmp_path, plan.meta["unit_id"], level, children)
    book = load_workbook(write_template(plan, tmp_path / "t.xlsx", units))
    assert book.sheetnames[-1] == sheet and "Thôn" not in book.sheetnames
    assert [c.value for c in book[sheet][1]][:4] == [*header, "Mã chỉ tiêu", "Chỉ tiêu"]
    assert guide in [row[0].value for row in book[GUIDE].iter_rows()]
    rows = list(book[sheet].iter_rows(min_row=2))
    assert {r[0].value for r in rows} == ({i for i, _, _ in children} if rows else set())


def test_a_district_workbook_reads_its_communes_back(tmp_path):
    """Vĩnh Linh's communes typed in: read back as the sub-units' figures, the district's own unchanged."""
    plan = load_plan(VINH_LINH)
    units = _units(tmp_path, "vinh_linh", "district", [("vinh_giang", "xã Vĩnh Giang", "commune")])
    path = write_template(plan, tmp_path / "t.xlsx", units)
    book = load_workbook(path)
    rows = {r[2].value: r for r in book["Xã"].iter_rows(min_row=2)}
    rows["san_luong_luong_thuc"][4].value, rows["san_luong_luong_thuc"][5].value = 5210, 5150  # tấn, 2022 / 2021
    book[INDICATORS]["E2"] = 61.5
    book.save(path)
    data = read_workbook(path, plan)
    got = data.hamlets.values.set_index(["unit", "period", "indicator_id"])["value"]
    assert got.to_dict() == {
        ("vinh_giang", "2022", "san_luong_luong_thuc"): 5210.0,
        ("vinh_giang", "2021", "san_luong_luong_thuc"): 5150.0,
    }
    assert data.commune.values["value"].tolist() == [61.5] and data.budget.empty


def test_a_province_workbook_without_a_units_sheet_and_one_from_the_old_template_both_read(tmp_path):
    """The new province workbook has no sub-unit sheet; an older one with an empty 'Thôn' sheet still reads."""
    plan = load_plan(BAC_NINH)
    path = write_template(plan, tmp_path / "t.xlsx")
    book = load_workbook(path)
    book[INDICATORS]["E2"] = -6.18
    book.save(path)
    assert read_workbook(path, plan).commune.values["value"].tolist() == [-6.18]
    book.create_sheet("Thôn").append(HEADERS[HAMLETS])
    book.save(path)
    assert read_workbook(path, plan).hamlets.values.empty


def test_a_commune_workbook_without_its_hamlet_sheet_is_refused(filled, tmp_path, plan):
    path = _edit(filled, tmp_path, lambda wb: wb.remove(wb[HAMLETS]))
    with pytest.raises(InputError, match=r"missing sheet\(s\) Thôn"):
        read_workbook(path, plan)


def test_an_empty_commune_id_in_a_district_workbook_names_its_column(tmp_path):
    plan = load_plan(VINH_LINH)
    units = _units(tmp_path, "vinh_linh", "district", [("vinh_giang", "xã Vĩnh Giang", "commune")])
    path = write_template(plan, tmp_path / "t.xlsx", units)
    book = load_workbook(path)
    book["Xã"]["A2"], book["Xã"]["E2"] = None, 1
    book.save(path)
    with pytest.raises(InputError) as info:
        read_workbook(path, plan)
    assert (info.value.where, info.value.field, info.value.message) == ("sheet 'Xã', row 2", "Mã xã", "is empty")
