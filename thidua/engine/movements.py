"""The emulation movements' results: how the targets that measure each movement fared.

A movement is measured by the plan's statements it names (an indicator, or a clause of parts counted once,
as the plan counts it: ``thidua.engine.summary.statements``); its counts are those of the summary line.
"""

from __future__ import annotations

import pandas as pd

from thidua.engine.achievement import STATUSES


def movement_counts(statements: pd.DataFrame, movements: pd.DataFrame) -> pd.DataFrame:
    """One row per movement (in plan order, indexed by its id): the count of each status and ``total``.

    ``statements`` are one unit's results for one period as the plan counts them; a movement naming no
    target has a total of 0 (what it achieved is for people to write).
    """
    if movements.empty:
        return pd.DataFrame(columns=[*STATUSES, "total"], dtype="int64")
    named = movements[["id", "targets"]].explode("targets").dropna(subset=["targets"])
    joined = named.merge(statements[["indicator_id", "status"]], left_on="targets", right_on="indicator_id")
    counts = pd.crosstab(joined["id"], joined["status"].astype(pd.CategoricalDtype(STATUSES)), dropna=False)
    counts = counts.reindex(index=movements["id"], columns=STATUSES, fill_value=0)
    counts.columns = list(STATUSES)
    counts["total"] = counts[STATUSES].sum(axis=1)
    return counts
