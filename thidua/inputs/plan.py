"""A commune's yearly plan (kế hoạch) as data: load, validate and tabulate its targets.

The file format is documented in docs/plan-format.md. Validation happens on load and every
message names the file, the indicator and the field, so an officer can fix the file alone.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from thidua.errors import InputError
from thidua.inputs.economy_section import Economy, parse_economy
from thidua.inputs.kinds import KINDS
from thidua.inputs.measures import MEASURES, MONEY_SCALES, money_scale
from thidua.inputs.yamlfile import read_yaml

GROUPS = ("kinh_te", "van_hoa_xa_hoi", "quoc_phong_an_ninh")  # their names: thidua.reports.labels.GROUP_NAMES
# Who sets a target: the plan's own level or one above it. Districts are huyện, thị xã (town) or
# thành phố thuộc tỉnh (city); each is its own key so reports can name it as the plan does ("thị xã giao").
SET_BY = ("commune", "district", "town", "city", "province", "central")  # names: thidua.reports.labels.SET_BY_NAMES
LEVEL_RANK: dict[str, int] = {"commune": 0, "district": 1, "town": 1, "city": 1, "province": 2, "central": 3}
PLAN_LEVELS = ("commune", "district", "town", "city", "province")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_META_REQUIRED = ("number", "date", "issuer", "unit_id", "unit_name", "level", "year", "baseline_year")
_META_OPTIONAL = ("title", "parent", "source", "status", "note")
_TARGET_REQUIRED = ("id", "name_vi", "name_en", "group", "clause", "measure", "unit", "targets")
_TARGET_OPTIONAL = ("quote", "note")
# The measure each kind compares, when the kind fixes it.
_KIND_MEASURES = {"yes_no": ("yes_no",), "share": ("rate",), "reduction_points": ("rate",)}
_BOUND_KEYS = {"kind", "set_by", "value", "min", "max", "tolerance", "direction", "part_of"}

TARGET_COLUMNS = [
    "indicator_id", "set_by", "own_level", "name_vi", "name_en", "group", "clause", "measure", "unit_of_measure",
    "kind", "direction", "target", "low", "high", "tolerance", "part_of", "quote", "note",
]  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """A loaded plan: its metadata and one row per target in ``targets``."""

    path: Path
    meta: dict[str, Any]
    targets: pd.DataFrame
    economy: Economy | None = None

    @property
    def year(self) -> int:
        """The plan year, e.g. 2023."""
        return int(self.meta["year"])

    @property
    def baseline_year(self) -> int:
        """The year the plan compares against, e.g. 2022."""
        return int(self.meta["baseline_year"])

    @property
    def is_sample(self) -> bool:
        """True for an illustrative plan (``status: sample``), which reports must say."""
        return self.meta.get("status") == "sample"

    @property
    def indicator_ids(self) -> list[str]:
        """Indicator ids in plan order, each once."""
        return list(dict.fromkeys(self.targets["indicator_id"]))

    @property
    def yes_no_ids(self) -> list[str]:
        """Ids of the indicators answered yes or no (có/không), the only ones a yes/no figure may fill."""
        return list(dict.fromkeys(self.targets.loc[self.targets["measure"] == "yes_no", "indicator_id"]))

    @property
    def input_ids(self) -> list[str]:
        """Ids of entered figures that are not targets but from which targets are derived."""
        return self.economy.input_ids if self.economy else []


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file; raise ``InputError`` naming file, indicator and field."""
    path = Path(path)
    raw = read_yaml(path)
    return parse_plan(raw, path)


def parse_plan(raw: Any, path: str | Path = "<plan>") -> Plan:
    """Validate a plan already read into Python objects (the YAML's structure)."""
    path = Path(path)
    if not isinstance(raw, dict) or "plan" not in raw or "targets" not in raw:
        raise InputError("a plan file needs the two sections 'plan' and 'targets'", file=path)
    _Place(path).known_fields(raw, ("plan", "targets", "economy"))
    meta = _validate_meta(raw["plan"], path)
    if not isinstance(raw["targets"], list) or not raw["targets"]:
        raise InputError("must be a non-empty list of indicators", file=path, field="targets")
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw["targets"], start=1):
        rows.extend(_validate_indicator(entry, i, seen, _Place(path, level=meta["level"])))
    targets = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    for col in ("target", "low", "high", "tolerance"):
        targets[col] = targets[col].astype("float64")
    plan_ids = list(dict.fromkeys(targets["indicator_id"]))
    return Plan(path=path, meta=meta, targets=targets, economy=parse_economy(raw.get("economy"), plan_ids, path))


