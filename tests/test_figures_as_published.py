"""Figures as published: the decimals a figure was written with, published changes of any target, estimates
marked everywhere, money in a foreign currency, a structure as published, and the chart at % of plan.

Expected values are worked out by hand from the figures written in each test (the arithmetic is in the comments),
or copied from the published source the gallery cites (Bắc Ninh's −6,18% estimate and −9,28% official figure).
The plan of "tỉnh Thử" below is made up for these tests; its rates are the kind a statistics office prints.
"""

from __future__ import annotations

import math
import re
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import ROOT, indicator, make_plan

from thidua.cli import main
from thidua.engine.aggregate import aggregate
from thidua.errors import InputError
from thidua.inputs.numbers import float_decimals, written_decimals
from thidua.inputs.observations import read_csv
from thidua.inputs.plan import load_plan, parse_plan
from thidua.inputs.units import load_units
from thidua.inputs.validation import validate
from thidua.reports import annual_page, charts, economy_page
from thidua.reports.formatting import _MAGNITUDES, achievement_table
from thidua.reports.sentences import sentences, wording
from thidua.reports.word_report import write_report
from thidua.review.review import Review, run_assessment

GALLERY = ROOT / "data" / "plans" / "gallery"
HOSTILE = Path(__file__).parent / "hostile"

