"""The ranking review: units scored with the council's scoring table, ranked, compared with last year."""

from __future__ import annotations

import pandas as pd

from thidua import charts
from thidua.formatting import fmt_number
from thidua.labels import labels
from thidua.observations import read_csv
from thidua.plan import group_names
from thidua.ranking import load_scoring, reasons, scores, with_change
from thidua.report import figure, table, titled
from thidua.review import Review, run_assessment
from thidua.templating import Html, render
from thidua.units import load_units


def ranking_table(review: Review) -> pd.DataFrame | None:
    """Scores and ranks of the sub-units (hamlets, or a town's communes), with the change since last year."""
    if review.inputs.subunits is None or review.inputs.scoring is None:
        return None
    subunits = read_csv(review.inputs.subunits)
    scoring = load_scoring(review.inputs.scoring)
    now, before = review.period, review.period.same_period_last_year()
    periods = [p for p in (now.label, before.label) if (subunits.values["period"] == p).any()]
    results = pd.concat([run_assessment(review.plan, subunits, p) for p in periods], ignore_index=True)
    return with_change(scores(results, scoring), now.label, before.label)


def ranking_section(review: Review) -> Html:
    """The ranking table, a chart of the scores, and how the scores were computed."""
    t, lang = labels(review.lang), review.lang
    ranked = ranking_table(review)
    if ranked is None or ranked.empty:
        return titled(t["h_ranking"], lines=(t["no_subunits"],))
    names = load_units(review.inputs.units).names() if review.inputs.units else pd.Series(dtype=str)
    label = ranked["unit"].map(names).fillna(ranked["unit"])
    n = lambda v, d=1: fmt_number(v, lang, d)  # noqa: E731
    frame = pd.DataFrame(
        {
            t["unit"]: label, t["rank"]: ranked["rank"], t["score"]: [n(v) for v in ranked["score"]],
            t["content"]: [n(v) for v in ranked["content"]], t["bonus"]: [n(v, 0) for v in ranked["bonus"]],
            t["deduction"]: [n(v, 0) for v in ranked["deduction"]],
            t["previous"]: [n(v, 0) for v in ranked["previous_rank"]],
            t["change"]: [("+" if v > 0 else "") + n(v, 0) if pd.notna(v) else "–" for v in ranked["rank_change"]],
        }
    )  # fmt: skip
    scoring = load_scoring(review.inputs.scoring)
    weights = ", ".join(f"{group_names(lang)[k]} {n(v * 100, 0)}%" for k, v in scoring.group_weights.items())
    method = t["method"].format(
        **{k: n(v, 0) for k, v in scoring.points.items()}, weights=weights, scale=n(scoring.scale, 0),
        bonus_max=n(scoring.bonus_max, 0), title=scoring.title,
    )  # fmt: skip
    adjustments = reasons(scoring, review.period.label)
    adj_table = table(
        pd.DataFrame({t["unit"]: adjustments["unit"].map(names).fillna(adjustments["unit"]),
                      t["adjustment"]: [_signed(v, lang) for v in adjustments["points"]],
                      t["reason"]: adjustments["reason"]})
    ) if not adjustments.empty else Html("")  # fmt: skip
    chart = charts.ranking_chart(label.tolist(), ranked["score"].tolist(), t["h_ranking"], lang)
    return render(
        "ranking.html.j2", t=t, table=table(frame), chart=figure(chart, t["h_ranking"]),
        sample=scoring.status == "sample", method=method, adjustments=adj_table,
    )  # fmt: skip


def _signed(points: float, lang: str) -> str:
    """Points added or deducted, with their sign: '+30', '−20'."""
    text = fmt_number(abs(points), lang, 0)
    return f"+{text}" if points > 0 else f"−{text}" if points < 0 else text
