"""The Word report read back: the decree's page, fonts and header, numbering, appendix rows worked out by hand.

Expected sizes are the ranges of Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, written here by hand; the
LibreOffice test converts the report to PDF (skipped without LibreOffice, failing instead when
THIDUA_REQUIRE_LIBREOFFICE=1, as `.ci/run` sets).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner
from conftest import BUDGET_PATH, PLAN_PATH, SAMPLE_PATH
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate

from thidua.cli import main
from thidua.inputs.catalog import resolve
from thidua.reports.word_report import Filing, place_date, plan_subject, write_report
from thidua.review.review import Review
from thidua.run.job import REPORT_DOCX, Job, planned_files

# The sample's, as README states it: 35 targets, the 3 traffic-accident parts one clause, so 33 statements;
# as a filed report writes it (issue 20): counts under 10 with a 0, the targets not met named, the one
# without a figure a gap to fill.
SUMMARY = (
    "29/33 chỉ tiêu đạt và vượt kế hoạch (trong đó 08 chỉ tiêu vượt), 03 chỉ tiêu không đạt (giá trị sản xuất nông"
    " nghiệp, tỷ lệ hộ nghèo, tai nạn giao thông), [Cần bổ sung: kết quả 01 chỉ tiêu chưa có số liệu: tỷ lệ trẻ em"
    " dưới 5 tuổi suy dinh dưỡng]"
)
# Plan 71's preamble (data/raw/ke-hoach-71-KH-UBND-pho-thuan-2023.md, line 10): the resolutions it carries out.
IMPLEMENTS = (
    "Nghị quyết số 06/NQ-HĐND ngày 19/12/2022 của HĐND xã về biện pháp phát triển kinh tế - xã hội năm 2023; "
    "Nghị quyết số 07/NQ-HĐND ngày 19/12/2022 của HĐND xã về thu chi ngân sách và phương án bổ sung ngân sách năm "
    "2023; Nghị quyết số 13/NQ-HĐND ngày 19/12/2022 của HĐND xã về Kế hoạch xây dựng xã nông thôn mới nâng cao năm "
    "2023; Nghị quyết số 09/NQ-HĐND ngày 19/12/2022 của HĐND xã về Kế hoạch đầu tư công năm 2023 thuộc nguồn vốn "
    "ngân sách cấp xã"
)


@pytest.fixture(scope="module")
def review() -> Review:
    return Review.load()


@pytest.fixture(scope="module")
def report(review: Review, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("word") / "bao-cao.docx"
    filing = Filing(number="12", date=dt.date(2023, 12, 5), signer="Nguyễn Văn A")
    return write_report(review, out, filing, ranking=review.ranking)


@pytest.fixture(scope="module")
def doc(report: Path):
    return Document(str(report))


def _body_paragraphs(doc) -> list:
    return [p for p in doc.paragraphs if p.text.strip()]


def _is_rule(paragraph) -> bool:
    return paragraph._p.pPr is not None and paragraph._p.pPr.find(qn("w:pBdr")) is not None


def _mm(length) -> float:
    return round(length / Mm(1), 1)


def _size(paragraph) -> float:
    return paragraph.runs[0].font.size.pt


def test_page_is_a4_portrait_with_the_decrees_margins(doc):
    first = doc.sections[0]
    assert (_mm(first.page_width), _mm(first.page_height)) == (210, 297)  # I.1 (Word stores twips)
    assert first.orientation == WD_ORIENT.PORTRAIT  # I.2
    mm = _mm
    assert 20 <= mm(first.top_margin) <= 25 and 20 <= mm(first.bottom_margin) <= 25  # I.3
    assert 30 <= mm(first.left_margin) <= 35 and 15 <= mm(first.right_margin) <= 20


def test_appendix_is_landscape_a4(doc):
    appendix = doc.sections[-1]
    assert len(doc.sections) == 2
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert (_mm(appendix.page_width), _mm(appendix.page_height)) == (297, 210)


def test_every_run_is_times_new_roman(report):
    doc = Document(str(report))
    assert doc.styles["Normal"].font.name == "Times New Roman"
    runs = [r for p in doc.paragraphs for r in p.runs]
    runs += [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    fonts = {r.font.name for r in runs if r.text.strip()}
    assert fonts <= {"Times New Roman", None}  # None: the Normal style's Times New Roman
    assert len(runs) > 500


def test_body_is_justified_13_to_14_pt_with_a_first_line_indent(doc):
    opening = next(p for p in doc.paragraphs if p.text.startswith("Thực hiện Nghị quyết số 06/NQ-HĐND"))
    assert 13 <= _size(opening) <= 14  # II.6
    assert opening.alignment == 3  # justified
    assert Mm(10) <= opening.paragraph_format.first_line_indent <= Mm(12.7)
    assert opening.paragraph_format.space_after >= Pt(6)


def _cell_texts(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text.strip()]


def test_header_table_holds_the_body_number_national_name_motto_and_date(doc):
    left, right = doc.tables[0].rows[0].cells
    assert _cell_texts(left) == ["ỦY BAN NHÂN DÂN", "XÃ PHỔ THUẬN", "Số: 12/BC-UBND"]
    assert _cell_texts(right) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Phổ Thuận, ngày 05 tháng 12 năm 2023",
    ]
    body = [p for p in left.paragraphs if p.text in ("ỦY BAN NHÂN DÂN", "XÃ PHỔ THUẬN")]
    assert all(p.runs[0].bold and 12 <= _size(p) <= 13 for p in body)  # II.2
    national, motto, _, date = [p for p in right.paragraphs if p.text.strip() or _is_rule(p)]
    assert national.runs[0].bold and 12 <= _size(national) <= 13  # II.1.a
    assert motto.runs[0].bold and 13 <= _size(motto) <= 14  # II.1.b
    assert date.runs[0].italic and 13 <= _size(date) <= 14  # II.4
    borders = doc.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}  # a borderless layout table


def test_rules_under_the_body_name_and_the_motto(doc):
    left, right = doc.tables[0].rows[0].cells

    def rule_length(cell, width_mm):
        (rule,) = [p for p in cell.paragraphs if _is_rule(p)]
        fmt = rule.paragraph_format
        assert fmt.left_indent == fmt.right_indent  # centred
        return width_mm - 2 * fmt.left_indent / Mm(1)

    # "ỦY BAN NHÂN DÂN" in 12 pt bold Times New Roman is about 40 mm: the rule is a third to a half of it.
    assert 40 / 3 <= rule_length(left, 65) <= 40 / 2
    # The motto "Độc lập - Tự do - Hạnh phúc" in 13 pt bold is about 56 mm; its rule is as long (II.1.b).
    assert rule_length(right, 100) == pytest.approx(56, abs=2)


def test_title_and_subject(doc):
    texts = [p.text for p in _body_paragraphs(doc)]
    i = texts.index("BÁO CÁO")
    assert texts[i + 1] == "Tổng kết phong trào thi đua năm 2023"
    title = _body_paragraphs(doc)[i]
    assert title.runs[0].bold and 13 <= _size(title) <= 14  # II.5


def test_the_opening_names_the_plan_once(doc):
    """docs/style-guide.md §8: "Kế hoạch số … về phát động …", never "Kế hoạch số … về kế hoạch phát động …"."""
    texts = [p.text for p in _body_paragraphs(doc)]
    assert (
        f"Thực hiện {IMPLEMENTS}; Kế hoạch số 71/KH-UBND ngày 22/12/2022 của Ủy ban nhân dân xã Phổ Thuận về phát động"
        " phong trào thi đua năm 2023, Ủy ban nhân dân xã Phổ Thuận báo cáo kết quả thực hiện các chỉ tiêu thi đua năm"
        " 2023 như sau:"
    ) in texts


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Kế hoạch Phát động phong trào thi đua năm 2023", "phát động phong trào thi đua năm 2023"),
        ("KẾ HOẠCH phát động phong trào thi đua", "phát động phong trào thi đua"),
        (
            "Chỉ tiêu kế hoạch phát triển kinh tế – xã hội năm 2022, huyện Vĩnh Linh",
            "chỉ tiêu kế hoạch phát triển kinh tế – xã hội năm 2022, huyện Vĩnh Linh",
        ),
        ("Chỉ tiêu tăng trưởng GRDP năm 2023", "chỉ tiêu tăng trưởng GRDP năm 2023"),
        ("", ""),
    ],
)
def test_a_plans_title_as_the_subject_of_the_opening(title, expected):
    assert plan_subject(title) == expected


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2024, 1, 5), "Phổ Thuận, ngày 05 tháng 01 năm 2024"),
        (dt.date(2024, 2, 29), "Phổ Thuận, ngày 29 tháng 02 năm 2024"),
        (dt.date(2024, 3, 9), "Phổ Thuận, ngày 09 tháng 3 năm 2024"),
        (dt.date(2023, 12, 25), "Phổ Thuận, ngày 25 tháng 12 năm 2023"),
        (None, "Phổ Thuận, ngày … tháng … năm 2023"),
    ],
)
def test_place_and_date_zero_pad_days_under_10_and_months_1_and_2(date, expected):
    assert place_date("Phổ Thuận", date, 2023) == expected


def test_numbering_parts_sections_points(doc):
    heads = [p.text for p in _body_paragraphs(doc) if re.match(r"^(?:[IVX]+|\d+)\. ", p.text)]
    parts = [h.split(".")[0] for h in heads if re.match(r"^[IVX]+\. ", h)]
    # situation, targets, movements, commendation, assessment, direction, proposals (issue 20, §11)
    assert parts == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert heads[0] == "I. ĐẶC ĐIỂM TÌNH HÌNH"
    assert heads[1] == "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"
    # sections restart at 1 under every part
    numbers, current = {}, None
    for h in heads:
        if re.match(r"^[IVX]+\. ", h):
            current = h.split(".")[0]
            numbers[current] = []
        else:
            numbers[current].append(int(h.split(".")[0]))
    assert all(n == list(range(1, len(n) + 1)) for n in numbers.values())
    # overall, three groups, structure, budget, targets not met, ranking
    assert numbers["II"] == list(range(1, 9))
    assert numbers["III"] == list(range(1, 9))  # how the movements were led, then plan 71's 7 movements
    assert numbers["IV"] == [1, 2]  # registrations and the titles' criteria, then the proposals
    # points of the culture-and-society section: the Vietnamese alphabet (đ after d, no f)
    texts = [p.text for p in _body_paragraphs(doc)]
    start = texts.index("3. Chỉ tiêu về văn hóa – xã hội")
    marks = [t.split(")")[0] for t in texts[start + 1 : start + 11]]
    assert marks == ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k"]


def test_summary_line_and_one_point_per_target(doc, review):
    texts = [p.text for p in _body_paragraphs(doc)]
    assert SUMMARY + "." in texts
    points = [t for t in texts if re.match(r"^[a-zđ]\) ", t)]
    missed = 3
    statements = len(review.results) - 2  # the clause's three parts are one point
    titles = 4  # commendation: Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Tập thể lao động tiên tiến, Thôn văn hóa
    rewards = 1  # what the rewards come to, and what they rest on
    assert len(points) == statements + missed + titles + rewards  # every statement, the three not met, each title


def test_page_numbers_at_the_top_centre_from_page_two(doc):
    first = doc.sections[0]
    assert first.different_first_page_header_footer
    assert not first.first_page_header.paragraphs[0].text.strip()
    header = first.header.paragraphs[0]
    assert header.alignment == 1  # centred
    assert "PAGE" in "".join(n.text or "" for n in header._p.iter(qn("w:instrText")))
    assert 13 <= header.runs[0].font.size.pt <= 14  # I.7
    assert not doc.sections[1].different_first_page_header_footer  # the appendix's first page is numbered


def test_recipients_and_signature(doc):
    signature = next(t for t in doc.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    left, right = signature.rows[0].cells
    label, *recipients = [p for p in left.paragraphs if p.text.strip()]
    assert label.text == "Nơi nhận:" and label.runs[0].bold and label.runs[0].italic and _size(label) == 12
    assert all(_size(p) == 11 and p.text.startswith("- ") for p in recipients)  # II.9
    assert recipients[-1].text.startswith("- Lưu: VT") and recipients[-1].text.endswith(".")
    assert all(p.text.endswith(";") for p in recipients[:-1])
    assert _cell_texts(right) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"]
    assert all(p.runs[0].bold for p in right.paragraphs if p.text.strip())  # II.7


def _vi_number(text: str) -> float:
    """'7.117.000.000' → 7117000000, '57,4' → 57.4, '104,2%' → 104.2 (parsed here, not by thidua)."""
    return float(text.strip().rstrip("%").replace(".", "").replace(",", "."))


def _appendix(doc) -> pd.DataFrame:
    table = doc.tables[-1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    return pd.DataFrame(rows[1:], columns=rows[0])


# Rows of the appendix worked out by hand from Kế hoạch 71/KH-UBND (data/plans/pho-thuan-2023.yaml, in its
# order: the STT) and the sample's figures (data/sample/pho-thuan-2022-2023.csv, the budget file for revenue),
# printed as docs/style-guide.md §2, "Tables" and §10 say: the unit once in its column, bare figures in the
# cells, a growth target in % ('tăng 10'); % kế hoạch is A / T · 100 for "at least" targets only (README).
APPENDIX_ROWS = [
    # constant prices, triệu đồng: 260.000 + 210.600 + 242.000 = 712.600 against 250.000 + 180.000 + 200.000 =
    # 630.000; 712.600 / 630.000 = 1,1311: +13,1% above 10%, vượt; judged on its growth, the row reads in %
    ["1", "Giá trị sản xuất", "%", "–", "tăng 10", "tăng 13,1", "–", "–", "vượt"],
    # 260.000 / 250.000 = 1,04: +4%, below 5–7%
    ["2", "Giá trị sản xuất nông nghiệp", "%", "–", "tăng 5–7", "tăng 4", "–", "–", "không đạt"],
    # current prices: 424.800 / (424.800 + 334.000 + 362.000 = 1.120.800) = 37,90%, within 38,5 ± 1 (a band:
    # no vượt); 2022: 396.000 / 1.000.000 = 39,6%; 37,90 − 39,6 = -1,7 points
    ["5", "Cơ cấu kinh tế – nông nghiệp", "%", "39,6", "38,5", "37,9", "–", "-1,7 điểm phần trăm", "đạt"],
    # 583.356 / 10.163 = 57,39998 ≈ 57,4 triệu đồng; 527.184 / 10.080 = 52,3; 57,39998 / 56 = 102,49997% ≈ 102,5%;
    # 57,39998 / 52,3 = 1,09751: +9,8%; above 56: vượt
    ["8", "Bình quân giá trị thu nhập đầu người/năm", "triệu đồng/người/năm", "52,3", "56", "57,4", "102,5", "+9,8%",
     "vượt"],
    # 7.204 / 7.119 = 1,01194: 101,2%; 7.204 / 6.985 = 1,03135: +3,1%; above 7.119: vượt
    ["9", "Sản lượng lương thực", "tấn", "6.985", "7.119", "7.204", "101,2", "+3,1%", "vượt"],
    # revenue 2023: 1.390.000.000 + 5.727.000.000 = 7.117.000.000 (7,12 tỷ); 2022: 1.120.000.000 + 5.217.500.000
    # = 6.337.500.000 (6,34 tỷ); 7.117 / 6.830 = 104,2%; 7.117 / 6.337,5 = 1,12301: +12,3%
    ["10", "Thu ngân sách xã", "tỷ đồng", "6,34", "6,83", "7,12", "104,2", "+12,3%", "vượt"],
    # 1 in 2023, 0 in 2022; yes/no has neither % of plan nor change
    ["12", "Xây dựng xã đạt chuẩn xã nông thôn mới nâng cao", "đạt/không", "chưa đạt", "đạt", "đạt", "–", "–",
     "đạt"],
    # 80 / 2.694 = 2,9696% ≈ 2,97%; 84 / 2.692 = 3,1204% ≈ 3,12%; fall 3,1204 − 2,9696 = 0,1508 points < 0,2:
    # không đạt; to one decimal 0,2 would sit on the bound, so one more decimal: -0,15 (§2)
    ["18", "Tỷ lệ hộ nghèo", "%", "3,12", "giảm 0,2–0,5 điểm phần trăm", "2,97 (80/2.694)", "–",
     "-0,15 điểm phần trăm", "không đạt"],
    # 7.812 / 8.129 = 96,0992% ≈ 96,1%; 7.663 / 8.084 = 94,7922% ≈ 94,79%; 96,0992 / 95 = 101,16% ≈ 101,2%;
    # 96,0992 − 94,7922 = +1,3 points; above 95: vượt
    ["19", "Tỷ lệ bảo hiểm y tế toàn dân", "%", "94,79", "từ 95 trở lên", "96,1 (7.812/8.129)", "101,2",
     "+1,3 điểm phần trăm", "vượt"],
    # no figure for 2023 (6,4% in 2022): the figure and the verdict are gaps to fill
    ["20", "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng", "%", "6,4", "từ 6 trở xuống", "[Cần bổ sung: số liệu]", "–",
     "–", "[Cần bổ sung: đánh giá]"],
    # the clause (§5), one target with parts a), b), c): cases 5 → 3 (-2), deaths 2 → 1 (-1), injuries 4 → 5 (+1),
    # so the clause is not met
    ["32", "Tai nạn giao thông\na) Số vụ\nb) Số người chết\nc) Số người bị thương", "\nvụ\nngười\nngười",
     "\n5\n2\n4", "giảm cả 3 tiêu chí\ngiảm\ngiảm\ngiảm", "\n3\n1\n5", "–", "\n-2\n-1\n+1",
     "không đạt\nđạt\nđạt\nkhông đạt"],
    ["33", "Xây dựng xã vững mạnh về quốc phòng, an ninh", "đạt/không", "đạt", "đạt", "đạt", "–", "–", "đạt"],
]  # fmt: skip


def test_the_appendix_prints_the_rows_worked_out_by_hand(doc):
    table = _appendix(doc)
    assert list(table.columns) == [
        "STT", "Chỉ tiêu", "ĐVT", "Thực hiện năm 2022", "Kế hoạch năm 2023", "Thực hiện năm 2023", "% kế hoạch",
        "So với năm 2022", "Đánh giá",
    ]  # fmt: skip
    assert len(table) == 33  # the plan's 33 statements: the traffic clause is one row with its 3 parts
    assert table["STT"].tolist() == [str(i) for i in range(1, 34)]
    rows = {row[0]: row for row in table.to_numpy().tolist()}
    for expected in APPENDIX_ROWS:
        assert rows[expected[0]] == expected
    # README's count of the 33 statements: 8 vượt, 29 − 8 = 21 đạt, 3 không đạt, 1 to fill in
    verdicts = table["Đánh giá"].str.split("\n").str[0]
    assert verdicts.value_counts().to_dict() == {"đạt": 21, "vượt": 8, "không đạt": 3, "[Cần bổ sung: đánh giá]": 1}


def test_budget_and_structure_figures_equal_their_sources(doc):
    budget = pd.read_csv(BUDGET_PATH, comment="#")
    revenue = budget[(budget["period"].astype(str) == "2023") & (budget["side"] == "thu")]
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Khoản mục")
    rows = {(r.cells[0].text, r.cells[1].text): r for r in table.rows[1:]}
    assert _vi_number(rows[("Tổng", "Thu")].cells[3].text) == revenue["actual"].sum()
    assert _vi_number(rows[("Tổng", "Thu")].cells[2].text) == revenue["estimate"].sum() == 6_830_000_000  # the plan


def test_the_structure_table_prints_shares_growth_and_points_as_the_review_does(doc):
    """docs/style-guide.md, Tables: '38,5%' beside '37,9%' (never '37,90'), contributions '1,6' (never '1,59')."""
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Ngành")
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows == [
        ["Ngành", "Cơ cấu KH", "Cơ cấu TH", "Tăng trưởng KH", "Tăng trưởng TH", "Đóng góp (điểm phần trăm)"],
        ["Nông nghiệp", "38,5%", "37,9%", "tăng 5–7%", "+4%", "1,6"],
        ["Công nghiệp – xây dựng", "29,4%", "29,8%", "tăng 15–20%", "+17%", "4,9"],
        ["Thương mại – dịch vụ", "32,1%", "32,3%", "tăng 15–20%", "+21%", "6,7"],
        ["Tổng", "100%", "100%", "tăng 10%", "+13,1%", "13,1"],
    ]


def test_the_budget_table_says_thu_or_chi_and_names_the_balance_once(doc):
    """Each line's side is Thu or Chi; the balance (thu − chi) is named once, its side saying what it is."""
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Khoản mục")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[1] for r in rows] == ["Thu", "Thu", "Chi", "Chi", "Chi", "Thu", "Chi", "Thu – chi"]
    # named as the review page names it, 'Cân đối thu – chi' (docs/style-guide.md, Tables): the report used to
    # say a bare 'Cân đối', another name for the same row; this line asserted that name
    assert rows[-1][:4] == ["Cân đối thu – chi", "Thu – chi", "0", "287.000.000"]  # 7.117.000.000 − 6.830.000.000
    assert sum(c.count("Cân đối") for r in rows for c in r) == 1
    assert [r[4] for r in rows][-3:] == ["104,2%", "100%", "–"]  # 7.117 / 6.830; 6.830 / 6.830, never '100,0%'


