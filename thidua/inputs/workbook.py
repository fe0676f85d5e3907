"""The Excel data-entry workbook read back after filling (``thidua.reports.workbook_template`` writes it).

Sheets, with Vietnamese headers: ``Hướng dẫn`` (instructions), ``Thông tin`` (unit, period, status),
``Chỉ tiêu`` (indicators: Kế hoạch / Thực hiện / Cùng kỳ, with parts for rates), ``Ngành kinh tế``
(sector values at current and constant prices), ``Ngân sách`` (budget lines) and the sub-units'
figures: ``Thôn`` (hamlets) in a commune's workbook, always; ``Xã`` (communes) in a district's, town's or
city's and ``Cấp huyện`` in a province's, when its units file lists them. Every error names the file, the
sheet and row, and the column.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from thidua.errors import InputError, shown
from thidua.inputs.ids import nfc
from thidua.inputs.inputfile import max_input_bytes, read_input, too_big
from thidua.inputs.numbers import float_decimals
from thidua.inputs.observations import BUDGET_SIDES, DATA_STATUSES, NO_WORDS, YES_WORDS, Figures, bad_side
from thidua.inputs.periods import parse_period
from thidua.inputs.plan import Plan
from thidua.inputs.published import published_ids
from thidua.inputs.safecells import restore

INFO, GUIDE, INDICATORS, SECTORS, BUDGET, HAMLETS = (
    "Thông tin", "Hướng dẫn", "Chỉ tiêu", "Ngành kinh tế", "Ngân sách", "Thôn",
)  # fmt: skip
ROSTER, REGISTRATIONS = "Danh sách", "Đăng ký thi đua"  # an emulation plan's roster and registrations
PARTS = ["Tử số", "Mẫu số", "Tử số cùng kỳ", "Mẫu số cùng kỳ"]


class Subunits(NamedTuple):
    """The sheet of a plan's sub-units (hamlets of a commune, communes of a district…), as its level names them."""

    sheet: str
    code: str  # the header of the sub-unit's id
    name: str  # the header of its name
    one: str  # one sub-unit, in the guide: 'số liệu từng thôn'
    whole: str  # the plan's unit, in the guide: 'tỷ lệ của xã'


_COMMUNES = ("Xã", "Mã xã", "Xã", "xã")
SUBUNITS = {
    "commune": Subunits(HAMLETS, "Mã thôn", "Thôn", "thôn", "xã"),
    "district": Subunits(*_COMMUNES, "huyện"),
    "town": Subunits(*_COMMUNES, "thị xã"),
    "city": Subunits(*_COMMUNES, "thành phố"),
    "province": Subunits("Cấp huyện", "Mã đơn vị", "Đơn vị cấp huyện", "đơn vị cấp huyện", "tỉnh"),
}
SUBUNIT_COLUMNS = ["Mã chỉ tiêu", "Chỉ tiêu", "Thực hiện", "Cùng kỳ", *PARTS]
HEADERS = {
    INDICATORS: ["Mã chỉ tiêu", "Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện", "Cùng kỳ", *PARTS],
    SECTORS: [
        "Mã ngành", "Ngành", "Giá hiện hành – thực hiện", "Giá hiện hành – cùng kỳ",
        "Giá so sánh – thực hiện", "Giá so sánh – cùng kỳ",
    ],
    BUDGET: ["Thu/Chi", "Khoản mục", "Dự toán", "Thực hiện", "Thực hiện cùng kỳ"],
    **{u.sheet: [u.code, u.name, *SUBUNIT_COLUMNS] for u in SUBUNITS.values()},
}  # fmt: skip
INFO_KEYS = {"plan": "Kế hoạch số", "unit": "Mã đơn vị", "period": "Kỳ báo cáo", "status": "Trạng thái số liệu"}
BUDGET_ITEMS = [
    ("thu", "Thuế, phí, lệ phí và thu khác"), ("thu", "Bổ sung từ ngân sách cấp trên"),
    ("chi", "Chi đầu tư phát triển"), ("chi", "Chi thường xuyên"), ("chi", "Dự phòng"),
]  # fmt: skip
_YES, _NO = YES_WORDS | {"1"}, NO_WORDS | {"0"}  # a text cell "1" or "0" is a yes/no answer too
MAX_SUBUNITS = 1000  # hamlets (or communes) under one unit: far above any unit in Vietnam
MAX_COLUMNS = 30  # the template uses at most 10: room for an officer's own notes
MAX_STYLES = 64_000  # formats, fonts, fills and borders together: Excel's own limit of cell formats
MAX_SHARED_STRINGS = 250_000  # 1,000 hamlets × 60 indicators × 4 texts: above any unit in Vietnam
# Entries openpyxl builds one object each for before a cell is read, counted in the unpacked XML (any prefix).
_PARTS = {
    "styles.xml": (MAX_STYLES, "style entries", re.compile(rb"<(?:[\w.-]+:)?(?:xf|font|fill|border|numFmt)[\s/>]")),
    "sharedstrings.xml": (MAX_SHARED_STRINGS, "shared strings", re.compile(rb"<(?:[\w.-]+:)?si[\s/>]")),
}
_CHUNK = 1 << 20
# What openpyxl raises on a damaged workbook: bad zip, XML, numbers (int('inf')) or shared-string indexes.
_UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    SyntaxError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
)


