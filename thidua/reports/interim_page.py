"""The interim review (sơ kết 6 tháng / 9 tháng) as HTML: progress, same period last year, projection."""

from __future__ import annotations

import pandas as pd

from thidua.engine.interim import PROGRESS
from thidua.inputs.periods import Period
from thidua.reports.annual_page import figures_sources, period_title, section, table, title, titled
from thidua.reports.annual_page import header as review_header
from thidua.reports.formatting import fmt_amount, fmt_change, fmt_percent, fmt_target
from thidua.reports.i18n import N_, words
from thidua.reports.labels import labels, progress_labels, source_words
from thidua.reports.sentences import count_text, interim_sentences, progress_word, wording
from thidua.reports.templating import Html, render
from thidua.review.interim import Interim

# The colour of a progress word: reached or on its way (green), behind (red), not told (grey).
_COLOURS = {
    "past_year_plan": "exceeded", "reached": "met", "on_track": "met", "behind": "not_met", "not_judged": "no_data",
    "no_data": "no_data",
}  # fmt: skip
PAGE_TITLE = N_("notebook", "Interim review, {period}")  # the page's title and its link in the index


def page_title(period: Period, lang: str) -> str:
    """The interim page's name with the period it reviews: 'Sơ kết 6 tháng năm 2023', 'Sơ kết 9 tháng năm 2023'."""
    return words(lang).pgettext("notebook", PAGE_TITLE).format(period=period_title(period, lang))


def header(interim: Interim) -> Html:
    """The interim page's header, naming its year-to-date figures and the files of last year's whole-year figures.

    'pho-thuan-6t-2022-2023.csv, pho-thuan-2022-2023.csv (số liệu năm 2022)': the expected-by-now figures and
    the projection to year-end use last year's, which come from the annual figures (and the budget) file.
    """
    review = interim.review
    said, year = source_words(review.lang), review.period.year - 1
    given = {"figures": said["year"], "budget": said["budget_year"]}
    year_files = [(name, given[kind].format(year=year)) for name, kind in interim.year_files]
    return review_header(review, title("interim_review", review), figures_sources(review) + year_files)


def summary_line(interim: Interim, filed: bool = False) -> str:
    """'33 chỉ tiêu: 2 đã vượt kế hoạch năm, 5 đúng tiến độ, 1 chậm tiến độ, 25 chưa có số liệu'.

    A clause is counted once, as the plan counts it, and takes the worst of its parts; words with no
    target are left out, so the counts add up to the total. A ``filed`` report writes counts under 10
    with a 0 ('03 đã đạt'), as offices do (docs/style-guide.md §10).
    """
    t, review = labels(interim.review.lang), interim.review
    stands = interim.stands
    counts = stands.value_counts()
    said = progress_labels(review.lang)
    parts = [f"{count_text(int(counts[code]), review.lang, filed)} {said[code]}" for code in PROGRESS
             if code in counts.index]  # fmt: skip
    return t["track_line"].format(total=len(stands), counts=", ".join(parts))


def summary(interim: Interim) -> Html:
    """The progress summary line as HTML."""
    return render("summary_line.html.j2", line=summary_line(interim))


def progress_frame(interim: Interim) -> tuple[pd.DataFrame, pd.Series]:
    """The progress table as text cells, and each row's progress code (thidua.engine.interim.PROGRESS).

    One row per target: year plan, year-to-date figure, same period last year, % of the year plan, where it
    stands, what was due by now and the projection to the year's end.
    """
    review, t, lang = interim.review, labels(interim.review.lang), interim.review.lang
    merged = review.results.reset_index(drop=True).join(
        interim.progress.drop(columns=["indicator_id", "actual", "baseline", "change_vs_baseline"])
    )
    merged = merged.merge(review.plan.targets[["indicator_id", "set_by", "tolerance"]], on=["indicator_id", "set_by"])
    names, w = review.names(), wording(review)
    rows = [r for _, r in merged.iterrows()]

    def amounts(column: str, whole: bool = False) -> list[str]:
        """A column's figures with their units ('4.120 tấn', '3,62 tỷ đồng'); from 100 up, ``whole`` ones rounded."""
        return [fmt_amount(round(r[column]) if whole and abs(r[column]) >= 100 else r[column], r, lang) for r in rows]

    frame = pd.DataFrame(
        {
            t["name"]: merged["indicator_id"].map(names),
            t["track"]: [progress_word(str(r["progress"]), str(r["reason"]), w) for r in rows],
            t["year_plan"]: [fmt_target(r, lang) for r in rows],
            t["est_value" if review.is_estimate else "ytd"]: amounts("actual"),
            t["same"]: amounts("baseline"),
            t["vs"]: [fmt_change(r, lang) for r in rows],
            t["pct_year"]: [fmt_percent(v, lang) for v in merged["pct_of_year_plan"]],
            t["expected"]: amounts("expected_by_now", whole=True),
            t["projected"]: amounts("projected_year", whole=True),
        }
    )
    return frame, merged["progress"].astype(str)


def progress_table(interim: Interim) -> Html:
    """The progress table as HTML, progress in colour, with how expected and projected figures are computed."""
    t = labels(interim.review.lang)
    frame, track = progress_frame(interim)
    codes = track.map(_COLOURS)
    return titled(t["h_progress"], table(frame, t["track"], codes), note=t["track_note"])


def said_section(interim: Interim) -> Html:
    """The section of sentences, one per target, with progress words."""
    return section("said", interim.review.lang) + sentences(interim)


def sentences(interim: Interim) -> Html:
    """One sentence per target with progress words ('đúng tiến độ'), never a year-end verdict."""
    review = interim.review
    said = interim_sentences(review.results, interim.progress, review.plan.targets, wording(review))
    return render("sentences.html.j2", sentences=said)
