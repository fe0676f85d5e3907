"""Words of the HTML reviews (headings, column heads, labels), passed to the templates as ``t``.

Each word is a gettext message (context ``review``, keyed by its English text) in the catalogs of
``thidua.reports.i18n``; ``labels(lang)`` gives them in the review's language. The templates hold no words of
their own, and no template branches on the language.
"""

from __future__ import annotations

from functools import cache

from thidua.inputs.languages import LANGUAGES
from thidua.reports.i18n import N_, translated, words

_STATUS_WORDS = {
    "exceeded": N_("status", "exceeded"),
    "met": N_("status", "met"),
    "not_met": N_("status", "not met"),
    "no_data": N_("status", "no data"),
}
STATUS_LABELS = {lang: {k: words(lang).pgettext("status", m) for k, m in _STATUS_WORDS.items()} for lang in LANGUAGES}
_PROGRESS_WORDS = {  # thidua.engine.interim.PROGRESS: where a target stands at an interim review, never a verdict
    "past_year_plan": N_("progress", "past the year plan"),
    "reached": N_("progress", "reached"),
    "on_track": N_("progress", "on track"),
    "behind": N_("progress", "behind"),
    "not_judged": N_("progress", "progress unknown"),
    "no_data": N_("progress", "no data"),
}
_REASON_WORDS = {  # thidua.engine.interim.REASONS: why a target with a figure is not judged now
    "no_same_period": N_("progress", "no figure for {period}"),
    "no_whole_year": N_("progress", "no figure for the whole of {year}"),
    "no_last_year": N_("progress", "no figures for {period} or the whole of {year}"),
    "year_end": N_("progress", "judged at the year's end"),
}
GROUP_NAMES = {  # thidua.inputs.plan.GROUPS, named (messages of the catalogs, context "group")
    "kinh_te": N_("group", "Economy"),
    "van_hoa_xa_hoi": N_("group", "Culture and society"),
    "quoc_phong_an_ninh": N_("group", "Defence and security"),
}
SET_BY_NAMES = {  # thidua.inputs.levels.SET_BY, named as the plan names them ("thị xã giao")
    "commune": N_("level", "commune"),
    "district": N_("level", "district"),
    "town": N_("level", "town"),
    "city": N_("level", "city"),
    "province": N_("level", "province"),
    "central": N_("level", "central government"),
}


DOCUMENT_KIND_NAMES = {  # thidua.inputs.documents.DOCUMENT_KINDS, as a sentence names them ("Nghị quyết số …")
    "ke_hoach": N_("document", "Plan"),
    "nghi_quyet": N_("document", "Resolution"),
    "chuong_trinh": N_("document", "Programme"),
    "quyet_dinh": N_("document", "Decision"),
    "de_an": N_("document", "Scheme"),
    "ket_luan": N_("document", "Conclusion"),
}


def document_kind(kind: str, lang: str) -> str:
    """A kind of document as a sentence names it, capitalised: 'Nghị quyết', 'Resolution'."""
    return words(lang).pgettext("document", DOCUMENT_KIND_NAMES[kind])


def plan_no(kind: str, lang: str) -> str:
    """What a plan's number follows, as the plan is: 'Nghị quyết số', 'Resolution No.'."""
    return words(lang).pgettext("document", "{kind} No.").format(kind=document_kind(kind, lang))


_BATCH_STATES = {  # how a review of a batch ended, on the batch's index page
    "done": N_("batch", "done"),
    "failed": N_("batch", "failed"),
    "interrupted": N_("batch", "interrupted"),
    "not started": N_("batch", "not started"),
}


_SOURCE_WORDS = {  # what a file named in a page's "Nguồn số liệu" line gives the page (docs/style-guide.md §8)
    "estimates": N_("source", "estimates"),  # the figures file whose estimates a later official file replaced
    "official": N_("source", "official figures"),  # that later file (--official)
    "budget": N_("source", "budget figures"),  # the budget file (--budget)
    "year": N_("source", "figures of {year}"),  # the interim review's annual file: last year's whole-year figures
    "budget_year": N_("source", "budget figures of {year}"),  # and the budget file, when it gives last year's too
    # a merged or split unit: how its figures of last year were formed (docs/domain.md §5.12)
    "formed": N_("source", "figures of {year} added up from the {n} units it was formed from: {names}"),
    "formed_share": N_("source", "{name} ({share} by {basis})"),  # a unit split: the share taken of it
}


