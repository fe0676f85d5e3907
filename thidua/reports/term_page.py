"""The annual page's term section: where each target of a term plan stands, its yearly figures against its path.

Growth over years compounds (docs/domain.md §5.14): the average yearly growth achieved is (A / B)^(1/n) − 1,
never the mean of the yearly rates; the page says what each remaining year needs and where the growth achieved
leads by the term's end. In the term's last year the figure is the verdict.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from thidua.reports import charts
from thidua.reports.annual_page import figure, table, titled
from thidua.reports.formatting import fmt_amount, fmt_number, fmt_percent
from thidua.reports.i18n import N_, translated, unit
from thidua.reports.templating import Html
from thidua.reports.word_appendix import bare

if TYPE_CHECKING:
    from thidua.review.review import Review
    from thidua.review.term import Term

_T: dict[str, str] = {  # key → message (context "term")
    "h_term": N_("term", "The term's targets, {start}–{end}"),
    "name": N_("term", "Indicator"),
    "target": N_("term", "Term target"),
    "growth_target": N_("term", "up {g}% a year on average"),
    "level_target": N_("term", "{level} by {end}"),
    "base": N_("term", "{year} (base)"),
    "latest": N_("term", "{year}"),
    "achieved": N_("term", "Average yearly growth achieved"),
    "on_path": N_("term", "On the plan's path in {year}"),
    "end_target": N_("term", "Target for {end}"),
    "needed": N_("term", "Needed each remaining year"),
    "projected": N_("term", "Projected for {end}"),
    "outlook": N_("term", "Outlook"),
    "will_reach": N_("term", "reached by {end} at the growth achieved"),
    "will_miss": N_("term", "not reached by {end} at the growth achieved"),
    "met": N_("term", "met"),
    "not_met": N_("term", "not met"),
    "no_data": N_("term", "no figure"),
    "index_unit": N_("term", "index, {year} = 100"),
    "index_note": N_(
        "term",
        "{names}: published as a yearly growth, so the figures are an index chained from it ({year} = 100, each"
        " year the one before × (1 + its growth)).",
    ),
    "note": N_(
        "term",
        "Average yearly growth achieved = (figure / base)^(1 / years) − 1, compounded (never the mean of the yearly"
        " rates); needed = (end target / figure)^(1 / years left) − 1; projected = figure × (1 + growth achieved)"
        "^years left.",
    ),
}


def words(lang: str) -> dict[str, str]:
    """The page's words in ``lang``."""
    return translated("term", _T, lang)


def _outlook(row: pd.Series, term: Term, t: dict[str, str]) -> str:
    if math.isnan(row["latest"]) or math.isnan(row["end_target"]):
        return t["no_data"]
    if term.year >= term.end:
        return t["met" if row["latest"] >= row["end_target"] - 1e-9 else "not_met"]
    return t["will_reach" if row["reached_by_end"] else "will_miss"].format(end=term.end)


def progress_table(review: Review, term: Term) -> pd.DataFrame:
    """One row per term target: the target, base and latest figures, growth achieved, path, need, projection."""
    t, lang = words(review.lang), review.lang
    targets = review.plan.term.set_index("indicator_id")
    rows = review.plan.targets.drop_duplicates("indicator_id").set_index("indicator_id")
    names = review.names()
    frame = term.progress
    latest_year = min(term.year, term.end)

    def amount(ident: str, value: float) -> str:
        """The figure without its unit, which the name's cell gives once (an index: two decimals)."""
        if ident in term.indexed:
            return fmt_number(value, lang, 2)
        return bare(fmt_amount(value, rows.loc[ident], lang), unit(str(rows.loc[ident, "unit_of_measure"]), lang), lang)

    def target_text(ident: str) -> str:
        g, level = targets.loc[ident, "average_growth"], targets.loc[ident, "level"]
        if not math.isnan(g):
            return t["growth_target"].format(g=fmt_percent(g, lang).removesuffix("%"))
        return t["level_target"].format(level=amount(ident, level), end=term.end)

    return pd.DataFrame(
        {
            t["name"]: [f"{names[i]} ({unit_of(review, term, i)})" for i in frame.index],
            t["target"]: [target_text(i) for i in frame.index],
            t["base"].format(year=term.start): [amount(i, v) for i, v in frame["base"].items()],
            t["latest"].format(year=latest_year): [amount(i, v) for i, v in frame["latest"].items()],
            t["achieved"]: [fmt_percent(v, lang, 2) for v in frame["achieved_growth"]],
            t["on_path"].format(year=latest_year): [amount(i, v) for i, v in frame["on_path"].items()],
            t["end_target"].format(end=term.end): [amount(i, v) for i, v in frame["end_target"].items()],
            t["needed"]: [fmt_percent(v, lang, 2) for v in frame["needed_growth"]],
            t["projected"].format(end=term.end): [amount(i, v) for i, v in frame["projected"].items()],
            t["outlook"]: [_outlook(r, term, t) for _i, r in frame.iterrows()],
        }
    )


def unit_of(review: Review, term: Term, ident: str) -> str:
    """The unit a term target's figures are in: its own, or an index of the term's base year."""
    if ident in term.indexed:
        return words(review.lang)["index_unit"].format(year=term.start)
    rows = review.plan.targets.drop_duplicates("indicator_id").set_index("indicator_id")
    return unit(str(rows.loc[ident, "unit_of_measure"]), review.lang)


def path_of(term: Term, ident: str) -> pd.Series:
    """The path the plan implies, year by year: base × (1 + G)^k for a growth, a straight line to a level."""
    years = list(range(term.start, term.end + 1))
    base, end_target = term.progress.loc[ident, "base"], term.progress.loc[ident, "end_target"]
    span = term.end - term.start
    ratio = (end_target / base) ** (1 / span) if base > 0 else math.nan  # a growth target: its G; a level: the same
    return pd.Series([base * ratio ** (y - term.start) for y in years], index=years)


def section(review: Review, term: Term | None) -> Html:
    """The term's table and a chart per target: its yearly figures against the plan's path."""
    t = words(review.lang)
    if term is None:  # a yearly plan: nothing to show on its annual page
        return Html("")
    names = review.names()
    charted = {i: charts.term_chart(term.yearly.loc[i], path_of(term, i), names[i], unit_of(review, term, i),
                                    review.lang) for i in term.progress.index}  # fmt: skip
    figures = [figure(chart, names[i]) for i, chart in charted.items()]
    heading = t["h_term"].format(start=term.start, end=term.end)
    indexed = [names[i] for i in term.progress.index if i in term.indexed]
    lines = (t["index_note"].format(names=", ".join(indexed), year=term.start),) if indexed else ()
    return titled(heading, table(progress_table(review, term)), *figures, lines=lines, note=t["note"])
