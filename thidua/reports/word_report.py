"""The report the office files: the year-end (tổng kết) or interim (sơ kết) report as an editable Word document.

The layout is Nghị định 30/2020/NĐ-CP's (sizes in :mod:`thidua.reports.decree30`); the letterhead, title and
signature come from a docxtpl template (the bundled one, or an office's own: docs/word-report.md), the body
and the appendix are built here from the review. What only people can write (assessment, causes, lessons,
next year's direction) is left as marked placeholders, never filled with invented text. Text from input
files goes into the document as plain text: docxtpl autoescapes, python-docx writes runs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docxtpl import DocxTemplate, RichText

from thidua.engine.commendation import STATUSES
from thidua.engine.movements import movement_counts
from thidua.engine.ranking import reasons
from thidua.engine.structure import budget_execution, contributions
from thidua.engine.summary import count_statuses, statements
from thidua.inputs.documents import BODIES
from thidua.inputs.ids import nfc
from thidua.inputs.languages import name_column
from thidua.inputs.periods import Period, parse_period
from thidua.inputs.plan import Plan
from thidua.reports import decree30 as d
from thidua.reports import interim_page
from thidua.reports.annual_page import formed_words, period_text, period_title
from thidua.reports.commendation_page import reward_lines
from thidua.reports.economy_page import budget_cells, sector_values
from thidua.reports.formatting import fmt_number, fmt_percent, fmt_signed, fmt_target
from thidua.reports.i18n import N_, translated
from thidua.reports.labels import document_kind, group_names, labels, plan_no
from thidua.reports.office_template import Sandbox, check_template, rendering
from thidua.reports.sentences import (
    Wording,
    count_text,
    gap,
    interim_sentences,
    missed,
    movement_lines,
    sentences,
    statement_names,
    summary_sentence,
    wording,
)
from thidua.reports.word_appendix import APPENDIX_WIDTHS_MM, interim_appendix, year_appendix
from thidua.reports.word_template import CENTER, JUSTIFY, LEFT, TEMPLATE, set_font, text, widths
from thidua.reports.workbook_template import TOTALS
from thidua.review.interim import Interim
from thidua.review.ranking import Ranking

if TYPE_CHECKING:
    from thidua.review.commendation import Commendation, Rewards
    from thidua.review.review import Review

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
LETTERS = tuple("abcdđeghiklmnopqrstuvxy")  # II.6: points take the Vietnamese alphabet (no f, j, w, z)
_T: dict[str, str] = {  # key → message (context "report")
    "doc_type": N_("report", "REPORT"),
    "own_title": N_("report", "{title} {period}"),  # the plan's report_title, with the period
    "blank": N_("report", "…"),
    "place_date": N_("report", "{place}, {day}/{month}/{year}"),
    "title": N_("report", "CHAIRMAN"),
    "signer": N_("report", "the signatory's full name"),
    "filed": N_("report", "Filed: VT."),
    "to_issuer": N_("report", "{issuer} (report);"),
    "more": N_("report", "[To be written: other recipients];"),
    "recipient": N_("report", "{recipient};"),
    "opening": N_("report", "Under {documents}, {reporter} reports {what} as follows:"),
    "plan_cited": N_("report", "{plan} of {date} of {issuer} on {title}"),
    "plan_cited_untitled": N_("report", "{plan} of {date} of {issuer}"),
    "sample": N_("report", "SAMPLE DATA – illustrative, not official statistics"),
    "situation": N_("report", "SITUATION"),
    "situation_gap": N_("report", "the year's situation: advantages and difficulties"),
    "results": N_("report", "ACHIEVEMENT OF THE TARGETS"),
    "movements": N_("report", "RESULTS OF THE EMULATION MOVEMENTS"),
    "organising": N_("report", "Leadership and organisation of the movements"),
    "organising_gap": N_("report", "how the movements were launched, organised and followed"),
    "movement_gap": N_("report", "how this movement was organised and its notable results"),
    "commendation": N_("report", "COMMENDATION"),
    "commendation_results": N_("report", "Registrations and the titles' criteria"),
    "roster_sample": N_("report", "The roster is sample data, made up: not the office's people."),
    "proposals_commendation": N_("report", "Proposals for commendation"),
    "proposals_gap": N_(
        "report", "the council's proposals for commendation, with the list attached to the proposal (tờ trình)"
    ),
    "not_comparable": N_(
        "report",
        "Not comparable with {year} (the figures of the units before the reorganisation cannot be added up): {names}.",
    ),
    "c_line": N_("report", "“{title}”: {parts}."),
    "c_rewards": N_(
        "report",
        "Rewards, if every candidate within the criteria (and within each cap) is recognised: {total} đồng ({parts}).",
    ),
    "c_reward_part": N_("report", "{n} “{title}” × {amount} đồng"),
    "c_registered": N_("report", "{n} registered"),
    "c_eligible": N_("report", "{n} meet every criterion"),
    "c_to_confirm": N_("report", "{n} meet the criteria thidua can check, for the council to confirm the rest"),
    "c_above_cap": N_("report", "{n} meet the criteria, more than the cap allows (at most {cap}): the council chooses"),
    "c_not_eligible": N_("report", "{n} do not meet a criterion"),
    "commendation_gap": N_(
        "report", "the commendation of collectives and individuals in {year}, and the proposals for commendation"
    ),
    "source_note": N_("report", "Source: {who}."),
    "source_gap": N_("report", "the office that provided the figures"),
    "scoring_based": N_("report", "Under the scoring table issued with {decision}, the hamlets rank as follows:"),
    "scoring_gap": N_("report", "the number and date of the decision issuing the scoring table"),
    "adjusted": N_("report", "Points added or deducted: {lines}."),
    "adjusted_line": N_("report", "{unit} {points} ({reason})"),
    "basis": N_("report", "{total} and its growth at constant {base} prices; shares at current prices."),
    "tolerance": N_(
        "report",
        "A share within {points} of its planned value is judged met: a rule the plan does not state, set by the"
        " office ({source}).",
    ),
    "tolerance_gap": N_("report", "the document that sets it"),
    "points_short": N_("report", "points"),
    "points_long": N_("report", "percentage points"),
    "overall": N_("report", "Overall"),
    "groups": N_("report", "{group} targets"),
    "economy": N_("report", "Economic structure, growth and the sectors' contributions"),
    "budget": N_("report", "Budget revenue and expenditure"),
    "missed": N_("report", "Targets not met"),
    "none_missed": N_("report", "Every target with data was met."),
    "ranking": N_("report", "Emulation ranking of the hamlets"),
    "progress": N_("report", "Overall progress"),
    "behind": N_("report", "Targets behind schedule"),
    "none_behind": N_("report", "No target is behind."),
    "assessment": N_("report", "ASSESSMENT"),
    "strengths": N_("report", "Strengths"),
    "weaknesses": N_("report", "Shortcomings"),
    "causes": N_("report", "Causes"),
    "lessons": N_("report", "Lessons"),
    "direction_year": N_("report", "DIRECTIONS AND TASKS FOR {next}"),
    "direction_interim": N_("report", "TASKS FOR THE REST OF {year}"),
    "proposals": N_("report", "PROPOSALS"),
    "placeholder": N_(
        "report", "[To be written: {what} – written by the office and its leaders, never drafted by thidua.]"
    ),
    "closing": N_("report", "This is the {subject} of {issuer}./."),
    "appendix": N_("report", "Appendix"),
    "attached": N_("report", "(Attached to Report No. {number} {dated} of {issuer})"),
    "dated": N_("report", "dated {date}"),
    "sector": N_("report", "Sector"),
    "share_plan": N_("report", "Planned share"),
    "share": N_("report", "Actual share"),
    "growth_plan": N_("report", "Planned growth"),
    "growth": N_("report", "Growth"),
    "contribution": N_("report", "Contribution (points)"),
    "total": N_("report", "Total"),
    "side": N_("report", "Side"),
    "item": N_("report", "Item"),
    "estimate_col": N_("report", "Estimate (đồng)"),
    "actual_col": N_("report", "Actual (đồng)"),
    "pct": N_("report", "Estimate achieved (%)"),
    "rank": N_("report", "Rank"),
    "unit": N_("report", "Unit"),
    "score": N_("report", "Score"),
    "previous": N_("report", "Last year's rank"),
}


_PURPOSE_WORDS: dict[str, dict[str, str]] = {  # the words that follow the plan's purpose (Plan.purpose)
    "thi_dua": {
        "year": N_("report", "Year-end review of the emulation movement, {period}"),
        "interim": N_("report", "Interim review of the emulation movement, {period}"),
        "what_year": N_("report", "the achievement of the emulation targets, {period}"),
        "what_interim": N_("report", "the progress of the emulation targets, {period}"),
        "appendix_year": N_("report", "ACHIEVEMENT OF THE EMULATION TARGETS, {period}"),
        "appendix_interim": N_("report", "PROGRESS OF THE EMULATION TARGETS, {period}"),
    },
    "kinh_te_xa_hoi": {
        "year": N_("report", "Report on the socio-economic development tasks, {period}"),
        "interim": N_("report", "Interim report on the socio-economic development tasks, {period}"),
        "what_year": N_("report", "the achievement of the socio-economic targets, {period}"),
        "what_interim": N_("report", "the progress of the socio-economic targets, {period}"),
        "appendix_year": N_("report", "ACHIEVEMENT OF THE SOCIO-ECONOMIC TARGETS, {period}"),
        "appendix_interim": N_("report", "PROGRESS OF THE SOCIO-ECONOMIC TARGETS, {period}"),
    },
}
_REPORTER_WORDS: dict[str, dict[str, str]] = {  # the reporting body's (Plan.reported_by) number, authority, parent
    "ubnd": {
        "number": N_("report", "{number}/BC-UBND"),
        "authority": N_("report", "FOR THE PEOPLE'S COMMITTEE"),
        "to_parent": N_("report", "People's Committee of {parent} (report);"),
    },
    "hdnd": {
        "number": N_("report", "{number}/BC-HĐND"),
        "authority": N_("report", "FOR THE PEOPLE'S COUNCIL"),
        "to_parent": N_("report", "People's Council of {parent} (report);"),
    },
}


def _words(lang: str) -> dict[str, str]:
    """The report's words in ``lang``, by their key in ``_T``."""
    return translated("report", _T, lang)


