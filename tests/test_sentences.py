"""Sentences in the officials' style, checked word for word."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import BUDGET_PATH, SAMPLE_PATH

from thidua.observations import read_budget_csv, read_csv
from thidua.review import run_assessment
from thidua.sentences import sentences


@pytest.fixture(scope="module")
def said(plan):
    results = run_assessment(plan, read_csv(SAMPLE_PATH), budget=read_budget_csv(BUDGET_PATH))
    ids = results["indicator_id"].tolist()
    return {lang: dict(zip(ids, sentences(results, plan.targets, lang, "2022"), strict=True)) for lang in ("vi", "en")}


def test_quantities_in_percent_of_plan(said):
    assert said["vi"]["thu_ngan_sach"] == "Thu ngân sách xã đạt 104,2% kế hoạch, tăng 12,3% so với năm 2022."
    assert said["en"]["thu_ngan_sach"] == "Commune budget revenue reached 104.2% of plan, up 12.3% on 2022."


def test_rates_growth_reduction_and_parts(said):
    assert (
        said["vi"]["bhyt"]
        == "Tỷ lệ bảo hiểm y tế toàn dân: 96,1% (kế hoạch ≥ 95), tăng 1,31 điểm % so với năm 2022, vượt."
    )
    assert said["vi"]["gtsx_nong_nghiep"] == "Giá trị sản xuất nông nghiệp tăng: +4,0% (kế hoạch tăng 5–7%), không đạt."
    assert said["vi"]["giam_ho_ngheo"].startswith("Tỷ lệ hộ nghèo giảm: giảm 0,15 điểm %")
    assert said["vi"]["tngt_so_nguoi_bi_thuong"].endswith("tăng 25,0% so với năm 2022, không đạt.")
    assert said["vi"]["suy_dinh_duong"] == "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng: chưa có số liệu."
    assert said["vi"]["ntm_nang_cao"] == "Xây dựng xã đạt chuẩn xã nông thôn mới nâng cao: đạt."


def test_two_targets_say_who_set_them():
    from conftest import indicator, make_plan

    from thidua.achievement import assess

    plan = make_plan(
        indicator("thu", unit="đồng", targets=[
            {"kind": "at_least", "value": 100}, {"kind": "at_least", "value": 42.8, "set_by": "province"},
        ])
    )  # fmt: skip
    obs = pd.DataFrame(
        {"unit": ["u"], "period": ["2023"], "indicator_id": ["thu"], "actual": [135.7], "baseline": [120.0]}
    )
    text = sentences(assess(plan.targets, obs), plan.targets, "vi", "2022")
    assert text[0] == "Chỉ tiêu thu đạt 135,7% kế hoạch, tăng 13,1% so với năm 2022."
    assert text[1] == "Chỉ tiêu thu đạt 317,1% kế hoạch tỉnh giao, tăng 13,1% so với năm 2022."
