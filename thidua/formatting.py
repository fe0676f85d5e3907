"""Vietnamese and English formatting of numbers, targets and the achievement table.

Vietnamese writes 6.830.000.000 and 38,5 %; Babel's locale data does the digits, so this module
only decides how many decimals a figure deserves and which words go around it.
"""

from __future__ import annotations

import math
from functools import partial

import pandas as pd
from babel.numbers import format_decimal

from thidua.achievement import STATUS_LABELS

LOCALES = {"vi": "vi_VN", "en": "en_GB"}
TABLE_HEADERS = {
    "vi": ["Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện", "Cùng kỳ", "% KH", "So cùng kỳ", "Đánh giá"],
    "en": ["Indicator", "Unit", "Plan", "Actual", "Last year", "% of plan", "vs last year", "Status"],
}
_YES_NO = {"vi": ("đạt", "chưa đạt"), "en": ("yes", "no")}
_MISSING = "–"


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported report language, else raise ``ValueError``."""
    if lang not in LOCALES:
        raise ValueError(f"lang must be one of {', '.join(LOCALES)}, got {lang!r}")
    return lang


def fmt_number(value: float | None, lang: str = "vi", decimals: int | None = None) -> str:
    """Format a number the way the language writes it: 6.830.000.000 / 38,5 (vi), 6,830,000,000 / 38.5 (en).

    With ``decimals`` None, whole numbers print without decimals and others with up to two.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _MISSING
    pattern = "#,##0" if decimals == 0 else "#,##0." + ("0" * decimals if decimals else "##")
    return format_decimal(value, format=pattern, locale=LOCALES[check_lang(lang)])


def fmt_percent(value: float | None, lang: str = "vi", decimals: int = 1, signed: bool = False) -> str:
    """A percentage with a fixed number of decimals, e.g. '104,2%' or '+12,3%'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _MISSING
    text = fmt_number(value, lang, decimals)
    if signed and value > 0:
        text = "+" + text
    return text + "%"


def fmt_target(row: pd.Series, lang: str = "vi") -> str:
    """A target as officials write it: '≥ 95', '90–95', 'tăng 5–7%', '38,5 ± 1', 'giảm 0,2–0,5 điểm %'."""
    kind, low, high = row["kind"], row["target_low"], row["target_high"]
    vi = lang == "vi"
    f = partial(fmt_number, lang=lang)
    if kind == "yes_no":
        return _YES_NO[lang][0]
    if kind == "decrease":
        return "giảm so với cùng kỳ" if vi else "lower than last year"
    if kind == "share" and not math.isnan(row["tolerance"]):
        return f"{f(row['target'])} ± {f(row['tolerance'])}"
    span = f"{f(low)}–{f(high)}" if not (math.isnan(low) or math.isnan(high)) else None
    if kind == "growth":
        return ("tăng " if vi else "+") + (span or f(low)) + "%"
    if kind == "reduction_points":
        return ("giảm " if vi else "down ") + (span or f(low)) + (" điểm %" if vi else " points")
    if span:
        return span
    if kind == "below":
        return f"< {f(high)}"
    return f"≤ {f(high)}" if not math.isnan(high) else f"≥ {f(low)}"


def fmt_value(
    value: float, kind: str, lang: str = "vi", numerator: float = math.nan, denominator: float = math.nan
) -> str:
    """An actual or baseline figure; yes/no print as words, a rate with its parts as '96,1 (7.812/8.129)'."""
    if kind == "yes_no" and not (value is None or math.isnan(value)):
        return _YES_NO[lang][0] if value >= 1 else _YES_NO[lang][1]
    if not (math.isnan(numerator) or math.isnan(denominator)):
        return f"{fmt_number(value, lang)} ({fmt_number(numerator, lang)}/{fmt_number(denominator, lang)})"
    return fmt_number(value, lang)


def fmt_change(row: pd.Series, lang: str = "vi") -> str:
    """Change vs last year: in points for rates ('+1,3 điểm'), in per cent for quantities ('+12,3%')."""
    if row["unit_of_measure"] == "%":
        points = row["change_points"]
        if math.isnan(points):
            return _MISSING
        return ("+" if points > 0 else "") + fmt_number(points, lang, 2) + (" điểm" if lang == "vi" else " pts")
    return fmt_percent(row["change_vs_baseline"], lang, signed=True)


def to_text(table: pd.DataFrame, left: int = 2) -> str:
    """Plain-text rendering of a formatted table for terminals: first ``left`` columns flush left."""
    cells = [[str(i), *map(str, row)] for i, row in zip(table.index, table.itertuples(index=False), strict=True)]
    header = ["", *map(str, table.columns)]
    widths = [max(len(r[j]) for r in [header, *cells]) for j in range(len(header))]

    def line(row: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if 0 < j <= left else c.rjust(w) for j, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()

    return "\n".join(line(r) for r in [header, *cells])


def achievement_table(results: pd.DataFrame, targets: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The achievement table as officials read it: one row per target, every cell formatted text."""
    check_lang(lang)
    name_col = "name_vi" if lang == "vi" else "name_en"
    info = targets[["indicator_id", "set_by", name_col, "tolerance"]]
    rows = results.merge(info, on=["indicator_id", "set_by"], how="left")
    labels = STATUS_LABELS[lang]
    table = pd.DataFrame(
        {
            "indicator": rows[name_col],
            "unit": rows["unit_of_measure"],
            "plan": [fmt_target(r, lang) for _, r in rows.iterrows()],
            "actual": [
                fmt_value(v, k, lang, n, d)
                for v, k, n, d in zip(rows["actual"], rows["kind"], rows["numerator"], rows["denominator"], strict=True)
            ],
            "baseline": [fmt_value(v, k, lang) for v, k in zip(rows["baseline"], rows["kind"], strict=True)],
            "pct_of_plan": [fmt_percent(v, lang) for v in rows["pct_of_plan"]],
            "change": [fmt_change(r, lang) for _, r in rows.iterrows()],
            "status": rows["status"].map(labels).astype(str),
        }
    )
    table.columns = TABLE_HEADERS[lang]
    table.index = range(1, len(table) + 1)
    return table
