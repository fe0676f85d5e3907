"""The economic-structure review: structure vs plan, growth and contributions, consistency, income, budget.

Reads the entered sector values of a ``Review`` (current prices for shares, constant prices for
growth) and returns HTML pieces built from ``thidua.engine.structure`` and ``thidua.reports.charts``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from thidua.engine.structure import budget_execution, contributions, plan_consistency, points_difference, shares
from thidua.inputs.economy_section import INCOME, POPULATION
from thidua.reports import charts
from thidua.reports.annual_page import budget_source, figure, figures_sources, table, title, titled
from thidua.reports.annual_page import header as review_header
from thidua.reports.formatting import MISSING, fmt_money, fmt_number, fmt_percent, fmt_signed, fmt_target
from thidua.reports.i18n import N_, translated
from thidua.reports.labels import labels
from thidua.reports.templating import Html

if TYPE_CHECKING:
    from thidua.review.review import Review

DECIMALS = 1  # shares, shifts, growth and contributions: one decimal throughout, as the plan writes 38,5%


def sector_values(review: Review, prefix: str) -> pd.DataFrame:
    """Entered sector values (rows: sectors) for the review period and the same period last year."""
    sectors = review.plan.economy.sectors["id"]
    values = review.data.values
    ids = [f"{prefix}{s}" for s in sectors]
    pick = values[values["indicator_id"].isin(ids)]
    wide = pick.pivot_table(index="indicator_id", columns="period", values="value", aggfunc="first")
    current, last = review.period.label, review.period.same_period_last_year().label
    wide = wide.reindex(index=ids, columns=[last, current])
    wide.index = list(sectors)
    return wide.set_axis(["baseline", "actual"], axis=1)


# What a section says when the plan or the figures do not give what it needs.
NOT_PROVIDED = {
    "structure": N_(
        "economy", "Not provided: every component's value at current prices, or its published share, for {period}."
    ),
    "growth": N_("economy", "Not provided: every component's value at constant prices for {period} and {baseline}."),
    "consistency": N_(
        "economy",
        "Not provided: a growth target for every component and the {baseline} values at current and constant prices.",
    ),
    "income": N_(
        "economy", "Not provided: an income-per-person target, total income and average population for {period}."
    ),
}


def _not_provided(review: Review, heading: str, section: str) -> Html:
    """A section's heading and one line saying what it would need."""
    line = translated("economy", NOT_PROVIDED, review.lang)[section].format(
        period=review.period.label, baseline=review.period.same_period_last_year().label
    )
    return titled(heading, lines=(line,))


def _labels(review: Review) -> pd.Series:
    return review.plan.economy.sectors.set_index("id")[f"name_{review.lang}"]


INCOME_UNIT = "triệu đồng"  # total income is entered in million đồng (docs/plan-format.md)


def _plan_rows(review: Review) -> pd.DataFrame:
    """The plan's targets, one per indicator (its own level's first), by indicator id."""
    return review.plan.targets.drop_duplicates("indicator_id").set_index("indicator_id")


def _targets(review: Review) -> pd.DataFrame:
    """Per component: growth ``low``/``high`` and share ``share``/``share_low``/``share_high``; NaN where not set."""
    sectors = review.plan.economy.sectors.set_index("id")
    targets = _plan_rows(review)
    growth = targets.reindex(sectors["growth"])[["low", "high"]].set_axis(sectors.index)
    growth["high"] = growth["high"].fillna(growth["low"])
    share = targets.reindex(sectors["share"])[["target", "low", "high"]].set_axis(sectors.index)
    return growth.join(share.set_axis(["share", "share_low", "share_high"], axis=1))


def _total_target(review: Review) -> tuple[float, float]:
    """The plan's total growth target as (low, high), equal for one value; NaN when the plan sets none."""
    ident = review.plan.economy.total_growth
    if not ident:
        return float("nan"), float("nan")
    row = _plan_rows(review).loc[ident]
    return row["low"], row["high"] if pd.notna(row["high"]) else row["low"]


def _n(value: float, lang: str, decimals: int = DECIMALS) -> str:
    """A computed figure to at most ``decimals`` places, trailing zeros dropped (docs/style-guide.md §2).

    '11', '14,8', '100', never '100,0'; one that rounds to zero prints 0, never -0.
    """
    return fmt_number(round(value, decimals) + 0.0, lang, decimals, trim=True)


def _bounds(low: float, high: float, lang: str) -> str:
    """A target as the plan wrote it, decimals kept: '10', '7,5–8,5', '–' when there is none."""
    if pd.isna(low) and pd.isna(high):
        return MISSING
    if pd.isna(low) or pd.isna(high) or low == high:
        return fmt_number(high if pd.isna(low) else low, lang)
    return f"{fmt_number(low, lang)}–{fmt_number(high, lang)}"


def _share_plan(targets: pd.DataFrame, lang: str) -> list[str]:
    """Each component's share target: its value, or its range's bounds."""
    return [
        fmt_number(v, lang) if pd.notna(v) else _bounds(lo, hi, lang)
        for v, lo, hi in zip(targets["share"], targets["share_low"], targets["share_high"], strict=True)
    ]


