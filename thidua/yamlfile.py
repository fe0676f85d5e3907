"""Reading the small YAML files thidua is configured with (units, scoring tables, batches, catalogs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from thidua.errors import InputError


def read_yaml(path: Path) -> Any:
    """The file's content, read safely (no code runs); a missing or unreadable file is an ``InputError``."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("file not found", file=path) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"not a readable YAML file ({exc.__class__.__name__})", file=path) from None
