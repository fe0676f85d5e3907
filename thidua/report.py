"""HTML pieces of a review, for notebooks to display and nbconvert to keep.

Every string that comes from an input file (names, units, notes, file names) is escaped here, at
the source. Each function returns ``Html``, a string that Jupyter shows as HTML.
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Iterable

import pandas as pd
from matplotlib.figure import Figure

from thidua import charts
from thidua.achievement import STATUS_LABELS
from thidua.formatting import TABLE_HEADERS, achievement_table, fmt_number
from thidua.plan import GROUPS
from thidua.review import Review
from thidua.sentences import sentences
from thidua.summary import count_statuses, shortfall, statements, summary_sentence

_T = {
    "vi": {
        "plan": "Kế hoạch số", "of": "ngày", "unit": "Đơn vị", "period": "Kỳ báo cáo", "source": "Nguồn số liệu",
        "sample": "SỐ LIỆU MẪU – minh họa, không phải số liệu chính thức", "official": "số liệu chính thức",
        "group": "Nhóm", "total": "Tổng", "missed": "Chỉ tiêu không đạt", "short": "Còn thiếu",
        "none_missed": "Không có chỉ tiêu nào không đạt.", "warnings": "Lưu ý về số liệu", "sheet": "sheet",
        "year": "năm", "months": "tháng",
        "summary": "Tóm tắt", "table": "Kết quả thực hiện các chỉ tiêu", "charts": "Tiến độ theo nhóm chỉ tiêu",
        "said": "Đánh giá", "annual_review": "Tổng kết thực hiện chỉ tiêu", "economic_structure": "Cơ cấu kinh tế",
        "midyear_review": "Sơ kết thực hiện chỉ tiêu", "ranking": "Xếp hạng thi đua",
    },
    "en": {
        "plan": "Plan No.", "of": "of", "unit": "Unit", "period": "Period", "source": "Figures from",
        "sample": "SAMPLE DATA – illustrative, not official statistics", "official": "official figures",
        "group": "Group", "total": "Total", "missed": "Targets not met", "short": "Short by",
        "none_missed": "Every target with data was met.", "warnings": "Notes on the data", "sheet": "sheet",
        "year": "year", "months": "months",
        "summary": "Summary", "table": "Achievement of every target", "charts": "Progress by group",
        "said": "Assessment", "annual_review": "Annual review of targets", "economic_structure": "Economic structure",
        "midyear_review": "Interim review of targets", "ranking": "Emulation ranking",
    },
}  # fmt: skip


class Html(str):
    """A string that Jupyter displays as HTML."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        return str(self)


def esc(value: object) -> str:
    """Escape text from input files for HTML (quotes included, so it is safe in attributes too)."""
    return html.escape("" if value is None else str(value), quote=True)


def section(key: str, lang: str) -> Html:
    """A section heading in the review's language."""
    return Html(f"<h2>{_T[lang][key]}</h2>")


def title(notebook: str, review: Review) -> str:
    """The review's title, e.g. 'Tổng kết thực hiện chỉ tiêu năm 2023'."""
    return f"{_T[review.lang][notebook]} {period_text(review)}"


def figure(fig: Figure, alt: str) -> Html:
    """A chart as an embedded PNG, so the HTML needs no other file and no network."""
    buffer = io.BytesIO()
    # 96 dpi is sharp at phone width; fast zlib costs 3% in size and saves a third of the encoding time.
    fig.savefig(buffer, format="png", dpi=96, pil_kwargs={"compress_level": 1})
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return Html(f'<figure><img class="chart" alt="{esc(alt)}" src="data:image/png;base64,{data}"/></figure>')


def group_charts(review: Review) -> Html:
    """One progress chart per group of targets."""
    names = review.names()
    parts = []
    for group, results in review.results.groupby("group", sort=False):
        label = GROUPS[group][review.lang]
        parts.append(figure(charts.group_chart(results, names, label, review.lang), label))
    return Html("".join(parts))


def period_text(review: Review) -> str:
    """The period as officials name it: 'năm 2023', '6 tháng năm 2023', 'Quý III/2023'."""
    p, t = review.period, _T[review.lang]
    if p.is_year:
        return f"{t['year']} {p.year}"
    if p.first_month == 1:
        return f"{p.months} {t['months']} {p.year}"
    return p.label


def header(review: Review, title: str) -> Html:
    """The top of every review: title, unit, period, plan number and date, source and its status."""
    t, meta = _T[review.lang], review.plan.meta
    date = meta["date"].strftime("%d/%m/%Y")
    source = esc(review.inputs.data.name)
    sheets = review.data.values.get("sheet")
    if sheets is not None and sheets.notna().any():
        source += f" ({t['sheet']} {esc(', '.join(pd.unique(sheets.dropna())))})"
    status = f'<p class="sample-banner">{t["sample"]}</p>' if review.is_sample else f"<span>{t['official']}</span>"
    return Html(
        f'<header class="review-header"><h1>{esc(title)}</h1>'
        f"<p><b>{t['unit']}:</b> {esc(review.unit_name)} · <b>{t['period']}:</b> {period_text(review)}</p>"
        f"<p><b>{t['plan']}</b> {esc(meta['number'])} {t['of']} {date} – {esc(meta['issuer'])}</p>"
        f"<p><b>{t['source']}:</b> {source}</p>{status}</header>"
    )


