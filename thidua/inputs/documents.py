"""What a plan is as a document: its kind, the body that issued it, the body that reports on it, its purpose.

A plan may be a kế hoạch of the People's Committee (Kế hoạch số 71/KH-UBND), a nghị quyết of the People's
Council (Nghị quyết số 11/NQ-HĐND) or of the Party, a chương trình, a quyết định …; whoever issued it, the
report on it is written by the People's Committee of the plan's unit unless the plan says otherwise
(docs/plan-format.md). Bodies are named as proper names, in Vietnamese in every report language, as units
are: "Hội đồng nhân dân tỉnh Phú Thọ", "Huyện ủy Vĩnh Linh". The words around them (the kind of document,
"TM. ỦY BAN NHÂN DÂN") are the catalogs' (thidua.reports.labels, thidua.reports.word_report).
"""

from __future__ import annotations

import re
import unicodedata

# Each kind of document a plan may be, with the abbreviation its number's symbol carries (Nghị định
# 30/2020/NĐ-CP, Phụ lục III; a Party document's symbol uses the same ones: "04-NQ/TW", Hướng dẫn 36-HD/VPTW).
DOCUMENT_KINDS: dict[str, str] = {
    "ke_hoach": "KH",  # Kế hoạch
    "nghi_quyet": "NQ",  # Nghị quyết
    "chuong_trinh": "CTr",  # Chương trình
    "quyet_dinh": "QĐ",  # Quyết định
    "de_an": "ĐA",  # Đề án
    "ket_luan": "KL",  # Kết luận (of a Party committee)
}
DEFAULT_KIND = "ke_hoach"

# The bodies that issue plans, each with its name before the unit's ("Hội đồng nhân dân" + "xã Phổ Thuận").
BODIES: dict[str, str] = {
    "hdnd": "Hội đồng nhân dân",
    "ubnd": "Ủy ban nhân dân",
    "dang_uy": "Đảng ủy",  # the Party committee: "Tỉnh ủy …", "Huyện ủy …" above a commune (party_committee)
    "dai_hoi_dang_bo": "Đại hội Đảng bộ",  # the Party congress, whose resolution sets a term's targets
}
# The bodies that report on a plan in the State's format (Nghị định 30/2020): a Party committee writes in the
# Party's own (Hướng dẫn 36-HD/VPTW), which thidua does not write.
REPORTING_BODIES = ("ubnd", "hdnd")
DEFAULT_REPORTER = "ubnd"
BODY_ABBREVIATIONS = {"ubnd": "UBND", "hdnd": "HĐND"}  # as a number's symbol and offices' short forms write them

PURPOSES = ("thi_dua", "kinh_te_xa_hoi")  # an emulation plan; a plan of socio-economic development
MAX_TITLE = 300  # characters of a title: a long one fills four lines of the Word report's heading

# A Party committee above the commune is named after the unit's level: "tỉnh Bắc Ninh" → "Tỉnh ủy Bắc Ninh".
_PARTY_COMMITTEES = (("thị xã ", "Thị ủy"), ("thành phố ", "Thành ủy"), ("tỉnh ", "Tỉnh ủy"),
                     ("huyện ", "Huyện ủy"), ("quận ", "Quận ủy"))  # fmt: skip
# A number's symbol: "11/NQ-HĐND", "15/2023/QĐ-UBND" (the State's), "04-NQ/TW" (the Party's).
_STATE_NUMBER = re.compile(r"^\s*\d+(?:/\d{4})?/(?P<kind>[^\W\d_]+)-(?P<body>[^\W\d_]+)")
_PARTY_NUMBER = re.compile(r"^\s*\d+-(?P<kind>[^\W\d_]+)/(?P<body>[^\W\d_]+)")


def _upper(text: str) -> str:
    return unicodedata.normalize("NFC", text).upper()


def number_symbol(number: str) -> tuple[str, str] | None:
    """The kind's and the body's abbreviations of a document number: '11/NQ-HĐND' → ('NQ', 'HĐND'); else None."""
    found = _STATE_NUMBER.match(number) or _PARTY_NUMBER.match(number)
    return (_upper(found["kind"]), _upper(found["body"])) if found else None


def kind_of_number(number: str) -> str | None:
    """The kind a number's symbol names ('71/KH-UBND' → 'ke_hoach'), or None when it names no kind of plan."""
    symbol = number_symbol(number)
    by_abbreviation = {_upper(abbreviation): kind for kind, abbreviation in DOCUMENT_KINDS.items()}
    return by_abbreviation.get(symbol[0]) if symbol else None


def body_of_number(number: str) -> str | None:
    """The State body a number's symbol names ('11/NQ-HĐND' → 'hdnd'), or None."""
    symbol = number_symbol(number)
    by_abbreviation = {abbreviation: body for body, abbreviation in BODY_ABBREVIATIONS.items()}
    return by_abbreviation.get(symbol[1]) if symbol else None


def body_of_name(name: str) -> str | None:
    """The body an issuer's name begins with ('Hội đồng nhân dân tỉnh …', 'HĐND xã …' → 'hdnd'), or None."""
    upper = _upper(name).lstrip()
    starts = [(body, _upper(BODIES[body])) for body in BODIES] + [(b, a) for b, a in BODY_ABBREVIATIONS.items()]
    return next((body for body, start in starts if upper.startswith(start + " ")), None)


def body_name(body: str, unit_name: str) -> str:
    """A body's name as a proper name: 'Ủy ban nhân dân xã Phổ Thuận', 'Tỉnh ủy Bắc Ninh', 'Đảng ủy xã Tam Hợp'."""
    if body == "dang_uy":
        for level, committee in _PARTY_COMMITTEES:
            if unit_name.lower().startswith(level):
                return f"{committee} {unit_name[len(level) :]}"
    return f"{BODIES[body]} {unit_name}"


def mentions_thi_dua(title: str) -> bool:
    """Whether a plan's title names an emulation movement ('thi đua'), in any case and Unicode form."""
    return "thi đua" in unicodedata.normalize("NFC", title).lower()
