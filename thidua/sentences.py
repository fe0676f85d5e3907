"""Sentences in the officials' style, one per target, from the achievement results.

"Thu ngân sách xã đạt 104,2% kế hoạch, tăng 12,3% so với năm 2022." Each sentence is built
from one result row and its target's names; nothing is invented beyond the figures.
"""

from __future__ import annotations

import math

import pandas as pd

from thidua.achievement import STATUS_LABELS
from thidua.formatting import fmt_number, fmt_percent, fmt_target
from thidua.plan import SET_BY

_W = {
    "vi": {
        "reached": "đạt", "of_plan": "kế hoạch", "up": "tăng", "down": "giảm", "vs": "so với", "year": "năm",
        "same": "bằng", "plan": "kế hoạch", "points": "điểm %", "no_data": "chưa có số liệu", "same_level": "không đổi",
    },
    "en": {
        "reached": "reached", "of_plan": "of plan", "up": "up", "down": "down", "vs": "on", "year": "",
        "same": "unchanged", "plan": "plan", "points": "points", "no_data": "no data yet", "same_level": "unchanged",
    },
}  # fmt: skip


def _change(row: pd.Series, lang: str, baseline_label: str) -> str:
    """'tăng 12,3% so với năm 2022' or 'tăng 1,31 điểm % …' for rates; empty without a baseline."""
    w = _W[lang]
    rate = row["unit_of_measure"] == "%"
    amount = row["change_points"] if rate else row["change_vs_baseline"]
    if amount is None or math.isnan(amount):
        return ""
    word = w["up"] if amount > 0 else w["down"] if amount < 0 else w["same_level"]
    figure = f"{fmt_number(abs(amount), lang, 2)} {w['points']}" if rate else fmt_percent(abs(amount), lang)
    when = f"{w['year']} {baseline_label}".strip()
    return f"{word} {figure} {w['vs']} {when}" if amount else f"{word} {w['vs']} {when}"


def sentence(row: pd.Series, name: str, lang: str = "vi", baseline_label: str = "") -> str:
    """One sentence for one assessed target."""
    w = _W[lang]
    status = STATUS_LABELS[lang][row["status"]]
    if row["status"] == "no_data":
        return f"{name}: {w['no_data']}."
    target = fmt_target(row, lang)
    change = _change(row, lang, baseline_label)
    kind = row["kind"]
    if kind == "yes_no":
        return f"{name}: {status}."
    if kind == "growth":
        growth = fmt_percent(row["compared"], lang, signed=True)
        return f"{name}: {growth} ({w['plan']} {target}), {status}."
    if kind == "reduction_points":
        fall = fmt_number(row["compared"], lang, 2)
        return f"{name}: {w['down']} {fall} {w['points']} ({w['plan']} {target}), {status}."
    if not math.isnan(row["pct_of_plan"]) and row["unit_of_measure"] != "%":
        set_by = f" {SET_BY[row['set_by']][lang]}" if row["set_by"] != "commune" else ""
        head = f"{name} {w['reached']} {fmt_percent(row['pct_of_plan'], lang)} {w['of_plan']}{set_by}"
        return f"{head}, {change}." if change else f"{head}."
    actual = fmt_number(row["actual"], lang)
    unit = row["unit_of_measure"]
    figure = f"{actual}%" if unit == "%" else f"{actual} {unit}"
    tail = f", {change}" if change else ""
    return f"{name}: {figure} ({w['plan']} {target}){tail}, {status}."


def sentences(results: pd.DataFrame, targets: pd.DataFrame, lang: str = "vi", baseline_label: str = "") -> list[str]:
    """A sentence for every result row, in plan order."""
    name_col = "name_vi" if lang == "vi" else "name_en"
    info = targets[["indicator_id", "set_by", name_col, "tolerance"]]
    rows = results.merge(info, on=["indicator_id", "set_by"], how="left")
    return [sentence(r, r[name_col], lang, baseline_label) for _, r in rows.iterrows()]
