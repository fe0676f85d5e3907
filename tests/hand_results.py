"""Result rows of the plan 71 sample, worked out by hand from the plan and the sample's figures.

Plan: data/plans/pho-thuan-2023.yaml (Kế hoạch 71/KH-UBND); figures: data/sample/pho-thuan-2022-2023.csv and,
for the budget, pho-thuan-2022-2023-budget.csv. Formulas as README states them: growth (A / B − 1) · 100, a
fall in points B − A, % of plan A / T · 100 for "at least" targets only, a share the sector's current-price
value over the total. Each value is written as the arithmetic that gives it, never copied from the program.
Used to check the tables the program writes (achievement.csv, achievement.xlsx, an assessed workbook).
"""

from __future__ import annotations

import math

NAN = math.nan
SAMPLE_ROWS = {
    # constant prices (triệu đồng): 260.000 against 250.000: +4%, below 5–7%
    "gtsx_nong_nghiep": {
        "kind": "growth", "actual": 260_000, "baseline": 250_000, "target_low": 5, "target_high": 7,
        "compared": 4, "status": "not_met", "pct_of_plan": NAN, "name_vi": "Giá trị sản xuất nông nghiệp",
    },
    # current prices: 424.800 / (424.800 + 334.000 + 362.000) = 37,90%, within 38,5 ± 1; 2022: 396.000 / 1.000.000
    "co_cau_nong_nghiep": {
        "kind": "share", "actual": 424_800 / 1_120_800 * 100, "baseline": 39.6, "target": 38.5,
        "target_low": 37.5, "target_high": 39.5, "compared": 424_800 / 1_120_800 * 100, "status": "met",
        "change_points": 424_800 / 1_120_800 * 100 - 39.6, "name_vi": "Cơ cấu kinh tế – nông nghiệp",
    },
    # 7.204 / 7.119 = 101,19% of plan; 7.204 / 6.985 − 1 = +3,14%; 7.204 − 6.985 = 219 tấn
    "san_luong_luong_thuc": {
        "kind": "at_least", "unit_of_measure": "tấn", "actual": 7204, "baseline": 6985, "target": 7119,
        "compared": 7204, "status": "exceeded", "pct_of_plan": 7204 / 7119 * 100,
        "change_vs_baseline": (7204 / 6985 - 1) * 100, "change_points": 219, "name_vi": "Sản lượng lương thực",
    },
    # revenue 1.390.000.000 + 5.727.000.000 against the estimate 6.830.000.000: 104,2%; 2022: 1.120.000.000 +
    # 5.217.500.000 = 6.337.500.000, so +12,3%
    "thu_ngan_sach": {
        "kind": "at_least", "actual": 7_117_000_000, "baseline": 6_337_500_000, "target": 6_830_000_000,
        "status": "exceeded", "pct_of_plan": 7117 / 6830 * 100, "change_vs_baseline": (7117 / 6337.5 - 1) * 100,
    },
    # 80 / 2.694 = 2,97% against 84 / 2.692 = 3,12%: a fall of 0,15 points, below 0,2–0,5
    "giam_ho_ngheo": {
        "kind": "reduction_points", "actual": 80 / 2694 * 100, "numerator": 80, "denominator": 2694,
        "baseline": 84 / 2692 * 100, "target_low": 0.2, "target_high": 0.5,
        "compared": 84 / 2692 * 100 - 80 / 2694 * 100, "status": "not_met", "pct_of_plan": NAN,
    },
    # 7.812 / 8.129 = 96,10% ≥ 95: 101,16% of plan; 7.663 / 8.084 = 94,79% in 2022
    "bhyt": {
        "kind": "at_least", "actual": 7812 / 8129 * 100, "numerator": 7812, "denominator": 8129,
        "baseline": 7663 / 8084 * 100, "target": 95, "status": "exceeded", "pct_of_plan": 7812 / 8129 / 95 * 1e4,
    },
    # no 2023 figure: no data, from the missing actual
    "suy_dinh_duong": {"actual": NAN, "baseline": 6.4, "compared": NAN, "status": "no_data", "note": "no_actual"},
    # 5 injured against 4: a part of the traffic clause that rose
    "tngt_so_nguoi_bi_thuong": {
        "kind": "decrease", "actual": 5, "baseline": 4, "status": "not_met", "change_points": 1,
    },
}  # fmt: skip
# achievement.csv and `thidua assess --format csv` keep their documented columns: no names
SAMPLE_CSV_ROWS = {ident: {k: v for k, v in row.items() if k != "name_vi"} for ident, row in SAMPLE_ROWS.items()}
# README's count (29/33 met or exceeded, 8 of them exceeded, 3 not met, 1 with no data) over the 32 single
# targets and the traffic clause (not met), as rows: the clause's 3 parts instead of it, deaths 2 → 1 and
# cases 5 → 3 met, injuries 4 → 5 not met: 8 exceeded, 21 + 2 met, 2 + 1 not met, 1 no data.
SAMPLE_STATUSES = {"exceeded": 8, "met": 23, "not_met": 3, "no_data": 1}


def _number(value: object) -> float:
    """A cell as a number: '' and None (an empty cell) are NaN."""
    return NAN if value in (None, "") else float(value)


def mismatches(rows: dict[str, dict[str, object]], expected: dict[str, dict[str, object]] = SAMPLE_ROWS) -> list:
    """(indicator, column, got, expected) for each cell of ``rows`` (by indicator id) that differs."""
    wrong = []
    for ident, columns in expected.items():
        row = rows[ident]
        for column, want in columns.items():
            got = row[column]
            if isinstance(want, str):
                same = str(got) == want
            else:
                number = _number(got)
                same = math.isnan(number) if math.isnan(want) else math.isclose(number, want, rel_tol=1e-9)
            if not same:
                wrong.append((ident, column, got, want))
    return wrong
