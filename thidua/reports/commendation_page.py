"""The commendation page: registrations against the titles' criteria, who meets them, the first that fails.

What thidua can check from the roster is checked; what only the council can judge is said, never decided, and
a cap is counted, never applied (docs/commendation.md). The sample roster says it is a sample.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from thidua.reports import charts
from thidua.reports.annual_page import figure, table, title, titled
from thidua.reports.annual_page import header as review_header
from thidua.reports.formatting import fmt_number
from thidua.reports.i18n import N_, translated
from thidua.reports.labels import labels
from thidua.reports.templating import Html

if TYPE_CHECKING:
    from thidua.review.commendation import Commendation, Rewards
    from thidua.review.review import Review

_T: dict[str, str] = {  # key → message (context "commendation")
    "roster_file": N_("commendation", "roster"),
    "registrations_file": N_("commendation", "registrations"),
    "titles_file": N_("commendation", "titles and their criteria"),
    "h_counts": N_("commendation", "Registrations and the titles' criteria"),
    "title": N_("commendation", "Title"),
    "registered": N_("commendation", "Registered"),
    "to_confirm": N_("commendation", "Meet the criteria checked (the council confirms the rest)"),
    "eligible": N_("commendation", "Meet every criterion"),
    "above_cap": N_("commendation", "Meet the criteria, above the cap"),
    "not_eligible": N_("commendation", "Do not meet a criterion"),
    "name": N_("commendation", "Name"),
    "collective": N_("commendation", "Office"),
    "result": N_("commendation", "Result"),
    "failed": N_("commendation", "First criterion not met"),
    "source": N_("commendation", "Source"),
    "yes": N_("commendation", "yes"),
    "no": N_("commendation", "no"),
    "cap_line": N_(
        "commendation",
        "{title}: at most {share}% of those who meet “{of}” ({source}): at most {n}; {within} meet its criteria"
        "{choose}.",
    ),
    "choose": N_("commendation", ": the council chooses"),
    "h_rewards": N_("commendation", "Rewards"),
    "number": N_("commendation", "Meet the criteria (at most the cap)"),
    "times": N_("commendation", "Times the base salary"),
    "amount": N_("commendation", "Reward, đồng"),
    "total": N_("commendation", "Total, đồng"),
    "sum": N_("commendation", "Total"),
    "reward_basis": N_(
        "commendation",
        "For a decision signed on {date}{estimate}: base salary {salary} đồng a month ({salary_source}); multiples"
        " of {decree}, {article}.",
    ),
    "estimate": N_(
        "commendation", " (an estimate: the reward follows the base salary in force on the day the decision is signed)"
    ),
    "rounded": N_("commendation", "Rounded up to the nearest {step} đồng, as the decree says."),
    "unrounded": N_(
        "commendation", "Not rounded: the decree's rounding was not in the sources read, the office rounds."
    ),
    "no_salary": N_("commendation", "No base salary in the titles file for {date}: the rewards are not worked out."),
    "no_decree": N_(
        "commendation", "No decree's rewards in the titles file for {date}: the rewards are not worked out."
    ),
    "no_line": N_("commendation", "The decree names no reward for: {titles}."),
    "h_hamlets": N_("commendation", "Hamlets: the ranking beside the title"),
    "hamlet": N_("commendation", "Hamlet"),
    "points": N_("commendation", "Points"),
    "rank": N_("commendation", "Rank"),
    "no_hamlets": N_(
        "commendation", "No hamlets ranked: give the hamlets' figures and the scoring table to list them."
    ),
    "people": N_("commendation", "Judged by the council, not by thidua: {criteria}."),
    "none": N_("commendation", "No roster: give one (--roster) to list who meets each title's criteria."),
    "note": N_(
        "commendation",
        "thidua checks what the roster says (the rating of task completion, discipline, initiatives, the members of"
        " each office); the council decides. A criterion is quoted from its source (docs/commendation.md).",
    ),
}
_STATUS = ("eligible", "to_confirm", "above_cap", "not_eligible")


def words(lang: str) -> dict[str, str]:
    """The page's words in ``lang``."""
    return translated("commendation", _T, lang)


