"""Sentences of the sample review, checked word for word against docs/style-guide.md."""

from __future__ import annotations

import pytest
from conftest import BUDGET_PATH, SAMPLE_PATH

from thidua.inputs.observations import read_budget_csv, read_csv
from thidua.inputs.periods import parse_period
from thidua.reports.sentences import Wording, heading, period_name, sentences
from thidua.review.review import run_assessment

BUDGET = frozenset({"thu_ngan_sach", "chi_ngan_sach"})


@pytest.fixture(scope="module")
def said(plan):
    results = run_assessment(plan, read_csv(SAMPLE_PATH), budget=read_budget_csv(BUDGET_PATH))
    return {lang: sentences(results, plan.targets, Wording(lang, "2023", budget_ids=BUDGET)) for lang in ("vi", "en")}


def test_one_sentence_per_target_and_one_for_the_clause(said):
    assert len(said["vi"]) == len(said["en"]) == 33  # 35 targets, the 3 traffic parts in one sentence


def test_sample_sentences(said):
    vi = said["vi"]
    assert (
        "Thu ngân sách xã: 7,12 tỷ đồng, đạt 104,2% so với dự toán, tăng 12,3% so với năm 2022 "
        "(dự toán 6,83 tỷ đồng), vượt dự toán." in vi
    )
    # 7.812/8.129 = 96,10%; 7.663/8.084 = 94,79%: up 1,31 points, printed with 1 decimal
    assert (
        "Tỷ lệ bảo hiểm y tế toàn dân: 96,1%, tăng 1,3 điểm % so với năm 2022 (kế hoạch từ 95% trở lên), "
        "vượt kế hoạch." in vi
    )
    assert (
        "Giá trị sản xuất nông nghiệp: 260 tỷ đồng, tăng 4% so với năm 2022 (kế hoạch tăng 5–7%), "
        "không đạt kế hoạch." in vi
    )
    # 84/2.692 = 3,120%, 80/2.694 = 2,970%: a fall of 0,151 points, which 1 decimal would print as the bound 0,2
    assert (
        "Tỷ lệ hộ nghèo: 2,97%, giảm 0,15 điểm % so với năm 2022 (kế hoạch giảm 0,2–0,5 điểm %), "
        "không đạt kế hoạch." in vi
    )
    assert (
        "Tai nạn giao thông so với năm 2022: số vụ giảm 2 vụ (3 vụ), số người chết giảm 1 người (1 người), "
        "số người bị thương tăng 1 người (5 người); kế hoạch giảm cả 3 tiêu chí, không đạt kế hoạch." in vi
    )
    assert "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng: chưa có số liệu (thiếu số liệu năm 2023)." in vi
    # 424.800/1.120.800 = 37,90% against 39,6% in 2022; the catalog's ±1 point is not the plan's target
    assert "Cơ cấu kinh tế – nông nghiệp: 37,9%, giảm 1,7 điểm % so với năm 2022 (kế hoạch 38,5%), đạt kế hoạch." in vi
    assert "Xây dựng xã đạt chuẩn xã nông thôn mới nâng cao: đã đạt, đạt kế hoạch." in vi
    assert "Grain output: 7,204 tonnes, 101.2% of plan, up 3.1% on 2022 (plan 7,119 tonnes), exceeded." in said["en"]


def test_no_sentence_reads_a_fall_as_a_rise(said):
    for text in said["vi"]:
        assert "tăng -" not in text and "giảm -" not in text and "tăng: " not in text
        assert ",0%" not in text and ",0 " not in text


@pytest.mark.parametrize(
    ("period", "lang", "name"),
    [
        ("2022", "vi", "năm 2022"), ("2022-6T", "vi", "6 tháng năm 2022"), ("2022-9T", "vi", "9 tháng năm 2022"),
        ("2022-Q3", "vi", "quý 3 năm 2022"), ("2022-H2", "vi", "6 tháng cuối năm 2022"),
        ("2022", "en", "2022"), ("2022-6T", "en", "the first 6 months of 2022"),
    ],
)  # fmt: skip
def test_periods_are_named_as_officials_name_them(period, lang, name):
    assert period_name(parse_period(period), lang) == name


def test_heading_names_the_commune_not_its_code(plan):
    assert heading(plan, "pho_thuan", "2023", "vi") == "Kế hoạch số 71/KH-UBND – xã Phổ Thuận – năm 2023"
    assert (
        heading(plan, "pho_thuan", "2023-6T", "en") == "Plan No. 71/KH-UBND – xã Phổ Thuận – the first 6 months of 2023"
    )
