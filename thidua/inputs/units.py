"""Administrative units and their hierarchy: hamlet (thôn) → commune (xã) → district or town → province."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, ClassVar, Literal

import pandas as pd

from thidua.errors import shown
from thidua.inputs.ids import nfc
from thidua.inputs.levels import RANK, UNIT_LEVELS
from thidua.inputs.schema import REQUIRED_TEXT, Rule, Schema, convert, say
from thidua.inputs.yamlfile import read_yaml


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
        for _ in UNIT_LEVELS:
            at_level = current.map(unit_level) == level
            current = current.where(at_level | current.isna(), current.map(parent))
        return current.where(current.map(unit_level) == level)

    def children(self, parent: str) -> list[str]:
        """Ids of the units directly under ``parent``."""
        return self.table.loc[self.table["parent"] == parent, "id"].tolist()


class Unit(Schema):
    """One unit: its id, name, level and the unit it belongs to."""

    place: ClassVar = ("unit '{id}'", "unit #{n}")
    id: Annotated[str, REQUIRED_TEXT]
    name: Annotated[str, REQUIRED_TEXT]
    level: Literal[UNIT_LEVELS]
    parent: str | None = None


class UnitsFile(Schema):
    """A units file: its status and the ``units:`` list."""

    shape: ClassVar = "needs a 'units:' list"
    units: Annotated[list[Unit], say(missing="needs a 'units:' list", error="needs a 'units:' list")]
    status: Literal["official", "sample"] = "official"

    def __post_init__(self) -> None:
        """Ids are unique; a parent is a known unit, larger than its child."""
        rank = {}
        for i, unit in enumerate(self.units):
            if unit.id in rank:
                raise Rule("is used twice", "id", ("units", i))
            rank[unit.id] = RANK[unit.level]
        for i, unit in enumerate(self.units):
            if unit.parent is not None and unit.parent not in rank:
                raise Rule(f"names unknown unit {shown(unit.parent)}", "parent", ("units", i))
            if unit.parent is not None and rank[unit.parent] <= rank[unit.id]:
                raise Rule("must be a larger unit than its child", "parent", ("units", i))


def _composed(raw: object) -> object:
    """The file's content with each unit's id and parent in NFC, so ids differing only in Unicode form are one."""
    if isinstance(raw, dict) and isinstance(raw.get("units"), list):
        for unit in raw["units"]:
            for key in ("id", "parent"):
                if isinstance(unit, dict) and isinstance(unit.get(key), str):
                    unit[key] = nfc(unit[key])
    return raw


def load_units(path: str | Path) -> Units:
    """Read and check a units file (YAML with a ``units:`` list); errors name the unit and field."""
    path = Path(path)
    raw = _composed(read_yaml(path))
    checked = convert(raw, UnitsFile, path)
    table = pd.DataFrame(raw["units"]).reindex(columns=["id", "name", "level", "parent"])
    return Units(table=table, status=checked.status)