def report_words(plan: Plan, lang: str) -> dict[str, str]:
    """The report's words for ``plan`` in ``lang``: those of ``_T``, of its purpose and of its reporting body."""
    return {
        **_words(lang),
        **translated("report", _PURPOSE_WORDS[plan.purpose], lang),
        **translated("report", _REPORTER_WORDS[plan.reported_by], lang),
    }


@dataclass(frozen=True)
class Filing:
    """What the office decides when it files the report; anything left empty stays blank or a placeholder."""

    number: str = ""  # the report's number, e.g. "125" (→ "Số: 125/BC-UBND"); the clerk fills it at issuance
    date: dt.date | None = None  # the date it is signed
    signer: str = ""  # the chairman's name
    parent_body: str = ""  # the body above the reporting body, where there is one (II.2), e.g. "UBND THỊ XÃ ĐỨC PHỔ"
    estimate: bool = False  # the figures are estimates ("ước thực hiện"), as in December drafts


def filed_wording(review: Review, filing: Filing) -> Wording:
    """How the filed report speaks: as the review's pages, with every figure an estimate when the office says so."""
    said = wording(review)
    everything = frozenset(review.results["indicator_id"].astype(str))
    return replace(said, estimated=everything if filing.estimate else said.estimated, filed=True)


def _all_estimated(review: Review, w: Wording) -> bool:
    """Every figure of the review is an estimate: the summary line begins 'Ước'."""
    return review.is_estimate or (bool(w.estimated) and w.estimated >= set(review.results["indicator_id"].astype(str)))


