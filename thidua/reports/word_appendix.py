"""The Word report's appendix: one row per target as the plan counts them, figures in the unit column's unit.

An office's appendix (Phụ lục) gives each target once, numbered as the summary line counts them (33 for
plan 71): a clause whose parts must all fall is one row whose parts are its lines a), b), c). The unit is
said once, in its column, so cells hold bare figures ('712,6' beside 'tỷ đồng'; '96,1 (2.589/2.694)'
beside '%'); a growth target reads in % ('tăng 10', 'tăng 13,1'); a missing figure is a gap to fill.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd

from thidua.engine.interim import clause_progress
from thidua.reports.formatting import (
    MISSING,
    change_decimals,
    fmt_amount,
    fmt_change,
    fmt_number,
    fmt_published,
    fmt_target,
    fmt_value,
    is_published,
    pct_text,
    table_rows,
    unit_shown,
    written,
)  # fmt: skip
from thidua.reports.i18n import N_, translated, unit, words
from thidua.reports.labels import STATUS_LABELS
from thidua.reports.sentences import Wording, gap, period_name, progress_word

if TYPE_CHECKING:
    from thidua.review.interim import Interim
    from thidua.review.review import Review

LETTERS = tuple("abcdđeghiklmnopqrstuvxy")  # a clause's parts, as the body's points
APPENDIX_WIDTHS_MM = (13, 62, 22, 26, 30, 28, 20, 28, 23)  # 252 mm: A4 landscape inside the decree's margins
_T: dict[str, str] = {  # key → message (context "appendix")
    "no": N_("appendix", "No."),
    "name": N_("appendix", "Indicator"),
    "unit": N_("appendix", "Unit"),
    "done": N_("appendix", "Actual {period}"),
    "estimated": N_("appendix", "Estimate {period}"),
    "plan": N_("appendix", "Plan {period}"),
    "year_plan": N_("appendix", "Plan for {year}"),
    "pct": N_("appendix", "% of plan"),
    "pct_year": N_("appendix", "% of the year's plan"),
    "vs": N_("appendix", "Compared with {period}"),
    "status": N_("appendix", "Status"),
    "progress": N_("appendix", "Progress"),
    "figure": N_("appendix", "figure"),
    "verdict": N_("appendix", "verdict"),
    "estimate_mark": N_("appendix", "{figure} (estimate)"),
    "up": N_("appendix", "up {n}"),
    "down": N_("appendix", "down {n}"),
}


def _t(lang: str) -> dict[str, str]:
    return translated("appendix", _T, lang)


def bare(cell: str, unit_text: str, lang: str) -> str:
    """A cell without the unit its column states: '712,6 tỷ đồng' → '712,6', '96,1% (2.589/2.694)' → '96,1 (…)'."""
    if unit_text in ("", MISSING):
        return cell
    if unit_text == "%":
        return re.sub(r"(?<=\d)%", "", cell)
    forms = sorted({unit_text, unit(unit_text, lang, 2)}, key=len, reverse=True)
    return re.sub(rf"(?<=\d) (?:{'|'.join(map(re.escape, forms))})(?![\w/])", "", cell)


def _growth(row: pd.Series, lang: str) -> str:
    """A growth as the appendix's % column reads it: 'tăng 13,1', 'giảm 2', '0'."""
    x = row["compared"]
    if pd.isna(x):
        return MISSING
    figure = fmt_number(abs(x), lang, change_decimals(row), trim=not is_published(row))
    if not re.search("[1-9]", figure):
        return figure
    return _t(lang)["up" if x > 0 else "down"].format(n=figure)


def _cells(row: pd.Series, w: Wording, marked: bool, levels: bool = False) -> dict[str, str]:
    """One target's cells: unit, last year, plan, actual, % of plan, change; ``marked`` adds '(ước)' to estimates.

    At the year's end a growth target is judged on its growth, so its row reads in %; with ``levels`` (an interim
    review, whose point is the share of the year's plan reached) it gives its levels, its plan as written.
    """
    lang, t = w.lang, _t(w.lang)
    if row["kind"] == "growth" and not levels:  # judged on its growth: the row reads in %, its levels in the body
        actual = _growth(row, lang)
        cells = {"unit": "%", "last": MISSING, "plan": bare(fmt_target(row, lang), "%", lang), "actual": actual,
                 "pct": MISSING, "change": MISSING}  # fmt: skip
    else:
        shown = unit_shown(row, lang)
        actual = fmt_value(row["actual"], row, lang, row["numerator"], row["denominator"], written(row))
        if actual == MISSING:
            actual = fmt_published(row, lang)
        cells = {
            "unit": shown,
            "last": fmt_amount(row["baseline"], row, lang, written(row, "baseline_decimals")),
            "plan": fmt_target(row, lang), "actual": actual,
            "pct": pct_text(row, lang).removesuffix("%"), "change": fmt_change(row, lang),
        }  # fmt: skip
        cells = {k: v if k == "unit" else bare(v, shown, lang) for k, v in cells.items()}
    if cells["actual"] == MISSING:
        cells["actual"] = gap(t["figure"], lang)
    elif marked and row["indicator_id"] in w.estimated:
        cells["actual"] = t["estimate_mark"].format(figure=cells["actual"])
    return cells