def test_the_appendix_change_column_signs_and_names_points_as_the_sentences_do(doc):
    """So với năm 2022 (docs/style-guide.md, Tables; §10): a rate's change in 'điểm phần trăm' with '+' or '-'.

    Agriculture's share 424.800 / 1.120.800 = 37,90% against 39,6% in 2022: -1,7 điểm phần trăm; health insurance
    7.812 / 8.129 = 96,10% against 7.663 / 8.084 = 94,79%: +1,3; primary completion 100% both years: 0; road
    accidents 3 against 5: -2 (vụ, in the unit column).
    """
    table = doc.tables[-1]
    change = {r.cells[1].text.split("\n")[0]: r.cells[7].text for r in table.rows[1:]}
    assert change["Cơ cấu kinh tế – nông nghiệp"] == "-1,7 điểm phần trăm"
    assert change["Tỷ lệ bảo hiểm y tế toàn dân"] == "+1,3 điểm phần trăm"
    assert change["Học sinh Tiểu học hoàn thành chương trình tiểu học"] == "0 điểm phần trăm"
    assert change["Tai nạn giao thông"].split("\n")[1] == "-2"
    assert not [c.text for t in doc.tables for r in t.rows for c in r.cells if "\u2212" in c.text]


def test_sample_figures_and_placeholders_are_marked(doc):
    paragraphs = _body_paragraphs(doc)
    banner = next(p for p in paragraphs if p.text == "SỐ LIỆU MẪU – minh họa, không phải số liệu chính thức")
    assert banner.runs[0].bold and banner.runs[0].font.highlight_color is None  # only what people fill is marked
    holes = [p for p in paragraphs if p.text.startswith("[Cần bổ sung:")]
    texts = [p.text for p in paragraphs]
    # situation; how the movements were led, each of the 7 movements; the proposals for commendation; strengths,
    # shortcomings, causes, lessons; next year; proposals
    assert len(holes) == 1 + 1 + 7 + 1 + 4 + 1 + 1
    assert all(p.runs[0].font.highlight_color == WD_COLOR_INDEX.YELLOW and p.runs[0].italic for p in holes)
    for heading in ("I. ĐẶC ĐIỂM TÌNH HÌNH", "2. Đề nghị khen thưởng", "1. Ưu điểm", "3. Nguyên nhân",
                    "VI. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024", "VII. ĐỀ XUẤT, KIẾN NGHỊ"):  # fmt: skip
        assert texts[texts.index(heading) + 1].startswith("[Cần bổ sung:")


