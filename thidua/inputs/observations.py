"""Actual figures in the long format: one row per unit, period and indicator.

A data file is CSV with the columns ``unit, period, indicator, value`` and, for rates,
optionally ``numerator, denominator`` and ``estimate``. The columns are separated by ',' or, as Excel
saves a CSV with Vietnamese regional settings, by ';' (told from the header row); a row with more cells
than the header (a decimal comma in a ',' file: ``…,7,61``) is refused naming its line and cell.
Lines at the top that start with ``#`` carry ``key: value`` metadata: ``# status: sample`` marks
illustrative figures, and every report that shows them says so; ``# numbers: vi`` says numbers are
written 6.830.000.000 and 38,5.

Estimates (ước thực hiện): ``# estimate: yes`` marks every figure of the file as an estimate, the
``estimate`` column (có/không) one row; an official figure for the same unit, period and indicator
(in the same file, or in a later file given to ``replace_estimates``) replaces the estimate in the
assessment, and ``estimate_vs_official`` sets the two side by side.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from thidua.errors import InputError, Quoted, shown
from thidua.inputs.inputfile import read_input
from thidua.inputs.numbers import STYLES, NumberStyleError, normalize, written_decimals
from thidua.inputs.periods import canonical

REQUIRED_COLUMNS = ["unit", "period", "indicator", "value"]
OPTIONAL_COLUMNS = ["numerator", "denominator"]
KEYS = ["unit", "period", "indicator_id"]
DECIMALS = "decimals"  # how many decimals a figure was written with (7,61 → 2): printed so, as published
BUDGET_COLUMNS = ["unit", "period", "side", "item", "estimate", "actual"]
BUDGET_SIDES = ("thu", "chi")  # revenue, expenditure (any letter case)
DATA_STATUSES = ("sample", "official")
# The yes/no words every reader takes (lower case), the reports' own words included ("đã đạt", "chưa đạt").
YES_WORDS = frozenset({"có", "co", "yes", "true", "đạt", "đã đạt"})  # 1 and 0 are numbers already
NO_WORDS = frozenset({"không", "khong", "no", "false", "không đạt", "chưa đạt"})
_META_LINES = re.compile(r"(?:#[^\r\n]*(?:\r\n|\r|\n|\Z))*")  # the '#' lines at the top
KNOWN_COLUMNS = frozenset({*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, *BUDGET_COLUMNS, "estimate"})
SEPARATORS = (",", ";")  # ';' is how Excel saves a CSV with Vietnamese (and most European) regional settings
_FIRST_LINE = re.compile(r"[^\r\n]*")
_SPLIT_NUMBER = re.compile(r"-?[\d.]*\d(,\d+)+")  # a number whose commas split it into cells: 7,61; 6,830,000


@dataclass(frozen=True)
class Figures:
    """Figures read from one file, with the file's metadata (status, title, source)."""

    path: Path
    values: pd.DataFrame  # unit, period, indicator_id, value, line (in the file), numerator, denominator, decimals
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def status(self) -> str:
        """``sample`` or ``official``."""
        return self.meta.get("status", "official")

    @property
    def is_sample(self) -> bool:
        """True for illustrative figures that reports must label as sample."""
        return self.status == "sample"

    @property
    def estimates(self) -> pd.Series:
        """For each row of ``values``, True when the figure is an estimate (its row's mark, else the file's)."""
        default = self.meta.get("estimate", "no").strip().lower() in YES_WORDS | {"1", "ước"}
        if "estimate" not in self.values.columns:
            return pd.Series(default, index=self.values.index, dtype=bool)
        return self.values["estimate"].fillna(default).astype(bool)

    def official_first(self) -> Figures:
        """The figures to check and assess: an official figure replaces the estimate of the same key.

        Its ``values`` carry each row's mark in the column ``estimate``.
        """
        marked = self.values.assign(estimate=self.estimates.to_numpy(dtype=bool))
        kept = marked.sort_values("estimate", kind="stable").drop_duplicates(KEYS).sort_index()
        return Figures(self.path, kept, self.meta)


