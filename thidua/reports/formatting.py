"""Numbers, magnitudes and targets as officials print them, and the achievement table.

Babel's locale data does the digits (6.830.000.000 and 38,5 in Vietnamese); this module decides how
many decimals a figure deserves, which magnitude money is printed in (tỷ đồng, triệu đồng) and how a
target reads as the plan wrote it. The rules are in docs/style-guide.md; the words are in the
message catalogs (``thidua.reports.i18n``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

import pandas as pd
from babel.numbers import format_decimal

from thidua.engine.summary import every_part
from thidua.inputs.languages import check_lang, name_column
from thidua.inputs.measures import MONEY_SCALES, money_parts
from thidua.reports.i18n import LOCALES, N_, unit, words
from thidua.reports.labels import STATUS_LABELS

MISSING = "–"
_HEADERS = (
    N_("table", "Indicator"), N_("table", "Unit"), N_("table", "Plan"), N_("table", "Actual"),
    N_("table", "Last year"), N_("table", "Achieved (%)"), N_("table", "vs last year"), N_("table", "Status"),
)  # fmt: skip
TABLE_HEADERS = {lang: [words(lang).pgettext("table", h) for h in _HEADERS] for lang in LOCALES}
_MAGNITUDES = {  # currency → (from this many of its unit, printed in, message), largest first
    "đồng": (
        (1e9, 1e9, N_("money", "{n} tỷ đồng")), (1e6, 1e6, N_("money", "{n} triệu đồng")),
        (0.0, 1.0, N_("money", "{n} đồng")),
    ),
    "USD": (
        (1e9, 1e9, N_("money", "{n} tỷ USD")), (1e6, 1e6, N_("money", "{n} triệu USD")),
        (0.0, 1.0, N_("money", "{n} USD")),
    ),
}  # fmt: skip


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value: float | None, lang: str = "vi", decimals: int | None = None, trim: bool = False) -> str:
    """Format a number the way the language writes it: 6.830.000.000 / 38,5 (vi), 6,830,000,000 / 38.5 (en).

    With ``decimals`` None, whole numbers print without decimals and others with up to two; with
    ``trim``, trailing zeros of the ``decimals`` are dropped (100 not 100,0).
    """
    if _missing(value):
        return MISSING
    digit = "#" if trim or decimals is None else "0"
    pattern = "#,##0" if decimals == 0 else "#,##0." + digit * (2 if decimals is None else decimals)
    return format_decimal(value, format=pattern, locale=LOCALES[check_lang(lang)])


def fmt_signed(
    value: float | None, lang: str = "vi", decimals: int | None = 1, trim: bool = True,
    magnitude: Callable[[float], str] | None = None,
) -> str:  # fmt: skip
    """A change or a difference with its sign, the one way every table signs a figure: '+1,3', '-20', '0'.

    '+' for a rise, the ASCII hyphen-minus '-' for a fall (never U+2212 '−'), and no sign on a figure
    that prints as zero ('0', never '+0' or '-0'): docs/style-guide.md, Tables. The size is printed by
    ``magnitude`` when it carries a unit ('104 tấn'), else to ``decimals`` places, trailing zeros
    dropped with ``trim``.
    """
    if _missing(value):
        return MISSING
    text = magnitude(abs(value)) if magnitude else fmt_number(abs(value), lang, decimals, trim)
    printed = re.search(r"\d[\d.,]*", text)
    if printed is None or not re.search("[1-9]", printed[0]):
        return text
    return ("+" if value > 0 else "-") + text


def fmt_percent(
    value: float | None, lang: str = "vi", decimals: int = 1, signed: bool = False, trim: bool = True
) -> str:
    """A computed percentage, trailing zeros dropped: '104,2%', '100%', '+12,3%' (``signed``: ``fmt_signed``).

    A published percentage keeps its decimals, zeros too (``trim`` False: '7,60%').
    """
    if _missing(value):
        return MISSING
    text = fmt_signed(value, lang, decimals, trim) if signed else fmt_number(value, lang, decimals, trim=trim)
    return text + "%"


def measure_of(row: pd.Series) -> str:
    """What a target measures, as the plan declares it (``measure`` is required: never guessed from the unit)."""
    return row["measure"]


def plan_decimals(row: pd.Series) -> int:
    """Decimals of a computed change in % or points: 1, or 2 when the plan writes its % or points with 2.

    Only bounds that are themselves % or points count ('tăng 6,25%', 'giảm 0,25 điểm %', '95,65%'): a
    level's bounds ('6,83 tỷ đồng') say nothing of how a % is printed.
    """
    if row["kind"] not in ("growth", "reduction_points") and measure_of(row) != "rate":
        return 1
    written = [row[c] for c in ("target_low", "target_high") if not _missing(row[c])]
    places = [-Decimal(repr(float(v))).normalize().as_tuple().exponent for v in written]
    return min(2, max([1, *places]))


def written(row: pd.Series, column: str = "decimals") -> int | None:
    """The decimals a figure of ``row`` was written with, None when it was computed or the row does not say.

    ``column`` is ``decimals`` (the actual), ``baseline_decimals`` or ``published_decimals``.
    """
    value = row.get(column)
    return None if _missing(value) else int(value)


def pct_text(row: pd.Series, lang: str = "vi") -> str:
    """A target's % of plan: computed, so one decimal, more only to keep it off 100 ('104,7%', '99,96%')."""
    pct = row["pct_of_plan"]
    return MISSING if _missing(pct) else fmt_percent(pct, lang, shown_decimals(pct, 1, [100.0]))


