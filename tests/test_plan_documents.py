"""A plan as it is: its kind, its issuing body, the body that reports on it and the title that fits it.

Every expected line is written by hand from docs/plan-format.md ("The kind of plan, who issued it and who
reports on it"), docs/style-guide.md §8, the catalogs' English (the messages' own text) and Nghị định
30/2020/NĐ-CP: Phụ lục III's abbreviations (KH kế hoạch, NQ nghị quyết, CTr chương trình, QĐ quyết định, ĐA
đề án), Phụ lục I's letterhead and signature of the reporting body. The resolution is Phú Thọ's Nghị quyết
số 11/NQ-HĐND ngày 09/12/2022 of the provincial People's Council (data/plans/gallery/phu-tho-2023.yaml,
its source phuthodfa.gov.vn), on which the provincial People's Committee reports.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import META, ROOT, indicator
from docx import Document

from thidua.cli import main
from thidua.errors import InputError
from thidua.inputs.documents import body_name
from thidua.inputs.periods import parse_period
from thidua.inputs.plan import load_plan, parse_plan
from thidua.reports.word_report import Filing, closing, opening, plan_subject, subject, write_report
from thidua.review.review import Review

GALLERY = ROOT / "data" / "plans" / "gallery"
PHU_THO = GALLERY / "phu-tho-2023.yaml"
PHU_THO_DATA = GALLERY / "phu-tho-2023-figures.csv"
YEAR = parse_period("2023")

# ---- the plan file -------------------------------------------------------------------------------------


def _plan(**meta):
    """conftest's small plan (1/KH-TEST of UBND xã Thử) with ``meta`` changed."""
    return parse_plan({"plan": {**META, **meta}, "targets": [indicator("x")]}, "p.yaml")


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("71/KH-UBND", "ke_hoach"),  # plan 71: KH
        ("11/NQ-HĐND", "nghi_quyet"),  # Phú Thọ's resolution: NQ
        ("15/CTr-UBND", "chuong_trinh"),  # CTr, as Phụ lục III writes it
        ("15/CTR-UBND", "chuong_trinh"),  # the same in capitals
        ("120/QĐ-UBND", "quyet_dinh"),
        ("15/2023/QĐ-UBND", "quyet_dinh"),  # number/year/symbol, as a legal normative document is numbered
        ("02/ĐA-UBND", "de_an"),
        ("04-NQ/TW", "nghi_quyet"),  # a Party document: number-KIND/BODY
        ("10-KL/TU", "ket_luan"),
        ("12/TB-UBND", "ke_hoach"),  # a thông báo is no kind of plan: nothing is guessed, the default
        ("KH 2022 (Nghị quyết HĐND huyện; số không in trong nguồn)", "ke_hoach"),  # no symbol: the default
    ],
)
def test_without_a_kind_the_numbers_symbol_says_it_else_a_ke_hoach(number, kind):
    assert _plan(number=number).kind == kind


def test_a_written_kind_is_the_plans_and_the_number_may_not_contradict_it():
    assert _plan(number="KH 2022 (số không in trong nguồn)", kind="nghi_quyet").kind == "nghi_quyet"
    with pytest.raises(InputError) as info:
        _plan(number="11/NQ-HĐND", kind="ke_hoach")
    assert (
        str(info.value) == "p.yaml, plan, field 'kind': is ke_hoach, but the number '11/NQ-HĐND' says NQ, a nghi_quyet"
    )


@pytest.mark.parametrize(
    ("body", "unit", "name"),
    [
        ("ubnd", "xã Phổ Thuận", "Ủy ban nhân dân xã Phổ Thuận"),
        ("hdnd", "tỉnh Phú Thọ", "Hội đồng nhân dân tỉnh Phú Thọ"),
        ("dang_uy", "xã Tam Hợp", "Đảng ủy xã Tam Hợp"),
        ("dang_uy", "phường Ngọc Hà", "Đảng ủy phường Ngọc Hà"),
        ("dang_uy", "huyện Vĩnh Linh", "Huyện ủy Vĩnh Linh"),
        ("dang_uy", "thị xã Đức Phổ", "Thị ủy Đức Phổ"),  # not "Đảng ủy thị xã …", nor "Thị ủy xã …"
        ("dang_uy", "thành phố Hà Nội", "Thành ủy Hà Nội"),
        ("dang_uy", "tỉnh Bắc Ninh", "Tỉnh ủy Bắc Ninh"),
        ("dai_hoi_dang_bo", "xã Tam Hợp", "Đại hội Đảng bộ xã Tam Hợp"),
    ],
)
def test_a_body_is_named_after_the_plans_unit(body, unit, name):
    assert body_name(body, unit) == name


