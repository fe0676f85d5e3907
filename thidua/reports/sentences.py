"""Sentences in the officials' style, one per target (or clause), from the achievement results.

"Thu ngân sách xã: 7,12 tỷ đồng, đạt 104,2% so với dự toán, tăng 12,3% so với năm 2022 (dự toán
6,83 tỷ đồng), vượt dự toán." The order and the words follow docs/style-guide.md; nothing is
invented beyond the figures. Year-end reviews end on a verdict, interim reviews on progress.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

import pandas as pd

from thidua.engine.interim import clause_progress
from thidua.engine.summary import every_part, shortfall
from thidua.inputs.languages import check_lang, name_column
from thidua.inputs.periods import Period, parse_period
from thidua.inputs.plan import Plan
from thidua.reports.formatting import (
    change_decimals,
    fmt_amount,
    fmt_number,
    fmt_target,
    in_percent,
    is_published,
    measure_of,
    pct_text,
    plan_decimals,
    shown_decimals,
    written,
)  # fmt: skip
from thidua.reports.i18n import N_, unit, words
from thidua.reports.labels import SET_BY_NAMES, plan_no, progress_labels, reason_labels

if TYPE_CHECKING:
    from thidua.review.review import Review

_VERDICTS = {
    False: {"exceeded": N_("verdict", "exceeded"), "met": N_("verdict", "met"), "not_met": N_("verdict", "not met")},
    True: {
        "exceeded": N_("budget verdict", "exceeded"), "met": N_("budget verdict", "met"),
        "not_met": N_("budget verdict", "not met"),
    },
}  # fmt: skip


@dataclass(frozen=True)
class Wording:
    """How a review speaks: its language, the reviewed period, which figures are estimates, which targets the budget."""

    lang: str = "vi"
    period: str | Period = "2023"
    estimated: frozenset[str] = field(default_factory=frozenset)  # indicators whose figure is an estimate (ước)
    budget_ids: frozenset[str] = field(default_factory=frozenset)
    # The report an office files and signs (docs/style-guide.md §10): counts under 10 with a leading 0, a
    # missing figure as a gap to fill, a clause of counts as offices write it, no "bằng năm 2022" after a
    # figure that is its plan, and "đã đạt" with the recognising decision where the plan says one recognises it.
    filed: bool = False

    def __post_init__(self) -> None:
        """Check the language and read the period."""
        check_lang(self.lang)
        if isinstance(self.period, str):
            object.__setattr__(self, "period", parse_period(self.period))

    @property
    def last(self) -> Period:
        """The same period a year earlier, against which changes are reported."""
        return self.period.same_period_last_year()  # type: ignore[union-attr]


def wording(review: Review) -> Wording:
    """How ``review``'s sentences speak: its language, period, estimated figures and the budget's targets."""
    estimated = frozenset(review.results.loc[review.results["estimate"], "indicator_id"].astype(str))
    return Wording(review.lang, review.period, estimated, review.budget_ids)


def gap(what: str, lang: str) -> str:
    """A gap a person must fill before a report is filed: '[Cần bổ sung: số liệu năm 2023]'."""
    return words(lang).gettext("[To be written: {what}]").format(what=what)


def count_text(n: int, lang: str, filed: bool = False) -> str:
    """A count of things as a report prints it; a filed report writes counts under 10 with a 0 ('03 chỉ tiêu')."""
    return f"{n:02d}" if filed and 0 < n < 10 else fmt_number(n, lang, 0)


def period_name(period: Period, lang: str) -> str:
    """A period as officials name it: 'năm 2022', '6 tháng năm 2022', '9 tháng năm 2022', 'Quý III/2022'."""
    _ = words(lang).gettext
    if period.is_year:
        return _("{year}").format(year=period.year)
    if period.first_month == 1:
        return _("the first {months} months of {year}").format(months=period.months, year=period.year)
    if period.months == 3:
        return _("Q{quarter} {year}").format(quarter=period.last_month // 3, year=period.year)
    return _("the second half of {year}").format(year=period.year)


def heading(plan: Plan, unit: str, period: str, lang: str) -> str:
    """A table's heading naming the plan as it is and the unit as people say it.

    'Kế hoạch số 71/KH-UBND – xã Phổ Thuận – năm 2023', 'Nghị quyết số 11/NQ-HĐND – tỉnh Phú Thọ – năm 2023'.
    """
    name = plan.meta["unit_name"] if unit == plan.meta["unit_id"] else unit
    document = f"{plan_no(plan.kind, lang)} {plan.meta['number']}"
    return f"{document} – {name} – {period_name(parse_period(period), lang)}"


def _rows(results: pd.DataFrame, targets: pd.DataFrame, lang: str) -> pd.DataFrame:
    columns = ["indicator_id", "set_by", name_column(lang), "part_of", "tolerance", "recognition"]
    info = targets[[c for c in columns if c in targets.columns]].rename(columns={name_column(lang): "name"})
    rows = results.drop(columns="name", errors="ignore").merge(info, on=["indicator_id", "set_by"], how="left")
    rows["statement"] = rows["part_of"].fillna(rows["indicator_id"])
    return rows


def _change(row: pd.Series, w: Wording, estimate: bool = False) -> str:
    """'tăng 12,3% so với năm 2022', 'giảm 0,15 điểm % …', 'giảm 2 vụ …', 'bằng năm 2022'; empty without data.

    A published change keeps its decimals ('giảm 9,28%'); with ``estimate`` it says so ('ước tăng 7,61% …').
    """
    _ = words(w.lang).gettext
    measure = measure_of(row)
    percent = in_percent(row)
    amount = row["change_vs_baseline"] if percent else row["change_points"]
    if amount is None or math.isnan(amount) or measure == "yes_no":
        return ""
    when = period_name(w.last, w.lang)
    if abs(amount) < 1e-9 and w.filed and _is_its_plan(row):
        return ""  # '100%, bằng năm 2022 (kế hoạch 100%)': the plan says it all
    if abs(amount) < 1e-9:
        same = _("estimated the same as {period}") if estimate else _("the same as {period}")
        return same.format(period=when)
    if measure == "count" and not percent:
        figure = fmt_amount(abs(amount), row, w.lang)
        if w.filed:
            named = unit(row["unit_of_measure"], w.lang, abs(amount))
            figure = f"{count_text(round(abs(amount)), w.lang, filed=True)} {named}"
    else:
        figure = fmt_number(abs(amount), w.lang, change_decimals(row), trim=not is_published(row))
        figure = figure + "%" if percent else _("{n} points").format(n=figure)
    messages = {
        (False, True): _("up {amount} on {period}"), (False, False): _("down {amount} on {period}"),
        (True, True): _("an estimated rise of {amount} on {period}"),
        (True, False): _("an estimated fall of {amount} on {period}"),
    }  # fmt: skip
    return messages[estimate, amount > 0].format(amount=figure, period=when)


def _is_its_plan(row: pd.Series) -> bool:
    """The figure is exactly the plan's value (100% against a plan of 100%, or of at least 100%)."""
    bounds = [b for b in (row["target_low"], row["target_high"]) if not math.isnan(b)]
    return bool(bounds) and all(b == row["actual"] for b in bounds)


