"""Safe to share: no spreadsheet thidua writes holds a formula from an input, and chart labels are literal text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import numpy as np
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner
from matplotlib.text import Text
from openpyxl import load_workbook

from thidua.cli import main
from thidua.inputs.observations import read_csv
from thidua.inputs.periods import parse_period
from thidua.inputs.plan import load_plan
from thidua.inputs.safecells import neutralise, neutralise_frame, restore
from thidua.inputs.units import Units
from thidua.inputs.workbook import GUIDE, HAMLETS, INDICATORS, INFO, read_workbook
from thidua.reports import charts
from thidua.reports.workbook_template import write_template
from thidua.review.review import Review, run_assessment
from thidua.run import make

LINK = '=HYPERLINK("http://x","y")'
HAMLET = "-1"  # a hamlet id that a spreadsheet would read as the number -1


# ---- the rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+84 912", "'+84 912"),
        ("-2,5", "'-2,5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
    ],
)
def test_each_trigger_gets_a_leading_quote(text, expected):
    assert neutralise(text) == expected
    assert restore(expected) == text


@pytest.mark.parametrize("text", ["Thôn 1", "a=b", " =1", "", "'quoted", "tỷ lệ %", "đạt/không"])
def test_plain_text_is_unchanged(text):
    assert neutralise(text) == text
    assert restore(text) == text


def test_a_frame_keeps_its_numbers_and_neutralises_every_kind_of_text_column():
    frame = pd.DataFrame(
        {
            "plain": ["=a", "b", None],
            "string": pd.Series(["x", "@y", None], dtype="string"),
            "category": pd.Categorical(["-z", "z", "-z"]),
            "mixed": ["+1", -2, 3.5],
            "number": [-2.5, 0.0, np.nan],
            "integer": [-1, 2, 3],
        }
    )
    safe = neutralise_frame(frame)
    assert safe["plain"].tolist()[:2] == ["'=a", "b"] and pd.isna(safe["plain"].iloc[2])
    assert safe["string"].tolist()[:2] == ["x", "'@y"] and pd.isna(safe["string"].iloc[2])
    assert safe["category"].tolist() == ["'-z", "z", "'-z"]
    assert safe["mixed"].tolist() == ["'+1", -2, 3.5]
    assert safe["number"].dtype == "float64" and safe["number"].tolist()[:2] == [-2.5, 0.0]
    assert safe["integer"].dtype == "int64" and safe["integer"].tolist() == [-1, 2, 3]
    assert frame["plain"].iloc[0] == "=a", "the caller's frame is not changed"


# ---- hostile inputs ------------------------------------------------------------------------------


def _plan_dict() -> dict:
    plan = {
        "number": LINK, "date": dt.date(2023, 1, 1), "issuer": "UBND xã Thử", "unit_id": LINK,
        "unit_name": "xã Thử", "year": 2023, "baseline_year": 2022, "level": "commune",
    }  # fmt: skip
    rate = {
        "id": "x", "name_vi": LINK, "name_en": "@name", "group": "kinh_te", "clause": "II.1.a",
        "measure": "rate", "unit": "%", "targets": [{"kind": "below", "value": 1}],
    }  # fmt: skip
    count = {
        "id": "y", "name_vi": "Hộ", "name_en": "-households", "group": "kinh_te", "clause": "II.1.b",
        "measure": "count", "unit": "+hộ", "targets": [{"kind": "at_least", "value": 5}],
    }  # fmt: skip
    return {"plan": plan, "targets": [rate, count]}


@pytest.fixture
def inputs(tmp_path):
    """A plan whose number, unit id, indicator names and unit of measure are formulas, and its figures."""
    plan_path = tmp_path / "plan.yaml"
    plan_path.write_text(yaml.safe_dump(_plan_dict(), allow_unicode=True), encoding="utf-8")
    data_path = tmp_path / "data.csv"
    with data_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["unit", "period", "indicator", "value"])
        writer.writerows([[LINK, "2023", "x", "-2.5"], [LINK, "2022", "x", "-3"], [LINK, "2023", "y", "7"]])
    return plan_path, data_path


def _no_formula_in(path):
    """Every cell of every sheet is a plain value: no formula cell in openpyxl, no <f> element in the XML."""
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)
    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.coordinate
    return book


def test_achievement_csv_and_xlsx_hold_no_formula(inputs, tmp_path):
    plan_path, data_path = inputs
    plan, data = load_plan(plan_path), read_csv(data_path)
    results = run_assessment(plan, data)
    review = Review(None, plan, data, None, parse_period("2023"), "vi", results)  # only results and plan are used
    make._write_tables(review, tmp_path)

    rows = list(csv.DictReader((tmp_path / "achievement.csv").open(encoding="utf-8", newline="")))
    assert [r["unit"] for r in rows] == ["'" + LINK] * 2
    assert [r["unit_of_measure"] for r in rows] == ["%", "'+hộ"]
    assert rows[0]["actual"] == "-2.5" and rows[0]["baseline"] == "-3.0", "numbers are written as numbers"

    sheet = _no_formula_in(tmp_path / "achievement.xlsx")["Kết quả"]
    header = [c.value for c in sheet[1]]
    rate, count = ({name: cell for name, cell in zip(header, row, strict=True)} for row in sheet.iter_rows(min_row=2))
    assert rate["unit"].value == "'" + LINK and rate["name_vi"].value == "'" + LINK
    assert rate["name_en"].value == "'@name" and count["name_en"].value == "'-households"
    assert count["unit_of_measure"].value == "'+hộ" and count["name_vi"].value == "Hộ"
    assert rate["actual"].data_type == "n" and rate["actual"].value == -2.5
    assert rate["baseline"].data_type == "n" and rate["baseline"].value == -3
    assert count["target"].data_type == "n" and count["target"].value == 5


def test_assess_csv_output_holds_no_formula(inputs):
    plan_path, data_path = inputs
    result = CliRunner().invoke(main, ["assess", str(plan_path), str(data_path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["unit"] for r in rows] == ["'" + LINK] * 2
    assert [r["unit_of_measure"] for r in rows] == ["%", "'+hộ"]
    assert rows[0]["actual"] == "-2.5" and rows[0]["baseline"] == "-3.0" and rows[1]["target"] == "5.0"


@pytest.fixture
def template(inputs, tmp_path):
    plan = load_plan(inputs[0])
    units = Units(
        pd.DataFrame(
            {
                "id": [LINK, HAMLET],
                "name": ["xã Thử", "@Thôn 1"],
                "level": ["commune", "hamlet"],
                "parent": [None, LINK],
            }
        )
    )
    return plan, write_template(plan, tmp_path / "template.xlsx", units)


def test_template_labels_hold_no_formula_and_its_rules_still_work(template):
    book = _no_formula_in(template[1])
    info, indicators, hamlets = book[INFO], book[INDICATORS], book[HAMLETS]
    assert [c.value for c in info["B"]][1:4] == ["'" + LINK, "'" + LINK, "2023"]
    assert [c.value for c in indicators[2]][:4] == ["x", "'" + LINK, "%", "dưới 1%"]
    assert [c.value for c in indicators[3]][:4] == ["y", "Hộ", "'+hộ", "5 +hộ"]
    assert [c.value for c in hamlets[2]][:4] == ["'-1", "'@Thôn 1", "x", "'" + LINK]
    assert book[GUIDE]["A1"].value == f"Sổ nhập số liệu thi đua – tạo bởi thidua từ Kế hoạch số {LINK}."
    status = [rule for rule in info.data_validations.dataValidation if "B5" in str(rule.sqref)]
    assert status and status[0].formula1 == '"official,sample"'
    numbers = [r for r in indicators.data_validations.dataValidation if r.type == "decimal"]
    assert any("E2" in r.sqref and "F3" in r.sqref for r in numbers)


def test_the_template_reads_back_what_it_wrote(template):
    plan, path = template
    book = load_workbook(path)
    book[INDICATORS]["E2"], book[INDICATORS]["F2"] = -2.5, -3
    book[HAMLETS]["E2"] = 7
    book.save(path)
    data = read_workbook(path, plan)
    commune = data.commune.values.set_index("period")
    assert commune["unit"].tolist() == [LINK, LINK] and commune.loc["2023", "value"] == -2.5
    assert data.commune.meta["plan"] == LINK
    hamlet = data.hamlets.values
    assert hamlet["unit"].tolist() == [HAMLET] and hamlet["indicator_id"].tolist() == ["x"]
    assert hamlet["value"].tolist() == [7.0]


# ---- charts --------------------------------------------------------------------------------------

DOLLARS = "$5 và $10"
BAD_MATH = r"Giá $\nosuch$"  # invalid mathtext: drawing it as math raises


def _drawn_texts(fig):
    fig.savefig(io.BytesIO(), format="png")
    return {t.get_text() for t in fig.findobj(Text)}


def test_chart_labels_from_inputs_are_drawn_literally():
    results = pd.DataFrame({"indicator_id": ["a", "b"], "progress_ratio": [0.5, np.nan], "status": ["not_met", "met"]})
    texts = _drawn_texts(charts.group_chart(results, pd.Series({"a": DOLLARS, "b": BAD_MATH}), BAD_MATH))
    assert {DOLLARS, BAD_MATH} <= texts
    assert {DOLLARS, BAD_MATH} <= _drawn_texts(charts.ranking_chart([DOLLARS, BAD_MATH], [80.0, 70.0], DOLLARS))


def test_sector_charts_draw_dollar_names_literally():
    labels = pd.Series({"nn": DOLLARS, "cn": BAD_MATH})
    shares = pd.Series({"nn": 40.0, "cn": 60.0})
    assert {DOLLARS, BAD_MATH} <= _drawn_texts(charts.structure_chart(shares, shares, labels))
    growth = pd.Series({"nn": 4.0, "cn": 6.0})
    assert {DOLLARS, BAD_MATH} <= _drawn_texts(charts.growth_chart(growth, growth - 1, growth + 1, labels))
    table = pd.DataFrame({"contribution_points": [2.0, 3.0, 5.0]}, index=["nn", "cn", "total"])
    assert {DOLLARS, BAD_MATH} <= _drawn_texts(charts.contributions_chart(table, labels))
