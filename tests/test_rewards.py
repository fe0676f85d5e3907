"""Rewards: a decree's multiple of the base salary in force on the decision's day, rounded as the decree says.

Expected values are worked out by hand from the quoted articles (data/rules/thi-dua-khen-thuong.yaml):
Nghị định 98/2023/NĐ-CP Điều 54 (from 01/01/2024: Lao động tiên tiến 0,3; Chiến sĩ thi đua cơ sở 1,0; Tập thể lao
động tiên tiến 0,8; Tập thể lao động xuất sắc 1,5), rounded "lên hàng chục nghìn đồng"; base salary 1.800.000
đồng from 01/07/2023 and 2.340.000 đồng from 01/07/2024 (Nghị định 73/2024/NĐ-CP Điều 3 khoản 2).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

from thidua.engine.rewards import amount, in_force_on, reward_table
from thidua.errors import InputError
from thidua.inputs.titles import load_titles

RULES = load_titles(ROOT / "data" / "rules" / "thi-dua-khen-thuong.yaml")
HOSTILE = Path(__file__).parent / "hostile"


@pytest.mark.parametrize(
    ("times", "salary", "expected"),
    [
        (0.3, 1_800_000, 540_000),  # 540.000 exactly: no float error may push it up to 550.000
        (0.3, 2_340_000, 710_000),  # 702.000 up to the next 10.000
        (0.8, 2_340_000, 1_880_000),  # 1.872.000 → 1.880.000
        (1.5, 2_340_000, 3_510_000),  # a multiple of 10.000 already
        (0.8, 1_800_000, 1_440_000),
    ],
)
def test_the_reward_is_rounded_up_to_ten_thousand(times, salary, expected):
    assert amount(times, salary, 10_000) == Decimal(expected)


def test_a_decree_without_its_rounding_leaves_the_amount_exact():
    assert amount(0.3, 2_340_000, None) == Decimal(702_000)


def test_the_entry_in_force_is_the_latest_begun_on_the_day():
    salaries = RULES.base_salary
    assert in_force_on(salaries, dt.date(2023, 6, 30)) is None  # before the first one read
    assert in_force_on(salaries, dt.date(2023, 7, 1)).amount == 1_800_000  # the day it took effect
    assert in_force_on(salaries, dt.date(2024, 6, 30)).amount == 1_800_000
    assert in_force_on(salaries, dt.date(2024, 7, 1)).amount == 2_340_000
    assert in_force_on(RULES.rewards, dt.date(2023, 12, 31)) is None  # Nghị định 98/2023 from 01/01/2024
    assert in_force_on(RULES.rewards, dt.date(2024, 1, 1)).source.article == "Điều 54"
    assert in_force_on(RULES.rewards, dt.date(2025, 7, 1)).source.article == "Điều 50"  # Nghị định 152/2025


def test_the_table_multiplies_by_the_number_and_leaves_unknown_titles_without_an_amount():
    decree = in_force_on(RULES.rewards, dt.date(2024, 7, 2))
    salary = in_force_on(RULES.base_salary, dt.date(2024, 7, 2))
    numbers = pd.Series({"Lao động tiên tiến": 13, "Tập thể lao động xuất sắc": 2, "Giấy khen": 4})
    table = reward_table(numbers, decree, salary).set_index("title")
    assert table.loc["Lao động tiên tiến", "total"] == 13 * 710_000  # 9.230.000
    assert table.loc["Tập thể lao động xuất sắc", "amount"] == 3_510_000
    assert table.loc["Tập thể lao động xuất sắc", "total"] == 7_020_000
    assert pd.isna(table.loc["Giấy khen", "amount"])  # the decree read names no Giấy khen: no guess
    nothing = reward_table(numbers, None, salary)
    assert nothing["amount"].isna().all()


def test_the_sample_commendation_estimates_the_rewards_of_a_decision_on_1_january_2024():
    """13 LĐTT × 540.000 + 1 CSTĐCS (the 15% cap of 13 allows 1, of 2 within the criteria) × 1.800.000
    + 3 Tập thể LĐTT × 1.440.000 + 7 hamlets "Thôn văn hóa" (paid as "thôn, tổ dân phố văn hóa", 1,5) × 2.700.000
    = 7.020.000 + 1.800.000 + 4.320.000 + 18.900.000 = 32.040.000 đồng."""
    from thidua.reports.commendation_page import reward_lines
    from thidua.review.review import Review

    found = Review.load().commendation
    rewards = found.rewards()
    assert rewards.day == dt.date(2024, 1, 1)
    table = rewards.table.set_index("title")
    assert table["number"].to_dict() == {"Lao động tiên tiến": 13, "Chiến sĩ thi đua cơ sở": 1,
                                         "Tập thể lao động tiên tiến": 3, "Thôn văn hóa": 7}  # fmt: skip
    assert table.loc["Thôn văn hóa", "amount"] == 2_700_000
    assert table["total"].sum() == 32_040_000
    lines = reward_lines(rewards, "vi")
    assert "mức lương cơ sở 1.800.000 đồng/tháng" in lines[0] and "Điều 54" in lines[0]
    assert "tạm tính" in lines[0]
    assert lines[1] == "Tiền thưởng được làm tròn lên hàng 10.000 đồng theo nghị định."
    before = reward_lines(found.rewards(dt.date(2023, 12, 31)), "vi")
    assert before == ["Chưa có mức tiền thưởng của nghị định áp dụng ngày 31/12/2023 trong tệp danh hiệu: "
                      "chưa tính tiền thưởng."]  # fmt: skip
    later = found.rewards(dt.date(2025, 8, 1))
    assert later.table.set_index("title").loc["Lao động tiên tiến", "amount"] == 702_000  # 0,3 × 2.340.000, unrounded
    assert "Chưa làm tròn" in reward_lines(later, "vi")[1]


def test_the_filed_report_says_the_rewards_of_its_date(tmp_path):
    """Signed 02/07/2024: 13 × 710.000 + 1 × 2.340.000 + 3 × 1.880.000 + 7 × 3.510.000
    = 9.230.000 + 2.340.000 + 5.640.000 + 24.570.000 = 41.780.000 đồng."""
    from docx import Document

    from thidua.reports.word_report import Filing, write_report
    from thidua.review.review import Review

    out = write_report(Review.load(), tmp_path / "r.docx", Filing("12", dt.date(2024, 7, 2)))
    texts = [p.text for p in Document(str(out)).paragraphs]
    expected = (
        "đ) Kinh phí khen thưởng dự kiến (nếu công nhận đủ số đạt tiêu chuẩn, trong tỷ lệ cho phép): 41.780.000 đồng"
        " (13 “Lao động tiên tiến” × 710.000 đồng; 01 “Chiến sĩ thi đua cơ sở” × 2.340.000 đồng; 03 “Tập thể lao động"
        " tiên tiến” × 1.880.000 đồng; 07 “Thôn văn hóa” × 3.510.000 đồng). Tính cho quyết định ban hành ngày"
        " 02/07/2024: mức lương cơ sở 2.340.000 đồng/tháng"
    )
    assert any(t.startswith(expected) for t in texts)
    assert not [t for t in texts if "tạm tính" in t]  # the date is the report's: not an estimate


def test_hostile_rewards_out_of_order_are_refused():
    with pytest.raises(InputError) as refused:
        load_titles(HOSTILE / "titles-rewards-bad.yaml")
    assert str(refused.value).endswith("field 'since': must be in order of their dates, one entry a date")


def test_each_multiple_is_the_one_its_quote_prints():
    """The number in the data is the number in the decree's words (0.3 is "0,3 lần", 1.0 "1,0 lần" or "1 lần")."""
    for decree in RULES.rewards:
        assert decree.source.url
        for line in decree.lines:
            printed = f"{line.times:.1f}".replace(".", ",")
            assert f"{printed} lần" in line.quote or (line.times == 1 and "1 lần" in line.quote), line
    for salary in RULES.base_salary:
        assert salary.source.url
        assert f"{salary.amount:,}".replace(",", ".") in salary.quote
