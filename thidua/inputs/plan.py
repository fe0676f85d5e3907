"""A unit's plan (a kế hoạch, a nghị quyết …) as data: load, validate and tabulate its targets.

The file format is documented in docs/plan-format.md. Validation happens on load and every
message names the file, the indicator and the field, so an officer can fix the file alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

import pandas as pd

from thidua.errors import shown
from thidua.inputs.documents import (
    BODIES,
    DEFAULT_KIND,
    DEFAULT_REPORTER,
    DOCUMENT_KINDS,
    MAX_TITLE,
    PURPOSES,
    REPORTING_BODIES,
    body_name,
    body_of_name,
    body_of_number,
    kind_of_number,
    mentions_thi_dua,
)
from thidua.inputs.economy_section import Economy, EconomySection, parse_economy
from thidua.inputs.ids import nfc
from thidua.inputs.kinds import KINDS
from thidua.inputs.levels import PLAN_LEVELS, RANK, SET_BY
from thidua.inputs.measures import MEASURES, MONEY_UNITS_TEXT, money_scale
from thidua.inputs.movements import COLUMNS as MOVEMENT_COLUMNS
from thidua.inputs.movements import MAX_MOVEMENTS, Movement, movements_frame
from thidua.inputs.schema import NUMBER, REQUIRED_TEXT, Rule, Schema, convert, say
from thidua.inputs.term import COLUMNS as TERM_COLUMNS
from thidua.inputs.term import TermSection, term_frame
from thidua.inputs.yamlfile import read_yaml

GROUPS = ("kinh_te", "van_hoa_xa_hoi", "quoc_phong_an_ninh")  # their names: thidua.reports.labels.GROUP_NAMES
MAX_INDICATORS = 1000  # a commune's plan has tens, a province's a few hundred (docs/plan-format.md)
# The measure each kind compares, when the kind fixes it.
_KIND_MEASURES = {"yes_no": ("yes_no",), "share": ("rate",), "reduction_points": ("rate",)}

TARGET_COLUMNS = [
    "indicator_id", "set_by", "own_level", "name_vi", "name_en", "group", "clause", "measure", "unit_of_measure",
    "kind", "direction", "target", "low", "high", "tolerance", "part_of", "recognition", "quote", "note",
]  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """A loaded plan: its metadata and one row per target in ``targets``."""

    path: Path
    meta: dict[str, Any]
    targets: pd.DataFrame
    economy: Economy | None = None
    movements: pd.DataFrame = dataclasses.field(
        default_factory=lambda: pd.DataFrame(columns=MOVEMENT_COLUMNS)
    )  # launched
    term: pd.DataFrame = dataclasses.field(default_factory=lambda: pd.DataFrame(columns=TERM_COLUMNS))
    term_years: tuple[int, int] | None = None  # the term's base year and end year, when it has term targets

    @property
    def year(self) -> int:
        """The plan year, e.g. 2023."""
        return int(self.meta["year"])

    @property
    def baseline_year(self) -> int:
        """The year the plan compares against, e.g. 2022."""
        return int(self.meta["baseline_year"])

    @property
    def kind(self) -> str:
        """The kind of document (``ke_hoach``, ``nghi_quyet`` …): as written, else as its number's symbol says."""
        return self.meta.get("kind") or kind_of_number(self.meta["number"]) or DEFAULT_KIND

    @property
    def issuer(self) -> str:
        """The issuing body's name: as written, else the body named after the unit ('Hội đồng nhân dân tỉnh …')."""
        return self.meta.get("issuer") or body_name(self.meta["issued_by"], self.meta["unit_name"])

    @property
    def issued_by(self) -> str | None:
        """The issuing body (``hdnd``, ``ubnd`` …): as written, else as the issuer's name or the number names it."""
        named = body_of_name(self.meta.get("issuer") or "")
        return self.meta.get("issued_by") or named or body_of_number(self.meta["number"])

    @property
    def reported_by(self) -> str:
        """The body that reports on the plan: ``ubnd`` (the People's Committee of the unit) unless the plan says."""
        return self.meta.get("reported_by") or DEFAULT_REPORTER

    @property
    def reporter(self) -> str:
        """The reporting body's name: 'Ủy ban nhân dân tỉnh Phú Thọ'."""
        return body_name(self.reported_by, str(self.meta["unit_name"]))

    @property
    def purpose(self) -> str:
        """``thi_dua`` (an emulation plan) or ``kinh_te_xa_hoi`` (socio-economic), as written or by docs' rule.

        Unwritten: an emulation plan's title names the movement ('thi đua'); a plan without a title is one
        when it is a kế hoạch; any other plan is one of socio-economic development (docs/plan-format.md).
        """
        if purpose := self.meta.get("purpose"):
            return purpose
        title = self.meta.get("title")
        emulation = mentions_thi_dua(title) if title else self.kind == "ke_hoach"
        return "thi_dua" if emulation else "kinh_te_xa_hoi"

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
_MOVEMENTS = f"must be a list of at most {MAX_MOVEMENTS} movements, each with an id, a name and a clause"
_REPORTER = (
    "must be ubnd or hdnd (a Party committee reports in the Party's own format, which thidua does not write), "
    "got {value!r}"
)


MAX_LINES = 30  # documents a plan implements, or its recipients: a plan lists a handful
_LINES = f"must be a list of at most {MAX_LINES} lines of text, one document or recipient each"


