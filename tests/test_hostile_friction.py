"""Inputs that say what is wrong (issue 19, item 5): figures files as officers save them, and their mistakes.

A CSV saved by Excel with Vietnamese regional settings has ';' between its columns and decimal commas;
it is read as the comma file it stands for. A decimal comma left unquoted in a comma file splits its
number into two cells: the message names the line, the column and the three ways out.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from click.testing import CliRunner
from conftest import BUDGET_PATH, PLAN_PATH, ROOT, SAMPLE_PATH
from hand_results import SAMPLE_CSV_ROWS, SAMPLE_STATUSES, mismatches
from test_hostile_inputs import assert_refused, thidua

from thidua.cli import main
from thidua.errors import InputError
from thidua.inputs.observations import read_budget_csv, read_csv, separator
from thidua.inputs.periods import held_instead, parse_period
from thidua.inputs.plan import load_plan
from thidua.inputs.units import load_units
from thidua.inputs.validation import validate
from thidua.review.review import Review

HEADER = "unit,period,indicator,value\n"


def excel_semicolons(path, out):
    """``path`` as Excel saves it with Vietnamese settings: BOM, CRLF, ';' columns, decimal commas, padded '#' lines."""
    text = path.read_text(encoding="utf-8")
    meta = [line for line in text.splitlines() if line.startswith("#")]
    rows = list(csv.reader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#")))))
    width = len(rows[0])
    lines = [line + ";" * (width - 1) for line in meta]
    lines += [";".join(cell.replace(".", ",") for cell in row) for row in rows]
    out.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return out


# ---- ';' between columns -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "sep"),
    [
        ("unit,period,indicator,value", ","),
        ("unit;period;indicator;value", ";"),
        ('"unit";"period";"indicator";"value";"numerator";"denominator"', ";"),
        ("unit;period;side;item;estimate;actual", ";"),
        ("unit,period,indicator,value;note", ","),  # a ';' in a column name of a comma file
        ("đơn vị;kỳ;chỉ tiêu;giá trị", ","),  # no known column either way: read as ',' and refused
    ],
)
def test_the_separator_is_told_from_the_header(header, sep):
    assert separator(header) == sep


def test_a_semicolon_file_with_decimal_commas_is_read(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(
        "unit;period;indicator;value;numerator;denominator\n"
        "bac_ninh;2023;grdp_tang_truong%;7,61;;\n"
        "bac_ninh;2023;xuat_khau;-9,28;;\n"
        "bac_ninh;2023;thu_ngan_sach;38.700,5;;\n"
        "bac_ninh;2023;bhyt;;7812;8129\n",
        encoding="utf-8",
    )
    values = read_csv(path).values.set_index("indicator_id")
    assert values.loc["grdp_tang_truong%", "value"] == 7.61
    assert values.loc["xuat_khau", "value"] == -9.28
    assert values.loc["thu_ngan_sach", "value"] == 38700.5  # 38.700,5: thousands dot, decimal comma
    assert values.loc["bhyt", "value"] == pytest.approx(7812 / 8129 * 100)
    assert values["line"].tolist() == [2, 3, 4, 5]


def test_the_sample_saved_by_vietnamese_excel_is_assessed_as_worked_out_by_hand(tmp_path):
    """The sample and its budget with ';', decimal commas, CRLF, a BOM and '#' lines padded to the table's width."""
    data = excel_semicolons(SAMPLE_PATH, tmp_path / "so-lieu.csv")
    budget = excel_semicolons(BUDGET_PATH, tmp_path / "ngan-sach.csv")
    assert b"0,91;;\r\n" in data.read_bytes() and b"# status: sample;;;;;\r\n" in data.read_bytes()
    result = CliRunner().invoke(main, ["assess", str(PLAN_PATH), str(data), "--budget", str(budget), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = {r["indicator_id"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert mismatches(rows, SAMPLE_CSV_ROWS) == []
    assert Counter(r["status"] for r in rows.values()) == SAMPLE_STATUSES
    assert read_csv(data).meta["status"] == "sample"  # not 'sample;;;;;'
    lines = read_budget_csv(budget)
    assert lines["item"].iloc[0] == "Thuế, phí, lệ phí và thu khác"  # its commas are no separators here
    assert lines["actual"].sum() == read_budget_csv(BUDGET_PATH)["actual"].sum()


def test_a_semicolon_header_naming_no_column_says_how_it_was_split(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("đơn vị;kỳ;chỉ tiêu;giá trị\nbac_ninh;2023;x;1\n", encoding="utf-8")
    run = thidua(tmp_path, "validate", path)
    assert_refused(
        run,
        f"thidua: error: {path}, line 1, field 'unit': missing column(s) unit, period, indicator, value; the header"
        " must be unit, period, indicator, value; the columns seem to be separated by ';', but the header does not"
        " name them",
    )


def test_a_semicolon_header_with_a_misspelt_column(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("unit;period;indicator;valeur\nbac_ninh;2023;x;1\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_csv(path)
    assert str(info.value) == (
        f"{path}, line 1, field 'value': missing column(s) value; the header must be unit, period, indicator, value"
        " (the columns were read as separated by ';')"
    )


def test_a_semicolon_budget_given_as_the_figures_is_named_a_budget(tmp_path):
    budget = excel_semicolons(BUDGET_PATH, tmp_path / "ngan-sach.csv")
    with pytest.raises(InputError, match="is a budget file"):
        read_csv(budget)


# ---- more cells than the header ------------------------------------------------------------------------

DECIMAL = "a decimal comma? write 7.61, or quote \"7,61\", or save the file with ';' between columns"


@pytest.mark.parametrize(
    ("body", "where"),
    [
        # the first row: pandas would take its first cell as an index and shift the columns
        ("bac_ninh,2023,grdp_tang_truong%,7,61\n", "line 2, field 'value': 5 cells where the header has 4: " + DECIMAL),
        # a later row
        (
            "bac_ninh,2022,grdp_tang_truong%,7\nbac_ninh,2021,grdp_tang_truong%,6\nbac_ninh,2023,grdp_tang_truong%,7,61\n",
            "line 4, field 'value': 5 cells where the header has 4: " + DECIMAL,
        ),
        # a thousands comma: one number split in three; no rewriting is offered (1,234 could be either)
        (
            "bac_ninh,2023,thu_ngan_sach,6,830,000\n",
            "line 2, field 'value': 6 cells where the header has 4: '6,830,000' looks like one number split at its"
            " commas: quote \"6,830,000\", or save the file with ';' between columns",
        ),
        (
            "bac_ninh,2023,x,1,234\n",
            "line 2, field 'value': 5 cells where the header has 4: '1,234' looks like one number split at its"
            " commas: quote \"1,234\", or save the file with ';' between columns",
        ),
        # a comma in a text cell, not in a number
        (
            "bac_ninh,2023,Nông, lâm nghiệp,5\n",
            "line 2: 5 cells where the header has 4: a comma inside a cell? put the cell in quotes, or save the file"
            " with ';' between columns",
        ),
    ],
    ids=["first-row", "later-row", "thousands", "three-digits", "text"],
)
def test_a_row_with_more_cells_than_the_header_is_named(tmp_path, body, where):
    path = tmp_path / "f.csv"
    path.write_text("# status: official\n" + HEADER + body, encoding="utf-8")
    where = where.replace("line 2", "line 3").replace("line 4", "line 5")  # the '#' line counts
    assert_refused(thidua(tmp_path, "validate", path), f"thidua: error: {path}, {where}")


def test_a_split_decimal_in_a_vietnamese_file_is_not_told_to_write_a_dot(tmp_path):
    """With '# numbers: vi' 7.61 is no number (seven hundred and sixty-one would be 761): only quotes or ';'."""
    path = tmp_path / "f.csv"
    path.write_text("# numbers: vi\n" + HEADER + "bac_ninh,2023,x,7,61\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_csv(path)
    assert str(info.value) == (
        f"{path}, line 3, field 'value': 5 cells where the header has 4: a decimal comma? quote \"7,61\", or save"
        " the file with ';' between columns"
    )


def test_a_split_decimal_in_a_budget_names_its_column(tmp_path):
    path = tmp_path / "b.csv"
    path.write_text(
        "unit,period,side,item,estimate,actual\npho_thuan,2023,thu,Thuế,6830000000,7117000000,5\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        read_budget_csv(path)
    assert (info.value.where, info.value.field) == ("line 2", "actual")
    assert "7 cells where the header has 6: a decimal comma? write 7117000000.5" in info.value.message


def test_of_two_neighbouring_numbers_the_one_with_a_short_decimal_part_is_named(tmp_path):
    """7812,5,8129: the numerator 7812,5 and a denominator 8129, not 7812 and 5,8129 (decimal parts are short)."""
    path = tmp_path / "f.csv"
    path.write_text("unit,period,indicator,value,numerator,denominator\nbac_ninh,2023,bhyt,,7812,5,8129\n")
    with pytest.raises(InputError) as info:
        read_csv(path)
    assert (info.value.where, info.value.field) == ("line 2", "numerator")
    assert info.value.message.startswith("7 cells where the header has 6: a decimal comma? write 7812.5, or quote")


def test_a_long_row_of_a_semicolon_file(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("unit;period;indicator;value\nbac_ninh;2023;x;1;2\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_csv(path)
    assert (
        str(info.value)
        == f"{path}, line 2: 5 cells where the header has 4: a ';' inside a cell? put the cell in quotes"
    )


def test_a_quoted_decimal_comma_and_a_quoted_multiline_cell_are_read(tmp_path):
    """Quotes keep a comma (and a line break) inside one cell; the line of a later error counts the break."""
    path = tmp_path / "f.csv"
    path.write_text(HEADER + 'bac_ninh,2023,x,"7,61"\n"bac\nninh",2023,y,1\nbac_ninh,2023,z,2,5\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_csv(path)
    assert (info.value.where, info.value.field) == ("line 5", "value")  # header 1, rows 2, 3–4, 5
    path.write_text(HEADER + 'bac_ninh,2023,x,"7,61"\n', encoding="utf-8")
    assert read_csv(path).values["value"].tolist() == [7.61]


# ---- a year-to-date file checked for the whole year ------------------------------------------------------

YTD_PATH = ROOT / "data" / "sample" / "pho-thuan-6t-2022-2023.csv"  # 2022-6T and 2023-6T; the plan's year is 2023


@pytest.mark.parametrize(
    ("held", "wanted", "hint"),
    [
        (["2023-6T", "2022-6T"], "2023", "; it holds 2023-6T: give --period 2023-6T"),
        (["2024-9T", "2024-6T", "2023-9T"], "2024", "; it holds 2024-6T, 2024-9T: give --period with one of them"),
        (["2023", "2022"], "2023-6T", "; it holds 2023: give --period 2023"),
        (["2022", "2021"], "2024", "; it holds 2021, 2022"),  # another year's file: no period to give
        ([str(y) for y in range(2010, 2020)], "2024", "; it holds 2010, 2011, 2012, 2013, 2014, 2015 and 4 more"),
        ([], "2024", ""),
        (["2024"], "2024", ""),  # it holds the period: nothing to say (the figures are missing elsewhere)
    ],
)
def test_what_a_file_holds_instead(held, wanted, hint):
    assert held_instead(held, parse_period(wanted)) == hint


@pytest.mark.parametrize("command", ["validate", "assess"])
def test_a_year_to_date_file_without_period_is_told_the_period_it_holds(tmp_path, command):
    args = [YTD_PATH, "--plan", PLAN_PATH] if command == "validate" else [PLAN_PATH, YTD_PATH]
    run = thidua(tmp_path, command, *args)
    message = (
        f"thidua: error: {YTD_PATH}, field 'period': has no figures for period '2023'; it holds 2023-6T:"
        " give --period 2023-6T"
    )
    assert_refused(run, message)


# ---- parts of the economy: section missing -----------------------------------------------------------

CONSTANT = "gtsx_ss_nong_nghiep, gtsx_ss_cn_xd, gtsx_ss_tm_dv"  # the plan's three sectors, at constant prices
CURRENT = "gtsx_hh_nong_nghiep, gtsx_hh_cn_xd, gtsx_hh_tm_dv"


def _sample_without(tmp_path, *starts, extra=""):
    """The sample without the rows whose indicator starts with one of ``starts`` (rows "pho_thuan,2022,gtsx_ss_")."""
    kept = [line for line in SAMPLE_PATH.read_text(encoding="utf-8").splitlines() if not line.startswith(starts)]
    path = tmp_path / "data.csv"
    path.write_text("\n".join(kept) + "\n" + extra, encoding="utf-8")
    return path


def _economy_warnings(review):
    return [str(p) for p in review.problems if p.message.startswith("economy:")]


def test_missing_economy_figures_warn_naming_the_target_and_what_is_missing(tmp_path):
    """No 2022 values at constant prices (growth needs last year's), none at current prices, no income or population."""
    data = _sample_without(
        tmp_path, "pho_thuan,2022,gtsx_ss_", "pho_thuan,2022,gtsx_hh_", "pho_thuan,2023,gtsx_hh_",
        "pho_thuan,2022,tong_thu_nhap", "pho_thuan,2023,tong_thu_nhap",
        "pho_thuan,2022,dan_so_trung_binh", "pho_thuan,2023,dan_so_trung_binh",
    )  # fmt: skip
    review = Review.load(plan_path=PLAN_PATH, data_path=data, budget_path=BUDGET_PATH)
    start = f"warning: {data}, period"
    growth = "cannot be derived: no component values at constant prices ({CONSTANT}) for 2022; give them, or the"
    assert _economy_warnings(review) == [
        *(
            f"{start} 2022, field 'indicator': economy: '{t}' {growth.format(CONSTANT=CONSTANT)} published rate as"
            f" '{t}%'; reported as no data"
            for t in ("gtsx_nong_nghiep", "gtsx_cn_xd", "gtsx_tm_dv", "gtsx_tang_truong")
        ),
        *(
            f"{start} 2023, field 'indicator': economy: '{t}' cannot be derived: no component values at current prices"
            f" ({CURRENT}) for 2023; give them, or the published share as '{t}'; reported as no data"
            for t in ("co_cau_nong_nghiep", "co_cau_cn_xd", "co_cau_tm_dv")
        ),
        f"{start} 2023, field 'indicator': economy: 'thu_nhap_binh_quan' cannot be derived: no tong_thu_nhap and"
        " dan_so_trung_binh for 2023; reported as no data",
    ]
    status = review.results.set_index("indicator_id")["status"]
    warned = ["gtsx_nong_nghiep", "gtsx_tang_truong", "co_cau_tm_dv", "thu_nhap_binh_quan"]
    assert set(status[warned]) == {"no_data"}  # each warning stands for a target reported as no data
    from thidua.reports.annual_page import warnings as page_warnings

    page = page_warnings(review)
    assert (
        "Giá trị sản xuất nông nghiệp: chưa có giá trị các thành phần kinh tế theo giá so sánh năm 2022 để tính,"
        " chưa đánh giá được"
    ) in page
    assert (
        "Cơ cấu kinh tế – nông nghiệp: chưa có giá trị các thành phần kinh tế theo giá hiện hành năm 2023 để tính,"
        " chưa đánh giá được"
    ) in page
    assert (
        "Bình quân giá trị thu nhập đầu người/năm: chưa có tổng thu nhập và dân số trung bình năm 2023 để tính,"
        " chưa đánh giá được"
    ) in page
    assert "economy:" not in page  # never the English line on a Vietnamese page


def test_a_published_rate_or_share_or_a_typed_figure_needs_no_values(tmp_path):
    """Only the targets with neither their figure nor its sources warn: a published rate, share or level is enough."""
    data = _sample_without(
        tmp_path, "pho_thuan,2022,gtsx_ss_", "pho_thuan,2023,gtsx_hh_", "pho_thuan,2022,gtsx_hh_",
        extra="pho_thuan,2023,gtsx_nong_nghiep%,4.2\npho_thuan,2022,gtsx_cn_xd,180000\n"
        "pho_thuan,2023,co_cau_nong_nghiep,38\npho_thuan,2023,co_cau_cn_xd,30\npho_thuan,2023,co_cau_tm_dv,32\n",
    )  # fmt: skip
    review = Review.load(plan_path=PLAN_PATH, data_path=data, budget_path=BUDGET_PATH)
    warned = [w.split("economy: ")[1].split(" ")[0] for w in _economy_warnings(review)]
    assert warned == ["'gtsx_tm_dv'", "'gtsx_tang_truong'"]  # last year's level of neither, nor a published rate
    status = review.results.set_index("indicator_id")["status"]
    assert status["gtsx_cn_xd"] != "no_data" and status["gtsx_tm_dv"] == "no_data"


def test_the_sample_and_a_year_to_date_file_warn_only_where_figures_are_missing():
    assert _economy_warnings(Review.load(plan_path=PLAN_PATH, data_path=SAMPLE_PATH, budget_path=BUDGET_PATH)) == []
    ytd = Review.load(plan_path=PLAN_PATH, data_path=YTD_PATH, period="2023-6T")  # sectors at both prices, no income
    assert [w.split(", field")[0] for w in _economy_warnings(ytd)] == [f"warning: {YTD_PATH}, period 2023-6T"]
    assert "'thu_nhap_binh_quan'" in _economy_warnings(ytd)[0]


def test_with_several_units_the_first_lacking_one_is_named(tmp_path):
    """The commune has its sector values; a hamlet in the same file has none: the hamlet is named."""
    units = tmp_path / "units.yaml"
    units.write_text(
        "units:\n  - {id: pho_thuan, name: xã Phổ Thuận, level: commune}\n"
        "  - {id: thon_1, name: Thôn 1, level: hamlet, parent: pho_thuan}\n",
        encoding="utf-8",
    )
    figures = read_csv(_sample_without(tmp_path, extra="thon_1,2023,san_luong_luong_thuc,900\n"))
    problems = validate(figures, load_plan(PLAN_PATH), "2023", load_units(units))
    where = {p.where for p in problems if p.message.startswith("economy:")}
    assert where == {"unit 'thon_1', period 2023"}
