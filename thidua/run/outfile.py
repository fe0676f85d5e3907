"""One output file (a Word report, a data-entry workbook), written as a review folder is: nothing of the user's lost.

thidua writes a new file, or with ``force`` replaces a file it wrote itself and nobody changed since;
it never writes over one of the command's own inputs. A file thidua writes carries its stamp: the
SHA-256 of every part of the document but its core properties, kept in the core properties'
``identifier``. A file saved again by Word, Excel or LibreOffice (an officer's filled-in workbook, a
report edited before filing) no longer matches its stamp and is never replaced. The file is written
beside its place and renamed into it, so a full disk or a failure leaves the old file whole.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from thidua.errors import OutputRefused, WriteFailed
from thidua.run.outdir import sha256

_CORE = "docProps/core.xml"
_STAMP = "thidua:sha256:"
_PDF = "pdf:"  # after the stamp: the SHA-256 of the PDF made from the document
_IDENTIFIER = re.compile(rb"<dc:identifier\b[^>]*?(?<!/)>([^<]*)</dc:identifier>|<dc:identifier\b[^>]*/>")
_DC = b'<dc:identifier xmlns:dc="http://purl.org/dc/elements/1.1/">'  # openpyxl declares dc on each element
_MAX_STAMPED_BYTES = 200 * 2**20  # unpacked size up to which a file's stamp is checked at all


def write_file(
    out: Path,
    write: Callable[[Path], None],
    inputs: Iterable[Path | None],
    force: bool,
    companion: Callable[[], str | None] | None = None,
) -> Path:
    """Write ``out`` through ``write(temporary path)``, stamp it and move it into place.

    ``companion`` gives, once ``write`` ran, the SHA-256 of a file made from it (its PDF) to keep in the stamp.

    Refused (``OutputRefused``) when ``out`` is one of ``inputs``, is not a regular file, or exists and
    is not thidua's own unchanged file (or ``force`` is not given).
    """
    out = Path(os.path.abspath(out))
    _refuse(out, [Path(p) for p in inputs if p is not None], force)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{out.name[:80]}.", suffix=".tmp", dir=out.parent)
        os.close(handle)
    except OSError as exc:
        raise WriteFailed(f"could not write {out} ({exc.strerror or exc}); nothing changed") from None
    temporary = Path(name)
    try:
        write(temporary)
        stamp(temporary, companion() if companion else None)
        os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary new file (mkstemp makes it private)
        os.replace(temporary, out)
    except OSError as exc:
        raise WriteFailed(f"could not write {out} ({exc.strerror or exc}); any older file is unchanged") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return out


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _refuse(out: Path, inputs: list[Path], force: bool) -> None:
    for given in inputs:
        with contextlib.suppress(OSError):
            if os.path.samefile(out, given):  # the same file, through a link or a hard link too
                raise OutputRefused(
                    "is one of this command's own inputs; write the output to another file", file=out, field="out"
                )
    try:
        mode = os.lstat(out).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise OutputRefused(
            "exists and is not a regular file (a folder, a link or a device); choose another name",
            file=out,
            field="out",
        )
    if not force:
        raise OutputRefused(
            "already exists; choose a new name, or --force to replace a file thidua wrote", file=out, field="out"
        )
    if not is_stamped(out):
        raise OutputRefused(
            "was not written by thidua, or was changed after (filled in, edited): thidua never replaces it; "
            "choose another name",
            file=out, field="out",
        )  # fmt: skip


def _digest(archive: zipfile.ZipFile) -> str:
    """SHA-256 over every part's name and content except the core properties, in name order."""
    digest = hashlib.sha256()
    for info in sorted(archive.infolist(), key=lambda i: i.filename):
        if info.filename == _CORE:
            continue
        digest.update(info.filename.encode() + b"\0")
        with archive.open(info) as part:
            for block in iter(lambda p=part: p.read(1 << 16), b""):
                digest.update(block)
    return digest.hexdigest()


def stamp(path: Path, companion: str | None = None) -> None:
    """Put the document's digest in its core properties' identifier (rewriting that one part).

    ``companion`` is the SHA-256 of the PDF made from it (``thidua.reports.pdf``), kept after the digest.
    """
    with zipfile.ZipFile(path) as archive:
        value = (_STAMP + _digest(archive) + (f" {_PDF}{companion}" if companion else "")).encode()
        core = archive.read(_CORE)
        parts = [(info, archive.read(info)) for info in archive.infolist() if info.filename != _CORE]
    element = _DC + value + b"</dc:identifier>"
    if _IDENTIFIER.search(core):
        core = _IDENTIFIER.sub(lambda _: element, core, count=1)
    else:
        core = core.replace(b"</cp:coreProperties>", element + b"</cp:coreProperties>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            archive.writestr(info, data)
        archive.writestr(_CORE, core)


def companion(path: Path) -> str | None:
    """The SHA-256 of the PDF thidua made from the stamped document ``path``, if it made one and nobody changed it."""
    if not is_stamped(path):
        return None
    with zipfile.ZipFile(path) as archive:
        found = _IDENTIFIER.search(archive.read(_CORE)[: 1 << 20])
    tokens = found.group(1).decode().split(" ") if found and found.group(1) else []
    return next((t.removeprefix(_PDF) for t in tokens if t.startswith(_PDF)), None)


def is_stamped(path: Path) -> bool:
    """True when ``path`` is a document thidua wrote and nobody changed since (its stamp still matches)."""
    try:
        with zipfile.ZipFile(path) as archive:
            if sum(i.file_size for i in archive.infolist()) > _MAX_STAMPED_BYTES:
                return False
            found = _IDENTIFIER.search(archive.read(_CORE)[: 1 << 20])
            return bool(found and found.group(1).split(b" ")[0] == (_STAMP + _digest(archive)).encode())
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, EOFError):
        return False


def refuse_companion(pdf: Path, docx: Path, force: bool) -> None:
    """Refuse to replace ``pdf`` unless ``force`` and it is the PDF thidua made from ``docx`` and nobody changed.

    Its SHA-256 is kept in the stamp of the ``.docx`` it was made from (``companion``).
    """
    if not os.path.lexists(pdf):
        return
    if not pdf.is_file() or pdf.is_symlink():
        raise OutputRefused("exists and is not a regular file; choose another name", file=pdf, field="pdf")
    if not force:
        raise OutputRefused("already exists; choose a new name, or --force to replace a PDF thidua wrote",
                            file=pdf, field="pdf")  # fmt: skip
    recorded = companion(docx) if docx.is_file() else None
    if recorded is None or sha256(pdf) != recorded:
        raise OutputRefused(
            "was not written by thidua from this report, or was changed after: thidua never replaces it",
            file=pdf, field="pdf",
        )  # fmt: skip
