"""Reading numbers written the Vietnamese way (6.830.000.000; 38,5) or the English way (6,830,000,000; 38.5).

A file says which (``# numbers: vi`` or ``en``, or the reader's option), or the style is detected
when the file itself settles it: a decimal comma or two dots in one number mean Vietnamese, a dot
followed by other than three digits means English. A number that could be read both ways in a
file whose style is not declared (7.119: seven thousand, or seven?) is an error, never a guess,
even when other numbers of the file settle the style.
"""

from __future__ import annotations

import pandas as pd

from thidua.errors import shown
from thidua.inputs.languages import NUMBER_STYLES

STYLES = NUMBER_STYLES
_VI_ONLY = r"^-?\d{1,3}(\.\d{3}){2,}(,\d+)?$|^-?\d+,\d+$|^-?\d{1,3}(\.\d{3})+,\d+$"
_EN_ONLY = r"^-?\d+\.(\d{1,2}|\d{4,})$|^-?\d{1,3}(,\d{3}){2,}(\.\d+)?$|^-?\d{1,3}(,\d{3})+\.\d+$"
_AMBIGUOUS = r"^-?\d{1,3}(\.\d{3})$|^-?\d{1,3}(,\d{3})$"
# What a number may look like in each style: plain digits, or thousands groups, and a decimal part.
_GRAMMAR = {
    "vi": r"^-?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?$",
    "en": r"^-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$",
}
_NUMBERISH = r"^-?[\d.,]+$"
# A number in plain machine form: sign, digits, a decimal part, an exponent ('7.61', '-9.28', '1e5').
_PLAIN = r"^[+-]?\d*(?:\.(?P<fraction>\d*))?(?:[eE](?P<exponent>[+-]?\d+))?$"
MAX_DECIMALS = 3  # more decimals than any office prints: a computed figure, printed by the default rule


class NumberStyleError(ValueError):
    """The file's number style is mixed or cannot be told; carries the first offending cell's position."""

    def __init__(self, message: str, row: int) -> None:
        super().__init__(message)
        self.row = row


def detect_style(cells: pd.Series) -> str | None:
    """Return ``vi`` or ``en`` when the cells settle the style, None when they do not."""
    text = cells.fillna("").astype(str).str.strip()
    vi = text.str.match(_VI_ONLY)
    en = text.str.match(_EN_ONLY)
    if vi.any() and en.any():
        first_vi, first_en = int(vi.to_numpy().nonzero()[0][0]), int(en.to_numpy().nonzero()[0][0])
        raise NumberStyleError(
            f"mixes Vietnamese ({shown(text.iloc[first_vi])}) and English ({shown(text.iloc[first_en])}) numbers",
            max(first_vi, first_en),
        )
    return "vi" if vi.any() else "en" if en.any() else None


def refuse_two_way(text: pd.Series) -> None:
    """Raise ``NumberStyleError`` for the first cell that reads two ways (``41.500``: 41500 or 41.5).

    Used where the style is detected rather than declared: other cells settling the style do not
    make such a cell safe, since a file exported by hand can mix styles.
    """
    ambiguous = text.str.match(_AMBIGUOUS)
    if ambiguous.any():
        row = int(ambiguous.to_numpy().nonzero()[0][0])
        cell = text.iloc[row]
        vi, en = float(cell.replace(".", "").replace(",", ".")), float(cell.replace(",", ""))
        raise NumberStyleError(
            f"{shown(cell)} could be read two ways: {vi:g} (Vietnamese style) or {en:g} (English style); say how the"
            " file writes numbers (a line '# numbers: vi' for 7.119 = seven thousand, or '# numbers: en')",
            row,
        )


def normalize(cells: pd.Series, style: str | None) -> pd.Series:
    """Rewrite number cells in plain machine form ('6830000000', '38.5'); other text is left as it is.

    With ``style`` None the style is detected; an ambiguous cell then raises ``NumberStyleError``.
    """
    text = cells.fillna("").astype(str).str.strip().str.replace("\u00a0", "", regex=False).str.replace(" ", "")
    if style is None:
        refuse_two_way(text)
        style = detect_style(text) or "en"
    wrong = text.str.match(_NUMBERISH) & ~text.str.match(_GRAMMAR[style])
    if wrong.any():
        row = int(wrong.to_numpy().nonzero()[0][0])
        name = "Vietnamese (6.830.000.000; 38,5)" if style == "vi" else "English (6,830,000,000; 38.5)"
        raise NumberStyleError(f"{shown(text.iloc[row])} is not a number written in {name} style", row)
    if style == "vi":
        return text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    return text.str.replace(",", "", regex=False)


def written_decimals(plain: pd.Series) -> pd.Series:
    """How many decimals each number was written with, from its plain form: '7.61' → 2, '7.6' → 1, '10' → 0.

    An exponent counts ('1e5' → 0, '1.5e-2' → 3). NaN for an empty or non-numeric cell, and for one written
    with more than ``MAX_DECIMALS`` decimals ('7.6100000000000000000001'): no office publishes such a figure,
    so it is printed as a computed one is, not digit by digit.
    """
    text = plain.fillna("").astype(str).str.strip()
    parts = text.str.extract(_PLAIN)
    matched = text.str.match(_PLAIN) & text.str.contains(r"\d")
    fraction = parts["fraction"].fillna("").str.len().astype("float64")
    exponent = pd.to_numeric(parts["exponent"], errors="coerce").fillna(0.0)
    places = (fraction - exponent).clip(lower=0.0)
    return places.where(matched & (places <= MAX_DECIMALS)).astype("float64")


def float_decimals(values: pd.Series) -> pd.Series:
    """Decimals of numbers already read as floats (a workbook's cells): 7.61 → 2, 100.0 → 0, NaN → NaN.

    A float keeps no trailing zero: a cell typed 7,60 has 1 decimal here.
    """
    text = values.astype("float64").astype(str).where(values.notna(), "")  # the shortest repr: '7.61', '100.0'
    return written_decimals(text.str.replace(r"\.0(?=$|e)", "", regex=True))
