"""What a commune official reading the sample review top to bottom would otherwise have to rewrite.

Expected strings are written from docs/style-guide.md (§2 magnitudes, §7 interim, §8 headers).
"""

from __future__ import annotations

import pytest

from thidua.reports import annual_page, economy_page, interim_page
from thidua.reports.formatting import achievement_table
from thidua.review.review import Review


@pytest.fixture(scope="module")
def annual():
    return Review.load()


@pytest.fixture(scope="module")
def interim():
    return Review.load("pho-thuan-2023-sample").interim


def test_titles_name_the_period_in_full(annual, interim):
    assert annual_page.title("annual_review", annual) == "Tổng kết thực hiện chỉ tiêu năm 2023"
    assert annual_page.title("interim_review", interim.review) == "Sơ kết thực hiện chỉ tiêu 6 tháng năm 2023"
    assert "<b>Kỳ báo cáo:</b> 6 tháng năm 2023" in annual_page.header(interim.review, "x")


def test_the_unit_column_says_the_magnitude_the_cells_are_printed_in(annual):
    table = achievement_table(annual.results, annual.plan.targets).set_index("Chỉ tiêu")
    assert table.loc["Giá trị sản xuất", ["ĐVT", "Thực hiện"]].tolist() == ["tỷ đồng", "712,6 tỷ đồng"]  # plan: triệu
    assert table.loc["Thu ngân sách xã", ["ĐVT", "Thực hiện"]].tolist() == ["tỷ đồng", "7,12 tỷ đồng"]  # plan: đồng
    assert table.loc["Sản lượng lương thực", "ĐVT"] == "tấn"


def test_income_target_has_its_unit(annual):
    assert "kế hoạch 56 triệu đồng/người/năm.</p>" in economy_page.income_section(annual)


def test_interim_figures_carry_their_units(interim):
    frame, _codes = interim_page.progress_frame(interim)
    rows = frame.set_index("Chỉ tiêu")
    assert rows.loc["Sản lượng lương thực", ["Thực hiện", "Cùng kỳ"]].tolist() == ["4.120 tấn", "3.980 tấn"]
    assert rows.loc["Thu ngân sách xã", "Thực hiện"] == "3,62 tỷ đồng"
    assert rows.loc["Tai nạn giao thông – số vụ", ["Thực hiện", "Cùng kỳ"]].tolist() == ["1 vụ", "3 vụ"]


def test_the_interim_count_takes_the_clause_once(interim):
    # reached: the 3 shares within their bands; on track: total production value, industry, services, grain,
    # revenue (5); behind: agriculture and spending (2); told at the year's end: BHYT below 95% and the traffic
    # clause, counted once (2); 21 without a figure: 3 + 5 + 2 + 2 + 21 = 33 (docs/domain.md §5.9).
    assert interim_page.summary_line(interim) == (
        "33 chỉ tiêu: 3 đã đạt, 5 đúng tiến độ, 2 chậm tiến độ, 2 chưa đánh giá được tiến độ, 21 chưa có số liệu"
    )
