"""The message catalogs: extracted from the code, complete in Vietnamese, compiled .mo up to date."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from thidua.reports.i18n import LOCALE_DIR, unit, words

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


LANGUAGE_BRANCH = re.compile(r"\blang\s*[!=]=|[!=]=\s*['\"](vi|en)['\"]|['\"](vi|en)['\"]\s*:")
# i18n is the translation layer; numbers.py tells apart the number styles of input files, which are not words.
NOT_WORDS = {"i18n.py", "numbers.py"}


def test_the_language_check_finds_branches_and_tables():
    caught = ['if lang == "vi":', "x = a if self.lang != 'en' else b", 'T = {"vi": "Tổng", "en": "Total"}']
    assert all(LANGUAGE_BRANCH.search(line) for line in caught)
    assert not LANGUAGE_BRANCH.search('t = translated("review", LABELS, lang)')


def test_no_language_branches_or_tables_outside_the_translation_layer():
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted((ROOT / "thidua").glob("*.py"))
        if path.name not in NOT_WORDS
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LANGUAGE_BRANCH.search(line)
    ]
    assert not offenders, offenders


def test_words_of_the_pages_charts_and_report_come_from_the_catalogs():
    from thidua.reports.labels import group_names, labels
    from thidua.run.notebooks import titles

    assert labels("vi")["unit"] == "Đơn vị" and labels("en")["unit"] == "Unit"
    assert labels("vi")["sample"] == "SỐ LIỆU MẪU – minh họa, không phải số liệu chính thức"
    assert labels("vi")["vs"] == "So cùng kỳ" and labels("vi")["change"] == "Thay đổi"  # one English word, two uses
    assert group_names("vi")["van_hoa_xa_hoi"] == "Văn hóa – xã hội"
    assert group_names("en")["quoc_phong_an_ninh"] == "Defence and security"
    assert titles("vi")["interim_review"] == "Sơ kết" and titles("en")["ranking"] == "Ranking"
    assert words("vi").pgettext("level", "district") == "huyện"
