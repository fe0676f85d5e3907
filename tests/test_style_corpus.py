"""The style guide's corpus: sentences and summary lines written by hand from docs/style-guide.md.

Every expected string below was written from the guide's rules and the figures given, before the
code that produces it; when a rule changes, change the guide, then these lines, then the code.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import META, indicator, make_plan

from thidua.engine.achievement import assess
from thidua.engine.interim import progress
from thidua.inputs.periods import parse_period
from thidua.inputs.plan import parse_plan
from thidua.reports.sentences import Wording, interim_sentences, missed, sentences, summary_sentence
from thidua.reports.word_report import closing, opening, subject

NAMES = {
    "gtsx": ("Giá trị sản xuất", "Gross production value"),
    "nn": ("Giá trị sản xuất nông nghiệp", "Agriculture production value"),
    "cn": ("Giá trị sản xuất công nghiệp – xây dựng", "Industry and construction production value"),
    "ngheo": ("Tỷ lệ hộ nghèo", "Poor-household rate"),
    "sdd": ("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng", "Under-five malnutrition rate"),
    "dan_so": ("Tỷ lệ tăng dân số", "Population growth rate"),
    "gdvh": ("Gia đình văn hóa", "Cultural families"),
    "nvqs": ("Huy động khám sức khỏe nghĩa vụ quân sự", "Military-service health checks attended"),
    "bhyt": ("Tỷ lệ bảo hiểm y tế toàn dân", "Health insurance coverage"),
    "thon": ("Thôn văn hóa", "Cultural hamlets"),
    "ntm": ("Xây dựng xã đạt chuẩn xã nông thôn mới nâng cao", "Commune reaches the advanced new-rural standard"),
    "lt": ("Sản lượng lương thực", "Grain output"),
    "tn": ("Bình quân giá trị thu nhập đầu người/năm", "Average income per person per year"),
    "thu": ("Thu ngân sách xã", "Commune budget revenue"),
    "chi": ("Chi ngân sách", "Commune budget expenditure"),
    "chay": ("Số vụ cháy", "Fires"),
    "vu": ("Tai nạn giao thông – số vụ", "Traffic accidents – cases"),
    "chet": ("Tai nạn giao thông – số người chết", "Traffic accidents – deaths"),
    "thuong": ("Tai nạn giao thông – số người bị thương", "Traffic accidents – injuries"),
}


def entry(ident, unit, *targets):
    vi, en = NAMES[ident]
    return indicator(ident, unit=unit, targets=list(targets), name_vi=vi, name_en=en)


def say(entries, figures, lang="vi", period="2023", **wording):
    """Sentences for ``entries`` given ``figures`` {id: (actual, last year)}."""
    plan = make_plan(*entries)
    obs = pd.DataFrame(
        [("u", period, k, a, b) for k, (a, b) in figures.items()],
        columns=["unit", "period", "indicator_id", "actual", "baseline"],
    ).astype({"actual": "float64", "baseline": "float64"})
    return sentences(assess(plan.targets, obs), plan.targets, Wording(lang, period, **wording))


GROWTH = entry("gtsx", "triệu đồng", {"kind": "growth", "value": 10})
NN = entry("nn", "triệu đồng", {"kind": "growth", "min": 5, "max": 7})
CN = entry("cn", "triệu đồng", {"kind": "growth", "min": 15, "max": 20})
NGHEO = entry("ngheo", "%", {"kind": "reduction_points", "min": 0.2, "max": 0.5})
SDD = entry("sdd", "%", {"kind": "at_most", "value": 6})
DAN_SO = entry("dan_so", "%", {"kind": "below", "value": 1})
GDVH = entry("gdvh", "%", {"kind": "range", "min": 90, "max": 95})
NVQS = entry("nvqs", "%", {"kind": "range", "min": 85, "max": 95})
BHYT = entry("bhyt", "%", {"kind": "at_least", "value": 95})
THON = entry("thon", "%", {"kind": "at_least", "value": 100})
NTM = entry("ntm", "đạt/không", {"kind": "yes_no", "value": True})
LT = entry("lt", "tấn", {"kind": "at_least", "value": 7119})
TN = entry("tn", "triệu đồng/người/năm", {"kind": "at_least", "value": 56})
THU = entry("thu", "đồng", {"kind": "at_least", "value": 6_830_000_000})
CHI = entry("chi", "đồng", {"kind": "at_least", "value": 6_830_000_000})
CHAY = entry("chay", "vụ", {"kind": "decrease"})
TN_AVERAGE = {**TN, "id": "tn_avg", "measure": "average"}  # income per person, declared as an average of money
CLAUSE = [
    entry("vu", "vụ", {"kind": "decrease", "part_of": "tngt"}),
    entry("chet", "người", {"kind": "decrease", "part_of": "tngt"}),
    entry("thuong", "người", {"kind": "decrease", "part_of": "tngt"}),
]
BUDGET = frozenset({"thu", "chi"})

# (entries, figures, expected sentence) — Vietnamese, year-end review of 2023.
VI = [
    # growth up, exceeded; down against a range; within a range; a range with the plan's decimals
    (GROWTH, (712_600, 630_000),
     "Giá trị sản xuất: 712,6 tỷ đồng, tăng 13,1% so với năm 2022 (kế hoạch tăng 10%), vượt kế hoạch."),
    (NN, (245_000, 250_000),
     "Giá trị sản xuất nông nghiệp: 245 tỷ đồng, giảm 2% so với năm 2022 (kế hoạch tăng 5–7%), không đạt kế hoạch."),
    (NN, (260_000, 250_000),
     "Giá trị sản xuất nông nghiệp: 260 tỷ đồng, tăng 4% so với năm 2022 (kế hoạch tăng 5–7%), không đạt kế hoạch."),
    (CN, (210_600, 180_000),
     "Giá trị sản xuất công nghiệp – xây dựng: 210,6 tỷ đồng, tăng 17% so với năm 2022 (kế hoạch tăng 15–20%), "
     "đạt kế hoạch."),
    (entry("gtsx", "tỷ đồng", {"kind": "growth", "min": 7.5, "max": 8.5}), (108, 100),
     "Giá trị sản xuất: 108 tỷ đồng, tăng 8% so với năm 2022 (kế hoạch tăng 7,5–8,5%), đạt kế hoạch."),
    # a rate that rose against a reduction target; a fall short of it (one more decimal); a fall that meets it
    (NGHEO, (3.3, 3.12),
     "Tỷ lệ hộ nghèo: 3,3%, tăng 0,2 điểm % so với năm 2022 (kế hoạch giảm 0,2–0,5 điểm %), không đạt kế hoạch."),
    (NGHEO, (2.96, 3.12),
     "Tỷ lệ hộ nghèo: 2,96%, giảm 0,16 điểm % so với năm 2022 (kế hoạch giảm 0,2–0,5 điểm %), không đạt kế hoạch."),
    (NGHEO, (2.8, 3.12),
     "Tỷ lệ hộ nghèo: 2,8%, giảm 0,3 điểm % so với năm 2022 (kế hoạch giảm 0,2–0,5 điểm %), đạt kế hoạch."),
    # at most, below
    (SDD, (5.8, 6.4),
     "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng: 5,8%, giảm 0,6 điểm % so với năm 2022 (kế hoạch từ 6% trở xuống), "
     "vượt kế hoạch."),
    (SDD, (6.5, 6.4),
     "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng: 6,5%, tăng 0,1 điểm % so với năm 2022 (kế hoạch từ 6% trở xuống), "
     "không đạt kế hoạch."),
    (DAN_SO, (0.82, 0.91),
     "Tỷ lệ tăng dân số: 0,82%, giảm 0,1 điểm % so với năm 2022 (kế hoạch dưới 1%), đạt kế hoạch."),
    (DAN_SO, (1.0, 0.91),
     "Tỷ lệ tăng dân số: 1%, tăng 0,1 điểm % so với năm 2022 (kế hoạch dưới 1%), không đạt kế hoạch."),
    # ranges: above (vượt), below, within
    (GDVH, (96.1, 93.5),
     "Gia đình văn hóa: 96,1%, tăng 2,6 điểm % so với năm 2022 (kế hoạch 90–95%), vượt kế hoạch."),
    (GDVH, (88.4, 91.3),
     "Gia đình văn hóa: 88,4%, giảm 2,9 điểm % so với năm 2022 (kế hoạch 90–95%), không đạt kế hoạch."),
    (NVQS, (91.3, 88.4),
     "Huy động khám sức khỏe nghĩa vụ quân sự: 91,3%, tăng 2,9 điểm % so với năm 2022 (kế hoạch 85–95%), "
     "đạt kế hoạch."),
    # rates at least; a full target, unchanged
    (BHYT, (96.1, 94.8),
     "Tỷ lệ bảo hiểm y tế toàn dân: 96,1%, tăng 1,3 điểm % so với năm 2022 (kế hoạch từ 95% trở lên), vượt kế hoạch."),
    (THON, (100, 100), "Thôn văn hóa: 100%, bằng năm 2022 (kế hoạch 100%), đạt kế hoạch."),
    # yes/no
    (NTM, (1, 0), "Xây dựng xã đạt chuẩn xã nông thôn mới nâng cao: đã đạt, đạt kế hoạch."),
    (NTM, (0, 0), "Xây dựng xã đạt chuẩn xã nông thôn mới nâng cao: chưa đạt, không đạt kế hoạch."),
    # quantities and money with % of plan
    (LT, (7204, 6985),
     "Sản lượng lương thực: 7.204 tấn, đạt 101,2% kế hoạch, tăng 3,1% so với năm 2022 (kế hoạch 7.119 tấn), "
     "vượt kế hoạch."),
    (LT, (6900, 6985),
     "Sản lượng lương thực: 6.900 tấn, đạt 96,9% kế hoạch, giảm 1,2% so với năm 2022 (kế hoạch 7.119 tấn), "
     "không đạt kế hoạch."),
    (TN, (57.4, 52.3),
     "Bình quân giá trị thu nhập đầu người/năm: 57,4 triệu đồng/người/năm, đạt 102,5% kế hoạch, tăng 9,8% so với "
     "năm 2022 (kế hoạch 56 triệu đồng/người/năm), vượt kế hoạch."),
    # counts of events in units
    (CHAY, (3, 5), "Số vụ cháy: 3 vụ, giảm 2 vụ so với năm 2022 (kế hoạch giảm), đạt kế hoạch."),
    (CHAY, (5, 5), "Số vụ cháy: 5 vụ, bằng năm 2022 (kế hoạch giảm), không đạt kế hoạch."),
    # no data, with the reason
    (SDD, (None, 6.4), "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng: chưa có số liệu (thiếu số liệu năm 2023)."),
    (GROWTH, (712_600, None), "Giá trị sản xuất: 712,6 tỷ đồng, chưa có số liệu (thiếu số liệu năm 2022)."),
]  # fmt: skip


@pytest.mark.parametrize(("target", "figures", "expected"), VI, ids=[f"vi-{i}" for i in range(len(VI))])
def test_vietnamese_sentence(target, figures, expected):
    assert say([target], {target["id"]: figures}) == [expected]


def test_budget_is_judged_against_the_estimate():
    said = say([THU, CHI], {"thu": (7_117_000_000, 6_337_500_000), "chi": (6_830_000_000, 6_210_000_000)},
               budget_ids=BUDGET)  # fmt: skip
    assert said == [
        "Thu ngân sách xã: 7,12 tỷ đồng, đạt 104,2% so với dự toán, tăng 12,3% so với năm 2022 "
        "(dự toán 6,83 tỷ đồng), vượt dự toán.",
        "Chi ngân sách: 6,83 tỷ đồng, đạt 100% so với dự toán, tăng 10% so với năm 2022 (dự toán 6,83 tỷ đồng), "
        "đạt dự toán.",
    ]


def test_estimates_say_uoc():
    said = say([THU], {"thu": (7_117_000_000, 6_337_500_000)}, budget_ids=BUDGET, estimated=frozenset({"thu"}))
    assert said == [
        "Thu ngân sách xã: ước thực hiện 7,12 tỷ đồng, ước đạt 104,2% so với dự toán, tăng 12,3% so với năm 2022 "
        "(dự toán 6,83 tỷ đồng), vượt dự toán."
    ]


CLAUSE_PREFIX = "Tai nạn giao thông so với năm 2022: "


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        ({"vu": (3, 5), "chet": (1, 2), "thuong": (5, 4)},
         "số vụ giảm 2 vụ (3 vụ), số người chết giảm 1 người (1 người), số người bị thương tăng 1 người (5 người); "
         "kế hoạch giảm cả 3 tiêu chí, không đạt kế hoạch."),
        ({"vu": (3, 5), "chet": (None, 2), "thuong": (5, 4)},
         "số vụ giảm 2 vụ (3 vụ), số người chết chưa có số liệu, số người bị thương tăng 1 người (5 người); "
         "kế hoạch giảm cả 3 tiêu chí, không đạt kế hoạch."),
        ({"vu": (3, 5), "chet": (None, 2), "thuong": (3, 4)},
         "số vụ giảm 2 vụ (3 vụ), số người chết chưa có số liệu, số người bị thương giảm 1 người (3 người); "
         "kế hoạch giảm cả 3 tiêu chí, chưa có số liệu."),
        ({"vu": (0, 0), "chet": (1, 2), "thuong": (2, 4)},
         "số vụ không đổi (0 vụ), số người chết giảm 1 người (1 người), số người bị thương giảm 2 người (2 người); "
         "kế hoạch giảm cả 3 tiêu chí, đạt kế hoạch."),
    ],
)  # fmt: skip
def test_a_clause_gets_one_sentence_and_one_verdict(figures, expected):
    assert say(CLAUSE, figures) == [CLAUSE_PREFIX + expected]


def test_a_clause_marks_its_estimated_part_only():
    """§5: only the estimated part says ước (en estimated) before its figure; the verdict is the clause's."""
    figures = {"vu": (3, 5), "chet": (1, 2), "thuong": (5, 4)}
    assert say(CLAUSE, figures, estimated=frozenset({"thuong"})) == [
        CLAUSE_PREFIX + "số vụ giảm 2 vụ (3 vụ), số người chết giảm 1 người (1 người), "
        "số người bị thương tăng 1 người (ước thực hiện 5 người); kế hoạch giảm cả 3 tiêu chí, không đạt kế hoạch."
    ]
    assert say(CLAUSE, figures, lang="en", estimated=frozenset({"vu", "thuong"})) == [
        "Traffic accidents compared with 2022: cases down 2 (estimated 3), deaths down 1 (1), "
        "injuries up 1 (estimated 5); plan: all 3 lower, not met."
    ]
    assert say(CLAUSE, {"vu": (0, 0), "chet": (1, 2), "thuong": (2, 4)}, estimated=frozenset({"vu"})) == [
        CLAUSE_PREFIX + "số vụ không đổi (ước thực hiện 0 vụ), số người chết giảm 1 người (1 người), "
        "số người bị thương giảm 2 người (2 người); kế hoạch giảm cả 3 tiêu chí, đạt kế hoạch."
    ]


