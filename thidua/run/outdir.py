"""Output folders that belong to thidua: one run at a time, and no file touched that thidua did not write.

A review is made in a staging folder inside its output folder (``OUT/.thidua/run-PID``) and its files
are moved into ``OUT`` only when every notebook ran. thidua replaces or deletes only the files it wrote
itself, as listed with their SHA-256 in the ``manifest.json`` of its previous review (read as names
inside ``OUT`` only, see :mod:`thidua.run.manifest`); every other file in ``OUT`` is left alone. An
``OUT`` that is neither empty nor a thidua review is refused unless ``force`` is given, and even then a
file of someone else's is never replaced. A review's folder and a batch's root are told apart by their
manifests: neither is written as the other. A lock in ``OUT/.thidua/lock`` keeps a second run out while
one is writing; leftovers of a killed run (its staging folder, a half-done commit) are recognised and
cleaned by the next run, under the lock. Nothing in ``OUT/.thidua`` is followed if it is a symbolic
link, and a refused run leaves ``OUT`` as it was: ``.thidua`` is made only for a run that is accepted.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from thidua.run.manifest import (
    BATCH,
    GENERATOR,
    MANIFEST,
    REVIEW,
    STATE,
    OutputRefused,
    is_plain_name,
    read_journal,
    read_manifest,
)

__all__ = ["BATCH", "GENERATOR", "MANIFEST", "REVIEW", "STATE", "OutputFolder", "OutputRefused", "claim", "sha256"]

_JOURNAL = "commit.json"  # the files of a commit under way: a run killed while moving files leaves it
_LOCK = "lock"
_STATE_USE = "thidua keeps its lock and runs there"


def sha256(path: Path) -> str:
    """The file's SHA-256, read in blocks (so a manifest pins what thidua wrote, and inputs what they were)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _is_unchanged(path: Path, digests: set[str]) -> bool:
    """True when ``path`` is still what thidua wrote (any content, for names of a thidua 0.1 review)."""
    return not digests or sha256(path) in digests


def _mode(path: Path) -> int | None:
    """``path``'s file type and mode, the link itself for a symbolic link (None when there is nothing)."""
    try:
        return os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None


def _remove(path: Path) -> None:
    """Remove thidua's own ``path`` in ``OUT/.thidua``: a real folder with its files, anything else (a link) alone."""
    mode = _mode(path)
    if mode is not None and stat.S_ISDIR(mode):
        shutil.rmtree(path, ignore_errors=True)
    elif mode is not None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


@dataclass
class OutputFolder:
    """An output folder claimed for one run: locked, checked, with a staging folder to write into."""

    path: Path
    owned: dict[str, set[str]] = field(default_factory=dict)
    _lock: int | None = None
    _made: list[Path] = field(default_factory=list)  # .thidua and its lock, when this run made them

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
        _check_writable(self.path, self.owned, names)

    def commit(self, files: list[str]) -> None:
        """Move the staged ``files`` into ``OUT`` (the manifest last); drop thidua's files this run did not make."""
        staged = {name: sha256(self.staging / name) for name in files}
        self.check_writable(staged)
        self._write_journal(staged)
        for name in sorted(staged, key=lambda n: n == MANIFEST):
            os.replace(self.staging / name, self.path / name)
        self._drop_stale(staged)
        (self.path / STATE / _JOURNAL).unlink()
        _remove(self.staging)
        _remove(self.failed)
        self.owned = {name: {digest} for name, digest in staged.items()}

    def _write_journal(self, staged: dict[str, str]) -> None:
        """The journal of this commit: a new file of this run's (never through a link), renamed into place."""
        fresh = self.path / STATE / f"commit-{os.getpid()}.json"
        _remove(fresh)
        fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(staged, handle)
        os.replace(fresh, self.path / STATE / _JOURNAL)

    def _drop_stale(self, staged: dict[str, str]) -> None:
        """Delete thidua's files of the last run not made again: regular files directly in ``OUT``, unchanged."""
        for name, digests in self.owned.items():
            stale = self.path / name
            mode = _mode(stale) if name not in staged and is_plain_name(name) else None
            if mode is not None and stat.S_ISREG(mode) and _is_unchanged(stale, digests):
                stale.unlink()

    def keep_failed(self) -> None:
        """Keep what the failed run made in ``OUT/.thidua/failed`` (replacing the previous failed run)."""
        _remove(self.failed)
        mode = _mode(self.staging)
        if mode is not None and stat.S_ISDIR(mode):
            self.staging.replace(self.failed)

    def release(self) -> None:
        """Let the next run in: remove this run's staging folder (and ``.thidua`` if it made it, when empty); unlock."""
        _remove(self.staging)
        if self._lock is None:
            return
        for made in reversed(self._made):  # the lock first (still held), then .thidua if nothing else is in it
            with contextlib.suppress(OSError):
                made.rmdir() if made.name == STATE else made.unlink()
        os.close(self._lock)
        self._lock = None


