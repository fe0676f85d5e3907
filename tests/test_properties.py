"""Property-based tests (hypothesis): what must hold for any figures, not just the ones we thought of."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from conftest import indicator, make_plan
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from thidua.engine.achievement import assess
from thidua.engine.aggregate import aggregate
from thidua.engine.structure import contributions, shares
from thidua.errors import InputError
from thidua.inputs.observations import read_budget_csv, read_csv
from thidua.inputs.units import Units

FINITE = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)
POSITIVE = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False, allow_infinity=False)
TARGETS = [
    ({"kind": "at_least", "value": 95}, "higher"),
    ({"kind": "range", "min": 90, "max": 95}, "higher"),
    ({"kind": "growth", "min": 5, "max": 7}, "higher"),
    ({"kind": "at_most", "value": 6}, "lower"),
    ({"kind": "below", "value": 1}, "lower"),
    ({"kind": "reduction_points", "min": 0.2, "max": 0.5}, "lower"),  # lower actual = bigger fall
    ({"kind": "decrease"}, "lower"),
]
PLAN = make_plan(*[indicator(f"k{i}", unit="tấn", targets=[t]) for i, (t, _) in enumerate(TARGETS)])
RANK = {"not_met": 0, "met": 1, "exceeded": 2}  # better status, higher rank


@settings(max_examples=200, deadline=None)
@given(baseline=POSITIVE, a1=FINITE, a2=FINITE)
def test_status_is_monotone_in_the_actual(baseline, a1, a2):
    """A better actual never gives a worse status, for every kind with a direction."""
    low_a, high_a = sorted((a1, a2))
    ids = [f"k{i}" for i in range(len(TARGETS))]
    obs = pd.DataFrame(
        {
            "unit": np.repeat(["lo", "hi"], len(ids)), "period": "2023", "indicator_id": ids * 2,
            "actual": [low_a] * len(ids) + [high_a] * len(ids), "baseline": baseline,
        }
    )  # fmt: skip
    result = assess(PLAN.targets, obs).set_index(["unit", "indicator_id"])["status"].astype(str)
    for i, (_, direction) in enumerate(TARGETS):
        worse, better = ("lo", "hi") if direction == "higher" else ("hi", "lo")
        assert RANK[result[(better, f"k{i}")]] >= RANK[result[(worse, f"k{i}")]], TARGETS[i]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e12, allow_nan=False), min_size=1, max_size=8))
def test_shares_always_sum_to_100(values):
    assume(sum(values) > 0)
    result = shares(pd.Series(values, index=[f"s{i}" for i in range(len(values))]))
    assert math.isclose(result.sum(), 100.0, rel_tol=1e-9)
    assert (result >= 0).all()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(POSITIVE, FINITE), min_size=1, max_size=8))
def test_contributions_sum_to_growth(pairs):
    index = [f"s{i}" for i in range(len(pairs))]
    prev = pd.Series([p for p, _ in pairs], index=index)
    curr = pd.Series([c for _, c in pairs], index=index)
    table = contributions(prev, curr)
    total = (curr.sum() / prev.sum() - 1) * 100
    assert math.isclose(table.drop(index="total")["contribution_points"].sum(), total, rel_tol=1e-9, abs_tol=1e-6)
    assert math.isclose(table.loc["total", "growth"], total, rel_tol=1e-9, abs_tol=1e-6)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 10_000)), min_size=1, max_size=9))
def test_aggregating_a_rate_is_the_ratio_of_sums(parts):
    parts = [(min(n, d), d) for n, d in parts]
    hamlets = [f"h{i}" for i in range(len(parts))]
    units = Units(
        pd.DataFrame(
            {"id": ["c", *hamlets], "name": ["C", *hamlets], "level": ["commune", *["hamlet"] * len(parts)],
             "parent": [None, *["c"] * len(parts)]}
        )
    )  # fmt: skip
    values = pd.DataFrame(
        {
            "unit": hamlets, "period": "2023", "indicator_id": "bhyt",
            "numerator": [float(n) for n, _ in parts], "denominator": [float(d) for _, d in parts],
        }
    ).assign(value=lambda f: f["numerator"] / f["denominator"] * 100)  # fmt: skip
    out = aggregate(values, units, pd.Series({"bhyt": "rate"}), "commune").iloc[0]
    expected = sum(n for n, _ in parts) / sum(d for _, d in parts) * 100
    assert math.isclose(out["value"], expected, rel_tol=1e-12)
    assert (out["numerator"], out["denominator"]) == (sum(n for n, _ in parts), sum(d for _, d in parts))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000))
def test_parsers_never_crash_on_arbitrary_bytes(tmp_path, data):
    """Any bytes give figures or one clear InputError, never another exception."""
    path = tmp_path / "data.csv"
    for body in (data, b"unit,period,indicator,value\n" + data, b"unit,period,side,item,estimate,actual\n" + data):
        path.write_bytes(body)
        for reader in (read_csv, read_budget_csv):
            try:
                reader(path)
            except InputError as exc:
                assert str(path) in str(exc)


def test_statuses_are_the_documented_four():
    """README: vượt, đạt, không đạt, chưa có số liệu; one ≥ 95 target at 96, 95, 94 and no figure gives each once."""
    obs = pd.DataFrame(
        {"unit": ["a", "b", "c", "d"], "period": "2023", "indicator_id": "x",
         "actual": [96.0, 95.0, 94.0, np.nan], "baseline": 90.0}
    )  # fmt: skip
    status = assess(make_plan(indicator("x")).targets, obs)["status"]
    assert status.tolist() == ["exceeded", "met", "not_met", "no_data"]
    assert status.cat.categories.tolist() == ["exceeded", "met", "not_met", "no_data"], "tables count in this order"
