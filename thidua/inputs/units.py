"""Administrative units, their hierarchy and their history.

Hamlet (thôn) → commune (xã, phường, đặc khu) → district or town → province; since 1 July 2025 a commune
belongs to its province directly. A unit may carry its official code and the dates it existed; a unit formed
by merging others names them as its predecessors (all of each), a unit formed from part of another names the
share it took (by population or another declared weight). Figures of last year are then formed from the
predecessors' (``thidua.engine.succession``), and the review says how.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
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

    table: pd.DataFrame  # id, name, level, parent, code, since, until
    status: str = "official"
    # unit, predecessor, share (1 for all of it), basis: what each unit was formed from
    predecessors: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["unit", "predecessor", "share", "basis"])
    )

    def formed_from(self, unit: str) -> pd.DataFrame:
        """The units ``unit`` was formed from (``predecessor, share, basis``, with their names); empty when none."""
        rows = self.predecessors[self.predecessors["unit"] == unit]
        return rows.assign(name=rows["predecessor"].map(self.names())).reset_index(drop=True)

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


class Predecessor(Schema):
    """A unit another was formed from: all of it (merged), or a share of it (split) with the weight's basis."""

    place: ClassVar = ("predecessor '{id}'", "predecessor #{n}")
    id: Annotated[str, REQUIRED_TEXT]
    share: Annotated[float, say(gt=0, le=1, error="must be a share above 0 and at most 1, got {value!r}")] | None = None
    basis: Annotated[str, say(max_length=100)] | None = None  # what the share is of: "dân số", "diện tích"


COLUMNS = ("id", "name", "level", "parent", "code", "since", "until")
_CODE = "must be the official code's digits, got {value!r}"


class Unit(Schema):
    """One unit: its id, name, level, the unit it belongs to, and optionally its code, dates and predecessors."""

    place: ClassVar = ("unit '{id}'", "unit #{n}")
    id: Annotated[str, REQUIRED_TEXT]
    name: Annotated[str, REQUIRED_TEXT]
    level: Literal[UNIT_LEVELS]
    parent: str | None = None
    code: (
        Annotated[str, say(pattern=r"^\d{1,10}$", error="must be the official code's digits, got {value!r}")] | None
    ) = None
    since: dt.date | None = None  # the first day it existed
    until: dt.date | None = None  # the last day it existed
    predecessors: Annotated[list[Predecessor], say(max_length=100)] | None = None

    def __post_init__(self) -> None:
        """A unit's dates run forwards; a share names its basis."""
        if self.since is not None and self.until is not None and self.until < self.since:
            raise Rule(f"is {self.until}, before 'since' {self.since}", "until")
        for i, before in enumerate(self.predecessors or []):
            if before.share is not None and not before.basis:
                raise Rule("a share names its basis, e.g. basis: dân số", "basis", ("predecessors", i))


class UnitsFile(Schema):
    """A units file: its status and the ``units:`` list."""

    shape: ClassVar = "needs a 'units:' list"
    units: Annotated[list[Unit], say(missing="needs a 'units:' list", error="needs a 'units:' list")]
    status: Literal["official", "sample"] = "official"

    def __post_init__(self) -> None:
        """Ids are unique; a parent is a known, larger unit; the history holds together (``_check_history``)."""
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
        _check_history(self.units)


def _overlap(a: Unit, b: Unit) -> bool:
    """True when the two units existed on some day together (an open end runs forever)."""
    return (a.since or dt.date.min) <= (b.until or dt.date.max) and (b.since or dt.date.min) <= (a.until or dt.date.max)


def _check_history(units: list[Unit]) -> None:
    """Codes, predecessors and shares hold together.

    A predecessor ends before its successor begins, so no unit can be, through others, its own predecessor.
    """
    by_id = {u.id: (i, u) for i, u in enumerate(units)}
    for i, unit in enumerate(units):
        twin = next((u for u in units[:i] if unit.code and u.code == unit.code and _overlap(u, unit)), None)
        if twin is not None:
            raise Rule(f"{unit.code} is also the code of {shown(twin.id)} while both exist", "code", ("units", i))
        for j, before in enumerate(unit.predecessors or []):
            _check_predecessor(unit, before, by_id, ("units", i, "predecessors", j))
    taken: dict[str, list[float | None]] = {}
    for unit in units:
        for before in unit.predecessors or []:
            taken.setdefault(before.id, []).append(before.share)
    for ident, shares in taken.items():
        at = ("units", by_id[ident][0])
        if len(shares) > 1 and None in shares:
            raise Rule("is split among several units: each must give its share", "predecessors", at)
        if len(shares) > 1 and abs(sum(shares) - 1) > 1e-6:
            raise Rule(f"is split into shares that add up to {sum(shares):g}, not 1", "predecessors", at)


def _check_predecessor(unit: Unit, before: Predecessor, by_id: dict, at: tuple) -> None:
    """A predecessor is another known unit that ended before ``unit`` began."""
    if before.id not in by_id or before.id == unit.id:
        raise Rule(f"names unknown unit {shown(before.id)}", "id", at)
    ended, began = by_id[before.id][1].until, unit.since
    if ended is None or began is None or ended >= began:
        raise Rule(f"{shown(before.id)} must end ('until') before {shown(unit.id)} begins ('since')", "id", at)


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
    table = pd.DataFrame(
        [{col: getattr(u, col) for col in COLUMNS} for u in checked.units], columns=list(COLUMNS)
    ).astype({"since": "object", "until": "object"})
    links = pd.DataFrame(
        [
            (u.id, p.id, p.share if p.share is not None else 1.0, p.basis)
            for u in checked.units
            for p in u.predecessors or []
        ],
        columns=["unit", "predecessor", "share", "basis"],
    )
    return Units(table=table, status=checked.status, predecessors=links)
