"""Administrative units and their hierarchy: hamlet (thôn) → commune (xã) → town (thị xã) → province."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from thidua.errors import InputError
from thidua.inputs.yamlfile import read_yaml

LEVELS = ["hamlet", "commune", "town", "province"]  # from the smallest up


@dataclass(frozen=True)
class Units:
    """A table of units (``id, name, level, parent``) and the file's status (sample or official)."""

    table: pd.DataFrame
    status: str = "official"

    def names(self) -> pd.Series:
        """Unit id → display name."""
        return self.table.set_index("id")["name"]

    def ancestor(self, ids: pd.Series, level: str) -> pd.Series:
        """Each unit's ancestor at ``level`` (a unit at that level is its own); NaN where there is none."""
        parent = self.table.set_index("id")["parent"]
        unit_level = self.table.set_index("id")["level"]
        current = ids.astype(object)
        for _ in LEVELS:
            at_level = current.map(unit_level) == level
            current = current.where(at_level | current.isna(), current.map(parent))
        return current.where(current.map(unit_level) == level)

    def children(self, parent: str) -> list[str]:
        """Ids of the units directly under ``parent``."""
        return self.table.loc[self.table["parent"] == parent, "id"].tolist()


def load_units(path: str | Path) -> Units:
    """Read and check a units file (YAML with a ``units:`` list); errors name the unit and field."""
    path = Path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("units"), list):
        raise InputError("needs a 'units:' list", file=path, field="units")
    table = pd.DataFrame(raw["units"]).reindex(columns=["id", "name", "level", "parent"])
    _check_table(table, path)
    return Units(table=table, status=str(raw.get("status", "official")))


def _check_table(table: pd.DataFrame, path: Path) -> None:
    for i, row in enumerate(table.itertuples(), start=1):
        where = f"unit #{i} ({row.id!r})"
        if not isinstance(row.id, str) or not isinstance(row.name, str):
            raise InputError("every unit needs an id and a name", file=path, where=where, field="id")
        if row.level not in LEVELS:
            raise InputError(
                f"must be one of {', '.join(LEVELS)}, got {row.level!r}", file=path, where=where, field="level"
            )
    if table["id"].duplicated().any():
        dup = table.loc[table["id"].duplicated(), "id"].iloc[0]
        raise InputError("is used twice", file=path, where=f"unit {dup!r}", field="id")
    levels = table.set_index("id")["level"].map(LEVELS.index)
    parents = table.dropna(subset=["parent"])
    for row in parents.itertuples():
        if row.parent not in levels.index:
            raise InputError(f"names unknown unit {row.parent!r}", file=path, where=f"unit {row.id!r}", field="parent")
        if levels[row.parent] <= levels[row.id]:
            raise InputError(
                "must be a larger unit than its child", file=path, where=f"unit {row.id!r}", field="parent"
            )