def _two_levels(second):
    return entry("thu", "đồng", {"kind": "at_least", "value": 1_000_000_000}, second)


def test_two_levels_in_one_sentence():
    said = say([_two_levels({"kind": "at_least", "value": 428_000_000, "set_by": "province"})],
               {"thu": (1_357_000_000, 1_200_000_000)})  # fmt: skip
    assert said == [
        "Thu ngân sách xã: 1,36 tỷ đồng, đạt 135,7% chỉ tiêu xã giao, 317,1% chỉ tiêu tỉnh giao, tăng 13,1% so với "
        "năm 2022 (xã giao 1 tỷ đồng, tỉnh giao 428 triệu đồng), vượt kế hoạch."
    ]
    said = say([_two_levels({"kind": "at_least", "value": 1_500_000_000, "set_by": "town"})],
               {"thu": (1_357_000_000, 1_200_000_000)})  # fmt: skip
    assert said == [
        "Thu ngân sách xã: 1,36 tỷ đồng, đạt 135,7% chỉ tiêu xã giao, 90,5% chỉ tiêu thị xã giao, tăng 13,1% so với "
        "năm 2022 (xã giao 1 tỷ đồng, thị xã giao 1,5 tỷ đồng), vượt kế hoạch xã giao, không đạt kế hoạch thị xã giao."
    ]


