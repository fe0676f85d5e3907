"""Output folders that belong to thidua: one run at a time, and no file touched that thidua did not write.

A review is made in a staging folder inside its output folder (``OUT/.thidua/run-PID``) and its files
are moved into ``OUT`` only when every notebook ran. thidua replaces or deletes only the files it wrote
itself, as listed with their SHA-256 in the ``manifest.json`` of its previous review; every other file
in ``OUT`` is left alone. An ``OUT`` that is neither empty nor a thidua review is refused unless
``force`` is given, and even then a file of someone else's is never replaced. A lock in
``OUT/.thidua/lock`` keeps a second run out while one is writing; leftovers of a killed run (its
staging folder, a half-done commit) are recognised and cleaned by the next run, under the lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from thidua.errors import InputError

STATE = ".thidua"  # thidua's own folder inside OUT: the lock, the staging runs, the last failed run
MANIFEST = "manifest.json"
GENERATOR = "thidua"
_JOURNAL = "commit.json"  # the files of a commit under way: a run killed while moving files leaves it


class OutputRefused(InputError):
    """The output folder is not thidua's to write (or another run is writing it): exit 2, nothing touched."""


def sha256(path: Path) -> str:
    """The file's SHA-256, read in blocks (so a manifest pins what thidua wrote, and inputs what they were)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _owned_files(out: Path) -> dict[str, set[str]] | None:
    """Files thidua wrote in ``out`` (name → acceptable SHA-256s; empty set: any), or None if it is no review."""
    owned: dict[str, set[str]] = {}
    manifest = out / MANIFEST
    try:
        raw = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raw = None
    if isinstance(raw, dict) and raw.get("generator") == GENERATOR and isinstance(raw.get("files"), dict):
        owned = {str(name): {str(digest)} for name, digest in raw["files"].items()}
        owned[MANIFEST] = set()
    elif isinstance(raw, dict) and {"inputs", "parameters", "notebooks", "versions"} <= set(raw):
        # A review of thidua 0.1, whose manifest did not list its files yet: the names it always wrote.
        names = [f"{nb}.{ext}" for nb in raw["notebooks"] for ext in ("ipynb", "html")]
        owned = {name: set() for name in [*names, "index.html", "achievement.csv", "achievement.xlsx", MANIFEST]}
    journal = out / STATE / _JOURNAL
    with contextlib.suppress(OSError, ValueError):
        for name, digest in json.loads(journal.read_text(encoding="utf-8")).items():
            owned.setdefault(str(name), set()).add(str(digest))
    return owned or None


def _is_unchanged(path: Path, digests: set[str]) -> bool:
    """True when ``path`` is still what thidua wrote (any content, for names of a thidua 0.1 review)."""
    return not digests or sha256(path) in digests


@dataclass
class OutputFolder:
    """An output folder claimed for one run: locked, checked, with a staging folder to write into."""

    path: Path
    owned: dict[str, set[str]] = field(default_factory=dict)
    _lock: int | None = None

    @property
    def staging(self) -> Path:
        """Where this run writes, inside ``OUT/.thidua``; moved into ``OUT`` by :meth:`commit`."""
        return self.path / STATE / f"run-{os.getpid()}"

    @property
    def failed(self) -> Path:
        """Where a failed or interrupted run is kept for debugging (the error notebook)."""
        return self.path / STATE / "failed"

    def check_writable(self, names: Iterable[str]) -> None:
        """Refuse, before any work, to write a name that holds a file thidua did not write (or one changed since)."""
        for name in names:
            target = self.path / name
            if not target.exists() and not target.is_symlink():
                continue
            if target.is_symlink() or not target.is_file() or name not in self.owned:
                raise OutputRefused(
                    f"{name} is not a file thidua wrote; move it away or choose another output folder",
                    file=self.path, field="out",
                )  # fmt: skip
            if not _is_unchanged(target, self.owned[name]):
                raise OutputRefused(
                    f"{name} was changed after thidua wrote it; move it away to keep your changes, then run again",
                    file=self.path, field="out",
                )  # fmt: skip

    def commit(self, files: list[str]) -> None:
        """Move the staged ``files`` into ``OUT`` (the manifest last); drop thidua's files this run did not make."""
        staged = {name: sha256(self.staging / name) for name in files}
        self.check_writable(staged)
        journal = self.path / STATE / _JOURNAL
        journal.write_text(json.dumps(staged), encoding="utf-8")
        for name in sorted(staged, key=lambda n: n == MANIFEST):
            os.replace(self.staging / name, self.path / name)
        for name, digests in self.owned.items():
            stale = self.path / name
            if name not in staged and stale.is_file() and not stale.is_symlink() and _is_unchanged(stale, digests):
                stale.unlink()
        journal.unlink()
        shutil.rmtree(self.staging, ignore_errors=True)
        shutil.rmtree(self.failed, ignore_errors=True)
        self.owned = {name: {digest} for name, digest in staged.items()}

    def keep_failed(self) -> None:
        """Keep what the failed run made in ``OUT/.thidua/failed`` (replacing the previous failed run)."""
        shutil.rmtree(self.failed, ignore_errors=True)
        if self.staging.exists():
            self.staging.replace(self.failed)

    def release(self) -> None:
        """Let the next run in: remove this run's staging folder and unlock."""
        shutil.rmtree(self.staging, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def _refuse_foreign(out: Path, force: bool) -> dict[str, set[str]]:
    """The files thidua owns in ``out``; refuse a folder of someone else's files unless ``force``."""
    if out.exists() and not out.is_dir():
        raise OutputRefused("is a file, not a folder", file=out, field="out")
    owned = _owned_files(out) if out.exists() else None
    others = sorted(p.name for p in out.iterdir() if p.name != STATE) if out.exists() else []
    if owned is None and others and not force:
        raise OutputRefused(
            f"holds files thidua did not write (such as {others[0]!r}): give an empty or new folder, or --force "
            "to add the review beside them (thidua never replaces a file it did not write)",
            file=out, field="out",
        )  # fmt: skip
    return owned or {}


def _lock(out: Path) -> int:
    """Take the folder's lock without waiting; another run holding it is a clear refusal."""
    state = out / STATE
    state.mkdir(exist_ok=True)
    fd = os.open(state / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 32).decode(errors="replace").strip() or "?"
        os.close(fd)
        raise OutputRefused(
            f"another thidua run (process {holder}) is writing this folder; try again when it has finished",
            file=out, field="out",
        ) from None  # fmt: skip
    os.ftruncate(fd, 0)
    os.write(fd, str(os.getpid()).encode())
    return fd


def _clean_leftovers(out: Path) -> None:
    """Remove staging folders of killed runs (under the lock no other run can be writing)."""
    for leftover in (out / STATE).glob("run-*"):
        shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def claim(out: Path, force: bool = False) -> Iterator[OutputFolder]:
    """Claim ``out`` for one run: refuse a folder that is not thidua's, lock it, clean a killed run's leftovers."""
    out = Path(os.path.abspath(out))
    _refuse_foreign(out, force)
    out.mkdir(parents=True, exist_ok=True)
    folder = OutputFolder(out, _lock=_lock(out))
    try:
        folder.owned = _refuse_foreign(out, force)  # again, now that no other run can change it
        _clean_leftovers(out)
        folder.staging.mkdir()
        yield folder
    finally:
        folder.release()