def sources(review: Review) -> list[tuple[str, str]]:
    """The files the page's results come from: the roster, the registrations and the titles."""
    t = words(review.lang)
    given = [(review.inputs.roster, t["roster_file"]), (review.inputs.registrations, t["registrations_file"]),
             (review.inputs.titles, t["titles_file"])]  # fmt: skip
    return [(path.name, what) for path, what in given if path is not None]


def header(review: Review, commendation: Commendation | None) -> Html:
    """The page's header, naming its files; sample when the roster is."""
    sample = commendation.is_sample if commendation is not None else review.is_sample
    return review_header(review, title("commendation", review), sources(review) or None, sample, False)


def counts_table(commendation: Commendation, lang: str) -> pd.DataFrame:
    """Per title: how many registered, meet the criteria checked, are above a cap, fail one."""
    t = words(lang)
    counted = commendation.counts
    names = {x["id"]: x["name"] for x in commendation.titles}
    whole = lambda column: [fmt_number(n, lang, 0) for n in counted[column]]  # noqa: E731
    frame = pd.DataFrame({t["title"]: [names[i] for i in counted.index], t["registered"]: whole("registered")})
    for status in _STATUS:
        frame[t[status]] = whole(status)
    return frame


def cap_lines(commendation: Commendation, lang: str) -> list[str]:
    """A line per capped title: the cap, as its source writes it, and how many meet the criteria."""
    t, names = words(lang), {x["id"]: x["name"] for x in commendation.titles}
    lines = []
    for title_ in (x for x in commendation.titles if x.get("cap")):
        cap, results = title_["cap"], commendation.results
        within = int(((results["title"] == title_["id"]) & results["status"].isin(_STATUS[:3])).sum())
        allowed = commendation.caps[title_["id"]]
        lines.append(t["cap_line"].format(
            title=title_["name"], share=fmt_number(cap["at_most"], lang), of=names[cap["share_of"]],
            source=f"{cap['source']['document']}, {cap['source']['article']}", n=fmt_number(allowed, lang, 0),
            within=fmt_number(within, lang, 0), choose=t["choose"] if within > allowed else "",
        ))  # fmt: skip
    return lines


def people_lines(commendation: Commendation, lang: str) -> list[str]:
    """For each title, the criteria only the council can judge, as their sources write them."""
    t = words(lang)
    lines = []
    for title_ in commendation.titles:
        judged = [c["quote"] for c in title_["criteria"] if "people" in c["test"]]
        if judged:
            lines.append(f"{title_['name']} – " + t["people"].format(criteria=" ".join(judged).rstrip(".;")))
    return lines


def results_table(commendation: Commendation, lang: str) -> pd.DataFrame:
    """One row per candidate and title: name, office, registered, result, the first criterion not met, its source."""
    t = words(lang)
    people = commendation.people
    names = {x["id"]: x["name"] for x in commendation.titles}
    rows = commendation.results
    offices = people["collective"].map(people["name"]).fillna("")
    statuses = {s: t[s] for s in _STATUS}
    source = rows["failed_source"].map(lambda s: f"{s['document']}, {s['article']}" if isinstance(s, dict) else "–")
    return pd.DataFrame(
        {
            t["name"]: rows["id"].map(people["name"]).tolist(), t["collective"]: rows["id"].map(offices).tolist(),
            t["title"]: rows["title"].map(names).tolist(),
            t["registered"]: rows["registered"].map({True: t["yes"], False: t["no"]}).tolist(),
            t["result"]: rows["status"].map(statuses).tolist(),
            t["failed"]: rows["failed_quote"].fillna("–").tolist(), t["source"]: source.tolist(),
        }
    )  # fmt: skip