@dataclass(frozen=True)
class Table:
    """A CSV file's metadata lines and its body as text cells, with the file line of the first row."""

    meta: dict[str, str]
    frame: pd.DataFrame
    first_line: int
    style: str | None


def _decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text ({exc.reason} at byte {exc.start}); save it as 'CSV UTF-8' from Excel", file=path
        ) from None


def read_table(path: Path, columns: list[str], number_style: str | None) -> Table:
    """A CSV file's '#' lines and its table as text cells, refused with file and line when it cannot be read."""
    text = _decode(read_input(path), path)
    head = _META_LINES.match(text)
    meta_lines = head.group().splitlines()
    n_meta = len(meta_lines)
    meta = _parse_meta(meta_lines, path)
    body = text[head.end() :]
    if not body or body.isspace():
        raise InputError("has no header row and no data", file=path)
    header = _FIRST_LINE.match(body).group()
    sep = separator(header)
    style = number_style or meta.get("numbers")
    try:
        frame = pd.read_csv(io.StringIO(body), sep=sep, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        _refuse_long_rows(body, sep, path, n_meta, style)
        detail = str(exc).splitlines()[-1].removeprefix("Error tokenizing data. C error: ")
        raise InputError(f"is not a readable CSV table ({detail})", file=path) from None
    if not isinstance(frame.index, pd.RangeIndex):  # pandas took the extra first cells of long rows as an index
        _refuse_long_rows(body, sep, path, n_meta, style)
    missing = [c for c in columns if c not in frame.columns]
    if missing and columns != BUDGET_COLUMNS and set(BUDGET_COLUMNS) <= set(frame.columns):
        raise InputError(
            "is a budget file (side, item, estimate, actual): give it as the budget (--budget)",
            file=path, where=f"line {n_meta + 1}",
        )  # fmt: skip
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}; the header must be {', '.join(columns)}{_how_split(header, sep)}",
            file=path, where=f"line {n_meta + 1}", field=missing[0],
        )  # fmt: skip
    if style is not None and style not in STYLES:
        raise InputError(f"must be vi or en, got {shown(style)}", file=path, where="header", field="numbers")
    if frame.empty:
        raise InputError("has a header row but no figures", file=path, where=f"line {n_meta + 2}")
    return Table(meta=meta, frame=frame, first_line=n_meta + 2, style=style)


def separator(header: str) -> str:
    """The column separator of a CSV file, told from its header row: ';' when it names more known columns split at ';'.

    Excel saves "CSV" with the list separator of the computer's regional settings: ';' where the
    decimal mark is a comma (Vietnamese), ',' elsewhere.
    """
    found = {sep: len(KNOWN_COLUMNS & {c.strip().strip('"').strip() for c in header.split(sep)}) for sep in SEPARATORS}
    return ";" if found[";"] > found[","] else ","


def _how_split(header: str, sep: str) -> str:
    """What a missing-column message adds about the separator: how the header was split, when ';' is in it."""
    if ";" not in header:
        return ""
    if sep == ";":
        return " (the columns were read as separated by ';')"
    return "; the columns seem to be separated by ';', but the header does not name them"


def _refuse_long_rows(body: str, sep: str, path: Path, n_meta: int, style: str | None) -> None:
    """Raise for the first row with more cells than the header, naming its line and the cell that split.

    Only called when pandas could not read the table (or took long rows' first cells as an index):
    reading stops at the first such row.
    """
    reader = csv.reader(io.StringIO(body), delimiter=sep, skipinitialspace=True)
    header = next(reader, [])
    for cells in reader:
        if len(cells) > len(header):
            field, hint = _split_cell(cells, header, sep, style)
            message = f"{len(cells)} cells where the header has {len(header)}{hint}"
            raise InputError(message, file=path, where=f"line {n_meta + reader.line_num}", field=field)