# A made-up province plan (status: sample) with growth targets, a level with its published change, exports in
# triệu USD and a structure without planned shares.
PLAN = """\
plan:
  number: 1/NQ-HĐND (made up for thidua's tests)
  date: 2022-12-09
  issuer: Hội đồng nhân dân tỉnh Thử
  unit_id: thu
  unit_name: tỉnh Thử
  level: province
  year: 2023
  baseline_year: 2022
  status: sample
targets:
  - {id: grdp, name_vi: Tổng sản phẩm trên địa bàn (GRDP), name_en: GRDP, group: kinh_te, clause: '1',
     measure: money, unit: tỷ đồng, targets: [{kind: growth, value: 7}]}
  - {id: cong_nghiep, name_vi: Giá trị sản xuất công nghiệp, name_en: Industrial production value, group: kinh_te,
     clause: '1', measure: money, unit: tỷ đồng, targets: [{kind: growth, value: 10}]}
  - {id: ban_le, name_vi: Tổng mức bán lẻ hàng hóa, name_en: Retail sales, group: kinh_te, clause: '1',
     measure: money, unit: tỷ đồng, targets: [{kind: growth, value: 8}]}
  - {id: thu_ns, name_vi: Thu ngân sách trên địa bàn, name_en: Budget revenue, group: kinh_te, clause: '1',
     measure: money, unit: tỷ đồng, targets: [{kind: growth, value: 6}]}
  - {id: nong_nghiep, name_vi: Giá trị sản xuất nông nghiệp, name_en: Agriculture production value, group: kinh_te,
     clause: '2', measure: money, unit: tỷ đồng, targets: [{kind: at_least, value: 78.8}]}
  - {id: xuat_khau, name_vi: Kim ngạch xuất khẩu, name_en: Export value, group: kinh_te, clause: '3',
     measure: money, unit: triệu USD, targets: [{kind: at_least, value: 2000}]}
economy:
  total: grdp
  sectors:
    - {id: nlts, name_vi: 'Nông, lâm nghiệp và thủy sản', name_en: Agriculture}
    - {id: cnxd, name_vi: Công nghiệp – xây dựng, name_en: Industry and construction}
    - {id: dv, name_vi: Dịch vụ, name_en: Services}
"""
# Vietnamese numbers as a report prints them; the file is an estimate (ước), as December reports are.
FIGURES = """\
# status: sample
# numbers: vi
# estimate: yes
unit,period,indicator,value
thu,2023,grdp%,"7,61"
thu,2023,cong_nghiep%,"10,81"
thu,2023,ban_le%,"8,33"
thu,2023,thu_ns%,"5,77"
thu,2023,nong_nghiep,79
thu,2023,nong_nghiep%,"3,2"
thu,2023,xuat_khau,"2.084,5"
thu,2023,xuat_khau%,"10,81"
thu,2023,grdp_tt_nlts,"24,15"
thu,2023,grdp_tt_cnxd,"35,3"
thu,2023,grdp_tt_dv,"40,55"
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("thu")
    plan, figures = folder / "plan.yaml", folder / "figures.csv"
    plan.write_text(PLAN, encoding="utf-8")
    figures.write_text(FIGURES, encoding="utf-8")
    return plan, figures


@pytest.fixture(scope="module")
def review(files) -> Review:
    plan, figures = files
    return Review.load("", plan_path=plan, data_path=figures)


def _cells(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", str(html), flags=re.S)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)] for r in rows
    ]


# ---- reading: the decimals a figure was written with ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "places"),
    [("7.61", 2), ("7.6", 1), ("-9.28", 2), ("10", 0), ("7.60", 2), ("-0", 0), ("1e5", 0), ("1.5e-2", 3),
     ("2084.5", 1), ("7.6100000000000000000001", None), ("1e-400", None), ("", None), ("abc", None), ("-", None)],
)  # fmt: skip
def test_decimals_as_written(text, places):
    """Counted on the plain form ('7,61' is '7.61' once read); more than MAX_DECIMALS is no published figure."""
    got = written_decimals(pd.Series([text])).iloc[0]
    assert (None if math.isnan(got) else got) == places


def test_a_workbook_cell_keeps_the_decimals_of_its_number():
    """A cell holds a float: 7,61 → 2, 100 → 0, a computed 95,652173913… → none (printed as computed)."""
    got = float_decimals(pd.Series([7.61, 100.0, -6.18, 95.652173913043484, np.nan])).tolist()
    assert got[:3] == [2, 0, 2] and math.isnan(got[3]) and math.isnan(got[4])


def test_a_figures_file_carries_its_decimals_into_the_results(files, review):
    data = read_csv(files[1])
    places = dict(zip(data.values["indicator_id"], data.values["decimals"], strict=True))
    assert (places["grdp%"], places["nong_nghiep"], places["nong_nghiep%"], places["xuat_khau"]) == (2, 0, 1, 1)
    r = review.results.set_index("indicator_id")
    assert r.loc["grdp", "published_decimals"] == 2 and math.isnan(r.loc["grdp", "decimals"])
    assert (r.loc["nong_nghiep", "decimals"], r.loc["nong_nghiep", "published_decimals"]) == (0, 1)


def test_hostile_decimals_are_read_and_printed_sanely(tmp_path, files):
    """'7,6100000000000000000001' is a number (7,61), but no office prints 22 decimals: it prints as computed."""
    path = tmp_path / "many.csv"
    path.write_text('# numbers: vi\nunit,period,indicator,value\nthu,2023,grdp%,"7,6100000000000000000001"\n')
    review = Review.load("", plan_path=files[0], data_path=path)
    row = review.results.set_index("indicator_id").loc["grdp"]
    assert row["compared"] == pytest.approx(7.61) and math.isnan(row["published_decimals"])
    said = sentences(review.results, review.plan.targets, wording(review))
    assert "Tổng sản phẩm trên địa bàn (GRDP): tăng 7,6% so với năm 2022 (kế hoạch tăng 7%), vượt kế hoạch." in said
    infinite = tmp_path / "inf.csv"
    infinite.write_text("unit,period,indicator,value\nthu,2023,grdp%,1e400\n")
    with pytest.raises(InputError, match="'1e400' is not a finite number"):
        read_csv(infinite)


# ---- printing: published figures to their digits, computed % at one decimal -----------------------------------


def test_published_rates_print_to_the_published_digit(review):
    said = sentences(review.results, review.plan.targets, wording(review))
    assert said[:4] == [  # an estimates file: each published rate says "ước"
        "Tổng sản phẩm trên địa bàn (GRDP): ước tăng 7,61% so với năm 2022 (kế hoạch tăng 7%), vượt kế hoạch.",
        "Giá trị sản xuất công nghiệp: ước tăng 10,81% so với năm 2022 (kế hoạch tăng 10%), vượt kế hoạch.",
        "Tổng mức bán lẻ hàng hóa: ước tăng 8,33% so với năm 2022 (kế hoạch tăng 8%), vượt kế hoạch.",
        "Thu ngân sách trên địa bàn: ước tăng 5,77% so với năm 2022 (kế hoạch tăng 6%), không đạt kế hoạch.",
    ]
    # 79 / 78,8 = 1,002538 → 100,3%; the published 3,2% is shown, never judged
    assert said[4] == (
        "Giá trị sản xuất nông nghiệp: ước thực hiện 79 tỷ đồng, ước đạt 100,3% kế hoạch, tăng 3,2% so với năm 2022 "
        "(kế hoạch 78,8 tỷ đồng), vượt kế hoạch."
    )
    # 2.084,5 triệu USD = 2,08 tỷ USD (never converted to đồng); 2.084,5 / 2.000 = 1,04225 → 104,2%
    assert said[5] == (
        "Kim ngạch xuất khẩu: ước thực hiện 2,08 tỷ USD, ước đạt 104,2% kế hoạch, tăng 10,81% so với năm 2022 "
        "(kế hoạch 2 tỷ USD), vượt kế hoạch."
    )


def test_the_table_shows_growth_rows_in_percent_with_the_published_rate_as_thuc_hien(review):
    table = achievement_table(review.results, review.plan.targets).set_index("Chỉ tiêu")
    grdp = table.loc["Tổng sản phẩm trên địa bàn (GRDP)"]
    assert (grdp["ĐVT"], grdp["Kế hoạch"], grdp["Thực hiện"], grdp["So cùng kỳ"]) == (
        "%", "tăng 7%", "tăng 7,61% (ước)", "+7,61%"
    )  # fmt: skip
    budget = table.loc["Thu ngân sách trên địa bàn"]
    assert (budget["Thực hiện"], budget["Đánh giá"]) == ("tăng 5,77% (ước)", "không đạt")
    level = table.loc["Giá trị sản xuất nông nghiệp"]
    assert (level["ĐVT"], level["Thực hiện"], level["% KH"], level["So cùng kỳ"]) == (
        "tỷ đồng", "79 tỷ đồng (ước)", "100,3%", "+3,2%"
    )  # fmt: skip
    exports = table.loc["Kim ngạch xuất khẩu"]
    assert (exports["ĐVT"], exports["Thực hiện"], exports["Kế hoạch"]) == ("tỷ USD", "2,08 tỷ USD (ước)", "2 tỷ USD")


def test_bac_ninh_prints_its_published_growth_to_two_decimals_and_says_uoc_for_the_estimate(tmp_path):
    """CafeF (27 Nov 2023, UBND tỉnh's report): 'ước tăng trưởng âm' −6,18%; bacninh.gov.vn: −9,28% official."""
    plan = GALLERY / "bac-ninh-2023.yaml"
    estimate = Review.load("", plan_path=plan, data_path=GALLERY / "bac-ninh-2023-figures.csv")
    official = Review.load("", plan_path=plan, data_path=GALLERY / "bac-ninh-2023-official-figures.csv")
    name = "Tổng sản phẩm trên địa bàn (GRDP)"
    for review, said, cell, status in (
        (estimate, "ước giảm 6,18% so với năm 2022", "giảm 6,18% (ước)", "số liệu ước thực hiện"),
        (official, "giảm 9,28% so với năm 2022", "giảm 9,28%", "số liệu chính thức"),
    ):
        assert f"{name}: {said} (kế hoạch tăng 6,5–7%), không đạt kế hoạch." in str(
            annual_page.official_sentences(review)
        )
        row = dict(zip(*_cells(annual_page.achievement(review))[:2], strict=True))
        assert row["Thực hiện"] == cell and "ĐVT" not in row  # the page has no unit column: the cell says '%'
        assert achievement_table(review.results, review.plan.targets).set_index("Chỉ tiêu").loc[name, "ĐVT"] == "%"
        header = str(annual_page.header(review, "Tổng kết"))
        assert f"<p>{status}</p>" in header
        # 6,5 − (−6,18) = 12,68 and 6,5 − (−9,28) = 15,78 points short, to the published digits
        short = "12,68" if review is estimate else "15,78"
        assert f"{name}: {said.split(' so ')[0].removeprefix('ước ')}, thấp hơn kế hoạch {short} điểm %" in str(
            annual_page.missed(review)
        )
    assert "số liệu chính thức" not in str(annual_page.header(estimate, "Tổng kết"))


def test_the_word_report_says_uoc_in_its_body_and_appendix(tmp_path):
    from docx import Document

    review = Review.load("", plan_path=GALLERY / "bac-ninh-2023.yaml", data_path=GALLERY / "bac-ninh-2023-figures.csv")
    doc = Document(str(write_report(review, tmp_path / "r.docx")))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Tổng sản phẩm trên địa bàn (GRDP): ước giảm 6,18% so với năm 2022" in body
    # every figure marked as an estimate in its file (no --estimate asked for): the summary and the appendix say so
    assert "Ước 0/1 chỉ tiêu đạt và vượt kế hoạch, 01 chỉ tiêu không đạt (tổng sản phẩm trên địa bàn (GRDP))." in body
    assert "Tổng sản phẩm trên địa bàn (GRDP) và tốc độ tăng tính theo giá so sánh năm 2010" in body
    rows = [[c.text for c in row.cells] for row in doc.tables[-1].rows]
    assert rows[0][5] == "Ước thực hiện năm 2023" and rows[1][2:6] == ["%", "–", "tăng 6,5–7", "giảm 6,18"]


# ---- a level target's published change ----------------------------------------------------------------------


def _figures(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "f.csv"
    path.write_text("# numbers: en\nunit,period,indicator,value\n" + textwrap.dedent(rows), encoding="utf-8")
    return path


def test_a_published_change_is_never_the_compared_value_of_a_level(tmp_path, files):
    plan = load_plan(files[0])
    # 78 < 78,8 although it rose 50% on last year: not met; with no level, no data (the change is no figure)
    rows = run_assessment(plan, read_csv(_figures(tmp_path, "thu,2023,nong_nghiep,78\nthu,2023,nong_nghiep%,50\n")))
    row = rows.set_index("indicator_id").loc["nong_nghiep"]
    assert (row["status"], row["compared"], row["change_vs_baseline"], row["basis"]) == ("not_met", 78, 50, "entered")
    row = (
        run_assessment(plan, read_csv(_figures(tmp_path, "thu,2023,nong_nghiep%,3.2\n")))
        .set_index("indicator_id")
        .loc["nong_nghiep"]
    )
    assert (row["status"], row["note"], row["change_vs_baseline"]) == ("no_data", "no_actual", 3.2)
    problems = [str(p) for p in validate(read_csv(_figures(tmp_path, "thu,2023,nong_nghiep%,3.2\n")), plan, "2023")]
    assert any("no figure for 'nong_nghiep'" in p for p in problems)  # still reported as missing


def test_a_published_change_beside_last_years_level_is_refused(tmp_path, files):
    plan = load_plan(files[0])
    both = "thu,2022,nong_nghiep,76\nthu,2023,nong_nghiep,79\nthu,2023,nong_nghiep%,3.2\n"
    with pytest.raises(InputError, match=r"'nong_nghiep' is given both as last year's level and as published") as e:
        run_assessment(plan, read_csv(_figures(tmp_path, both)))
    assert e.value.where == "line 5"


def test_a_rate_takes_its_published_change_in_points():
    plan = make_plan(indicator("bhyt", unit="%", targets=[{"kind": "at_least", "value": 95}]))
    obs = pd.DataFrame({"unit": ["u"], "period": ["2023"], "indicator_id": ["bhyt"], "actual": [96.1],
                        "baseline": [np.nan], "published": [1.3]})  # fmt: skip
    from thidua.engine.achievement import assess

    row = assess(plan.targets, obs).iloc[0]
    assert (row["change_points"], row["status"]) == (1.3, "exceeded") and math.isnan(row["change_vs_baseline"])


def test_a_must_fall_or_yes_no_target_takes_no_published_change():
    path = HOSTILE / "data-decrease-published.csv"
    result = CliRunner().invoke(main, ["assess", str(ROOT / "data" / "plans" / "pho-thuan-2023.yaml"), str(path)])
    assert result.exit_code == 2
    assert (
        f"{path}, line 2, field 'indicator': indicator 'tngt_so_vu%' gives a published change, which a yes/no or "
        "'must fall' target does not take: give this year's and last year's figures"
    ) in result.output
    assert "cannot be negative" not in result.output  # one problem, said once


# ---- money in a foreign currency ------------------------------------------------------------------------------


def test_exports_in_trieu_usd_add_up_in_usd(tmp_path):
    """Two communes export 1.234,5 and 850 triệu USD: the town's 2.084,5 triệu USD, never a đồng amount."""
    units = tmp_path / "units.yaml"
    units.write_text(
        "units:\n  - {id: thu, name: thị xã Thử, level: town}\n"
        "  - {id: a, name: xã A, level: commune, parent: thu}\n  - {id: b, name: xã B, level: commune, parent: thu}\n",
        encoding="utf-8",
    )
    values = pd.DataFrame({"unit": ["a", "b"], "period": ["2023", "2023"], "indicator_id": ["xuat_khau"] * 2,
                           "value": [1234.5, 850.0], "numerator": [np.nan] * 2, "denominator": [np.nan] * 2})  # fmt: skip
    town = aggregate(values, load_units(units), pd.Series({"xuat_khau": "money"}), "town").iloc[0]
    assert (town["unit"], town["value"], town["reported"]) == ("thu", pytest.approx(2084.5), 2)


def test_every_currency_has_its_magnitudes():
    from thidua.inputs.measures import CURRENCIES

    assert set(_MAGNITUDES) == set(CURRENCIES)


def test_a_budget_or_income_target_in_usd_is_refused_when_the_plan_is_read():
    entry = indicator("tn", unit="USD/người/năm", measure="average", targets=[{"kind": "at_least", "value": 2500}])
    raw = {"plan": make_plan(entry).meta, "targets": [entry], "economy": {"income_per_person": "tn"}}
    with pytest.raises(InputError, match="counted in USD: it is derived from total income in đồng") as info:
        parse_plan(raw)
    assert info.value.field == "income_per_person"
    make_plan(entry)  # alone, an income per person in USD is an average in USD, printed so


# ---- a structure as published ---------------------------------------------------------------------------------


def test_a_published_structure_without_planned_shares_is_shown_without_a_gap(review):
    rows = _cells(economy_page.structure_section(review))
    # as printed: 24,15 / 35,3 / 40,55 (24,15 + 35,3 + 40,55 = 100); no plan, so no gap and no chart
    assert [r[:4] for r in rows[1:]] == [
        ["Nông, lâm nghiệp và thủy sản", "–", "24,15", "–"],
        ["Công nghiệp – xây dựng", "–", "35,3", "–"],
        ["Dịch vụ", "–", "40,55", "–"],
    ]
    assert "<img" not in str(economy_page.structure_section(review))


def test_a_published_structure_is_checked(tmp_path, files):
    plan = load_plan(files[0])
    off = _figures(tmp_path, "thu,2023,grdp_tt_nlts,24.15\nthu,2023,grdp_tt_cnxd,35.3\nthu,2023,grdp_tt_dv,45\n")
    errors = [p.message for p in validate(read_csv(off), plan, "2023") if p.severity == "error"]
    assert errors == ["structure shares add up to 104.45, not 100"]  # 24,15 + 35,3 + 45 = 104,45
    above = _figures(tmp_path, "thu,2023,grdp_tt_nlts,124\n")
    assert "a share must lie between 0 and 100, got 124" in [p.message for p in validate(read_csv(above), plan)]
    targeted = parse_plan(
        {**_raw(files[0]), "targets": [*_raw(files[0])["targets"], indicator("tt_nlts", targets=[
            {"kind": "share", "value": 24, "tolerance": 1}])]} | {"economy": {"total": "grdp", "sectors": [
                {"id": "nlts", "name_vi": "N", "name_en": "N", "share": "tt_nlts"}]}}
    )  # fmt: skip
    misplaced = _figures(tmp_path, "thu,2023,grdp_tt_nlts,24.15\n")
    messages = [p.message for p in validate(read_csv(misplaced), targeted, "2023") if p.severity == "error"]
    assert messages == ["indicator 'grdp_tt_nlts': this component's share is entered under its target's id 'tt_nlts'"]


def _raw(path: Path) -> dict:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


# ---- the chart ------------------------------------------------------------------------------------------------


def test_a_target_at_97_4_percent_of_its_plan_is_drawn_at_97_4():
    """Last year's 8.000 tấn already met the 7.800 of the plan, so R is undefined: the bar is at 7.597 / 7.800."""
    results = pd.DataFrame({
        "indicator_id": ["lt", "ntm"], "status": ["not_met", "met"], "progress_ratio": [np.nan, np.nan],
        "pct_of_plan": [7597 / 7800 * 100, np.nan],  # 0,97397 → 97,4%
    })  # fmt: skip
    fig = charts.group_chart(results, pd.Series({"lt": "Sản lượng", "ntm": "Nông thôn mới"}), "Kinh tế")
    ax = fig.axes[0]
    bars = {round(p.get_y() + p.get_height() / 2): p.get_width() for p in ax.patches if p.get_width() != 0}
    assert bars == {1: pytest.approx(0.974, abs=5e-4)}  # the first row (drawn at the top, y = 1)
    markers = [tuple(xy) for c in ax.collections for xy in c.get_offsets()]
    assert markers == [(1.0, 0.0)]  # only the yes/no target, met, has a diamond


def test_the_structure_page_runs_on_published_shares_and_is_skipped_without_any():
    from thidua.inputs.catalog import Inputs
    from thidua.run.preflight import check_job

    shares = Inputs(plan=GALLERY / "vinh-linh-2022.yaml", data=GALLERY / "vinh-linh-2022-figures.csv")
    assert "economic_structure" in check_job(shares, None, ("economic_structure",)).notebooks
    growth_only = Inputs(plan=GALLERY / "bac-ninh-2023.yaml", data=GALLERY / "bac-ninh-2023-official-figures.csv")
    assert check_job(growth_only, None, ("economic_structure",)).skipped == {
        "economic_structure": "no sector values or shares entered (growth is given as published)"
    }


def test_the_estimate_and_the_official_growth_side_by_side_keep_their_digits():
    """Bắc Ninh: the estimate −6,18%, the official −9,28%: −9,28 − (−6,18) = −3,10 points, named by the target."""
    review = Review.load(
        "", plan_path=GALLERY / "bac-ninh-2023.yaml", data_path=GALLERY / "bac-ninh-2023-figures.csv",
        official_path=GALLERY / "bac-ninh-2023-official-figures.csv",
    )  # fmt: skip
    rows = _cells(annual_page.estimates(review))
    assert rows[1] == ["Tổng sản phẩm trên địa bàn (GRDP)", "-6,18%", "-9,28%", "-3,10 điểm %"]
    assert "<p>số liệu chính thức</p>" in str(annual_page.header(review, "Tổng kết"))  # the estimate was replaced