def change_decimals(row: pd.Series) -> int:
    """Decimals of a target's change: a published change's own ('-9,28' → 2), else a computed one's (1 or 2)."""
    published = written(row, "published_decimals")
    if published is not None:
        return published
    return shown_decimals(row["compared"], plan_decimals(row), change_bounds(row))


def is_published(row: pd.Series) -> bool:
    """True when the row's change (a growth, a fall in points, a level's change) is printed as published."""
    return written(row, "published_decimals") is not None


def in_percent(row: pd.Series) -> bool:
    """True when the row's change is said in %: a level's, or a count's published one (its levels unknown).

    A rate's change is in points, a count's in its unit ('giảm 2 vụ') when both its figures are known.
    """
    measure = measure_of(row)
    if measure == "count":
        return _missing(row["change_points"]) and not _missing(row["change_vs_baseline"])
    return measure not in ("rate", "yes_no")


def shown_decimals(value: float, decimals: int, bounds: Iterable[float]) -> int:
    """Enough decimals that a value off a bound never prints as the bound (0,15 against 0,2 is not '0,2')."""
    for bound in bounds:
        while decimals < 3 and abs(value - bound) > 1e-9 and round(value, decimals) == round(bound, decimals):
            decimals += 1
    return decimals


def change_bounds(row: pd.Series) -> list[float]:
    """The bounds a change is judged against (growth in %, a fall in points); none for other kinds."""
    if row["kind"] not in ("growth", "reduction_points"):
        return []
    return [v for v in (row["target_low"], row["target_high"]) if not _missing(v)]


def fmt_money(
    values: float | Sequence[float], unit_text: str, lang: str = "vi", scale: str | None = None,
    decimals: int | None = None,
) -> str:  # fmt: skip
    """Money in the magnitude a report uses: '6,83 tỷ đồng', '55–56 triệu đồng/người/năm', 'VND 7.12 billion'.

    ``unit_text`` is the plan's unit ('đồng', 'triệu đồng/người/năm' …); a range prints its bounds
    in the magnitude of the larger; ``scale`` ('tỷ', 'triệu') forces one magnitude for a whole report.
    A figure as written (``decimals``: '78,80' has 2) keeps its decimals when it prints in its own scale.
    """
    values = [values] if isinstance(values, (int, float)) else list(values)
    parts = money_parts(unit_text)
    if parts is None or any(_missing(v) for v in values):
        return "–".join(fmt_number(v, lang, decimals) for v in values)
    amounts = [v * parts.factor for v in values]  # in the currency's unit: đồng, USD
    divisor, message = _magnitude(amounts, parts.currency, scale)
    as_written = decimals is not None and divisor == parts.factor
    places = decimals if as_written else 0 if divisor == 1.0 else 2
    numbers = "–".join(fmt_number(a / divisor, lang, places, trim=not as_written) for a in amounts)
    tail = parts.tail
    return words(lang).pgettext("money", message).format(n=numbers) + (unit(tail, lang) if tail else "")


def _magnitude(amounts: list[float], currency: str, scale: str | None = None) -> tuple[float, str]:
    """The divisor and message of the magnitude money is printed in (the largest amount's, or ``scale``).

    ``amounts`` are in the unit of ``currency`` (đồng, USD), which stays: a magnitude never changes currency.
    """
    largest = max(abs(a) for a in amounts)
    steps = _MAGNITUDES[currency]
    divisor = MONEY_SCALES[f"{scale} {currency}"] if scale else next(d for floor, d, _ in steps if largest >= floor)
    return divisor, next(m for _, d, m in steps if d == divisor)


