"""The translation layer: the only place that looks at the report language.

Every user-facing word is a gettext message (keyed by its English text) in the catalogs
``thidua/locale/<lang>/LC_MESSAGES/thidua.po``, extracted from the code with Babel and compiled to
``.mo`` (``make messages``; docs/style-guide.md). Code asks ``words(lang)`` for a translator and
calls ``gettext``, ``ngettext`` or ``pgettext`` on it; a unit of measure from a plan is translated
with the context ``unit`` and printed as written when the catalog does not know it.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from functools import cache

from thidua import resources
from thidua.inputs.languages import check_lang

LOCALES = {"vi": "vi_VN", "en": "en_GB"}  # report language (thidua.inputs.languages) → Babel locale for numbers
LOCALE_DIR = resources.LOCALE
DOMAIN = "thidua"


@cache
def words(lang: str) -> gettext.GNUTranslations:
    """The compiled catalog of ``lang`` (``gettext``, ``ngettext``, ``pgettext`` …)."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[check_lang(lang)])


def N_(context: str, message: str) -> str:
    """Mark ``message`` (with its ``context``) for extraction; return it untranslated."""
    return message


def translated(context: str, messages: Mapping[str, str], lang: str) -> dict[str, str]:
    """``messages`` (English, marked with ``N_(context, …)``) in ``lang``, under the same keys."""
    catalog = words(lang)
    return {key: catalog.pgettext(context, message) for key, message in messages.items()}


# Units of measure the catalogs translate; any other unit prints as the plan wrote it.
KNOWN_UNITS = frozenset(
    {
        N_("unit", "tấn"), N_("unit", "người"), N_("unit", "vụ"), N_("unit", "hộ"), N_("unit", "ha"),
        N_("unit", "tạ/ha"), N_("unit", "lượt"), N_("unit", "công trình"), N_("unit", "km"),
        N_("unit", "/người/năm"), N_("unit", "/người"), N_("unit", "đạt/không"),
    }
)  # fmt: skip


# The same units for exactly one ('1 person', '1 case'); a Vietnamese unit has one form for any number.
ONE_UNITS = frozenset(
    {
        N_("unit, one", "người"), N_("unit, one", "vụ"), N_("unit, one", "hộ"), N_("unit, one", "lượt"),
        N_("unit, one", "công trình"), N_("unit, one", "tấn"),
    }
)  # fmt: skip


def unit(text: str, lang: str, count: float | None = None) -> str:
    """A unit in ``lang``: 'tấn' is 'tonnes' in English, '1 người' is '1 person'; an unknown unit as written."""
    if count is not None and abs(count) == 1 and text in ONE_UNITS:
        return words(lang).pgettext("unit, one", text)
    return words(lang).pgettext("unit", text) if text in KNOWN_UNITS else text
