"""Reading a data file whatever its format: long CSV (with an optional budget CSV) or the Excel workbook."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd

from thidua.errors import InputError, shown
from thidua.inputs.observations import Figures, read_budget_csv, read_csv
from thidua.inputs.plan import Plan

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


def read_data(
    path: str | Path, plan: Plan, budget_path: str | Path | None = None, number_style: str | None = None
) -> tuple[Figures, pd.DataFrame | None]:
    """The unit's figures and its budget lines (None when there are none)."""
    path = Path(path)
    if path.suffix.lower() in EXCEL_SUFFIXES:
        # openpyxl is loaded only for workbooks: kernels start faster
        from thidua.inputs.workbook import INFO, INFO_KEYS, read_workbook

        book = read_workbook(path, plan)
        same_plan(book.commune, plan, f"sheet '{INFO}', row 2", INFO_KEYS["plan"])
        return book.commune, book.budget if not book.budget.empty else None
    budget = read_budget_csv(budget_path, number_style) if budget_path else None
    if budget is not None:
        same_plan(Figures(Path(budget_path), budget, budget.attrs.get("meta", {})), plan, "header", "plan")
    data = read_csv(path, number_style, plan.yes_no_ids)
    same_plan(data, plan, "header", "plan")
    return data, budget


def plan_number(text: object) -> str:
    """A plan number as compared: NFC, spaces collapsed, case ignored ('71/KH-UBND' is '71/kh-ubnd ')."""
    return " ".join(unicodedata.normalize("NFC", str(text)).split()).casefold()


def same_plan(data: Figures, plan: Plan, where: str, field: str) -> None:
    """Refuse figures whose file declares another plan than the one they are assessed with."""
    declared = data.meta.get("plan")
    if declared is None or plan_number(declared) == plan_number(plan.meta["number"]):
        return
    raise InputError(
        f"declares plan {shown(str(declared).strip())}, but it is assessed with plan {shown(plan.meta['number'])}"
        f" ({plan.path.name}): give the figures of this plan, or the plan they belong to",
        file=data.path, where=where, field=field,
    )  # fmt: skip
