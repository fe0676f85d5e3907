"""The review notebooks, registered once: name, title, the inputs each needs and the checks it makes.

Adding a notebook is one entry here (and its ``.ipynb`` in ``notebooks/``): the command line's
choices, the pre-run checks, the kernels' preloaded modules, the index page and the manifest follow it.
Kept light (no papermill, nbconvert or matplotlib) so the command line can name notebooks quickly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from thidua.reports.i18n import N_, translated

if TYPE_CHECKING:
    from thidua.review.review import Review


def _economy_entered(review: Review) -> str | None:
    """Why the economic structure cannot be drawn from ``review``'s figures, or None when it can."""
    economy = review.plan.economy
    if economy is None or economy.sectors.empty:
        return "the plan has no economy section with sectors"
    shown = [*economy.value_ids, *economy.published_share_ids]  # values, or a structure as published
    entered = review.data.values["indicator_id"].isin(shown)
    return None if entered.any() else "no sector values or shares entered (growth is given as published)"


def _year_end(review: Review) -> str | None:
    """Why a year-end page has nothing to show: the review is of a year-to-date period."""
    return (
        f"a year-end page; the review is of {review.period.label} (the interim page shows it)"
        if (review.is_interim)
        else None
    )


def _economy_of_year(review: Review) -> str | None:
    return _year_end(review) or _economy_entered(review)


def _no_interim(review: Review) -> str | None:
    """Why there is no interim page: a year-end review given no year-to-date figures."""
    return None if review.is_interim or review.inputs.ytd is not None else "no ytd file given"


def _interim_built(review: Review) -> None:
    _ = review.interim  # built once, kept with the review for the notebook


def _ranking_built(review: Review) -> None:
    _ = review.ranking


def _commendation_built(review: Review) -> None:
    _ = review.commendation  # the roster, registrations and titles read and judged once, before any notebook


def _commendation_of_year(review: Review) -> str | None:
    return _year_end(review)


def _annual_built(review: Review) -> None:
    _ = review.term  # a term plan's targets, shown on the annual page


@dataclass(frozen=True)
class Notebook:
    """One review notebook and what it needs to run."""

    name: str  # notebooks/<name>.ipynb, and its page <name>.html
    title: str  # in English, marked for the catalogs (context "notebook")
    needs: tuple[str, ...] = ()  # input roles beyond the plan and the figures
    imports: tuple[str, ...] = ()  # the thidua modules its cells import (kernels preload them)
    unfit: Callable[[Review], str | None] | None = None  # why the inputs give it nothing to show
    check: Callable[[Review], None] | None = None  # builds what it shows, raising InputError on a bad input


REGISTRY: dict[str, Notebook] = {
    nb.name: nb
    for nb in (
        Notebook(
            "annual_review",
            N_("notebook", "Annual review"),
            imports=("thidua.reports.annual_page", "thidua.reports.term_page"),
            unfit=_year_end,
            check=_annual_built,
        ),
        Notebook(
            "economic_structure",
            N_("notebook", "Economic structure"),
            imports=("thidua.reports.economy_page",),
            unfit=_economy_of_year,
        ),
        Notebook(
            "interim_review",
            N_("notebook", "Interim review"),
            imports=("thidua.reports.interim_page", "thidua.reports.annual_page"),
            unfit=_no_interim,
            check=_interim_built,
        ),
        Notebook(
            "ranking",
            N_("notebook", "Ranking"),
            needs=("subunits", "scoring"),
            imports=("thidua.reports.ranking_page",),
            check=_ranking_built,
        ),
        Notebook(
            "commendation",
            N_("notebook", "Commendation"),
            needs=("roster", "titles"),
            imports=("thidua.reports.commendation_page",),
            unfit=_commendation_of_year,
            check=_commendation_built,
        ),
    )
}
NOTEBOOKS = tuple(REGISTRY)  # in the order of the index page
LOADER = "thidua.review.stored"  # every notebook loads its review through it


def titles(lang: str) -> dict[str, str]:
    """Each notebook's title in ``lang``: 'Tổng kết năm', 'Annual review'."""
    return translated("notebook", {name: nb.title for name, nb in REGISTRY.items()}, lang)


def preloaded() -> tuple[str, ...]:
    """The modules the notebooks import, for a kernel to import before its notebook starts."""
    return tuple(dict.fromkeys([LOADER, *(m for nb in REGISTRY.values() for m in nb.imports)]))
