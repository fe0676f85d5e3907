"""The structure review with partial economies: each section shows what the plan and figures allow.

Expected figures are worked out by hand from the values typed below.
"""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT

from thidua.inputs.catalog import Inputs
from thidua.reports import economy_page
from thidua.review.review import Review
from thidua.run.preflight import check_job

GALLERY = ROOT / "data" / "plans" / "gallery"
# Bắc Ninh's GRDP (only a total growth target, 6,5–7%) with component values typed in, in million đồng.
# Constant prices: 650 → 610 (−6,15%); nlts 100 → 90 (−10%, −1,54 points), cnxd 330 → 300 (−9,09%, −4,62).
# Current prices: 2023 shares 10/40/40/10; 2022 10/50/30/10.
GRDP_FIGURES = """unit,period,indicator,value
bac_ninh,2023,grdp_ss_nlts,90
bac_ninh,2023,grdp_ss_cnxd,300
bac_ninh,2023,grdp_ss_dv,170
bac_ninh,2023,grdp_ss_thue,50
bac_ninh,2022,grdp_ss_nlts,100
bac_ninh,2022,grdp_ss_cnxd,330
bac_ninh,2022,grdp_ss_dv,170
bac_ninh,2022,grdp_ss_thue,50
bac_ninh,2023,grdp_hh_nlts,100
bac_ninh,2023,grdp_hh_cnxd,400
bac_ninh,2023,grdp_hh_dv,400
bac_ninh,2023,grdp_hh_thue,100
bac_ninh,2022,grdp_hh_nlts,100
bac_ninh,2022,grdp_hh_cnxd,500
bac_ninh,2022,grdp_hh_dv,300
bac_ninh,2022,grdp_hh_thue,100
"""
# Vĩnh Linh's plan with share targets only (bands 24,5–25,5 meant to fall, 31–31,5 and 43–44,5 meant to rise)
# and current-price values for 2022 alone, in million đồng: 1.840 + 2.270 + 3.340 = 7.450. Shares worked out by
# hand: 1.840 / 7.450 = 24,698% (inside 24,5–25,5: met, 0 points from the band), 2.270 / 7.450 = 30,470% (below
# 31: not met, 30,470 − 31 = -0,53 points), 3.340 / 7.450 = 44,832% (above 44,5 on the side it should move:
# exceeded, 44,832 − 44,5 = +0,33 points); 24,698 + 30,470 + 44,832 = 100.
SHARE_FIGURES = """unit,period,indicator,value
vinh_linh,2022,gtsx_hh_nlts,1840
vinh_linh,2022,gtsx_hh_cnxd,2270
vinh_linh,2022,gtsx_hh_tmdv,3340
"""


