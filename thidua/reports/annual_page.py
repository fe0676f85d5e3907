"""HTML pieces of a review, for notebooks to display and nbconvert to keep.

Each function returns ``Html`` rendered from a template in ``thidua/templates/thidua/`` with
autoescape on: every string from an input file (names, units, notes, file names) is escaped there.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.figure import Figure

from thidua.engine.movements import movement_counts
from thidua.engine.summary import count_statuses, statements
from thidua.inputs.observations import estimate_vs_official
from thidua.inputs.periods import parse_period
from thidua.inputs.published import published_ids
from thidua.inputs.validation import FAR_FROM_LAST_YEAR_NOTE, KEPT_ESTIMATE_NOTE, NO_FIGURE_NOTE, UNDERIVED_NOTES
from thidua.reports import charts
from thidua.reports.formatting import (
    TABLE_HEADERS,
    achievement_table,
    fmt_amount,
    fmt_number,
    fmt_percent,
    fmt_signed,
    table_rows,
)
from thidua.reports.i18n import N_, translated, words
from thidua.reports.labels import STATUS_LABELS, group_names, labels, plan_no, source_words
from thidua.reports.sentences import missed as sentences_missed
from thidua.reports.sentences import movement_lines, period_name, sentences, summary_sentence, wording
from thidua.reports.templating import Html, render
from thidua.review.review import figures_path

if TYPE_CHECKING:
    from thidua.inputs.periods import Period
    from thidua.review.review import Review


def section(key: str, lang: str) -> Html:
    """A section heading in the review's language."""
    return render("heading.html.j2", text=labels(lang)[key])


def summary_section(review: Review) -> Html:
    """The summary: the officials' summary line and the counts by group."""
    return section("summary", review.lang) + summary(review)


def table_section(review: Review) -> Html:
    """The achievement table, and the estimates beside the official figures that replaced them."""
    return section("table", review.lang) + achievement(review) + estimates(review)


def charts_section(review: Review) -> Html:
    """A progress chart per group, and what was missed and by how much."""
    return section("charts", review.lang) + group_charts(review) + missed(review)


def said_section(review: Review) -> Html:
    """One sentence per target in the officials' style, the movements' results, and the warnings the figures gave."""
    return section("said", review.lang) + official_sentences(review) + movements_section(review) + warnings(review)


def movements_section(review: Review) -> Html:
    """The emulation movements the plan launches, each with its targets' results (nothing when it lists none)."""
    if review.plan.movements.empty:
        return Html("")
    counts = movement_counts(statements(review.results, review.plan.targets), review.plan.movements)
    lines = movement_lines(review.plan.movements, counts, review.lang, review.is_estimate)
    return titled(labels(review.lang)["h_movements"], lines=tuple(lines), note=labels(review.lang)["movements_note"])


def titled(heading: str, *parts: Html, lines: tuple[str, ...] = (), note: str = "") -> Html:
    """A section: its heading, lines of text, then tables and charts already rendered, then a small note."""
    return render("section.html.j2", heading=heading, lines=lines, parts=parts, note=note)


def title(notebook: str, review: Review) -> str:
    """The review's title, e.g. 'Tổng kết thực hiện chỉ tiêu năm 2023'."""
    return f"{labels(review.lang)[notebook]} {period_text(review)}"


def figure(fig: Figure, alt: str) -> Html:
    """A chart as an embedded SVG image, so the HTML needs no other file and no network."""
    return render("figure.html.j2", alt=alt, src=charts.data_uri(fig))


def group_charts(review: Review) -> Html:
    """One progress chart per group of targets."""
    names = review.names()
    parts = []
    for group, results in review.results.groupby("group", sort=False):
        label = group_names(review.lang)[group]
        parts.append(figure(charts.group_chart(results, names, label, review.lang), label))
    return Html("").join(parts)


def period_text(review: Review) -> str:
    """The review's period as officials name it in a title: 'năm 2023', '6 tháng năm 2023', 'Quý III/2023'."""
    return period_title(review.period, review.lang)


def period_title(p: Period, lang: str) -> str:
    """A period as officials name it in a title: 'năm 2023', '6 tháng năm 2023', 'Quý III/2023'."""
    t = words(lang)
    if p.is_year:
        return t.pgettext("period", "{year}").format(year=p.year)
    if p.first_month == 1:
        return t.pgettext("period", "{months} months of {year}").format(months=p.months, year=p.year)
    return period_name(p, lang)


Sources = list[tuple[str, str]]  # the files a page's figures come from: (file name, what it gives, or "")


def _file_rows(values: pd.DataFrame, path: Path) -> pd.Series:
    """Which rows of a review's figures were read from ``path`` (rows carry their file once an official file is in)."""
    if "source" not in values.columns:
        return pd.Series(True, index=values.index)
    return values["source"].map(lambda source: Path(str(source)).name == path.name)


