"""Reading a data file whatever its format: long CSV (with an optional budget CSV) or the Excel workbook."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from thidua.inputs.observations import Dataset, read_budget_csv, read_csv
from thidua.inputs.plan import Plan

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


def read_data(
    path: str | Path, plan: Plan, budget_path: str | Path | None = None, number_style: str | None = None
) -> tuple[Dataset, pd.DataFrame | None]:
    """The unit's figures and its budget lines (None when there are none)."""
    path = Path(path)
    if path.suffix.lower() in EXCEL_SUFFIXES:
        from thidua.inputs.workbook import read_workbook  # openpyxl is loaded only for workbooks: kernels start faster

        book = read_workbook(path, plan)
        return book.commune, book.budget if not book.budget.empty else None
    budget = read_budget_csv(budget_path, number_style) if budget_path else None
    return read_csv(path, number_style, plan.yes_no_ids), budget
