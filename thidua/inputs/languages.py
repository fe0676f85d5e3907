"""The languages a review is written in, declared once: Vietnamese (the default) and English.

A plan names each target in both (``name_vi``, ``name_en``); the command line offers these choices; the
message catalogs (``thidua/locale``) and the number formats (``thidua.reports.i18n.LOCALES``) follow them.
"""

from __future__ import annotations

LANGUAGES = ("vi", "en")
NUMBER_STYLES = LANGUAGES  # a CSV writes numbers the Vietnamese way (6.830.000 and 38,5) or the English way


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported report language, else raise ``ValueError``."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return lang


def name_column(lang: str) -> str:
    """The plan's column holding the targets' names in ``lang``: ``name_vi``, ``name_en``."""
    return f"name_{check_lang(lang)}"