@dataclass(frozen=True)
class _Place:
    """Where in a plan file a check runs, so every failure names file, place and field."""

    path: Path
    where: str | None = None
    level: str = "commune"  # the plan's own level: the default ``set_by``

    def at(self, where: str) -> _Place:
        """The same file and plan, another place in it."""
        return _Place(self.path, where, self.level)

    def check(self, ok: bool, field: str | None, message: str) -> None:
        if not ok:
            raise InputError(message, file=self.path, where=self.where, field=field)

    def number(self, value: Any, field: str) -> float:
        ok = not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)
        self.check(ok, field, f"must be a number, got {value!r}")
        return float(value)

    def choice(self, value: Any, allowed: Iterable[str], field: str) -> None:
        allowed = list(allowed)
        self.check(value in allowed, field, f"must be one of {', '.join(allowed)}, got {value!r}")

    def known_fields(self, mapping: dict[str, Any], allowed: Iterable[str]) -> None:
        unknown = sorted(set(mapping) - set(allowed))
        self.check(not unknown, unknown[0] if unknown else None, f"unknown field(s): {', '.join(unknown)}")


def _validate_meta(meta: Any, path: Path) -> dict[str, Any]:
    place = _Place(path, "plan")
    place.check(isinstance(meta, dict), None, "must be a mapping of plan details")
    for key in _META_REQUIRED:
        place.check(meta.get(key) not in (None, ""), key, "is required")
    place.known_fields(meta, (*_META_REQUIRED, *_META_OPTIONAL))
    place.choice(meta["level"], PLAN_LEVELS, "level")
    for key in ("year", "baseline_year"):
        ok = isinstance(meta[key], int) and 1900 < meta[key] < 2200
        place.check(ok, key, f"must be a year such as 2023, got {meta[key]!r}")
    place.check(meta["baseline_year"] < meta["year"], "baseline_year", "must be before 'year'")
    place.check(isinstance(meta["date"], dt.date), "date", f"must be a date written YYYY-MM-DD, got {meta['date']!r}")
    place.check(meta.get("status", "official") in ("official", "sample"), "status", "must be official or sample")
    return dict(meta)


def _validate_indicator(entry: Any, i: int, seen: set[str], plan: _Place) -> list[dict[str, Any]]:
    place = plan.at(f"target #{i}")
    place.check(isinstance(entry, dict), None, "must be a mapping")
    ident = entry.get("id")
    if isinstance(ident, str):
        place = plan.at(f"indicator '{ident}'")
    for key in _TARGET_REQUIRED:
        place.check(entry.get(key) not in (None, "", []), key, "is required")
    place.known_fields(entry, (*_TARGET_REQUIRED, *_TARGET_OPTIONAL))
    place.check(
        isinstance(ident, str) and bool(_ID.match(ident)),
        "id",
        f"must be lower-case letters, digits and _, got {ident!r}",
    )
    place.check(ident not in seen, "id", "is used by an earlier indicator")
    seen.add(ident)
    place.choice(entry["group"], GROUPS, "group")
    entry = {**entry, "clause": _clause(entry["clause"], place)}
    _check_measure(entry, place)
    place.check(isinstance(entry["targets"], list), "targets", "must be a list, e.g. [{kind: at_least, value: 95}]")
    rows = [_validate_target(t, entry, place) for t in entry["targets"]]
    set_bys = [r["set_by"] for r in rows]
    place.check(len(set(set_bys)) == len(set_bys), "set_by", "two targets are set by the same level")
    return rows


def _validate_target(t: Any, entry: dict[str, Any], place: _Place) -> dict[str, Any]:
    place.check(isinstance(t, dict), "targets", "each target must be a mapping with a 'kind'")
    place.known_fields(t, _BOUND_KEYS)
    kind = t.get("kind")
    place.choice(kind, KINDS, "kind")
    allowed = _KIND_MEASURES.get(kind, tuple(m for m in MEASURES if m != "yes_no"))
    place.check(entry["measure"] in allowed, "measure", f"a {kind} target measures {' or '.join(allowed)}")
    set_by = t.get("set_by", place.level)
    place.choice(set_by, SET_BY, "set_by")
    above = [k for k, rank in LEVEL_RANK.items() if rank >= LEVEL_RANK[place.level]]
    place.check(set_by in above, "set_by", f"a {place.level}'s plan takes targets set by {', '.join(above)}")
    target, low, high, tolerance = _bounds(t, kind, place)
    place.check(kind == "share" or "direction" not in t, "direction", "only a share target takes a direction")
    place.check(kind == "decrease" or "part_of" not in t, "part_of", "only a decrease target is part of a group")
    return {
        "indicator_id": entry["id"], "set_by": set_by, "own_level": set_by == place.level,
        "name_vi": entry["name_vi"], "name_en": entry["name_en"], "group": entry["group"], "clause": entry["clause"],
        "measure": entry["measure"], "unit_of_measure": str(entry["unit"]), "kind": kind,
        "direction": _direction(t, kind),
        "target": target, "low": low, "high": high, "tolerance": tolerance,
        "part_of": t.get("part_of"), "quote": entry.get("quote"), "note": entry.get("note"),
    }  # fmt: skip


