"""The Word report as PDF, for offices that print: converted by LibreOffice when it is installed (``--pdf``).

LibreOffice runs headless with a profile and TMPDIR of its own in a temporary folder (runs in parallel
never share one), bounded in time, and is stopped with every process it started; the PDF is written
beside the report in a temporary folder and moved into place.
A PDF thidua wrote is known by its SHA-256, kept in the stamp of the report it was made from
(the command line checks it before writing): ``--force`` replaces only such a PDF, never one of someone else.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from thidua.errors import InputError, WriteFailed

CONVERT_SECONDS = 180  # the sample's report converts in a few seconds; a first start of LibreOffice takes longer
INSTALL = "apt-get install libreoffice-writer-nogui (Debian, Ubuntu), or install LibreOffice"
MISSING = f"--pdf needs LibreOffice (soffice), which is not installed: {INSTALL}"


def soffice() -> str | None:
    """LibreOffice's command, where it is installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """LibreOffice's command, or a one-line error saying how to install it."""
    found = soffice()
    if found is None:
        raise InputError(MISSING, field="pdf")
    return found


def convert(docx: Path, folder: Path, seconds: float | None = None) -> Path:
    """Convert ``docx`` to ``folder/<its name>.pdf`` (``folder`` a staging folder of thidua's); return the PDF."""
    command = require_soffice()
    seconds = CONVERT_SECONDS if seconds is None else seconds
    with tempfile.TemporaryDirectory(prefix=".soffice-", dir=folder) as work:
        profile = Path(work) / "profile"
        try:
            returncode, said = _run(
                [command, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", work, str(docx)],
                {**os.environ, "TMPDIR": work}, seconds,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise WriteFailed(f"LibreOffice did not convert {docx.name} within {seconds} s; no PDF written") from None
        made = Path(work) / f"{docx.stem}.pdf"
        if returncode != 0 or not made.is_file():
            lines = said.decode(errors="replace").strip().splitlines()
            raise WriteFailed(f"LibreOffice could not convert {docx.name}: {lines[-1] if lines else 'no PDF made'}")
        target = folder / f"{docx.stem}.pdf"
        os.replace(made, target)
    return target


def _run(command: list[str], env: dict[str, str], seconds: float) -> tuple[int, bytes]:
    """Run LibreOffice in a process group of its own; its exit code and what it said (stderr, else stdout).

    At the timeout (``subprocess.TimeoutExpired``), an interruption or any error, the whole group is
    killed: ``soffice`` starts ``soffice.bin``, which would otherwise go on writing in its profile.
    """
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        start_new_session=True,
    )  # fmt: skip
    try:
        out, err = process.communicate(timeout=seconds)
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    return process.returncode, err or out
