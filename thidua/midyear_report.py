"""The interim review (sơ kết 6 tháng / 9 tháng) as HTML: progress, same period last year, projection."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from thidua import midyear
from thidua.economy import derive
from thidua.errors import InputError
from thidua.formatting import fmt_change, fmt_number, fmt_percent, fmt_target
from thidua.observations import read_csv
from thidua.report import Html, esc, table
from thidua.review import Review

_T = {
    "vi": {
        "name": "Chỉ tiêu", "plan": "Kế hoạch năm", "ytd": "Thực hiện", "same": "Cùng kỳ", "vs": "So cùng kỳ",
        "pct": "% KH năm", "expected": "Cần đạt đến nay", "projected": "Ước cả năm", "track": "Tiến độ",
        "on": "đúng tiến độ", "off": "chậm tiến độ", "none": "chưa có số liệu", "heading": "Tiến độ thực hiện",
        "line": "{total} chỉ tiêu: {on} đúng tiến độ, {off} chậm tiến độ, {none} chưa có số liệu",
        "note": "Chỉ tiêu tích lũy trong năm (giá trị, sản lượng, thu chi ngân sách) được so với tỷ lệ cùng kỳ năm"
        " trước đã đạt được: cần đạt = kế hoạch năm × (cùng kỳ năm trước / cả năm trước); ước cả năm = thực hiện ×"
        " (cả năm trước / cùng kỳ năm trước). Các chỉ tiêu khác được đánh giá theo số liệu mới nhất.",
    },
    "en": {
        "name": "Indicator", "plan": "Year plan", "ytd": "Actual", "same": "Same period last year", "vs": "Change",
        "pct": "% of year plan", "expected": "Expected by now", "projected": "Projected year", "track": "Progress",
        "on": "on track", "off": "behind", "none": "no data", "heading": "Progress",
        "line": "{total} targets: {on} on track, {off} behind, {none} no data",
        "note": "Targets that accumulate over the year (production, output, budget) are compared with last year's"
        " profile: expected = year plan × (last year's same period / last year); projected = actual × (last year /"
        " last year's same period). Other targets are judged on their latest figure.",
    },
}  # fmt: skip


@dataclass(frozen=True)
class Interim:
    """The year-to-date review and its progress against the annual plan."""

    review: Review  # the year-to-date period, assessed against the same period last year
    progress: pd.DataFrame


def load(dataset: str, *, period: str | None = None, lang: str = "vi", **paths: str | Path | None) -> Interim:
    """The interim review of ``period`` (default: the longest year-to-date period in the mid-year figures)."""
    annual = Review.load(dataset, **paths, lang=lang)
    if annual.inputs.midyear is None:
        raise InputError("the interim review needs year-to-date figures: give midyear_path", field="midyear_path")
    ytd = period or midyear.latest_ytd(read_csv(annual.inputs.midyear).values["period"], annual.plan.year).label
    review = Review.load(dataset, **{**paths, "data_path": annual.inputs.midyear}, period=ytd, lang=lang)
    economy = annual.plan.economy
    year_values = (
        derive(annual.data.values, economy, annual.budget, annual.plan.targets) if economy else annual.data.values
    )
    return Interim(review, midyear.progress(review.results, year_values, str(review.period.year - 1)))


def summary(interim: Interim) -> Html:
    """'35 chỉ tiêu: 20 đúng tiến độ, 5 chậm tiến độ, 10 chưa có số liệu'."""
    t = _T[interim.review.lang]
    track = interim.progress["on_track"]
    on, off = int((track == True).sum()), int((track == False).sum())  # noqa: E712  (None means no data)
    line = t["line"].format(total=len(track), on=on, off=off, none=len(track) - on - off)
    return Html(f'<p class="summary-line">{esc(line)}</p>')


def progress_table(interim: Interim) -> Html:
    """One row per target: year plan, year-to-date actual, same period last year, % of year plan, projection."""
    review, t, lang = interim.review, _T[interim.review.lang], interim.review.lang
    merged = review.results.reset_index(drop=True).join(
        interim.progress.drop(columns=["indicator_id", "actual", "baseline", "change_vs_baseline"])
    )
    merged = merged.merge(review.plan.targets[["indicator_id", "set_by", "tolerance"]], on=["indicator_id", "set_by"])
    names = review.names()
    track = merged["on_track"].map({True: "on", False: "off"}).fillna("none")
    n = lambda v: fmt_number(v, lang)  # noqa: E731
    frame = pd.DataFrame(
        {
            t["name"]: merged["indicator_id"].map(names),
            t["track"]: track.map(t),
            t["plan"]: [fmt_target(r, lang) for _, r in merged.iterrows()],
            t["ytd"]: [n(v) for v in merged["actual"]],
            t["same"]: [n(v) for v in merged["baseline"]],
            t["vs"]: [fmt_change(r, lang) for _, r in merged.iterrows()],
            t["pct"]: [fmt_percent(v, lang) for v in merged["pct_of_year_plan"]],
            t["expected"]: [n(round(v)) if np.isfinite(v) else "–" for v in merged["expected_by_now"]],
            t["projected"]: [n(round(v)) if np.isfinite(v) else "–" for v in merged["projected_year"]],
        }
    )
    codes = track.map({"on": "met", "off": "not_met", "none": "no_data"})
    return Html(f"<h2>{t['heading']}</h2>" + table(frame, t["track"], codes) + f"<p><small>{t['note']}</small></p>")
