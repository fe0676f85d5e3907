"""A commune's yearly plan (kế hoạch) as data: load, validate and tabulate its targets.

The file format is documented in docs/plan-format.md. Validation happens on load and every
message names the file, the indicator and the field, so an officer can fix the file alone.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

import pandas as pd

from thidua.errors import shown
from thidua.inputs.economy_section import Economy, EconomySection, parse_economy
from thidua.inputs.ids import nfc
from thidua.inputs.kinds import KINDS
from thidua.inputs.levels import PLAN_LEVELS, RANK, SET_BY
from thidua.inputs.measures import MEASURES, MONEY_UNITS_TEXT, money_scale
from thidua.inputs.schema import NUMBER, REQUIRED_TEXT, Rule, Schema, convert, say
from thidua.inputs.yamlfile import read_yaml

GROUPS = ("kinh_te", "van_hoa_xa_hoi", "quoc_phong_an_ninh")  # their names: thidua.reports.labels.GROUP_NAMES
MAX_INDICATORS = 1000  # a commune's plan has tens, a province's a few hundred (docs/plan-format.md)
# The measure each kind compares, when the kind fixes it.
_KIND_MEASURES = {"yes_no": ("yes_no",), "share": ("rate",), "reduction_points": ("rate",)}

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


# ---- the file's schema (docs/plan-format.md) -----------------------------------------------------------

Text = Annotated[str, REQUIRED_TEXT]
Number = Annotated[float, NUMBER]
Year = Annotated[int, say(gt=1900, lt=2200, error="must be a year such as 2023, got {value!r}")]
_CLAUSE = "must be the clause's label as text; write decimals in quotes, e.g. clause: '2.10', got {value!r}"
_SECTIONS = "a plan file needs the two sections 'plan' and 'targets'"
_INDICATORS = "must be a non-empty list of indicators"
_ID = "must be lower-case letters, digits and _, got {value!r}"


class Meta(Schema):
    """``plan:``, the plan's details."""

    place: ClassVar = ("plan",)
    shape: ClassVar = "must be a mapping of plan details"
    number: Text
    date: dt.date
    issuer: Text
    unit_id: Text
    unit_name: Text
    level: Literal[PLAN_LEVELS]
    year: Year
    baseline_year: Year
    title: str | None = None
    parent: str | None = None
    source: str | None = None
    status: Annotated[Literal["official", "sample"], say(error="must be official or sample")] = "official"
    note: str | None = None

    def __post_init__(self) -> None:
        """The baseline comes before the plan's year."""
        if self.baseline_year >= self.year:
            raise Rule("must be before 'year'", "baseline_year")


class Bound(Schema):
    """One target of an indicator: its kind, who sets it and its value or range."""

    shape: ClassVar = "each target must be a mapping with a 'kind'"
    kind: Literal[tuple(KINDS)]
    set_by: Literal[SET_BY] | None = None  # None: the plan's own level
    value: bool | Number | None = None  # true for a yes_no target
    min: Number | None = None
    max: Number | None = None
    tolerance: Number | None = None
    direction: Literal["higher", "lower"] | None = None
    part_of: str | None = None

    def __post_init__(self) -> None:
        """The values the kind takes, and nothing it does not take."""
        _bounds(self)
        if self.direction is not None and self.kind != "share":
            raise Rule("only a share target takes a direction", "direction")
        if self.part_of is not None and self.kind != "decrease":
            raise Rule("only a decrease target is part of a group", "part_of")


class Indicator(Schema):
    """One entry of ``targets:``: an indicator and its targets."""

    place: ClassVar = ("indicator '{id}'", "target #{n}")
    id: Annotated[str, say(pattern=r"^[a-z][a-z0-9_]*$", error=_ID)]
    name_vi: Text
    name_en: Text
    group: Literal[GROUPS]
    clause: Annotated[int | Annotated[str, say(pattern=r"\S")], say(error=_CLAUSE)]
    measure: Literal[tuple(MEASURES)]
    unit: Annotated[Text | int | float, say(error="must be text, e.g. tấn or '%'")]
    targets: Annotated[list[Bound], say(min_length=1, error="must be a list, e.g. [{kind: at_least, value: 95}]")]
    quote: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        """Each target's kind fits the declared measure; money names its scale."""
        for bound in self.targets:
            allowed = _KIND_MEASURES.get(bound.kind, tuple(m for m in MEASURES if m != "yes_no"))
            if self.measure not in allowed:
                raise Rule(f"a {bound.kind} target measures {' or '.join(allowed)}", "measure")
        if MEASURES[self.measure].money and money_scale(str(self.unit)) is None:
            raise Rule(
                f"money is written in {MONEY_UNITS_TEXT}, optionally followed by /người/năm…, got {shown(self.unit)}",
                "unit",
            )