def _cells(html: str) -> list[list[str]]:
    """The table's rows as cell texts."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)] for r in rows
    ]


def _review(tmp_path, plan, figures: str) -> Review:
    data = tmp_path / "figures.csv"
    data.write_text(figures, encoding="utf-8")
    assert "economic_structure" in check_job(Inputs(plan=plan, data=data), None, ("economic_structure",)).notebooks
    return Review.load("", plan_path=plan, data_path=data)


def test_a_grdp_plan_with_only_a_total_growth_target(tmp_path):
    review = _review(tmp_path, GALLERY / "bac-ninh-2023.yaml", GRDP_FIGURES)
    growth = _cells(economy_page.growth_section(review))
    by_name = {row[0]: row[1:] for row in growth[1:]}
    assert by_name["Nông, lâm nghiệp và thủy sản"] == ["–", "-10", "-1,5", "25"]
    assert by_name["Công nghiệp – xây dựng"] == ["–", "-9,1", "-4,6", "75"]
    assert by_name["Dịch vụ"] == ["–", "0", "0", "0"]  # no "-0" for a zero share of a fall
    assert by_name["Tổng"][:2] == ["6,5–7", "-6,2"]  # the total's range as the plan wrote it
    structure = _cells(economy_page.structure_section(review))
    by_name = {row[0]: row[1:] for row in structure[1:]}
    assert by_name["Công nghiệp – xây dựng"] == ["–", "40", "–", "50", "-10"]
    assert by_name["Thuế sản phẩm trừ trợ cấp sản phẩm"][1] == "10"
    assert "<img" not in economy_page.structure_section(review)  # no plan to chart against
    assert "Chưa cung cấp: chỉ tiêu tăng trưởng" in economy_page.consistency_section(review)
    assert "Chưa cung cấp: chỉ tiêu thu nhập bình quân" in economy_page.income_section(review)


def test_a_plan_with_only_share_bands_and_this_years_values(tmp_path):
    raw = yaml.safe_load((GALLERY / "vinh-linh-2022.yaml").read_text(encoding="utf-8"))
    for sector in raw["economy"]["sectors"]:
        del sector["growth"]
    del raw["economy"]["total_growth"]
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    review = _review(tmp_path, plan, SHARE_FIGURES)
    results = review.results.set_index("indicator_id")
    shares = {
        "ty_trong_nlts": 1840 / 7450 * 100,
        "ty_trong_cnxd": 2270 / 7450 * 100,
        "ty_trong_tmdv": 3340 / 7450 * 100,
    }
    assert results.loc[list(shares), "compared"].tolist() == pytest.approx([24.698, 30.470, 44.832], abs=5e-4)
    assert results.loc[list(shares), "compared"].tolist() == pytest.approx(list(shares.values()))
    assert results.loc[list(shares), "status"].tolist() == ["met", "not_met", "exceeded"]
    structure = _cells(economy_page.structure_section(review))
    assert [row[1:4] for row in structure[1:]] == [
        ["24,5–25,5", "24,7", "0"],
        ["31–31,5", "30,5", "-0,5"],
        ["43–44,5", "44,8", "+0,3"],
    ]  # fmt: skip  (a difference is signed both ways, none at zero: docs/style-guide.md, Tables)
    assert {row[4] for row in structure[1:]} == {"–"}  # no 2021 values: no shift
    growth = economy_page.growth_section(review)
    assert "Chưa cung cấp: giá trị của mọi thành phần theo giá so sánh kỳ 2022 và 2021." in growth
    assert "<table" not in growth


def _word_tables(review: Review, path) -> list[list[str]]:
    from docx import Document

    from thidua.reports.word_report import write_report

    doc = Document(str(write_report(review, path)))
    return [[c.text for c in row.cells] for table in doc.tables for row in table.rows]


def test_the_word_report_of_partial_economies(tmp_path):
    """GRDP values typed in: components without targets print '–'; growth given as published: no sector table."""
    rows = _word_tables(_review(tmp_path, GALLERY / "bac-ninh-2023.yaml", GRDP_FIGURES), tmp_path / "a.docx")
    by_name = {row[0]: row[1:] for row in rows}
    # contributions in points with 1 decimal (docs/style-guide.md, Tables)
    assert by_name["Công nghiệp – xây dựng"] == ["–", "–", "–", "–", "-4,6"]
    assert by_name["Tổng"][2:] == ["tăng 6,5–7%", "-6,2%", "-6,2"]
    published = Review.load(
        "", plan_path=GALLERY / "vinh-linh-2022.yaml", data_path=GALLERY / "vinh-linh-2022-figures.csv"
    )
    rows = _word_tables(published, tmp_path / "b.docx")
    assert not any(row[0] == "Tổng" and len(row) == 6 for row in rows)


def test_the_budget_table_says_thu_or_chi_and_names_the_balance_once():
    """The sample's 2023 budget: 2 revenue lines, 3 spending lines, a total per side, then the balance
    (revenue − expenditure: 6.830.000.000 − 6.830.000.000 = 0 planned, 7.117.000.000 − 6.830.000.000 =
    287.000.000 done), named once, its side column saying what it is."""
    sides = ["Thu", "Thu", "Chi", "Chi", "Chi", "Thu", "Chi", "Thu – chi"]
    page = str(economy_page.budget_section(Review.load()))
    rows = _cells(page)[1:]  # below the header row
    assert [r[1] for r in rows] == sides
    assert rows[-1][:4] == ["Cân đối thu – chi", "Thu – chi", "0", "287.000.000"]
    assert page.count("Cân đối") == 1
    english = _cells(str(economy_page.budget_section(Review.load(lang="en"))))[1:]
    assert [r[1] for r in english][-3:] == ["Revenue", "Expenditure", "Revenue – expenditure"]
    assert english[-1][0] == "Balance"


def test_the_sample_structure_signs_its_differences_both_ways():
    """docs/style-guide.md, Tables: Chênh lệch and Chuyển dịch sign a rise '+' as they sign a fall '-'.

    Sample values at current prices (million đồng), 2023: 424.800 / 334.000 / 362.000 of 1.120.800, shares
    37,90 / 29,80 / 32,30; 2022: 396.000 / 287.000 / 317.000 of 1.000.000, shares 39,6 / 28,7 / 31,7; plan
    38,5 / 29,4 / 32,1. Gap 37,90 − 38,5 = -0,6, 29,80 − 29,4 = +0,4, 32,30 − 32,1 = +0,2; shift 37,90 − 39,6
    = -1,7, 29,80 − 28,7 = +1,1, 32,30 − 31,7 = +0,6.
    """
    rows = _cells(str(economy_page.structure_section(Review.load())))
    assert rows[0][3] == "Chênh lệch (điểm %)" and rows[0][5] == "Chuyển dịch (điểm %)"
    assert [[r[3], r[5]] for r in rows[1:]] == [["-0,6", "-1,7"], ["+0,4", "+1,1"], ["+0,2", "+0,6"]]


def test_the_budget_tables_percent_of_the_estimate_is_a_computed_percent():
    """docs/style-guide.md §2, as the Word report prints it: 1.390 / 1.250 = 111,2%; totals 7.117 / 6.830 =
    104,2% and 6.830 / 6.830 = 100% (never '100,0'); the reserve 0 / 130 = 0%; the balance has none."""
    rows = _cells(str(economy_page.budget_section(Review.load())))[1:]
    assert [r[4] for r in rows] == ["111,2%", "102,6%", "102,6%", "101,7%", "0%", "104,2%", "100%", "–"]


def _lines(html) -> list[str]:
    return [re.sub(r"\s+", " ", p).strip() for p in re.findall(r"<p[^>]*>(.*?)</p>", str(html), re.S)]


def test_the_sample_economys_sentences_read_as_an_office_writes_them():
    """docs/style-guide.md §2: money in tỷ đồng from 1 tỷ up (583.356 triệu → 583,36 tỷ đồng), computed %
    without a trailing ',0' (11, not 11,0); the midpoint is 'bình quân', never the bare 'giữa'."""
    review = Review.load()
    assert _lines(economy_page.consistency_section(review)) == [
        "Với tỷ trọng năm 2022, các chỉ tiêu tăng trưởng của từng ngành tương ứng mức tăng chung 11–14,8% "
        "(bình quân 12,9%), trong khi kế hoạch đề ra tăng 10%."
    ]
    assert _lines(economy_page.income_section(review)) == [
        "Thu nhập bình quân đầu người 57,4 triệu đồng/người/năm (tổng thu nhập 583,36 tỷ đồng, dân số trung bình "
        "10.163 người), kế hoạch 56 triệu đồng/người/năm."
    ]
