"""Counting statuses and writing the summary line officials put at the top of a review."""

from __future__ import annotations

import numpy as np
import pandas as pd

from thidua.achievement import STATUS_LABELS, STATUSES

_WORD = {"vi": "chỉ tiêu", "en": "targets"}


def count_statuses(results: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """Count targets per status (columns ``exceeded … no_data`` and ``total``) for each group of ``by``."""
    by = by or ["unit", "period"]
    counts = pd.crosstab(
        [results[c] for c in by], results["status"].astype(pd.CategoricalDtype(STATUSES)), dropna=False
    )
    counts = counts.reindex(columns=STATUSES, fill_value=0)
    counts.columns = list(STATUSES)
    counts["total"] = counts[STATUSES].sum(axis=1)
    return counts


def summary_sentence(counts: pd.Series, lang: str = "vi") -> str:
    """The summary line, e.g. '35 chỉ tiêu: 8 vượt, 23 đạt, 3 không đạt, 1 chưa có số liệu'."""
    labels = STATUS_LABELS[lang]
    parts = [f"{int(counts[s])} {labels[s]}" for s in STATUSES if counts[s]]
    return f"{int(counts['total'])} {_WORD[lang]}: " + ", ".join(parts)


def every_part(results: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Status of each 'decrease in every part' clause: met only if every part fell.

    No data in any part gives no data; otherwise a single part that did not fall fails the clause.
    """
    parts = targets.dropna(subset=["part_of"])[["indicator_id", "set_by", "part_of"]]
    joined = results.merge(parts, on=["indicator_id", "set_by"])
    if joined.empty:
        return pd.DataFrame(columns=["unit", "period", "part_of", "status", "parts"])
    rank = joined["status"].cat.codes.to_numpy()  # exceeded < met < not_met < no_data
    joined = joined.assign(_rank=rank)
    out = joined.groupby(["unit", "period", "part_of"], observed=True).agg(
        _rank=("_rank", "max"), parts=("indicator_id", "size")
    )
    out["status"] = pd.Categorical(np.asarray(STATUSES)[out["_rank"].to_numpy()], categories=STATUSES)
    return out.drop(columns="_rank").reset_index()[["unit", "period", "part_of", "status", "parts"]]


def shortfall(results: pd.DataFrame) -> pd.Series:
    """How far each not-met target fell short, in the units of its compared value (0 where met).

    at least / range / growth / reduction: the lower bound minus the compared value; at most / below:
    the compared value minus the bound; a tolerance share: the distance outside the band; decrease:
    the rise over last year (0 when the part merely stayed level).
    """
    x, low, high = results["compared"], results["target_low"], results["target_high"]
    lower_better = results["kind"].isin(["at_most", "below"]) | (results["kind"].eq("share") & low.isna())
    gap = np.where(
        results["kind"].eq("decrease"),
        (results["actual"] - results["baseline"]).clip(lower=0),
        np.where(lower_better, x - high, np.fmax(low - x, x - high)),
    )
    return pd.Series(np.where(results["status"].eq("not_met"), gap, 0.0), index=results.index)