class PlanFile(Schema):
    """A plan file: its details, its indicators and the optional economy section."""

    shape: ClassVar = _SECTIONS
    plan: Annotated[Meta, say(missing=_SECTIONS)]
    targets: Annotated[list[Indicator], say(min_length=1, missing=_INDICATORS, error=_INDICATORS)]
    economy: EconomySection | None = None

    def __post_init__(self) -> None:
        """Ids are unique; every target is set by the plan's own level or one above it, each level once."""
        if len(self.targets) > MAX_INDICATORS:
            raise Rule(
                f"lists {len(self.targets):,} indicators, above the limit of {MAX_INDICATORS:,}"
                " (a commune's plan has tens, a province's a few hundred): split the plan",
                "targets",
            )
        level = self.plan.level
        above = [k for k, rank in RANK.items() if rank >= RANK[level]]
        seen: set[str] = set()
        for i, entry in enumerate(self.targets):
            if entry.id in seen:
                raise Rule("is used by an earlier indicator", "id", ("targets", i))
            seen.add(entry.id)
            set_bys = [bound.set_by or level for bound in entry.targets]
            if any(s not in above for s in set_bys):
                raise Rule(f"a {level}'s plan takes targets set by {', '.join(above)}", "set_by", ("targets", i))
            if len(set(set_bys)) != len(set_bys):
                raise Rule("two targets are set by the same level", "set_by", ("targets", i))


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file; raise ``InputError`` naming file, indicator and field."""
    path = Path(path)
    raw = read_yaml(path)
    return parse_plan(raw, path)


def parse_plan(raw: Any, path: str | Path = "<plan>") -> Plan:
    """Validate a plan already read into Python objects (the YAML's structure)."""
    path = Path(path)
    checked = convert(raw, PlanFile, path)
    meta = {key: getattr(checked.plan, key) for key in raw["plan"]}
    meta["unit_id"] = nfc(meta["unit_id"])  # compared with the data's unit ids, which are read in NFC
    level = checked.plan.level
    rows = [_row(entry, bound, level) for entry in checked.targets for bound in entry.targets]
    targets = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    for col in ("target", "low", "high", "tolerance"):
        targets[col] = targets[col].astype("float64")
    units = dict(zip(targets["indicator_id"], targets["unit_of_measure"], strict=True))  # each indicator once
    return Plan(path=path, meta=meta, targets=targets, economy=parse_economy(raw.get("economy"), units, path))


def _row(entry: Indicator, t: Bound, level: str) -> dict[str, Any]:
    """One row of the plan's targets table."""
    set_by = t.set_by or level
    target, low, high, tolerance = _bounds(t)
    return {
        "indicator_id": entry.id, "set_by": set_by, "own_level": set_by == level,
        "name_vi": entry.name_vi, "name_en": entry.name_en, "group": entry.group, "clause": str(entry.clause).strip(),
        "measure": entry.measure, "unit_of_measure": str(entry.unit), "kind": t.kind,
        "direction": _direction(t),
        "target": target, "low": low, "high": high, "tolerance": tolerance,
        "part_of": t.part_of, "quote": entry.quote, "note": entry.note,
    }  # fmt: skip


def _bounds(t: Bound) -> tuple[float, float, float, float]:
    """Turn a target's written values into (target, low, high, tolerance); NaN where unused."""
    nan = math.nan
    kind, bounds = t.kind, KINDS[t.kind].bounds
    has_value, has_range = t.value is not None, t.min is not None or t.max is not None
    if bounds == "none":
        _check(not (has_value or has_range), "value", f"a {kind} target takes no value")
        return nan, nan, nan, nan
    if bounds == "bool":
        _check(t.value is True, "value", "a yes_no target must say value: true")
        return 1.0, 1.0, nan, nan
    _check(not isinstance(t.value, bool), "value", f"must be a number, got {shown(t.value)}")
    _check(not (has_value and has_range), "value", "give either value or min and max, not both")
    if bounds == "min_max" or (bounds in ("value_or_range", "share") and has_range):
        for key in ("min", "max"):
            _check(getattr(t, key) is not None, key, f"a {kind} range needs both min and max")
        low, high = float(t.min), float(t.max)
        _check(low <= high, "min", f"min {low:g} is above max {high:g}")
        if kind == "share":
            _check(low >= 0 and high <= 100, "max", f"a share must lie between 0 and 100, got {low:g}–{high:g}")
            _check(t.tolerance is None, "tolerance", "a share range takes no tolerance: min and max are the band")
        return nan, low, high, nan
    _check(has_value, "value", f"a {kind} target needs a value")
    value = float(t.value)
    if kind == "share":
        return _share_bounds(t, value)
    if KINDS[kind].direction == "lower":
        return value, nan, value, nan
    return value, value, nan, nan


def _check(ok: bool, field: str, message: str) -> None:
    if not ok:
        raise Rule(message, field)


def _direction(t: Bound) -> str:
    """Which way is better: the kind's, or for a share its stated direction, else both ways (a band)."""
    if t.kind == "share":
        return t.direction or "both"
    return KINDS[t.kind].direction


def _share_bounds(t: Bound, value: float) -> tuple[float, float, float, float]:
    _check(0 <= value <= 100, "value", f"a share must lie between 0 and 100, got {value:g}")
    rule = "a share target states its rule: a tolerance or a direction (higher/lower)"
    _check((t.tolerance is None) != (t.direction is None), "tolerance", rule)
    if t.tolerance is not None:
        _check(t.tolerance >= 0, "tolerance", "must not be negative")
        return value, value - t.tolerance, value + t.tolerance, t.tolerance
    return (value, value, math.nan, math.nan) if t.direction == "higher" else (value, math.nan, value, math.nan)