class Meta(Schema):
    """``plan:``, the plan's details."""

    place: ClassVar = ("plan",)
    shape: ClassVar = "must be a mapping of plan details"
    number: Text
    date: dt.date
    unit_id: Text
    unit_name: Text
    level: Literal[PLAN_LEVELS]
    year: Year
    baseline_year: Year
    kind: Literal[tuple(DOCUMENT_KINDS)] | None = None  # None: as the number's symbol says, else ke_hoach
    issued_by: Literal[tuple(BODIES)] | None = None
    issuer: str | None = None  # the issuing body's name; None: named from issued_by and the unit
    reported_by: Annotated[Literal[REPORTING_BODIES], say(error=_REPORTER)] | None = None  # None: ubnd
    purpose: Literal[PURPOSES] | None = None  # None: from the title and the kind (Plan.purpose)
    title: str | None = None
    report_title: str | None = None  # the Word report's subject, without its period
    parent: str | None = None
    source: str | None = None
    status: Annotated[Literal["official", "sample"], say(error="must be official or sample")] = "official"
    note: str | None = None
    # The documents the plan carries out, as its preamble cites them ("Nghị quyết số 06/NQ-HĐND ngày
    # 19/12/2022 của HĐND xã về …"): the report's opening cites them too. Its recipients (Nơi nhận), as listed.
    implements: Annotated[list[Text], say(max_length=MAX_LINES, error=_LINES)] | None = None
    recipients: Annotated[list[Text], say(max_length=MAX_LINES, error=_LINES)] | None = None
    # % of the year's plan expected done by the end of a year-to-date period, for flows without last
    # year's profile: {6T: 45, 9T: 70} (the interim review's pace; docs/domain.md §5.9).
    expected_share: dict[str, Number] | None = None

    def __post_init__(self) -> None:
        """The baseline comes before the year; the issuer is named; kind and body agree with the number; shares."""
        if self.baseline_year >= self.year:
            raise Rule("must be before 'year'", "baseline_year")
        for field in ("issuer", "title", "report_title"):
            _one_line(getattr(self, field), field)
        for line, field in [(x, f) for f in ("implements", "recipients") for x in getattr(self, f) or []]:
            _one_line(line, field)
        if not (self.issuer or "").strip() and self.issued_by is None:
            raise Rule(f"is required, or name the body with issued_by: {', '.join(BODIES)}", "issuer")
        said = kind_of_number(self.number)
        if self.kind is not None and said not in (None, self.kind):
            symbol = DOCUMENT_KINDS[said]
            raise Rule(f"is {self.kind}, but the number {shown(self.number)} says {symbol}, a {said}", "kind")
        if self.issued_by is not None:
            for what, body in (("number", body_of_number(self.number)), ("issuer", body_of_name(self.issuer or ""))):
                if body not in (None, self.issued_by):
                    value = shown(getattr(self, what))
                    raise Rule(f"is {self.issued_by}, but the {what} {value} names the body {body}", "issued_by")
        if self.report_title and re.search(rf"\b{self.year}\W*$", self.report_title):
            raise Rule(
                f"write the title without its period: thidua adds 'năm {self.year}' (or '6 tháng năm {self.year}')",
                "report_title",
            )
        _expected_shares(self.expected_share or {})


def _expected_shares(shares: dict[str, float]) -> None:
    """Shares of the year's plan expected by a year-to-date period name a month (6T) and lie in (0, 100]."""
    for key, value in shares.items():
        if re.fullmatch(r"(?:[1-9]|1[01])T", key) is None:
            raise Rule(f"keys are year-to-date periods such as 6T or 9T, got {shown(key)}", "expected_share")
        if not 0 < value <= 100:
            raise Rule(f"a share of the year's plan lies in (0, 100], got {value:g} for {key}", "expected_share")


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
    # A yes/no target met when a decision recognises it (xã đạt chuẩn nông thôn mới nâng cao): the report
    # asks for the decision's number and date.
    recognition: bool = False

    def __post_init__(self) -> None:
        """Each target's kind fits the declared measure; money names its scale; only yes/no is recognised."""
        if self.recognition and self.measure != "yes_no":
            raise Rule("only a yes_no target is recognised by a decision", "recognition")
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
    movements: Annotated[list[Movement], say(max_length=MAX_MOVEMENTS, error=_MOVEMENTS)] | None = None
    term: TermSection | None = None

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
    statements = set(targets["indicator_id"]) | set(targets["part_of"].dropna())
    return Plan(
        path=path, meta=meta, targets=targets, economy=parse_economy(raw.get("economy"), units, path),
        movements=movements_frame(checked.movements, statements, path),
        term=term_frame(checked.term, set(targets["indicator_id"]), path),
        term_years=(checked.term.start, checked.term.end) if checked.term else None,
    )  # fmt: skip


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
        "part_of": t.part_of, "recognition": entry.recognition, "quote": entry.quote, "note": entry.note,
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


def _one_line(text: str | None, field: str) -> None:
    """A title or a name is one line of at most ``MAX_TITLE`` characters: it heads the report and the pages."""
    if text is None:
        return
    if len(text) > MAX_TITLE:
        raise Rule(f"is {len(text):,} characters long, above the limit of {MAX_TITLE}: shorten it", field)
    if bad := next((c for c in text if unicodedata.category(c) in ("Cc", "Zl", "Zp")), None):
        raise Rule(f"contains a control character U+{ord(bad):04X} (a line break, a tab…): write it on one line", field)


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
