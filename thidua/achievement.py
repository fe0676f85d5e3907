"""The achievement engine: assess every target of a plan for many units and periods at once.

Formulas are those of DOMAIN.md (A actual, B baseline, T or [L, U] target). The engine is
vectorized: the plan's targets are laid over a grid of unit × period rows with numpy, and every
status, ratio and class is computed column-wise, never row by row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from thidua.errors import InputError
from thidua.kinds import KINDS, NEEDS_BASELINE

STATUSES = ["exceeded", "met", "not_met", "no_data"]
STATUS_LABELS: dict[str, dict[str, str]] = {
    "vi": {"exceeded": "vượt", "met": "đạt", "not_met": "không đạt", "no_data": "chưa có số liệu"},
    "en": {"exceeded": "exceeded", "met": "met", "not_met": "not met", "no_data": "no data"},
}
PROGRESS_CLASSES = ["on_track", "moderate", "limited", "deterioration"]
PROGRESS_LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "on_track": "đúng tiến độ", "moderate": "tiến triển khá",
        "limited": "tiến triển chậm", "deterioration": "đi xuống",
    },
    "en": {
        "on_track": "on track", "moderate": "moderate progress",
        "limited": "limited progress", "deterioration": "deterioration",
    },
}  # fmt: skip
# Open SDG's thresholds for R = (A − B) / (T − B), reduced to a one-year horizon.
ON_TRACK, MODERATE = 0.95, 0.6

OBSERVATION_COLUMNS = ["unit", "period", "indicator_id", "actual", "baseline"]
FIGURE_COLUMNS = ["actual", "baseline"]
PART_COLUMNS = ["numerator", "denominator"]  # optional: a rate's parts, carried through for reports
RESULT_COLUMNS = [
    "unit", "period", "indicator_id", "set_by", "group", "clause", "kind", "unit_of_measure",
    "actual", "numerator", "denominator", "baseline", "target", "target_low", "target_high", "compared", "status",
    "pct_of_plan", "change_vs_baseline", "change_points", "progress_ratio", "progress_class", "note",
]  # fmt: skip

_REL_EPS = 1e-9  # values this close to a bound count as on it: 110/100 − 1 is not above 10 %.


def _eps(bound: np.ndarray) -> np.ndarray:
    return _REL_EPS * np.maximum(1.0, np.abs(np.nan_to_num(bound)))


def _lt(x: np.ndarray, bound: np.ndarray) -> np.ndarray:
    """X < bound beyond floating-point noise; False where either is NaN."""
    return x < bound - _eps(bound)


def _gt(x: np.ndarray, bound: np.ndarray) -> np.ndarray:
    """X > bound beyond floating-point noise; False where either is NaN."""
    return x > bound + _eps(bound)


def assess(targets: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """Assess every target for every (unit, period) present in ``observations``.

    ``targets`` is ``Plan.targets``; ``observations`` has the columns ``unit, period,
    indicator_id, actual, baseline`` (baseline = the same unit's figure a year earlier).
    An indicator without a row is assessed as no data. Returns one row per unit × period ×
    target with the columns ``RESULT_COLUMNS``.
    """
    missing = [c for c in OBSERVATION_COLUMNS if c not in observations.columns]
    if missing:
        raise InputError(f"observations lack column(s) {', '.join(missing)}", field=missing[0])
    scattered = [c for c in (*FIGURE_COLUMNS, *PART_COLUMNS) if c in observations.columns]
    grid, figures = _grid(targets, observations, scattered)
    actual, baseline = figures["actual"], figures["baseline"]
    t = grid["t"]
    kind = targets["kind"].to_numpy()[t]
    frame = pd.DataFrame(
        {
            "unit": grid["unit"],
            "period": grid["period"],
            "indicator_id": targets["indicator_id"].to_numpy()[t],
            "set_by": targets["set_by"].to_numpy()[t],
            "group": targets["group"].to_numpy()[t],
            "clause": targets["clause"].to_numpy()[t],
            "kind": kind,
            "unit_of_measure": targets["unit_of_measure"].to_numpy()[t],
            "actual": actual,
            "baseline": baseline,
            "target": targets["target"].to_numpy()[t],
            "target_low": targets["low"].to_numpy()[t],
            "target_high": targets["high"].to_numpy()[t],
            **{c: figures.get(c, np.full(len(t), np.nan)) for c in PART_COLUMNS},
        }
    )
    cols = _evaluate(
        kind=kind,
        direction=targets["direction"].to_numpy()[t],
        tolerance=targets["tolerance"].to_numpy()[t],
        unit_of_measure=frame["unit_of_measure"].to_numpy(),
        low=frame["target_low"].to_numpy(),
        high=frame["target_high"].to_numpy(),
        a=actual,
        b=baseline,
    )
    for name, values in cols.items():
        frame[name] = values
    frame["status"] = pd.Categorical(frame["status"], categories=STATUSES)
    frame["progress_class"] = pd.Categorical(frame["progress_class"], categories=PROGRESS_CLASSES)
    return frame[RESULT_COLUMNS]


def _grid(
    targets: pd.DataFrame, obs: pd.DataFrame, columns: list[str]
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Lay targets over every (unit, period) pair and scatter the observed ``columns`` into place."""
    indicators = pd.Index(pd.unique(targets["indicator_id"]))
    ind_code = indicators.get_indexer(obs["indicator_id"])
    if (ind_code < 0).any():
        unknown = obs.loc[ind_code < 0, "indicator_id"].iloc[0]
        raise InputError(f"indicator {unknown!r} is not in the plan", field="indicator_id")
    pair_code, pairs = pd.MultiIndex.from_arrays([obs["unit"], obs["period"]]).factorize()
    n_ind, n_pairs, n_t = len(indicators), len(pairs), len(targets)
    slot = pair_code.astype(np.int64) * n_ind + ind_code
    if len(np.unique(slot)) != len(slot):
        dup = obs[pd.Series(slot).duplicated(keep=False).to_numpy()].iloc[0]
        raise InputError(
            f"two rows for unit {dup['unit']!r}, period {dup['period']!r}, indicator {dup['indicator_id']!r}",
            field="indicator_id",
        )
    t_ind = indicators.get_indexer(targets["indicator_id"])
    p = np.repeat(np.arange(n_pairs), n_t)
    t = np.tile(np.arange(n_t), n_pairs)
    take = p * n_ind + t_ind[t]
    grid = {
        "p": p,
        "t": t,
        "unit": pairs.get_level_values(0).to_numpy()[p],
        "period": pairs.get_level_values(1).to_numpy()[p],
    }
    figures = {}
    for col in columns:
        full = np.full(n_pairs * n_ind, np.nan)
        full[slot] = pd.to_numeric(obs[col], errors="raise").to_numpy(dtype="float64", na_value=np.nan)
        figures[col] = full[take]
    return grid, figures


def _evaluate(
    *,
    kind: np.ndarray,
    direction: np.ndarray,
    tolerance: np.ndarray,
    unit_of_measure: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
) -> dict[str, np.ndarray]:
    """Compute compared value, status, % of plan, changes and progress, column-wise."""
    is_ = {k: kind == k for k in KINDS}
    base_ok = np.isfinite(b)
    nonzero_b = base_ok & (b != 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel_change = np.where(nonzero_b, (a - b) / np.where(nonzero_b, b, 1.0) * 100.0, np.nan)
    compared = np.where(is_["growth"], rel_change, np.where(is_["reduction_points"], b - a, a))

    needs_b = np.isin(kind, list(NEEDS_BASELINE))
    no_data = np.isnan(a) | (needs_b & ~base_ok) | (is_["growth"] & ~nonzero_b)
    status = _status(kind, direction, tolerance, unit_of_measure, low, high, compared, a, b, is_)
    status = np.where(no_data, "no_data", status)

    numeric = ~is_["yes_no"]
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(is_["at_least"] & (low > 0), a / low * 100.0, np.nan)
    ratio, klass, special = _progress(kind, direction, tolerance, low, high, a, b, status)
    note = np.select(
        [np.isnan(a), needs_b & ~base_ok, is_["growth"] & ~nonzero_b, special & ~no_data],
        ["no_actual", "no_baseline", "baseline_zero", "baseline_meets_target"],
        default="",
    )
    return {
        "compared": np.where(no_data, np.nan, compared),
        "status": status,
        "pct_of_plan": np.where(no_data, np.nan, pct),
        "change_vs_baseline": np.where(numeric, rel_change, np.nan),
        "change_points": np.where(numeric, a - b, np.nan),
        "progress_ratio": np.where(no_data, np.nan, ratio),
        "progress_class": np.where(no_data, None, klass),
        "note": note,
    }


def _status(kind, direction, tolerance, unit_of_measure, low, high, x, a, b, is_) -> np.ndarray:  # noqa: ANN001
    """Status from the compared value x and the bounds, before no-data is applied."""
    has_high = ~np.isnan(high)
    lower = direction == "lower"
    tolerance_rule = ~np.isnan(tolerance)
    # A 100 % rate, or a range whose top is 100 %, cannot be exceeded.
    capped = (unit_of_measure == "%") & np.isin(kind, ["at_least", "range"]) & (np.where(has_high, high, low) >= 100.0)
    can_exceed = np.isin(kind, [k for k, s in KINDS.items() if s.can_exceed]) & ~capped & ~tolerance_rule

    # Higher is better: below L fails; above U (or above T when there is no U) exceeds.
    hi_fail = _lt(x, low) | (tolerance_rule & _gt(x, high))
    hi_exceed = np.where(has_high, _gt(x, high), _gt(x, low))
    hi_status = np.where(hi_fail, "not_met", np.where(hi_exceed & can_exceed, "exceeded", "met"))
    # Lower is better: at most T fails above T; below T fails at or above T.
    strict = is_["below"]
    lo_fail = np.where(strict, ~_lt(x, high), _gt(x, high))
    lo_status = np.where(lo_fail, "not_met", np.where(_lt(x, high) & can_exceed, "exceeded", "met"))
    # Decrease: the part fell, or it stayed at zero (nothing left to reduce).
    fell = _lt(a, b) | ((a == 0) & (b == 0))
    dec_status = np.where(fell, "met", "not_met")
    return np.where(is_["decrease"], dec_status, np.where(lower, lo_status, hi_status))


def _progress(kind, direction, tolerance, low, high, a, b, status):  # noqa: ANN001, ANN202
    """Progress ratio R = (A − B) / (T − B) with T mapped to the actual's scale, and its class.

    When the baseline already meets the target (T = B included), R is undefined: the class is
    then on track if the target is still met, deterioration if it is no longer met.
    """
    is_growth, is_red = kind == "growth", kind == "reduction_points"
    with np.errstate(invalid="ignore"):
        t_a = np.select(
            [is_growth, is_red, np.isin(kind, ["decrease", "yes_no"]) | ~np.isnan(tolerance), direction == "lower"],
            [b * (1 + low / 100.0), b - low, np.nan, high],
            default=low,
        )
    a_lower = (direction == "lower") | is_red
    gap = t_a - b
    defined = np.isfinite(gap) & np.isfinite(a)
    special = defined & np.where(a_lower, gap >= -_eps(b), gap <= _eps(b))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(defined & ~special, (a - b) / np.where(special, 1.0, gap), np.nan)
    fin = np.isfinite(ratio)
    klass = np.select(  # thresholds with the same tolerance as the bounds; NaN gives None
        [fin & ~_lt(ratio, ON_TRACK), fin & ~_lt(ratio, MODERATE), fin & ~_lt(ratio, 0.0), fin],
        ["on_track", "moderate", "limited", "deterioration"],
        default=None,
    )
    good = np.isin(status, ["met", "exceeded"])
    klass = np.where(special, np.where(good, "on_track", "deterioration"), klass)
    return ratio, klass, special
