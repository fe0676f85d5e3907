"""Every error thidua reports, each with the exit code the command line gives it.

``InputError`` and its kinds are bad input (exit 2): the message names the file, the place in it and
the field. ``ReviewFailed`` is a notebook that failed (exit 3), ``WriteFailed`` an output that could not
be written (exit 4), ``Interrupted`` a stop asked for by a signal (exit 130).
"""

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

    exit_code = 2

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

    def _render_traceback_(self) -> list[str]:
        """In a notebook (IPython), one line as the command line says it, not a traceback through thidua's code."""
        return [f"thidua: error: {self}"]


class Invalid(InputError):
    """Figures with errors: every problem found (errors and warnings), the message naming the first error."""

    def __init__(self, problems: list) -> None:
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error(s), the first: {errors[0]}", file=errors[0].file)
        self.problems = problems


class TemplateRefused(InputError):
    """A Word template that thidua will not use: says what in it is refused (exit 2)."""


class LimitExceeded(InputError):
    """The work took longer or needed more memory than allowed (exit 2: the input asked for too much)."""


class OutputRefused(InputError):
    """The output folder or file is not thidua's to write (or another run is writing it): exit 2, nothing touched."""


class ReviewFailed(Exception):
    """A notebook failed; the message says which, and where its error notebook is."""

    exit_code = 3


class WriteFailed(Exception):
    """The output file could not be written (disk full, permissions); the old one is unchanged (exit 4)."""

    exit_code = 4


class Interrupted(Exception):
    """A stop was asked for (SIGINT, SIGTERM, or the batch stopping): the run ended without its review."""

    exit_code = 130