def _level_name(row: pd.Series, lang: str) -> str:
    return words(lang).pgettext("level", SET_BY_NAMES[row["set_by"]])


def _of_plan(rows: pd.DataFrame, w: Wording, budget: bool, interim: bool, estimate: bool) -> str:
    """'đạt 101,2% kế hoạch', 'đạt 104,2% so với dự toán', or per level for two targets; empty for rates."""
    _ = words(w.lang).gettext
    have = rows[rows["pct_of_plan"].notna() & rows.apply(measure_of, axis=1).ne("rate")]
    if have.empty:
        return ""
    pcts = [pct_text(r, w.lang) for _i, r in have.iterrows()]
    if len(have) > 1:
        levels = [_level_name(r, w.lang) for _i, r in have.iterrows()]
        text = _("{first} of the target set by the {level}").format(first=pcts[0], level=levels[0])
        for pct, level in zip(pcts[1:], levels[1:], strict=True):
            text += _(", {pct} of the target set by the {level}").format(pct=pct, level=level)
    else:
        key = {
            (True, True): _("{pct} of the year's budget estimate"), (False, True): _("{pct} of the year's plan"),
            (True, False): _("{pct} of the budget estimate"), (False, False): _("{pct} of plan"),
        }[budget, interim]  # fmt: skip
        text = key.format(pct=pcts[0])
    return _("an estimated {text}").format(text=text) if estimate else _("reached {text}").format(text=text)


