"""The interim review's arithmetic, against figures worked by hand from docs/domain.md §5.9.

A flow has its % of the year plan A_ytd / T · 100 (a growth target's T is B_year · (1 + g / 100)); at or past
100 it has reached or passed the year plan. Its pace needs a share expected by now: last year's
s = B_ytd / B_year, else the plan's declared share; then it is on track when A_ytd ≥ T · s and projects to
A_ytd / s. A level already at its target has reached it; anything else is judged at the year's end.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import indicator, make_plan

from thidua.engine.achievement import assess
from thidua.engine.interim import clause_progress, progress

GRAIN = indicator("grain", unit="tấn", targets=[{"kind": "at_least", "value": 1000}])
OUTPUT = indicator("output", unit="tấn", targets=[{"kind": "growth", "value": 10}])
BHYT = indicator("bhyt", unit="%", targets=[{"kind": "at_least", "value": 95}])
FISH = indicator("fish", unit="tấn", targets=[{"kind": "at_least", "value": 500}])


def _progress(entries, actual, baseline, year=None, declared=np.nan) -> pd.DataFrame:
    """Progress of the 6 months of 2023 for ``entries``; ``year`` holds last year's whole-year figures by id."""
    plan = make_plan(*entries)
    ids = [e["id"] for e in entries]
    obs = pd.DataFrame(
        {"unit": "u", "period": "2023-6T", "indicator_id": ids, "actual": actual, "baseline": baseline}
    ).astype({"actual": "float64", "baseline": "float64"})
    year_values = pd.DataFrame(
        [("u", "2022", k, v) for k, v in (year or {}).items()], columns=["unit", "period", "indicator_id", "value"]
    )
    return progress(assess(plan.targets, obs), year_values, "2022", declared).set_index("indicator_id")


@pytest.fixture(scope="module")
def interim() -> pd.DataFrame:
    #           grain  output  bhyt  fish: A_ytd (6 months of 2023), B_ytd (6 months of 2022), B_year (2022)
    return _progress(
        [GRAIN, OUTPUT, BHYT, FISH], [450.0, 85.0, 95.5, np.nan], [400.0, 80.0, 94.0, 200.0],
        {"grain": 900.0, "output": 200.0, "bhyt": 94.5, "fish": 480.0},
    )  # fmt: skip


def test_an_at_least_flow_ahead_of_last_years_pace(interim):
    grain = interim.loc["grain"]
    assert grain["flow"]
    assert grain["year_target"] == 1000
    assert grain["expected_share"] == pytest.approx(400 / 900)  # 0.444…: last year's first half of its year
    assert grain["share_source"] == "last_year"
    assert grain["expected_by_now"] == pytest.approx(444.444444, rel=1e-6)  # 1000 · 400 / 900
    assert grain["progress"] == "on_track"  # 450 ≥ 444.44
    assert grain["projected_year"] == pytest.approx(1012.5)  # 450 · 900 / 400
    assert grain["pct_of_year_plan"] == pytest.approx(45.0)  # 450 / 1000 · 100


def test_a_growth_flow_behind_last_years_pace(interim):
    output = interim.loc["output"]
    assert output["year_target"] == pytest.approx(220.0)  # 200 · (1 + 10 / 100)
    assert output["expected_share"] == pytest.approx(0.4)  # 80 / 200
    assert output["expected_by_now"] == pytest.approx(88.0)  # 220 · 0.4
    assert output["progress"] == "behind"  # 85 < 88
    assert output["projected_year"] == pytest.approx(212.5)  # 85 · 200 / 80
    assert output["pct_of_year_plan"] == pytest.approx(38.636364, rel=1e-6)  # 85 / 220 · 100


def test_a_rate_at_its_plan_has_reached_it(interim):
    bhyt = interim.loc["bhyt"]
    assert not bhyt["flow"]
    assert bhyt["progress"] == "reached"  # 95.5 ≥ 95 already
    assert math.isnan(bhyt["expected_by_now"]) and math.isnan(bhyt["projected_year"])
    assert math.isnan(bhyt["pct_of_year_plan"]), "a rate has no share of a year plan"


def test_a_flow_without_a_figure_has_no_data(interim):
    fish = interim.loc["fish"]
    assert fish["expected_by_now"] == pytest.approx(208.333333, rel=1e-6)  # 500 · 200 / 480: what was due
    assert fish["progress"] == "no_data"
    assert math.isnan(fish["projected_year"])


def test_year_to_date_figures_alone():
    # No figure of 2022: % of the year plan only. 1760 / 1000 = 176% is past it; 1000 / 1000 reached;
    # 450 / 1000 = 45% cannot be judged for pace; a growth target has no year target without 2022's level.
    grain2 = indicator("grain2", unit="tấn", targets=[{"kind": "at_least", "value": 1000}])
    grain3 = indicator("grain3", unit="tấn", targets=[{"kind": "at_least", "value": 1000}])
    p = _progress([GRAIN, grain2, grain3, OUTPUT], [1760.0, 1000.0, 450.0, 85.0], [np.nan] * 4)
    assert p.loc["grain", "pct_of_year_plan"] == pytest.approx(176.0)
    assert list(p["progress"]) == ["past_year_plan", "reached", "not_judged", "not_judged"]
    assert list(p["reason"]) == ["", "", "no_last_year", "no_last_year"]
    assert math.isnan(p.loc["output", "year_target"]) and math.isnan(p.loc["output", "pct_of_year_plan"])


def test_a_share_the_plan_declares_sets_the_pace():
    # The plan expects 50% by June: due 1000 · 0.5 = 500; 450 < 500 behind, projected 450 / 0.5 = 900.
    p = _progress([GRAIN], [450.0], [np.nan], declared=0.5).loc["grain"]
    assert p["share_source"] == "plan" and p["expected_by_now"] == pytest.approx(500.0)
    assert p["progress"] == "behind" and p["projected_year"] == pytest.approx(900.0)
    # Last year's profile comes first: 400 / 900 = 0.444, due 444.4 ≤ 450, on track.
    p = _progress([GRAIN], [450.0], [400.0], {"grain": 900.0}, declared=0.5).loc["grain"]
    assert p["share_source"] == "last_year" and p["progress"] == "on_track"


def test_levels_below_their_plan_and_falls_are_told_at_the_years_end():
    poor = indicator("poor", unit="%", targets=[{"kind": "reduction_points", "value": 0.5}])
    cases = indicator("cases", unit="vụ", targets=[{"kind": "decrease", "part_of": "tngt"}])
    p = _progress([BHYT, poor, cases], [90.0, 2.0, 1.0], [91.0, 2.5, 3.0])
    assert list(p["progress"]) == ["not_judged"] * 3
    assert list(p["reason"]) == ["year_end"] * 3


def test_a_clause_takes_the_worst_of_its_parts():
    codes = pd.Series(["on_track", "behind", "reached", "no_data", "not_judged", "past_year_plan"])
    statement = pd.Series(["a", "a", "b", "b", "c", "c"])
    assert clause_progress(codes, statement).to_dict() == {"a": "behind", "b": "no_data", "c": "not_judged"}
