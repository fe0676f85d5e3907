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
from thidua.formatting import fmt_amount, fmt_change, fmt_percent, fmt_target
from thidua.labels import labels
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
    """'33 chỉ tiêu: 20 đúng tiến độ, 5 chậm tiến độ, 8 chưa có số liệu', a clause counted once as the plan counts it.

    A clause is behind when a part is, on track when every part is, else not yet known.
    """
    t, review = labels(interim.review.lang), interim.review
    ids = review.results["indicator_id"].astype(str).reset_index(drop=True)
    part_of = review.plan.targets.drop_duplicates("indicator_id").set_index("indicator_id")["part_of"]
    statement = ids.map(part_of).fillna(ids)
    track = interim.progress["on_track"].reset_index(drop=True).map({True: 1.0, False: 0.0})  # NaN: not known
    behind = track.eq(0).groupby(statement, sort=False).any()
    known = track.notna().groupby(statement, sort=False).all()
    on, off = int((known & ~behind).sum()), int(behind.sum())
    return t["track_line"].format(total=len(behind), on=on, off=off, none=len(behind) - on - off)


def summary(interim: Interim) -> Html:
    """The progress summary line as HTML."""
    return render("summary_line.html.j2", line=summary_line(interim))


def progress_frame(interim: Interim) -> tuple[pd.DataFrame, pd.Series]:
    """The progress table as text cells, and each row's progress code (``on``, ``off``, ``none``).

    One row per target: year plan, year-to-date actual, same period last year, % of year plan, projection.
    """
    review, t, lang = interim.review, labels(interim.review.lang), interim.review.lang
    merged = review.results.reset_index(drop=True).join(
        interim.progress.drop(columns=["indicator_id", "actual", "baseline", "change_vs_baseline"])
    )
    merged = merged.merge(review.plan.targets[["indicator_id", "set_by", "tolerance"]], on=["indicator_id", "set_by"])
    names = review.names()
    track = merged["on_track"].map({True: "on", False: "off"}).fillna("none")
    rows = [r for _, r in merged.iterrows()]

    def amounts(column: str, whole: bool = False) -> list[str]:
        """A column's figures with their units ('4.120 tấn', '3,62 tỷ đồng'); a projection in whole units."""
        return [fmt_amount(round(r[column]) if whole and np.isfinite(r[column]) else r[column], r, lang) for r in rows]

    frame = pd.DataFrame(
        {
            t["name"]: merged["indicator_id"].map(names),
            t["track"]: track.map(t),
            t["year_plan"]: [fmt_target(r, lang) for _, r in merged.iterrows()],
            t["ytd"]: amounts("actual"),
            t["same"]: amounts("baseline"),
            t["vs"]: [fmt_change(r, lang) for _, r in merged.iterrows()],
            t["pct_year"]: [fmt_percent(v, lang) for v in merged["pct_of_year_plan"]],
            t["expected"]: amounts("expected_by_now", whole=True),
            t["projected"]: amounts("projected_year", whole=True),
        }
    )
    return frame, track


def progress_table(interim: Interim) -> Html:
    """The progress table as HTML, progress in colour, with how expected and projected figures are computed."""
    t = labels(interim.review.lang)
    frame, track = progress_frame(interim)
    codes = track.map({"on": "met", "off": "not_met", "none": "no_data"})
    return titled(t["h_progress"], table(frame, t["track"], codes), note=t["track_note"])


def sentences(interim: Interim) -> Html:
    """One sentence per target with progress words ('đúng tiến độ'), never a year-end verdict."""
    review = interim.review
    said = interim_sentences(review.results, interim.progress, review.plan.targets, review.wording)
    return render("sentences.html.j2", sentences=said)
