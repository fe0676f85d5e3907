"""HTML from Jinja2 templates, with autoescape on: every string from an input file is escaped where it is written.

The templates live in ``thidua/templates/thidua/`` beside nbconvert's page template, and share its one
stylesheet (``thidua.css``). What a notebook cell displays carries its own inline styles (status
colours, the sample banner, left-aligned names) from ``thidua.reports.style``, so it looks the same in
JupyterLab, in the HTML review and in print.
"""

from __future__ import annotations

import functools
import re

import jinja2
from markupsafe import Markup

from thidua import resources
from thidua.reports import style

TEMPLATE_DIR = resources.TEMPLATES / "thidua"


SCOPE = "thidua-out"  # the class of what a notebook cell displays, which the scoped stylesheet styles
_MEDIA = re.compile(r"@media\s*\(([^)]*)\)\s*\{((?:[^{}]*\{[^{}]*\})*)\s*\}", re.S)
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_PAGE_ONLY = ("body", "main", "nav")  # the page's own frame: JupyterLab has its own
# JupyterLab's own table rules (zebra rows, a fixed layout, centred tables) that the page does not have.
_AGAINST_JUPYTERLAB = """
tbody tr:nth-child(odd), tbody tr:hover { background: transparent; }
table { table-layout: auto; margin-left: 0; margin-right: 0; }
"""


def _prefixed(rules: str) -> str:
    """Each rule of ``rules`` for elements inside the scope only: 'th {…}' → '.thidua-out th {…}'."""
    out = []
    for selectors, body in _RULE.findall(rules):
        kept = [s.strip() for s in selectors.split(",") if s.strip() and re.split(r"[.:#\s\[]", s.strip())[0]
                not in _PAGE_ONLY]  # fmt: skip
        if kept:
            out.append(", ".join(f".{SCOPE} {s}" for s in kept) + " {" + " ".join(body.split()) + "}")
    return "\n".join(out)


@functools.cache
def scoped_css() -> str:
    """The page's stylesheet for one displayed piece: every rule inside ``.thidua-out``, phone rules kept, print not.

    JupyterLab shows a cell's HTML without the page's stylesheet; this gives the tables their borders, header
    shading, wrapping and sticky names there too. The review pages drop it again (they have the whole sheet).
    """
    css = re.sub(r"/\*.*?\*/", "", (TEMPLATE_DIR / "thidua.css").read_text(encoding="utf-8"), flags=re.S)
    media = [f"@media ({m}) {{\n{_prefixed(body)}\n}}" for m, body in _MEDIA.findall(css) if m.strip() != "print"]
    flat = _MEDIA.sub("", re.sub(r"@media print\s*\{(?:[^{}]*\{[^{}]*\})*\s*\}", "", css))
    return "\n".join([_prefixed(flat), *media, _prefixed(_AGAINST_JUPYTERLAB)])


class Html(Markup):
    """Rendered HTML: Jupyter displays it, and templates insert it without escaping it again."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        """The HTML with its own scoped stylesheet, so it looks in JupyterLab as on the review page."""
        return f'<div class="{SCOPE}"><style class="{SCOPE}-style">{scoped_css()}</style>{self}</div>'


_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.globals.update(palette=style.STATUS_COLOURS, on_status=style.ON_STATUS, banner_colours=style.BANNER)


def render(template: str, **context: object) -> Html:
    """Render one template of ``thidua/templates/thidua/`` with ``context``; input strings are escaped."""
    return Html(_ENV.get_template(template).render(**context))
