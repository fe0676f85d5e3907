"""Where thidua's bundled files are: found with importlib.resources, so they work from a wheel as from a checkout.

The notebooks and the data (the bundled plan, sample figures, units, scoring table and catalog) live at
the top of the source tree, where analysts look for them; the build maps them into the package as
``thidua.notebooks`` and ``thidua.data`` (see pyproject.toml), so an installed thidua carries them.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _folder(package: str) -> Path:
    """The folder of ``package`` on disk (wheels are installed unpacked, so it is a real folder)."""
    return Path(str(files(package)))


PACKAGE = _folder("thidua")
TEMPLATES = PACKAGE / "templates"
LOCALE = PACKAGE / "locale"
DATA = _folder("thidua.data")
NOTEBOOKS = _folder("thidua.notebooks")