def reward_lines(rewards: Rewards, lang: str, estimate: bool = True) -> list[str]:
    """What the rewards rest on: the day, the base salary and the decree with their sources, and the rounding."""
    t, day = words(lang), rewards.day.strftime("%d/%m/%Y")
    if rewards.decree is None:
        return [t["no_decree"].format(date=day)]
    if rewards.salary is None:
        return [t["no_salary"].format(date=day)]
    salary, decree = rewards.salary, rewards.decree
    lines = [t["reward_basis"].format(
        date=day, estimate=t["estimate"] if estimate else "", salary=fmt_number(salary.amount, lang, 0),
        salary_source=f"{salary.source.document}, {salary.source.article}", decree=decree.source.document,
        article=decree.source.article,
    )]  # fmt: skip
    step = decree.round_up_to
    lines.append(t["rounded"].format(step=fmt_number(step, lang, 0)) if step else t["unrounded"])
    missing = rewards.table.loc[rewards.table["times"].isna(), "title"].tolist()
    if missing:
        lines.append(t["no_line"].format(titles=", ".join(missing)))
    return lines


def rewards_table(rewards: Rewards, lang: str) -> pd.DataFrame:
    """Per title: how many may receive it, the multiple, the reward and the total; a total row last."""
    t, table_ = words(lang), rewards.table
    money = lambda values: [fmt_number(v, lang, 0) if pd.notna(v) else "–" for v in values]  # noqa: E731
    frame = pd.DataFrame({
        t["title"]: [*table_["title"], t["sum"]], t["number"]: [fmt_number(n, lang, 0) for n in
                                                               [*table_["number"], table_["number"].sum()]],
        t["times"]: [*[fmt_number(v, lang, 1) if pd.notna(v) else "–" for v in table_["times"]], ""],
        t["amount"]: [*money(table_["amount"]), ""],
        t["total"]: money([*table_["total"], table_["total"].sum(min_count=len(table_))]),
    })  # fmt: skip
    return frame


def hamlets_table(commendation: Commendation, lang: str) -> pd.DataFrame | None:
    """The hamlets' result for their title beside their points and rank in the review's ranking (None: no title)."""
    t = words(lang)
    rows = commendation.results[commendation.results["id"].map(commendation.people["kind"]).eq("thon")]
    if rows.empty:
        return None
    people = commendation.people.loc[rows["id"]]
    names = {x["id"]: x["name"] for x in commendation.titles}
    return pd.DataFrame({
        t["hamlet"]: people["name"].tolist(), t["points"]: [fmt_number(p, lang, 1) for p in people["points"]],
        t["rank"]: [fmt_number(r, lang, 0) for r in people["rank"]], t["title"]: rows["title"].map(names).tolist(),
        t["result"]: rows["status"].map({s: t[s] for s in _STATUS}).tolist(),
        t["failed"]: rows["failed_quote"].fillna("–").tolist(),
    })  # fmt: skip


def section(review: Review, commendation: Commendation | None) -> Html:
    """Registrations against the criteria, the caps, what the council judges, and every candidate's result."""
    t, page = words(review.lang), labels(review.lang)
    if commendation is None:
        return titled(page["commendation"], lines=(t["none"],))
    lines = tuple(cap_lines(commendation, review.lang) + people_lines(commendation, review.lang))
    names = pd.Series({x["id"]: x["name"] for x in commendation.titles})
    chart = charts.commendation_chart(commendation.counts, names, {s: t[s] for s in _STATUS}, t["h_counts"],
                                      review.lang)  # fmt: skip
    counted = table(counts_table(commendation, review.lang))
    shown = titled(t["h_counts"], counted, figure(chart, t["h_counts"]), lines=lines, note=t["note"])
    rewards = commendation.rewards()
    paid = titled(t["h_rewards"], table(rewards_table(rewards, review.lang)),
                  lines=tuple(reward_lines(rewards, review.lang)))  # fmt: skip
    people = commendation.results["id"].map(commendation.people["kind"]).ne("thon")
    individuals = results_table(commendation, review.lang)[people.to_numpy()]
    hamlets = hamlets_table(commendation, review.lang)
    ranked = Html("")
    if any(x["for"] == "thon" for x in commendation.titles):
        ranked = (titled(t["h_hamlets"], table(hamlets)) if hamlets is not None
                  else titled(t["h_hamlets"], lines=(t["no_hamlets"],)))  # fmt: skip
    return shown + table(individuals) + ranked + paid
