"""The plan's ``movements:`` section: the emulation movements (phong trào thi đua) it launches or carries on.

An emulation plan such as plan 71 launches named movements ("Phổ Thuận chung sức xây dựng nông thôn mới"
2021–2025) beside its measurable targets. Each movement is written as it was launched, with the clause that
launches it, who launched it, the years it runs, the bodies responsible and the targets that measure it (the
office's choice when the plan does not say: its ``note`` says so). Read with the plan (``thidua.inputs.plan``);
``thidua.engine.movements`` counts its targets' results.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, ClassVar

import msgspec
import pandas as pd

from thidua.errors import InputError, shown
from thidua.inputs.schema import REQUIRED_TEXT, Rule, Schema, say

MAX_MOVEMENTS = 100  # a commune's plan launches a handful
COLUMNS = ["id", "name", "clause", "launched_by", "start", "end", "targets", "responsible", "quote", "note"]
_ID = "must be lower-case letters, digits and _, got {value!r}"
_YEAR = say(gt=1900, lt=2200, error="must be a year such as 2021, got {value!r}")


class Movement(Schema):
    """One entry of ``movements:``."""

    place: ClassVar = ("movement '{id}'", "movement #{n}")
    shape: ClassVar = "each movement must be a mapping with an id and a name"
    id: Annotated[str, say(pattern=r"^[a-z][a-z0-9_]*$", error=_ID)]
    name: Annotated[str, REQUIRED_TEXT, say(max_length=300)]
    clause: Annotated[str, REQUIRED_TEXT, say(max_length=40)]
    launched_by: Annotated[str, say(max_length=300)] | None = None
    start: Annotated[int, _YEAR] | None = None
    end: Annotated[int, _YEAR] | None = None
    targets: Annotated[list[Annotated[str, say(pattern=r"^[a-z][a-z0-9_]*$", error=_ID)]], say(max_length=1000)] = (
        msgspec.field(default_factory=list)
    )
    responsible: Annotated[list[Annotated[str, REQUIRED_TEXT, say(max_length=300)]], say(max_length=50)] = (
        msgspec.field(default_factory=list)
    )
    quote: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        """A movement's years run forwards, its name is one line, and it names each target once."""
        if self.start is not None and self.end is not None and self.end < self.start:
            raise Rule(f"ends in {self.end}, before it starts in {self.start}", "end")
        if any(ch in self.name for ch in "\r\n\t\x00\u2028\u2029"):
            raise Rule("must be written on one line", "name")
        if len(set(self.targets)) != len(self.targets):
            raise Rule("names a target twice", "targets")


def movements_frame(items: list[Movement] | None, statements: set[str], path: str | Path) -> pd.DataFrame:
    """The movements as a frame (``COLUMNS``; empty when the plan lists none).

    ``statements`` are the ids a movement may name: the plan's indicators and its clauses of parts (``part_of``).
    """
    seen: set[str] = set()
    for item in items or []:
        where = f"movement {shown(item.id)}"
        if item.id in seen:
            raise InputError("is used by an earlier movement", file=path, where=where, field="id")
        seen.add(item.id)
        unknown = [t for t in item.targets if t not in statements]
        if unknown:
            raise InputError(
                f"names {shown(unknown[0])}, which is no target or clause of the plan", file=path, where=where,
                field="targets",
            )  # fmt: skip
    frame = pd.DataFrame([{col: getattr(item, col) for col in COLUMNS} for item in items or []], columns=COLUMNS)
    frame[["start", "end"]] = frame[["start", "end"]].astype("Int64")
    frame["targets"] = frame["targets"].map(tuple)
    frame["responsible"] = frame["responsible"].map(tuple)
    return frame
