"""The year's commendation: who meets each title's criteria, from the roster, the registrations and the titles.

Built from a review's ``roster``, ``registrations`` and ``titles`` files (the bundled titles by default:
``data/rules/thi-dua-khen-thuong.yaml``), for the titles in force on the review's year. thidua lists who meets
what it can check and leaves the rest to the council (docs/commendation.md): never a decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from thidua.engine.commendation import cap_count, counts, judge
from thidua.inputs.roster import Roster, load_roster
from thidua.inputs.titles import in_force, load_titles
from thidua.review.review import Review


@dataclass(frozen=True)
class Commendation:
    """The titles in force, the roster, and each candidate's result per title (``thidua.engine.commendation``)."""

    titles: list[dict[str, Any]]
    roster: Roster
    results: pd.DataFrame = field(repr=False)  # id, title, status, failed, failed_quote, failed_source, registered
    caps: dict[str, int] = field(default_factory=dict)  # title → how many at most may hold it, where capped

    @property
    def counts(self) -> pd.DataFrame:
        """Per title: registered, eligible, to confirm, above the cap, not eligible."""
        return counts(self.results)

    @property
    def is_sample(self) -> bool:
        """True when the roster or registrations are sample data, which every page and report must say."""
        return self.roster.is_sample


def build_commendation(review: Review) -> Commendation:
    """The commendation of ``review``'s year, from its roster, registrations and titles files."""
    titles = in_force(load_titles(review.inputs.titles), review.period.year)
    roster = load_roster(review.inputs.roster, review.inputs.registrations, tuple(t["id"] for t in titles))
    results = judge(roster.people, roster.registrations, titles)
    met = {
        t["id"]: results.loc[(results["title"] == t["id"]) & results["status"].ne("not_eligible"), "id"] for t in titles
    }
    caps = {
        t["id"]: cap_count(t["cap"], {k: pd.Series(True, index=v) for k, v in met.items()})
        for t in titles
        if t.get("cap")
    }
    return Commendation(titles, roster, results, caps)