EN = [
    (LT, (7204, 6985), "Grain output: 7,204 tonnes, 101.2% of plan, up 3.1% on 2022 (plan 7,119 tonnes), exceeded."),
    (BHYT, (96.1, 94.8), "Health insurance coverage: 96.1%, up 1.3 points on 2022 (plan at least 95%), exceeded."),
    (NN, (245_000, 250_000),
     "Agriculture production value: VND 245 billion, down 2% on 2022 (plan up 5–7%), not met."),
    (NGHEO, (3.3, 3.12), "Poor-household rate: 3.3%, up 0.2 points on 2022 (plan down 0.2–0.5 points), not met."),
    (CHAY, (3, 5), "Fires: 3 cases, down 2 cases on 2022 (plan lower), met."),
    (CHAY, (1, 2), "Fires: 1 case, down 1 case on 2022 (plan lower), met."),  # one of a unit: singular
    (TN_AVERAGE, (57.4, 52.3),
     "Average income per person per year: VND 57.4 million per person per year, 102.5% of plan, up 9.8% on 2022 "
     "(plan VND 56 million per person per year), exceeded."),
    (THON, (100, 100), "Cultural hamlets: 100%, the same as 2022 (plan 100%), met."),
    (NTM, (1, 0), "Commune reaches the advanced new-rural standard: yes, met."),
    (SDD, (None, 6.4), "Under-five malnutrition rate: no data (no figure for 2023)."),
]  # fmt: skip