@dataclass(frozen=True)
class WorkbookData:
    """What a filled workbook holds, as the engine's tables."""

    commune: Figures  # the unit's figures for the period and the same period last year
    budget: pd.DataFrame  # unit, period, side, item, estimate, actual
    hamlets: Figures  # the sub-units' figures: hamlets of a commune, communes of a district… (may be empty)


def subunits(plan: Plan) -> Subunits:
    """The sheet of ``plan``'s sub-units: 'Thôn' for a commune, 'Xã' for a district, town or city, 'Cấp huyện'."""
    return SUBUNITS[plan.meta["level"]]


def has_sectors(plan: Plan) -> bool:
    """True when the plan's economy lists components, whose values the 'Ngành kinh tế' sheet takes."""
    return plan.economy is not None and not plan.economy.sectors.empty


class _Sheet:
    """One sheet's rows as text-or-number cells, checked against its header, with error positions."""

    def __init__(self, path: Path, name: str, values: Any, formulas: Any, columns: list[str], max_rows: int) -> None:
        self.path, self.name, self.columns = path, name, columns
        self.rows = [[restore(c) if isinstance(c, str) else c for c in r] for r in _cells(values, path, max_rows)]
        self.formulas = _cells(formulas, path, max_rows)

    def fail(self, row: int, column: str | None, message: str) -> InputError:
        return InputError(message, file=self.path, where=f"sheet '{self.name}', row {row}", field=column)

    def check_header(self, expected: list[str]) -> None:
        found = [str(c).strip() if c is not None else "" for c in (self.rows[0] if self.rows else [])]
        if found[: len(expected)] != expected:
            shown = ", ".join(c for c in found if c) or "nothing"
            raise self.fail(
                1, None, f"the header must be {', '.join(expected)}; found {shown}. Keep the template's header row"
            )

    def records(self, expected: list[str]) -> list[tuple[int, dict[str, Any]]]:
        """Non-empty data rows as (row number, {header: cell})."""
        self.check_header(expected)
        out = []
        for i, row in enumerate(self.rows[1:], start=2):
            cells = dict(zip(expected, [*row, *[None] * len(expected)][: len(expected)], strict=True))
            if any(v not in (None, "") for v in cells.values()):
                out.append((i, cells))
        return out

    def number(self, row: int, column: str, value: Any, yes_no: bool = False) -> float:
        """A cell as a finite number (NaN when empty).

        Text, TRUE/FALSE where a number is due, infinity, or a formula Excel never computed, is an error.
        """
        if value is None or (isinstance(value, str) and not value.strip()):
            return self._formula_or_nan(row, column)
        if isinstance(value, (dt.date, dt.time, dt.timedelta)):
            raise self.fail(row, column, f"{_as_date(value)} is not a number: format the cell as a number, not a date")
        if isinstance(value, bool) and not yes_no:
            raise self.fail(row, column, f"{shown(value)} is a yes/no (TRUE/FALSE) cell where a number is due")
        if isinstance(value, (int, float)):
            try:
                number = float(value)
            except OverflowError:  # an integer of hundreds of digits
                number = math.inf
            if not math.isfinite(number):
                raise self.fail(row, column, f"{shown(value)} is not a finite number")
            return number
        text = str(value).strip().lower()
        if yes_no and text in _YES | _NO:
            return 1.0 if text in _YES else 0.0
        hint = " (ghi 'có' hoặc 'không')" if yes_no else " (write a number, no text or % sign)"
        raise self.fail(row, column, f"{shown(value)} is not a number{hint}")

    def formula(self, row: int, col: int) -> str | None:
        """The formula typed in a cell (row from 1, column from 0), None when the cell holds none."""
        cells = self.formulas[row - 1] if row - 1 < len(self.formulas) else []
        cell = cells[col] if col < len(cells) else None
        return cell if isinstance(cell, str) and cell.startswith("=") else None

    def _formula_or_nan(self, row: int, column: str) -> float:
        cell = self.formula(row, self.columns.index(column))
        if cell is not None:
            raise self.fail(
                row,
                column,
                f"formula {shown(cell)} has no computed value: open and save the file in Excel, or type the number",
            )
        return math.nan


