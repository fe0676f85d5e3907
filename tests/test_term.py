"""Term plans: compound growth over the years, never the mean of yearly rates (docs/domain.md §5.14).

Worked by hand: a GRDP of 100 in the base year 2020, planned to grow 7% a year over 2021–2025, is 121 in 2023;
income per person of 40 triệu đồng in 2020, planned to reach 60 by 2025, is 50 in 2023.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import ROOT

from thidua.engine.term import term_progress

NAN = math.nan


def _progress(latest: list[float], years_done: int) -> pd.DataFrame:
    ids = ["grdp", "income"]
    return term_progress(
        pd.Series([100.0, 40.0], ids), pd.Series(latest, ids), years_done, 5,
        growth=pd.Series([7.0, NAN], ids), level=pd.Series([NAN, 60.0], ids),
    )  # fmt: skip


def test_three_years_into_a_five_year_term():
    p = _progress([121.0, 50.0], 3)
    grdp, income = p.loc["grdp"], p.loc["income"]
    # 121 / 100 over 3 years: 1,21^(1/3) − 1 = 6,560% a year (not 21 / 3 = 7%)
    assert grdp["achieved_growth"] == pytest.approx(6.56022, rel=1e-5)
    assert grdp["on_path"] == pytest.approx(122.5043)  # 100 · 1,07³: the plan's path in 2023
    assert grdp["end_target"] == pytest.approx(140.25517, rel=1e-6)  # 100 · 1,07⁵
    assert grdp["needed_growth"] == pytest.approx(7.66307, rel=1e-5)  # (140,255 / 121)^(1/2) − 1
    assert grdp["projected"] == pytest.approx(137.39648, rel=1e-6)  # 121 · 1,0656²
    assert not bool(grdp["reached_by_end"])  # 137,40 < 140,26
    assert income["achieved_growth"] == pytest.approx(7.72173, rel=1e-5)  # 1,25^(1/3) − 1
    assert income["needed_growth"] == pytest.approx(9.54451, rel=1e-5)  # (60 / 50)^(1/2) − 1
    assert income["projected"] == pytest.approx(58.01986, rel=1e-6)  # 50 · 1,25^(2/3)
    assert math.isnan(income["on_path"])  # a level by the end sets no yearly path


def test_at_the_end_of_the_term_the_figure_is_the_verdict():
    p = _progress([141.0, 59.0], 5)
    assert p.loc["grdp", "achieved_growth"] == pytest.approx((1.41 ** (1 / 5) - 1) * 100)  # 7,115%
    assert bool(p.loc["grdp", "reached_by_end"]) and not bool(
        p.loc["income", "reached_by_end"]
    )  # 141 ≥ 140,26; 59 < 60
    assert p["needed_growth"].isna().all()  # no year left


def test_a_term_cannot_be_more_years_in_than_it_lasts():
    with pytest.raises(ValueError, match="cannot be 6 years in"):
        _progress([121.0, 50.0], 6)


# ---- a term plan's file, review and page (tests/data/term-plan.yaml: the worked example of §5.14, sample) ----------
DATA = ROOT / "tests" / "data"
HOSTILE = ROOT / "tests" / "hostile"


@pytest.fixture(scope="module")
def term_review():
    from thidua.review.review import Review

    return Review.load("", plan_path=DATA / "term-plan.yaml", data_path=DATA / "term-figures.csv", period="2023")


def test_a_term_plan_reviewed_in_its_third_year(term_review):
    """Worked by hand (docs/domain.md §5.14): grain 100 → 121 over 2020–2023 against 7%/year; income 40 → 50 against
    60 by 2025."""
    term = term_review.term
    assert (term.start, term.end, term.year) == (2020, 2025, 2023)
    grain, income = term.progress.loc["san_luong"], term.progress.loc["thu_nhap"]
    assert grain["achieved_growth"] == pytest.approx((1.21 ** (1 / 3) - 1) * 100)  # 6,56%, never 21 / 3 = 7%
    assert grain["on_path"] == pytest.approx(100 * 1.07**3)  # 122,50
    assert grain["end_target"] == pytest.approx(100 * 1.07**5)  # 140,26
    assert grain["needed_growth"] == pytest.approx(((100 * 1.07**5 / 121) ** 0.5 - 1) * 100)  # 7,66%
    assert not grain["reached_by_end"]  # 121 · 1,0656² = 137,40 < 140,26
    assert income["needed_growth"] == pytest.approx((1.2**0.5 - 1) * 100)  # (60 / 50)^(1/2) − 1 = 9,54%
    assert income["projected"] == pytest.approx(50 * 1.25 ** (2 / 3))  # 50 · (50/40)^(2/3) = 58,02


def test_the_term_page_says_it_as_the_office_writes(term_review):
    from thidua.reports.term_page import progress_table

    table = progress_table(term_review, term_review.term).set_index("Chỉ tiêu")
    grain = table.loc["Sản lượng lương thực (tấn)"]
    assert grain["Mục tiêu nhiệm kỳ"] == "bình quân tăng 7%/năm"
    assert (grain["Năm 2020 (năm gốc)"], grain["Năm 2023"], grain["Tăng bình quân/năm đã đạt"]) == (
        "100",
        "121",
        "6,56%",
    )
    assert (grain["Mục tiêu năm 2025"], grain["Cần tăng mỗi năm còn lại"], grain["Dự báo năm 2025"]) == (
        "140,26", "7,66%", "137,4"
    )  # fmt: skip
    assert grain["Đánh giá"] == "với tốc độ đã đạt, không đạt mục tiêu năm 2025"
    income = table.loc["Thu nhập bình quân đầu người (triệu đồng/người/năm)"]
    assert income["Mục tiêu nhiệm kỳ"] == "đến năm 2025 đạt 60" and income["Theo lộ trình kế hoạch năm 2023"] == "–"


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("plan-term-both.yaml", "term target 'san_luong_luong_thuc', field 'average_growth': give either "
                                "average_growth (% per year) or level (by the term's end)"),
        ("plan-term-unknown-indicator.yaml", "term target 'khong_co', field 'indicator': names 'khong_co', which is "
                                             "no indicator of the plan's targets"),
        ("plan-term-backwards.yaml", "term, field 'end': a term runs 1 to 10 years after its start, got 2025–2020"),
    ],
)  # fmt: skip
def test_hostile_term_sections_are_refused_by_target_and_field(name, where):
    from thidua.errors import InputError
    from thidua.inputs.plan import load_plan

    with pytest.raises(InputError) as refused:
        load_plan(HOSTILE / name)
    assert str(refused.value) == f"{HOSTILE / name}, {where}"