@pytest.mark.parametrize(("target", "figures", "expected"), EN, ids=[f"en-{i}" for i in range(len(EN))])
def test_english_sentence(target, figures, expected):
    assert say([target], {target["id"]: figures}, lang="en") == [expected]


def test_english_budget_and_clause():
    said = say([THU], {"thu": (7_117_000_000, 6_337_500_000)}, lang="en", budget_ids=BUDGET)
    assert said == [
        "Commune budget revenue: VND 7.12 billion, 104.2% of the budget estimate, up 12.3% on 2022 "
        "(budget estimate VND 6.83 billion), exceeded."
    ]
    said = say(CLAUSE, {"vu": (3, 5), "chet": (1, 2), "thuong": (5, 4)}, lang="en")
    assert said == [
        "Traffic accidents compared with 2022: cases down 2 (3), deaths down 1 (1), injuries up 1 (5); "
        "plan: all 3 lower, not met."
    ]


def _counts(exceeded, met, not_met, no_data):
    return pd.Series({"exceeded": exceeded, "met": met, "not_met": not_met, "no_data": no_data,
                      "total": exceeded + met + not_met + no_data})  # fmt: skip


@pytest.mark.parametrize(
    ("counts", "lang", "estimate", "expected"),
    [
        (_counts(8, 25, 1, 1), "vi", False,
         "33/35 chỉ tiêu đạt và vượt kế hoạch (trong đó 8 chỉ tiêu vượt), 1 chỉ tiêu không đạt, "
         "1 chỉ tiêu chưa có số liệu"),
        (_counts(8, 21, 3, 1), "vi", True,
         "Ước 29/33 chỉ tiêu đạt và vượt kế hoạch (trong đó 8 chỉ tiêu vượt), 3 chỉ tiêu không đạt, "
         "1 chỉ tiêu chưa có số liệu"),
        (_counts(0, 5, 0, 0), "vi", False, "5/5 chỉ tiêu đạt và vượt kế hoạch"),
        (_counts(0, 0, 2, 1), "vi", False, "0/3 chỉ tiêu đạt và vượt kế hoạch, 2 chỉ tiêu không đạt, "
                                           "1 chỉ tiêu chưa có số liệu"),
        (_counts(8, 25, 1, 1), "en", False,
         "33 of 35 targets met or exceeded (8 of them exceeded), 1 not met, 1 with no data"),
        (_counts(1, 0, 1, 0), "en", True, "Estimate: 1 of 2 targets met or exceeded (1 of them exceeded), 1 not met"),
    ],
)  # fmt: skip
def test_summary_line(counts, lang, estimate, expected):
    assert summary_sentence(counts, lang, estimate=estimate) == expected


def _interim(entries, figures, last_year, lang="vi", period="2023-6T"):
    """Interim sentences of ``figures`` {id: (A_ytd, B_same_period)} with last year's whole year {id: B_year}."""
    plan = make_plan(*entries)
    obs = pd.DataFrame(
        [("u", period, k, a, b) for k, (a, b) in figures.items()],
        columns=["unit", "period", "indicator_id", "actual", "baseline"],
    ).astype({"actual": "float64", "baseline": "float64"})
    results = assess(plan.targets, obs)
    year = pd.DataFrame([("u", "2022", k, v) for k, v in last_year.items()],
                        columns=["unit", "period", "indicator_id", "value"])  # fmt: skip
    return interim_sentences(results, progress(results, year, "2022"), plan.targets, Wording(lang, period))


