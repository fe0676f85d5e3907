"""Input schemas: msgspec Structs checked as a file is converted, and the one formatter of their errors.

Every loader reads its file with ``read_yaml`` and turns it into its schema with ``convert``. A value
that does not fit raises ``InputError`` naming the file, the place (``plan``, ``indicator 'bhyt'``,
``target #4``) and the field, in one wording ("is required", "unknown field(s): x", "must be one of
a, b, got 'x'", "must be a number, got True").

A schema (a ``Schema`` subclass) declares, besides its fields:

- ``place``: templates naming one entry, the first whose names are all given wins: ``"indicator
  '{id}'"``, then ``"target #{n}"`` (``n`` counts from 1 in the enclosing list, ``key`` is the entry's
  key in a mapping). An entry without a place is named by the nearest one around it;
- ``shape``: what to say when the entry is not a mapping;
- for a field, ``Meta(extra={"error": ..., "missing": ...})`` (``say``): the wording for a wrong value
  (``{value!r}`` is the value written) and for a missing one (default "is required"). A required field
  that is absent, null, empty text or an empty list is missing.

A rule across fields raises ``Rule(message, field, at)`` in the schema's ``__post_init__`` (``at``: the
path from that entry to the one at fault, e.g. ``("targets", 3)``), or in ``then`` after conversion.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Formatter
from types import NoneType, UnionType
from typing import Annotated, Any, ClassVar, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

import msgspec

from thidua.errors import InputError, shown

T = TypeVar("T")
Step = str | int
_BIG = 1.7976931348623157e308
_ABSENT: Any = object()
_AT = re.compile(r"^(?P<msg>.*?)(?: - at (?:`(?P<key>key)` in )?`(?P<path>\$[^`]*)`)?$", re.S)
_STEP = re.compile(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]")
_MISSING = re.compile(r"^Object missing required field `(?P<field>[^`]+)`$")
_UNKNOWN = re.compile(r"^Object contains unknown field `")
_NOUNS = {float: "a number", int: "a whole number", str: "text", bool: "true or false"}


class Schema(msgspec.Struct, forbid_unknown_fields=True):
    """A part of an input file: strict about the keys it knows, named by ``place`` in errors."""

    place: ClassVar[tuple[str, ...]] = ()
    shape: ClassVar[str] = "must be a mapping"


class Rule(ValueError):
    """A rule across fields that does not hold: the message, the field at fault and the path to its entry."""

    def __init__(self, message: str, field: str | None = None, at: Sequence[Step] = ()) -> None:
        super().__init__(message)
        self.field = field
        self.at = tuple(at)


def say(*, error: str | None = None, missing: str | None = None, **constraints: Any) -> msgspec.Meta:
    """A field's constraints (``ge=1``, ``pattern=…``) and its wording when wrong or missing."""
    extra = {k: v for k, v in (("error", error), ("missing", missing)) if v is not None}
    return msgspec.Meta(**constraints, extra=extra)


NUMBER = say(ge=-_BIG, le=_BIG, error="must be a number, got {value!r}")  # finite: inf and nan are refused
REQUIRED_TEXT = say(min_length=1)  # a required text: empty is missing


def convert(raw: Any, type_: type[T], path: str | Path, then: Callable[[T], None] | None = None) -> T:
    """``raw`` (a file's content as ``read_yaml`` gives it) as ``type_``, checked by ``then`` if given.

    Anything that does not fit is an ``InputError`` naming ``path``, the place and the field.
    """
    try:
        value = msgspec.convert(raw, type_, strict=True)
        if then is not None:
            then(value)
        return value
    except msgspec.ValidationError as exc:
        raise error(exc, raw, type_, path) from None
    except Rule as rule:
        raise _rule_error(rule, "$", raw, type_, path) from None


