"""Reading an input file's bytes with bounds: only regular files, never more than a set size.

A folder, a device (``/dev/zero``) or a FIFO is refused from ``os.stat`` before it is opened, so
nothing blocks or streams forever; a file above the limit (``THIDUA_MAX_INPUT_MB`` megabytes for
data files, default 100) is refused by its size before a byte is read. A failed read (permission
denied, an I/O error) is reported as a read error naming the file, never as a write error.
"""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path

from thidua.errors import InputError, shown

MAX_INPUT_ENV = "THIDUA_MAX_INPUT_MB"
DEFAULT_MAX_INPUT_MB = 100.0  # twice a 55,000-commune long CSV (tested): far above a province's figures
_NOT_REGULAR = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


def max_input_bytes() -> int:
    """The size limit of a data file (CSV or workbook, also a workbook's unpacked content), in bytes.

    Read from ``THIDUA_MAX_INPUT_MB`` (megabytes of 10^6 bytes) so an office with bigger files can raise it.
    """
    raw = os.environ.get(MAX_INPUT_ENV, "").strip()
    try:
        megabytes = float(raw) if raw else DEFAULT_MAX_INPUT_MB
    except ValueError:
        megabytes = math.nan
    if not (math.isfinite(megabytes) and megabytes > 0):
        raise InputError(
            f"must be a number of megabytes above 0, got {shown(raw)}", where="environment", field=MAX_INPUT_ENV
        )
    return int(megabytes * 1_000_000)


def describe_size(size: int) -> str:
    """A byte count as officers read it: '2,147.5 MB', or '20.5 KB' below a megabyte."""
    return f"{size / 1_000_000:,.1f} MB" if size >= 1_000_000 else f"{size / 1_000:,.1f} KB"


def too_big(size: int, limit: int, configurable: bool, verb: str = "is") -> str:
    """The message for a file of ``size`` bytes above ``limit``; says how to raise a configurable limit."""
    hint = f"; set {MAX_INPUT_ENV} to allow bigger files" if configurable else ""
    return f"{verb} {describe_size(size)}, above the {describe_size(limit)} limit{hint}"


def _check(path: Path, info: os.stat_result, limit: int, configurable: bool) -> None:
    if not stat.S_ISREG(info.st_mode):
        kind = _NOT_REGULAR.get(stat.S_IFMT(info.st_mode), "something else")
        raise InputError(f"is {kind}, not a regular file", file=path)
    if info.st_size > limit:
        raise InputError(too_big(info.st_size, limit, configurable), file=path)


def read_input(path: str | Path, max_bytes: int | None = None) -> bytes:
    """The content of input file ``path``, at most ``max_bytes`` (default: the data-file limit).

    The file is checked with ``os.stat`` before it is opened, and again on the open handle (opened
    non-blocking, so a file swapped for a FIFO in between cannot block); reading stops one byte past
    the limit, so a file that grows while read is refused too.
    """
    path = Path(path)
    configurable = max_bytes is None
    limit = max_input_bytes() if max_bytes is None else max_bytes
    try:
        _check(path, os.stat(path), limit, configurable)
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY), "rb") as handle:
            _check(path, os.fstat(handle.fileno()), limit, configurable)
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError("file not found", file=path) from None
    except OSError as exc:
        raise InputError(f"could not be read ({exc.strerror or exc})", file=path) from None
    if len(data) > limit:
        raise InputError(f"grew past the {describe_size(limit)} limit while being read", file=path)
    return data
