"""HTML from Jinja2 templates, with autoescape on: every string from an input file is escaped where it is written.

The templates live in ``thidua/templates/thidua/`` beside nbconvert's page template, and share its one
stylesheet (``thidua.css``). What a notebook cell displays carries its own inline styles (status
colours, the sample banner, left-aligned names) from ``thidua.reports.style``, so it looks the same in
JupyterLab, in the HTML review and in print.
"""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from thidua import resources
from thidua.reports import style

TEMPLATE_DIR = resources.TEMPLATES / "thidua"


class Html(Markup):
    """Rendered HTML: Jupyter displays it, and templates insert it without escaping it again."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        return str(self)


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