def _target_text(rows: pd.DataFrame, w: Wording, budget: bool, interim: bool) -> str:
    """'(kế hoạch 7.119 tấn)', '(dự toán 6,83 tỷ đồng)', '(xã giao 1 tỷ đồng, tỉnh giao 428 triệu đồng)'."""
    _ = words(w.lang).gettext
    if len(rows) > 1:
        parts = [_("{level}: {target}").format(level=_level_name(r, w.lang), target=fmt_target(r, w.lang))
                 for _i, r in rows.iterrows()]  # fmt: skip
        return "(" + ", ".join(parts) + ")"
    key = {
        (True, True): _("year budget estimate {target}"), (False, True): _("year plan {target}"),
        (True, False): _("budget estimate {target}"), (False, False): _("plan {target}"),
    }[budget, interim]  # fmt: skip
    return "(" + key.format(target=fmt_target(rows.iloc[0], w.lang)) + ")"


def _verdict(rows: pd.DataFrame, w: Wording, budget: bool) -> str:
    """'vượt kế hoạch', 'vượt dự toán', or each level's when two targets disagree."""
    t = words(w.lang)
    statuses = rows["status"].astype(str).tolist()
    if len(set(statuses)) == 1:
        return t.pgettext("budget verdict" if budget else "verdict", _VERDICTS[budget][statuses[0]])
    return ", ".join(
        t.gettext("{verdict} ({level})").format(
            verdict=t.pgettext("verdict", _VERDICTS[False][s]), level=_level_name(r, w.lang)
        )
        for s, (_i, r) in zip(statuses, rows.iterrows(), strict=True)
    )


def _no_data(row: pd.Series, w: Wording) -> str:
    """'chưa có số liệu (thiếu số liệu năm 2023)', with the reason the engine noted."""
    _ = words(w.lang).gettext
    reason = {
        "no_actual": _("no figure for {period}").format(period=period_name(w.period, w.lang)),  # type: ignore[arg-type]
        "no_baseline": _("no figure for {period}").format(period=period_name(w.last, w.lang)),
        "baseline_zero": _("{period} was zero").format(period=period_name(w.last, w.lang)),
        "not_comparable": _("not comparable: {period} cannot be added up from the units it was formed from").format(
            period=period_name(w.last, w.lang)
        ),
    }.get(str(row["note"]), "")
    if w.filed and str(row["note"]) == "not_comparable":
        return reason  # nothing a person could fill: last year's figure cannot be formed
    if w.filed:
        return gap(_filed_gap(row, w), w.lang)
    head = words(w.lang).pgettext("status", "no data")
    return f"{head} ({reason})" if reason else head


def _filed_gap(row: pd.Series, w: Wording) -> str:
    """What a filed report asks for where a verdict is missing: the figure of the year, or of last year."""
    _ = words(w.lang).gettext
    missing = w.last if str(row["note"]) in ("no_baseline", "baseline_zero", "not_comparable") else w.period
    return _("the figure for {period}").format(period=period_name(missing, w.lang))  # type: ignore[arg-type]


