"""The interim review (sơ kết 6 tháng / 9 tháng) as HTML: progress, same period last year, projection."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from thidua import midyear
from thidua.catalog import DEFAULT_DATASET
from thidua.economy import derive
from thidua.errors import InputError
from thidua.formatting import fmt_change, fmt_number, fmt_percent, fmt_target
from thidua.labels import LABELS
from thidua.observations import read_csv
from thidua.report import table, titled
from thidua.review import Review
from thidua.sentences import interim_sentences
from thidua.templating import Html, render


@dataclass(frozen=True)
class Interim:
    """The year-to-date review and its progress against the annual plan."""

    review: Review  # the year-to-date period, assessed against the same period last year
    progress: pd.DataFrame = field(repr=False)


def load(
    dataset: str = DEFAULT_DATASET, *, period: str | None = None, lang: str = "vi", **paths: str | Path | None
) -> Interim:
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


def summary_line(interim: Interim) -> str:
    """'35 chỉ tiêu: 20 đúng tiến độ, 5 chậm tiến độ, 10 chưa có số liệu'."""
    t = LABELS[interim.review.lang]
    track = interim.progress["on_track"]
    on, off = int((track == True).sum()), int((track == False).sum())  # noqa: E712  (None means no data)
    return t["track_line"].format(total=len(track), on=on, off=off, none=len(track) - on - off)


def summary(interim: Interim) -> Html:
    """The progress summary line as HTML."""
    return render("summary_line.html.j2", line=summary_line(interim))


def progress_frame(interim: Interim) -> tuple[pd.DataFrame, pd.Series]:
    """The progress table as text cells, and each row's progress code (``on``, ``off``, ``none``).

    One row per target: year plan, year-to-date actual, same period last year, % of year plan, projection.
    """
    review, t, lang = interim.review, LABELS[interim.review.lang], interim.review.lang
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
            t["year_plan"]: [fmt_target(r, lang) for _, r in merged.iterrows()],
            t["ytd"]: [n(v) for v in merged["actual"]],
            t["same"]: [n(v) for v in merged["baseline"]],
            t["vs"]: [fmt_change(r, lang) for _, r in merged.iterrows()],
            t["pct_year"]: [fmt_percent(v, lang) for v in merged["pct_of_year_plan"]],
            t["expected"]: [n(round(v)) if np.isfinite(v) else "–" for v in merged["expected_by_now"]],
            t["projected"]: [n(round(v)) if np.isfinite(v) else "–" for v in merged["projected_year"]],
        }
    )
    return frame, track


def progress_table(interim: Interim) -> Html:
    """The progress table as HTML, progress in colour, with how expected and projected figures are computed."""
    t = LABELS[interim.review.lang]
    frame, track = progress_frame(interim)
    codes = track.map({"on": "met", "off": "not_met", "none": "no_data"})
    return titled(t["h_progress"], table(frame, t["track"], codes), note=t["track_note"])


def sentences(interim: Interim) -> Html:
    """One sentence per target with progress words ('đúng tiến độ'), never a year-end verdict."""
    review = interim.review
    said = interim_sentences(review.results, interim.progress, review.plan.targets, review.wording)
    return render("sentences.html.j2", sentences=said)