def _all_runs(doc) -> list:
    """Every run of the document: its paragraphs and every table's cells, nested tables included."""
    body = doc.element.body
    return [r for r in body.iter(qn("w:r"))]


def _marked(run) -> bool:
    """Highlighted (python-docx) or shaded yellow (docxtpl's RichText)."""
    props = run.find(qn("w:rPr"))
    if props is None:
        return False
    shading = props.find(qn("w:shd"))
    return props.find(qn("w:highlight")) is not None or (shading is not None and shading.get(qn("w:fill")) == "FFFF00")


def _run_text(run) -> str:
    return "".join(t.text or "" for t in run.iter(qn("w:t")))


@pytest.fixture(scope="module")
def estimated(review: Review, tmp_path_factory: pytest.TempPathFactory):
    """The sample's year-end report as a December draft: `--estimate`, dated, unsigned."""
    out = tmp_path_factory.mktemp("estimate") / "bao-cao.docx"
    return Document(str(write_report(review, out, Filing(estimate=True, date=dt.date(2024, 1, 5)),
                                     ranking=review.ranking)))  # fmt: skip


def test_every_marked_run_is_a_placeholder_and_every_placeholder_is_marked(estimated):
    """Issue 20's bar: the clerk fills or deletes the yellow, and nothing else is yellow."""
    runs = [r for r in _all_runs(estimated) if _run_text(r).strip()]
    marked = [_run_text(r) for r in runs if _marked(r)]
    assert marked and all(t.startswith("[Cần bổ sung") and t.rstrip(";").endswith("]") for t in marked)
    unmarked = [_run_text(r) for r in runs if not _marked(r)]
    assert not [t for t in unmarked if "[Cần bổ sung" in t or "[" in t]