def _split_cell(cells: list[str], header: list[str], sep: str, style: str | None) -> tuple[str | None, str]:
    """The column whose number a comma split into more cells (or None), and what to do about it.

    Where two neighbouring numbers could each be the split one (``…,6830000000,7117000000,5``), the reading
    with the shorter part after the comma is taken: a decimal part is a digit or two.
    """
    extra = len(cells) - len(header)
    if sep == ";":
        return None, ": a ';' inside a cell? put the cell in quotes"
    joined = {name.strip(): ",".join(c.strip() for c in cells[i : i + extra + 1]) for i, name in enumerate(header)}
    split = {name: number for name, number in joined.items() if _SPLIT_NUMBER.fullmatch(number)}
    if not split:
        return None, ": a comma inside a cell? put the cell in quotes, or save the file with ';' between columns"
    name = min(split, key=lambda n: len(split[n].rpartition(",")[2]))  # the first of equals
    number = split[name]
    decimal = extra == 1 and len(number.rpartition(",")[2]) != 3 and "." not in number
    write = f"write {number.replace(',', '.')}, or " if decimal and style != "vi" else ""
    what = "a decimal comma?" if decimal else f"{number!r} looks like one number split at its commas:"
    return name, f": {what} {write}quote \"{number}\", or save the file with ';' between columns"


def read_csv(path: str | Path, number_style: str | None = None, yes_no: Collection[str] | None = None) -> Figures:
    """Read a long-format CSV data file; raise ``InputError`` naming the line and field.

    ``number_style`` (``vi`` or ``en``) overrides the file's ``# numbers:`` line; with neither,
    the style is detected and an ambiguous number is an error. ``yes_no`` lists the plan's yes/no
    indicators: có/không (yes/no, true/false) is then accepted only on their rows, never where a
    number is due (without a plan every row may hold one).
    """
    path = Path(path)
    table = read_table(path, REQUIRED_COLUMNS, number_style)
    frame, first_line = table.frame, table.first_line
    indicators = strip_cells(frame["indicator"])
    words_allowed = None if yes_no is None else indicators.isin(list(yes_no)).to_numpy()
    numeric = {
        c: frame[c] if c in frame.columns else pd.Series("", index=frame.index) for c in ["value", *OPTIONAL_COLUMNS]
    }
    parsed = _numbers(numeric, path, first_line, table.style, yes_no="value", words_allowed=words_allowed)
    values = pd.DataFrame(
        {
            "unit": strip_cells(frame["unit"]),
            "period": strip_cells(frame["period"]),
            "indicator_id": indicators,
            "value": parsed["value"],
            "line": np.arange(first_line, first_line + len(frame)),
            "numerator": parsed["numerator"],
            "denominator": parsed["denominator"],
            "decimals": parsed[DECIMALS],
        }
    )
    for col in ("unit", "period", "indicator_id"):
        refuse_rows(values[col] == "", path, first_line, col, "is empty")
    values["period"] = _periods(values["period"], path, first_line)
    if "estimate" in frame.columns:
        values["estimate"] = _estimate_marks(frame["estimate"], path, first_line)
    keyed = values.assign(_estimate=Figures(path, values, table.meta).estimates)
    dup = keyed.duplicated([*KEYS, "_estimate"], keep="first").to_numpy()  # an estimate and an official figure pair
    if dup.any():
        r = values.iloc[int(np.flatnonzero(dup)[0])]
        message = f"repeats unit {shown(r['unit'])}, period {shown(r['period'])}, indicator {shown(r['indicator_id'])}"
        refuse_rows(dup, path, first_line, "indicator", message)
    ratio = values["numerator"] / values["denominator"] * 100.0
    values["value"] = values["value"].fillna(ratio.where(values["denominator"] > 0))
    return Figures(path=path, values=values, meta=table.meta)


def _estimate_marks(cells: pd.Series, path: Path, first_line: int) -> pd.Series:
    """The ``estimate`` column: có/ước/yes is an estimate, không/no an official figure, empty the file's default."""
    text = cells.fillna("").astype(str).str.strip().str.lower()
    yes, no = text.isin(YES_WORDS | {"1", "ước"}), text.isin(NO_WORDS | {"0", "chính thức"})
    refuse_rows(~(yes | no | text.eq("")), path, first_line, "estimate", "{cell!r} is not có or không", cells)
    return pd.Series(np.where(yes, True, np.where(no, False, None)), index=cells.index, dtype=object)


