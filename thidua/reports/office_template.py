"""A Word template that came from elsewhere, opened as safely as a data file: checked, then rendered in a sandbox.

Offices send each other templates by e-mail. Before one is used, the ``.docx`` is checked as a zip
(its size, number of parts, unpacked size), refused if it holds macros, a document type declaration
(the way to an entity bomb) or a relationship that makes Word fetch something from outside when the
report is opened (a linked image, an attached template, a file:// link); a web or e-mail link is fine.
Its placeholders are rendered by Jinja2's sandbox: no attribute starting with ``_``, no Python
internals, ``range`` and repetition bounded, and each rendered part bounded in size. The time and the
memory a rendering may take are bounded by the process it runs in (the caller confines it).
"""

from __future__ import annotations

import contextlib
import re
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import BaseLoader, Environment, Template, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from lxml.etree import XMLSyntaxError

from thidua.errors import TemplateRefused

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024  # a letterhead with a logo is well under 1 MB
MAX_PARTS = 500
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_XML_PART_BYTES = 10 * 1024 * 1024
MAX_RENDERED_CHARS = 20 * 1024 * 1024  # one rendered part (the body with its appendix is under 1 MB)
MAX_RANGE = 10_000
MAX_REPEAT = 100_000  # the longest string or list that ``*`` may make

_EXTERNAL = re.compile(rb"""TargetMode\s*=\s*["']External["']""")
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>", re.S)
_ATTRIBUTE = re.compile(rb"""(\w+)\s*=\s*["']([^"']*)["']""")
_HYPERLINK = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_MACRO_PARTS = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml)$", re.I)


def check_template(path: Path) -> None:
    """Refuse a template that is too big, not a Word document, macro-enabled, or linked to outside files."""
    try:
        info = path.stat()
    except OSError as exc:
        raise TemplateRefused(f"cannot be read ({exc.strerror or exc})", file=path, field="template") from None
    if not stat.S_ISREG(info.st_mode):
        raise TemplateRefused("is not a regular file (a device, a pipe?)", file=path, field="template")
    size = info.st_size
    if size > MAX_TEMPLATE_BYTES:
        raise TemplateRefused(
            f"is {size / 2**20:.0f} MB; a template may be at most {MAX_TEMPLATE_BYTES // 2**20} MB",
            file=path, field="template",
        )  # fmt: skip
    try:
        with zipfile.ZipFile(path) as archive:
            _check_parts(path, archive)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise TemplateRefused(
            "is not a Word document (.docx); save it from Word as 'Word Document (*.docx)'",
            file=path, field="template",
        ) from None  # fmt: skip


def _check_parts(path: Path, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise TemplateRefused(f"has {len(infos)} parts; a template may have at most {MAX_PARTS}", file=path)
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise TemplateRefused(
            f"unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB (a zip bomb?)", file=path, field="template"
        )
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise TemplateRefused("has no word/document.xml: it is not a Word document (.docx)", file=path)
    for info in infos:
        if _MACRO_PARTS.search(info.filename):
            raise TemplateRefused(
                "holds macros (a .docm); save it as 'Word Document (*.docx)', which drops them",
                file=path, where=info.filename,
            )  # fmt: skip
        if info.filename.endswith((".xml", ".rels")):
            _check_xml(path, archive, info)


def _check_xml(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    if info.file_size > MAX_XML_PART_BYTES:
        raise TemplateRefused(
            f"part is larger than {MAX_XML_PART_BYTES // 2**20} MB unpacked", file=path, where=info.filename
        )
    data = archive.read(info)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise TemplateRefused(
            "declares a document type or entities, which Word documents never need", file=path, where=info.filename
        )
    if info.filename.endswith(".rels") and _EXTERNAL.search(data):
        _check_relationships(path, info.filename, data)


def _check_relationships(path: Path, part: str, data: bytes) -> None:
    """Only web and e-mail links may point outside; Word fetches any other external target when it opens."""
    for match in _RELATIONSHIP.finditer(data):
        attributes = {k.decode(): v.decode("utf-8", "replace") for k, v in _ATTRIBUTE.findall(match.group())}
        if attributes.get("TargetMode") != "External":
            continue
        target = attributes.get("Target", "")
        kind = PurePosixPath(attributes.get("Type", "")).name
        if attributes.get("Type", "").encode() == _HYPERLINK and target.lower().startswith(_SAFE_SCHEMES):
            continue
        shown = target if len(target) <= 60 else target[:59] + "…"
        raise TemplateRefused(
            f"links to {shown!r} outside the document ({kind}), which Word would open or fetch; remove the "
            "link or linked picture, or unlink the attached template, in Word",
            file=path, where=part,
        )  # fmt: skip


@contextlib.contextmanager
def rendering(path: Path | None) -> Iterator[None]:
    """What goes wrong while a template is filled in, as one line naming the template (exit 2)."""
    where = path or "the bundled template"
    try:
        yield
    except SecurityError as exc:
        raise TemplateRefused(f"asks for what a template may not do: {_line(exc)}", file=where) from None
    except TemplateError as exc:
        raise TemplateRefused(f"has a placeholder that cannot be filled: {_line(exc)}", file=where) from None
    except XMLSyntaxError as exc:
        raise TemplateRefused(
            f"is no longer a valid Word document once filled in (a placeholder split across formatting?): {_line(exc)}",
            file=where,
        ) from None
    except RecursionError:
        raise TemplateRefused("calls itself without end (a recursive macro)", file=where) from None


def _line(exc: Exception) -> str:
    text = " ".join(str(getattr(exc, "message", None) or exc).split())
    return text if len(text) <= 160 else text[:159] + "…"


class _BoundedTemplate(Template):
    """A template whose rendered text is at most ``MAX_RENDERED_CHARS`` long, however it loops."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = self.new_context(dict(*args, **kwargs))
        size, chunks = 0, []
        for chunk in self.root_render_func(context):
            size += len(chunk)
            if size > MAX_RENDERED_CHARS:
                raise SecurityError(f"writes more than {MAX_RENDERED_CHARS // 2**20} million characters")
            chunks.append(chunk)
        return "".join(chunks)


def _bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise SecurityError(f"range() of more than {MAX_RANGE} numbers")
    return numbers


class _NoFiles(BaseLoader):
    """A template is one file: ``include``, ``import`` and ``extends`` read nothing."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, None]:
        """Refuse every name."""
        raise SecurityError(f"reads another file ({template!r}); a template must be self-contained")


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja2's sandbox for templates of unknown origin, with autoescape, ``range`` and ``*`` bounded."""

    template_class = _BoundedTemplate
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self) -> None:
        super().__init__(autoescape=True, loader=_NoFiles())
        self.globals["range"] = _bounded_range
        del self.globals["lipsum"]  # pages of made-up Latin, as many as asked for

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """``*`` and ``**`` only within bounds: no string, list or number of millions of digits."""
        if operator == "**":
            if isinstance(right, int) and abs(right) > 64:
                raise SecurityError("an exponent above 64")
            return left**right
        for many, count in ((left, right), (right, left)):
            if isinstance(many, str | list | tuple) and isinstance(count, int) and len(many) * count > MAX_REPEAT:
                raise SecurityError(f"repeats text or a list to more than {MAX_REPEAT} items")
        return left * right