def test_interim_sentences_speak_of_progress_and_name_the_period():
    # Grain: share 3561 / 6985 = 0,5098, due 7119 · 0,5098 = 3629,4 ≤ 3650: on track; 3650 / 7119 = 51,27%.
    # Health insurance: a rate below its plan is judged at the year's end; malnutrition: no figure.
    said = _interim([LT, BHYT, SDD], {"lt": (3650, 3561), "bhyt": (90, 91), "sdd": (None, 6.4)}, {"lt": 6985})
    assert said == [
        "Sản lượng lương thực: 3.650 tấn, đạt 51,3% kế hoạch năm, tăng 2,5% so với 6 tháng năm 2022 "
        "(kế hoạch năm 7.119 tấn), đúng tiến độ.",
        "Tỷ lệ bảo hiểm y tế toàn dân: 90%, giảm 1 điểm % so với 6 tháng năm 2022 (kế hoạch năm từ 95% trở lên), "
        "đánh giá vào cuối năm.",
        "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng: chưa có số liệu (thiếu số liệu 6 tháng năm 2023).",
    ]
    # Share 5300 / 6985 = 0,7588, due 7119 · 0,7588 = 5401,6 > 5400: behind; 5400 / 7119 = 75,85%.
    said = _interim([LT], {"lt": (5400, 5300)}, {"lt": 6985}, lang="en", period="2023-9T")
    assert said == [
        "Grain output: 5,400 tonnes, 75.9% of the year's plan, up 1.9% on the first 9 months of 2022 "
        "(year plan 7,119 tonnes), behind."
    ]


def test_interim_sentences_from_year_to_date_figures_alone():
    # No figure of 2022 at all: 7500 / 7119 = 105,35% is past the year plan; 3650 / 7119 = 51,27% cannot be
    # judged for pace; health insurance at 96% has reached its plan of 95%.
    said = _interim([LT, BHYT], {"lt": (7500, None), "bhyt": (96, None)}, {})
    assert said == [
        "Sản lượng lương thực: 7.500 tấn, đạt 105,4% kế hoạch năm (kế hoạch năm 7.119 tấn), đã vượt kế hoạch năm.",
        "Tỷ lệ bảo hiểm y tế toàn dân: 96% (kế hoạch năm từ 95% trở lên), đã đạt.",
    ]
    said = _interim([LT], {"lt": (3650, None)}, {})
    assert said == [
        "Sản lượng lương thực: 3.650 tấn, đạt 51,3% kế hoạch năm (kế hoạch năm 7.119 tấn), "
        "chưa đánh giá được tiến độ (thiếu số liệu 6 tháng năm 2022 và cả năm 2022).",
    ]


# (entries, figures, expected lines of the missed-targets list) — docs/style-guide.md §9, written by hand.
CC_NN = indicator("cc_nn", unit="%", targets=[{"kind": "share", "value": 38.5, "tolerance": 1.0}],
                  name_vi="Cơ cấu kinh tế – nông nghiệp", name_en="Economic structure – agriculture share")  # fmt: skip
MISSED_VI = [
    (NN, (260_000, 250_000), "Giá trị sản xuất nông nghiệp: tăng 4%, thấp hơn kế hoạch 1 điểm %"),
    (NN, (245_000, 250_000), "Giá trị sản xuất nông nghiệp: giảm 2%, thấp hơn kế hoạch 7 điểm %"),
    (NGHEO, (2.97, 3.12), "Tỷ lệ hộ nghèo: giảm 0,15 điểm %, thấp hơn kế hoạch 0,05 điểm %"),
    (NGHEO, (3.22, 3.12), "Tỷ lệ hộ nghèo: tăng 0,1 điểm %, thấp hơn kế hoạch 0,3 điểm %"),
    (SDD, (6.5, 6.4), "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng: 6,5%, cao hơn kế hoạch 0,5 điểm %"),
    (CC_NN, (40.2, 39.6), "Cơ cấu kinh tế – nông nghiệp: 40,2%, cao hơn kế hoạch 1,7 điểm %"),
    (LT, (6_900, 6_985), "Sản lượng lương thực: 6.900 tấn, thấp hơn kế hoạch 219 tấn"),
    (GDVH, (88, 90), "Gia đình văn hóa: 88%, thấp hơn kế hoạch 2 điểm %"),
    (NTM, (0, 0), "Xây dựng xã đạt chuẩn xã nông thôn mới nâng cao: chưa đạt"),
    (DAN_SO, (1, 0.9), "Tỷ lệ tăng dân số: 1% (kế hoạch dưới 1%)"),
    (GROWTH, (712_600, 630_000), None),  # met: not in the list
]  # fmt: skip


def missed_lines(entries, figures, lang="vi", **wording):
    plan = make_plan(*entries)
    obs = pd.DataFrame(
        [("u", "2023", k, a, b) for k, (a, b) in figures.items()],
        columns=["unit", "period", "indicator_id", "actual", "baseline"],
    ).astype({"actual": "float64", "baseline": "float64"})
    return missed(assess(plan.targets, obs), plan.targets, Wording(lang, "2023", **wording))


@pytest.mark.parametrize(
    ("target", "figures", "expected"), MISSED_VI, ids=[f"missed-{i}" for i in range(len(MISSED_VI))]
)
def test_missed_targets_say_how_far_from_the_plan(target, figures, expected):
    assert missed_lines([target], {target["id"]: figures}) == ([expected] if expected else [])


