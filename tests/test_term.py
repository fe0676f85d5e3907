"""Term plans: compound growth over the years, never the mean of yearly rates (docs/domain.md §5.14).

Worked by hand: a GRDP of 100 in the base year 2020, planned to grow 7% a year over 2021–2025, is 121 in 2023;
income per person of 40 triệu đồng in 2020, planned to reach 60 by 2025, is 50 in 2023.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

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