def error(exc: msgspec.ValidationError, raw: Any, type_: type, path: str | Path) -> InputError:
    """The ``InputError`` for a ``ValidationError`` of converting ``raw`` to ``type_``: file, place, field, words."""
    match = _AT.match(str(exc))
    message, at = match["msg"], match["path"] or "$"  # at the top, msgspec names no path
    if isinstance(exc.__cause__, Rule):
        return _rule_error(exc.__cause__, at, raw, type_, path)
    steps = _steps(at)
    if isinstance(exc.__cause__, (ValueError, TypeError)):  # a check in __post_init__ that is no Rule
        return InputError(str(exc.__cause__), file=path, where=_locate(raw, type_, steps).place)
    if missing := _MISSING.match(message):
        steps = [*steps, missing["field"]]
    spot = _locate(raw, type_, steps)
    if match["key"] or _UNKNOWN.match(message):
        return _unknown(spot, message, path)
    return InputError(_wording(spot, message), file=path, where=spot.place, field=spot.field)


def _rule_error(rule: Rule, at: str, raw: Any, type_: type, path: str | Path) -> InputError:
    spot = _locate(raw, type_, [*_steps(at), *rule.at])
    return InputError(str(rule), file=path, where=spot.place, field=rule.field)


@dataclass
class _Spot:
    """What a path in a file points at: the place and field it is named by, the value written, its type."""

    type: Any  # the annotation of what is there
    value: Any = _ABSENT
    place: str | None = None
    field: str | None = None
    required: bool = False  # a required field of its entry


def _steps(path: str) -> list[Step]:
    """``$.targets[3].value`` as ``["targets", 3, "value"]`` (``[...]``, a key msgspec does not say, is ``...``)."""
    return [name or (int(index) if index.isdigit() else "...") for name, index in _STEP.findall(path[1:])]


def _locate(raw: Any, type_: type, steps: Sequence[Step]) -> _Spot:
    """Follow ``steps`` through ``raw`` and its type together, naming the place as the entries pass."""
    spot = _Spot(type_, raw, _place(type_, raw, None, None))
    for step in steps:
        n = key = None
        value = spot.value
        if step == "...":
            spot.type = (get_args(_find(spot.type, _is_dict)) or (None, None))[1]
            key = _failing_key(value, spot.type)
            spot.value = value.get(key, _ABSENT) if isinstance(value, dict) else _ABSENT
            spot.required = False
        elif isinstance(step, str):
            struct = _find(spot.type, _is_struct)
            info = next((f for f in msgspec.structs.fields(struct) if f.encode_name == step), None) if struct else None
            spot.type = get_type_hints(struct, include_extras=True)[info.name] if info else None
            spot.value = value.get(step, _ABSENT) if isinstance(value, dict) else _ABSENT
            spot.field, spot.required = step, bool(info and info.required)
        else:
            spot.type, n = (get_args(_find(spot.type, _is_list)) or (None,))[0], step + 1
            spot.value = value[step] if isinstance(value, list) and step < len(value) else _ABSENT
            spot.required = False
        if (place := _place(spot.type, spot.value, n, key)) is not None:  # an entry with a name of its own
            spot.place, spot.field = place, None
    return spot


def _bare(hint: Any) -> tuple[Any, dict[str, str]]:
    """An annotation without its ``Annotated`` layers, and the wording (``say``) they declare, outer first."""
    words: dict[str, str] = {}
    while get_origin(hint) is Annotated:
        hint, *metas = get_args(hint)
        words = {**{k: v for m in metas if isinstance(m, msgspec.Meta) for k, v in (m.extra or {}).items()}, **words}
    return hint, words


def _members(hint: Any) -> list[Any]:
    """The types a value may take: the members of a union (null left out), else the type itself."""
    bare, _ = _bare(hint)
    if get_origin(bare) in (Union, UnionType):
        return [m for arg in get_args(bare) for m in _members(arg)]
    return [] if bare is NoneType else [hint]


def _find(hint: Any, test: Callable[[Any], bool]) -> Any:
    """The first type a value of ``hint`` may take that passes ``test`` (None if none does)."""
    return next((_bare(m)[0] for m in _members(hint) if test(_bare(m)[0])), None)


def _is_struct(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, msgspec.Struct)


def _is_list(hint: Any) -> bool:
    return get_origin(hint) is list


def _is_dict(hint: Any) -> bool:
    return get_origin(hint) is dict