def figures_sources(review: Review) -> Sources:
    """The review's figures file (with the sheets read from it) and the official file that replaced its estimates.

    With ``--official`` both are named, each with what it is: 'pho-thuan-2022-2023.csv (số liệu ước),
    march.csv (số liệu chính thức)' (docs/style-guide.md §8).
    """
    t, said, values = labels(review.lang), source_words(review.lang), review.data.values
    data = figures_path(review.inputs, review.period)  # an interim review's come from the year-to-date file
    official = review.inputs.official if data == review.inputs.data else None
    mine = _file_rows(values, data)
    what = []
    if official is not None and bool(review.data.estimates[mine.to_numpy()].any()):
        what.append(said["estimates"])
    sheets = values["sheet"][mine].dropna() if "sheet" in values.columns else pd.Series(dtype=str)
    if not sheets.empty:
        what.append(f"{t['sheet']} {', '.join(pd.unique(sheets))}")
    if review.history is not None:
        what.append(formed_words(review))
    sources = [(data.name, ", ".join(what))]
    if official is not None:
        sources.append((official.name, said["official"]))
    return sources


def formed_words(review: Review) -> str:
    """How last year's figures of a merged or split unit were formed: 'số liệu năm 2025 cộng gộp từ 4 đơn vị …'."""
    said, history = source_words(review.lang), review.history
    units = history.predecessors
    names = [
        name if share >= 1 else said["formed_share"].format(name=name, share=fmt_percent(share * 100, review.lang),
                                                             basis=basis)
        for name, share, basis in zip(units["name"], units["share"], units["basis"], strict=True)
    ]  # fmt: skip
    year = parse_period(history.period).year
    return said["formed"].format(year=year, n=len(names), names=", ".join(names))


def budget_source(review: Review) -> Sources:
    """The budget file, when one was given (``--budget``): ``[('…-budget.csv', 'số liệu ngân sách')]``, else ``[]``."""
    if review.inputs.budget is None or review.budget is None:
        return []
    return [(review.inputs.budget.name, source_words(review.lang)["budget"])]


def sources_text(sources: Sources) -> str:
    """The files as the source line lists them: 'a.csv (số liệu ước), b.csv (số liệu chính thức)'."""
    return ", ".join(f"{name} ({what})" if what else name for name, what in sources)


def source_line(sources: Sources, lang: str) -> str:
    """The whole source line, as the Word report writes it: 'Nguồn số liệu: a.csv (…), b.yaml (…)'."""
    return f"{labels(lang)['source']}: {sources_text(sources)}"


def header(
    review: Review, title: str, sources: Sources | None = None, sample: bool | None = None,
    estimate: bool | None = None,
) -> Html:  # fmt: skip
    """The top of every review: title, unit, period, the plan as it is (kind, number, date, issuer), the sources.

    ``sources`` are the files the page's figures come from, each with what it is (a file name and
    ``'số liệu các đơn vị cấp dưới'``); by default the review's figures file and the sheets read from it,
    the official file that replaced its estimates, and the budget file when targets are assessed on the
    budget's totals. ``sample`` says whether those figures are sample data, ``estimate`` whether any is an
    estimate (by default: the review's); the status says 'số liệu mẫu', 'số liệu ước thực hiện' or
    'số liệu chính thức'.
    """
    meta, t = review.plan.meta, labels(review.lang)
    if sources is None:
        sources = figures_sources(review) + (budget_source(review) if review.assesses_budget else [])
    return render(
        "header.html.j2",
        t=t,
        title=title,
        unit=review.unit_name,
        period=period_text(review),
        plan_no=plan_no(review.plan.kind, review.lang),
        number=meta["number"],
        date=meta["date"].strftime("%d/%m/%Y"),
        issuer=review.plan.issuer,
        sources=sources,
        sample=review.is_sample if sample is None else sample,
        estimate=review.is_estimate if estimate is None else estimate,
    )


def summary(review: Review) -> Html:
    """The summary line and the counts by group, the status columns in their colours."""
    results, t = statements(review.results, review.plan.targets), labels(review.lang)
    overall = count_statuses(results, by=["unit"]).iloc[0]
    order = list(dict.fromkeys(review.results["group"].astype(str)))  # the plan's order, as the table and charts
    by_group = count_statuses(results, by=["group"]).reindex(order).dropna(how="all")
    statuses, groups = STATUS_LABELS[review.lang], group_names(review.lang)
    columns = [*statuses, "total"]
    rows = [(groups[g], [int(r[c]) for c in columns]) for g, r in by_group.iterrows()]
    rows.append((t["total"], [int(overall[c]) for c in columns]))
    return render(
        "summary.html.j2",
        t=t,
        line=summary_sentence(overall, review.lang, review.is_estimate),
        statuses=statuses,
        rows=rows,
    )


def table(frame: pd.DataFrame, status_col: str | None = None, codes: list[str] | pd.Series | None = None) -> Html:
    """A formatted text table; cells of ``status_col`` show the colour of their status code (row by row)."""
    codes = list(codes) if codes is not None else [""] * len(frame)
    index = list(frame.columns).index(status_col) if status_col is not None else None
    rows = list(zip(codes, frame.itertuples(index=False, name=None), strict=True))
    return render("table.html.j2", columns=list(frame.columns), rows=rows, status_index=index)


