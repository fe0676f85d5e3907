"""The message catalogs: extracted from the code, complete in Vietnamese, compiled .mo up to date."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from thidua.i18n import LOCALE_DIR, unit, words

ROOT = Path(__file__).resolve().parents[1]
IDENTITY_IN_VI = {"unit", "money"}  # Vietnamese units and money words are printed as the plan writes them


def _catalog(lang):
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "thidua.po", "rb") as f:
        return read_po(f)


def _code_messages():
    found = extract_from_dir(
        ROOT / "thidua",
        method_map=[("**.py", "python")],
        keywords={"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": ((1, "c"), 2)},
    )
    return {(context, msgid if isinstance(msgid, str) else msgid[0]) for _f, _l, msgid, _c, context in found}


def test_every_message_in_the_code_has_a_vietnamese_translation():
    vi = _catalog("vi")
    code = _code_messages()
    assert len(code) > 60
    missing = [m for m in code if vi.get(m[1], context=m[0]) is None]
    assert not missing, f"run `make messages`: not in the catalog {missing}"
    untranslated = [
        m for m in code
        if m[0] not in IDENTITY_IN_VI and not (vi.get(m[1], context=m[0]).string or ("",))[0]
    ]  # fmt: skip
    assert not untranslated, f"fill in msgstr in the vi catalog: {untranslated}"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_compiled_catalogs_match_their_sources(lang):
    buffer = io.BytesIO()
    write_mo(buffer, _catalog(lang))
    assert (LOCALE_DIR / lang / "LC_MESSAGES" / "thidua.mo").read_bytes() == buffer.getvalue(), "run `make messages`"


def test_translations_and_units():
    assert words("vi").pgettext("verdict", "exceeded") == "vượt kế hoạch"
    assert words("en").pgettext("verdict", "exceeded") == "exceeded"
    assert unit("tấn", "en") == "tonnes" and unit("tấn", "vi") == "tấn"
    assert unit("con bò", "en") == "con bò"  # an unknown unit is printed as the plan wrote it


@pytest.mark.parametrize("module", ["sentences", "summary", "formatting", "achievement"])
def test_no_language_branches_outside_the_translation_layer(module):
    source = (ROOT / "thidua" / f"{module}.py").read_text(encoding="utf-8")
    assert not re.search(r"lang\s*==|==\s*['\"](vi|en)['\"]|\"vi\":|'vi':", source)