def official_wording(review: Review, w: Wording) -> tuple[str, list[tuple[str, str]]]:
    """The summary line and each statement's (group, sentence), as the filed report says them.

    A clause (all parts must fall) and an indicator with two targets are one statement, as the plan counts them;
    the summary names the targets not met and asks for the results of those with no data.
    """
    results, targets = review.results.reset_index(drop=True), review.plan.targets
    counted = statements(results, targets)
    overall = count_statuses(counted, by=["unit"]).iloc[0]
    named = statement_names(results, targets, review.lang)
    names = {
        s: named.reindex(counted.loc[counted["status"] == s, "indicator_id"]).tolist() for s in ("not_met", "no_data")
    }
    line = summary_sentence(overall, review.lang, _all_estimated(review, w), filed=True, names=names)
    return line, _grouped(review, sentences(results, targets, w))


def interim_wording(interim: Interim, w: Wording) -> list[tuple[str, str]]:
    """Each statement's (group, sentence) of an interim review: % of the year plan and progress, never a verdict."""
    review = interim.review
    return _grouped(review, interim_sentences(review.results, interim.progress, review.plan.targets, w))


def _grouped(review: Review, said: list[str]) -> list[tuple[str, str]]:
    """Each statement's sentence with its group, in plan order (a clause of parts is one statement)."""
    results, targets = review.results.reset_index(drop=True), review.plan.targets
    part_of = results[["indicator_id", "set_by"]].merge(targets[["indicator_id", "set_by", "part_of"]], how="left")
    key = part_of["part_of"].fillna(results["indicator_id"].astype(object))
    groups = results["group"].astype(object).groupby(key, sort=False).first()
    return list(zip(groups, said, strict=True))


def place_date(place: str, date: dt.date | None, year: int, lang: str = "vi") -> str:
    """'Phổ Thuận, ngày 05 tháng 01 năm 2024' (II.4: a 0 before days under 10 and months 1 and 2)."""
    blank = _words(lang)["blank"]
    if date is None:
        return _words(lang)["place_date"].format(place=place, day=blank, month=blank, year=year)
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return _words(lang)["place_date"].format(place=place, day=f"{date.day:02d}", month=month, year=date.year)


def reporter_lines(review: Review) -> list[str]:
    """The reporting body in capitals over two lines, as offices write it: 'ỦY BAN NHÂN DÂN' / 'XÃ PHỔ THUẬN'."""
    plan = review.plan
    return [BODIES[plan.reported_by].upper(), str(plan.meta["unit_name"]).upper()]  # Plan.reporter, in two lines


def place_of(review: Review) -> str:
    """The place of the date line: the unit's name without its level ('xã Phổ Thuận' → 'Phổ Thuận')."""
    name = review.unit_name
    for level in ("xã ", "phường ", "thị trấn ", "thị xã ", "huyện ", "thành phố ", "tỉnh "):
        if name.lower().startswith(level):
            return name[len(level) :]
    return name


def _gaps(lang: str) -> re.Pattern[str]:
    """The placeholders of a report in ``lang``: '[Cần bổ sung: …]', wherever they stand in a paragraph."""
    prefix, suffix = gap("\x00", lang).split("\x00")
    return re.compile(f"({re.escape(prefix)}[^\\]]*{re.escape(suffix)})")


def office_words(words: str, lang: str) -> str:
    """Words as a filed report writes them: 'điểm %' in full ('điểm phần trăm')."""
    short, long = _words(lang)["points_short"], _words(lang)["points_long"]
    return words.replace(long, "\x00").replace(short, long).replace("\x00", long)


