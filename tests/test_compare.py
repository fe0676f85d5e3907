"""Many units side by side (thidua.engine.compare): ranks and counts worked out by hand on a small frame."""

from __future__ import annotations

import math

import pandas as pd

from thidua.engine.compare import heatmap, league, missed_most, overall, spread

NAN = math.nan
# unit, indicator, status, progress ratio R = (A − B) / (T − B), compared value
ROWS = [
    ("u1", "a", "exceeded", 1.5, 15.0),
    ("u2", "a", "met", 1.0, 10.0),
    ("u3", "a", "met", 1.0, 10.0),
    ("u1", "b", "not_met", 0.5, 2.0),
    ("u2", "b", "no_data", NAN, NAN),
    ("u3", "b", "met", NAN, 4.0),  # target equal to last year's figure: no ratio, still met
    ("u4", "a", "not_met", -0.2, 8.0),  # a unit whose plan has no target b
]
RESULTS = pd.DataFrame(ROWS, columns=["unit", "indicator_id", "status", "progress_ratio", "compared"])


def test_a_target_league_puts_status_first_then_progress_and_shares_ties():
    ranks = league(RESULTS).set_index(["indicator_id", "unit"])["rank"].to_dict()
    assert {u: ranks[("a", u)] for u in ("u1", "u2", "u3", "u4")} == {"u1": 1, "u2": 2, "u3": 2, "u4": 4}
    # b: u3 met (no ratio) beats u1 not met with R = 0,5; a unit without a figure comes last
    assert {u: ranks[("b", u)] for u in ("u1", "u2", "u3")} == {"u3": 1, "u1": 2, "u2": 3}


def test_the_overall_league_counts_missing_figures_apart():
    """u1: 1 of 2 met (50%); u2: 1 of 1 assessed (100%, 1 without a figure); u3: 2 of 2; u4: 0 of 1."""
    table = overall(RESULTS).set_index("unit")
    assert table.loc["u1", ["targets", "met", "not_met", "no_data"]].tolist() == [2, 1, 1, 0]
    assert table["pct_met"].to_dict() == {"u2": 100.0, "u3": 100.0, "u1": 50.0, "u4": 0.0}
    assert table["rank"].to_dict() == {"u2": 1, "u3": 1, "u1": 3, "u4": 4}
    assert missed_most(overall(RESULTS))["unit"].tolist() == ["u4", "u1"]  # 1 missed each; u4 met fewer


def test_the_heat_map_leaves_a_target_a_plan_does_not_have_blank():
    table = heatmap(RESULTS)
    assert table.loc["u4", "b"] == ""
    assert table.loc["u1", "a"] == "exceeded" and table.loc["u2", "b"] == "no_data"


def test_the_spread_of_an_indicator_leaves_out_missing_figures():
    row = spread(RESULTS).set_index("indicator_id").loc["a"]
    assert (row["n"], row["min"], row["median"], row["max"]) == (4, 8.0, 10.0, 15.0)
    assert spread(RESULTS).set_index("indicator_id").loc["b", "n"] == 2
