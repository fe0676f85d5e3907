"""Counting statuses and writing the summary line officials put at the top of a review."""

from __future__ import annotations

import numpy as np
import pandas as pd

from thidua.achievement import STATUSES
from thidua.i18n import words


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


def summary_sentence(counts: pd.Series, lang: str = "vi", estimate: bool = False) -> str:
    """The summary line as offices count: met including exceeded, 'trong đó' the exceeded, then the rest.

    '29/33 chỉ tiêu đạt và vượt kế hoạch (trong đó 8 chỉ tiêu vượt), 3 chỉ tiêu không đạt, 1 chỉ tiêu
    chưa có số liệu'; a zero count is left out.
    """
    t = words(lang)
    exceeded, not_met, no_data, total = (int(counts[k]) for k in ("exceeded", "not_met", "no_data", "total"))
    good = exceeded + int(counts["met"])
    line = t.ngettext(
        "{good} of {total} target met or exceeded", "{good} of {total} targets met or exceeded", total
    ).format(good=good, total=total)
    if exceeded:
        line += t.gettext(" ({n} of them exceeded)").format(n=exceeded)
    if not_met:
        line += t.gettext(", {n} not met").format(n=not_met)
    if no_data:
        line += t.gettext(", {n} with no data").format(n=no_data)
    return t.gettext("Estimate: {line}").format(line=line) if estimate else line


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