def _as_date(value: dt.date | dt.time | dt.timedelta) -> str:
    """A date or time cell as an officer reads it: 'a date (21/09/1919)', 'a time (10:30)'."""
    if isinstance(value, dt.timedelta):
        return f"a duration ({value})"
    if isinstance(value, dt.time):
        return f"a time ({value:%H:%M})"
    if isinstance(value, dt.datetime) and value.time() != dt.time(0):
        return f"a date and time ({value:%d/%m/%Y %H:%M})"
    return f"a date ({value:%d/%m/%Y})"


def _max_rows(plan: Plan) -> int:
    """Rows a sheet of ``plan``'s template can need: a header, then every figure for each of ``MAX_SUBUNITS``."""
    return 1 + MAX_SUBUNITS * (len(plan.indicator_ids) + len(plan.input_ids) + 2)  # + income and population


def _beyond(path: Path, sheet: str, place: str, max_rows: int) -> InputError:
    return InputError(
        f"reaches past what a template sheet can need ({MAX_COLUMNS} columns, A to {get_column_letter(MAX_COLUMNS)},"
        f" and {max_rows:,} rows): delete the rows and columns beyond them",
        file=path, where=f"sheet '{sheet}', {place}",
    )  # fmt: skip


def _cells(ws: Any, path: Path, max_rows: int) -> list[list[Any]]:
    """A read-only sheet's values, row by row, refused when it reaches past what the template can need.

    Read-only openpyxl sizes a sheet by its <dimension> tag: that is checked first, so one cell at
    XFD1048576 is refused before any cell is read; then, since the tag may lie, it is dropped and the
    rows and columns actually read are bounded too.
    """
    if (ws.max_row or 0) > max_rows or (ws.max_column or 0) > MAX_COLUMNS:
        raise _beyond(path, ws.title, f"cell {get_column_letter(ws.max_column or 1)}{ws.max_row or 1}", max_rows)
    ws.reset_dimensions()
    rows: list[list[Any]] = []
    try:
        for row in ws.iter_rows(values_only=True):
            if len(rows) == max_rows:
                raise _beyond(path, ws.title, f"row {max_rows + 1}", max_rows)
            if len(row) > MAX_COLUMNS:
                raise _beyond(path, ws.title, f"cell {get_column_letter(len(row))}{len(rows) + 1}", max_rows)
            rows.append(list(row))
    except _UNREADABLE as exc:
        raise InputError(
            f"has a cell that cannot be read ({exc.__class__.__name__}: {exc})",
            file=path, where=f"sheet '{ws.title}', row {len(rows) + 1}",
        ) from None  # fmt: skip
    return rows


