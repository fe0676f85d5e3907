"""The interim review (sơ kết 6 tháng / 9 tháng): progress against the annual plan.

For a flow indicator (money, tonnes, production value: it accumulates through the year), last
year's profile tells how much of the year should be done by now (docs/domain.md §5.9):
expected share = B_ytd / B_year; on track when A_ytd ≥ T · B_ytd / B_year; projected year-end
A_ytd · B_year / B_ytd. Other indicators (rates, counts of events) are judged on their latest value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from thidua.engine.achievement import REACHED
from thidua.inputs.measures import MEASURES
from thidua.inputs.periods import Period, parse_period

FLOW_KINDS = frozenset({"at_least", "growth"})
COLUMNS = [
    "indicator_id", "flow", "actual", "baseline", "change_vs_baseline", "year_baseline", "year_target",
    "pct_of_year_plan", "expected_share", "expected_by_now", "projected_year", "on_track", "projected_status",
]  # fmt: skip


def latest_ytd(periods: pd.Series, year: int) -> Period:
    """The longest year-to-date period of ``year`` in the data (e.g. 2023-9T before 2023-6T)."""
    parsed = [parse_period(p) for p in pd.unique(periods)]
    ytd = [p for p in parsed if p.year == year and p.first_month == 1 and not p.is_year]
    if not ytd:
        raise ValueError(f"no year-to-date period of {year} in the figures")
    return max(ytd, key=lambda p: p.months)


def progress(results: pd.DataFrame, year_values: pd.DataFrame, baseline_year: str) -> pd.DataFrame:
    """Interim progress per target.

    ``results`` is the assessment of the year-to-date period against the same period last year;
    ``year_values`` the long figures (derived) holding last year's whole-year values.
    """
    last_year = year_values[year_values["period"] == baseline_year]
    b_year = (
        results[["unit", "indicator_id"]]
        .merge(last_year[["unit", "indicator_id", "value"]], on=["unit", "indicator_id"], how="left")["value"]
        .to_numpy(dtype=float)
    )
    a, b = results["actual"].to_numpy(dtype=float), results["baseline"].to_numpy(dtype=float)
    low = results["target_low"].to_numpy(dtype=float)
    kind = results["kind"].to_numpy()
    flow_measures = [name for name, spec in MEASURES.items() if spec.flow]
    flow = np.isin(kind, list(FLOW_KINDS)) & results["measure"].isin(flow_measures).to_numpy()
    year_target = np.where(kind == "growth", b_year * (1 + low / 100.0), low)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(flow & (b_year > 0), b / b_year, np.nan)
        expected = year_target * share
        projected = np.where(flow & (b > 0), a * b_year / b, np.nan)
        pct_year = np.where(flow & (year_target > 0), a / year_target * 100.0, np.nan)
    eps = 1e-9 * np.maximum(1.0, np.abs(np.nan_to_num(expected)))
    judged = flow & np.isfinite(a) & np.isfinite(expected)
    on_track_flow = np.where(judged, a >= expected - eps, None)
    latest_good = results["status"].isin(REACHED).to_numpy()
    has_status = (results["status"] != "no_data").to_numpy()
    on_track = np.where(flow, on_track_flow, np.where(has_status, latest_good, None))
    projected_status = np.where(
        np.isfinite(projected), np.where(projected >= year_target - eps, "on_track", "off_track"), None
    )
    return pd.DataFrame(
        {
            "indicator_id": results["indicator_id"].to_numpy(), "flow": flow, "actual": a, "baseline": b,
            "change_vs_baseline": results["change_vs_baseline"].to_numpy(), "year_baseline": b_year,
            "year_target": np.where(flow, year_target, np.nan), "pct_of_year_plan": pct_year,
            "expected_share": share, "expected_by_now": expected, "projected_year": projected,
            "on_track": on_track, "projected_status": projected_status,
        },
        columns=COLUMNS,
    )  # fmt: skip