def _without_placeholders(text: str) -> str:
    return re.sub(r"\[Cần bổ sung:[^\]]*\]", "", text)


def test_an_estimated_report_says_uoc_and_names_no_file_and_no_missing_data(estimated):
    body = [p.text for p in estimated.paragraphs]
    points = [t for t in body if re.match(r"^[a-zđ]\) ", t)]
    # every point of the targets with a figure says it is an estimate ('ước thực hiện 712,6 tỷ đồng'); the
    # one without a figure is a gap; yes/no targets are 'đã đạt'; the missed list compares changes
    said = points[: points.index(next(t for t in points if t.startswith("a) Giá trị sản xuất nông nghiệp: tăng")))]
    with_figures = [t for t in said if "Cần bổ sung: số liệu" not in t and "đã đạt" not in t]
    assert len(with_figures) == 33 - 1 - 3 and all(" ước " in t for t in with_figures)  # 3 yes/no targets
    assert body[body.index("1. Kết quả chung") + 1].startswith("Ước 29/33 chỉ tiêu")
    everything = body + [c.text for t in estimated.tables for row in t.rows for c in row.cells]
    assert not [t for t in everything if ".csv" in t or ".yaml" in t]
    assert not [t for t in everything if "chưa có số liệu" in _without_placeholders(t)]
    assert "Ước thực hiện năm 2023" in _appendix(estimated).columns