def open_workbook(path: Path) -> tuple[Any, Any]:
    """The workbook's values and its formulas, opened read-only from bytes read within the size limit."""
    blob = read_input(path)
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            limit = max_input_bytes()
            if unpacked > limit:
                raise InputError(too_big(unpacked, limit, True, verb="unpacks to"), file=path)
            _count_entries(archive, path)
        return (
            load_workbook(io.BytesIO(blob), read_only=True, data_only=True),
            load_workbook(io.BytesIO(blob), read_only=True, data_only=False),
        )
    except (*_UNREADABLE, InvalidFileException) as exc:
        raise InputError(f"not an Excel .xlsx workbook ({exc.__class__.__name__})", file=path) from None


def _count_entries(archive: zipfile.ZipFile, path: Path) -> None:
    """Refuse a styles or shared-strings part with more entries than a data-entry workbook can need.

    openpyxl builds every style and shared string before the first cell is read: 1.5 million styles
    packed in 288 KB took two minutes and 3 GB. The entries are counted in the unpacked XML, streamed in
    chunks (a ``count`` attribute may lie), so the check itself takes little memory.
    """
    for info in archive.infolist():
        part = _PARTS.get(info.filename.rsplit("/", 1)[-1].lower())
        if part is None:
            continue
        limit, what, entry = part
        found = _count(archive, info, entry, limit)
        if found > limit:
            raise InputError(
                f"has more than {limit:,} {what}: a data-entry workbook needs a few dozen."
                " Copy the figures into a new template ('thidua template')",
                file=path, where=f"part {info.filename}",
            )  # fmt: skip


def _count(archive: zipfile.ZipFile, info: zipfile.ZipInfo, entry: re.Pattern[bytes], limit: int) -> int:
    """Matches of ``entry`` in one member, read in chunks; stops counting once past ``limit``."""
    found, tail = 0, b""
    with archive.open(info) as member:
        while found <= limit and (chunk := member.read(_CHUNK)):
            text = tail + chunk
            cut = max(0, len(text) - 64)  # a tag starting in the last bytes is counted with the next chunk
            found += len(entry.findall(text)) - len(entry.findall(text, cut))
            tail = text[cut:]
        return found + len(entry.findall(tail))


def read_workbook(path: str | Path, plan: Plan) -> WorkbookData:
    """Read a filled template back into the tables the engine uses."""
    path = Path(path)
    values, formulas = open_workbook(path)
    try:
        return _read(path, plan, values, formulas)
    finally:
        values.close()
        formulas.close()


def _read(path: Path, plan: Plan, values: Any, formulas: Any) -> WorkbookData:
    below = subunits(plan)  # a commune's workbook always has its hamlets' sheet; others when their units are listed
    required = [INFO, INDICATORS, BUDGET] + ([below.sheet] if plan.meta["level"] == "commune" else [])
    required += [SECTORS] if has_sectors(plan) else []
    missing = [s for s in required if s not in values.sheetnames]
    if missing:
        raise InputError(
            f"missing sheet(s) {', '.join(missing)}; the workbook has {', '.join(values.sheetnames)}."
            " Make a new one with 'thidua template'",
            file=path,
        )
    max_rows = _max_rows(plan)

    def sheet(name: str) -> _Sheet:
        return _Sheet(path, name, values[name], formulas[name], HEADERS.get(name, ["Mục", "Giá trị"]), max_rows)

    meta = _info(sheet(INFO))
    current = parse_period(meta["period"])
    period, baseline = current.label, current.same_period_last_year().label
    unit = meta["unit"]
    rows = _indicator_rows(sheet(INDICATORS), plan, unit, period, baseline)
    if has_sectors(plan):
        rows += _sector_rows(sheet(SECTORS), plan, unit, period, baseline)
    budget = _budget(sheet(BUDGET), unit, period, baseline)
    hamlet_rows = _subunit_rows(sheet(below.sheet), period, baseline) if below.sheet in values.sheetnames else []
    for frame in (rows, hamlet_rows):
        _refuse_duplicates(frame, path)
    file_meta = {"status": meta["status"], "plan": meta["plan"], "source": f"{path.name}"}
    return WorkbookData(
        commune=Figures(path=path, values=_long(rows), meta=file_meta),
        budget=budget,
        hamlets=Figures(path=path, values=_long(hamlet_rows), meta=file_meta),
    )


