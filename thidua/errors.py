"""One error type for bad input, so the command line can report it in one line and exit 2."""

from __future__ import annotations

from pathlib import Path


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