def read_budget_csv(path: str | Path, number_style: str | None = None) -> pd.DataFrame:
    """Read a budget file: ``unit, period, side (thu/chi), item, estimate, actual`` in đồng."""
    path = Path(path)
    table = read_table(path, BUDGET_COLUMNS, number_style)
    frame, first_line = table.frame, table.first_line
    budget = frame[["unit", "period", "side", "item"]].apply(strip_cells)
    money = _numbers({c: frame[c] for c in ("estimate", "actual")}, path, first_line, table.style)
    for col in ("estimate", "actual"):
        budget[col] = money[col]
        refuse_rows((budget[col] < 0).to_numpy(), path, first_line, col, "money must not be negative")
    written, budget["side"] = budget["side"], budget["side"].str.lower()
    bad = ~budget["side"].isin(BUDGET_SIDES).to_numpy()
    if bad.any():
        refuse_rows(bad, path, first_line, "side", bad_side(written.iloc[int(np.flatnonzero(bad)[0])]))
    budget.attrs["meta"] = table.meta  # its '# plan:' line is checked against the plan (sources.read_data)
    return budget


def bad_side(value: object) -> str:
    """The one message, for CSV and workbook alike, for a budget line that is neither revenue nor expenditure."""
    return f"must be {' or '.join(BUDGET_SIDES)}, got {shown(value)}"


def _periods(labels: pd.Series, path: Path, first_line: int) -> pd.Series:
    """Rewrite period labels in canonical form (each distinct label parsed once)."""
    mapping: dict[str, str] = {}
    for label in pd.unique(labels):
        try:
            mapping[label] = canonical(label)
        except InputError as exc:
            refuse_rows((labels == label).to_numpy(), path, first_line, "period", exc.message)
    return labels.map(mapping)


def refuse_rows(
    mask: np.ndarray | pd.Series,
    path: Path,
    first_line: int,
    field: str,
    message: str,
    cells: pd.Series | None = None,
    place: str = "line {n}",
) -> None:
    """Raise for the first True row of ``mask``, naming its file line (or ``place``: a sheet's row) and the field.

    With ``cells``, ``{cell}`` in the message is that row's cell as written.
    """
    mask = np.asarray(mask)
    if mask.any():
        row = int(np.flatnonzero(mask)[0])
        if cells is not None:
            message = message.format(cell=Quoted(cells.iloc[row]))
        raise InputError(message, file=path, where=place.format(n=first_line + row), field=field)


def _parse_meta(lines: list[str], path: Path) -> dict[str, str]:
    """The ``# key: value`` lines; Excel pads each to the table's width (``# status: sample;;;``), which is dropped."""
    meta: dict[str, str] = {}
    for line in lines:
        key, sep, value = line.lstrip("#").partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip().rstrip("".join(SEPARATORS)).strip()
    if meta.get("status", "official") not in DATA_STATUSES:
        raise InputError(
            f"must be one of {', '.join(DATA_STATUSES)}, got {shown(meta['status'])}",
            file=path,
            where="header",
            field="status",
        )
    return meta


def strip_cells(column: pd.Series) -> pd.Series:
    """Strip spaces and compose to NFC, working on each distinct cell once (ids and periods repeat on every row)."""
    codes, uniques = pd.factorize(column.fillna("").astype(str))
    cleaned = pd.Series(uniques, dtype=object).str.strip().str.normalize("NFC")
    return pd.Series(cleaned.to_numpy()[codes], index=column.index, dtype=object)