def test_the_appendix_caption_carries_the_date(estimated):
    texts = [p.text for p in estimated.paragraphs]
    assert "(Kèm theo Báo cáo số …/BC-UBND ngày 05/01/2024 của Ủy ban nhân dân xã Phổ Thuận)" in texts


def test_filed_sentences_as_offices_write_them(doc):
    """docs/style-guide.md §10, worked out by hand from the sample (data/sample/pho-thuan-2022-2023.csv)."""
    texts = [p.text for p in doc.paragraphs]
    # cases 5 → 3, deaths 2 → 1, injuries 4 → 5: two fell, one rose, so the clause is not met
    assert (
        "h) Tai nạn giao thông: 03 vụ, 01 người chết, 05 người bị thương; so với năm 2022 giảm 02 vụ, giảm 01 người"
        " chết, tăng 01 người bị thương (kế hoạch giảm cả 3 tiêu chí), không đạt kế hoạch."
    ) in texts
    # a yes/no target met is recognised by a decision the office cites (plan: recognition: true)
    assert (
        "m) Xây dựng xã đạt chuẩn xã nông thôn mới nâng cao: đã đạt (Quyết định công nhận: [Cần bổ sung: số, ngày"
        " quyết định công nhận]), đạt kế hoạch."
    ) in texts
    # 100% against a plan of 100%, the same as in 2022: the plan says it all, no 'bằng năm 2022'
    assert "h) Học sinh Tiểu học hoàn thành chương trình tiểu học: 100% (kế hoạch 100%), đạt kế hoạch." in texts
    # 7.812 / 8.129 = 96,10% against 94,79%: +1,3 percentage points, written out
    assert (
        "đ) Tỷ lệ bảo hiểm y tế toàn dân: 96,1%, tăng 1,3 điểm phần trăm so với năm 2022 (kế hoạch từ 95% trở lên),"
        " vượt kế hoạch."
    ) in texts
    assert not [t for t in texts if "điểm %" in t or "bằng năm 2022" in t]
    assert "e) Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng: [Cần bổ sung: số liệu năm 2023]." in texts


