"""The 2026 sample of phường Trà Câu (data/sample/tra-cau/): last year's figures formed from its four former units.

Expected values by hand from the four units' sample files (2023 figures relabelled 2025, see the generator):
grain 7.204 + 8.334 + 6.380 + 9.158 = 31.076 tấn; health insurance (7.812 + 9.632 + 6.260 + 10.002) /
(8.129 + 9.632 + 6.391 + 10.002) = 33.706 / 34.154, never the average of the four rates.
"""

from __future__ import annotations

import pytest

NAMES = "phường Phổ Văn, phường Phổ Quang, xã Phổ An, xã Phổ Thuận"  # Nghị quyết 1677/NQ-UBTVQH15 Điều 1 khoản 85


@pytest.fixture(scope="module")
def review():
    from thidua.review.review import Review

    return Review.load("tra-cau-2026-sample")


def test_last_years_figures_are_the_four_units_combined(review):
    rows = review.results.set_index("indicator_id")
    assert rows.loc["san_luong_luong_thuc", "baseline"] == 31076
    assert rows.loc["bhyt", "baseline"] == pytest.approx(100 * 33706 / 34154, abs=1e-9)
    average_of_rates = (7812 / 8129 + 9632 / 9632 + 6260 / 6391 + 10002 / 10002) / 4 * 100
    assert rows.loc["bhyt", "baseline"] != pytest.approx(average_of_rates, abs=1e-6)
    refused = review.history.refused.set_index("indicator_id")["reason"]
    assert refused["ntm_nang_cao"] == "not_additive"  # a yes/no of four units does not add up


def test_last_years_shares_are_recomputed_from_the_summed_sector_values(review):
    # 2025 at current prices, the four units added up (triệu đồng): agriculture 424.800 + 480.943 + 316.269 +
    # 537.147 = 1.759.159; industry 334.000 + 379.389 + 273.321 + 411.272 = 1.397.982; services 362.000 +
    # 428.032 + 289.213 + 458.311 = 1.537.556; all 4.694.697. 2026 (Trà Câu): 1.823.702,7 / 4.979.268,7.
    rows = review.results.set_index("indicator_id")
    assert rows.loc["co_cau_nong_nghiep", "baseline"] == pytest.approx(100 * 1759159 / 4694697, abs=1e-9)  # 37,47%
    assert rows.loc["co_cau_cn_xd", "baseline"] == pytest.approx(100 * 1397982 / 4694697, abs=1e-9)  # 29,78%
    points = 100 * 1823702.7 / 4979268.7 - 100 * 1759159 / 4694697  # −0,85 điểm phần trăm
    assert rows.loc["co_cau_nong_nghiep", "change_points"] == pytest.approx(points, abs=1e-9)
    # growth at 2010 prices on the summed constant-price values: 1.068.848,1 / (260.000 + 309.002 + 195.437 +
    # 302.054 = 1.066.493) − 1 = +0,22%
    assert rows.loc["gtsx_nong_nghiep", "compared"] == pytest.approx((1068848.1 / 1066493 - 1) * 100, abs=1e-9)


def test_the_page_and_the_report_say_how_2025_was_formed(review, tmp_path):
    from docx import Document

    from thidua.reports.annual_page import formed_words
    from thidua.reports.word_report import write_report

    assert formed_words(review) == f"số liệu năm 2025 cộng gộp từ 4 đơn vị trước khi sắp xếp: {NAMES}"
    texts = [p.text for p in Document(str(write_report(review, tmp_path / "r.docx"))).paragraphs]
    assert f"Số liệu năm 2025 cộng gộp từ 4 đơn vị trước khi sắp xếp: {NAMES}." in texts
    apart = next(t for t in texts if t.startswith("Không so sánh được với năm 2025"))
    assert "Xây dựng xã đạt chuẩn xã nông thôn mới nâng cao" in apart  # a yes/no of four units does not add up
    assert "SỐ LIỆU MẪU" in "\n".join(texts).upper()


def test_the_sample_reads_the_real_units_and_not_a_code_shared_across_the_change(review):
    # phường Trà Câu keeps phường Phổ Văn's code 21451: its 2025 is the four units', never Phổ Văn's 9.158 tấn
    from conftest import ROOT

    from thidua.inputs.units import load_units

    assert review.inputs.units == ROOT / "data" / "units" / "quang-ngai-2025.yaml"
    units = load_units(review.inputs.units).table.set_index("id")
    assert units.loc["phuong_tra_cau", "code"] == units.loc["pho_van", "code"] == "21451"
    assert review.history.predecessors["predecessor"].tolist() == ["pho_van", "pho_quang", "pho_an", "pho_thuan"]
    rows = review.results.set_index("indicator_id")
    assert rows.loc["san_luong_luong_thuc", "baseline"] == 31076  # all four, not Phổ Văn's own 9.158 tấn