def source_words(lang: str) -> dict[str, str]:
    """What a source file gives a page, in ``lang``: 'số liệu ước', 'số liệu chính thức', 'số liệu năm {year}'."""
    return translated("source", _SOURCE_WORDS, lang)


def batch_states(lang: str) -> dict[str, str]:
    """How a review of a batch ended, in ``lang``: 'đã xong', 'lỗi', 'bị dừng', 'chưa chạy'."""
    return translated("batch", _BATCH_STATES, lang)


def progress_labels(lang: str) -> dict[str, str]:
    """Where a target stands at an interim review (thidua.engine.interim.PROGRESS), in ``lang``."""
    return translated("progress", _PROGRESS_WORDS, lang)


def reason_labels(lang: str) -> dict[str, str]:
    """Why a target with a figure is not judged at an interim review (thidua.engine.interim.REASONS)."""
    return translated("progress", _REASON_WORDS, lang)


def group_names(lang: str) -> dict[str, str]:
    """Each group's name in ``lang``: 'Kinh tế', 'Economy'."""
    return translated("group", GROUP_NAMES, lang)


LABELS: dict[str, str] = {
    "of": N_("review", "of"),
    "unit": N_("review", "Unit"),
    "period": N_("review", "Period"),
    "source": N_("review", "Figures from"),
    "sample": N_("review", "SAMPLE DATA – illustrative, not official statistics"),
    "official": N_("review", "official figures"),
    "estimated": N_("review", "estimated figures"),  # the badge when any figure shown is an estimate (ước)
    "sheet": N_("review", "sheet"),
    "subunits_file": N_("review", "figures of the units one level down"),  # what a source file is (header)
    "scoring_file": N_("review", "scoring table"),
    "files": N_("review", "Tables"),
    "reviews": N_("review", "Reviews"),
    "batch_title": N_("review", "thidua – reviews"),  # the batch index's title (browser tab)
    "comparison": N_("review", "The units side by side: league tables and every unit's targets"),
    "kept": N_("review", "the last good review is unchanged"),  # after a failed or interrupted review
    "error_detail": N_("review", "Technical details"),  # heading of a failure's log message
    "group": N_("review", "Group"),
    "total": N_("review", "Total"),
    "missed": N_("review", "Targets not met"),
    "none_missed": N_("review", "Every target with data was met."),
    "warnings": N_("review", "Notes on the data"),
    "h_estimates": N_("review", "Estimates and the official figures that replaced them"),
    "est_value": N_("review", "Estimated"),
    "official_value": N_("review", "Official"),
    "difference": N_("review", "Difference"),
    "summary": N_("review", "Summary"),
    "table": N_("review", "Achievement of every target"),
    "charts": N_("review", "Progress by group"),
    "said": N_("review", "Assessment"),
    "annual_review": N_("review", "Annual review of targets"),
    "economic_structure": N_("review", "Economic structure"),
    "interim_review": N_("review", "Interim review of targets"),
    "ranking": N_("review", "Emulation ranking"),
    "commendation": N_("review", "Commendation"),
    "sector": N_("review", "Sector"),
    "share_plan": N_("review", "Plan (%)"),
    "share_actual": N_("review", "Actual (%)"),
    "gap": N_("review", "Gap (points)"),
    "share_base": N_("review", "Last year (%)"),
    "shift": N_("review", "Shift (points)"),
    "growth": N_("review", "Growth (%)"),
    "contrib": N_("review", "Contribution (points)"),
    "share_g": N_("review", "Share of growth (%)"),
    "growth_target": N_("review", "Planned growth (%)"),
    "implied_share": N_("review", "Implied structure (%)"),
    "h_structure": N_("review", "Economic structure (current prices)"),
    "h_growth": N_("review", "Growth and contributions (constant {base} prices)"),
    "h_consistency": N_("review", "Is the plan consistent?"),
    "h_income": N_("review", "Income per person"),
    "h_budget": N_("review", "Budget execution"),
    "no_budget": N_("review", "No budget figures."),
    "side": N_("review", "Side"),
    "item": N_("review", "Item"),
    "estimate": N_("review", "Estimate"),
    "done": N_("review", "Actual"),
    "pct": N_("review", "Estimate achieved (%)"),
    "thu": N_("review", "Revenue"),
    "chi": N_("review", "Expenditure"),
    "can_doi": N_("review", "Balance"),
    "can_doi_side": N_("review", "Revenue – expenditure"),  # the balance's side: what the row is
    "income_line": N_(
        "review", "Income per person {value} (total income {income}, average population {people}), plan {target}."
    ),
    "consistent": N_(
        "review",
        "With {year} weights the sector growth targets imply total growth of {low}–{high}% (midpoint "
        "{mid}%), against the plan's total of {plan}%.",
    ),
    "name": N_("review", "Indicator"),
    "year_plan": N_("review", "Year plan"),
    "ytd": N_("review", "Actual"),
    "same": N_("review", "Same period last year"),
    "vs": N_("review", "Change on last year"),
    "pct_year": N_("review", "Year plan achieved (%)"),
    "expected": N_("review", "Expected by now"),
    "projected": N_("review", "Projected year"),
    "track": N_("review", "Progress"),
    "h_progress": N_("review", "Progress of the targets"),
    "h_movements": N_("review", "The emulation movements"),
    "movements_note": N_(
        "review",
        "Each movement is counted on the plan's targets that measure it; what the movement achieved beyond "
        "them is for the office to write.",
    ),
    "track_line": N_("review", "{total} targets: {counts}"),
    "track_note": N_(
        "review",
        "Targets that accumulate over the year (production, output, budget) show the share of the year plan "
        "reached so far, and their pace is judged against last year's: expected by now = year plan × (last "
        "year's same period / last year), projected = actual × (last year / last year's same period); or "
        "against the share of the year the plan expects by now. Rates and yes/no targets already at their "
        "plan have reached it; the others are judged at the year's end.",
    ),
    "rank": N_("review", "Rank"),
    "score": N_("review", "Score"),
    "content": N_("review", "Content points"),
    "bonus": N_("review", "Bonus"),
    "deduction": N_("review", "Deduction"),
    "adjustment": N_("review", "Points added (+) or deducted (-)"),
    "previous": N_("review", "Last year's rank"),
    "change": N_("review", "Change"),
    "h_ranking": N_("review", "Ranking"),
    "how": N_("review", "How the score is computed"),
    "reason": N_("review", "Reason"),
    "no_subunits": N_("review", "No sub-unit figures to rank."),
    "method": N_(
        "review",
        "Each target scores by its status: exceeded {exceeded}, met {met}, not met {not_met}, no data "
        "{no_data}; each group's mean is weighted ({weights}) and scaled to {scale} points; bonuses "
        "(at most {bonus_max}) and deductions are added from the table. Only targets that at least "
        "one unit reported count. Source: {title}.",
    ),
    "sample_scoring": N_("review", "Sample scoring table – not adopted by any council."),
    "report_link": N_("review", "the report, Word"),
    "pdf_link": N_("review", "the report, PDF for printing"),
    "proposal_link": N_("review", "the council's proposal for commendation, Word"),
    "nav_index": N_("review", "← All pages"),
    "nav_report": N_("review", "Report (Word)"),
    "nav_pdf": N_("review", "Report (PDF)"),
    "csv_link": N_("review", "the results table, CSV"),
    "xlsx_link": N_("review", "the results table, Excel"),
}


@cache
def labels(lang: str) -> dict[str, str]:
    """The review's words in ``lang`` (``vi`` or ``en``), by their key in ``LABELS``."""
    return translated("review", LABELS, lang)
