"""What thidua wrote in an output folder, read from files anyone may have written: checked, never trusted.

The manifest (``OUT/manifest.json``) and the journal of a commit under way (``OUT/.thidua/commit.json``)
are read as lists of names inside ``OUT``: a plain file name (no path separator, no ``..``, no NUL, not
thidua's own folder) with a SHA-256 of 64 hex digits, the names thidua writes. Neither is read through a
symbolic link, nor when it is not a regular file (a FIFO would block). A manifest larger than
``MAX_BYTES``, nested deeper than ``MAX_DEPTH``, listing more than ``MAX_ENTRIES`` files or of any
other shape makes ``OUT`` "not thidua's": :class:`OutputRefused`, one line, exit 2, nothing touched.
A JSON file without thidua's mark is no manifest at all (someone else's file, as any other).
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from thidua.errors import OutputRefused, shown

STATE = ".thidua"  # thidua's own folder inside OUT: the lock, the staging runs, the last failed run
MANIFEST = "manifest.json"
GENERATOR = "thidua"
REVIEW, BATCH = "review", "batch"  # a manifest's "kind": one review's folder, or a batch's root
MAX_BYTES = 1 << 20  # a review's manifest is a few kB
MAX_DEPTH = 16
MAX_ENTRIES = 10_000
_DIGEST = re.compile(r"[0-9a-f]{64}")
_NOT_PLAIN = re.compile(r"[/\\\0]|\.\.")
_OLD_KEYS = {"inputs", "parameters", "notebooks", "versions"}  # a manifest of thidua 0.1, without "files"
_OLD_FILES = ("index.html", "achievement.csv", "achievement.xlsx")
NOT_THIDUA = "not as thidua writes it, so the folder is not thidua's (nothing was changed); move it away"


@dataclass(frozen=True)
class Owned:
    """What a manifest says thidua wrote: file name → acceptable SHA-256s (empty: any), its kind, its reviews."""

    files: dict[str, set[str]]
    kind: str = REVIEW
    reviews: tuple[str, ...] = ()


def is_plain_name(name: object) -> bool:
    """True for a name of a file directly in the folder: no separator, no '..', no NUL, not thidua's folder."""
    return isinstance(name, str) and 0 < len(name) <= 255 and name not in (".", STATE) and not _NOT_PLAIN.search(name)


def _refused(path: Path, problem: str, field: str | None = None) -> OutputRefused:
    return OutputRefused(f"{problem}: {NOT_THIDUA}", file=path, field=field)


def read_bounded(path: Path) -> bytes | None:
    """The bytes of ``path`` (None if there is none); refuses a link, a non-file, more than ``MAX_BYTES``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        problem = "is a symlink" if exc.errno == errno.ELOOP else f"cannot be read ({exc.strerror})"
        raise _refused(path, problem) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _refused(path, "is not a regular file")
        data = os.read(fd, MAX_BYTES + 1) if info.st_size <= MAX_BYTES else b""
        if info.st_size > MAX_BYTES or len(data) > MAX_BYTES:
            raise _refused(path, f"is larger than {MAX_BYTES:,} bytes")
        return data
    finally:
        os.close(fd)


def _depth(text: str) -> int:
    """How deep the JSON ``text`` nests (strings skipped); stops counting past ``MAX_DEPTH``."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            escaped, in_string = (not escaped and char == "\\"), (escaped or char != '"')
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                break
        elif char in "]}":
            depth -= 1
    return deepest


def _parse(path: Path, data: bytes) -> object:
    """The JSON in ``data``, checked for depth before it is parsed."""
    try:
        text = data.decode("utf-8")
        if _depth(text) > MAX_DEPTH:
            raise ValueError("nested too deep")
        return json.loads(text)
    except (ValueError, RecursionError):
        raise _refused(path, "is not JSON thidua can read (or is nested too deep)") from None


def _names(value: object, path: Path, field: str | None) -> dict[str, set[str]]:
    """A manifest's (or journal's) files: plain names → one SHA-256 each, at most ``MAX_ENTRIES``."""
    if not isinstance(value, dict) or len(value) > MAX_ENTRIES:
        raise _refused(path, f"is not a map of at most {MAX_ENTRIES:,} file names to SHA-256s", field)
    for name, digest in value.items():
        if not is_plain_name(name):
            raise _refused(path, f"{shown(name)} is not a plain file name in this folder", field)
        if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
            raise _refused(path, f"the SHA-256 of {shown(name)} is not 64 hexadecimal digits", field)
    return {name: {digest} for name, digest in value.items()}


def _reviews(raw: dict, path: Path) -> tuple[str, ...]:
    reviews = raw.get("reviews", [])
    if not isinstance(reviews, list) or len(reviews) > MAX_ENTRIES or not all(map(is_plain_name, reviews)):
        raise _refused(path, f"is not a list of at most {MAX_ENTRIES:,} plain folder names", "reviews")
    return tuple(reviews)


def _current(raw: dict, path: Path) -> Owned:
    """A manifest of thidua 0.2 on: its files, and its kind (older ones without "kind": a batch lists reviews)."""
    files = _names(raw.get("files"), path, "files")
    kind = raw.get("kind", BATCH if "reviews" in raw else REVIEW)
    if kind not in (REVIEW, BATCH):
        raise _refused(path, f"is {shown(kind)}, neither {REVIEW!r} nor {BATCH!r}", "kind")
    reviews = _reviews(raw, path) if kind == BATCH else ()
    return Owned({**files, MANIFEST: set()}, kind, reviews)


def _old(raw: dict, path: Path) -> Owned:
    """A review of thidua 0.1, whose manifest did not list its files yet: the names it always wrote."""
    from thidua.run.notebooks import NOTEBOOKS  # imported here, not at the top: the registry imports i18n

    notebooks = raw["notebooks"]
    if not isinstance(notebooks, list) or len(notebooks) > len(NOTEBOOKS):
        raise _refused(path, f"is not a list of thidua's notebooks ({', '.join(NOTEBOOKS)})", "notebooks")
    for nb in notebooks:
        if not is_plain_name(nb):
            raise _refused(path, f"{shown(nb)} is not a plain name", "notebooks")
        if nb not in NOTEBOOKS:
            raise _refused(path, f"{shown(nb)} is not one of thidua's notebooks ({', '.join(NOTEBOOKS)})", "notebooks")
    names = [f"{nb}.{ext}" for nb in notebooks for ext in ("ipynb", "html")]
    return Owned({name: set() for name in [*names, *_OLD_FILES, MANIFEST]})


def read_manifest(out: Path) -> Owned | None:
    """What the manifest in ``out`` says thidua wrote; None when there is no manifest of thidua's."""
    path = out / MANIFEST
    data = read_bounded(path)
    raw = _parse(path, data) if data is not None else None
    if not isinstance(raw, dict):
        return None
    if raw.get("generator") == GENERATOR:
        return _current(raw, path)
    if set(raw) >= _OLD_KEYS:
        return _old(raw, path)
    return None


def read_journal(path: Path) -> dict[str, set[str]]:
    """The files of a commit a killed run left under way (name → SHA-256); empty when there is none."""
    data = read_bounded(path)
    if data is None:
        return {}
    return _names(_parse(path, data), path, None)