def _target_sentence(rows: pd.DataFrame, w: Wording, ending: str | None = None) -> str:
    """One target (or one indicator with two levels): actual, % of plan, change, target, verdict."""
    first = rows.iloc[0]
    budget = first["indicator_id"] in w.budget_ids
    _ = words(w.lang).gettext
    actual = fmt_amount(first["actual"], first, w.lang, written(first))
    estimate = first["indicator_id"] in w.estimated
    if first["status"] == "no_data" and ending is None:
        known = "" if math.isnan(first["actual"]) else f"{_('estimated {amount}') if estimate else '{amount}'}, "
        return f"{first['name']}: " + known.format(amount=actual) + _no_data(first, w) + "."
    if measure_of(first) == "yes_no":
        done = _("done") if first["actual"] >= 1 else _("not yet")
        if w.filed and first["actual"] >= 1 and first.get("recognition", False) in (True, 1):
            done = _("{done} (recognised by {decision})").format(
                done=done, decision=gap(_("the number and date of the recognising decision"), w.lang)
            )
        return f"{first['name']}: {done}, {ending or _verdict(rows, w, budget)}."
    if estimate:
        actual = _("estimated {amount}").format(amount=actual)
    level = not math.isnan(first["actual"])  # a published rate has no level: the sentence starts with the change
    change = _change(first, w, estimate=estimate and not level)
    parts = [actual if level else "", _of_plan(rows, w, budget, ending is not None, estimate), change]
    body = ", ".join(p for p in parts if p)
    return f"{first['name']}: {body} {_target_text(rows, w, budget, ending is not None)}, " + (
        f"{ending or _verdict(rows, w, budget)}."
    )


def _part_text(row: pd.Series, w: Wording) -> str:
    """One part of a clause: 'số vụ giảm 2 vụ (3 vụ)', 'số người chết chưa có số liệu'.

    An estimated part's figure says so: 'số người bị thương tăng 1 người (ước thực hiện 5 người)'.
    """
    _ = words(w.lang).gettext
    label = _part_label(row["name"])
    if row["status"] == "no_data":
        return f"{label} {words(w.lang).pgettext('status', 'no data')}"
    amount = row["change_points"]
    actual, actual_number = fmt_amount(row["actual"], row, w.lang, written(row)), fmt_number(row["actual"], w.lang, 0)
    if row["indicator_id"] in w.estimated:
        actual, actual_number = (_("estimated {amount}").format(amount=a) for a in (actual, actual_number))
    figures = {  # English names the unit once, in the part: 'cases down 2 (3)'
        "part": label, "actual": actual, "amount": fmt_amount(abs(amount), row, w.lang),
        "actual_number": actual_number, "number": fmt_number(abs(amount), w.lang, 0),
    }  # fmt: skip
    if abs(amount) < 1e-9:
        return _("{part} unchanged ({actual})").format(**figures)
    key = _("{part} up {amount} ({actual})") if amount > 0 else _("{part} down {amount} ({actual})")
    return key.format(**figures)


def _part_label(name: str) -> str:
    return name.split(" – ", 1)[1] if " – " in name else name


def _clause_sentence(rows: pd.DataFrame, verdict: str, w: Wording) -> str:
    """A clause whose parts must all fall: one sentence and one verdict (or, in an interim review, its progress)."""
    _ = words(w.lang).gettext
    if w.filed and rows["status"].ne("no_data").all():
        return _filed_clause(rows, verdict, w)
    name = str(rows.iloc[0]["name"]).split(" – ", 1)[0]
    parts = ", ".join(_part_text(r, w) for _i, r in rows.iterrows())
    head = _("{clause} compared with {period}").format(clause=name, period=period_name(w.last, w.lang))
    plan = _("plan: all {n} lower").format(n=len(rows))
    return f"{head}: {parts}; {plan}, {verdict}."


