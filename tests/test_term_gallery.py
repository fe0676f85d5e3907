"""A real term plan: tỉnh Nghệ An's GRDP, 2021–2025 (data/plans/gallery/nghe-an-2021-2025.yaml).

Published: the congress's target "9.5 - 10.5%/year" on average; the growth of each year 6,13 / 8,78 / 7,14 /
9,01 (Cục Thống kê Nghệ An) and 8,44% (2025); in October 2025, with 2025 still ahead and planned at 10,5–11,5%,
"Tốc độ tăng trưởng GRDP bình quân 8,3 – 8,5%/năm". By hand: 1,0613 × 1,0878 × 1,0714 × 1,0901 = 1,348358;
× 1,105 = 1,489935, whose fifth root is 1,08303 (8,3%); × 1,115 = 1,503419, fifth root 1,08502 (8,5%). With 2025's
8,44%: × 1,0844 = 1,462159, fifth root 1,07894: 7,89% a year, below the 9,5% of the resolution.
"""

from __future__ import annotations

import pytest
from conftest import ROOT

GALLERY = ROOT / "data" / "plans" / "gallery"
PLAN = GALLERY / "nghe-an-2021-2025.yaml"
FIGURES = GALLERY / "nghe-an-2021-2025-figures.csv"


def _term(figures):
    from thidua.review.review import Review

    return Review.load(None, plan_path=str(PLAN), data_path=str(figures)).term


def test_the_yearly_growth_rates_chain_into_the_published_index():
    term = _term(FIGURES)
    assert term.indexed == frozenset({"grdp"})
    yearly = term.yearly.loc["grdp"]
    assert yearly[2020] == 100
    assert yearly[2024] == pytest.approx(134.8358, abs=1e-4)  # 100 × 1,0613 × 1,0878 × 1,0714 × 1,0901
    row = term.progress.loc["grdp"]
    assert row["achieved_growth"] == pytest.approx(7.894, abs=5e-4)
    assert row["end_target"] == pytest.approx(100 * 1.095**5, abs=1e-9)  # the path of 9,5% a year: 157,42
    assert not row["reached_by_end"]


@pytest.mark.parametrize(("estimate_2025", "printed"), [(10.5, "8,3"), (11.5, "8,5")])
def test_the_published_average_of_the_term_is_reproduced_to_its_printed_digit(tmp_path, estimate_2025, printed):
    from thidua.reports.formatting import fmt_number

    text = FIGURES.read_text(encoding="utf-8").replace("nghe_an,2025,grdp%,8.44", f"nghe_an,2025,grdp%,{estimate_2025}")
    figures = tmp_path / "figures.csv"
    figures.write_text(text, encoding="utf-8")
    achieved = _term(figures).progress.loc["grdp", "achieved_growth"]
    assert fmt_number(achieved, "vi", 1) == printed


def test_the_term_page_says_the_figures_are_an_index():
    from thidua.reports import term_page
    from thidua.review.review import Review

    review = Review.load(None, plan_path=str(PLAN), data_path=str(FIGURES))
    html = str(term_page.section(review, review.term))
    assert "chỉ số, năm 2020 = 100" in html and "7,89%" in html and "không đạt" in html