def _failing_key(mapping: Any, value_type: Any) -> Any:
    """The first key of ``mapping`` whose value does not fit ``value_type`` (an entry's key msgspec leaves out)."""
    items = mapping.items() if isinstance(mapping, dict) else ()
    return next((key for key, value in items if not _fits(value, value_type)), None)


def _place(hint: Any, value: Any, n: int | None, key: Any) -> str | None:
    """How an entry of type ``hint`` written as ``value`` is named, if its schema names its entries."""
    struct = _find(hint, _is_struct)
    if struct is None or not getattr(struct, "place", None):
        return None
    names: dict[str, Any] = {"n": n, "key": key}
    if isinstance(value, dict):
        names |= {k: v for k, v in value.items() if isinstance(k, str)}
    for template in struct.place:
        wanted = [name for _, name, _, _ in Formatter().parse(template) if name]
        if all(isinstance(names.get(name), str | int) and not isinstance(names[name], bool) for name in wanted):
            return template.format(**{name: _shown(names[name]) for name in wanted})
    return None


def _shown(name: str | int) -> str:
    """A name as an error line shows it: control characters and backslashes escaped, so the line stays one line."""
    return "".join(c if c.isprintable() and c != "\\" else repr(c)[1:-1] for c in str(name))


def _unknown(spot: _Spot, message: str, path: str | Path) -> InputError:
    """Every key of the entry its schema does not know, the first (sorted) as the field."""
    struct = _find(spot.type, _is_struct)
    if struct is None or not isinstance(spot.value, dict):  # a key of a mapping that is no entry
        key_type = get_args(_find(spot.type, _is_dict) or dict[str, Any])[0]
        bad = next((k for k in spot.value if not _fits(k, key_type)), None) if isinstance(spot.value, dict) else None
        return InputError(_default(key_type, bad, message), file=path, where=spot.place, field=spot.field)
    known = {f.encode_name for f in msgspec.structs.fields(struct)}
    unknown = sorted((k for k in spot.value if k not in known), key=str)
    hint = " (a name with commas in {…} must be quoted)" if any(spot.value[k] is None for k in unknown) else ""
    text = f"unknown field(s): {', '.join(map(str, unknown))}{hint}"
    return InputError(text, file=path, where=spot.place, field=str(unknown[0]) if unknown else None)


def _fits(value: Any, hint: Any) -> bool:
    try:
        msgspec.convert(value, hint, strict=True)
    except msgspec.ValidationError:
        return False
    return True


def _wording(spot: _Spot, message: str) -> str:
    """The project's words for a value that does not fit its field."""
    value = None if spot.value is _ABSENT else spot.value
    words = _words(spot.type)
    if spot.required and value in (None, "", []):
        return words.get("missing", "is required")
    if "error" in words:
        return words["error"].replace("{value!r}", shown(value)).replace("{value}", str(value))
    return _default(spot.type, value, message)


def _words(hint: Any) -> dict[str, str]:
    """The wording declared on a type (``say``), on it or else on the first member of a union that has one."""
    hint, words = _bare(hint)
    if "error" not in words:
        words |= next((w for w in (_bare(m)[1] for m in _members(hint)) if "error" in w), {})
    return words


def _default(hint: Any, value: Any, message: str) -> str:
    """The wording for a type that declares none: its choices, its kind of value, or msgspec's own words."""
    base = next(iter(_members(hint)), None)
    base = _bare(base)[0]
    if get_origin(base) is Literal:
        return f"must be one of {', '.join(map(str, get_args(base)))}, got {shown(value)}"
    if _is_struct(base):
        return base.shape
    if _is_list(base):
        return "must be a list"
    if _is_dict(base):
        return "must be a mapping"
    if base is dt.date:
        return f"must be a date written YYYY-MM-DD, got {shown(value)}"
    if base not in _NOUNS:
        return message
    constraint = re.match(r"^Expected `[^`]*` (?!got)(?P<rest>.+)$", message)
    rest = f" {constraint['rest'].strip()}" if constraint else ""
    return f"must be {_NOUNS[base]}{rest}, got {shown(value)}"