def _bounds(t: dict[str, Any], kind: str, place: _Place) -> tuple[float, float, float, float]:
    """Turn a target's written values into (target, low, high, tolerance); NaN where unused."""
    nan = math.nan
    bounds = KINDS[kind].bounds
    has_value, has_range = "value" in t, "min" in t or "max" in t
    if bounds == "none":
        place.check(not (has_value or has_range), "value", f"a {kind} target takes no value")
        return nan, nan, nan, nan
    if bounds == "bool":
        place.check(t.get("value") is True, "value", "a yes_no target must say value: true")
        return 1.0, 1.0, nan, nan
    place.check(not (has_value and has_range), "value", "give either value or min and max, not both")
    if bounds == "min_max" or (bounds in ("value_or_range", "share") and has_range):
        for key in ("min", "max"):
            place.check(key in t, key, f"a {kind} range needs both min and max")
        low, high = place.number(t["min"], "min"), place.number(t["max"], "max")
        place.check(low <= high, "min", f"min {low:g} is above max {high:g}")
        if kind == "share":
            _share_range(t, low, high, place)
        return nan, low, high, nan
    place.check(has_value, "value", f"a {kind} target needs a value")
    value = place.number(t["value"], "value")
    if kind == "share":
        return _share_bounds(t, value, place)
    if KINDS[kind].direction == "lower":
        return value, nan, value, nan
    return value, value, nan, nan


def _direction(t: dict[str, Any], kind: str) -> str:
    """Which way is better: the kind's, or for a share its stated direction, else both ways (a band)."""
    if kind == "share":
        return t.get("direction", "both")
    return KINDS[kind].direction


def _share_range(t: dict[str, Any], low: float, high: float, place: _Place) -> None:
    place.check(low >= 0 and high <= 100, "max", f"a share must lie between 0 and 100, got {low:g}–{high:g}")
    place.check("tolerance" not in t, "tolerance", "a share range takes no tolerance: min and max are the band")
    if "direction" in t:
        place.choice(t["direction"], ("higher", "lower"), "direction")


def _clause(clause: Any, place: _Place) -> str:
    """The clause label as the plan writes it (``1``, ``1.a``, ``Mục II``): text, never a number that lost digits."""
    if isinstance(clause, int) and not isinstance(clause, bool):
        return str(clause)
    place.check(
        isinstance(clause, str) and clause.strip() != "",
        "clause",
        f"must be the clause's label as text; write decimals in quotes, e.g. clause: '2.10', got {clause!r}",
    )
    return clause.strip()


def _check_measure(entry: dict[str, Any], place: _Place) -> None:
    """The declared measure is known and a money measure names its scale in the unit."""
    measure = entry["measure"]
    place.choice(measure, MEASURES, "measure")
    place.check(isinstance(entry["unit"], (str, int, float)), "unit", "must be text, e.g. tấn or '%'")
    if MEASURES[measure].money:
        place.check(
            money_scale(str(entry["unit"])) is not None,
            "unit",
            f"money is written in {', '.join(MONEY_SCALES)} (optionally followed by /người/năm…),"
            f" got {entry['unit']!r}",
        )


def _share_bounds(t: dict[str, Any], value: float, place: _Place) -> tuple[float, float, float, float]:
    place.check(0 <= value <= 100, "value", f"a share must lie between 0 and 100, got {value:g}")
    rule_ok = ("tolerance" in t) != ("direction" in t)
    place.check(rule_ok, "tolerance", "a share target states its rule: a tolerance or a direction (higher/lower)")
    if "tolerance" in t:
        tol = place.number(t["tolerance"], "tolerance")
        place.check(tol >= 0, "tolerance", "must not be negative")
        return value, value - tol, value + tol, tol
    place.choice(t["direction"], ("higher", "lower"), "direction")
    return (value, value, math.nan, math.nan) if t["direction"] == "higher" else (value, math.nan, value, math.nan)