def _rows(frame: pd.DataFrame, w: Wording, ending: pd.Series, levels: bool = False) -> list[dict[str, str]]:
    """The appendix's rows: a target's cells, or a clause's with its parts as lines a), b), c) of one row.

    ``ending`` is each row's last cell (its verdict or progress), by the row's position in ``frame``.
    """
    marked = not (w.estimated >= frozenset(frame["indicator_id"].astype(str)))
    records: list[dict[str, str]] = []
    for i, row in frame.iterrows():
        if row["kind"] == "clause":
            records.append({"name": str(row["name"]), "unit": "", "last": "", "plan": str(row["plan_text"]),
                            "actual": "", "pct": MISSING, "change": "", "end": str(ending[i]), "parts": 0})  # fmt: skip
            continue
        cells = {**_cells(row, w, marked, levels), "end": str(ending[i])}
        if cells["actual"] == gap(_t(w.lang)["figure"], w.lang):  # no figure: nothing to judge until one is written
            cells["end"] = gap(_t(w.lang)["verdict"], w.lang)
        if isinstance(row["part_of"], str) and records and records[-1].get("parts", -1) >= 0:
            clause = records[-1]
            letter = LETTERS[int(clause["parts"])]
            clause["parts"] = int(clause["parts"]) + 1
            label = str(row["name"]).split(" – ", 1)[-1]
            clause["name"] += f"\n{letter}) {label[:1].upper()}{label[1:]}"
            for key in ("unit", "last", "plan", "actual", "change", "end"):
                clause[key] += "\n" + cells[key]
            continue
        records.append({**cells, "name": str(row["name"])})
    return records


def _numbered(records: list[dict[str, str]], heads: dict[str, str], lang: str) -> pd.DataFrame:
    """The records under their headings, numbered from 1 as the plan counts its targets."""
    table = pd.DataFrame(records).reindex(columns=list(heads)).fillna("").rename(columns=heads)
    table.insert(0, _t(lang)["no"], [str(n) for n in range(1, len(table) + 1)])
    return table


def year_appendix(review: Review, w: Wording) -> pd.DataFrame:
    """The year-end appendix: last year's figure, the plan, this year's (estimated) figure, % of plan, verdict."""
    lang, t = w.lang, _t(w.lang)
    frame = _with_clause_plans(table_rows(review.results, review.plan.targets, lang), lang)
    verdicts = frame["status"].map(STATUS_LABELS[lang]).where(frame["status"].ne("no_data"), gap(t["verdict"], lang))
    everything = w.estimated >= frozenset(frame.loc[frame["kind"].ne("clause"), "indicator_id"].astype(str))
    this, last = period_name(w.period, lang), period_name(w.last, lang)  # type: ignore[arg-type]
    heads = {
        "name": t["name"], "unit": t["unit"], "last": t["done"].format(period=last),
        "plan": t["plan"].format(period=this),
        "actual": t["estimated" if everything else "done"].format(period=this),
        "pct": t["pct"], "change": t["vs"].format(period=last), "end": t["status"],
    }  # fmt: skip
    return _numbered(_rows(frame, w, verdicts), heads, lang)


def interim_appendix(interim: Interim, w: Wording) -> pd.DataFrame:
    """The interim appendix: the year's plan, the figure to date, the same period last year, % of the year's plan."""
    review, lang, t = interim.review, w.lang, _t(w.lang)
    progress = interim.progress.reset_index(drop=True)
    results = review.results.reset_index(drop=True).assign(
        pct_of_plan=progress["pct_of_year_plan"].to_numpy(dtype=float),
        progress=progress["progress"].astype(str).to_numpy(), reason=progress["reason"].astype(str).to_numpy(),
    )  # fmt: skip
    frame = _with_clause_plans(table_rows(results, review.plan.targets, lang), lang)
    statement = frame["part_of"].where(frame["part_of"].notna(), frame["indicator_id"]).astype(str)
    stands = clause_progress(frame.loc[frame["kind"].ne("clause"), "progress"], statement[frame["kind"].ne("clause")])
    words_of = [
        progress_word(str(stands[statement[i]] if r["kind"] == "clause" else r["progress"]), str(r["reason"]), w)
        for i, r in frame.iterrows()
    ]
    everything = w.estimated >= frozenset(frame.loc[frame["kind"].ne("clause"), "indicator_id"].astype(str))
    this, last = period_name(w.period, lang), period_name(w.last, lang)  # type: ignore[arg-type]
    heads = {
        "name": t["name"], "unit": t["unit"], "plan": t["year_plan"].format(year=w.period.year),  # type: ignore[union-attr]
        "actual": t["estimated" if everything else "done"].format(period=this),
        "last": t["done"].format(period=last), "pct": t["pct_year"], "change": t["vs"].format(period=last),
        "end": t["progress"],
    }  # fmt: skip
    return _numbered(_rows(frame, w, pd.Series(words_of, index=frame.index), levels=True), heads, lang)


def _with_clause_plans(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rows with a clause's plan in words ('giảm cả 3 tiêu chí'), as the body says it."""
    plan = words(lang).gettext("all {n} lower")
    return frame.assign(plan_text=[plan.format(n=n) if k == "clause" else "" for k, n in zip(
        frame["kind"], frame["parts"], strict=True)])  # fmt: skip
