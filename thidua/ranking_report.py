"""The ranking review: units scored with the council's scoring table, ranked, compared with last year."""

from __future__ import annotations

import pandas as pd

from thidua import charts
from thidua.formatting import fmt_number
from thidua.observations import read_csv
from thidua.plan import GROUPS
from thidua.ranking import load_scoring, reasons, scores, with_change
from thidua.report import Html, esc, figure, table
from thidua.review import Review, run_assessment
from thidua.units import load_units

_T = {
    "vi": {
        "rank": "Hạng", "unit": "Đơn vị", "score": "Tổng điểm", "content": "Điểm nội dung", "bonus": "Điểm thưởng",
        "deduction": "Điểm trừ", "previous": "Hạng năm trước", "change": "Thay đổi", "heading": "Bảng xếp hạng",
        "how": "Cách tính điểm", "missing": "Không có số liệu của các đơn vị cấp dưới để xếp hạng.", "reason": "Lý do",
        "method": "Mỗi chỉ tiêu được chấm theo kết quả: vượt {exceeded}, đạt {met}, không đạt {not_met}, chưa có số"
        " liệu {no_data} điểm; điểm trung bình của mỗi nhóm được nhân trọng số ({weights}) và quy về {scale} điểm;"
        " cộng điểm thưởng (tối đa {bonus_max}) và trừ điểm theo bảng. Chỉ tính các chỉ tiêu có ít nhất một đơn vị"
        " báo cáo. Nguồn: {title}.",
        "sample": "Bảng điểm mẫu – chưa được Hội đồng thi đua thông qua.",
    },
    "en": {
        "rank": "Rank", "unit": "Unit", "score": "Score", "content": "Content points", "bonus": "Bonus",
        "deduction": "Deduction", "previous": "Last year's rank", "change": "Change", "heading": "Ranking",
        "how": "How the score is computed", "missing": "No sub-unit figures to rank.", "reason": "Reason",
        "method": "Each target scores by its status: exceeded {exceeded}, met {met}, not met {not_met}, no data"
        " {no_data}; each group's mean is weighted ({weights}) and scaled to {scale} points; bonuses (at most"
        " {bonus_max}) and deductions are added from the table. Only targets that at least one unit reported"
        " count. Source: {title}.",
        "sample": "Sample scoring table – not adopted by any council.",
    },
}  # fmt: skip


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
    t, lang = _T[review.lang], review.lang
    ranked = ranking_table(review)
    if ranked is None or ranked.empty:
        return Html(f"<p>{t['missing']}</p>")
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
    weights = ", ".join(f"{esc(GROUPS[k][lang])} {n(v * 100, 0)}%" for k, v in scoring.group_weights.items())
    method = t["method"].format(
        **{k: n(v, 0) for k, v in scoring.points.items()}, weights=weights, scale=n(scoring.scale, 0),
        bonus_max=n(scoring.bonus_max, 0), title=esc(scoring.title),
    )  # fmt: skip
    adjustments = reasons(scoring, review.period.label)
    adj_table = table(
        pd.DataFrame({t["unit"]: adjustments["unit"].map(names).fillna(adjustments["unit"]),
                      t["score"]: [n(v, 0) for v in adjustments["points"]], t["reason"]: adjustments["reason"]})
    ) if not adjustments.empty else ""  # fmt: skip
    sample = f'<p class="sample-banner">{t["sample"]}</p>' if scoring.status == "sample" else ""
    chart = charts.ranking_chart(label.tolist(), ranked["score"].tolist(), t["heading"], lang)
    return Html(
        f"<h2>{t['heading']}</h2>" + table(frame) + figure(chart, t["heading"])
        + f"<h3>{t['how']}</h3>{sample}<p>{method}</p>" + adj_table
    )  # fmt: skip
