"""Summary line, 'every part' clauses, and Vietnamese/English number formatting."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import TEST_MEASURES

from thidua.engine.achievement import assess
from thidua.engine.summary import count_statuses, every_part
from thidua.reports.formatting import (
    achievement_table,
    fmt_money,
    fmt_number,
    fmt_percent,
    fmt_signed,
    fmt_target,
)
from thidua.reports.sentences import summary_sentence


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
    assert summary_sentence(row, "vi") == (
        "31/35 chỉ tiêu đạt và vượt kế hoạch (trong đó 12 chỉ tiêu vượt), 3 chỉ tiêu không đạt, "
        "1 chỉ tiêu chưa có số liệu"
    )
    assert (
        summary_sentence(row, "en")
        == "31 of 35 targets met or exceeded (12 of them exceeded), 3 not met, 1 with no data"
    )


def test_summary_leaves_out_empty_statuses_and_counts_by_group():
    counts = count_statuses(_results(["met", "met", "not_met"]), by=["unit", "group"])
    assert counts.loc[("u", "kinh_te"), "no_data"] == 0
    assert summary_sentence(counts.loc[("u", "kinh_te")]) == "2/3 chỉ tiêu đạt và vượt kế hoạch, 1 chỉ tiêu không đạt"
    assert summary_sentence(count_statuses(_results(["met"])).iloc[0], "en") == "1 of 1 target met or exceeded"


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
    obs.loc[2, "actual"] = 6.0  # a part rose: not met, whatever the part with no figure
    assert every_part(assess(plan.targets, obs), plan.targets)["status"].tolist() == ["not_met"]


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
    assert fmt_percent(-4.0, "en", signed=True) == "-4%"  # no trailing zero on a whole percentage
    assert fmt_percent(100.0, "vi") == "100%" and fmt_percent(9.98, "vi") == "10%"
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
        "6,83 tỷ đồng", "7,12 tỷ đồng", "104,2%", "+12,3%", "vượt",
    )  # fmt: skip
    assert table.loc["Tỷ lệ hộ nghèo", "Kế hoạch"] == "giảm 0,2–0,5 điểm %"
    # a rate's change in 'điểm %', as the sentences say it (docs/style-guide.md, Tables), never the bare 'điểm'
    assert table.loc["Tỷ lệ hộ nghèo", "So cùng kỳ"] == "-0,1 điểm %"  # 3,12 − 2,97 = 0,1499…: 0,1, not the bound 0,2
    assert table.loc["Tỷ lệ bảo hiểm y tế toàn dân", "So cùng kỳ"] == "+1,3 điểm %"
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
    assert table.loc["Tỷ lệ bảo hiểm y tế toàn dân", "Thực hiện"] == "96,1% (7.812/8.129)"
    assert table.loc["Tỷ lệ hộ nghèo", "Thực hiện"] == "2,97% (80/2.694)"
    assert table.loc["Thu ngân sách xã", "Thực hiện"] == "–"


@pytest.mark.parametrize(
    ("value", "unit", "lang", "text"),
    [
        (6_830_000_000, "đồng", "vi", "6,83 tỷ đồng"),
        (7_000_000_000, "đồng", "vi", "7 tỷ đồng"),
        (2_500_000, "đồng", "vi", "2,5 triệu đồng"),
        (950_000, "đồng", "vi", "950.000 đồng"),
        (712_600, "triệu đồng", "vi", "712,6 tỷ đồng"),
        (57.4, "triệu đồng/người/năm", "vi", "57,4 triệu đồng/người/năm"),
        (1.5, "tỷ đồng", "vi", "1,5 tỷ đồng"),
        (6_830_000_000, "đồng", "en", "VND 6.83 billion"),
        (57.4, "triệu đồng/người/năm", "en", "VND 57.4 million per person per year"),
    ],
)
def test_money_in_the_magnitude_a_report_uses(value, unit, lang, text):
    assert fmt_money(value, unit, lang) == text


def test_a_report_can_fix_the_magnitude():
    assert fmt_money(950_000_000, "đồng", "vi", scale="tỷ") == "0,95 tỷ đồng"


def _target(kind, unit="%", low=math.nan, high=math.nan, target=math.nan, tolerance=math.nan, measure=None):
    """A target row as the plan declares it (the measure as a plan writer declares it for the unit)."""
    measure = measure or {"yes_no": "yes_no", "share": "rate"}.get(kind, TEST_MEASURES.get(unit, "quantity"))
    return pd.Series({"kind": kind, "measure": measure, "unit_of_measure": unit, "target_low": low,
                      "target_high": high, "target": target, "tolerance": tolerance})  # fmt: skip


@pytest.mark.parametrize(
    ("row", "text"),
    [
        (_target("growth", "tỷ đồng", 7.5, 8.5), "tăng 7,5–8,5%"),  # a range keeps the plan's decimals
        (_target("growth", "tỷ đồng", 10), "tăng 10%"),
        (
            _target("range", "triệu đồng/người/năm", 55, 56, measure="average"),
            "55–56 triệu đồng/người/năm",
        ),  # an income range
        (_target("range", "đồng", 950_000_000, 1_200_000_000), "0,95–1,2 tỷ đồng"),
        (_target("share", "%", 24.5, 25.5), "24,5–25,5%"),  # a share range prints its bounds
        (_target("share", "%", 37.5, 39.5, 38.5, 1.0), "38,5%"),  # a catalog tolerance is not the plan's
        (_target("share", "%", 38.5, target=38.5), "từ 38,5% trở lên"),
        (_target("reduction_points", "%", 0.25, 0.5), "giảm 0,25–0,5 điểm %"),
        (_target("at_least", "%", 95), "từ 95% trở lên"),
        (_target("at_least", "%", 100), "100%"),
        (_target("at_least", "tấn", 7119), "7.119 tấn"),
        (_target("at_most", "%", high=6), "từ 6% trở xuống"),
        (_target("below", "%", high=1), "dưới 1%"),
        (_target("range", "%", 90, 95), "90–95%"),
        (_target("decrease", "vụ"), "giảm"),
        (_target("yes_no", "đạt/không", 1), "đạt"),
    ],
)
def test_targets_print_as_the_plan_wrote_them(row, text):
    assert fmt_target(row, "vi") == text


def test_a_value_above_a_range_is_exceeded_in_words():
    from conftest import assess_one, indicator, make_plan

    from thidua.reports.sentences import Wording, sentences

    frame = pd.DataFrame([assess_one({"kind": "range", "min": 7.5, "max": 8.5}, 9.0, 8.0)])

    targets = make_plan(indicator("x", targets=[{"kind": "range", "min": 7.5, "max": 8.5}])).targets
    assert sentences(frame, targets, Wording("vi")) == [
        "Chỉ tiêu x: 9%, tăng 1 điểm % so với năm 2022 (kế hoạch 7,5–8,5%), vượt kế hoạch."
    ]


@pytest.mark.parametrize(
    ("figures", "verdict"),
    [
        ({"vu": (3, 5), "chet": (1, 2), "thuong": (5, 4)}, ["không đạt", "all 3 lower", "not met"]),
        (
            {"vu": (3, 5), "chet": (None, 2), "thuong": (5, 4)},
            ["không đạt", "all 3 lower", "not met"],
        ),  # a rise decides
        ({"vu": (3, 5), "chet": (None, 2), "thuong": (3, 4)}, ["chưa có số liệu", "all 3 lower", "no data"]),
        ({"vu": (3, 5), "chet": (1, 2), "thuong": (3, 4)}, ["đạt", "all 3 lower", "met"]),
    ],
)
def test_a_clause_has_one_row_with_its_verdict_before_its_parts(figures, verdict):
    from conftest import indicator, make_plan

    plan = make_plan(
        indicator("ntm", unit="đạt/không", targets=[{"kind": "yes_no", "value": True}], name_vi="Nông thôn mới"),
        *[
            indicator(k, unit="vụ", targets=[{"kind": "decrease", "part_of": "tngt"}], name_vi=f"Tai nạn – {k}",
                      name_en=f"Accidents – {k}")
            for k in ("vu", "chet", "thuong")
        ],
    )  # fmt: skip
    obs = pd.DataFrame(
        [("u", "2023", k, a, b) for k, (a, b) in {"ntm": (1, 1), **figures}.items()],
        columns=["unit", "period", "indicator_id", "actual", "baseline"],
    ).astype({"actual": "float64", "baseline": "float64"})
    results = assess(plan.targets, obs)
    vi, en = achievement_table(results, plan.targets, "vi"), achievement_table(results, plan.targets, "en")
    assert vi["Chỉ tiêu"].tolist() == ["Nông thôn mới", "Tai nạn", "Tai nạn – vu", "Tai nạn – chet", "Tai nạn – thuong"]
    assert [vi.loc[2, "Đánh giá"], en.loc[2, "Plan"], en.loc[2, "Status"]] == verdict
    assert vi.loc[2, "Kế hoạch"] == "giảm cả 3 tiêu chí" and vi.loc[2, "Thực hiện"] == "–"


def test_a_signed_figure_has_one_form():
    """docs/style-guide.md, Tables: '+' for a rise, the hyphen-minus '-' for a fall (never U+2212 '−'),
    no sign on a figure that prints as zero; trailing zeros dropped unless the column keeps its decimals."""
    assert fmt_signed(0.4) == "+0,4" and fmt_signed(-0.6) == "-0,6"
    assert fmt_signed(-20, "vi", 0) == "-20" and fmt_signed(30, "vi", 0) == "+30" and fmt_signed(0, "vi", 0) == "0"
    assert fmt_signed(-0.04, "vi", 1, trim=False) == "0,0"  # rounds to 0,0: neither '-0,0' nor '+0,0'
    assert fmt_signed(4.0) == "+4" and fmt_signed(4.0, "vi", 1, trim=False) == "+4,0"
    assert fmt_signed(-1234.5, "en") == "-1,234.5"
    assert fmt_signed(math.nan) == "–"
    assert fmt_percent(-0.04, "vi", signed=True) == "0%"  # 0,04 below zero prints as 0%: no sign
    assert fmt_signed(-104, "vi", 0, magnitude=lambda v: f"{fmt_number(v, 'vi', 0)} tấn") == "-104 tấn"


def test_the_change_column_speaks_in_the_sentences_units(plan):
    """So cùng kỳ, worked from the guide: rates in 'điểm %' (a fall -1,7, no change '0 điểm %', never '0 điểm'),
    counts in units ('-2 vụ'), levels in % ('0%' when equal); en 'points'."""
    obs = pd.DataFrame(
        {
            "unit": "u", "period": "2023",
            "indicator_id": ["co_cau_nong_nghiep", "hoan_thanh_tieu_hoc", "tngt_so_vu", "san_luong_luong_thuc"],
            "actual": [37.9, 100.0, 3.0, 7_000.0], "baseline": [39.6, 100.0, 5.0, 7_000.0],
        }
    )  # fmt: skip
    results = assess(plan.targets, obs)
    change = achievement_table(results, plan.targets, "vi").set_index("Chỉ tiêu")["So cùng kỳ"]
    assert change["Cơ cấu kinh tế – nông nghiệp"] == "-1,7 điểm %"  # 37,9 − 39,6
    assert change["Học sinh Tiểu học hoàn thành chương trình tiểu học"] == "0 điểm %"  # 100 − 100
    assert change["Tai nạn giao thông – số vụ"] == "-2 vụ"  # 3 − 5
    assert change["Sản lượng lương thực"] == "0%"  # 7.000 / 7.000 − 1
    english = achievement_table(results, plan.targets, "en").set_index("Indicator")["vs last year"]
    assert english.iloc[list(change.index).index("Cơ cấu kinh tế – nông nghiệp")] == "-1.7 points"