def runs(paragraph: object, words: str, lang: str, size: float, *, bold: bool = False, italic: bool = False) -> None:
    """Write ``words`` into ``paragraph``: each placeholder a highlighted run of its own, nothing else highlighted."""
    for piece in _gaps(lang).split(office_words(words, lang)):
        if not piece:
            continue
        run = paragraph.add_run(piece)  # type: ignore[attr-defined]
        set_font(run, size)
        run.bold, run.italic = bold, italic
        if _gaps(lang).fullmatch(piece):
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def keep_with_next(paragraph: object) -> None:
    """A heading stays on the page of what follows it."""
    paragraph.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]


class Body:
    """Writes numbered parts (I.), sections (1.) and points (a)) into a python-docx container (II.6)."""

    def __init__(self, container: object, lang: str) -> None:
        self.doc, self.lang = container, lang
        self.parts = self.sections = self.points = 0

    def para(self, words: str, *, bold: bool = False, italic: bool = False, keep: bool = False) -> None:
        """A justified body paragraph, first line indented; its placeholders highlighted."""
        p = text(self.doc, "", d.BODY_PT, align=JUSTIFY, indent=True)
        runs(p, words, self.lang, d.BODY_PT, bold=bold, italic=italic)
        fmt = p.paragraph_format
        fmt.space_after, fmt.line_spacing = Pt(d.PARAGRAPH_SPACING_PT), d.LINE_SPACING
        if keep:
            keep_with_next(p)

    def part(self, title: str) -> None:
        """'I. KẾT QUẢ …': Roman numeral, capitals, bold, kept with what follows."""
        self.parts += 1
        self.sections = 0
        self.para(f"{ROMAN[self.parts - 1]}. {title.upper()}", bold=True, keep=True)

    def section(self, title: str) -> None:
        """'1. Kết quả chung': Arabic numeral, bold, kept with what follows."""
        self.sections += 1
        self.points = 0
        self.para(f"{self.sections}. {title}", bold=True, keep=True)

    def point(self, words: str) -> None:
        """'a) …' in the Vietnamese alphabet; past 'y', a dash."""
        self.points += 1
        mark = f"{LETTERS[self.points - 1]})" if self.points <= len(LETTERS) else "-"
        self.para(f"{mark} {words}")

    def placeholder(self, what: str) -> None:
        """A marked gap for people to write: italic and highlighted, as every placeholder is."""
        self.para(_words(self.lang)["placeholder"].format(what=what), italic=True)

    def banner(self, words: str) -> None:
        """The sample mark: bold and centred (not highlighted: only what people fill in is)."""
        p = text(self.doc, "", d.BODY_PT, after=d.PARAGRAPH_SPACING_PT)
        runs(p, words, self.lang, d.BODY_PT, bold=True)

    def note(self, words: str) -> None:
        """An italic note under a table: its source, its basis."""
        p = text(self.doc, "", d.TABLE_PT, align=JUSTIFY, after=d.PARAGRAPH_SPACING_PT)
        runs(p, words, self.lang, d.TABLE_PT, italic=True)

    def table(self, frame: pd.DataFrame, widths_mm: list[float], left: int = 1, note: str = "") -> None:
        r"""A real Word table: borders, a bold header row repeated on every page, rows never broken across pages.

        Column ``left`` is flush left; a cell's lines ('\n') are lines of the cell; ``note`` goes under it.
        """
        table = self.doc.add_table(rows=1, cols=len(frame.columns))  # type: ignore[attr-defined]
        _grid(table)
        for cell, name in zip(table.rows[0].cells, frame.columns, strict=True):
            _cell(cell, str(name), self.lang, bold=True)
        _repeat_header(table.rows[0])
        for row in frame.itertuples(index=False):
            cells = table.add_row().cells
            for j, (cell, value) in enumerate(zip(cells, row, strict=True)):
                _cell(cell, str(value), self.lang, align=LEFT if j == left else CENTER)
        for row in table.rows:
            _whole_row(row)
        widths(table, widths_mm)
        if note:
            self.note(note)
        else:
            text(self.doc, "", d.TABLE_PT, after=d.PARAGRAPH_SPACING_PT)


def _cell(cell: object, words: str, lang: str, bold: bool = False, align: object = CENTER) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.alignment = align
    runs(paragraph, words, lang, d.TABLE_PT, bold=bold)


