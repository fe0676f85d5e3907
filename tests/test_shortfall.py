"""How far a not-met target fell short (``thidua.engine.summary.shortfall``), worked by hand for every kind."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import assess_one

from thidua.engine.summary import shortfall

# Each not-met target's gap, worked by hand in the units of its compared value.
SHORTFALLS = [
    ({"kind": "at_least", "value": 95}, 94.2, 94.0, "not_met", 0.8),  # 95 − 94.2
    ({"kind": "at_most", "value": 6}, 6.9, 6.4, "not_met", 0.9),  # 6.9 − 6
    ({"kind": "below", "value": 1}, 1.3, 1.1, "not_met", 0.3),  # 1.3 − 1
    ({"kind": "below", "value": 1}, 1.0, 1.1, "not_met", 0.0),  # on the bound: not below it, and short by nothing
    ({"kind": "range", "min": 90, "max": 95}, 87.0, 86.0, "not_met", 3.0),  # 90 − 87
    ({"kind": "growth", "min": 5, "max": 7}, 103.0, 100.0, "not_met", 2.0),  # g = (103 / 100 − 1) · 100 = 3; 5 − 3
    ({"kind": "growth", "value": 10}, 212.0, 200.0, "not_met", 4.0),  # g = (212 / 200 − 1) · 100 = 6; 10 − 6
    # d = 3.12 − 3.05 = 0.07 points fallen; 0.2 − 0.07
    ({"kind": "reduction_points", "min": 0.2, "max": 0.5}, 3.05, 3.12, "not_met", 0.13),
    ({"kind": "share", "value": 38.5, "tolerance": 1.0}, 41.0, 38.0, "not_met", 1.5),  # above the band: 41 − 39.5
    ({"kind": "share", "value": 38.5, "tolerance": 1.0}, 36.0, 38.0, "not_met", 1.5),  # below it: 37.5 − 36
    ({"kind": "share", "value": 40, "direction": "lower"}, 43.0, 41.0, "not_met", 3.0),  # 43 − 40
    ({"kind": "share", "value": 30, "direction": "higher"}, 27.0, 28.0, "not_met", 3.0),  # 30 − 27
    ({"kind": "decrease"}, 6.0, 4.0, "not_met", 2.0),  # rose by 6 − 4
    ({"kind": "decrease"}, 4.0, 4.0, "not_met", 0.0),  # level: not met, but nothing to make up
    ({"kind": "at_least", "value": 95}, 96.0, 94.0, "exceeded", 0.0),  # exceeded: no shortfall
    ({"kind": "range", "min": 90, "max": 95}, 92.0, 86.0, "met", 0.0),  # met: none
]


@pytest.mark.parametrize(("target", "actual", "baseline", "status", "gap"), SHORTFALLS)
def test_shortfall_worked_by_hand(target, actual, baseline, status, gap):
    unit = "vụ" if target["kind"] == "decrease" else "%"
    row = assess_one(target, actual, baseline, unit=unit)
    assert row["status"] == status
    assert shortfall(pd.DataFrame([row])).iloc[0] == pytest.approx(gap)