def test_the_issuer_is_named_from_issued_by_unless_written():
    plan = _plan(number="11/NQ-HĐND", issued_by="hdnd", issuer=None, unit_name="tỉnh Thử")
    assert (plan.issued_by, plan.issuer) == ("hdnd", "Hội đồng nhân dân tỉnh Thử")
    written = _plan(issued_by="dang_uy", issuer="Ban Chấp hành Đảng bộ xã Thử")
    assert written.issuer == "Ban Chấp hành Đảng bộ xã Thử"


def test_the_people_s_committee_reports_unless_the_plan_says():
    plan = _plan(number="11/NQ-HĐND", issued_by="hdnd", issuer=None, unit_name="tỉnh Thử")
    assert (plan.reported_by, plan.reporter) == ("ubnd", "Ủy ban nhân dân tỉnh Thử")
    council = _plan(number="11/NQ-HĐND", issued_by="hdnd", issuer=None, unit_name="tỉnh Thử", reported_by="hdnd")
    assert (council.reported_by, council.reporter) == ("hdnd", "Hội đồng nhân dân tỉnh Thử")


@pytest.mark.parametrize(
    ("meta", "purpose"),
    [
        ({"title": "Kế hoạch Phát động phong trào thi đua năm 2023"}, "thi_dua"),  # plan 71 names its movement
        ({"title": "KẾ HOẠCH phát động phong trào THI ĐUA"}, "thi_dua"),  # in any case
        ({"number": "11/NQ-HĐND", "title": "Nghị quyết về kế hoạch phát triển kinh tế – xã hội năm 2023"},
         "kinh_te_xa_hoi"),
        ({"title": "Diện tích cây trồng năm 2022"}, "kinh_te_xa_hoi"),  # a kế hoạch whose title names no movement
        ({}, "thi_dua"),  # no title, a kế hoạch (1/KH-TEST)
        ({"number": "11/NQ-HĐND"}, "kinh_te_xa_hoi"),  # no title, a resolution
        ({"number": "11/NQ-HĐND", "purpose": "thi_dua"}, "thi_dua"),  # written: as written
        ({"title": "Kế hoạch phát động phong trào thi đua", "purpose": "kinh_te_xa_hoi"}, "kinh_te_xa_hoi"),
    ],
)  # fmt: skip
def test_the_purpose_is_written_or_follows_the_title_and_the_kind(meta, purpose):
    assert _plan(**meta).purpose == purpose


# Each gallery plan as its source names it (data/plans/gallery/README.md); the People's Committee of its unit
# reports on each; none is an emulation plan (no title says "thi đua"), unlike plan 71 below.
GALLERY_PLANS = {
    "phu-tho-2023": ("nghi_quyet", "Hội đồng nhân dân tỉnh Phú Thọ", "Ủy ban nhân dân tỉnh Phú Thọ", "kinh_te_xa_hoi"),
    "bac-ninh-2023": ("nghi_quyet", "Hội đồng nhân dân tỉnh Bắc Ninh", "Ủy ban nhân dân tỉnh Bắc Ninh",
                      "kinh_te_xa_hoi"),
    "ha-noi-2022": ("nghi_quyet", "Hội đồng nhân dân thành phố Hà Nội", "Ủy ban nhân dân thành phố Hà Nội",
                    "kinh_te_xa_hoi"),
    "hai-phong-2022": ("nghi_quyet", "Hội đồng nhân dân thành phố Hải Phòng", "Ủy ban nhân dân thành phố Hải Phòng",
                       "kinh_te_xa_hoi"),
    "vinh-linh-2022": ("nghi_quyet", "Hội đồng nhân dân huyện Vĩnh Linh", "Ủy ban nhân dân huyện Vĩnh Linh",
                       "kinh_te_xa_hoi"),
    "tam-hop-2020-2025": ("nghi_quyet", "Đại hội Đảng bộ xã Tam Hợp", "Ủy ban nhân dân xã Tam Hợp", "kinh_te_xa_hoi"),
    "tam-hop-2022": ("ke_hoach", "Ủy ban nhân dân xã Tam Hợp", "Ủy ban nhân dân xã Tam Hợp", "kinh_te_xa_hoi"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(GALLERY_PLANS))
def test_the_gallery_plans_name_their_kind_and_bodies(name):
    plan = load_plan(GALLERY / f"{name}.yaml")
    assert (plan.kind, plan.issuer, plan.reporter, plan.purpose) == GALLERY_PLANS[name]


def test_plan_71_is_a_ke_hoach_of_the_committee_for_the_emulation_movement():
    plan = load_plan(ROOT / "data" / "plans" / "pho-thuan-2023.yaml")
    assert (plan.kind, plan.issuer, plan.reporter, plan.purpose) == (
        "ke_hoach", "Ủy ban nhân dân xã Phổ Thuận", "Ủy ban nhân dân xã Phổ Thuận", "thi_dua",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("title", "kind", "expected"),
    [
        # the kind the sentence names is dropped, with the "về" after it
        ("Nghị quyết về kế hoạch phát triển kinh tế – xã hội năm 2023", "nghi_quyet",
         "kế hoạch phát triển kinh tế – xã hội năm 2023"),
        ("NGHỊ QUYẾT về kế hoạch phát triển", "nghi_quyet", "kế hoạch phát triển"),
        ("Chương trình thi đua yêu nước năm 2023", "chuong_trinh", "thi đua yêu nước năm 2023"),
        # another kind is part of the title: kept ("Kế hoạch số … về nghị quyết …" would misname the plan)
        ("Nghị quyết về kế hoạch phát triển", "ke_hoach", "nghị quyết về kế hoạch phát triển"),
        ("Kế hoạch phát triển kinh tế – xã hội năm 2022", "nghi_quyet", "kế hoạch phát triển kinh tế – xã hội năm 2022"),
        # a title that is the kind alone says nothing more (the opening then names no subject); the kind glued
        # to a word is no kind
        ("Nghị quyết", "nghi_quyet", ""),
        ("Nghị quyếtđịnh", "nghi_quyet", "nghị quyếtđịnh"),
    ],
)  # fmt: skip
def test_a_titles_own_kind_is_named_once(title, kind, expected):
    assert plan_subject(title, kind) == expected


# ---- the Word report of a resolution of the People's Council ------------------------------------------------


def _cells(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text.strip()]


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text.strip()]