def _filed_clause(rows: pd.DataFrame, verdict: str, w: Wording) -> str:
    """A clause of counts as offices write it, its figures first, then their changes.

    'Tai nạn giao thông: 03 vụ, 01 người chết, 05 người bị thương; so với năm 2022 giảm 02 vụ, giảm 01
    người chết, tăng 01 người bị thương (kế hoạch giảm cả 3 tiêu chí), không đạt kế hoạch.'
    """
    _ = words(w.lang).gettext
    name = str(rows.iloc[0]["name"]).split(" – ", 1)[0]
    figures, changes = [], []
    for _i, row in rows.iterrows():
        what = _counted(row, w.lang)
        figures.append(what.format(n=count_text(int(row["actual"]), w.lang, filed=True)))
        amount = row["change_points"]
        moved = what.format(n=count_text(int(abs(amount)), w.lang, filed=True))
        changes.append(
            _("unchanged {what}").format(what=what.format(n="").strip())
            if abs(amount) < 1e-9
            else (_("up {target}") if amount > 0 else _("down {target}")).format(target=moved)
        )
    said = ", ".join(figures)
    if rows["indicator_id"].isin(w.estimated).any():
        said = _("estimated {amount}").format(amount=said)
    compared = _("compared with {period}: {changes}").format(
        period=period_name(w.last, w.lang), changes=", ".join(changes)
    )
    plan = _("plan: all {n} lower").format(n=len(rows))
    return f"{name}: {said}; {compared} ({plan}), {verdict}."


def _counted(row: pd.Series, lang: str) -> str:
    """A part's figure with what it counts: 'số người chết' in người → '{n} người chết'; 'số vụ' in vụ → '{n} vụ'."""
    label = _part_label(str(row["name"]))
    what = re.sub(r"^(số|number of)\s+", "", label, flags=re.IGNORECASE)
    unit_word = unit(str(row["unit_of_measure"]), lang)
    if what.lower().startswith(unit_word.lower()):
        return "{n} " + what
    return what + " {n} " + unit_word


def _clause_verdict(status: str, lang: str) -> str:
    """A clause's year-end verdict: 'đạt kế hoạch', 'không đạt kế hoạch', or 'chưa có số liệu'."""
    if status == "no_data":
        return words(lang).pgettext("status", "no data")
    return words(lang).pgettext("verdict", _VERDICTS[False][status])


def sentences(results: pd.DataFrame, targets: pd.DataFrame, wording: Wording) -> list[str]:
    """A sentence per target of one unit and period, in plan order; a clause and a two-level target get one."""
    rows = _rows(results, targets, wording.lang)
    clauses = every_part(results, targets).set_index("part_of")["status"].astype(str)
    return [
        _clause_sentence(group, _clause_verdict(clauses[key], wording.lang), wording)
        if key in clauses.index
        else _target_sentence(group, wording)
        for key, group in rows.groupby("statement", sort=False)
    ]


def interim_sentences(
    results: pd.DataFrame, progress: pd.DataFrame, targets: pd.DataFrame, wording: Wording
) -> list[str]:
    """Interim (6 or 9 months) sentences: % of the year's plan and where each target stands, never a verdict.

    ``progress`` is row-aligned with ``results``, as ``thidua.engine.interim.progress`` returns it.
    """
    progress = progress.reset_index(drop=True)
    frame = results.reset_index(drop=True).assign(pct_of_plan=progress["pct_of_year_plan"].to_numpy(dtype=float))
    rows = _rows(frame, targets, wording.lang)
    stands = clause_progress(progress["progress"], rows["statement"])
    said = []
    for key, group in rows.groupby("statement", sort=False):
        ending = progress_word(stands[key], str(progress["reason"][group.index[0]]), wording)
        if group["part_of"].notna().all():
            said.append(_clause_sentence(group, ending, wording))
        elif stands[key] == "no_data":
            said.append(_target_sentence(group.assign(status="no_data"), wording))
        else:
            said.append(_target_sentence(group, wording, ending=ending))
    return said


def progress_word(code: str, reason: str, w: Wording) -> str:
    """Where a target stands, in words: 'đúng tiến độ', 'chưa đánh giá được tiến độ (đánh giá vào cuối năm)'."""
    word = progress_labels(w.lang)[code]
    if code != "not_judged" or not reason:
        return word
    why = reason_labels(w.lang)[reason].format(year=w.last.year, period=period_name(w.last, w.lang))
    return why if reason == "year_end" else f"{word} ({why})"