def test_sources_and_the_scoring_table_as_an_office_cites_them(doc):
    texts = [p.text for p in doc.paragraphs]
    assert "Nguồn: [Cần bổ sung: cơ quan, bộ phận cung cấp số liệu]." in texts  # under the budget table
    assert "Bảng điểm mẫu – chưa được Hội đồng thi đua thông qua." in texts  # the sample scoring table says so
    assert (
        "Căn cứ Bảng chấm điểm ban hành kèm theo [Cần bổ sung: Quyết định số …, ngày … ban hành Bảng chấm điểm], kết"
        " quả chấm điểm, xếp hạng thi đua các thôn như sau:"
    ) in texts
    # data/scoring/thi-dua-2023.yaml: Thôn 3 −20 (no registration), Thôn 5 +30 (last year's Giấy khen)
    adjusted = next(t for t in texts if t.startswith("Điểm cộng, điểm trừ:"))
    assert "Thôn 3 -20 điểm (" in adjusted and "Thôn 5 +30 điểm (" in adjusted
    # both price bases, and the tolerance the plan does not state (data/plans/pho-thuan-2023.yaml: ±1.0)
    assert any("giá so sánh năm 2010" in t and "giá hiện hành" in t for t in texts)
    assert any("không quá 1 điểm phần trăm" in t and "[Cần bổ sung: văn bản quy định mức này]" in t for t in texts)