def _report(tmp_path: Path, plan: Path = PHU_THO, lang: str = "vi"):
    review = Review.load("", plan_path=plan, data_path=PHU_THO_DATA, lang=lang)
    filing = Filing(number="5", date=dt.date(2024, 1, 10), signer="Nguyễn Văn B")
    return Document(str(write_report(review, tmp_path / "r.docx", filing)))


def _signature(doc) -> tuple[list[str], list[str]]:
    table = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận"))
    left, right = table.rows[0].cells
    return _cells(left), _cells(right)


# Phú Thọ's resolution reported by the provincial People's Committee: its letterhead, number, subject for a
# socio-economic plan, its opening naming the resolution as it is, its closing and signature (style guide §8).
OPENING_VI = (
    "Thực hiện Nghị quyết số 11/NQ-HĐND ngày 09/12/2022 của Hội đồng nhân dân tỉnh Phú Thọ về kế hoạch phát triển "
    "kinh tế – xã hội năm 2023, Ủy ban nhân dân tỉnh Phú Thọ báo cáo kết quả thực hiện các chỉ tiêu phát triển kinh "
    "tế – xã hội năm 2023 như sau:"
)


def test_a_council_resolution_is_reported_by_the_committee(tmp_path):
    doc = _report(tmp_path)
    left, right = doc.tables[0].rows[0].cells
    assert _cells(left) == ["ỦY BAN NHÂN DÂN", "TỈNH PHÚ THỌ", "Số: 5/BC-UBND"]
    assert _cells(right)[-1] == "Phú Thọ, ngày 10 tháng 01 năm 2024"
    texts = _texts(doc)
    i = texts.index("BÁO CÁO")
    assert texts[i + 1] == "Kết quả thực hiện nhiệm vụ phát triển kinh tế – xã hội năm 2023"
    assert OPENING_VI in texts
    assert (
        "Trên đây là báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế – xã hội năm 2023 của Ủy ban nhân dân "
        "tỉnh Phú Thọ./."
    ) in texts
    recipients, signature = _signature(doc)
    assert recipients == [
        "Nơi nhận:", "- Hội đồng nhân dân tỉnh Phú Thọ (báo cáo);", "- [Cần bổ sung: các nơi nhận khác];", "- Lưu: VT.",
    ]  # fmt: skip
    assert signature == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn B"]
    assert "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU PHÁT TRIỂN KINH TẾ – XÃ HỘI NĂM 2023" in texts
    assert "(Kèm theo Báo cáo số 5/BC-UBND ngày 10/01/2024 của Ủy ban nhân dân tỉnh Phú Thọ)" in texts
    everything = "\n".join(texts)
    assert "Kế hoạch số" not in everything and "Hội đồng nhân dân tỉnh Phú Thọ báo cáo" not in everything
    assert "HỘI ĐỒNG NHÂN DÂN" not in "\n".join(_cells(left) + signature)


