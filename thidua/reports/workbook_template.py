"""The Excel data-entry workbook written for any plan by ``thidua template`` (read back by ``thidua.inputs.workbook``).

Sheets, with Vietnamese headers: ``Hướng dẫn`` (instructions), ``Thông tin`` (unit, period, status),
``Chỉ tiêu`` (indicators: Kế hoạch / Thực hiện / Cùng kỳ, with parts for rates), ``Ngành kinh tế``
(sector values at current and constant prices), ``Ngân sách`` (budget lines, a commune's usual ones
filled in) and the sub-units' figures where the plan has sub-units: ``Thôn`` (a commune's hamlets) for a
commune's plan, ``Xã`` or ``Cấp huyện`` for a higher level's when the units file lists its units. Every
error names the file, the sheet and row, and the column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from thidua.inputs.economy_section import INCOME, POPULATION
from thidua.inputs.measures import MEASURES
from thidua.inputs.plan import Plan
from thidua.inputs.published import PUBLISHED_KINDS, SUFFIX
from thidua.inputs.roster import (
    DISCIPLINES,
    INITIATIVES,
    KINDS,
    POSITIONS,
    RATINGS,
    REGISTRATION_COLUMNS,
    ROSTER_COLUMNS,
)
from thidua.inputs.safecells import neutralise
from thidua.inputs.titles import BUNDLED, in_force, load_titles, registrable
from thidua.inputs.units import Units
from thidua.inputs.workbook import (
    BUDGET,
    BUDGET_ITEMS,
    GUIDE,
    HEADERS,
    INDICATORS,
    INFO,
    INFO_KEYS,
    REGISTRATIONS,
    ROSTER,
    SECTORS,
    Subunits,
    has_sectors,
    subunits,
)
from thidua.reports.formatting import fmt_target
from thidua.reports.i18n import N_, translated
from thidua.reports.labels import plan_no

# What an economy's total is called (the guide names it).
TOTALS = {
    "production_value": N_("economy", "gross production value"),
    "grdp": N_("economy", "gross regional domestic product (GRDP)"),
}
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_GUIDE = [
    "Sổ nhập số liệu thi đua – tạo bởi thidua từ {plan}.",  # the plan as it is: 'Nghị quyết số 11/NQ-HĐND'
    "1. Sheet 'Thông tin': ghi mã đơn vị, kỳ báo cáo (2023, 6 tháng 2023, 9 tháng 2023, Quý III/2023) và trạng thái"
    " số liệu: official (chính thức) hoặc sample (số liệu mẫu).",
    "2. Sheet 'Chỉ tiêu': ghi Thực hiện và Cùng kỳ (cùng kỳ năm trước). Với tỷ lệ (%), có thể ghi Tử số và Mẫu số"
    " thay cho tỷ lệ. Chỉ tiêu đạt/không: ghi 'có' hoặc 'không'. Ô để trống = chưa có số liệu.",
    "   Dòng '… – số công bố': tốc độ tăng (%), mức giảm (điểm %) hoặc tỷ trọng (%) như cơ quan thống kê công bố,"
    " chỉ ghi Thực hiện; dùng khi không nhập các giá trị để tính (không ghi cả hai).",
    "3. Sheet 'Ngành kinh tế': {total} (triệu đồng) của từng thành phần theo giá hiện hành và giá so sánh;"
    " tăng trưởng, cơ cấu và tổng được tính tự động, không nhập lại.",
    "4. Sheet 'Ngân sách': các khoản thu, chi (đồng); tổng thu, tổng chi được tính tự động.",
]
_GUIDE_SUBUNITS = "5. Sheet '{sheet}': số liệu từng {one}; tỷ lệ của {whole} được tính bằng tổng tử số / tổng mẫu số."
_GUIDE_ROSTER = (
    "6. Sheet 'Danh sách' và 'Đăng ký thi đua' (khen thưởng): mỗi dòng một cá nhân hoặc tập thể, xếp loại mức độ"
    " hoàn thành nhiệm vụ, kỷ luật, sáng kiến trong năm; mỗi dòng đăng ký một danh hiệu. Chọn mã trong danh sách."
)
MAX_ROSTER_ROWS = 1000  # rows offered a list of codes on the roster sheets
_GUIDE_END = [
    "Ghi số dạng số (không ghi chữ, không ghi %); không đổi tên sheet và không sửa dòng tiêu đề.",
    "Kiểm tra: thidua validate <tệp>.xlsx --plan <kế hoạch>.yaml",
]


def _rows(targets: pd.DataFrame, **columns: Any) -> pd.DataFrame:
    """Sheet rows for ``targets`` (one per indicator): the plan's id, name, unit, measure and target as written."""
    table = pd.DataFrame(
        {
            "id": targets["indicator_id"],
            "name": targets["name_vi"],
            "unit": targets["unit_of_measure"],
            "plan": [fmt_target(r.rename({"low": "target_low", "high": "target_high"})) for _, r in targets.iterrows()],
            "measure": targets["measure"],
            "published": False,
        }
    )
    return table.assign(**columns)


