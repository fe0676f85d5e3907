"""Who meets each emulation title's criteria, criterion by criterion, and the first criterion that fails.

The titles' criteria are data (``thidua.inputs.titles``: each with its article and quote); this module only
applies their tests to the roster (``thidua.inputs.roster``), one vectorized test per criterion:

- ``rating_at_least``: the year's rating of task completion is the given level or better;
- ``discipline_below``: no disciplinary measure of the given level or heavier (``khong`` is none);
- ``initiative``: an initiative of at least the given standing (``duoc_cong_nhan``: recognised and applied);
- ``has_title``: the person meets another title's criteria (a "Chiến sĩ thi đua cơ sở" is first a "Lao động
  tiên tiến");
- ``registered``: registered for the title at the start of the year (an office's rule where the law is silent);
- ``members_share``: of a collective's individuals, at least ``at_least`` % (or more than ``more_than`` %) meet
  ``title``;
- ``member_with``: at least one of a collective's individuals meets ``title``;
- ``members_all``: every individual of a collective has a rating of at least ``rating``;
- ``members_discipline_below``: no individual of the collective has a measure of that level or heavier;
- ``points_at_least``: a hamlet's points in the review's ranking are at least the value (an office's rule: the
  law leaves the hamlets' detailed criteria to the province; a hamlet not ranked fails it);
- ``people``: a criterion only people can judge ("có tinh thần tự lực, tự cường…"): never failed here, it
  leaves the result "to be confirmed" by the council. A test on a title not in force that year is judged so too.

A title's ``cap`` (a share of another title's holders) is counted, never applied: when more meet the
criteria than the cap allows, all of them are "within the criteria, above the cap" and the council chooses.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from thidua.inputs.roster import DISCIPLINES, INITIATIVES, RATINGS

STATUSES = ("eligible", "to_confirm", "above_cap", "not_eligible")  # best first
COLUMNS = ["id", "title", "status", "failed", "failed_quote", "failed_source", "registered"]


def _rank(codes: pd.Series, order: tuple[str, ...]) -> pd.Series:
    """The position of each code in ``order`` (0 first)."""
    return codes.map({c: i for i, c in enumerate(order)}).astype(int)


def _members(people: pd.DataFrame) -> pd.DataFrame:
    """The individuals of the roster (a collective's members name it in ``collective``)."""
    return people[people["kind"] == "ca_nhan"]


def _share(value: dict[str, Any], candidates: pd.DataFrame, roster: pd.DataFrame, met: dict[str, pd.Series]) -> Any:
    """Of each collective's individuals, the % who meet a title, against 'at_least' (≥) or 'more_than' (>) a %.

    Counted in whole people (7 of 10 is 70%, exactly): ``k · 100 ≥ n · p`` rather than a rounded share.
    """
    if value["title"] not in met:
        return None  # the title it counts is not in force: people judge
    members = _members(roster)
    holders = met[value["title"]].reindex(members.index, fill_value=False)
    k = holders.groupby(members["collective"]).sum().reindex(candidates.index, fill_value=0) * 100
    n = members.groupby("collective").size().reindex(candidates.index, fill_value=0)
    if "more_than" in value:
        return (k > n * float(value["more_than"])) & (n > 0)
    return (k >= n * float(value["at_least"])) & (n > 0)


_TESTS = {  # name → (value, candidates, roster, titles met, registered) → True where met
    "rating_at_least": lambda v, c, r, m, g: _rank(c["rating"], RATINGS) <= RATINGS.index(v),
    "discipline_below": lambda v, c, r, m, g: _rank(c["discipline"], DISCIPLINES) < DISCIPLINES.index(v),
    "initiative": lambda v, c, r, m, g: _rank(c["initiative"], INITIATIVES) >= INITIATIVES.index(v),
    "has_title": lambda v, c, r, m, g: m[v].reindex(c.index, fill_value=False) if v in m else None,
    "registered": lambda v, c, r, m, g: g if v else pd.Series(True, index=c.index),
    "members_share": lambda v, c, r, m, g: _share(v, c, r, m),
    "member_with": lambda v, c, r, m, g: (
        m[v].reindex(_members(r).index, fill_value=False).groupby(_members(r)["collective"]).any()
        .reindex(c.index, fill_value=False) if v in m else None
    ),
    "members_all": lambda v, c, r, m, g: (
        (_rank(_members(r)["rating"], RATINGS) <= RATINGS.index(v)).groupby(_members(r)["collective"]).all()
        .reindex(c.index, fill_value=False)
    ),
    "members_discipline_below": lambda v, c, r, m, g: (
        (_rank(_members(r)["discipline"], DISCIPLINES) < DISCIPLINES.index(v)).groupby(_members(r)["collective"])
        .all().reindex(c.index, fill_value=True)
    ),
    "points_at_least": lambda v, c, r, m, g: c["points"].ge(float(v)).fillna(False).astype(bool),
    "people": lambda v, c, r, m, g: None,  # judged by the council: the result is to be confirmed
}  # fmt: skip


def judge(people: pd.DataFrame, registrations: pd.DataFrame, titles: list[dict[str, Any]]) -> pd.DataFrame:
    """Each candidate's result for each title (``COLUMNS``), in the titles' order, then the roster's.

    ``titles`` are the rules in force (``thidua.inputs.titles.in_force``): each with ``id``, ``for`` (ca_nhan or
    tap_the), ``criteria`` (each ``id``, ``test`` {name: value}, ``quote``, ``source``) and optionally ``cap``.
    A title a later one depends on comes first (the titles file's order guarantees it).
    """
    met: dict[str, pd.Series] = {}
    frames = []
    for title in titles:
        candidates = people[people["kind"] == title["for"]]
        registered = pd.Series(True, index=registrations.loc[registrations["title"] == title["id"], "id"].unique())
        registered = registered.reindex(candidates.index, fill_value=False)
        failed = pd.Series(None, index=candidates.index, dtype=object)
        judged_by_people = False
        for criterion in title["criteria"]:
            ((name, value),) = criterion["test"].items()
            ok = _TESTS[name](value, candidates, people, met, registered)
            if ok is None:
                judged_by_people = True
                continue
            failed = failed.where(failed.notna() | ok.to_numpy(), criterion["id"])
        passed = failed.isna()
        met[title["id"]] = passed
        status = np.where(passed, "to_confirm" if judged_by_people else "eligible", "not_eligible")
        quotes = {c["id"]: c["quote"] for c in title["criteria"]}
        sources = {c["id"]: c["source"] for c in title["criteria"]}
        frame = pd.DataFrame(
            {
                "id": candidates.index, "title": title["id"], "status": status, "failed": failed.to_numpy(),
                "failed_quote": failed.map(quotes).to_numpy(),
                "failed_source": failed.map(sources).to_numpy(),
                "registered": registered.to_numpy(),
            }
        )  # fmt: skip
        frames.append(_capped(frame, title.get("cap"), met))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)


def cap_count(cap: dict[str, Any], met: dict[str, pd.Series]) -> int:
    """How many may hold a capped title: ``at_most`` % of those who meet ``share_of``, rounded down."""
    holders = int(met[cap["share_of"]].sum())
    return math.floor(holders * float(cap["at_most"]) / 100 + 1e-9)


def _capped(frame: pd.DataFrame, cap: dict[str, Any] | None, met: dict[str, pd.Series]) -> pd.DataFrame:
    """Mark every candidate within the criteria 'above_cap' when they outnumber the cap: the council chooses."""
    if cap is None:
        return frame
    within = frame["status"].isin(["eligible", "to_confirm"])
    if within.sum() <= cap_count(cap, met):
        return frame
    return frame.assign(status=frame["status"].where(~within, "above_cap"))


def counts(results: pd.DataFrame) -> pd.DataFrame:
    """Per title: registered, within the criteria (eligible, to confirm, above the cap), not eligible."""
    table = pd.crosstab(results["title"], results["status"]).reindex(columns=list(STATUSES), fill_value=0)
    table["registered"] = results.groupby("title")["registered"].sum()
    order = list(dict.fromkeys(results["title"]))
    return table.reindex(order)
