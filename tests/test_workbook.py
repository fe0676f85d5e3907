"""The Excel workbook: template → filled with the sample → read back to the same assessment as the CSV."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import BUDGET_PATH, PLAN_PATH, ROOT, SAMPLE_PATH
from openpyxl import load_workbook

from thidua.cli import main
from thidua.errors import InputError
from thidua.observations import read_budget_csv, read_csv
from thidua.units import load_units
from thidua.workbook import BUDGET, HAMLETS, INDICATORS, INFO, SECTORS, read_workbook, write_template

UNITS_PATH = ROOT / "data" / "units" / "pho-thuan.yaml"
HAMLETS_PATH = ROOT / "data" / "sample" / "pho-thuan-thon-2022-2023.csv"


def _cell(value: float, yes_no: bool = False):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return ("có" if value else "không") if yes_no else value


def _fill_figures(rows, figures, key, yes_no=lambda row: False):
    """Write Thực hiện / Cùng kỳ (or their parts) into rows laid out as the template's."""
    for row in rows:
        for period, value_col, part_col in (("2023", 4, 6), ("2022", 5, 8)):
            if key(row, period) not in figures.index:
                continue
            fig = figures.loc[key(row, period)]
            if pd.notna(fig["denominator"]):
                row[part_col].value, row[part_col + 1].value = fig["numerator"], fig["denominator"]
            else:
                row[value_col].value = _cell(fig["value"], yes_no(row))


def fill_with_sample(path):
    """Type the bundled sample figures into a template, as an officer would."""
    values = read_csv(SAMPLE_PATH).values.set_index(["period", "indicator_id"])
    hamlets = read_csv(HAMLETS_PATH).values.set_index(["unit", "period", "indicator_id"])
    lines = read_budget_csv(BUDGET_PATH).set_index(["period", "side", "item"])
    wb = load_workbook(path)
    wb[INFO]["B5"] = "sample"
    _fill_figures(
        wb[INDICATORS].iter_rows(min_row=2), values, lambda r, p: (p, r[0].value), lambda r: r[2].value == "đạt/không"
    )
    _fill_figures(wb[HAMLETS].iter_rows(min_row=2), hamlets, lambda r, p: (r[0].value, p, r[2].value))
    for row in wb[SECTORS].iter_rows(min_row=2):
        for col, (prefix, period) in enumerate(
            [("hh", "2023"), ("hh", "2022"), ("ss", "2023"), ("ss", "2022")], start=2
        ):
            row[col].value = values.loc[(period, f"gtsx_{prefix}_{row[0].value}"), "value"]
    for row in wb[BUDGET].iter_rows(min_row=2):
        key = (row[0].value, row[1].value)
        row[2].value = lines.loc[("2023", *key), "estimate"]
        row[3].value = lines.loc[("2023", *key), "actual"]
        row[4].value = lines.loc[("2022", *key), "actual"]
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    path = tmp_path_factory.mktemp("book") / "pho-thuan-2023.xlsx"
    result = CliRunner().invoke(main, ["template", str(PLAN_PATH), "--out", str(path), "--units", str(UNITS_PATH)])
    assert result.exit_code == 0, result.output
    return fill_with_sample(path)


def test_template_has_the_plan_and_vietnamese_headers(tmp_path, plan):
    path = write_template(plan, tmp_path / "t.xlsx", load_units(UNITS_PATH))
    wb = load_workbook(path)
    assert wb.sheetnames == ["Hướng dẫn", "Thông tin", "Chỉ tiêu", "Ngành kinh tế", "Ngân sách", "Thôn"]
    sheet = wb[INDICATORS]
    assert [c.value for c in sheet[1]][:6] == ["Mã chỉ tiêu", "Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện", "Cùng kỳ"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    assert rows["san_luong_luong_thuc"][3].value == "7.119 tấn"  # the target as the plan wrote it
    assert rows["giam_ho_ngheo"][3].value == "giảm 0,2–0,5 điểm %"
    assert "co_cau_nong_nghiep" not in rows and "thu_ngan_sach" not in rows  # derived, entered elsewhere
    assert {r[0].value for r in wb[HAMLETS].iter_rows(min_row=2)} == {f"pho_thuan_thon_{i}" for i in range(1, 8)}
    assert sheet.data_validations.dataValidation, "cells carry Excel data validation"
    assert not (tmp_path / "t.xlsx.tmp").exists()


def test_filled_workbook_reads_back_to_the_same_assessment_as_the_csv(filled):
    csv = CliRunner().invoke(
        main, ["assess", str(PLAN_PATH), str(SAMPLE_PATH), "--budget", str(BUDGET_PATH), "--format", "csv"]
    )
    assert csv.exit_code == 0, csv.output
    book = CliRunner().invoke(main, ["assess", str(PLAN_PATH), str(filled), "--format", "csv"])
    assert book.exit_code == 0, book.output
    assert book.stdout == csv.stdout
    table = CliRunner().invoke(main, ["assess", str(PLAN_PATH), str(filled)])
    assert table.exit_code == 0, table.output
    assert "SỐ LIỆU MẪU" in table.stdout and "(trong đó 8 chỉ tiêu vượt), 3 chỉ tiêu không đạt" in table.stdout


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
        "formula =1+1 has no computed value",
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
