"""Summary line, 'every part' clauses, and Vietnamese/English number formatting."""

from __future__ import annotations

import pandas as pd
import pytest

from thidua.achievement import assess
from thidua.formatting import achievement_table, fmt_number, fmt_percent
from thidua.summary import count_statuses, every_part, summary_sentence


def _results(statuses):
    return pd.DataFrame(
        {
            "unit": "u", "period": "2023", "group": ["kinh_te"] * len(statuses),
            "status": pd.Categorical(statuses, categories=["exceeded", "met", "not_met", "no_data"]),
        }
    )  # fmt: skip


def test_summary_sentence_in_both_languages():
    counts = count_statuses(_results(["exceeded"] * 12 + ["met"] * 19 + ["not_met"] * 3 + ["no_data"]))
    row = counts.loc[("u", "2023")]
    assert summary_sentence(row, "vi") == "35 chỉ tiêu: 12 vượt, 19 đạt, 3 không đạt, 1 chưa có số liệu"
    assert summary_sentence(row, "en") == "35 targets: 12 exceeded, 19 met, 3 not met, 1 no data"


def test_summary_leaves_out_empty_statuses_and_counts_by_group():
    counts = count_statuses(_results(["met", "met", "not_met"]), by=["unit", "group"])
    assert counts.loc[("u", "kinh_te"), "no_data"] == 0
    assert summary_sentence(counts.loc[("u", "kinh_te")]) == "3 chỉ tiêu: 2 đạt, 1 không đạt"


def test_every_part_fails_when_one_part_rises(plan):
    obs = pd.DataFrame(
        {
            "unit": "u", "period": "2023",
            "indicator_id": ["tngt_so_vu", "tngt_so_nguoi_chet", "tngt_so_nguoi_bi_thuong"],
            "actual": [3.0, 1.0, 5.0], "baseline": [5.0, 2.0, 4.0],
        }
    )  # fmt: skip
    results = assess(plan.targets, obs)
    clause = every_part(results, plan.targets)
    assert clause[["part_of", "status", "parts"]].values.tolist() == [["tai_nan_giao_thong", "not_met", 3]]
    obs.loc[2, "actual"] = 4.0 - 1
    assert every_part(assess(plan.targets, obs), plan.targets)["status"].tolist() == ["met"]
    obs.loc[1, "actual"] = None
    assert every_part(assess(plan.targets, obs), plan.targets)["status"].tolist() == ["no_data"]


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "text"),
    [
        (6_830_000_000, "vi", None, "6.830.000.000"),
        (6_830_000_000, "en", None, "6,830,000,000"),
        (38.5, "vi", None, "38,5"),
        (38.5, "en", None, "38.5"),
        (7119, "vi", None, "7.119"),
        (0.2, "vi", None, "0,2"),
        (104.20205, "vi", 1, "104,2"),
        (96.099, "vi", 1, "96,1"),
        (float("nan"), "vi", None, "–"),
    ],
)
def test_fmt_number(value, lang, decimals, text):
    assert fmt_number(value, lang, decimals) == text


def test_fmt_percent_signs():
    assert fmt_percent(12.2998, "vi", signed=True) == "+12,3%"
    assert fmt_percent(-4.0, "en", signed=True) == "-4.0%"
    with pytest.raises(ValueError, match="lang"):
        fmt_number(1, "fr")


def test_achievement_table_is_formatted_text(plan):
    obs = pd.DataFrame(
        {
            "unit": "u", "period": "2023", "indicator_id": ["thu_ngan_sach", "giam_ho_ngheo", "bhyt"],
            "actual": [7_117_000_000, 2.97, 96.1], "baseline": [6_337_500_000, 3.12, 94.8],
        }
    )  # fmt: skip
    results = assess(plan.targets, obs)
    table = achievement_table(results, plan.targets, "vi").set_index("Chỉ tiêu")
    thu = table.loc["Thu ngân sách xã"]
    assert (thu["Kế hoạch"], thu["Thực hiện"], thu["% KH"], thu["So cùng kỳ"], thu["Đánh giá"]) == (
        "≥ 6.830.000.000", "7.117.000.000", "104,2%", "+12,3%", "vượt",
    )  # fmt: skip
    assert table.loc["Tỷ lệ hộ nghèo giảm", "Kế hoạch"] == "giảm 0,2–0,5 điểm %"
    assert table.loc["Tỷ lệ bảo hiểm y tế toàn dân", "So cùng kỳ"] == "+1,30 điểm"
    assert table.loc["Gia đình văn hóa", "Đánh giá"] == "chưa có số liệu"
    english = achievement_table(results, plan.targets, "en").set_index("Indicator")
    assert english.loc["Commune budget revenue", "% of plan"] == "104.2%"


def test_rates_are_shown_with_their_parts(plan):
    obs = pd.DataFrame(
        {
            "unit": "u", "period": "2023", "indicator_id": ["bhyt", "giam_ho_ngheo"],
            "actual": [7812 / 8129 * 100, 80 / 2694 * 100], "baseline": [94.8, 3.12],
            "numerator": [7812.0, 80.0], "denominator": [8129.0, 2694.0],
        }
    )  # fmt: skip
    results = assess(plan.targets, obs)
    row = results.set_index("indicator_id").loc["bhyt"]
    assert (row["numerator"], row["denominator"]) == (7812, 8129)
    table = achievement_table(results, plan.targets, "vi").set_index("Chỉ tiêu")
    assert table.loc["Tỷ lệ bảo hiểm y tế toàn dân", "Thực hiện"] == "96,1 (7.812/8.129)"
    assert table.loc["Tỷ lệ hộ nghèo giảm", "Thực hiện"] == "2,97 (80/2.694)"
    assert table.loc["Thu ngân sách xã", "Thực hiện"] == "–"