def summary(review: Review) -> Html:
    """The summary line and the counts by group."""
    results, t = statements(review.results, review.plan.targets), _T[review.lang]
    overall = count_statuses(results, by=["unit"]).iloc[0]
    by_group = count_statuses(results, by=["group"])
    labels = STATUS_LABELS[review.lang]
    head = "".join(f"<th>{labels[s]}</th>" for s in labels)
    rows = "".join(
        f"<tr><td>{esc(GROUPS[g][review.lang])}</td>" + "".join(f"<td>{int(r[s])}</td>" for s in labels)
        + f"<td>{int(r['total'])}</td></tr>"
        for g, r in by_group.iterrows()
    )  # fmt: skip
    total = "".join(f"<td>{int(overall[s])}</td>" for s in labels) + f"<td>{int(overall['total'])}</td>"
    return Html(
        f'<p class="summary-line">{esc(summary_sentence(overall, review.lang, review.is_estimate))}</p>'
        f'<div class="table-wrap"><table class="counts"><thead><tr><th>{t["group"]}</th>{head}<th>{t["total"]}</th>'
        f"</tr></thead><tbody>{rows}<tr class='total'><td>{t['total']}</td>{total}</tr></tbody></table></div>"
    )


def table(frame: pd.DataFrame, status_col: str | None = None, codes: Iterable[str] | None = None) -> Html:
    """A formatted text table as HTML; cells of ``status_col`` get the class of their status code."""
    codes = list(codes) if codes is not None else [None] * len(frame)
    head = "".join(f"<th>{esc(c)}</th>" for c in frame.columns)
    body = []
    for code, (_, row) in zip(codes, frame.iterrows(), strict=True):
        cells = []
        for col, value in row.items():
            klass = f' class="status st-{code}"' if col == status_col and code else ""
            cells.append(f"<td{klass}>{esc(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return Html(
        f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
    )


def achievement(review: Review, group: str | None = None) -> Html:
    """The achievement table: target, actual, last year, % of plan, change and status in colour."""
    results = review.results if group is None else review.results[review.results["group"] == group]
    frame = achievement_table(results, review.plan.targets, review.lang)
    status = TABLE_HEADERS[review.lang][-1]
    frame = frame[[frame.columns[0], status, *frame.columns[1:-1]]]  # status next to the name: seen first on a phone
    return table(frame, status, results["status"].astype(str))


def missed(review: Review) -> Html:
    """The targets not met, and by how much (in the units of what each target compares)."""
    t = _T[review.lang]
    results = review.results
    gap = shortfall(results)
    rows = results[results["status"] == "not_met"]
    if rows.empty:
        return Html(f"<p>{t['none_missed']}</p>")
    names = review.names()
    items = []
    for idx, row in rows.iterrows():
        unit = "điểm %" if review.lang == "vi" else "points"
        if row["kind"] not in ("growth", "reduction_points", "share") and row["unit_of_measure"] != "%":
            unit = row["unit_of_measure"]
        amount = fmt_number(gap[idx], review.lang, 2) if not math.isnan(gap[idx]) else "–"
        items.append(f"<li><b>{esc(names[row['indicator_id']])}</b>: {t['short']} {amount} {esc(unit)}</li>")
    return Html(f"<h3>{t['missed']}</h3><ul class='missed'>{''.join(items)}</ul>")


def official_sentences(review: Review) -> Html:
    """One sentence per target, in the officials' style."""
    said = sentences(review.results, review.plan.targets, review.wording)
    return Html("<ul class='sentences'>" + "".join(f"<li>{esc(s)}</li>" for s in said) + "</ul>")


def warnings(review: Review) -> Html:
    """Validation warnings, shown in the report rather than hidden."""
    if not review.problems:
        return Html("")
    t = _T[review.lang]
    items = "".join(f"<li>{esc(p.where)}, {esc(p.field)}: {esc(p.message)}</li>" for p in review.problems)
    head = f"<summary>{t['warnings']} ({len(review.problems)})</summary>"
    return Html(f"<details class='warnings'>{head}<ul>{items}</ul></details>")


def page(title: str, body: str, lang: str = "vi") -> str:
    """A small standalone page (index pages): no script, no request to any other host, phone-sized."""
    return (
        f'<!DOCTYPE html><html lang="{esc(lang)}"><head><meta charset="utf-8"/>'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{esc(title)}</title><style>body{{font-family:'DejaVu Sans',Arial,sans-serif;max-width:40rem;"
        "margin:auto;padding:0 .75rem}.sample-banner{background:#fff3cd;border:2px solid #b8860b;padding:.4rem;"
        f"font-weight:bold}}</style></head><body>{body}</body></html>"
    )
