"""The Word report as PDF, for offices that print: converted by LibreOffice when it is installed (``--pdf``).

LibreOffice runs headless with a profile of its own in a temporary folder (runs in parallel never share
one), bounded in time; the PDF is written beside the report in a temporary folder and moved into place.
A PDF thidua wrote is known by its SHA-256, kept in the stamp of the report it was made from (the command
line keeps it): ``--force`` replaces only such a PDF, never one of someone else.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from thidua.errors import InputError, OutputRefused, WriteFailed

CONVERT_SECONDS = 180  # the sample's report converts in a few seconds; a first start of LibreOffice takes longer
INSTALL = "apt-get install libreoffice-writer-nogui (Debian, Ubuntu), or install LibreOffice"


def soffice() -> str | None:
    """LibreOffice's command, where it is installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """LibreOffice's command, or a one-line error saying how to install it (checked before any work)."""
    found = soffice()
    if found is None:
        raise InputError(f"--pdf needs LibreOffice (soffice), which is not installed: {INSTALL}", field="pdf")
    return found


def sha256(path: Path) -> str:
    """The file's SHA-256, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def convert(docx: Path, folder: Path, seconds: int = CONVERT_SECONDS) -> Path:
    """Convert ``docx`` to ``folder/<its name>.pdf`` (``folder`` a staging folder of thidua's); return the PDF."""
    command = require_soffice()
    with tempfile.TemporaryDirectory(prefix=".soffice-", dir=folder) as work:
        profile = Path(work) / "profile"
        try:
            done = subprocess.run(
                [command, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", work, str(docx)],
                capture_output=True, timeout=seconds, check=False, stdin=subprocess.DEVNULL,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise WriteFailed(f"LibreOffice did not convert {docx.name} within {seconds} s; no PDF written") from None
        made = Path(work) / f"{docx.stem}.pdf"
        if done.returncode != 0 or not made.is_file():
            said = (done.stderr or done.stdout).decode(errors="replace").strip().splitlines()
            raise WriteFailed(f"LibreOffice could not convert {docx.name}: {said[-1] if said else 'no PDF made'}")
        target = folder / f"{docx.stem}.pdf"
        os.replace(made, target)
    return target


def refuse_foreign(pdf: Path, recorded: str | None, force: bool) -> None:
    """Refuse to replace ``pdf`` unless ``force`` and it is the PDF thidua made last time (``recorded``)."""
    if not os.path.lexists(pdf):
        return
    if not pdf.is_file() or pdf.is_symlink():
        raise OutputRefused("exists and is not a regular file; choose another name", file=pdf, field="pdf")
    if not force:
        raise OutputRefused("already exists; choose a new name, or --force to replace a PDF thidua wrote",
                            file=pdf, field="pdf")  # fmt: skip
    if recorded is None or sha256(pdf) != recorded:
        raise OutputRefused(
            "was not written by thidua from this report, or was changed after: thidua never replaces it",
            file=pdf, field="pdf",
        )  # fmt: skip
