"""The economic-structure review: structure vs plan, growth and contributions, consistency, income, budget.

Reads the entered sector values of a ``Review`` (current prices for shares, constant prices for
growth) and returns HTML pieces built from ``thidua.structure`` and ``thidua.charts``.
"""

from __future__ import annotations

import pandas as pd

from thidua import charts
from thidua.economy import INCOME, POPULATION
from thidua.formatting import fmt_number, fmt_target
from thidua.labels import labels
from thidua.report import figure, table, titled
from thidua.review import Review
from thidua.structure import budget_execution, contributions, plan_consistency, points_difference, shares
from thidua.templating import Html

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


def _labels(review: Review) -> pd.Series:
    return review.plan.economy.sectors.set_index("id")[f"name_{review.lang}"]


def _targets(review: Review) -> pd.DataFrame:
    sectors = review.plan.economy.sectors.set_index("id")
    targets = review.plan.targets.drop_duplicates("indicator_id").set_index("indicator_id")
    growth = targets.loc[sectors["growth"], ["low", "high"]].set_axis(sectors.index)
    growth["high"] = growth["high"].fillna(growth["low"])
    share = targets.loc[sectors["share"], "target"].set_axis(sectors.index)
    total = targets.loc[review.plan.economy.total_growth, "low"] if review.plan.economy.total_growth else float("nan")
    return growth.assign(share=share, total=total)


def _n(value: float, lang: str, decimals: int = DECIMALS) -> str:
    return fmt_number(value, lang, decimals)


def structure_section(review: Review) -> Html:
    """Shares vs the plan and the shift since last year, with a stacked-bar chart."""
    t, lang = labels(review.lang), review.lang
    current = sector_values(review, review.plan.economy.current_prefix)
    actual, base = shares(current["actual"]), shares(current["baseline"])
    plan = _targets(review)["share"]
    names = _labels(review)
    frame = pd.DataFrame(
        {
            t["sector"]: names[actual.index].to_numpy(),
            t["share_plan"]: [_n(v, lang) for v in plan[actual.index]],
            t["share_actual"]: [_n(v, lang) for v in actual],
            t["gap"]: [_n(v, lang) for v in points_difference(actual, plan[actual.index])],
            t["share_base"]: [_n(v, lang) for v in base],
            t["shift"]: [_n(v, lang) for v in points_difference(actual, base)],
        }
    )
    chart = charts.structure_chart(actual, plan[actual.index], names, lang)
    return titled(t["h_structure"], table(frame), figure(chart, t["h_structure"]))


def growth_section(review: Review) -> Html:
    """Growth, contribution in points and share of growth by sector, against the target ranges."""
    t, lang = labels(review.lang), review.lang
    constant = sector_values(review, review.plan.economy.constant_prefix)
    result = contributions(constant["baseline"], constant["actual"])
    targets = _targets(review)
    names = _labels(review)
    ranges = [
        fmt_number(lo, lang) if lo == hi else f"{fmt_number(lo, lang)}–{fmt_number(hi, lang)}"
        for lo, hi in zip(targets["low"], targets["high"], strict=True)
    ]
    total_target = targets["total"].iloc[0]
    frame = pd.DataFrame(
        {
            t["sector"]: [*names[result.index[:-1]], t["total"]],
            t["growth_target"]: [*ranges, fmt_number(total_target, lang)],
            t["growth"]: [_n(v, lang) for v in result["growth"]],
            t["contrib"]: [_n(v, lang) for v in result["contribution_points"]],
            t["share_g"]: [_n(v, lang) for v in result["share_of_growth"]],
        }
    )
    heading = t["h_growth"].format(base=review.plan.economy.base_year)
    growth_fig = charts.growth_chart(result["growth"].drop("total"), targets["low"], targets["high"], names, lang)
    contrib_fig = charts.contributions_chart(result, names, lang)
    return titled(heading, table(frame), figure(growth_fig, heading), figure(contrib_fig, heading))


def consistency_section(review: Review) -> Html:
    """What the sector targets imply with last year's weights, against the plan's own total and structure."""
    t, lang = labels(review.lang), review.lang
    targets = _targets(review)
    economy = review.plan.economy
    current, constant = sector_values(review, economy.current_prefix), sector_values(review, economy.constant_prefix)
    total, structure = plan_consistency(
        current["baseline"], constant["baseline"], targets[["low", "high"]], targets["total"].iloc[0], targets["share"]
    )
    year = review.period.same_period_last_year().year
    line = t["consistent"].format(
        year=year, low=_n(total.loc["low", "implied_growth"], lang), high=_n(total.loc["high", "implied_growth"], lang),
        mid=_n(total.loc["mid", "implied_growth"], lang), plan=fmt_number(targets["total"].iloc[0], lang),
    )  # fmt: skip
    frame = pd.DataFrame(
        {
            t["sector"]: _labels(review)[structure.index].to_numpy(),
            t["share_plan"]: [_n(v, lang) for v in structure["plan_share"]],
            t["implied_share"]: [_n(v, lang) for v in structure["implied_share"]],
            t["gap"]: [_n(v, lang) for v in structure["gap_points"]],
        }
    )
    return titled(t["h_consistency"], table(frame), lines=(line,))


def income_section(review: Review) -> Html:
    """Income per person with its parts, against the plan."""
    t, lang = labels(review.lang), review.lang
    economy = review.plan.economy
    if not economy.income_per_person:
        return Html("")
    values = review.data.values
    here = values[values["period"] == review.period.label].set_index("indicator_id")["value"]
    if INCOME not in here or POPULATION not in here:
        return Html("")
    target = review.results[review.results["indicator_id"] == economy.income_per_person].iloc[0]
    line = t["income_line"].format(
        value=_n(here[INCOME] / here[POPULATION], lang), income=_n(here[INCOME], lang, 0),
        people=_n(here[POPULATION], lang, 0), target=fmt_target(target, lang),
    )  # fmt: skip
    return titled(t["h_income"], lines=(line,))


def budget_section(review: Review) -> Html:
    """Revenue and spending by line as % of the estimate, the totals and the balance."""
    t, lang = labels(review.lang), review.lang
    if review.budget is None:
        return titled(t["h_budget"], lines=(t["no_budget"],))
    lines = review.budget[review.budget["period"] == review.period.label]
    execution = budget_execution(lines)
    item = execution["item"].where(execution["item"] != "total", t["total"])
    item = item.where(execution["side"] != "can_doi", t["can_doi"])
    frame = pd.DataFrame(
        {
            t["side"]: execution["side"].map(lambda s: t.get(s, s)),
            t["item"]: item,
            t["estimate"]: [_n(v, lang, 0) for v in execution["estimate"]],
            t["done"]: [_n(v, lang, 0) for v in execution["actual"]],
            t["pct"]: [_n(v, lang) for v in execution["pct_of_estimate"]],
        }
    )
    frame = frame[[t["item"], t["side"], t["estimate"], t["done"], t["pct"]]]
    chart = figure(charts.budget_chart(execution, lang), t["h_budget"])
    return titled(t["h_budget"], table(frame), chart)