def test_missed_budget_clause_part_and_english():
    assert missed_lines([THU], {"thu": (6_500_000_000, 6_337_500_000)}, budget_ids=BUDGET) == [
        "Thu ngân sách xã: 6,5 tỷ đồng, thấp hơn dự toán 330 triệu đồng"
    ]
    figures = {"vu": (3, 5), "chet": (1, 2), "thuong": (5, 4)}
    assert missed_lines(CLAUSE, figures) == [
        "Tai nạn giao thông – số người bị thương: tăng 1 người so với năm 2022 (kế hoạch giảm)"
    ]
    assert missed_lines(
        [NN, LT, NGHEO], {"nn": (260_000, 250_000), "lt": (6_900, 6_985), "ngheo": (2.97, 3.12)}, lang="en"
    ) == [
        "Agriculture production value: up 4%, 1 point below plan",
        "Grain output: 6,900 tonnes, 219 tonnes below plan",
        "Poor-household rate: down 0.15 points, 0.05 points below plan",
    ]


# ---- the plan as it is: the Word report's subject, opening and closing (docs/style-guide.md §8) ----------------
# Each plan below is conftest's small plan with its details changed. The first is one of the four resolutions plan
# 71 carries out ("Nghị quyết số 06/NQ-HĐND ngày 19/12/2022 của HĐND xã về biện pháp phát triển kinh tế - xã hội
# năm 2023", data/raw/ke-hoach-71-KH-UBND-pho-thuan-2023.md); the others are made up to show each kind and body.
DOCUMENTS = {
    "council": {"number": "06/NQ-HĐND", "date": dt.date(2022, 12, 19), "issued_by": "hdnd", "issuer": None,
                "unit_name": "xã Phổ Thuận",
                "title": "Nghị quyết về biện pháp phát triển kinh tế - xã hội năm 2023"},
    "programme": {"number": "15/CTr-UBND", "date": dt.date(2023, 1, 5), "issued_by": "ubnd", "issuer": None,
                  "unit_name": "thị xã Đức Phổ", "level": "town", "title": "Chương trình thi đua yêu nước năm 2023"},
    "decision": {"number": "120/QĐ-UBND", "date": dt.date(2022, 12, 20), "issuer": "Ủy ban nhân dân huyện Vĩnh Linh",
                 "unit_name": "huyện Vĩnh Linh", "level": "district",
                 "title": "Quyết định giao chỉ tiêu kế hoạch phát triển kinh tế – xã hội năm 2023"},
    "party": {"number": "05-NQ/ĐU", "date": dt.date(2023, 1, 10), "issued_by": "dang_uy", "issuer": None,
              "unit_name": "xã Tam Hợp", "title": "Nghị quyết về lãnh đạo thực hiện nhiệm vụ năm 2023"},
}  # fmt: skip

# (plan, language, subject, opening, closing) — the kind named once; the title without it; the People's Committee
# of the unit reports; the subject follows the purpose: "thi đua" in the title, else socio-economic development.
REPORTS = [
    ("council", "vi",
     "Kết quả thực hiện nhiệm vụ phát triển kinh tế – xã hội năm 2023",
     "Thực hiện Nghị quyết số 06/NQ-HĐND ngày 19/12/2022 của Hội đồng nhân dân xã Phổ Thuận về biện pháp phát "
     "triển kinh tế - xã hội năm 2023, Ủy ban nhân dân xã Phổ Thuận báo cáo kết quả thực hiện các chỉ tiêu phát "
     "triển kinh tế – xã hội năm 2023 như sau:",
     "Trên đây là báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế – xã hội năm 2023 của Ủy ban nhân dân xã "
     "Phổ Thuận./."),
    ("council", "en",
     "Report on the socio-economic development tasks, 2023",
     "Under Resolution No. 06/NQ-HĐND of 19/12/2022 of Hội đồng nhân dân xã Phổ Thuận on biện pháp phát triển kinh "
     "tế - xã hội năm 2023, Ủy ban nhân dân xã Phổ Thuận reports the achievement of the socio-economic targets, "
     "2023 as follows:",
     "This is the report on the socio-economic development tasks, 2023 of Ủy ban nhân dân xã Phổ Thuận./."),
    ("programme", "vi",
     "Tổng kết phong trào thi đua năm 2023",
     "Thực hiện Chương trình số 15/CTr-UBND ngày 05/01/2023 của Ủy ban nhân dân thị xã Đức Phổ về thi đua yêu nước "
     "năm 2023, Ủy ban nhân dân thị xã Đức Phổ báo cáo kết quả thực hiện các chỉ tiêu thi đua năm 2023 như sau:",
     "Trên đây là báo cáo tổng kết phong trào thi đua năm 2023 của Ủy ban nhân dân thị xã Đức Phổ./."),
    ("decision", "vi",
     "Kết quả thực hiện nhiệm vụ phát triển kinh tế – xã hội năm 2023",
     "Thực hiện Quyết định số 120/QĐ-UBND ngày 20/12/2022 của Ủy ban nhân dân huyện Vĩnh Linh về giao chỉ tiêu kế "
     "hoạch phát triển kinh tế – xã hội năm 2023, Ủy ban nhân dân huyện Vĩnh Linh báo cáo kết quả thực hiện các chỉ "
     "tiêu phát triển kinh tế – xã hội năm 2023 như sau:",
     "Trên đây là báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế – xã hội năm 2023 của Ủy ban nhân dân huyện "
     "Vĩnh Linh./."),
    ("party", "vi",
     "Kết quả thực hiện nhiệm vụ phát triển kinh tế – xã hội năm 2023",
     "Thực hiện Nghị quyết số 05-NQ/ĐU ngày 10/01/2023 của Đảng ủy xã Tam Hợp về lãnh đạo thực hiện nhiệm vụ năm "
     "2023, Ủy ban nhân dân xã Tam Hợp báo cáo kết quả thực hiện các chỉ tiêu phát triển kinh tế – xã hội năm 2023 "
     "như sau:",
     "Trên đây là báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế – xã hội năm 2023 của Ủy ban nhân dân xã "
     "Tam Hợp./."),
]  # fmt: skip