def achievement(review: Review, group: str | None = None) -> Html:
    """The achievement table: target, actual, last year, % of plan, change and status in colour; a clause's row."""
    results = review.results if group is None else review.results[review.results["group"] == group]
    frame = achievement_table(results, review.plan.targets, review.lang)
    status, unit = TABLE_HEADERS[review.lang][-1], TABLE_HEADERS[review.lang][1]
    # status next to the name: seen first on a phone; no unit column: every figure carries its unit already
    frame = frame[[frame.columns[0], status, *(c for c in frame.columns[1:-1] if c != unit)]]
    return table(frame, status, table_rows(results, review.plan.targets, review.lang)["status"])


def estimates(review: Review) -> Html:
    """Estimates beside the official figures that replaced them, and the difference; nothing when there are none."""
    pairs = estimate_vs_official(review.data.values, review.data.estimates)
    pairs = pairs[pairs["period"] == review.period.label]
    if pairs.empty:
        return Html("")
    t, lang, points = labels(review.lang), review.lang, words(review.lang).gettext("{n} points")
    plan = review.plan.targets.drop_duplicates("indicator_id").set_index("indicator_id")
    published = published_ids(review.plan.targets)  # 'grdp%' → 'grdp': a rate or change as published

    def amount(value: float, ident: str, decimals: float = math.nan) -> str:
        places = None if math.isnan(decimals) else int(decimals)
        if ident in published:  # in % as printed, in points for a rate: '-6,18%', '0,7 điểm %'
            number = fmt_number(value, lang, places)
            return number + "%" if plan.loc[published[ident], "measure"] != "rate" else points.format(n=number)
        return fmt_amount(value, plan.loc[ident], lang, places) if ident in plan.index else fmt_number(value, lang)

    def difference(value: float, ident: str, places: float) -> str:
        if ident in published:  # two published % differ by points, to the digits they were printed with
            return points.format(n=fmt_signed(value, lang, None if math.isnan(places) else int(places), trim=False))
        return fmt_signed(value, lang, None, magnitude=lambda size: amount(size, ident))

    names, ids = review.names(), pairs["indicator_id"]
    places = pairs[["estimate_decimals", "official_decimals"]].max(axis=1)
    frame = pd.DataFrame(
        {
            t["name"]: [names.get(published.get(i, i), i) for i in ids],
            t["est_value"]: [amount(*a) for a in zip(pairs["estimate"], ids, pairs["estimate_decimals"], strict=True)],
            t["official_value"]: [
                amount(*a) for a in zip(pairs["official"], ids, pairs["official_decimals"], strict=True)
            ],
            t["difference"]: [difference(*a) for a in zip(pairs["difference"], ids, places, strict=True)],
        }
    )
    return titled(t["h_estimates"], table(frame))


def missed(review: Review) -> Html:
    """The targets not met, and how far each is from the plan (docs/style-guide.md §9)."""
    items = sentences_missed(review.results, review.plan.targets, wording(review))
    return render("missed.html.j2", t=labels(review.lang), items=items)


def official_sentences(review: Review) -> Html:
    """One sentence per target, in the officials' style."""
    said = sentences(review.results, review.plan.targets, wording(review))
    return render("sentences.html.j2", sentences=said)


# The warnings a review can carry, as the review says them (keyed by the validation message they stand for).
_NOTES = {
    NO_FIGURE_NOTE: N_("problem", "{name}: no figure for {period}, reported as no data"),
    FAR_FROM_LAST_YEAR_NOTE: N_("problem", "{name}: {value} is far from last year's figure, check it"),
    KEPT_ESTIMATE_NOTE: N_("problem", "{name}: no official figure, the estimate {value} is kept"),
    UNDERIVED_NOTES["constant"]: N_(
        "problem", "{name}: no values of the economy's components at constant prices for {period}, reported as no data"
    ),
    UNDERIVED_NOTES["current"]: N_(
        "problem", "{name}: no values of the economy's components at current prices for {period}, reported as no data"
    ),
    UNDERIVED_NOTES["income"]: N_(
        "problem", "{name}: no total income and average population for {period}, reported as no data"
    ),
}


def warnings(review: Review) -> Html:
    """Validation warnings, shown in the report rather than hidden, in the review's language."""
    notes, names = translated("problem", _NOTES, review.lang), review.names()
    lines = [
        notes[p.template].format(
            name=names.get(p.params.get("indicator_id"), p.params.get("indicator_id")),
            period=period_name(
                parse_period(p.params["period"]) if "period" in p.params else review.period, review.lang
            ),
            value=fmt_number(p.params.get("value"), review.lang, 2, trim=True) if "value" in p.params else "",
        )
        if p.template in notes
        else f"{p.where}, {p.field}: {p.message}"
        for p in review.problems
    ]
    return render("warnings.html.j2", t=labels(review.lang), lines=lines)
