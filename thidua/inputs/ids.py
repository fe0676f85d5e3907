"""Unit and indicator ids as compared: in Unicode NFC, and what makes a look-alike id differ from a known one.

An id typed on a Vietnamese keyboard may come in NFC ('ổ' one character) or NFD ('o' and two combining
marks): every reader normalises ids to NFC, so the two are the same id. A Cyrillic 'а' (U+0430) in a
Latin id, a full-width letter or an invisible space looks the same on screen but is another id;
``lookalike`` names such a character so an officer can find it.
"""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    """``text`` in Unicode normal form C (composed: 'ổ' as one character)."""
    return unicodedata.normalize("NFC", text)


def _script(char: str) -> str:
    """The script word of a letter's Unicode name: LATIN, CYRILLIC, GREEK or FULLWIDTH."""
    return unicodedata.name(char, "UNKNOWN").split()[0]


def _letter_scripts(text: str) -> list[str]:
    return [_script(c) for c in text if c.isalpha()]


def lookalike(text: str, known: str | None = None) -> str | None:
    """How ``text`` hides a character: "contains a Cyrillic 'а' (U+0430)"; None when it hides none.

    A letter is out of place when its script differs from the script of ``known`` (the closest known id)
    or, without one, from the script most of ``text``'s letters are in; an invisible or format
    character (a zero-width space, a no-break space) is out of place anywhere.
    """
    for char in text:
        if unicodedata.category(char) in ("Cf", "Zs", "Zl", "Zp", "Cc") and char != " ":
            return f"contains an invisible character U+{ord(char):04X} ({unicodedata.name(char, 'control')})"
    scripts = _letter_scripts(known if known else text)
    if not scripts:
        return None
    usual = max(set(scripts), key=scripts.count)
    for char in text:
        if char.isalpha() and _script(char) != usual:
            return f"contains a {_script(char).capitalize()} {char!r} (U+{ord(char):04X})"
    return None
