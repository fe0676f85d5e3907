"""One error type for bad input, so the command line can report it in one line and exit 2."""

from __future__ import annotations

from pathlib import Path

MAX_SHOWN = 60  # characters of an input value a message quotes: a 100,000-character cell is not repeated


def shown(value: object) -> str:
    """``value`` as a message quotes it: its repr, cut to ``MAX_SHOWN`` characters with '…' and its length.

    Every reader (CSV, YAML, workbook) quotes the values it refuses through this one function.
    """
    text = repr(value)
    if len(text) <= MAX_SHOWN:
        return text
    if isinstance(value, str):
        head = repr(value[: MAX_SHOWN - 3])
        return f"{head[:-1]}…{head[-1]} ({len(value):,} characters)"
    return f"{text[: MAX_SHOWN - 1]}…"


class Quoted(str):
    """A text whose ``{!r}`` in a message template is ``shown``'s: for templates filled from a file's cells."""

    __slots__ = ()

    def __repr__(self) -> str:
        """The text as ``shown`` quotes it."""
        return shown(str(self))


class InputError(Exception):
    """A plan or data file that cannot be used: says which file, where in it, and which field."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        where: str | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.where = where
        self.field = field

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.where) if p]
        if self.field:
            parts.append(f"field '{self.field}'")
        prefix = ", ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


class Invalid(InputError):
    """Figures with errors: every problem found (errors and warnings), the message naming the first error."""

    def __init__(self, problems: list) -> None:
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error(s), the first: {errors[0]}", file=errors[0].file)
        self.problems = problems
