"""The Word report as an office files it, on every real plan of the gallery and in its interim form (issue 20).

Whatever the plan (a commune's emulation plan, a district's or a province's resolution of the People's Council,
a Party congress's term resolution), the report a clerk receives has exactly its gaps in yellow and nothing else,
names no file, leaves no "chưa có số liệu" outside a gap, and its appendix has one row per target as the plan
counts them. The interim report (sơ kết) gives each target with a figure its share of the year's plan.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import PLAN_PATH, ROOT
from docx import Document
from test_word_report import _all_runs, _marked, _run_text, _without_placeholders

from thidua.engine.summary import statements
from thidua.inputs.plan import load_plan
from thidua.reports.word_report import Filing, write_report
from thidua.review.review import Review

GALLERY = ROOT / "data" / "plans" / "gallery"
PRINTED = sorted(GALLERY.glob("*-printed.yaml"))
HOSTILE = ROOT / "tests" / "hostile"
YTD = ROOT / "data" / "sample" / "pho-thuan-6t-2022-2023.csv"


def _review(printed_path: Path) -> Review:
    printed = yaml.safe_load(printed_path.read_text(encoding="utf-8"))
    return Review.load("", plan_path=GALLERY / printed["plan"], data_path=GALLERY / printed["figures"],
                       period=str(printed["period"]))  # fmt: skip


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells]


@pytest.mark.parametrize("printed_path", PRINTED, ids=[p.stem for p in PRINTED])
def test_every_gallery_report_can_be_filed(printed_path, tmp_path):
    review = _review(printed_path)
    out = write_report(review, tmp_path / "bao-cao.docx", Filing(estimate=True), progress=review.interim)
    doc = Document(str(out))
    runs = [r for r in _all_runs(doc) if _run_text(r).strip()]
    assert all(_run_text(r).startswith("[Cần bổ sung") for r in runs if _marked(r))
    assert not [_run_text(r) for r in runs if not _marked(r) and "[Cần bổ sung" in _run_text(r)]
    texts = _texts(doc)
    assert not [t for t in texts if ".csv" in t or ".yaml" in t]
    if not review.is_interim:
        assert not [t for t in texts if "chưa có số liệu" in _without_placeholders(t)]
        counted = statements(review.results, review.plan.targets)
        assert len(doc.tables[-1].rows) == 1 + len(counted)  # the header, then one row per statement


def test_the_interim_report_gives_every_target_with_a_figure_its_share_of_the_year_plan(tmp_path):
    """Each sentence of a flow with a year-to-date figure has '% kế hoạch năm' (or 'dự toán năm'); rates,
    whose share of the year's plan means nothing, give their figure and the year's plan."""
    review = Review.load(ytd_path=YTD, period="2023-6T")
    doc = Document(str(write_report(review, tmp_path / "6t.docx", progress=review.interim)))
    points = [p.text for p in doc.paragraphs if re.match(r"^[a-zđ]\) ", p.text)]
    progress = review.interim.progress.set_index("indicator_id")
    names = review.names()
    parts = set(review.plan.targets.dropna(subset=["part_of"])["indicator_id"])
    for ident, row in progress.iterrows():
        if row["actual"] != row["actual"] or ident in parts:  # no figure, or a part of the traffic clause
            continue
        said = next(p for p in points if p.split(") ", 1)[1].startswith(names[ident] + ":"))
        assert re.search(r"\d", said.split(":", 1)[1]), said
        if row["pct_of_year_plan"] == row["pct_of_year_plan"]:
            assert "% kế hoạch năm" in said or "% dự toán năm" in said, said
    # the counts as offices write them, 0 before those under 10 (the 33 statements: 3 + 5 + 2 + 2 + 21)
    texts = [p.text for p in doc.paragraphs]
    assert (
        "33 chỉ tiêu: 03 đã đạt, 05 đúng tiến độ, 02 chậm tiến độ, 02 chưa đánh giá được tiến độ, 21 chưa có số liệu."
        in texts
    )
    # 4.120 / 7.119 = 57,87% of the year's grain (data/sample/pho-thuan-6t-2022-2023.csv)
    assert any(p.startswith("i) Sản lượng lương thực: 4.120 tấn, đạt 57,9% kế hoạch năm") for p in points)


def test_the_interim_appendix_has_units_and_the_clause_in_one_row(tmp_path):
    review = Review.load(ytd_path=YTD, period="2023-6T")
    doc = Document(str(write_report(review, tmp_path / "6t.docx", progress=review.interim)))
    rows = [[c.text for c in row.cells] for row in doc.tables[-1].rows]
    assert rows[0] == ["STT", "Chỉ tiêu", "ĐVT", "Kế hoạch năm 2023", "Thực hiện 6 tháng năm 2023",
                       "Thực hiện 6 tháng năm 2022", "% kế hoạch năm", "So với 6 tháng năm 2022", "Tiến độ"]  # fmt: skip
    assert len(rows) == 1 + 33
    by_name = {r[1].split("\n")[0]: r for r in rows[1:]}
    # 4.120 tấn against 3.980 in the first half of 2022: +3,5%; 4.120 / 7.119 = 57,9% of the year's plan
    assert by_name["Sản lượng lương thực"][2:] == ["tấn", "7.119", "4.120", "3.980", "57,9", "+3,5%", "đúng tiến độ"]
    # a growth target mid-year gives its levels: 121,5 / 118 = 1,0297 (+3%); the year's plan 250 × 1,05 = 262,5 tỷ
    # (the range's floor over 2022's 250), 121,5 / 262,5 = 46,29% of it
    assert by_name["Giá trị sản xuất nông nghiệp"][2:] == ["tỷ đồng", "tăng 5–7%", "121,5", "118", "46,3", "+3%",
                                                          "chậm tiến độ"]  # fmt: skip
    # cases 3 → 1, deaths 1 → 0, injuries 2 → 3 in the first halves of 2022 and 2023
    assert by_name["Tai nạn giao thông"][4] == "\n1\n0\n3" and by_name["Tai nạn giao thông"][5] == "\n3\n1\n2"


HOSTILE_CASES = [
    ("plan-recipients-newline.yaml",
     "plan, field 'recipients': contains a control character U+000A (a line break, a tab…): write it on one line"),
    ("plan-recipients-not-a-list.yaml",
     "plan, field 'recipients': must be a list of at most 30 lines of text, one document or recipient each"),
    ("plan-implements-too-many.yaml",
     "plan, field 'implements': must be a list of at most 30 lines of text, one document or recipient each"),
    ("plan-recognition-not-yes-no.yaml",
     "indicator 'san_luong_luong_thuc', field 'recognition': only a yes_no target is recognised by a decision"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "place"), HOSTILE_CASES, ids=[c[0] for c in HOSTILE_CASES])
def test_hostile_report_fields_are_refused_by_field(name, place):
    from thidua.errors import InputError

    with pytest.raises(InputError) as refused:
        load_plan(HOSTILE / name)
    assert str(refused.value) == f"{HOSTILE / name}, {place}"


def test_plan_71_cites_what_its_source_says():
    """Each document plan 71 carries out and each recipient is copied from its source text, word for word."""
    plan = load_plan(PLAN_PATH)
    source = (PLAN_PATH.parent.parent / str(plan.meta["source"])).read_text(encoding="utf-8")
    for line in [*plan.meta["implements"], *plan.meta["recipients"]]:
        assert line in source, line