def _share_gap(shares_: pd.Series, targets: pd.DataFrame) -> pd.Series:
    """Points from the share target: from its value, or from the nearer bound of its range (0 inside it)."""
    t = targets.loc[shares_.index]
    in_band = shares_.clip(t["share_low"], t["share_high"]).where(t[["share_low", "share_high"]].notna().any(axis=1))
    return points_difference(shares_, t["share"].fillna(in_band))


def _complete(values: pd.DataFrame, columns: list[str]) -> bool:
    return bool(values[columns].notna().to_numpy().all())


def published_shares(review: Review) -> pd.DataFrame:
    """Each component's share as published (rows: components), NaN where not given.

    Columns ``actual``, ``baseline`` and the decimals each was written with (``decimals``,
    ``baseline_decimals``); read under the component's share target's id, else ``gtsx_tt_<id>``.
    """
    economy = review.plan.economy
    ids = economy.published_share_ids
    values = review.data.official_first().values.reindex(columns=["indicator_id", "period", "value", "decimals"])
    pick = values[values["indicator_id"].isin(list(ids))].assign(sector=lambda f: f["indicator_id"].map(ids))
    periods = [review.period.same_period_last_year().label, review.period.label]
    wide = {
        column: pick.pivot_table(index="sector", columns="period", values=column, aggfunc="first", dropna=False)
        .reindex(index=economy.sectors["id"], columns=periods)
        .to_numpy()
        for column in ("value", "decimals")
    }
    columns = {"baseline": ("value", 0), "actual": ("value", 1), "baseline_decimals": ("decimals", 0),
               "decimals": ("decimals", 1)}  # fmt: skip
    return pd.DataFrame({k: wide[c][:, i] for k, (c, i) in columns.items()}, index=economy.sectors["id"])


def _share_text(value: float, decimals: float, lang: str) -> str:
    """A share as published keeps its decimals ('23,4', '45,0'); a computed one has one ('37,9')."""
    return _n(value, lang) if pd.isna(decimals) or pd.isna(value) else fmt_number(value, lang, int(decimals))


def structure_section(review: Review) -> Html:
    """Shares vs the plan and the shift since last year; a stacked-bar chart when every share has a target.

    Without the components' values the shares as published are shown (a component the plan sets no share
    target beside its plan's '–'): the table judges nothing, the achievement table does.
    """
    t, lang = labels(review.lang), review.lang
    current = sector_values(review, review.plan.economy.current_prefix)
    if _complete(current, ["actual"]):
        actual = shares(current["actual"])
        base = shares(current["baseline"]) if _complete(current, ["baseline"]) else actual * float("nan")
        texts, base_texts = [_n(v, lang) for v in actual], [_n(v, lang) for v in base]
    else:
        published = published_shares(review)
        if published["actual"].isna().all():
            return _not_provided(review, t["h_structure"], "structure")
        actual, base = published["actual"], published["baseline"]
        texts = [_share_text(v, d, lang) for v, d in zip(actual, published["decimals"], strict=True)]
        base_texts = [_share_text(v, d, lang) for v, d in zip(base, published["baseline_decimals"], strict=True)]
    targets = _targets(review)
    names = _labels(review)
    frame = pd.DataFrame(
        {
            t["sector"]: names[actual.index].to_numpy(),
            t["share_plan"]: _share_plan(targets.loc[actual.index], lang),
            t["share_actual"]: texts,
            t["gap"]: [fmt_signed(v, lang, DECIMALS) for v in _share_gap(actual, targets)],
            t["share_base"]: base_texts,
            t["shift"]: [fmt_signed(v, lang, DECIMALS) for v in points_difference(actual, base)],
        }
    )
    plan = targets["share"]
    if plan.isna().any() or actual.isna().any():
        return titled(t["h_structure"], table(frame))
    chart = charts.structure_chart(actual, plan[actual.index], names, lang)
    return titled(t["h_structure"], table(frame), figure(chart, t["h_structure"]))


def growth_section(review: Review) -> Html:
    """Growth, contribution in points and share of growth by component, against the target ranges."""
    t, lang = labels(review.lang), review.lang
    heading = t["h_growth"].format(base=review.plan.economy.base_year)
    constant = sector_values(review, review.plan.economy.constant_prefix)
    if not _complete(constant, ["baseline", "actual"]):
        return _not_provided(review, heading, "growth")
    result = contributions(constant["baseline"], constant["actual"])
    targets = _targets(review)
    names = _labels(review)
    ranges = [_bounds(lo, hi, lang) for lo, hi in zip(targets["low"], targets["high"], strict=True)]
    frame = pd.DataFrame(
        {
            t["sector"]: [*names[result.index[:-1]], t["total"]],
            t["growth_target"]: [*ranges, _bounds(*_total_target(review), lang)],
            t["growth"]: [fmt_signed(v, lang, DECIMALS) for v in result["growth"]],
            t["contrib"]: [_n(v, lang) for v in result["contribution_points"]],
            t["share_g"]: [_n(v, lang) for v in result["share_of_growth"]],
        }
    )
    growth_fig = charts.growth_chart(result["growth"].drop("total"), targets["low"], targets["high"], names, lang)
    contrib_fig = charts.contributions_chart(result, names, lang)
    return titled(heading, table(frame), figure(growth_fig, heading), figure(contrib_fig, heading))