def _check_writable(out: Path, owned: dict[str, set[str]], names: Iterable[str]) -> None:
    """Refuse to write a name in ``out`` that holds a file thidua did not write (or one changed since)."""
    for name in names:
        mode = _mode(out / name)
        if mode is None:
            continue
        if not stat.S_ISREG(mode) or name not in owned:
            raise OutputRefused(
                f"{name} is not a file thidua wrote; move it away or choose another output folder",
                file=out, field="out",
            )  # fmt: skip
        if not _is_unchanged(out / name, owned[name]):
            raise OutputRefused(
                f"{name} was changed after thidua wrote it; move it away to keep your changes, then run again",
                file=out, field="out",
            )  # fmt: skip


def _check_state(out: Path) -> None:
    """Refuse an ``OUT/.thidua`` that is a symbolic link or not a folder: thidua would write through it."""
    mode = _mode(out / STATE)
    if mode is not None and stat.S_ISLNK(mode):
        raise OutputRefused(f"is a symlink; {_STATE_USE} and follows no link in it: move it away", file=out / STATE,
                            field="out")  # fmt: skip
    if mode is not None and not stat.S_ISDIR(mode):
        raise OutputRefused(f"is not a folder; {_STATE_USE}: move it away", file=out / STATE, field="out")


def _is_review_folder(path: Path) -> bool:  # a folder of a batch's root, not someone else's
    """True for a real folder that is empty or a review of thidua's (its manifest, or its run under way)."""
    mode = _mode(path)
    if mode is None or not stat.S_ISDIR(mode):
        return False
    try:
        names = os.listdir(path)
    except OSError:  # a folder thidua may not read is not one it wrote
        return False
    return not names or MANIFEST in names or STATE in names


def _refuse_kind(out: Path, kind: str) -> None:
    """Refuse to write a batch into a review's folder, or a review into a batch's root (each would drop the other)."""
    if kind == BATCH:
        problem = "holds a single review, not a batch: give the batch its own folder"
    else:
        problem = "holds a batch's index (its manifest lists reviews), not a review: give the review its own folder"
    raise OutputRefused(f"{problem} (nothing was changed)", file=out, field="out")


def _owned(out: Path, kind: str) -> dict[str, set[str]] | None:
    """The files thidua wrote in ``out`` (name → SHA-256s, empty: any), or None if it is no folder of thidua's."""
    manifest = read_manifest(out)
    if manifest is not None and manifest.kind != kind:
        _refuse_kind(out, kind)
    journal = read_journal(out / STATE / _JOURNAL)
    if manifest is None and not journal:
        return None
    files = dict(manifest.files) if manifest else {}
    for name, digests in journal.items():
        files[name] = files.get(name, set()) | digests
    return files


def _refuse_foreign(out: Path, force: bool, kind: str = REVIEW, names: Iterable[str] = ()) -> dict[str, set[str]]:
    """The files thidua owns in ``out``; refuse a folder of someone else's files unless ``force``.

    A batch's root (``kind`` "batch") may hold review folders of thidua's. ``names`` (what the run will
    write) must not be someone else's files, nor files changed since thidua wrote them.
    """
    if out.exists() and not out.is_dir():
        raise OutputRefused("is a file, not a folder", file=out, field="out")
    if not out.exists():
        return {}
    _check_state(out)
    owned = _owned(out, kind)
    batch = kind == BATCH
    others = sorted(n for n in os.listdir(out) if n != STATE and not (batch and _is_review_folder(out / n)))
    if owned is None and others and not force:
        _refuse_if_busy(out)
        raise OutputRefused(
            f"holds files thidua did not write (such as {others[0]!r}): give an empty or new folder, or --force "
            "to add the review beside them (thidua never replaces a file it did not write)",
            file=out, field="out",
        )  # fmt: skip
    _check_writable(out, owned or {}, names)
    return owned or {}


