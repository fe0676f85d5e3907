"""The proposal for commendation (tờ trình đề nghị khen thưởng) the council files, with its list (danh sách).

In the format of the Word report (Nghị định 30/2020, the bundled template): the council (Hội đồng Thi đua –
Khen thưởng) of the unit to its Chairman, citing the plan, with each title's candidates as thidua found them
from the roster (``Review.commendation``). What the council decides — whom it proposes, within a cap, after
judging the criteria only it can judge — is a highlighted gap in the list and the text: thidua never proposes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from docxtpl import DocxTemplate, RichText

from thidua.reports import decree30 as d
from thidua.reports.formatting import fmt_number
from thidua.reports.i18n import N_, translated
from thidua.reports.office_template import Sandbox, rendering
from thidua.reports.sentences import gap
from thidua.reports.word_report import (
    Body,
    Filing,
    commendation_lines,
    keep_with_next,
    opening_documents,
    place_date,
    place_of,
    reward_sentences,
)
from thidua.reports.word_template import TEMPLATE, text

if TYPE_CHECKING:
    from thidua.review.commendation import Commendation
    from thidua.review.review import Review

_T: dict[str, str] = {  # key → message (context "proposal")
    "body_above": N_("proposal", "PEOPLE'S COMMITTEE OF {unit}"),
    "council": N_("proposal", "EMULATION AND COMMENDATION COUNCIL"),
    "number": N_("proposal", "{number}/TTr-HĐTĐKT"),
    "doc_type": N_("proposal", "PROPOSAL"),
    "subject": N_("proposal", "On the emulation titles of {year}"),
    "to": N_("proposal", "To: the Chairman of the People's Committee of {unit}."),
    "opening": N_(
        "proposal",
        "Under {documents}; on the year's results and the registrations for emulation, the"
        " council proposes to the Chairman to recognise the emulation titles of {year} as"
        " follows:",
    ),
    "found": N_("proposal", "What the roster shows, title by title"),
    "proposed": N_("proposal", "The council's proposal"),
    "proposed_gap": N_(
        "proposal",
        "the titles and the collectives and individuals the council proposes, after it"
        " judged the criteria only it can judge and chose within each cap",
    ),
    "closing": N_("proposal", "The council submits this for the Chairman's consideration and decision./."),
    "authority": N_("proposal", "FOR THE COUNCIL"),
    "signer": N_("proposal", "the signatory's position and full name"),
    "filed": N_("proposal", "Filed: VT, HĐTĐKT."),
    "to_chair": N_("proposal", "The Chairman of the People's Committee (for decision);"),
    "list": N_("proposal", "LIST OF THOSE PROPOSED FOR THE EMULATION TITLES OF {year}"),
    "attached": N_("proposal", "(Attached to Proposal No. {number} of the Emulation and Commendation Council)"),
    "no": N_("proposal", "No."),
    "name": N_("proposal", "Name"),
    "office": N_("proposal", "Office"),
    "title_col": N_("proposal", "Title"),
    "found_col": N_("proposal", "What the roster shows"),
    "council_col": N_("proposal", "Proposed by the council"),
    "amount_col": N_("proposal", "Reward, đồng"),
    "council_gap": N_("proposal", "yes / no"),
    "sample": N_("proposal", "SAMPLE DATA – the roster is made up, not the office's people"),
    "within": N_("proposal", "meets the criteria checked"),
    "eligible": N_("proposal", "meets every criterion"),
    "above_cap": N_("proposal", "meets the criteria, above the cap: the council chooses"),
}


def _words(lang: str) -> dict[str, str]:
    return translated("proposal", _T, lang)


def candidates(found: Commendation, lang: str, day: dt.date | None = None) -> pd.DataFrame:
    """The list: each candidate within a title's criteria, what the roster shows, the reward, a gap for the council."""
    t = _words(lang)
    amounts = found.rewards(day).table.set_index("title")["amount"]
    people = found.people
    rows = found.results[found.results["status"].isin(["eligible", "to_confirm", "above_cap"])]
    names = {x["id"]: x["name"] for x in found.titles}
    shown = rows["status"].map({"eligible": t["eligible"], "to_confirm": t["within"], "above_cap": t["above_cap"]})
    return pd.DataFrame(
        {
            t["no"]: [str(i) for i in range(1, len(rows) + 1)],
            t["name"]: rows["id"].map(people["name"]).tolist(),
            t["office"]: rows["id"].map(people["collective"].map(people["name"])).fillna("").tolist(),
            t["title_col"]: rows["title"].map(names).tolist(),
            t["found_col"]: shown.tolist(),
            t["amount_col"]: [
                fmt_number(v, lang, 0) if pd.notna(v) else "–" for v in rows["title"].map(names).map(amounts)
            ],
            t["council_col"]: [gap(t["council_gap"], lang)] * len(rows),
        }
    )


def write_proposal(review: Review, out: Path, filing: Filing | None = None) -> Path:
    """Write the proposal for commendation of ``review``'s year to ``out`` (.docx); the review must have a roster."""
    found = review.commendation
    if found is None:
        raise ValueError("the review has no roster: no commendation to propose")
    filing, t, lang, plan = filing or Filing(), _words(review.lang), review.lang, review.plan
    unit, year = str(plan.meta["unit_name"]), review.period.year
    doc = DocxTemplate(str(TEMPLATE))
    body, appendix = Body(doc.new_subdoc(), lang), Body(doc.new_subdoc(), lang)
    if found.is_sample:
        body.banner(t["sample"])
    body.para(t["to"].format(unit=unit))
    body.para(t["opening"].format(documents=opening_documents(plan, lang), year=year))
    body.section(t["found"])
    for line in commendation_lines(found, lang):
        body.point(line)
    body.point(" ".join(reward_sentences(found.rewards(filing.date), lang, estimate=filing.date is None)))
    body.section(t["proposed"])
    body.placeholder(t["proposed_gap"])
    body.para(t["closing"])
    keep_with_next(text(appendix.doc, t["list"].format(year=year), d.APPENDIX_TITLE_PT, bold=True))
    number = t["number"].format(number=filing.number or "…")
    keep_with_next(text(appendix.doc, t["attached"].format(number=number), d.BODY_PT, italic=True, after=6))
    if found.is_sample:
        appendix.banner(t["sample"])
    appendix.table(candidates(found, lang, filing.date), [12, 48, 44, 44, 42, 30, 32])
    signer = RichText(filing.signer or gap(t["signer"], lang), bold=True, **({} if filing.signer else
                      {"highlight": "FFFF00"}))  # fmt: skip
    recipients = [t["to_chair"], t["filed"]]
    context = {
        "co_quan_cap_tren": t["body_above"].format(unit=unit.upper()),
        "co_quan": [t["council"]],
        "so_ky_hieu": t["number"].format(number=filing.number or "      "),
        "dia_danh_ngay": place_date(place_of(review), filing.date, year, lang),
        "ten_loai": t["doc_type"],
        "trich_yeu": t["subject"].format(year=year),
        "noi_dung": body.doc,
        "noi_nhan": recipients,
        "noi_nhan_rt": [RichText(r) for r in recipients],
        "tham_quyen": t["authority"],
        "chuc_vu": "",  # who signs for the council is the office's: the signer's gap asks for position and name
        "nguoi_ky": signer,
        "phu_luc": appendix.doc,
    }
    with rendering(None):
        doc.render(context, Sandbox(), autoescape=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out