def test_a_council_resolution_in_english(tmp_path):
    doc = _report(tmp_path, lang="en")
    left, right = doc.tables[0].rows[0].cells
    assert _cells(left) == ["ỦY BAN NHÂN DÂN", "TỈNH PHÚ THỌ", "Số: 5/BC-UBND"]  # the body's name stays Vietnamese
    assert _cells(right)[-1] == "Phú Thọ, 10/01/2024"
    texts = _texts(doc)
    assert texts[texts.index("REPORT") + 1] == "Report on the socio-economic development tasks, 2023"
    assert (
        "Under Resolution No. 11/NQ-HĐND of 09/12/2022 of Hội đồng nhân dân tỉnh Phú Thọ on kế hoạch phát triển kinh "
        "tế – xã hội năm 2023, Ủy ban nhân dân tỉnh Phú Thọ reports the achievement of the socio-economic targets, "
        "2023 as follows:"
    ) in texts
    assert (
        "This is the report on the socio-economic development tasks, 2023 of Ủy ban nhân dân tỉnh Phú Thọ./."
    ) in texts
    recipients, signature = _signature(doc)
    assert recipients[1] == "- Hội đồng nhân dân tỉnh Phú Thọ (report);"
    assert signature == ["FOR THE PEOPLE'S COMMITTEE", "CHAIRMAN", "Nguyễn Văn B"]


def _phu_tho_with(tmp_path: Path, **meta) -> Path:
    raw = yaml.safe_load(PHU_THO.read_text(encoding="utf-8"))
    raw["plan"].update(meta)
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_the_council_reports_when_the_plan_says(tmp_path):
    doc = _report(tmp_path, _phu_tho_with(tmp_path, reported_by="hdnd"))
    left, _ = doc.tables[0].rows[0].cells
    assert _cells(left) == ["HỘI ĐỒNG NHÂN DÂN", "TỈNH PHÚ THỌ", "Số: 5/BC-HĐND"]
    texts = _texts(doc)
    assert (
        "Thực hiện Nghị quyết số 11/NQ-HĐND ngày 09/12/2022 của Hội đồng nhân dân tỉnh Phú Thọ về kế hoạch phát "
        "triển kinh tế – xã hội năm 2023, Hội đồng nhân dân tỉnh Phú Thọ báo cáo kết quả thực hiện các chỉ tiêu phát "
        "triển kinh tế – xã hội năm 2023 như sau:"
    ) in texts
    recipients, signature = _signature(doc)
    assert recipients == ["Nơi nhận:", "- [Cần bổ sung: các nơi nhận khác];", "- Lưu: VT."]  # it issued the plan
    assert signature == ["TM. HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn B"]
    assert "(Kèm theo Báo cáo số 5/BC-HĐND ngày 10/01/2024 của Hội đồng nhân dân tỉnh Phú Thọ)" in texts


def test_the_plan_may_give_the_reports_title(tmp_path):
    path = _phu_tho_with(tmp_path, report_title="Kết quả thực hiện Nghị quyết số 11/NQ-HĐND của HĐND tỉnh")
    plan = load_plan(path)
    assert subject(plan, YEAR, "vi") == "Kết quả thực hiện Nghị quyết số 11/NQ-HĐND của HĐND tỉnh năm 2023"
    assert subject(plan, parse_period("2023-6T"), "vi", interim=True) == (
        "Kết quả thực hiện Nghị quyết số 11/NQ-HĐND của HĐND tỉnh 6 tháng năm 2023"
    )
    assert subject(plan, YEAR, "en") == "Kết quả thực hiện Nghị quyết số 11/NQ-HĐND của HĐND tỉnh, 2023"
    # only the first letter is lowered in the closing: the resolution keeps its capitals
    assert closing(plan, YEAR, "vi") == (
        "Trên đây là báo cáo kết quả thực hiện Nghị quyết số 11/NQ-HĐND của HĐND tỉnh năm 2023 của Ủy ban nhân dân "
        "tỉnh Phú Thọ./."
    )
    doc = _report(tmp_path, path)
    texts = _texts(doc)
    assert texts[texts.index("BÁO CÁO") + 1] == "Kết quả thực hiện Nghị quyết số 11/NQ-HĐND của HĐND tỉnh năm 2023"