def consistency_section(review: Review) -> Html:
    """What the component growth targets imply with last year's weights, against the plan's total and structure."""
    t, lang = labels(review.lang), review.lang
    targets = _targets(review)
    economy = review.plan.economy
    current, constant = sector_values(review, economy.current_prefix), sector_values(review, economy.constant_prefix)
    if targets["low"].isna().any() or not (_complete(current, ["baseline"]) and _complete(constant, ["baseline"])):
        return _not_provided(review, t["h_consistency"], "consistency")
    low, high = _total_target(review)
    total, structure = plan_consistency(
        current["baseline"], constant["baseline"], targets[["low", "high"]], (low + high) / 2, targets["share"]
    )
    implied_growth = {k: _n(total.loc[k, "implied_growth"], lang) for k in ("low", "high", "mid")}
    line = t["consistent"].format(
        year=review.period.same_period_last_year().year, plan=_bounds(low, high, lang), **implied_growth
    )
    implied = structure["implied_share"]
    frame = pd.DataFrame(
        {
            t["sector"]: _labels(review)[structure.index].to_numpy(),
            t["share_plan"]: _share_plan(targets.loc[implied.index], lang),
            t["implied_share"]: [_n(v, lang) for v in implied],
            t["gap"]: [fmt_signed(v, lang, DECIMALS) for v in _share_gap(implied, targets)],
        }
    )
    return titled(t["h_consistency"], table(frame), lines=(line,))


def income_section(review: Review) -> Html:
    """Income per person with its parts, against the plan's target as the plan wrote it."""
    t, lang = labels(review.lang), review.lang
    economy = review.plan.economy
    values = review.data.values
    here = values[values["period"] == review.period.label].set_index("indicator_id")["value"]
    if not economy.income_per_person or INCOME not in here or POPULATION not in here:
        return _not_provided(review, t["h_income"], "income")
    target = _plan_rows(review).loc[economy.income_per_person]
    line = t["income_line"].format(
        value=fmt_money(here[INCOME] / here[POPULATION], target["unit_of_measure"], lang),
        income=fmt_money(here[INCOME], INCOME_UNIT, lang), people=_n(here[POPULATION], lang, 0),
        target=fmt_target(target.rename({"low": "target_low", "high": "target_high"}), lang),
    )  # fmt: skip
    return titled(t["h_income"], lines=(line,))


def sections(review: Review) -> Html:
    """Every section of the page: structure, growth, the plan's consistency, income and the budget."""
    parts = (structure_section, growth_section, consistency_section, income_section, budget_section)
    return Html("").join(part(review) for part in parts)


def header(review: Review) -> Html:
    """The page's header: its figures file (and the official file), and the budget file its budget table shows."""
    shown = budget_source(review)  # budget_section prints the table whenever the review has budget lines
    return review_header(review, title("economic_structure", review), figures_sources(review) + shown)


def budget_cells(execution: pd.DataFrame, lang: str) -> dict[str, list[str]]:
    """The budget table's cells by column key (``item``, ``side``, ``estimate``, ``actual``, ``pct``).

    The review page and the Word report print the same cells: one name for the balance, 'Cân đối thu – chi'
    (docs/style-guide.md, Tables), amounts in whole đồng, % of the estimate as a computed % ('104,2%', '100%').
    """
    t = labels(lang)
    item = execution["item"].where(execution["item"] != "total", t["total"])
    return {
        "item": item.where(execution["side"] != "can_doi", t["can_doi"]).tolist(),
        "side": execution["side"].map({"thu": t["thu"], "chi": t["chi"], "can_doi": t["can_doi_side"]}).tolist(),
        "estimate": [_n(v, lang, 0) for v in execution["estimate"]],
        "actual": [_n(v, lang, 0) for v in execution["actual"]],
        "pct": [fmt_percent(v, lang) for v in execution["pct_of_estimate"]],
    }


def budget_section(review: Review) -> Html:
    """Revenue and spending by line as % of the estimate, the totals and the balance."""
    t, lang = labels(review.lang), review.lang
    if review.budget is None:
        return titled(t["h_budget"], lines=(t["no_budget"],))
    lines = review.budget[review.budget["period"] == review.period.label]
    execution = budget_execution(lines)
    cells = budget_cells(execution, lang)
    heads = {"item": t["item"], "side": t["side"], "estimate": t["estimate"], "actual": t["done"], "pct": t["pct"]}
    frame = pd.DataFrame({heads[k]: v for k, v in cells.items()})
    chart = figure(charts.budget_chart(execution, lang), t["h_budget"])
    return titled(t["h_budget"], table(frame), chart)
