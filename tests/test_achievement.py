"""Every target kind and every status, with numbers checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import assess_one, indicator, make_plan

from thidua.engine.achievement import RESULT_COLUMNS, assess
from thidua.errors import InputError

AT_LEAST_95 = {"kind": "at_least", "value": 95}
AT_MOST_6 = {"kind": "at_most", "value": 6}
BELOW_1 = {"kind": "below", "value": 1}
RANGE_90_95 = {"kind": "range", "min": 90, "max": 95}
GROWTH_10 = {"kind": "growth", "value": 10}
GROWTH_5_7 = {"kind": "growth", "min": 5, "max": 7}
REDUCE_02_05 = {"kind": "reduction_points", "min": 0.2, "max": 0.5}
DECREASE = {"kind": "decrease"}
SHARE_TOL = {"kind": "share", "value": 38.5, "tolerance": 1.0}
SHARE_HIGHER = {"kind": "share", "value": 30, "direction": "higher"}
SHARE_LOWER = {"kind": "share", "value": 40, "direction": "lower"}
YES = {"kind": "yes_no", "value": True}


@pytest.mark.parametrize(
    ("target", "actual", "baseline", "unit", "status"),
    [
        # at least T: A > T exceeded, A = T met, A < T not met
        (AT_LEAST_95, 96.1, 94.8, "%", "exceeded"),
        (AT_LEAST_95, 95.0, 94.8, "%", "met"),
        (AT_LEAST_95, 94.9, 94.8, "%", "not_met"),
        # at most T: lower is better
        (AT_MOST_6, 5.2, 6.4, "%", "exceeded"),
        (AT_MOST_6, 6.0, 6.4, "%", "met"),
        (AT_MOST_6, 6.1, 6.4, "%", "not_met"),
        # below T: strictly below meets, and nothing exceeds
        (BELOW_1, 0.82, 0.91, "%", "met"),
        (BELOW_1, 1.0, 0.91, "%", "not_met"),
        (BELOW_1, 1.2, 0.91, "%", "not_met"),
        # range [90, 95]: above U exceeds, bounds included
        (RANGE_90_95, 96.1, 93.5, "%", "exceeded"),
        (RANGE_90_95, 95.0, 93.5, "%", "met"),
        (RANGE_90_95, 90.0, 93.5, "%", "met"),
        (RANGE_90_95, 89.9, 93.5, "%", "not_met"),
        # growth ≥ 10 %: 712,600 / 630,000 − 1 = 13.11 %
        (GROWTH_10, 712_600, 630_000, "triệu đồng", "exceeded"),
        (GROWTH_10, 693_000, 630_000, "triệu đồng", "met"),  # exactly +10 %
        (GROWTH_10, 690_000, 630_000, "triệu đồng", "not_met"),  # +9.52 %
        # growth 5–7 %
        (GROWTH_5_7, 268_000, 250_000, "triệu đồng", "exceeded"),  # +7.2 %
        (GROWTH_5_7, 265_000, 250_000, "triệu đồng", "met"),  # +6.0 %
        (GROWTH_5_7, 260_000, 250_000, "triệu đồng", "not_met"),  # +4.0 %
        (GROWTH_5_7, 240_000, 250_000, "triệu đồng", "not_met"),  # −4.0 %: negative growth
        # poor-household rate down 0.2–0.5 points
        (REDUCE_02_05, 2.50, 3.12, "%", "exceeded"),  # down 0.62
        (REDUCE_02_05, 2.82, 3.12, "%", "met"),  # down 0.30
        (REDUCE_02_05, 2.97, 3.12, "%", "not_met"),  # down 0.15
        (REDUCE_02_05, 3.30, 3.12, "%", "not_met"),  # up 0.18
        # decrease: the part fell
        (DECREASE, 3, 5, "vụ", "met"),
        (DECREASE, 5, 5, "vụ", "not_met"),
        (DECREASE, 5, 4, "người", "not_met"),
        (DECREASE, 0, 0, "người", "met"),  # nothing left to reduce
        # share with a tolerance: |A − T| ≤ tol meets; it cannot be exceeded
        (SHARE_TOL, 37.9, 39.6, "%", "met"),
        (SHARE_TOL, 39.5, 39.6, "%", "met"),  # exactly on T + tol
        (SHARE_TOL, 37.4, 39.6, "%", "not_met"),
        (SHARE_TOL, 40.0, 39.6, "%", "not_met"),
        # share with a direction
        (SHARE_HIGHER, 31.0, 28.7, "%", "exceeded"),
        (SHARE_HIGHER, 29.0, 28.7, "%", "not_met"),
        (SHARE_LOWER, 37.9, 39.6, "%", "exceeded"),
        (SHARE_LOWER, 40.5, 39.6, "%", "not_met"),
        # yes/no
        (YES, 1, 0, "đạt/không", "met"),
        (YES, 0, 1, "đạt/không", "not_met"),
    ],
)
def test_status_of_every_kind(target, actual, baseline, unit, status):
    assert assess_one(target, actual, baseline, unit)["status"] == status


@pytest.mark.parametrize(
    ("target", "actual", "baseline"),
    [
        (AT_LEAST_95, None, 94.8),
        (RANGE_90_95, math.nan, 93.5),
        (GROWTH_10, 700_000, None),  # growth needs a baseline
        (REDUCE_02_05, 2.9, None),
        (DECREASE, 3, None),
        (YES, None, 1),
    ],
)
def test_missing_values_are_no_data_never_not_met(target, actual, baseline):
    row = assess_one(target, actual, baseline)
    assert row["status"] == "no_data"
    assert math.isnan(row["compared"]) and math.isnan(row["progress_ratio"])
    assert row["note"] in {"no_actual", "no_baseline"}


def test_hundred_percent_target_cannot_be_exceeded():
    row = assess_one({"kind": "at_least", "value": 100}, 100.0, 98.6)
    assert row["status"] == "met"
    assert row["pct_of_plan"] == pytest.approx(100.0)
    assert assess_one({"kind": "at_least", "value": 100}, 99.9, 98.6)["status"] == "not_met"
    assert assess_one({"kind": "range", "min": 95, "max": 100}, 100.0, 98.0)["status"] == "met"


def test_growth_on_a_bound_is_met_despite_floating_point():
    # 1.1 − 1 = 0.10000000000000009 in binary floating point: still exactly +10 %.
    row = assess_one(GROWTH_10, 110.0, 100.0, "tấn")
    assert row["status"] == "met"
    assert row["compared"] == pytest.approx(10.0)
    # 0.2 points: 3.12 − 2.92 = 0.20000000000000018
    assert assess_one(REDUCE_02_05, 2.92, 3.12)["status"] == "met"


def test_baseline_zero():
    growth = assess_one(GROWTH_10, 50.0, 0.0, "tấn")
    assert growth["status"] == "no_data" and growth["note"] == "baseline_zero"
    assert math.isnan(growth["change_vs_baseline"])
    level = assess_one({"kind": "at_least", "value": 10}, 12.0, 0.0, "tấn")
    assert level["status"] == "exceeded"
    assert math.isnan(level["change_vs_baseline"])  # undefined, never infinite
    assert level["change_points"] == 12.0
    assert level["progress_ratio"] == pytest.approx(1.2)  # (12 − 0) / (10 − 0)


def test_measures_for_budget_revenue():
    # Thu ngân sách: 7,117,000,000 vs plan 6,830,000,000 and 6,337,500,000 last year.
    row = assess_one({"kind": "at_least", "value": 6_830_000_000}, 7_117_000_000, 6_337_500_000, "đồng")
    assert row["status"] == "exceeded"
    assert row["pct_of_plan"] == pytest.approx(104.2020, abs=1e-4)  # 7117 / 6830 · 100
    assert row["change_vs_baseline"] == pytest.approx(12.2998, abs=1e-4)  # 7117 / 6337.5 − 1
    assert row["change_points"] == 779_500_000
    # R = (7117 − 6337.5) / (6830 − 6337.5) = 779.5 / 492.5 = 1.58274
    assert row["progress_ratio"] == pytest.approx(1.582741, abs=1e-6)
    assert row["progress_class"] == "on_track"


@pytest.mark.parametrize(
    ("target", "actual", "baseline", "ratio", "klass"),
    [
        (AT_LEAST_95, 94.0, 90.0, 0.8, "moderate"),  # (94 − 90) / (95 − 90)
        (AT_LEAST_95, 91.0, 90.0, 0.2, "limited"),
        (AT_LEAST_95, 94.8, 90.0, 0.96, "on_track"),
        (AT_LEAST_95, 89.0, 90.0, -0.2, "deterioration"),
        (AT_MOST_6, 7.0, 8.0, 0.5, "limited"),  # (7 − 8) / (6 − 8)
        (GROWTH_10, 106.0, 100.0, 0.6, "moderate"),  # T on the actual's scale is 110
        (REDUCE_02_05, 3.0, 3.12, 0.6, "moderate"),  # down 0.12 of the 0.2 needed
        (RANGE_90_95, 92.0, 80.0, 1.2, "on_track"),  # (92 − 80) / (90 − 80)
    ],
)
def test_progress_ratio(target, actual, baseline, ratio, klass):
    row = assess_one(target, actual, baseline)
    assert row["progress_ratio"] == pytest.approx(ratio)
    assert row["progress_class"] == klass


def test_target_equal_to_baseline_has_its_own_rule():
    # T = B: R would divide by zero; the class follows whether the target is still met.
    kept = assess_one(AT_LEAST_95, 95.0, 95.0)
    assert math.isnan(kept["progress_ratio"]) and kept["progress_class"] == "on_track"
    assert kept["note"] == "baseline_meets_target"
    slipped = assess_one(AT_LEAST_95, 94.0, 95.0)
    assert slipped["progress_class"] == "deterioration" and slipped["status"] == "not_met"
    # A baseline already beyond the target: a small fall that still meets is not "limited".
    above = assess_one(AT_LEAST_95, 96.0, 97.0)
    assert above["status"] == "exceeded" and above["progress_class"] == "on_track"
    rate_at_100 = assess_one({"kind": "at_least", "value": 100}, 100.0, 100.0)
    assert rate_at_100["status"] == "met" and rate_at_100["progress_class"] == "on_track"


def test_change_vs_baseline_negative_growth_and_points():
    row = assess_one({"kind": "at_least", "value": 7119}, 6500.0, 6985.0, "tấn")
    assert row["change_vs_baseline"] == pytest.approx(-6.943450, abs=1e-6)  # 6500 / 6985 − 1
    assert row["change_points"] == -485.0
    assert row["pct_of_plan"] == pytest.approx(91.305, abs=1e-3)


def test_percent_of_plan_only_where_it_means_something():
    assert math.isnan(assess_one(AT_MOST_6, 5.0, 6.0)["pct_of_plan"])  # no target ÷ actual tricks
    assert math.isnan(assess_one(RANGE_90_95, 92.0, 90.0)["pct_of_plan"])
    assert math.isnan(assess_one(YES, 1, 0)["pct_of_plan"])
    assert math.isnan(assess_one(YES, 1, 0)["change_vs_baseline"])


def test_two_targets_on_one_indicator_are_both_assessed():
    plan = make_plan(
        indicator(
            "thu",
            unit="đồng",
            targets=[
                {"kind": "at_least", "value": 100, "set_by": "commune"},
                {"kind": "at_least", "value": 150, "set_by": "province"},
            ],
        )
    )
    obs = pd.DataFrame(
        {"unit": ["u"], "period": ["2023"], "indicator_id": ["thu"], "actual": [135.7], "baseline": [90]}
    )
    result = assess(plan.targets, obs).set_index("set_by")
    assert result.loc["commune", "status"] == "exceeded"
    assert result.loc["province", "status"] == "not_met"
    assert result.loc["commune", "pct_of_plan"] == pytest.approx(135.7)
    assert result.loc["province", "pct_of_plan"] == pytest.approx(90.4667, abs=1e-4)


def test_grid_over_units_and_periods_fills_missing_indicators_with_no_data():
    plan = make_plan(indicator("a"), indicator("b", targets=[AT_MOST_6]))
    obs = pd.DataFrame(
        {
            "unit": ["u1", "u1", "u2", "u1"],
            "period": ["2023", "2023", "2023", "2024"],
            "indicator_id": ["a", "b", "b", "a"],
            "actual": [96.0, 7.0, 5.0, 90.0],
            "baseline": [94.0, 6.5, 6.0, 96.0],
        }
    )
    result = assess(plan.targets, obs)
    assert list(result.columns) == RESULT_COLUMNS
    assert len(result) == 3 * 2  # (u1, 2023), (u2, 2023), (u1, 2024) × 2 targets
    got = result.set_index(["unit", "period", "indicator_id"])["status"]
    assert got[("u1", "2023", "a")] == "exceeded"
    assert got[("u1", "2023", "b")] == "not_met"
    assert got[("u2", "2023", "a")] == "no_data"
    assert got[("u2", "2023", "b")] == "exceeded"
    assert got[("u1", "2024", "a")] == "not_met"
    assert got[("u1", "2024", "b")] == "no_data"


# A reference written row by row from docs/domain.md §4.1's table of target kinds and §5.4's progress rules, with
# plain ifs, to check the vectorized engine against: A actual, B baseline, x the compared value.
EPS = 1e-9  # README: a value within 1e-9 (relative) of a bound counts as on it


def _near(x, bound):
    return abs(x - bound) <= EPS * max(1.0, abs(bound))


def _higher(x, low, high=None, can_exceed=True):
    """At least L (or in [L, U]): below L not met; above the top bound exceeded; else met."""
    if x < low and not _near(x, low):
        return "not_met"
    top = low if high is None else high
    return "exceeded" if can_exceed and x > top and not _near(x, top) else "met"


def _at_most(x, bound):
    """A ≤ T met, A < T exceeded."""
    if x > bound and not _near(x, bound):
        return "not_met"
    return "exceeded" if x < bound and not _near(x, bound) else "met"


def _below(x, bound):
    """A < T met; nothing exceeds a 'below' target."""
    return "met" if x < bound and not _near(x, bound) else "not_met"


def _band(x, low, high):
    """A share within T ± tolerance: met inside the band, not met outside, never exceeded."""
    inside = (low <= x or _near(x, low)) and (x <= high or _near(x, high))
    return "met" if inside else "not_met"


def _progress_class(value, base, target, lower, status):
    """R = (value − base) / (T − base); when the baseline already meets T (T = B included), the status decides."""
    if math.isnan(value) or math.isnan(base):
        return None
    if _near(base, target) or (base < target if lower else base > target):
        return "on_track" if status in ("met", "exceeded") else "deterioration"
    r = (value - base) / (target - base)
    for bound, name in ((0.95, "on_track"), (0.6, "moderate"), (0.0, "limited")):
        if r >= bound or _near(r, bound):
            return name
    return "deterioration"


def _growth(a, b):
    return (a / b - 1) * 100 if b != 0 else math.nan  # g = (A/B − 1)·100; B = 0: no growth can be computed


# kind → (compared value x from A and B, status from x, A and B, progress as (value, base, T, lower is better)
# or None, whether the kind needs B)
REFERENCE = {
    "at_least_95": (lambda a, b: a, lambda x, a, b: _higher(x, 95), lambda x, a, b: (a, b, 95, False), False),
    "at_most_6": (lambda a, b: a, lambda x, a, b: _at_most(x, 6), lambda x, a, b: (a, b, 6, True), False),
    "below_1": (lambda a, b: a, lambda x, a, b: _below(x, 1), lambda x, a, b: (a, b, 1, True), False),
    "range_90_95": (lambda a, b: a, lambda x, a, b: _higher(x, 90, 95), lambda x, a, b: (a, b, 90, False), False),
    "growth_5_7": (_growth, lambda x, a, b: _higher(x, 5, 7), lambda x, a, b: (x, 0.0, 5, False), True),
    "reduce_02_05": (
        lambda a, b: b - a,
        lambda x, a, b: _higher(x, 0.2, 0.5),
        lambda x, a, b: (x, 0.0, 0.2, False),
        True,
    ),
    "decrease": (lambda a, b: a, lambda x, a, b: "met" if a < b or a == b == 0 else "not_met", None, True),
    "share_38_5_tol_1": (lambda a, b: a, lambda x, a, b: _band(x, 37.5, 39.5), None, False),
    "yes": (lambda a, b: a, lambda x, a, b: "met" if a == 1 else "not_met", None, False),
}
TARGETS = {
    "at_least_95": AT_LEAST_95, "at_most_6": AT_MOST_6, "below_1": BELOW_1, "range_90_95": RANGE_90_95,
    "growth_5_7": GROWTH_5_7, "reduce_02_05": REDUCE_02_05, "decrease": DECREASE, "share_38_5_tol_1": SHARE_TOL,
    "yes": YES,
}  # fmt: skip
# Figures drawn per kind: every bound exactly, either side of it, float noise on a bound (107/100 − 1,
# 3.12 − 2.92), B = 0, B already meeting T, and missing A or B.
ACTUALS = {
    "at_least_95": [90, 94.9, 95, 95.5, 96, np.nan], "at_most_6": [5, 5.9, 6, 6.1, 7, np.nan],
    "below_1": [0.5, 0.9, 1, 1.2, np.nan], "range_90_95": [85, 89.9, 90, 92, 95, 95.1, 97, np.nan],
    "growth_5_7": [100, 104, 105, 106, 107, 108, np.nan], "reduce_02_05": [2.62, 2.8, 2.92, 3.0, 3.12, 3.3, np.nan],
    "decrease": [0, 3, 5, np.nan], "share_38_5_tol_1": [37, 37.5, 38.5, 39.5, 39.6, np.nan], "yes": [0, 1, np.nan],
}  # fmt: skip
BASELINES = {
    "at_least_95": [93, 95, 96, np.nan], "at_most_6": [5, 6, 6.4, 8, np.nan], "below_1": [0.8, 1, 1.3, np.nan],
    "range_90_95": [80, 88, 90, 96, np.nan], "growth_5_7": [0, 100, 110, np.nan], "reduce_02_05": [3.12, 3.5, np.nan],
    "decrease": [0, 3, 4, np.nan], "share_38_5_tol_1": [38, np.nan], "yes": [0, 1, np.nan],
}  # fmt: skip


def _reference(kind, a, b):
    """(status, compared value, progress class) of one row; no figure (or no B where B is needed) is no data."""
    compared, status_of, progress_of, needs_b = REFERENCE[kind]
    x = compared(a, b) if not math.isnan(a) and not (needs_b and math.isnan(b)) else math.nan
    if math.isnan(x):
        return "no_data", math.nan, None
    status = status_of(x, a, b)
    return status, x, _progress_class(*progress_of(x, a, b), status) if progress_of else None


def test_engine_agrees_with_a_row_by_row_reference():
    rng = np.random.default_rng(7)
    plan = make_plan(*[indicator(kind, targets=[target]) for kind, target in TARGETS.items()])
    n = 80
    obs = pd.DataFrame(
        {
            "unit": np.repeat([f"u{i}" for i in range(n)], len(TARGETS)),
            "period": "2023",
            "indicator_id": np.tile(list(TARGETS), n),
            "actual": np.concatenate([[rng.choice(ACTUALS[k]) for k in TARGETS] for _ in range(n)]),
            "baseline": np.concatenate([[rng.choice(BASELINES[k]) for k in TARGETS] for _ in range(n)]),
        }
    )
    result = assess(plan.targets, obs)
    assert len(result) == n * len(TARGETS)
    for _, row in result.iterrows():
        status, compared, klass = _reference(row["indicator_id"], row["actual"], row["baseline"])
        where = f"{row['indicator_id']} A={row['actual']} B={row['baseline']}"
        assert row["status"] == status, where
        assert row["compared"] == pytest.approx(compared, nan_ok=True), where
        assert (None if pd.isna(row["progress_class"]) else row["progress_class"]) == klass, where
    assert set(result["status"]) == {"exceeded", "met", "not_met", "no_data"}
    assert set(result["progress_class"].dropna()) == {"on_track", "moderate", "limited", "deterioration"}


def test_unknown_indicator_and_duplicates_are_input_errors():
    plan = make_plan(indicator("a"))
    obs = pd.DataFrame({"unit": ["u"], "period": ["2023"], "indicator_id": ["zzz"], "actual": [1.0], "baseline": [1.0]})
    with pytest.raises(InputError, match="'zzz' is not in the plan"):
        assess(plan.targets, obs)
    dup = pd.DataFrame(
        {"unit": ["u"] * 2, "period": ["2023"] * 2, "indicator_id": ["a"] * 2, "actual": 1.0, "baseline": 1.0}
    )
    with pytest.raises(InputError, match="two rows for unit 'u'"):
        assess(plan.targets, dup)