def _entered_indicators(plan: Plan) -> pd.DataFrame:
    """Rows of the 'Chỉ tiêu' sheet: indicators typed in, income's parts, then figures the plan takes as published.

    Derived indicators come from the sectors and budget sheets; a growth or reduction target also takes
    its published rate (``id%``), and a derived share its published share (under its own id).
    """
    derived = set(plan.economy.derived_ids) if plan.economy else set()
    targets = plan.targets.drop_duplicates("indicator_id")
    parts = [_rows(targets[~targets["indicator_id"].isin(derived)])]
    if plan.economy is not None and plan.economy.income_per_person:
        parts.append(
            pd.DataFrame(
                {
                    "id": [INCOME, POPULATION],
                    "name": ["Tổng thu nhập (để tính thu nhập bình quân)", "Dân số trung bình"],
                    "unit": ["triệu đồng", "người"],
                    "plan": ["", ""],
                    "measure": ["money", "count"],
                    "published": False,
                }
            )
        )
    rates = targets[targets["kind"].isin(PUBLISHED_KINDS)]
    parts.append(
        _rows(rates).assign(
            id=rates["indicator_id"] + SUFFIX,
            unit=rates["kind"].map({"growth": "%", "reduction_points": "điểm %"}),
            measure="index",
            published=True,
        )
    )
    shares = plan.economy.sectors["share"].dropna() if plan.economy else pd.Series(dtype=object)
    parts.append(_rows(targets[targets["indicator_id"].isin(shares)], published=True))
    table = pd.concat(parts, ignore_index=True)
    table["name"] = table["name"].where(~table["published"], table["name"] + " – số công bố")
    return table


def _header(ws: Worksheet, headers: list[str], widths: list[int]) -> None:
    ws.append(headers)
    for cell, width in zip(ws[1], widths, strict=False):
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = "A2"


def _number_rule(ws: Worksheet, cells: str) -> None:
    rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    rule.error, rule.errorTitle = "Ghi một số không âm (không ghi chữ, không ghi %).", "Số liệu không hợp lệ"
    ws.add_data_validation(rule)
    rule.add(cells)


def write_template(
    plan: Plan, path: str | Path, units: Units | None = None, period: str | None = None,
    titles: tuple[str, ...] | None = None,
) -> Path:  # fmt: skip
    """Write the data-entry workbook for ``plan``; the targets are filled in, the figures left empty.

    An emulation plan's workbook also has the roster and registrations sheets (docs/commendation.md), each code
    chosen from a list: ``titles`` are the titles one may register for (default: the bundled ones in force).

    The file is written next to ``path`` and moved into place, so a failure leaves any older file intact.
    """
    path = Path(path)
    wb = Workbook()
    commune = plan.meta["level"] == "commune"
    children = units.children(plan.meta["unit_id"]) if units is not None else []
    below = subunits(plan) if commune or children else None  # hamlets for a commune; others' units when listed
    _guide_sheets(wb, plan, period, below)
    entered = _entered_indicators(plan)
    _indicator_sheet(wb.create_sheet(INDICATORS), entered)
    if has_sectors(plan):
        ws = wb.create_sheet(SECTORS)
        _header(ws, HEADERS[SECTORS], [14, 28, 18, 18, 18, 18])
        for s in plan.economy.sectors.itertuples():
            ws.append([s.id, s.name_vi])
        _number_rule(ws, f"C2:F{ws.max_row}")
    _budget_sheet(wb.create_sheet(BUDGET), BUDGET_ITEMS if commune else [])
    if below is not None:
        _subunit_sheet(wb.create_sheet(below.sheet), below, entered, children, units)
    if plan.purpose == "thi_dua":  # an emulation plan: the year's roster and registrations, for commendation
        if titles is None:
            titles = registrable(in_force(load_titles(BUNDLED), plan.year))
        _roster_sheets(wb, titles)
    _neutralise_text_cells(wb)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path


def _neutralise_text_cells(wb: Workbook) -> None:
    """Make every text cell plain text: a plan or unit name like ``=HYPERLINK(…)`` must not become a formula.

    The template holds no formulas of its own (totals are computed by thidua), so no cell is exempt.
    """
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = neutralise(cell.value)


