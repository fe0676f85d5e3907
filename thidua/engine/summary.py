"""Counting statuses and the statements a plan makes (its summary line is worded by thidua.reports.sentences)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from thidua.engine.achievement import STATUSES


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


def every_part(results: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Status of each 'decrease in every part' clause, with its group and number of parts.

    A part that did not fall fails the clause whatever the others (even with no data); otherwise no
    data in any part gives no data; otherwise the clause is met.
    """
    parts = targets.dropna(subset=["part_of"])[["indicator_id", "set_by", "part_of"]]
    joined = results.merge(parts, on=["indicator_id", "set_by"])
    columns = ["unit", "period", "part_of", "group", "status", "parts"]
    if joined.empty:
        return pd.DataFrame(columns=columns)
    joined = joined.assign(_failed=joined["status"].eq("not_met"), _missing=joined["status"].eq("no_data"))
    out = joined.groupby(["unit", "period", "part_of"], observed=True, sort=False).agg(
        group=("group", "first"), _failed=("_failed", "any"), _missing=("_missing", "any"),
        parts=("indicator_id", "size"),
    )  # fmt: skip
    status = np.where(out["_failed"], "not_met", np.where(out["_missing"], "no_data", "met"))
    out["status"] = pd.Categorical(status, categories=STATUSES)
    return out.reset_index()[columns]


def statements(results: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """The results as the plan counts its targets: each clause once (its verdict), other targets as they are.

    Columns ``unit, period, indicator_id, group, status``; a clause's id is its ``part_of`` name.
    """
    clauses = every_part(results, targets).rename(columns={"part_of": "indicator_id"})
    in_clause = results["indicator_id"].isin(targets.dropna(subset=["part_of"])["indicator_id"])
    columns = ["unit", "period", "indicator_id", "group", "status"]
    whole = pd.concat([results.loc[~in_clause, columns].astype(object), clauses[columns].astype(object)])
    return whole.assign(status=pd.Categorical(whole["status"], categories=STATUSES)).reset_index(drop=True)


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