def missed(results: pd.DataFrame, targets: pd.DataFrame, wording: Wording) -> list[str]:
    """A line per target not met, and how far it is from the plan (docs/style-guide.md §9).

    'Giá trị sản xuất nông nghiệp: tăng 4%, thấp hơn kế hoạch 1 điểm %'; 'cao hơn' for a value above
    its plan; the budget against 'dự toán'.
    """
    rows = _rows(results, targets, wording.lang)
    gaps = shortfall(rows)
    return [_missed_line(row, gaps[i], wording) for i, row in rows[rows["status"].eq("not_met")].iterrows()]


def _missed_line(row: pd.Series, gap: float, w: Wording) -> str:
    """One target not met: what was reached, then how far it is from the plan as the plan wrote it."""
    _ = words(w.lang).gettext
    kind, name = row["kind"], row["name"]
    if kind == "yes_no":
        return f"{name}: {_('not yet')}"
    if kind == "decrease":
        return f"{name}: {_change(row, w)} (" + _("plan {target}").format(target=fmt_target(row, w.lang)) + ")"
    x, high, tolerance = row["compared"], row["target_high"], row["tolerance"]
    if kind == "share" and not math.isnan(tolerance):
        high, gap = row["target"], abs(x - row["target"])  # judged within a tolerance: against the share as planned
    above = not math.isnan(high) and x > high
    budget = row["indicator_id"] in w.budget_ids
    key = {
        (True, True): _("{amount} above the budget estimate"), (True, False): _("{amount} above plan"),
        (False, True): _("{amount} below the budget estimate"), (False, False): _("{amount} below plan"),
    }[above, budget]  # fmt: skip
    reached = _reached(row, w)
    if abs(gap) < 1e-9:  # on the bound of a 'below' target: nothing to print but the plan
        return f"{name}: {reached} (" + _("plan {target}").format(target=fmt_target(row, w.lang)) + ")"
    return f"{name}: {reached}, " + key.format(amount=_gap_text(abs(gap), row, w.lang))


def _reached(row: pd.Series, w: Wording) -> str:
    """The value judged: the growth ('tăng 4%') or the fall in points ('giảm 0,15 điểm %'), else the figure."""
    _ = words(w.lang).gettext
    kind, x = row["kind"], row["compared"]
    if kind not in ("growth", "reduction_points"):
        return fmt_amount(row["actual"], row, w.lang, written(row))
    change = x if kind == "growth" else -x  # a reduction compares the fall: a positive fall is 'giảm'
    if abs(change) < 1e-9:
        return _("the same as {period}").format(period=period_name(w.last, w.lang))
    figure = fmt_number(abs(change), w.lang, _judged_places(row), trim=not is_published(row))
    figure = figure + "%" if kind == "growth" else _("{n} points").format(n=figure)
    return (_("up {target}") if change > 0 else _("down {target}")).format(target=figure)


def _gap_text(gap: float, row: pd.Series, lang: str) -> str:
    """The distance from the plan: points for growth, reductions, rates and shares, else in the target's unit.

    Points carry the decimals of the figure they are measured from (0,15 against 0,2 is 0,05 short).
    """
    if row["kind"] in ("growth", "reduction_points") or measure_of(row) == "rate":
        number = fmt_number(gap, lang, shown_decimals(gap, _judged_places(row), [0.0]), trim=True)
        return words(lang).ngettext("{n} point", "{n} points", 1 if number == "1" else 2).format(n=number)
    return fmt_amount(gap, row, lang)


def _judged_places(row: pd.Series) -> int:
    """Decimals of the value a missed target is judged on, and so of its distance from the plan.

    A published growth or fall keeps its decimals (-9,28); a computed growth has 1 decimal, more near a
    bound; a fall in points or a rate is a difference of figures as entered, so it keeps their decimals
    (3,12 − 2,97 is 0,15, not 0,1).
    """
    if is_published(row) and row["kind"] in ("growth", "reduction_points"):
        return max(plan_decimals(row), change_decimals(row))
    if row["kind"] == "growth":
        return change_decimals(row)
    judged = row["compared"] if row["kind"] == "reduction_points" else row["actual"]
    return max(plan_decimals(row), _places(judged))


def _places(value: float) -> int:
    """The decimals a figure prints with, as entered (at most 2): 6,5 → 1, 2,97 → 2, 100 → 0."""
    return max(0, -Decimal(repr(round(float(value), 2))).normalize().as_tuple().exponent)  # type: ignore[operator]