def _refuse_duplicates(rows: list[dict[str, Any]], path: Path) -> None:
    seen: dict[tuple[str, str, str], int] = {}
    for r in rows:
        key = (r["unit"], r["period"], r["indicator_id"])
        if key in seen and seen[key] != r["line"]:
            raise InputError(
                f"repeats indicator {shown(r['indicator_id'])} of unit {shown(r['unit'])} (first on row {seen[key]})",
                file=path, where=f"sheet '{r['sheet']}', row {r['line']}", field="Mã chỉ tiêu",
            )  # fmt: skip
        seen.setdefault(key, r["line"])


def _info(s: _Sheet) -> dict[str, str]:
    found = {str(r[0]).strip(): (i, r[1] if len(r) > 1 else None) for i, r in enumerate(s.rows, 1) if r and r[0]}
    meta = {}
    for n, (key, label) in enumerate(INFO_KEYS.items(), start=2):
        row, value = found.get(label, (n, None))
        formula = s.formula(row, 1)
        if value in (None, "") and formula:
            raise s.fail(row, label, f"formula {shown(formula)} has no computed value: type the value, not a formula")
        if value in (None, ""):
            raise s.fail(row, label, "is required")
        if isinstance(value, (dt.date, dt.time, dt.timedelta)):
            raise s.fail(row, label, f"{_as_date(value)} is not text: format the cell as Text and type it again")
        meta[key] = nfc(str(value).strip())
    if meta["status"] not in DATA_STATUSES:
        raise s.fail(5, INFO_KEYS["status"], f"must be official or sample, got {shown(meta['status'])}")
    try:
        parse_period(meta["period"])
    except InputError as exc:
        raise s.fail(4, INFO_KEYS["period"], exc.message) from None
    return meta


def _indicator_rows(s: _Sheet, plan: Plan, unit: str, period: str, baseline: str) -> list[dict[str, Any]]:
    """Each row's figures for the period and the same period last year; yes/no cells where the plan declares it."""
    yes_no_ids = set(plan.yes_no_ids)
    rates = set(published_ids(plan.targets))
    out = []
    for row, cells in s.records(HEADERS[INDICATORS]):
        ident = nfc(str(cells["Mã chỉ tiêu"] or "").strip())
        if not ident:
            raise s.fail(row, "Mã chỉ tiêu", "is empty")
        if ident in rates:
            _only_this_period(s, row, cells)
        yes_no = ident in yes_no_ids
        num = {
            c: s.number(row, c, cells[c], yes_no=yes_no and c in ("Thực hiện", "Cùng kỳ"))
            for c in HEADERS[INDICATORS][4:]
        }
        out.append(_entry(unit, period, ident, num["Thực hiện"], num["Tử số"], num["Mẫu số"], row, s.name))
        out.append(
            _entry(unit, baseline, ident, num["Cùng kỳ"], num["Tử số cùng kỳ"], num["Mẫu số cùng kỳ"], row, s.name)
        )
    return out


def _only_this_period(s: _Sheet, row: int, cells: dict[str, Any]) -> None:
    """A published rate is this period's change: it has no figure for last year and no parts."""
    for column in HEADERS[INDICATORS][5:]:
        if cells[column] not in (None, ""):
            raise s.fail(row, column, "a published rate (số công bố) takes only Thực hiện: leave this cell empty")