def _grid(table: object) -> None:
    """Single black borders on every edge (set directly: an office's template may lack 'Table Grid')."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        node = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            node.set(qn(key), value)
        borders.append(node)
    table._tbl.tblPr.append(borders)  # type: ignore[attr-defined]
    table.autofit = False  # type: ignore[attr-defined]


def _row_property(row: object, name: str) -> None:
    node = OxmlElement(f"w:{name}")
    node.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(node)  # type: ignore[attr-defined]


def _repeat_header(row: object) -> None:
    _row_property(row, "tblHeader")


def _whole_row(row: object) -> None:
    """A row is never broken across pages (cantSplit)."""
    _row_property(row, "cantSplit")


def _by_group(body: Body, review: Review, said: list[tuple[str, str]], basis: str = "") -> None:
    """One section per group of targets, each statement a point in the officials' sentence.

    ``basis`` (the prices the economy's figures are at) opens the economic group's section.
    """
    t = _words(review.lang)
    for group in dict.fromkeys(g for g, _ in said):
        body.section(t["groups"].format(group=group_names(review.lang)[group].lower()))
        if basis and group == "kinh_te":
            body.note(basis)
        for sentence in (s for g, s in said if g == group):
            body.point(sentence)


def _basis(review: Review) -> str:
    """'Giá trị sản xuất và tốc độ tăng tính theo giá so sánh năm 2010; cơ cấu kinh tế tính theo giá hiện hành.'."""
    economy = review.plan.economy
    if economy is None:
        return ""
    total = translated("economy", TOTALS, review.lang)[economy.total]
    return _words(review.lang)["basis"].format(total=total[:1].upper() + total[1:], base=economy.base_year)


def _tolerance_note(review: Review) -> str:
    """The rule a share is judged by, which the plan does not state, with a gap for the document that sets it."""
    tolerances = review.plan.targets["tolerance"].dropna()
    if tolerances.empty:
        return ""
    t, lang = _words(review.lang), review.lang
    points = fmt_number(float(tolerances.max()), lang, None) + " " + t["points_long"]
    return t["tolerance"].format(points=points, source=gap(t["tolerance_gap"], lang))


def _economy(body: Body, review: Review) -> None:
    """Structure and growth by sector against the plan, and each sector's contribution, with their price bases."""
    economy, t, lang = review.plan.economy, _words(review.lang), review.lang
    constant = sector_values(review, economy.constant_prefix) if economy is not None else None
    if constant is None or constant.empty or constant.isna().to_numpy().any():  # published rates: in the table
        return
    rows = review.results.drop_duplicates("indicator_id").set_index("indicator_id")
    points = contributions(constant["baseline"], constant["actual"])["contribution_points"]
    name = name_column(lang)
    sectors = economy.sectors.set_index("id")
    frame = pd.DataFrame(
        {
            t["sector"]: sectors[name].tolist(),
            t["share_plan"]: [
                fmt_target(_with_tolerance(review, rows, s), lang) if s else "–" for s in sectors["share"]
            ],
            t["share"]: [fmt_percent(rows.loc[s, "compared"], lang) if s else "–" for s in sectors["share"]],
            t["growth_plan"]: [fmt_target(rows.loc[g], lang) if g else "–" for g in sectors["growth"]],
            t["growth"]: [
                fmt_percent(rows.loc[g, "compared"], lang, signed=True) if g else "–" for g in sectors["growth"]
            ],
            t["contribution"]: [fmt_number(points[s], lang, 1) for s in sectors.index],
        }
    )
    if economy.total_growth:
        total = rows.loc[economy.total_growth]
        growth = fmt_percent(total["compared"], lang, signed=True)
        whole = fmt_percent(100, lang)
        frame.loc[len(frame)] = [t["total"], whole, whole, fmt_target(total, lang), growth, fmt_number(
            points["total"], lang, 1)]  # fmt: skip
    body.section(t["economy"])
    note = " ".join(n for n in (_basis(review), _tolerance_note(review)) if n)
    body.table(frame, [40, 25, 22, 27, 22, 29], left=0, note=note)


def _with_tolerance(review: Review, rows: pd.DataFrame, indicator: str) -> pd.Series:
    """A result row with its target's tolerance, which fmt_target reads for shares."""
    targets = review.plan.targets.drop_duplicates("indicator_id").set_index("indicator_id")
    return rows.loc[indicator].copy().combine_first(targets.loc[indicator, ["tolerance"]])


def _source(lang: str) -> str:
    """'Nguồn: [Cần bổ sung: cơ quan cung cấp số liệu].': an office names who gave the figures, never a file."""
    t = _words(lang)
    return t["source_note"].format(who=gap(t["source_gap"], lang))


def _budget(body: Body, review: Review) -> None:
    """Revenue and spending by line against the estimate (dự toán), where the figures have the period's lines."""
    if review.budget is None:
        return
    lines = review.budget[review.budget["period"] == review.period.label]
    if lines.empty:
        return
    t, lang = _words(review.lang), review.lang
    cells = budget_cells(budget_execution(lines), lang)  # the review page's cells: one name for the balance
    heads = {"item": t["item"], "side": t["side"], "estimate": t["estimate_col"], "actual": t["actual_col"],
             "pct": t["pct"]}  # fmt: skip
    body.section(t["budget"])
    frame = pd.DataFrame({heads[k]: v for k, v in cells.items()})
    body.table(frame, [55, 18, 33, 33, 26], left=0, note=_source(lang))


def _missed(body: Body, review: Review, w: Wording) -> None:
    """Each target not met, and how far it is from the plan (docs/style-guide.md §9)."""
    t = _words(review.lang)
    lines = missed(review.results, review.plan.targets, w)
    body.section(t["missed"])
    if not lines:
        body.para(t["none_missed"])
    for line in lines:
        body.point(f"{line}.")


def _ranking(body: Body, review: Review, ranking: Ranking | None) -> None:
    """The hamlets' ranking under the council's scoring table, its points added or deducted and why."""
    if ranking is None or ranking.table.empty:
        return
    t, lang, page = _words(review.lang), review.lang, labels(review.lang)
    ranked, names = ranking.table, ranking.names
    frame = pd.DataFrame(
        {
            t["rank"]: [fmt_number(v, lang, 0) for v in ranked["rank"]],
            t["unit"]: ranked["unit"].map(names).fillna(ranked["unit"]).tolist(),
            t["score"]: [fmt_number(v, lang, 1) for v in ranked["score"]],
            t["previous"]: [fmt_number(v, lang, 0) for v in ranked["previous_rank"]],
        }
    )
    body.section(t["ranking"])
    if ranking.scoring.status == "sample":
        body.para(page["sample_scoring"], bold=True)
    body.para(t["scoring_based"].format(decision=gap(t["scoring_gap"], lang)))
    adjustments = reasons(ranking.scoring, review.period.label)
    said = [
        t["adjusted_line"].format(unit=names.get(unit, unit), points=fmt_signed(points, lang, 0), reason=why)
        for unit, points, why in adjustments[["unit", "points", "reason"]].itertuples(index=False)
    ]
    note = t["adjusted"].format(lines="; ".join(said)) if said else ""
    body.table(frame, [20, 60, 40, 45], note=note)


def _human_parts(body: Body, review: Review, interim: bool) -> None:
    """Assessment, causes, lessons, direction and proposals: placeholders where a report has them."""
    t = _words(review.lang)
    body.part(t["assessment"])
    for key in ("strengths", "weaknesses", "causes", "lessons"):
        body.section(t[key])
        body.placeholder(t[key].lower())
    year = review.period.year
    direction = t["direction_interim"].format(year=year) if interim else t["direction_year"].format(next=year + 1)
    body.part(direction)
    body.placeholder(direction.lower())
    body.part(t["proposals"])
    body.placeholder(t["proposals"].lower())


def _movements(body: Body, review: Review, w: Wording, interim: bool) -> None:
    """The emulation movements the plan launched: how they were organised (people write it), each one's targets.

    A plan of socio-economic development launches none and has no such part; an interim report names each
    movement without counting its targets' verdicts, which come at the year's end.
    """
    plan, t = review.plan, _words(review.lang)
    if plan.purpose != "thi_dua" and plan.movements.empty:
        return
    body.part(t["movements"])
    body.section(t["organising"])
    body.placeholder(t["organising_gap"])
    if plan.movements.empty:
        return
    counts = None if interim else movement_counts(statements(review.results, plan.targets), plan.movements)
    for line in movement_lines(plan.movements, counts, review.lang, _all_estimated(review, w), filed=True):
        body.section(line)
        body.placeholder(t["movement_gap"])


def _commendation(body: Body, review: Review, interim: bool, day: dt.date | None = None) -> None:
    """Commendation: registrations and who meets each title's criteria (from the roster), then the proposals.

    What the council decides (its choice within a cap, the criteria only it judges, the proposals) stays a gap.
    """
    t = _words(review.lang)
    if review.plan.purpose != "thi_dua":
        return
    body.part(t["commendation"])
    found = None if interim else review.commendation
    if found is None:
        body.placeholder(t["commendation_gap"].format(year=review.period.year))
        return
    body.section(t["commendation_results"])
    if found.is_sample:
        body.para(t["roster_sample"], bold=True)
    for line in commendation_lines(found, review.lang):
        body.point(line)
    body.point(" ".join(reward_sentences(found.rewards(day), review.lang, estimate=day is None)))
    body.section(t["proposals_commendation"])
    body.placeholder(t["proposals_gap"])


def reward_sentences(rewards: Rewards, lang: str, estimate: bool) -> list[str]:
    """What the rewards would come to, title by title, then what they rest on (day, base salary, decree)."""
    t, table = _words(lang), rewards.table
    basis = reward_lines(rewards, lang, estimate)
    known = table[table["amount"].notna() & table["number"].gt(0)]
    if known.empty:
        return basis
    parts = [t["c_reward_part"].format(n=count_text(int(r.number), lang, filed=True), title=r.title,
                                       amount=fmt_number(r.amount, lang, 0)) for r in known.itertuples()]  # fmt: skip
    return [t["c_rewards"].format(total=fmt_number(known["total"].sum(), lang, 0), parts="; ".join(parts)), *basis]


def commendation_lines(found: Commendation, lang: str) -> list[str]:
    """A sentence per title: registered, meeting the criteria, above the cap, not meeting them (counts as '03')."""
    t, counted = _words(lang), found.counts
    lines = []
    for title in found.titles:
        row = counted.loc[title["id"]]
        n = {key: count_text(int(row[key]), lang, filed=True) for key in (*STATUSES, "registered")}
        parts = [] if title["for"] == "thon" else [t["c_registered"].format(n=n["registered"])]  # hamlets: no roster
        parts += [t[f"c_{key}"].format(n=n[key]) for key in ("eligible", "to_confirm") if row[key]]
        if row["above_cap"]:
            allowed = count_text(found.caps[title["id"]], lang, filed=True)
            parts.append(t["c_above_cap"].format(n=n["above_cap"], cap=allowed))
        if row["not_eligible"]:
            parts.append(t["c_not_eligible"].format(n=n["not_eligible"]))
        lines.append(t["c_line"].format(title=title["name"], parts="; ".join(parts)))
    return lines


def plan_subject(title: str, kind: str = "ke_hoach") -> str:
    """A plan's title as the subject of "Nghị quyết số … về …" (docs/style-guide.md §8).

    The sentence names the document's kind already, so a title that begins with it ("Kế hoạch Phát động …",
    "Nghị quyết về kế hoạch …") drops it and the "về" after it; only the first letter is lowered, so names
    keep their capitals ("huyện Vĩnh Linh", "GRDP").
    """
    own = re.escape(document_kind(kind, "vi"))
    rest = re.sub(rf"^{own}(?:\s+về)?(?:\s+|$)", "", nfc(title.strip()), flags=re.IGNORECASE)
    return _lower_first(rest)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def subject(plan: Plan, period: Period, lang: str, interim: bool = False) -> str:
    """The subject (trích yếu) under "BÁO CÁO": the plan's ``report_title``, else its purpose's, and the period.

    'Tổng kết phong trào thi đua năm 2023', 'Kết quả thực hiện nhiệm vụ phát triển kinh tế – xã hội năm 2023'.
    """
    t, when = report_words(plan, lang), period_title(period, lang)
    if own := plan.meta.get("report_title"):
        return t["own_title"].format(title=own, period=when)
    return t["interim" if interim else "year"].format(period=when)


def opening(plan: Plan, period: Period, lang: str, interim: bool = False) -> str:
    """The documents the plan carries out, the plan as it is, then the reporting body (docs/style-guide.md §8).

    'Thực hiện Nghị quyết số 06/NQ-HĐND ngày 19/12/2022 của HĐND xã về …; Kế hoạch số 71/KH-UBND ngày 22/12/2022
    của Ủy ban nhân dân xã Phổ Thuận về phát động phong trào thi đua năm 2023, Ủy ban nhân dân xã Phổ Thuận báo
    cáo kết quả thực hiện các chỉ tiêu thi đua năm 2023 như sau:'
    """
    t = report_words(plan, lang)
    what = t["what_interim" if interim else "what_year"].format(period=period_title(period, lang))
    return t["opening"].format(documents=opening_documents(plan, lang), reporter=plan.reporter, what=what)


def opening_documents(plan: Plan, lang: str) -> str:
    """The documents the plan carries out, then the plan as it is: what an opening's 'Thực hiện …' cites."""
    t = report_words(plan, lang)
    title = plan_subject(str(plan.meta.get("title") or ""), plan.kind)
    cited = t["plan_cited" if title else "plan_cited_untitled"].format(
        plan=f"{plan_no(plan.kind, lang)} {plan.meta['number']}", date=plan.meta["date"].strftime("%d/%m/%Y"),
        issuer=plan.issuer, title=title,
    )  # fmt: skip
    return "; ".join([*(plan.meta.get("implements") or []), cited])


def closing(plan: Plan, period: Period, lang: str, interim: bool = False) -> str:
    """'Trên đây là báo cáo tổng kết phong trào thi đua năm 2023 của Ủy ban nhân dân xã Phổ Thuận./.'."""
    said = _lower_first(subject(plan, period, lang, interim))
    return report_words(plan, lang)["closing"].format(subject=said, issuer=plan.reporter)


def _body(body: Body, review: Review, filing: Filing, progress: Interim | None, ranking: Ranking | None) -> None:
    """The report's parts, from the review; what people write is left as highlighted placeholders.

    I. the year's situation; II. the targets; III. the movements and IV. commendation (an emulation plan);
    then the assessment, the direction and the proposals.
    """
    t, interim, w = _words(review.lang), progress is not None, filed_wording(review, filing)
    if review.is_sample:
        body.banner(t["sample"])
    body.para(opening(review.plan, review.period, review.lang, interim))
    body.part(t["situation"])
    body.placeholder(t["situation_gap"])
    body.part(t["results"])
    if progress is not None:
        body.section(t["progress"])
        body.para(interim_page.summary_line(progress, filed=True) + ".")
        _formed(body, review)
        _by_group(body, review, interim_wording(progress, w), _basis(review))
        _budget(body, review)
        _behind(body, progress)
    else:
        summary, said = official_wording(review, w)
        body.section(t["overall"])
        body.para(summary + ".")
        _formed(body, review)
        _by_group(body, review, said, _basis(review))
        _economy(body, review)
        _budget(body, review)
        _missed(body, review, w)
        _ranking(body, review, ranking)
    _movements(body, review, w, interim)
    _commendation(body, review, interim, filing.date)
    _human_parts(body, review, interim)
    body.para(closing(review.plan, review.period, review.lang, interim))


def _formed(body: Body, review: Review) -> None:
    """How last year's figures of a merged or split unit were formed, under the summary (docs/domain.md §5.13)."""
    if review.history is not None:
        said = formed_words(review)
        body.note(said[:1].upper() + said[1:] + ".")
        results = review.results
        apart = results.loc[results["note"].astype(str).eq("not_comparable"), "indicator_id"].unique()
        if len(apart):
            names = review.names()
            year = parse_period(review.history.period).year
            body.note(_words(review.lang)["not_comparable"].format(year=year, names=", ".join(names[i] for i in apart)))


def _behind(body: Body, progress: Interim) -> None:
    """The targets behind schedule, as the plan counts them: a clause once, by the worst of its parts."""
    review = progress.review
    t = _words(review.lang)
    body.section(t["behind"])
    names = statement_names(review.results, review.plan.targets, review.lang)
    behind = [names[key] for key, code in progress.stands.items() if code == "behind"]
    if not behind:
        body.para(t["none_behind"])
    for name in behind:
        body.point(f"{name}.")


def _appendix(body: Body, review: Review, filing: Filing, progress: Interim | None) -> None:
    """The full table, landscape (I.2): achievement for a year, progress for an interim review; one row a target."""
    t = report_words(review.plan, review.lang)
    heading = text(body.doc, t["appendix"], d.APPENDIX_TITLE_PT, bold=True)
    keep_with_next(heading)
    title = t["appendix_interim" if progress is not None else "appendix_year"]
    keep_with_next(text(body.doc, title.format(period=period_text(review)).upper(), d.APPENDIX_TITLE_PT, bold=True))
    number = t["number"].format(number=filing.number or t["blank"])
    when = t["dated"].format(date=filing.date.strftime("%d/%m/%Y")) if filing.date else ""
    attached = t["attached"].format(number=number, dated=when, issuer=review.plan.reporter)
    keep_with_next(text(body.doc, " ".join(attached.split()), d.BODY_PT, italic=True, after=6))
    if review.is_sample:
        body.banner(t["sample"])
    w = filed_wording(review, filing)
    frame = interim_appendix(progress, w) if progress is not None else year_appendix(review, w)
    body.table(frame, list(APPENDIX_WIDTHS_MM))


def _recipients(review: Review, parent: str) -> list[str]:
    """Who receives the report: the plan's issuer when another body reports, the body above, the plan's recipients.

    A recipient of the plan that names the unit above ('UBND thị xã Đức Phổ') is the body above, named once.
    """
    t, plan = report_words(review.plan, review.lang), review.plan
    issuer = [t["to_issuer"].format(issuer=plan.issuer)] if plan.issued_by != plan.reported_by else []
    above = [t["to_parent"].format(parent=parent)] if parent else []
    own = [
        t["recipient"].format(recipient=line.rstrip(" ;."))
        for line in plan.meta.get("recipients") or []
        if not (parent and nfc(parent).casefold() in nfc(line).casefold())  # the body above, named already
    ]
    return issuer + above + (own or [t["more"]])


def write_report(
    review: Review,
    out: Path,
    filing: Filing | None = None,
    template: Path | None = None,
    progress: Interim | None = None,
    ranking: Ranking | None = None,
) -> Path:
    """Write the report of ``review`` to ``out`` (.docx): year-end, or interim when ``progress`` is given.

    ``template`` is an office's own docxtpl template with the placeholders of docs/word-report.md
    (default: the bundled one), checked and rendered in Jinja2's sandbox (:mod:`.office_template`); run
    it in a confined process (the command line does) to bound its time and memory too. ``ranking`` is
    the sub-units ranked (``Review.ranking``), reported in a year-end report.
    """
    filing = filing or Filing()
    if progress is not None:
        review = progress.review
    t, plan = report_words(review.plan, review.lang), review.plan
    if template is not None:
        check_template(template)
    doc = DocxTemplate(str(template or TEMPLATE))
    body, appendix = doc.new_subdoc(), doc.new_subdoc()
    _body(Body(body, review.lang), review, filing, progress, ranking)
    _appendix(Body(appendix, review.lang), review, filing, progress)
    parent = str(plan.meta.get("parent", "")).split(",")[0].strip()
    marked = {} if filing.signer else {"highlight": "FFFF00"}  # docxtpl shades the run: the placeholder in yellow
    signer = RichText(filing.signer or gap(t["signer"], review.lang), bold=True, **marked)
    recipients = [*_recipients(review, parent), t["filed"]]
    gaps = _gaps(review.lang)
    context = {
        "co_quan_cap_tren": filing.parent_body.upper(),
        "co_quan": reporter_lines(review),
        "so_ky_hieu": t["number"].format(number=filing.number or "      "),
        "dia_danh_ngay": place_date(place_of(review), filing.date, review.period.year, review.lang),
        "ten_loai": t["doc_type"],
        "trich_yeu": subject(plan, review.period, review.lang, progress is not None),
        "noi_dung": body,
        "noi_nhan": recipients,
        "noi_nhan_rt": [RichText(r, **({"highlight": "FFFF00"} if gaps.search(r) else {})) for r in recipients],
        "tham_quyen": t["authority"],
        "chuc_vu": t["title"],
        "nguoi_ky": signer,
        "phu_luc": appendix,
    }
    with rendering(template):
        doc.render(context, Sandbox(), autoescape=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out