def _guide_sheets(wb: Workbook, plan: Plan, period: str | None, below: Subunits | None) -> None:
    guide = wb.active
    guide.title = GUIDE
    total = translated("economy", TOTALS, "vi")[plan.economy.total if plan.economy else "production_value"]
    below_line = [_GUIDE_SUBUNITS.format(**below._asdict())] if below is not None else []
    below_line += [_GUIDE_ROSTER] if plan.purpose == "thi_dua" else []
    plan_name = f"{plan_no(plan.kind, 'vi')} {plan.meta['number']}"
    for line in [*_GUIDE, *below_line, *_GUIDE_END]:
        guide.append([line.format(plan=plan_name, total=total)])
    guide.column_dimensions["A"].width = 120
    info = wb.create_sheet(INFO)
    _header(info, ["Mục", "Giá trị"], [24, 40])
    for key, value in (
        ("plan", plan.meta["number"]), ("unit", plan.meta["unit_id"]),
        ("period", period or str(plan.year)), ("status", "official"),
    ):  # fmt: skip
        info.append([INFO_KEYS[key], value])
    status_rule = DataValidation(type="list", formula1='"official,sample"', allow_blank=False)
    info.add_data_validation(status_rule)
    status_rule.add("B5")


def _indicator_sheet(ws: Worksheet, entered: pd.DataFrame) -> None:
    """One row per figure; each row's cells take what its declared measure allows (có/không, ≥ 0, any number)."""
    _header(ws, HEADERS[INDICATORS], [24, 56, 18, 22, 16, 16, 12, 12, 14, 14])
    for row in entered.itertuples():
        ws.append([row.id, row.name, row.unit, row.plan])
    anything = {"operator": "between", "formula1": "-1E+300", "formula2": "1E+300"}  # a change may be negative
    rules = {
        "yes_no": DataValidation(type="list", formula1='"có,không"', allow_blank=True),
        "signed": DataValidation(type="decimal", allow_blank=True, **anything),
        "number": DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True),
    }
    signed = entered["measure"].map(lambda m: MEASURES[m].negative_ok)
    kind = entered["measure"].where(entered["measure"] == "yes_no", signed.map({True: "signed", False: "number"}))
    for name, rule in rules.items():
        rows = [r for r, k in enumerate(kind, start=2) if k == name]
        if rows:
            ws.add_data_validation(rule)
            last = "F" if name != "number" else "J"
            # One range per run of rows, set at once: adding cells one by one is quadratic in openpyxl.
            rule.sqref = MultiCellRange(" ".join(f"E{a}:{last}{b}" for a, b in _runs(rows)))


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Increasing row numbers as (first, last) runs of consecutive rows: [2, 3, 5] → [(2, 3), (5, 5)]."""
    runs: list[tuple[int, int]] = []
    for r in rows:
        if runs and runs[-1][1] == r - 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


def _choices(ws: Worksheet, cells: str, codes: tuple[str, ...]) -> None:
    """A cell range whose value is one of ``codes``, chosen from a list (Excel refuses anything else)."""
    rule = DataValidation(type="list", formula1='"' + ",".join(codes) + '"', allow_blank=True)
    rule.error, rule.errorTitle = "Chọn một giá trị trong danh sách.", "Giá trị không hợp lệ"
    ws.add_data_validation(rule)
    rule.add(cells)


def _roster_sheets(wb: Workbook, titles: tuple[str, ...]) -> None:
    """The roster ('Danh sách') and registrations ('Đăng ký thi đua') sheets, their codes chosen from lists."""
    roster = wb.create_sheet(ROSTER)
    _header(roster, ROSTER_COLUMNS, [16, 28, 10, 16, 18, 20, 14, 16])
    for column, codes in (("C", KINDS), ("E", POSITIONS), ("F", RATINGS), ("G", DISCIPLINES), ("H", INITIATIVES)):
        _choices(roster, f"{column}2:{column}{MAX_ROSTER_ROWS}", codes)
    registrations = wb.create_sheet(REGISTRATIONS)
    _header(registrations, REGISTRATION_COLUMNS, [16, 34])
    if titles:
        _choices(registrations, f"B2:B{MAX_ROSTER_ROWS}", titles)


def _budget_sheet(ws: Worksheet, items: list[tuple[str, str]]) -> None:
    """The budget sheet, with ``items`` (side, line) filled in: a commune's usual lines, none for a higher level."""
    _header(ws, HEADERS[BUDGET], [10, 40, 18, 18, 18])
    for side, item in items:
        ws.append([side, item])
    sides = DataValidation(type="list", formula1='"thu,chi"', allow_blank=True)
    ws.add_data_validation(sides)
    sides.add("A2:A200")
    _number_rule(ws, "C2:E200")


def _subunit_sheet(
    ws: Worksheet, below: Subunits, entered: pd.DataFrame, children: list[str], units: Units | None
) -> None:
    """One row per sub-unit (hamlet, commune…) and figure that adds up to the unit's; no yes/no or published rows."""
    _header(ws, HEADERS[below.sheet], [22, 18, 24, 48, 14, 14, 12, 12, 14, 14])
    rows = entered[entered["measure"].ne("yes_no") & ~entered["published"] & ~entered["id"].isin([INCOME, POPULATION])]
    if units is not None:
        names = units.names()
        for child in children:
            for row in rows.itertuples():
                ws.append([child, names[child], row.id, row.name])
    _number_rule(ws, "E2:J5000")


# ---- reading ---------------------------------------------------------------------------------------