def unit_shown(row: pd.Series, lang: str = "vi") -> str:
    """The unit a table's row is read in: the plan's, or for money the magnitude its actual is printed in.

    'triệu đồng' in the plan and 712,6 tỷ đồng entered: the column says 'tỷ đồng', as the cells do; a growth
    given as published, with no level, reads in '%'.
    """
    if row["kind"] == "growth" and _missing(row["actual"]) and not _missing(row["compared"]):
        return "%"  # a growth as published, its levels unknown: the row reads in %
    parts = money_parts(row["unit_of_measure"]) if _in_money(row) else None
    figure = row["actual"] if not _missing(row["actual"]) else row["baseline"]
    if parts is None or _missing(figure):
        return unit(row["unit_of_measure"], lang)
    _divisor, message = _magnitude([figure * parts.factor], parts.currency)
    named = " ".join(words(lang).pgettext("money", message).format(n="").split())
    return named + (unit(parts.tail, lang) if parts.tail else "")


def _in_money(row: pd.Series) -> bool:
    """Money, or an average in money ('triệu đồng/người/năm'): printed in a report's magnitudes and words."""
    measure = measure_of(row)
    money_unit = money_parts(row["unit_of_measure"]) is not None
    return measure == "money" or (measure == "average" and money_unit)


def fmt_amount(value: float, row: pd.Series, lang: str = "vi", decimals: int | None = None) -> str:
    """A figure with its unit: '96,1%', '7.204 tấn', '7,12 tỷ đồng', '3 vụ'; counts never carry decimals.

    ``decimals``: how the figure was written ('7,61' → 2), printed so; None for a computed figure
    (up to 2 decimals, trailing zeros dropped).
    """
    if _missing(value):
        return MISSING
    measure = measure_of(row)
    if _in_money(row):
        return fmt_money(value, row["unit_of_measure"], lang, decimals=decimals)
    if measure == "rate":
        return fmt_number(value, lang, decimals) + "%"
    if measure == "yes_no":
        return words(lang).pgettext("yes_no", "yes") if value >= 1 else words(lang).pgettext("yes_no", "no")
    number = fmt_number(value, lang, 0 if measure == "count" else decimals)
    return f"{number} {unit(row['unit_of_measure'], lang, value)}"


def _bounds_text(row: pd.Series, lang: str, values: list[float]) -> str:
    """One or two bounds with the unit once: '95%', '90–95%', '55–56 triệu đồng/người/năm', '7.119 tấn'."""
    measure = measure_of(row)
    if _in_money(row):
        return fmt_money(values, row["unit_of_measure"], lang)
    numbers = "–".join(fmt_number(v, lang) for v in values)
    if measure == "rate":
        return numbers + "%"
    return f"{numbers} {unit(row['unit_of_measure'], lang, values[0] if len(values) == 1 else None)}"


def fmt_target(row: pd.Series, lang: str = "vi") -> str:
    """A target as the plan wrote it: '7.119 tấn', 'từ 95% trở lên', '100%', 'tăng 7,5–8,5%', '90–95%'.

    A tolerance the catalog adds to a share is not the plan's and is not printed as the plan.
    """
    kind, low, high = row["kind"], row["target_low"], row["target_high"]
    _ = words(lang).gettext
    if kind == "yes_no":
        return words(lang).pgettext("yes_no", "yes")
    if kind == "decrease":
        return _("lower")
    tolerance = row.get("tolerance")
    if kind == "share" and not _missing(tolerance):
        return _bounds_text(row, lang, [row["target"]])
    both = not (_missing(low) or _missing(high))
    values = [low, high] if both else [high if _missing(low) else low]
    if kind == "growth":
        return _("up {target}").format(target=fmt_number(values[0], lang) + _range_tail(values, lang) + "%")
    if kind == "reduction_points":
        return _("down {target} points").format(target=fmt_number(values[0], lang) + _range_tail(values, lang))
    text = _bounds_text(row, lang, values)
    if both:
        return text
    if kind == "below":
        return _("below {target}").format(target=text)
    if _missing(low):
        return _("{target} or less").format(target=text)
    if measure_of(row) == "rate" and low < 100:
        return _("{target} or more").format(target=text)
    return text


def _range_tail(values: list[float], lang: str) -> str:
    return "–" + fmt_number(values[1], lang) if len(values) == 2 else ""


def fmt_value(value: float, row: pd.Series, lang: str = "vi", numerator: float = math.nan,
              denominator: float = math.nan, decimals: int | None = None) -> str:  # fmt: skip
    """An actual or baseline figure for the table; a rate with its parts as '96,1% (7.812/8.129)'."""
    text = fmt_amount(value, row, lang, decimals)
    if _missing(value) or _missing(numerator) or _missing(denominator):
        return text
    return f"{text} ({fmt_number(numerator, lang)}/{fmt_number(denominator, lang)})"