@pytest.mark.parametrize(("name", "lang", "said_subject", "said_opening", "said_closing"), REPORTS,
                         ids=[f"{r[0]}-{r[1]}" for r in REPORTS])  # fmt: skip
def test_the_report_names_the_plan_as_it_is(name, lang, said_subject, said_opening, said_closing):
    plan = parse_plan({"plan": {**META, **DOCUMENTS[name]}, "targets": [indicator("x")]})
    year = parse_period("2023")
    assert subject(plan, year, lang) == said_subject
    assert opening(plan, year, lang) == said_opening
    assert closing(plan, year, lang) == said_closing


# Figures as published (docs/style-guide.md §2, §3): a published figure keeps the decimals it was written with, a
# computed % of plan has one decimal, an estimate says "ước" on its first figure. A made-up test plan of a
# province ("tỉnh Thử"): its rates are the kind a statistics office prints (7,61; 10,81; 8,33; 5,77), not real ones.
GRDP = entry("gtsx", "tỷ đồng", {"kind": "growth", "value": 7})  # "Giá trị sản xuất", plan +7%
NN_LEVEL = entry("nn", "tỷ đồng", {"kind": "at_least", "value": 78.8})
THU_TY = entry("thu", "tỷ đồng", {"kind": "at_least", "value": 6.83})
VIEC_LAM = indicator("viec_lam", unit="người", targets=[{"kind": "at_least", "value": 300}],
                     name_vi="Số lao động được tạo việc làm", name_en="Jobs created")  # fmt: skip
XUAT_KHAU = indicator("xuat_khau", unit="triệu USD", measure="money", targets=[{"kind": "at_least", "value": 2000}],
                      name_vi="Kim ngạch xuất khẩu", name_en="Export value")  # fmt: skip


def say_as_published(entries, rows, lang="vi", **wording):
    """Sentences for ``entries`` given ``rows`` {id: {actual, baseline, published, decimals, published_decimals}}."""
    plan = make_plan(*entries)
    columns = ["actual", "baseline", "published", "decimals", "published_decimals"]
    obs = pd.DataFrame(
        [("u", "2023", k, *(r.get(c) for c in columns)) for k, r in rows.items()],
        columns=["unit", "period", "indicator_id", *columns],
    ).astype(dict.fromkeys(columns, "float64"))
    return sentences(assess(plan.targets, obs), plan.targets, Wording(lang, "2023", **wording))