def _sector_rows(s: _Sheet, plan: Plan, unit: str, period: str, baseline: str) -> list[dict[str, Any]]:
    economy = plan.economy
    known = set(economy.sectors["id"])
    prefixes = [economy.current_prefix, economy.current_prefix, economy.constant_prefix, economy.constant_prefix]
    out = []
    headers = HEADERS[SECTORS]
    for row, cells in s.records(headers):
        sector = cells["Mã ngành"]
        if sector not in known:
            raise s.fail(
                row, "Mã ngành", f"unknown sector {shown(sector)}; the plan's sectors are {', '.join(sorted(known))}"
            )
        for column, prefix, per in zip(headers[2:], prefixes, [period, baseline] * 2, strict=True):
            out.append(
                _entry(
                    unit,
                    per,
                    f"{prefix}{sector}",
                    s.number(row, column, cells[column]),
                    math.nan,
                    math.nan,
                    row,
                    s.name,
                )
            )
    return out


def _budget(s: _Sheet, unit: str, period: str, baseline: str) -> pd.DataFrame:
    lines = []
    for row, cells in s.records(HEADERS[BUDGET]):
        side = str(cells["Thu/Chi"] or "").strip().lower()
        if side not in BUDGET_SIDES:
            raise s.fail(row, "Thu/Chi", bad_side(cells["Thu/Chi"]))
        money = {c: s.number(row, c, cells[c]) for c in HEADERS[BUDGET][2:]}
        for column, amount in money.items():
            if amount < 0:
                raise s.fail(row, column, "money must not be negative")
        item = str(cells["Khoản mục"] or "").strip()
        lines.append(
            {
                "unit": unit,
                "period": period,
                "side": side,
                "item": item,
                "estimate": money["Dự toán"],
                "actual": money["Thực hiện"],
            }
        )
        lines.append(
            {
                "unit": unit,
                "period": baseline,
                "side": side,
                "item": item,
                "estimate": math.nan,
                "actual": money["Thực hiện cùng kỳ"],
            }
        )
    budget = pd.DataFrame(lines, columns=["unit", "period", "side", "item", "estimate", "actual"])
    return budget[budget[["estimate", "actual"]].notna().any(axis=1)].reset_index(drop=True)


def _subunit_rows(s: _Sheet, period: str, baseline: str) -> list[dict[str, Any]]:
    """The sub-units' figures (hamlets, communes…): the first column is the sub-unit's id."""
    out = []
    code = s.columns[0]
    for row, cells in s.records(s.columns):
        hamlet, ident = cells[code], cells["Mã chỉ tiêu"]
        if not hamlet or not ident:
            raise s.fail(row, code if not hamlet else "Mã chỉ tiêu", "is empty")
        num = {c: s.number(row, c, cells[c]) for c in s.columns[4:]}
        out.append(_entry(hamlet, period, ident, num["Thực hiện"], num["Tử số"], num["Mẫu số"], row, s.name))
        out.append(
            _entry(hamlet, baseline, ident, num["Cùng kỳ"], num["Tử số cùng kỳ"], num["Mẫu số cùng kỳ"], row, s.name)
        )
    return out


def _entry(
    unit: str, period: str, ident: str, value: float, num: float, den: float, row: int, sheet: str
) -> dict[str, Any]:
    if math.isnan(value) and not math.isnan(den) and den > 0:
        value = num / den * 100.0
    unit, ident = nfc(str(unit).strip()), nfc(str(ident).strip())  # ids compare in NFC, as the CSV reader's
    return {"unit": unit, "period": period, "indicator_id": ident, "value": value, "line": row,
            "numerator": num, "denominator": den, "sheet": sheet}  # fmt: skip


def _long(rows: list[dict[str, Any]]) -> pd.DataFrame:
    columns = ["unit", "period", "indicator_id", "value", "line", "numerator", "denominator", "sheet"]
    frame = pd.DataFrame(rows, columns=columns)
    has_figure = frame[["value", "numerator", "denominator"]].notna().any(axis=1)
    kept = frame[has_figure].reset_index(drop=True).astype({"value": float, "numerator": float, "denominator": float})
    typed = kept["denominator"].isna() | kept["numerator"].isna()  # a rate from its parts was computed, not typed
    return kept.assign(decimals=float_decimals(kept["value"]).where(typed))
