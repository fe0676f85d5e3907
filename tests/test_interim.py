"""The interim review's arithmetic, against figures worked by hand from docs/domain.md §5.9.

For a flow indicator: expected share s = B_ytd / B_year, expected by now T · s (on track when A_ytd reaches
it), projected year-end A_ytd · B_year / B_ytd, % of the year plan A_ytd / T · 100; a growth target's T is
B_year · (1 + g / 100). Other indicators are judged on their latest status.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import indicator, make_plan

from thidua.engine.achievement import assess
from thidua.engine.interim import progress


@pytest.fixture(scope="module")
def interim() -> pd.DataFrame:
    plan = make_plan(
        indicator("grain", unit="tấn", targets=[{"kind": "at_least", "value": 1000}]),
        indicator("output", unit="tấn", targets=[{"kind": "growth", "value": 10}]),
        indicator("bhyt", unit="%", targets=[{"kind": "at_least", "value": 95}]),
        indicator("fish", unit="tấn", targets=[{"kind": "at_least", "value": 500}]),
    )
    #                     grain  output  bhyt  fish
    actual_ytd = np.array([450.0, 85.0, 95.5, np.nan])  # A_ytd, 6 months of 2023
    baseline_ytd = [400.0, 80.0, 94.0, 200.0]  # B_ytd, 6 months of 2022
    ids = ["grain", "output", "bhyt", "fish"]
    obs = pd.DataFrame(
        {"unit": "u", "period": "2023-6T", "indicator_id": ids, "actual": actual_ytd, "baseline": baseline_ytd}
    )
    year_2022 = pd.DataFrame(
        {"unit": "u", "period": "2022", "indicator_id": ids, "value": [900.0, 200.0, 94.5, 480.0]}  # B_year
    )
    return progress(assess(plan.targets, obs), year_2022, "2022").set_index("indicator_id")


def test_an_at_least_flow_ahead_of_last_years_pace(interim):
    grain = interim.loc["grain"]
    assert grain["flow"]
    assert grain["year_target"] == 1000
    assert grain["expected_share"] == pytest.approx(400 / 900)  # 0.444…: last year's first half of its year
    assert grain["expected_by_now"] == pytest.approx(444.444444, rel=1e-6)  # 1000 · 400 / 900
    assert grain["on_track"] is True  # 450 ≥ 444.44
    assert grain["projected_year"] == pytest.approx(1012.5)  # 450 · 900 / 400
    assert grain["projected_status"] == "on_track"  # 1012.5 ≥ 1000
    assert grain["pct_of_year_plan"] == pytest.approx(45.0)  # 450 / 1000 · 100


def test_a_growth_flow_behind_last_years_pace(interim):
    output = interim.loc["output"]
    assert output["year_target"] == pytest.approx(220.0)  # 200 · (1 + 10 / 100)
    assert output["expected_share"] == pytest.approx(0.4)  # 80 / 200
    assert output["expected_by_now"] == pytest.approx(88.0)  # 220 · 0.4
    assert output["on_track"] is False  # 85 < 88
    assert output["projected_year"] == pytest.approx(212.5)  # 85 · 200 / 80
    assert output["projected_status"] == "off_track"  # 212.5 < 220
    assert output["pct_of_year_plan"] == pytest.approx(38.636364, rel=1e-6)  # 85 / 220 · 100


def test_a_rate_is_judged_on_its_latest_value(interim):
    bhyt = interim.loc["bhyt"]
    assert not bhyt["flow"]
    assert bhyt["on_track"] is True  # 95.5 ≥ 95 already
    assert math.isnan(bhyt["expected_by_now"]) and math.isnan(bhyt["projected_year"])
    assert pd.isna(bhyt["projected_status"]), "no projection"


def test_a_flow_without_a_figure_is_neither_on_nor_off_track(interim):
    fish = interim.loc["fish"]
    assert fish["expected_by_now"] == pytest.approx(208.333333, rel=1e-6)  # 500 · 200 / 480: what was due
    assert fish["on_track"] is None
    assert math.isnan(fish["projected_year"]) and pd.isna(fish["projected_status"])
