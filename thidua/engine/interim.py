"""The interim review (sơ kết 6 tháng / 9 tháng): where each target stands against the annual plan.

An interim review never gives a year-end verdict (docs/domain.md §5.9). A flow (money, tonnes, production
value: it accumulates through the year) has its % of the annual plan; one at or past its annual plan has
reached it ("đã đạt / đã vượt kế hoạch năm"). Whether a flow is on track needs the share of the year that
should be done by now: last year's profile B_ytd / B_year when both figures are given, else a share the plan
declares (``expected_share``). Then it is on track when A_ytd ≥ T · share, and its year-end projection is
A_ytd / share. A level (a rate, a share, yes/no) already at its target has reached it; anything else is told
at the year's end, and the review says why it is not judged now.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from thidua.engine.achievement import REACHED
from thidua.inputs.measures import MEASURES
from thidua.inputs.periods import Period, parse_period

FLOW_KINDS = frozenset({"at_least", "growth"})  # kinds whose year target a flow builds up to
LEVEL_KINDS = frozenset({"at_least", "at_most", "below", "range", "share", "yes_no"})  # a level judged as it stands
# Where a target stands, best first; a clause of several parts takes its parts' first in WORST_FIRST.
PROGRESS = ["past_year_plan", "reached", "on_track", "behind", "not_judged", "no_data"]
WORST_FIRST = ["behind", "no_data", "not_judged", "on_track", "reached", "past_year_plan"]
# Why a target with a figure is not judged now: a flow lacking last year's same months, its whole year, or both
# (no share expected by now); anything told at the year's end.
REASONS = ["", "no_same_period", "no_whole_year", "no_last_year", "year_end"]
SHARE_SOURCES = ["", "last_year", "plan"]  # where the share expected by now comes from
COLUMNS = [
    "indicator_id", "flow", "actual", "baseline", "change_vs_baseline", "year_baseline", "year_target",
    "pct_of_year_plan", "expected_share", "share_source", "expected_by_now", "projected_year", "progress", "reason",
]  # fmt: skip
_EPS = 1e-9


def latest_ytd(periods: pd.Series, year: int) -> Period:
    """The longest year-to-date period of ``year`` in the data (e.g. 2023-9T before 2023-6T)."""
    parsed = [parse_period(p) for p in pd.unique(periods)]
    ytd = [p for p in parsed if p.year == year and p.first_month == 1 and not p.is_year]
    if not ytd:
        raise ValueError(f"no year-to-date period of {year} in the figures")
    return max(ytd, key=lambda p: p.months)


def progress(
    results: pd.DataFrame, year_values: pd.DataFrame, baseline_year: str, declared: float = np.nan
) -> pd.DataFrame:
    """Where each target of a year-to-date assessment stands against the annual plan (one row per row of ``results``).

    ``results`` is the assessment of the year-to-date period against the same period last year (baseline
    NaN where it was not given); ``year_values`` the long figures holding last year's whole-year values
    (may be empty); ``declared`` the share of the year's plan expected by now as the plan declares it
    (0–1, NaN when it declares none).
    """
    last_year = year_values[year_values["period"] == baseline_year]
    b_year = (
        results[["unit", "indicator_id"]]
        .merge(last_year[["unit", "indicator_id", "value"]], on=["unit", "indicator_id"], how="left")["value"]
        .to_numpy(dtype=float)
    )
    a, b = results["actual"].to_numpy(dtype=float), results["baseline"].to_numpy(dtype=float)
    low, kind = results["target_low"].to_numpy(dtype=float), results["kind"].to_numpy()
    flow_measures = [name for name, spec in MEASURES.items() if spec.flow]
    flow = np.isin(kind, list(FLOW_KINDS)) & results["measure"].isin(flow_measures).to_numpy()
    year_target = np.where(flow, np.where(kind == "growth", b_year * (1 + low / 100.0), low), np.nan)
    profile = flow & (b_year > 0) & np.isfinite(b)
    share = np.where(profile, b / np.where(profile, b_year, 1.0), np.where(flow, declared, np.nan))
    source = np.where(profile, 1, np.where(flow & np.isfinite(share), 2, 0))
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = year_target * share
        projected = np.where(share > 0, a / share, np.nan)
        pct_year = np.where(year_target > 0, a / year_target * 100.0, np.nan)
    has_figure = np.isfinite(a) | np.isfinite(results["compared"].to_numpy(dtype=float))
    code = _progress_codes(results, flow, has_figure, a, pct_year, expected)
    lacking = np.where(np.isfinite(b), 2, np.where(np.isfinite(b_year), 1, 3))  # what last year's profile lacks
    reason = np.where(code == PROGRESS.index("not_judged"), np.where(flow & ~np.isfinite(share), lacking, 4), 0)
    return pd.DataFrame(
        {
            "indicator_id": results["indicator_id"].to_numpy(), "flow": flow, "actual": a, "baseline": b,
            "change_vs_baseline": results["change_vs_baseline"].to_numpy(), "year_baseline": b_year,
            "year_target": year_target, "pct_of_year_plan": pct_year, "expected_share": share,
            "share_source": pd.Categorical.from_codes(source, categories=SHARE_SOURCES),
            "expected_by_now": expected, "projected_year": np.where(flow, projected, np.nan),
            "progress": pd.Categorical.from_codes(code, categories=PROGRESS),
            "reason": pd.Categorical.from_codes(reason, categories=REASONS),
        },
        columns=COLUMNS,
    )  # fmt: skip


def _progress_codes(
    results: pd.DataFrame,
    flow: np.ndarray,
    has_figure: np.ndarray,
    a: np.ndarray,
    pct: np.ndarray,
    expected: np.ndarray,
) -> np.ndarray:
    """Each row's code in PROGRESS: a flow by its % of the year plan and pace, a level by its status as it stands."""
    level = ~flow & results["kind"].isin(LEVEL_KINDS).to_numpy()
    at_target = results["status"].isin(REACHED).to_numpy()
    known_pace = flow & np.isfinite(a) & np.isfinite(expected)
    return np.select(
        [
            ~has_figure,
            flow & (pct > 100.0 + _EPS),
            (flow & (pct >= 100.0 - _EPS)) | (level & at_target),
            known_pace & (a >= expected - _EPS * np.maximum(1.0, np.abs(np.nan_to_num(expected)))),
            known_pace,
        ],
        [PROGRESS.index(p) for p in ("no_data", "past_year_plan", "reached", "on_track", "behind")],
        default=PROGRESS.index("not_judged"),
    ).astype(np.int8)


def clause_progress(codes: pd.Series, statement: pd.Series) -> pd.Series:
    """One progress word per clause (statement) of the plan: a clause of parts takes the worst of its parts."""
    rank = codes.astype(str).map({p: i for i, p in enumerate(WORST_FIRST)})
    worst = rank.groupby(statement.to_numpy(), sort=False).min()
    return worst.map(dict(enumerate(WORST_FIRST)))