def test_a_hostile_report_title_stays_plain_text(tmp_path):
    hostile = '<w:p>{{ 7*7 }}</w:p> & "x" {%p if true %}'
    doc = _report(tmp_path, _phu_tho_with(tmp_path, report_title=hostile))
    texts = _texts(doc)
    assert texts[texts.index("BÁO CÁO") + 1] == f"{hostile} năm 2023"
    assert not [t for t in texts if "49" in t]


def test_interim_subjects_fit_the_purpose():
    plan = load_plan(PHU_THO)
    six = parse_period("2023-6T")
    assert subject(plan, six, "vi", interim=True) == (
        "Tình hình thực hiện nhiệm vụ phát triển kinh tế – xã hội 6 tháng năm 2023"
    )
    assert opening(plan, six, "vi", interim=True) == (
        "Thực hiện Nghị quyết số 11/NQ-HĐND ngày 09/12/2022 của Hội đồng nhân dân tỉnh Phú Thọ về kế hoạch phát "
        "triển kinh tế – xã hội năm 2023, Ủy ban nhân dân tỉnh Phú Thọ báo cáo kết quả thực hiện các chỉ tiêu phát "
        "triển kinh tế – xã hội 6 tháng năm 2023 như sau:"
    )
    pho_thuan = load_plan(ROOT / "data" / "plans" / "pho-thuan-2023.yaml")
    assert subject(pho_thuan, six, "vi", interim=True) == "Sơ kết phong trào thi đua 6 tháng năm 2023"
    assert subject(pho_thuan, YEAR, "vi") == "Tổng kết phong trào thi đua năm 2023"


def test_a_plan_without_a_title_is_named_by_its_number_alone():
    # conftest's plan: 1/KH-TEST of 01/01/2023, issued by "UBND xã Thử", unit "xã Thử", no title
    plan = _plan()
    assert opening(plan, YEAR, "vi") == (
        "Thực hiện Kế hoạch số 1/KH-TEST ngày 01/01/2023 của UBND xã Thử, Ủy ban nhân dân xã Thử báo cáo kết quả "
        "thực hiện các chỉ tiêu thi đua năm 2023 như sau:"
    )


# ---- plan 71 in English: unchanged but for the language -----------------------------------------------------


def test_plan_71_in_english(tmp_path):
    review = Review.load(lang="en")
    filing = Filing(number="12", date=dt.date(2023, 12, 5), signer="Nguyễn Văn A")
    doc = Document(str(write_report(review, tmp_path / "r.docx", filing)))
    left, right = doc.tables[0].rows[0].cells
    assert _cells(left) == ["ỦY BAN NHÂN DÂN", "XÃ PHỔ THUẬN", "Số: 12/BC-UBND"]
    assert _cells(right)[-1] == "Phổ Thuận, 05/12/2023"
    texts = _texts(doc)
    assert texts[texts.index("REPORT") + 1] == "Year-end review of the emulation movement, 2023"
    # the resolutions plan 71 carries out are cited as written (proper names and numbers, in Vietnamese)
    assert (
        "Under Nghị quyết số 06/NQ-HĐND ngày 19/12/2022 của HĐND xã về biện pháp phát triển kinh tế - xã hội năm 2023"
    ) in texts[texts.index("REPORT") + 3]
    assert texts[texts.index("REPORT") + 3].endswith(
        "; Plan No. 71/KH-UBND of 22/12/2022 of Ủy ban nhân dân xã Phổ Thuận on phát động phong trào thi đua năm "
        "2023, Ủy ban nhân dân xã Phổ Thuận reports the achievement of the emulation targets, 2023 as follows:"
    )
    recipients, signature = _signature(doc)
    # plan 71's Nơi nhận: 'UBND thị xã Đức Phổ' is the body above, named once; then its other 10 lines
    assert recipients[1:3] == ["- People's Committee of thị xã Đức Phổ (report);", "- TT. Đảng ủy;"]
    assert recipients[-2:] == ["- 07 Trường thôn;", "- Filed: VT."] and len(recipients) == 1 + 1 + 10 + 1
    assert signature == ["FOR THE PEOPLE'S COMMITTEE", "CHAIRMAN", "Nguyễn Văn A"]


# ---- the command line's table heading -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("vi", "Nghị quyết số 11/NQ-HĐND – tỉnh Phú Thọ – năm 2023"),
        ("en", "Resolution No. 11/NQ-HĐND – tỉnh Phú Thọ – 2023"),
    ],
)
def test_assess_heads_its_table_with_the_plan_as_it_is(lang, heading):
    result = CliRunner().invoke(main, ["assess", "--lang", lang, str(PHU_THO), str(PHU_THO_DATA)])
    assert result.exit_code == 0, result.output
    assert heading in result.stdout.splitlines()
