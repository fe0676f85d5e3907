"""The Word report as a PDF, for offices that print: converted by LibreOffice, when it is installed.

LibreOffice (``soffice --headless --convert-to pdf``) runs with a profile of its own in a temporary
folder inside the output folder, so runs in parallel never share one and nothing is written elsewhere;
it is stopped (with everything it started) after ``TIMEOUT`` seconds. The PDF is made in that folder and
moved into place in one rename. It carries thidua's stamp, as the Word report does: the SHA-256 of the
file with the stamp zeroed, in the PDF's keywords (``is_stamped``), so a PDF thidua wrote can be replaced
with ``--force`` and one from elsewhere (or edited since) never is.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from thidua.errors import WriteFailed

TIMEOUT = 120  # seconds; the sample's report takes about 2 s (a first run, making the profile, about 4 s)
NOT_FOUND = (
    "--pdf needs LibreOffice (soffice), which was not found: install it (apt-get install libreoffice-writer-nogui)"
    " or leave out --pdf"
)
_MARK = "thidua-sha256-"
_ZEROS = "0" * 64
_CORE = "docProps/core.xml"
_KEYWORDS = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords"
_MAX_BYTES = 200 * 2**20  # a PDF larger than this is never taken for thidua's


class PdfFailed(WriteFailed):
    """The PDF could not be made (no LibreOffice, a failed or timed-out conversion): exit 4."""


def find_soffice() -> str | None:
    """The LibreOffice program on ``PATH`` (``soffice``, else ``libreoffice``), or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: Path, pdf: Path, timeout: float | None = None) -> Path:
    """Convert ``docx`` into ``pdf`` (made beside it, renamed into place); raise ``PdfFailed`` if it cannot."""
    with converted(docx, pdf.parent, timeout) as made:
        os.replace(made, pdf)
    return pdf


@contextlib.contextmanager
def converted(docx: Path, folder: Path, timeout: float | None = None) -> Iterator[Path]:
    """The stamped PDF of ``docx``, made in a temporary folder inside ``folder`` (removed on leaving).

    Move it into place (``os.replace``) inside the ``with`` block. Raises ``PdfFailed`` when LibreOffice
    is not installed, fails, or takes longer than ``timeout`` seconds (default ``TIMEOUT``).
    """
    soffice = find_soffice()
    if soffice is None:
        raise PdfFailed(NOT_FOUND)
    with tempfile.TemporaryDirectory(prefix=".thidua-pdf-", dir=os.path.abspath(folder)) as tmp:
        work = Path(tmp)
        source = work / "report.docx"
        _with_placeholder(docx, source)
        _run(soffice, source, work, TIMEOUT if timeout is None else timeout)
        made = work / "report.pdf"
        if not made.is_file():
            raise PdfFailed(f"LibreOffice made no PDF of {docx.name}")
        _stamp(made)
        os.chmod(made, 0o666 & ~_umask())
        yield made


def _with_placeholder(docx: Path, copy: Path) -> None:
    """A copy of ``docx`` whose keywords end with the stamp's placeholder (the PDF's keywords then carry it)."""
    from lxml import etree

    with zipfile.ZipFile(docx) as archive, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == _CORE:
                core = etree.fromstring(data)
                keywords = core.find(_KEYWORDS)
                if keywords is None:
                    keywords = etree.SubElement(core, _KEYWORDS)
                keywords.text = f"{keywords.text}, {_MARK}{_ZEROS}" if keywords.text else _MARK + _ZEROS
                data = etree.tostring(core, xml_declaration=True, encoding="UTF-8", standalone=True)
            out.writestr(info, data)


def _run(soffice: str, source: Path, work: Path, timeout: float) -> None:
    """Run LibreOffice on ``source`` with a private profile and TMPDIR in ``work``; stop its process group."""
    command = [
        soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
        "--convert-to", "pdf", "--outdir", str(work), str(source),
    ]  # fmt: skip
    env = {**os.environ, "TMPDIR": str(work)}
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        start_new_session=True,
    )  # fmt: skip
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise PdfFailed(f"LibreOffice took longer than {timeout:g} s to convert the report; no PDF written") from None
    finally:
        if process.returncode is None:  # timed out or interrupted: stop LibreOffice and what it started
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    if process.returncode != 0:
        last = (err.decode(errors="replace").strip().splitlines() or ["no message"])[-1]
        raise PdfFailed(f"LibreOffice failed (exit {process.returncode}: {last}); no PDF written")


def _forms(text: str) -> list[bytes]:
    """``text`` as it may stand in a PDF: a plain string, or UTF-16BE in hexadecimal (LibreOffice's way)."""
    return [text.encode("ascii"), "".join(f"{ord(c):04X}" for c in text).encode("ascii")]


def _replace(data: bytes, old: str, new: str) -> bytes:
    for before, after in zip(_forms(old), _forms(new), strict=True):
        data = data.replace(before, after)
    return data


def _stamp(pdf: Path) -> None:
    """Put the PDF's digest (taken with the placeholder in place) where the placeholder is: the same length."""
    data = pdf.read_bytes()
    stamped = _replace(data, _MARK + _ZEROS, _MARK + hashlib.sha256(data).hexdigest())
    if stamped == data:
        raise PdfFailed("LibreOffice left out the report's keywords; the PDF could not be stamped")
    pdf.write_bytes(stamped)


def is_stamped(pdf: Path) -> bool:
    """True when ``pdf`` is a PDF thidua wrote and nobody changed since (its stamp still matches)."""
    try:
        if os.path.getsize(pdf) > _MAX_BYTES:
            return False
        data = pdf.read_bytes()
    except OSError:
        return False
    digest = _digest_in(data)
    return digest is not None and hashlib.sha256(_replace(data, _MARK + digest, _MARK + _ZEROS)).hexdigest() == digest


def _digest_in(data: bytes) -> str | None:
    """The digest a stamp in ``data`` holds (in either form), or None."""
    plain, utf16 = _forms(_MARK)
    found = re.search(re.escape(utf16) + rb"((?:00(?:3[0-9]|6[1-6])){64})", data)
    if found:
        return bytes.fromhex(found.group(1).decode()).decode("utf-16-be")
    found = re.search(re.escape(plain) + rb"([0-9a-f]{64})", data)
    return found.group(1).decode() if found else None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