AS_PUBLISHED_VI = [
    # a published growth keeps its digits: 7,61 (not 7,6), 10,81, 8,33, 5,77; −9,28 against +6,5–7%
    (GRDP, {"published": 7.61, "published_decimals": 2}, {},
     "Giá trị sản xuất: tăng 7,61% so với năm 2022 (kế hoạch tăng 7%), vượt kế hoạch."),
    (GRDP, {"published": 10.81, "published_decimals": 2}, {},
     "Giá trị sản xuất: tăng 10,81% so với năm 2022 (kế hoạch tăng 7%), vượt kế hoạch."),
    (GRDP, {"published": 8.33, "published_decimals": 2}, {},
     "Giá trị sản xuất: tăng 8,33% so với năm 2022 (kế hoạch tăng 7%), vượt kế hoạch."),
    (GRDP, {"published": 5.77, "published_decimals": 2}, {},
     "Giá trị sản xuất: tăng 5,77% so với năm 2022 (kế hoạch tăng 7%), không đạt kế hoạch."),
    (entry("gtsx", "tỷ đồng", {"kind": "growth", "min": 6.5, "max": 7}), {"published": -9.28, "published_decimals": 2},
     {}, "Giá trị sản xuất: giảm 9,28% so với năm 2022 (kế hoạch tăng 6,5–7%), không đạt kế hoạch."),
    # as written: '7,60' has two decimals, '10' none
    (GRDP, {"published": 7.6, "published_decimals": 2}, {},
     "Giá trị sản xuất: tăng 7,60% so với năm 2022 (kế hoạch tăng 7%), vượt kế hoạch."),
    (GRDP, {"published": 10, "published_decimals": 0}, {},
     "Giá trị sản xuất: tăng 10% so với năm 2022 (kế hoạch tăng 7%), vượt kế hoạch."),
    # an estimate: the sentence starts with the change, so the change says "ước" (Bắc Ninh's −6,18, the UBND's estimate)
    (GRDP, {"published": 7.61, "published_decimals": 2}, {"estimated": frozenset({"gtsx"})},
     "Giá trị sản xuất: ước tăng 7,61% so với năm 2022 (kế hoạch tăng 7%), vượt kế hoạch."),
    (entry("gtsx", "tỷ đồng", {"kind": "growth", "min": 6.5, "max": 7}), {"published": -6.18, "published_decimals": 2},
     {"estimated": frozenset({"gtsx"})},
     "Giá trị sản xuất: ước giảm 6,18% so với năm 2022 (kế hoạch tăng 6,5–7%), không đạt kế hoạch."),
    # a level's published change: "ước đạt 79 tỷ đồng, đạt 100,3% kế hoạch, tăng 3,2% so với cùng kỳ" in a commune's
    # report; 79 / 78,8 = 1,002538 → 100,3%; the change is shown, the verdict is the level's (79 > 78,8: vượt)
    (NN_LEVEL, {"actual": 79, "decimals": 0, "published": 3.2, "published_decimals": 1},
     {"estimated": frozenset({"nn"})},
     "Giá trị sản xuất nông nghiệp: ước thực hiện 79 tỷ đồng, ước đạt 100,3% kế hoạch, tăng 3,2% so với năm 2022 "
     "(kế hoạch 78,8 tỷ đồng), vượt kế hoạch."),
    (NN_LEVEL, {"actual": 78, "decimals": 0, "published": 3.2, "published_decimals": 1}, {},
     "Giá trị sản xuất nông nghiệp: 78 tỷ đồng, đạt 99% kế hoạch, tăng 3,2% so với năm 2022 (kế hoạch 78,8 tỷ đồng), "
     "không đạt kế hoạch."),  # 78 / 78,8 = 0,98985 → 99%: a rise on last year does not meet the plan
    # a computed % of plan has one decimal, whatever the money's: 6,65 / 6,83 = 0,973646 → 97,4% (not 97,36%);
    # 7,15 / 6,83 = 1,046852 → 104,7% (not 104,69%)
    (THU_TY, {"actual": 6.65}, {"budget_ids": BUDGET},
     "Thu ngân sách xã: 6,65 tỷ đồng, đạt 97,4% so với dự toán (dự toán 6,83 tỷ đồng), không đạt dự toán."),
    (THU_TY, {"actual": 7.15}, {"budget_ids": BUDGET},
     "Thu ngân sách xã: 7,15 tỷ đồng, đạt 104,7% so với dự toán (dự toán 6,83 tỷ đồng), vượt dự toán."),
    # a count's published change is in % (its levels are not known); 320 / 300 = 1,0667 → 106,7%
    (VIEC_LAM, {"actual": 320, "decimals": 0, "published": 5, "published_decimals": 0}, {},
     "Số lao động được tạo việc làm: 320 người, đạt 106,7% kế hoạch, tăng 5% so với năm 2022 (kế hoạch 300 người), "
     "vượt kế hoạch."),
    # a rate as written ('96,10') and its published change in points
    (BHYT, {"actual": 96.1, "decimals": 2, "published": 1.3, "published_decimals": 1}, {},
     "Tỷ lệ bảo hiểm y tế toàn dân: 96,10%, tăng 1,3 điểm % so với năm 2022 (kế hoạch từ 95% trở lên), "
     "vượt kế hoạch."),
    # exports in triệu USD stay in USD: 1.234,5 + 850 = 2.084,5 triệu USD = 2,08 tỷ USD; 2.084,5 / 2.000 = 104,2%
    (XUAT_KHAU, {"actual": 2084.5, "published": 10.81, "published_decimals": 2}, {},
     "Kim ngạch xuất khẩu: 2,08 tỷ USD, đạt 104,2% kế hoạch, tăng 10,81% so với năm 2022 (kế hoạch 2 tỷ USD), "
     "vượt kế hoạch."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("target", "row", "wording", "expected"),
    AS_PUBLISHED_VI,
    ids=[f"published-{i}" for i in range(len(AS_PUBLISHED_VI))],
)
def test_figures_as_published(target, row, wording, expected):
    assert say_as_published([target], {target["id"]: row}, **wording) == [expected]


def test_figures_as_published_in_english():
    growth = {"gtsx": {"published": 7.61, "published_decimals": 2}}
    assert say_as_published([GRDP], growth, lang="en", estimated=frozenset({"gtsx"})) == [
        "Gross production value: an estimated rise of 7.61% on 2022 (plan up 7%), exceeded."
    ]
    exports = {"xuat_khau": {"actual": 2084.5, "published": 10.81, "published_decimals": 2}}
    assert say_as_published([XUAT_KHAU], exports, lang="en") == [
        "Export value: USD 2.08 billion, 104.2% of plan, up 10.81% on 2022 (plan USD 2 billion), exceeded."
    ]


def test_a_published_growth_missed_says_by_how_much_to_its_digits():
    """§9: −9,28 against +6,5–7%: 6,5 − (−9,28) = 15,78 points short, both figures to their printed digits."""
    plan = make_plan(entry("gtsx", "tỷ đồng", {"kind": "growth", "min": 6.5, "max": 7}))
    obs = pd.DataFrame(
        {"unit": ["u"], "period": ["2023"], "indicator_id": ["gtsx"], "actual": [float("nan")],
         "baseline": [float("nan")], "published": [-9.28], "published_decimals": [2.0]}
    )  # fmt: skip
    lines = missed(assess(plan.targets, obs), plan.targets, Wording("vi", "2023"))
    assert lines == ["Giá trị sản xuất: giảm 9,28%, thấp hơn kế hoạch 15,78 điểm %"]