def test_recipients_come_from_the_plan(doc):
    """Plan 71's Nơi nhận (its source, lines 122–141): the body above once, with '(báo cáo)', then the rest."""
    signature = next(t for t in doc.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    lines = [p.text for p in signature.rows[0].cells[0].paragraphs if p.text.startswith("- ")]
    assert lines[:3] == ["- UBND thị xã Đức Phổ (báo cáo);", "- TT. Đảng ủy;", "- TT. HĐND xã;"]
    assert lines[-2:] == ["- 07 Trường thôn;", "- Lưu: VT."] and len(lines) == 1 + 10 + 1


def test_headings_keep_with_next_and_rows_never_break(report):
    doc = Document(str(report))
    heads = [p for p in doc.paragraphs if re.match(r"^(?:[IVX]+|\d+)\. ", p.text) and p.runs[0].bold]
    assert heads and all(p.paragraph_format.keep_with_next for p in heads)
    bordered = [t for t in doc.tables if t._tbl.tblPr.find(qn("w:tblBorders")) is not None and len(t.columns) > 2]
    rows = [row for t in bordered for row in t.rows]
    assert rows and all(row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)


def test_unsigned_estimated_report_marks_signer_and_estimates(estimated):
    right = estimated.tables[-2].rows[0].cells[1]
    name = [p for p in right.paragraphs if p.text.strip()][-1]
    (run,) = [r for r in name.runs if r.text]
    shading = run._r.rPr.find(qn("w:shd"))
    assert name.text == "[Cần bổ sung: họ và tên người ký]" and shading.get(qn("w:fill")) == "FFFF00"
    left = estimated.tables[0].rows[0].cells[0]
    assert _cell_texts(left)[-1] == "Số:       /BC-UBND"


HOSTILE = ['<w:p>{{ 7*7 }}</w:p> & "x"', "{%p if true %}Tên{%p endif %}", "]]><script>alert(1)</script>"]


def test_hostile_names_stay_plain_text(tmp_path):
    raw = yaml.safe_load(PLAN_PATH.read_text(encoding="utf-8"))
    raw["plan"]["issuer"] = "Ủy ban nhân dân xã " + HOSTILE[0]  # in the opening
    raw["plan"]["unit_name"] = "xã " + HOSTILE[0]  # the reporting body's name in the header: its unit's
    for target, name in zip(raw["targets"], HOSTILE, strict=False):
        target["name_vi"] = name
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    review = Review.load(plan_path=plan, data_path=SAMPLE_PATH, budget_path=BUDGET_PATH)
    doc = Document(str(write_report(review, tmp_path / "r.docx")))
    everything = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells
    )
    for name in HOSTILE:
        assert name in everything
    assert "XÃ " + HOSTILE[0].upper() in _cell_texts(doc.tables[0].rows[0].cells[0])
    assert "49" not in everything.replace("7.119", "")  # {{ 7*7 }} was never evaluated