def fmt_change(row: pd.Series, lang: str = "vi") -> str:
    """Change vs last year for the table: points for rates ('+1,3 điểm %'), units for counts ('-2 vụ'), else %.

    Signed by ``fmt_signed``; no change is '0 điểm %', '0%', '0 vụ' (docs/style-guide.md, Tables). A
    published change keeps its decimals ('-9,28%'); a count's published change (its levels unknown) is in %.
    """
    measure = measure_of(row)
    if measure == "yes_no":
        return MISSING
    decimals, published = change_decimals(row), is_published(row)
    if measure != "rate" and (measure != "count" or in_percent(row)):
        return fmt_percent(row["change_vs_baseline"], lang, decimals, signed=True, trim=not published)
    amount = row["change_points"]
    if _missing(amount):
        return MISSING
    if measure == "count":
        return f"{fmt_signed(amount, lang, 0)} {unit(row['unit_of_measure'], lang, amount)}"
    points = fmt_signed(amount, lang, decimals, trim=not published)
    return words(lang).pgettext("table", "{points} points").format(points=points)


def fmt_published(row: pd.Series, lang: str = "vi") -> str:
    """A growth or a fall in points as published, where its levels are not known: 'tăng 7,61%', 'giảm 0,7 điểm %'.

    The table's 'Thực hiện' for such a row, worded as its plan is ('tăng 6,5–7%'); MISSING for any other row.
    """
    kind = row["kind"]
    if kind not in ("growth", "reduction_points") or not _missing(row["actual"]) or _missing(row["compared"]):
        return MISSING
    _ = words(lang).gettext
    change = row["compared"] if kind == "growth" else -row["compared"]  # a reduction's compared value is its fall
    figure = fmt_number(abs(change), lang, change_decimals(row), trim=not is_published(row))
    figure = figure + "%" if kind == "growth" else _("{n} points").format(n=figure)
    if not re.search("[1-9]", figure):  # no change, as printed: no direction word
        return figure
    return (_("up {target}") if change > 0 else _("down {target}")).format(target=figure)


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


def table_rows(results: pd.DataFrame, targets: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The rows of the achievement table: each target, and before the parts of a clause its group row.

    A clause (all parts must fall) gets one row of its own (``kind`` 'clause', its verdict as
    ``status``, its number of ``parts``), as the plan counts it; its parts follow it.
    """
    info = targets[["indicator_id", "set_by", name_column(lang), "tolerance", "part_of"]]
    rows = results.reset_index(drop=True).drop(columns="name", errors="ignore")  # the plan's name, in ``lang``
    rows = rows.merge(info, on=["indicator_id", "set_by"], how="left")
    rows = rows.assign(status=rows["status"].astype(str), parts=0).rename(columns={name_column(lang): "name"})
    verdicts = every_part(results, targets).set_index(["unit", "period", "part_of"])
    records, seen = [], set()
    for _i, row in rows.iterrows():
        key = (row["unit"], row["period"], row["part_of"])
        if isinstance(row["part_of"], str) and key not in seen:
            seen.add(key)
            clause = verdicts.loc[key]
            name = str(row["name"]).split(" – ", 1)[0]
            records.append(pd.Series({**row, "kind": "clause", "name": name, "status": str(clause["status"]),
                                      "parts": int(clause["parts"])}))  # fmt: skip
        records.append(row)
    return pd.DataFrame(records).reset_index(drop=True) if records else rows


def _table_record(r: pd.Series, lang: str) -> tuple[str, ...]:
    """One row of the achievement table as text; a clause's row holds its name, its plan and its verdict."""
    status = STATUS_LABELS[lang][r["status"]]
    if r["kind"] == "clause":
        plan = words(lang).gettext("all {n} lower").format(n=r["parts"])
        return (r["name"], MISSING, plan, MISSING, MISSING, MISSING, MISSING, status)
    actual = fmt_value(r["actual"], r, lang, r["numerator"], r["denominator"], written(r))
    if actual == MISSING:
        actual = fmt_published(r, lang)  # a growth or a fall as published: the figure the row has
    change = fmt_change(r, lang)
    if change == MISSING and str(r.get("note", "")) == "not_comparable":  # last year's could not be formed
        change = words(lang).pgettext("table", "not comparable")
    if bool(r.get("estimate", False)):  # the figure the row shows is marked: its level, else its published change
        mark = words(lang).pgettext("table", "{actual} (estimated)")
        if actual != MISSING:
            actual = mark.format(actual=actual)
        elif change != MISSING and is_published(r):
            change = mark.format(actual=change)
    baseline = fmt_amount(r["baseline"], r, lang, written(r, "baseline_decimals"))
    return (r["name"], unit_shown(r, lang), fmt_target(r, lang), actual, baseline, pct_text(r, lang), change, status)


def achievement_table(results: pd.DataFrame, targets: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The achievement table as officials read it: one row per target (and per clause), every cell formatted text."""
    records = [_table_record(r, lang) for _i, r in table_rows(results, targets, lang).iterrows()]
    table = pd.DataFrame(records, columns=TABLE_HEADERS[lang])
    table.index = range(1, len(table) + 1)
    return table
