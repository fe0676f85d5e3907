"""The year's commendation: who meets each title's criteria, from the roster, the registrations and the titles.

Built from a review's ``roster``, ``registrations`` and ``titles`` files (the bundled titles by default:
``data/rules/thi-dua-khen-thuong.yaml``), for the titles in force on the review's year. thidua lists who meets
what it can check and leaves the rest to the council (docs/commendation.md): never a decision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pandas as pd

from thidua.engine.commendation import cap_count, counts, judge
from thidua.engine.rewards import in_force_on, reward_table
from thidua.inputs.roster import Roster, load_roster
from thidua.inputs.titles import BaseSalary, RewardDecree, in_force, load_titles, registrable
from thidua.review.review import Review


class Rewards(NamedTuple):
    """The rewards on a decision's day: per title the multiple, amount and total; the decree and salary used."""

    day: dt.date
    table: pd.DataFrame  # title (name), number, times, salary, amount, total (``thidua.engine.rewards``)
    decree: RewardDecree | None
    salary: BaseSalary | None


@dataclass(frozen=True)
class Commendation:
    """The titles in force, the roster, and each candidate's result per title (``thidua.engine.commendation``)."""

    titles: list[dict[str, Any]]
    roster: Roster
    results: pd.DataFrame = field(repr=False)  # id, title, status, failed, failed_quote, failed_source, registered
    people: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)  # the roster and the ranked hamlets
    caps: dict[str, int] = field(default_factory=dict)  # title → how many at most may hold it, where capped
    year: int = 0
    decrees: list[RewardDecree] = field(default_factory=list, repr=False)  # the rewards, dated
    salaries: list[BaseSalary] = field(default_factory=list, repr=False)  # the base salary, dated

    @property
    def counts(self) -> pd.DataFrame:
        """Per title: registered, eligible, to confirm, above the cap, not eligible."""
        return counts(self.results)

    @property
    def numbers(self) -> pd.Series:
        """Per title (its name): how many meet its criteria, at most its cap: the most a decision can reward."""
        counted = self.counts
        within = counted[["eligible", "to_confirm", "above_cap"]].sum(axis=1)
        capped = within.clip(upper=pd.Series(self.caps, dtype=float).reindex(within.index))  # no cap: no bound
        names = {t["id"]: t["name"] for t in self.titles}
        return pd.Series(capped.astype(int).to_numpy(), index=[names[i] for i in capped.index], dtype=int)

    def rewards(self, day: dt.date | None = None) -> Rewards:
        """The rewards of a decision made on ``day`` (default: 1 January after the year, said as an estimate)."""
        day = day or dt.date(self.year + 1, 1, 1)
        decree, salary = in_force_on(self.decrees, day), in_force_on(self.salaries, day)
        aliases = {t["name"]: t["reward_as"] for t in self.titles if t.get("reward_as")}
        return Rewards(day, reward_table(self.numbers, decree, salary, aliases), decree, salary)

    @property
    def is_sample(self) -> bool:
        """True when the roster or registrations are sample data, which every page and report must say."""
        return self.roster.is_sample


def build_commendation(review: Review) -> Commendation:
    """The commendation of ``review``'s year, from its roster, registrations and titles files."""
    read = load_titles(review.inputs.titles)
    titles = in_force(read, review.period.year)
    roster = load_roster(review.inputs.roster, review.inputs.registrations, registrable(titles))
    people = pd.concat([roster.people, hamlets(review)]) if any(t["for"] == "thon" for t in titles) else roster.people
    results = judge(people, roster.registrations, titles)
    met = {
        t["id"]: results.loc[(results["title"] == t["id"]) & results["status"].ne("not_eligible"), "id"] for t in titles
    }
    caps = {
        t["id"]: cap_count(t["cap"], {k: pd.Series(True, index=v) for k, v in met.items()})
        for t in titles
        if t.get("cap")
    }
    return Commendation(titles, roster, results, people, caps, review.period.year, read.rewards, read.base_salary)


def hamlets(review: Review) -> pd.DataFrame:
    """The hamlets (sub-units) the review ranks, as candidates for the hamlets' title: name, points and rank.

    Their points feed an office's rule (``points_at_least``); none when the review has no ranking.
    """
    ranking = review.ranking
    if ranking is None:
        return pd.DataFrame(columns=["name", "kind", "collective", "points", "rank"])
    table = ranking.table.set_index("unit")
    return pd.DataFrame(
        {"name": ranking.names.reindex(table.index).fillna(pd.Series(table.index, index=table.index)),
         "kind": "thon", "collective": None, "points": table["score"], "rank": table["rank"]},
        index=pd.Index(table.index, name="id"),
    )  # fmt: skip