def _busy(out: Path, fd: int) -> OutputRefused:
    holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
    return OutputRefused(
        f"another thidua run (process {holder}) is writing this folder; try again when it has finished",
        file=out, field="out",
    )  # fmt: skip


def _open_lock(out: Path) -> tuple[int, bool]:
    """The lock file, opened without following a link (and whether this run made it)."""
    path = out / STATE / _LOCK
    try:
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644), True
        except FileExistsError:
            fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        raise OutputRefused(f"cannot be the lock ({exc.strerror}); move it away", file=path, field="out") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OutputRefused("cannot be the lock (not a regular file); move it away", file=path, field="out")
    return fd, False


def _refuse_if_busy(out: Path) -> None:
    """Say the folder is busy when another run holds its lock (a refusal would otherwise blame its files)."""
    with contextlib.suppress(OSError):
        fd = os.open(out / STATE / _LOCK, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _busy(out, fd) from None
        finally:
            os.close(fd)


def _lock(out: Path) -> tuple[int, list[Path]]:
    """Take the folder's lock without waiting (making ``.thidua`` if needed); another run holding it is refused.

    Returns the lock and what this run made. A lock file removed by the run that held it is taken again.
    """
    made: list[Path] = []
    try:
        for _ in range(10):
            with contextlib.suppress(FileExistsError):
                (out / STATE).mkdir()
                made.append(out / STATE)
            _check_state(out)
            fd, created = _open_lock(out)
            if _locked(out, fd):
                return fd, [*made, out / STATE / _LOCK] if created else made
        raise OutputRefused("its lock keeps changing; try again", file=out, field="out")
    except BaseException:
        for path in made:  # a refused run leaves no .thidua behind (one another run has filled stays)
            with contextlib.suppress(OSError):
                path.rmdir()
        raise


def _locked(out: Path, fd: int) -> bool:
    """Lock ``fd`` and write this run's id in it; False (closed) when its file was removed meanwhile."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        error = _busy(out, fd)
        os.close(fd)
        raise error from None
    now = _mode(out / STATE / _LOCK) is not None and os.lstat(out / STATE / _LOCK).st_ino
    if os.fstat(fd).st_ino != now:
        os.close(fd)  # removed by the run that held it: the caller takes the new one
        return False
    os.ftruncate(fd, 0)
    os.write(fd, str(os.getpid()).encode())
    return True


def _clean_leftovers(out: Path) -> None:
    """Remove staging folders and journals of killed runs (under the lock no other run can be writing)."""
    for leftover in os.listdir(out / STATE):
        if leftover.startswith("run-") or (leftover.startswith("commit-") and leftover.endswith(".json")):
            _remove(out / STATE / leftover)


@contextlib.contextmanager
def claim(out: Path, force: bool = False, kind: str = REVIEW, names: Iterable[str] = ()) -> Iterator[OutputFolder]:
    """Claim ``out`` for one run: refuse a folder that is not thidua's, lock it, clean a killed run's leftovers.

    ``kind`` is what the run writes: a review's folder, or a batch's root holding its reviews' folders.
    ``names`` are the files it will write: checked (see :meth:`OutputFolder.check_writable`) before
    anything is made, so that a refused run leaves ``out`` as it was.
    """
    out, names = Path(os.path.abspath(out)), tuple(names)
    _refuse_foreign(out, force, kind, names)
    out.mkdir(parents=True, exist_ok=True)
    folder = OutputFolder(out)
    folder._lock, folder._made = _lock(out)
    try:
        folder.owned = _refuse_foreign(out, force, kind, names)  # again, now that no other run can change it
        _clean_leftovers(out)
        folder.staging.mkdir()
        yield folder
    finally:
        folder.release()
