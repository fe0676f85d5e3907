"""Spreadsheet cells that stay text: OWASP's CSV-injection rule for every CSV and .xlsx thidua writes.

Excel, LibreOffice and Google Sheets treat a field that begins with ``=``, ``+``, ``-``, ``@``, tab or
carriage return as a formula (``=HYPERLINK(…)`` becomes a live link). A plan name or unit id is text
from an input file, so every such string is written with a leading single quote, as OWASP recommends;
numbers are never touched, so a -2.5 stays a number.
"""

from __future__ import annotations

import pandas as pd
from pandas.api.types import infer_dtype

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_TEXTUAL = {"string", "mixed", "mixed-integer"}  # what infer_dtype calls a column that holds str values


def neutralise(text: str) -> str:
    """``text`` with a leading quote if a spreadsheet would read it as a formula, else unchanged."""
    return QUOTE + text if text.startswith(TRIGGERS) else text


def restore(text: str) -> str:
    """Undo :func:`neutralise`, for a reader of the cells thidua wrote itself (the data-entry template)."""
    return text[1:] if text.startswith(QUOTE) and text[1:].startswith(TRIGGERS) else text


def neutralise_column(column: pd.Series) -> pd.Series:
    """The column with every string value neutralised; a column without strings is returned as it is."""
    values = column.astype(object) if isinstance(column.dtype, pd.CategoricalDtype) else column
    if infer_dtype(values, skipna=True) not in _TEXTUAL:
        return column
    risky = values.str.startswith(TRIGGERS, na=False)
    return values.mask(risky, QUOTE + values.astype(str))


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` that is safe to write as CSV or Excel: text neutralised, numbers as they are."""
    return frame.apply(neutralise_column)