def _numbers(
    columns: dict[str, pd.Series],
    path: Path,
    first_line: int,
    style: str | None,
    yes_no: str | None = None,
    words_allowed: np.ndarray | None = None,
) -> dict[str, pd.Series]:
    """Parse text columns as numbers in the file's style; an empty cell is missing, text or infinity an error.

    In the ``yes_no`` column, có/không (yes/no, 1/0) read as 1 and 0 on the rows ``words_allowed``
    marks (every row when None); that column's decimals as written are returned under ``DECIMALS``
    (``thidua.inputs.numbers.written_decimals``). Each distinct cell is parsed once.
    """
    names = list(columns)
    n = len(columns[names[0]])
    stacked = pd.concat([columns[c].fillna("").astype(str) for c in names], ignore_index=True)
    codes, raw_uniques = pd.factorize(stacked)
    uniques = pd.Series(raw_uniques, dtype=object).str.strip()
    lowered = uniques.str.lower()
    word = np.where(lowered.isin(YES_WORDS), 1.0, np.where(lowered.isin(NO_WORDS), 0.0, np.nan))
    try:
        plain = normalize(uniques.where(np.isnan(word), ""), style)
    except NumberStyleError as exc:
        first = int(np.flatnonzero(codes == exc.row)[0])
        raise InputError(str(exc), file=path, where=f"line {first_line + first % n}", field=names[first // n]) from None
    parsed = pd.to_numeric(plain.where(plain != ""), errors="coerce").to_numpy(dtype="float64")
    places = written_decimals(plain).where(np.isnan(word)).to_numpy(dtype="float64")
    written = (uniques != "").to_numpy()
    out: dict[str, pd.Series] = {}
    for i, col in enumerate(names):
        part = codes[i * n : (i + 1) * n]
        values = parsed[part]
        cells = columns[col]
        if col == yes_no:
            is_word = ~np.isnan(word[part])
            if words_allowed is not None:
                refuse_rows(
                    is_word & ~words_allowed,
                    path,
                    first_line,
                    col,
                    "{cell!r} is a yes/no answer where a number is due",
                    cells,
                )
            values = np.where(is_word, word[part], values)
            out[DECIMALS] = pd.Series(places[part], index=cells.index, dtype="float64")
        refuse_rows(written[part] & np.isnan(values), path, first_line, col, "{cell!r} is not a number", cells)
        refuse_rows(np.isinf(values), path, first_line, col, "{cell!r} is not a finite number", cells)
        out[col] = pd.Series(values, index=cells.index, dtype="float64")
    return out


def observations(values: pd.DataFrame, period: str, baseline_period: str) -> pd.DataFrame:
    """Pair each unit's figure for ``period`` with its figure for ``baseline_period``.

    Returns the engine's input: ``unit, period, indicator_id, actual, baseline``, the actual's
    ``numerator, denominator`` where the values have them, and where they say how each figure was
    written, ``decimals`` and ``baseline_decimals``. An indicator with only last year's figure is kept
    (actual missing), so reports still show the baseline.
    """
    keys = ["unit", "indicator_id"]
    units = values.loc[values["period"] == period, "unit"].unique()
    parts = [c for c in ("numerator", "denominator") if c in values.columns]
    places = [DECIMALS] if DECIMALS in values.columns else []
    current = values.loc[values["period"] == period, [*keys, "value", *parts, *places]]
    base = values.loc[(values["period"] == baseline_period) & values["unit"].isin(units), [*keys, "value", *places]]
    merged = current.merge(base, on=keys, how="outer", suffixes=("", "_base"), validate="one_to_one", sort=False)
    names = {"value": "actual", "value_base": "baseline", f"{DECIMALS}_base": f"baseline_{DECIMALS}"}
    merged = merged.rename(columns=names).assign(period=period)
    written = [DECIMALS, f"baseline_{DECIMALS}"] if places else []
    return merged[["unit", "period", "indicator_id", "actual", "baseline", *parts, *written]]


def replace_estimates(earlier: Figures, later: Figures) -> Figures:
    """``earlier``'s figures updated by ``later``'s: a later figure replaces an earlier one of the same kind.

    An official figure in ``later`` for an estimate in ``earlier`` is kept beside it (the assessment
    takes the official one; ``estimate_vs_official`` compares them). The result's rows carry their marks.
    """
    old, new = (
        d.values.assign(estimate=d.estimates, source=d.values.get("source", str(d.path))) for d in (earlier, later)
    )  # each row names its file, so a problem found later points at the right one
    new = new[~_unfilled(earlier, later).to_numpy()]  # an empty later cell keeps the earlier figure
    replaced = old.merge(new[[*KEYS, "estimate"]], on=[*KEYS, "estimate"], how="left", indicator=True)["_merge"]
    kept = old[replaced.eq("left_only").to_numpy()]
    meta = {**later.meta, "estimate": "no"}  # each row says what it is
    if earlier.is_sample or later.is_sample:  # sample figures stay marked as such, whichever file holds them
        meta["status"] = "sample"
    return Figures(later.path, pd.concat([kept, new], ignore_index=True), meta)


def _unfilled(earlier: Figures, later: Figures) -> pd.Series:
    """For each row of ``later``, True when it has no figure while ``earlier`` has one for its key."""
    new = later.values
    empty = new.reindex(columns=["value", "numerator", "denominator"]).isna().all(axis=1)
    filled = earlier.values.dropna(subset=["value"])
    known = pd.MultiIndex.from_frame(new[KEYS]).isin(pd.MultiIndex.from_frame(filled[KEYS]))
    return empty & known


def kept_figures(earlier: Figures, later: Figures) -> pd.DataFrame:
    """The rows of ``later`` left empty where ``earlier`` has a figure, which ``replace_estimates`` keeps.

    Columns: ``later``'s own, and ``kept``, the earlier figure (a December estimate an empty March cell leaves).
    """
    rows = later.values[_unfilled(earlier, later).to_numpy()]
    filled = earlier.values.dropna(subset=["value"]).drop_duplicates(KEYS, keep="last")
    return rows.merge(filled[[*KEYS, "value"]].rename(columns={"value": "kept"}), on=KEYS, how="left")


def estimate_vs_official(values: pd.DataFrame, estimates: pd.Series) -> pd.DataFrame:
    """Each figure given both as an estimate and officially, side by side.

    Columns ``unit, period, indicator_id, estimate, official, difference`` (official − estimate), and the
    decimals each figure was written with, ``estimate_decimals`` and ``official_decimals``.
    """
    marked = values.assign(_est=estimates.to_numpy(dtype=bool)).reindex(columns=[*KEYS, "value", DECIMALS, "_est"])
    est = marked.loc[marked["_est"], [*KEYS, "value", DECIMALS]]
    official = marked.loc[~marked["_est"], [*KEYS, "value", DECIMALS]]
    both = est.merge(official, on=KEYS, suffixes=("_e", "_o")).rename(
        columns={"value_e": "estimate", "value_o": "official", f"{DECIMALS}_e": "estimate_decimals",
                 f"{DECIMALS}_o": "official_decimals"}
    )  # fmt: skip
    return both.assign(difference=both["official"] - both["estimate"])


def estimated_results(results: pd.DataFrame, values: pd.DataFrame, period: str) -> pd.Series:
    """For each result row, True when its actual is an estimate.

    ``values`` are the figures of ``Figures.official_first`` (column ``estimate``; published values under
    their target's id) and the derived rows (no mark): an entered or published figure carries its own
    mark, a derived one (a growth, a share) is an estimate when any figure of its unit for ``period`` is.
    """
    current = values[values["period"] == period]
    entered = current.dropna(subset=["estimate"])[["unit", "indicator_id", "estimate"]].astype(
        {"unit": str, "indicator_id": str, "estimate": bool}
    )
    keys = results[["unit", "indicator_id"]].astype(str)
    by_key = entered.groupby(["unit", "indicator_id"], as_index=False)["estimate"].any()  # a level and its change
    marks = keys.merge(by_key, on=["unit", "indicator_id"], how="left")["estimate"]
    by_unit = entered.groupby("unit")["estimate"].any()
    derived = keys["unit"].map(by_unit).to_numpy()
    return pd.Series(marks.fillna(pd.Series(derived)).fillna(False).to_numpy(dtype=bool), index=results.index)
