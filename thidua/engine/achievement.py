"""The achievement engine: assess every target of a plan for many units and periods at once.

Rules and formulas are those of docs/domain.md §4 'Target kinds' and §5 'Formulas with worked
examples' (A actual, B baseline, T or [L, U] target). The engine is vectorized: the plan's targets are
laid over a grid of unit × period rows with numpy, and every status, ratio and class is computed
column-wise, never row by row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from thidua.errors import InputError, shown
from thidua.inputs.kinds import KINDS, NEEDS_BASELINE

STATUSES = ["exceeded", "met", "not_met", "no_data"]  # the four verdicts, best first
REACHED = ("exceeded", "met")  # the target is reached: "đạt và vượt"
UNREACHED = ("not_met", "no_data")  # the rest: not reached, or not known
PROGRESS_CLASSES = ["on_track", "moderate", "limited", "deterioration"]
# Open SDG's thresholds for R = (A − B) / (T − B), reduced to a one-year horizon (docs/domain.md §5.4).
ON_TRACK, MODERATE = 0.95, 0.6

OBSERVATION_COLUMNS = ["unit", "period", "indicator_id", "actual", "baseline"]
FIGURE_COLUMNS = ["actual", "baseline"]
PART_COLUMNS = ["numerator", "denominator"]  # optional: a rate's parts, carried through for reports
# Optional: a value as published: a growth rate in % or a fall in points (the compared value of a growth or
# reduction target whose levels are not known), or another target's change on last year (shown, never judged).
PUBLISHED_COLUMN = "published"
# Optional: how many decimals the actual, last year's figure and the published value were written with (7,61 → 2).
DECIMAL_COLUMNS = ["decimals", "baseline_decimals", "published_decimals"]
RESULT_COLUMNS = [
    "unit", "period", "indicator_id", "set_by", "group", "clause", "kind", "measure", "unit_of_measure",
    "actual", "numerator", "denominator", "baseline", "target", "target_low", "target_high", "compared", "status",
    "pct_of_plan", "change_vs_baseline", "change_points", "progress_ratio", "progress_class", "note",
    *DECIMAL_COLUMNS,
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


EXCEEDED, MET, NOT_MET, NO_DATA = range(4)  # status codes, in the order of STATUSES
# Why a target has no verdict or a special one; "not_comparable": last year's figure could not be formed from the
# predecessors of a merged or split unit (thidua.engine.succession), which the review sets after the assessment.
NOTES = ["", "no_actual", "no_baseline", "baseline_zero", "baseline_meets_target", "not_comparable"]
_TARGET_TEXT = ["indicator_id", "set_by", "group", "clause", "kind", "measure", "unit_of_measure"]


def assess(targets: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """Assess every target for every (unit, period) present in ``observations``.

    ``targets`` is ``Plan.targets``; ``observations`` has the columns ``unit, period,
    indicator_id, actual, baseline`` (baseline = the same unit's figure a year earlier) and
    optionally a rate's ``numerator, denominator``, a ``published`` value as the statistics office
    prints it (a growth rate or a fall in points: the compared value of a growth or reduction target
    whose levels are not known; for another target its change on last year, in % or for a rate in
    points, shown but never judged) and ``DECIMAL_COLUMNS``. An indicator without a row is assessed as
    no data. Returns one row per unit × period × target with the columns ``RESULT_COLUMNS``; text
    columns are categorical (one copy of each distinct string, whatever the number of rows).
    """
    missing = [c for c in OBSERVATION_COLUMNS if c not in observations.columns]
    if missing:
        raise InputError(f"observations lack column(s) {', '.join(missing)}", field=missing[0])
    optional = (*FIGURE_COLUMNS, *PART_COLUMNS, PUBLISHED_COLUMN, *DECIMAL_COLUMNS)
    scattered = [c for c in optional if c in observations.columns]
    grid, figures = _grid(targets, observations, scattered)
    t = grid["t"]
    per_target = _target_rules(targets)
    a, b = figures["actual"], figures["baseline"]
    frame = pd.DataFrame(
        {
            "unit": grid["unit"],
            "period": grid["period"],
            **{col: _categorical(targets[col], t) for col in _TARGET_TEXT},
            "actual": a,
            "numerator": figures.get("numerator", np.full(len(t), np.nan)),
            "denominator": figures.get("denominator", np.full(len(t), np.nan)),
            "baseline": b,
            "target": targets["target"].to_numpy(dtype=float)[t],
            "target_low": per_target["low"][t],
            "target_high": per_target["high"][t],
        }
    )
    published = figures.get(PUBLISHED_COLUMN, np.full(len(t), np.nan))
    cols = _evaluate({k: v[t] for k, v in per_target.items()}, a, b, published)
    frame["compared"] = cols["compared"]
    frame["status"] = pd.Categorical.from_codes(cols["status"], categories=STATUSES)
    for name in ("pct_of_plan", "change_vs_baseline", "change_points", "progress_ratio"):
        frame[name] = cols[name]
    frame["progress_class"] = pd.Categorical.from_codes(cols["progress_class"], categories=PROGRESS_CLASSES)
    frame["note"] = pd.Categorical.from_codes(cols["note"], categories=NOTES)
    for name in DECIMAL_COLUMNS:
        frame[name] = figures.get(name, np.full(len(t), np.nan))
    return frame[RESULT_COLUMNS]


def _categorical(values: pd.Series, t: np.ndarray) -> pd.Categorical:
    """A per-target text column spread over the grid without copying strings."""
    codes, uniques = pd.factorize(values)
    return pd.Categorical.from_codes(codes[t], categories=uniques)


def _target_rules(targets: pd.DataFrame) -> dict[str, np.ndarray]:
    """Everything the rules need, computed once per target (tens of rows), then spread by index."""
    kind = targets["kind"].to_numpy()
    low, high = targets["low"].to_numpy(dtype=float), targets["high"].to_numpy(dtype=float)
    direction = targets["direction"].to_numpy()
    tolerance = direction == "both"  # a band (a share within T ± tolerance, or within [min, max]): no "exceeded"
    has_high = ~np.isnan(high)
    # A 100 % rate, or a range whose top is 100 %, cannot be exceeded.
    capped = (
        (targets["measure"].to_numpy() == "rate")
        & np.isin(kind, ["at_least", "range"])
        & (np.where(has_high, high, low) >= 100.0)
    )
    spec_exceed = np.array([KINDS[k].can_exceed for k in kind], dtype=bool)
    rules = {f"is_{k}": kind == k for k in KINDS}
    rules.update(
        low=low, high=high, has_high=has_high, has_low=~np.isnan(low), tolerance=tolerance,
        lower=direction == "lower",
        is_rate=targets["measure"].to_numpy() == "rate",
        # The indicator has a reduction target: its published value is a fall, so its change is minus that.
        published_fall=targets["indicator_id"].isin(targets.loc[kind == "reduction_points", "indicator_id"]).to_numpy(),
        needs_baseline=np.isin(kind, list(NEEDS_BASELINE)),
        can_exceed=spec_exceed & ~capped & ~tolerance,
    )  # fmt: skip
    return rules


def _grid(
    targets: pd.DataFrame, obs: pd.DataFrame, columns: list[str]
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Lay targets over every (unit, period) pair and scatter the observed ``columns`` into place."""
    indicators = pd.Index(pd.unique(targets["indicator_id"]))
    ind_code = indicators.get_indexer(obs["indicator_id"])
    if (ind_code < 0).any():
        unknown = obs.loc[ind_code < 0, "indicator_id"].iloc[0]
        raise InputError(f"indicator {shown(unknown)} is not in the plan", field="indicator_id")
    unit_code, units = pd.factorize(obs["unit"])
    period_code, periods = pd.factorize(obs["period"])
    pair_code, pair_first = pd.factorize(unit_code.astype(np.int64) * len(periods) + period_code)
    n_ind, n_pairs, n_t = len(indicators), len(pair_first), len(targets)
    slot = pair_code.astype(np.int64) * n_ind + ind_code
    counts = np.bincount(slot, minlength=n_pairs * n_ind)
    if counts.max(initial=0) > 1:
        dup = obs.iloc[int(np.flatnonzero(counts[slot] > 1)[0])]
        raise InputError(
            f"two rows for unit {shown(dup['unit'])}, period {shown(dup['period'])},"
            f" indicator {shown(dup['indicator_id'])}",
            field="indicator_id",
        )
    t_ind = indicators.get_indexer(targets["indicator_id"])
    p = np.repeat(np.arange(n_pairs), n_t)
    t = np.tile(np.arange(n_t), n_pairs)
    take = p * n_ind + t_ind[t]
    grid = {
        "t": t,
        "unit": pd.Categorical.from_codes((pair_first // len(periods))[p], categories=units),
        "period": pd.Categorical.from_codes((pair_first % len(periods))[p], categories=periods),
    }
    figures = {}
    for col in columns:
        full = np.full(n_pairs * n_ind, np.nan)
        full[slot] = pd.to_numeric(obs[col], errors="raise").to_numpy(dtype="float64", na_value=np.nan)
        figures[col] = full[take]
    return grid, figures


def _evaluate(r: dict[str, np.ndarray], a: np.ndarray, b: np.ndarray, p: np.ndarray) -> dict[str, np.ndarray]:
    """Compute compared value, status, % of plan, changes and progress, column-wise on the grid.

    ``p`` is the published value (NaN where none): it stands for the growth rate or the fall in points
    when the levels A and B are not known; for any other target it is the change on last year (in %, or
    in points for a rate), which fills the change columns and never the compared value.
    """
    low = r["low"]
    base_ok = np.isfinite(b)
    nonzero_b = base_ok & (b != 0)
    has_p = np.isfinite(p) & (r["is_growth"] | r["is_reduction_points"])
    shown_p = np.isfinite(p) & ~has_p  # a level target's published change: shown beside the figure, not judged
    change_p = np.where(r["published_fall"], -p, p)  # the change as a rise: a reduction's published value is its fall
    with np.errstate(divide="ignore", invalid="ignore"):
        rel_change = np.where(nonzero_b, (a - b) / np.where(nonzero_b, b, 1.0) * 100.0, np.nan)
    rel_change = np.where(has_p & r["is_growth"], p, rel_change)
    rel_change = np.where(shown_p & ~r["is_rate"], change_p, rel_change)
    compared = np.where(r["is_growth"], rel_change, np.where(r["is_reduction_points"], b - a, a))
    compared = np.where(has_p, p, compared)
    no_actual = np.isnan(a) & ~has_p
    no_baseline = r["needs_baseline"] & ~base_ok & ~has_p
    baseline_zero = r["is_growth"] & base_ok & ~nonzero_b & ~has_p
    no_data = no_actual | no_baseline | baseline_zero
    status = np.where(no_data, NO_DATA, _status(r, compared, a, b)).astype(np.int8)
    numeric = ~r["is_yes_no"]
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(r["is_at_least"] & (low > 0) & ~no_data, a / low * 100.0, np.nan)
    ratio, klass, special = _progress(r, a, b, compared, status)
    note = np.select([no_actual, no_baseline, baseline_zero, special], [1, 2, 3, 4], default=0).astype(np.int8)
    return {
        "compared": np.where(no_data, np.nan, compared),
        "status": status,
        "pct_of_plan": pct,
        "change_vs_baseline": np.where(numeric, rel_change, np.nan),
        "change_points": np.select(
            [has_p & r["is_reduction_points"], shown_p & r["is_rate"], numeric], [-p, change_p, a - b], np.nan
        ),
        "progress_ratio": np.where(no_data, np.nan, ratio),
        "progress_class": np.where(no_data, -1, klass).astype(np.int8),
        "note": note,
    }


def _status(r: dict[str, np.ndarray], x: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Status codes from the compared value x and the bounds, before no-data is applied."""
    low, high, can_exceed = r["low"], r["high"], r["can_exceed"]
    # Higher is better: below L fails; above U (or above T when there is no U) exceeds.
    hi_fail = _lt(x, low) | (r["tolerance"] & _gt(x, high))
    hi_exceed = np.where(r["has_high"], _gt(x, high), _gt(x, low))
    hi_status = np.where(hi_fail, NOT_MET, np.where(hi_exceed & can_exceed, EXCEEDED, MET))
    # Lower is better: at most T fails above T; below T fails at or above T.
    below_high = _lt(x, high)
    lo_fail = np.where(r["is_below"], ~below_high, _gt(x, high))
    lo_exceed = np.where(r["has_low"], _lt(x, low), below_high)  # a range: below its bottom is better still
    lo_status = np.where(lo_fail, NOT_MET, np.where(lo_exceed & can_exceed, EXCEEDED, MET))
    # Decrease: the part fell, or it stayed at zero (nothing left to reduce).
    fell = _lt(a, b) | ((a == 0) & (b == 0))
    dec_status = np.where(fell, MET, NOT_MET)
    return np.where(r["is_decrease"], dec_status, np.where(r["lower"], lo_status, hi_status))


def _progress(
    r: dict[str, np.ndarray], a: np.ndarray, b: np.ndarray, x: np.ndarray, status: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Progress ratio R = (A − B) / (T − B) and its class code.

    Growth and reduction targets are measured in their compared value x (from 0 last year to the
    target's lower bound), which is the same R and needs no levels when x is published. When the
    baseline already meets the target (T = B included), R is undefined: the class is then on track
    if the target is still met, deterioration if it is no longer met.
    """
    low, high = r["low"], r["high"]
    in_x = r["is_growth"] | r["is_reduction_points"]
    no_t = r["is_decrease"] | r["is_yes_no"] | r["tolerance"]
    value, base = np.where(in_x, x, a), np.where(in_x, 0.0, b)
    target = np.select([in_x, no_t, r["lower"]], [low, np.nan, high], default=low)
    gap = target - base
    defined = np.isfinite(gap) & np.isfinite(value)
    special = defined & np.where(r["lower"], gap >= -_eps(base), gap <= _eps(base)) & (status != NO_DATA)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(defined & ~special, (value - base) / np.where(special | ~defined, 1.0, gap), np.nan)
    fin = np.isfinite(ratio)
    klass = np.select(  # thresholds with the same tolerance as the bounds; NaN gives -1 (none)
        [fin & ~_lt(ratio, ON_TRACK), fin & ~_lt(ratio, MODERATE), fin & ~_lt(ratio, 0.0), fin],
        [0, 1, 2, 3],
        default=-1,
    )
    good = (status == MET) | (status == EXCEEDED)
    klass = np.where(special, np.where(good, 0, 3), klass)
    return ratio, klass, special