def summary_sentence(
    counts: pd.Series, lang: str = "vi", estimate: bool = False, filed: bool = False,
    names: dict[str, list[str]] | None = None,
) -> str:  # fmt: skip
    """The summary line as offices count: met including exceeded, 'trong đó' the exceeded, then the rest.

    '29/33 chỉ tiêu đạt và vượt kế hoạch (trong đó 8 chỉ tiêu vượt), 3 chỉ tiêu không đạt, 1 chỉ tiêu
    chưa có số liệu'; a zero count is left out. A ``filed`` report writes '08', names the targets of
    ``names['not_met']`` ('03 chỉ tiêu không đạt (giá trị sản xuất nông nghiệp, …)') and asks for the
    results of those of ``names['no_data']``.
    """
    t, names = words(lang), names or {}
    exceeded, not_met, no_data, total = (int(counts[k]) for k in ("exceeded", "not_met", "no_data", "total"))
    good = exceeded + int(counts["met"])
    line = t.ngettext(
        "{good} of {total} target met or exceeded", "{good} of {total} targets met or exceeded", total
    ).format(good=good, total=total)
    if exceeded:
        line += t.gettext(" ({n} of them exceeded)").format(n=count_text(exceeded, lang, filed))
    if not_met:
        line += t.gettext(", {n} not met").format(n=count_text(not_met, lang, filed))
        if filed and names.get("not_met"):
            line += f" ({', '.join(_lower_first(n) for n in names['not_met'])})"
    if no_data and filed:
        what = t.gettext("the results of {n} targets with no data: {names}").format(
            n=count_text(no_data, lang, filed), names=", ".join(_lower_first(n) for n in names.get("no_data", []))
        )
        line += ", " + gap(what, lang)
    elif no_data:
        line += t.gettext(", {n} with no data").format(n=no_data)
    return t.gettext("Estimate: {line}").format(line=line) if estimate else line


def statement_names(results: pd.DataFrame, targets: pd.DataFrame, lang: str) -> pd.Series:
    """Each statement's name as the plan counts it (a clause by the name its parts share), by statement id."""
    rows = _rows(results, targets, lang)
    named = rows["name"].astype(str).where(rows["part_of"].isna(), rows["name"].astype(str).str.split(" – ").str[0])
    return named.groupby(rows["statement"], sort=False).first()


def _lower_first(name: str) -> str:
    """A name inside a sentence: 'Giá trị sản xuất' → 'giá trị sản xuất'; 'GRDP' stays."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def movement_lines(
    movements: pd.DataFrame, counts: pd.DataFrame | None, lang: str, estimate: bool = False, filed: bool = False
) -> list[str]:
    """A line per movement: its name as launched, years and clause, and its targets' results as offices count.

    '“Phổ Thuận chung sức xây dựng nông thôn mới” (giai đoạn 2021–2025, mục II.5): 3/3 chỉ tiêu đạt và vượt kế
    hoạch'; a movement no target measures says so, its results being for people to write. Without ``counts``
    (an interim review, which judges nothing) the line names the movement only.
    """
    t = words(lang)
    lines = []
    for row in movements.itertuples(index=False):  # a handful of movements
        details = (
            [t.gettext("{start}–{end}").format(start=row.start, end=row.end)]
            if pd.notna(row.start) and pd.notna(row.end)
            else []
        )
        details.append(t.gettext("clause {clause}").format(clause=row.clause))
        if counts is None:  # an interim report: the movement's name, its results at the year's end
            lines.append(t.gettext("“{name}” ({details})").format(name=row.name, details=", ".join(details)))
            continue
        said = (
            summary_sentence(counts.loc[row.id], lang, estimate, filed=filed)
            if counts.loc[row.id, "total"]
            else t.gettext("no target of the plan measures it")
        )
        lines.append(t.gettext("“{name}” ({details}): {said}").format(name=row.name, details=", ".join(details),
                                                                       said=said))  # fmt: skip
    return lines