def test_an_offices_own_template(review, tmp_path):
    own = Document()
    own.add_paragraph("{{ co_quan|join(' ') }} – {{ ten_loai }}: {{ trich_yeu }}")
    own.add_paragraph("{{p noi_dung }}")
    own.add_paragraph("Kính gửi: {{ noi_nhan|first }}")
    own.add_paragraph("{{p phu_luc }}")
    path = tmp_path / "own.docx"
    own.save(str(path))
    assert DocxTemplate(str(path)).get_undeclared_template_variables() <= {
        "co_quan", "ten_loai", "trich_yeu", "noi_dung", "noi_nhan", "phu_luc",
    }  # fmt: skip
    doc = Document(str(write_report(review, tmp_path / "r.docx", template=path)))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "ỦY BAN NHÂN DÂN XÃ PHỔ THUẬN – BÁO CÁO: Tổng kết phong trào thi đua năm 2023"
    assert SUMMARY + "." in texts
    assert "Kính gửi: UBND thị xã Đức Phổ (báo cáo);" in texts


def test_report_command_year_and_interim(tmp_path):
    runner = CliRunner()
    out = tmp_path / "nam.docx"
    result = runner.invoke(main, ["report", "--out", str(out), "--number", "7", "--date", "2024-01-08"])
    assert result.exit_code == 0, result.output
    left, right = Document(str(out)).tables[0].rows[0].cells
    assert _cell_texts(left)[-1] == "Số: 7/BC-UBND"
    assert _cell_texts(right)[-1] == "Phổ Thuận, ngày 08 tháng 01 năm 2024"
    interim = tmp_path / "6t.docx"
    result = runner.invoke(main, ["report", "--period", "2023-6T", "--out", str(interim)])
    assert result.exit_code == 0, result.output
    texts = [p.text for p in Document(str(interim)).paragraphs]
    assert "Sơ kết phong trào thi đua 6 tháng năm 2023" in texts
    assert "1. Tiến độ chung" in texts
    bad = runner.invoke(main, ["report", "--out", str(tmp_path / "x.docx"), "--date", "5/1/2024"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_review_plans_and_links_the_report(tmp_path):
    job = Job(resolve("pho-thuan-2023-sample"), tmp_path / "out")
    assert REPORT_DOCX == "bao-cao.docx" and REPORT_DOCX in planned_files(job)


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def pdf_text(report: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    if SOFFICE is None or shutil.which("pdftotext") is None:
        message = "LibreOffice (soffice) or pdftotext not found: apt-get install libreoffice-writer-nogui poppler-utils"
        if os.environ.get("THIDUA_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("pdf")
    profile = out / "profile"  # a private LibreOffice profile: runs in parallel never share one
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(out), str(report)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    text = subprocess.run(
        ["pdftotext", "-layout", str(out / "bao-cao.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1]


def test_libreoffice_opens_it_pages_are_numbered_from_two(pdf_text):
    pages = pdf_text
    assert len(pages) >= 5  # a body of several pages, and the 35-row appendix over more than one
    assert pages[0].strip().splitlines()[0].split()[0] != "1"
    for number, page in enumerate(pages[1:], start=2):
        assert str(number) in page.strip().splitlines()[0].split() + page.strip().splitlines()[-1].split()


def test_libreoffice_pdf_holds_the_header_and_summary_lines(pdf_text):
    first = " ".join(pdf_text[0].split())
    for line in ("ỦY BAN NHÂN DÂN", "XÃ PHỔ THUẬN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "Phổ Thuận, ngày 05 tháng 12 năm 2023", "BÁO CÁO"):  # fmt: skip
        assert line in first
    assert SUMMARY in " ".join(" ".join(pdf_text).split())


def test_libreoffice_never_leaves_a_heading_at_the_foot_of_a_page(pdf_text):
    """Keep-with-next as LibreOffice lays it out: no page's last line is a numbered heading."""
    for page in pdf_text[:-1]:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        last = lines[-1] if lines and not lines[-1].isdigit() else lines[-2]
        assert not re.match(r"^(?:[IVX]+|\d+)\. [A-ZĐ]", last), last
