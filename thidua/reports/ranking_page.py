"""The ranking review: units scored with the council's scoring table, ranked, compared with last year."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from thidua.engine.ranking import reasons
from thidua.reports import charts
from thidua.reports.annual_page import figure, table, title, titled
from thidua.reports.annual_page import header as review_header
from thidua.reports.formatting import fmt_number, fmt_signed
from thidua.reports.labels import group_names, labels
from thidua.reports.templating import Html, render
from thidua.review.ranking import Ranking

if TYPE_CHECKING:
    from thidua.review.review import Review


def sources(review: Review) -> list[tuple[str, str]]:
    """The files a ranking is computed from: the sub-units' figures and the scoring table, each with what it is.

    Not the review's own figures file: the page and the Word report's ranking section name these.
    """
    t = labels(review.lang)
    given = [(review.inputs.subunits, t["subunits_file"]), (review.inputs.scoring, t["scoring_file"])]
    return [(path.name, what) for path, what in given if path is not None]


def header(review: Review, ranking: Ranking | None) -> Html:
    """The ranking page's header, naming the files the ranking is computed from (``sources``).

    The sample banner and the estimates' status follow the sub-units' figures (and the plan).
    """
    sample = review.is_sample if ranking is None else ranking.sample or review.plan.is_sample
    estimate = None if ranking is None else ranking.estimate
    return review_header(review, title("ranking", review), sources(review) or None, sample, estimate)


def ranking_section(review: Review, ranking: Ranking | None) -> Html:
    """The ranking table, a chart of the scores, and how the scores were computed.

    ``ranking`` is the review's sub-units ranked (``thidua.review.review.load_ranking``), None when it has none.
    """
    t, lang = labels(review.lang), review.lang
    if ranking is None or ranking.table.empty:
        return titled(t["h_ranking"], lines=(t["no_subunits"],))
    ranked, names, scoring = ranking.table, ranking.names, ranking.scoring
    label = ranked["unit"].map(names).fillna(ranked["unit"])
    n = lambda v, d=1: fmt_number(v, lang, d)  # noqa: E731
    frame = pd.DataFrame(
        {
            t["unit"]: label, t["rank"]: ranked["rank"], t["score"]: [n(v) for v in ranked["score"]],
            t["content"]: [n(v) for v in ranked["content"]], t["bonus"]: [n(v, 0) for v in ranked["bonus"]],
            t["deduction"]: [n(v, 0) for v in ranked["deduction"]],
            t["previous"]: [n(v, 0) for v in ranked["previous_rank"]],
            t["change"]: [fmt_signed(v, lang, 0) for v in ranked["rank_change"]],
        }
    )  # fmt: skip
    weights = ", ".join(f"{group_names(lang)[k]} {n(v * 100, 0)}%" for k, v in scoring.group_weights.items())
    method = t["method"].format(
        **{k: n(v, 0) for k, v in scoring.points.items()}, weights=weights, scale=n(scoring.scale, 0),
        bonus_max=n(scoring.bonus_max, 0), title=scoring.title,
    )  # fmt: skip
    adjustments = reasons(scoring, review.period.label)
    adj_table = table(
        pd.DataFrame({t["unit"]: adjustments["unit"].map(names).fillna(adjustments["unit"]),
                      t["adjustment"]: [fmt_signed(v, lang, 0) for v in adjustments["points"]],
                      t["reason"]: adjustments["reason"]})
    ) if not adjustments.empty else Html("")  # fmt: skip
    chart = charts.ranking_chart(label.tolist(), ranked["score"].tolist(), t["h_ranking"], lang)
    return render(
        "ranking.html.j2", t=t, table=table(frame), chart=figure(chart, t["h_ranking"]),
        sample=scoring.status == "sample", method=method, adjustments=adj_table,
    )  # fmt: skip
