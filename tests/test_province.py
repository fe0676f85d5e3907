"""The sample province (scripts/make_sample_province.py): its communes as one batch, compared side by side."""

from __future__ import annotations

import sys

import pandas as pd
import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))


def test_the_province_is_tinh_quang_ngai_with_its_96_real_units():
    from make_sample_province import communes, official

    units = communes(96)
    assert len(units) == 96 and len({uid for uid, _ in units}) == 96
    # the order of Công văn 1027/CTK-CSCL's list (Stt 1946, 1947, …)
    assert units[:2] == [("xa_tinh_khe", "xã Tịnh Khê"), ("phuong_truong_quang_trong", "phường Trương Quang Trọng")]
    assert official(["phuong_tra_cau"]) == {"phuong_tra_cau": {"code": "21451", "since": "2025-07-01"}}


def test_a_province_batch_compares_its_communes_not_itself(tmp_path):
    """4 communes and the province: the comparison ranks the 4 communes; the province, which sums them, is left
    out; every file says sample."""
    from make_sample_province import write

    from thidua.run.batch import load_batch, run_batch

    config = write(tmp_path / "province", 4)
    assert yaml.safe_load(config.read_text(encoding="utf-8"))["reviews"][-1]["name"] == "quang-ngai"
    assert "status: sample" in (tmp_path / "province" / "units.yaml").read_text(encoding="utf-8")
    figures = (tmp_path / "province" / "xa_an_phu-2025-2026.csv").read_text(encoding="utf-8")
    assert "SAMPLE DATA - illustrative figures for xã An Phú, tỉnh Quảng Ngãi, not official" in figures
    assert "\nxa_an_phu,2025," in figures and "\nxa_an_phu,2026," in figures and ",2023," not in figures
    plan = (tmp_path / "province" / "plan-quang-ngai-2026-sample.yaml").read_text(encoding="utf-8")
    assert "đầu tư năm 2026" in plan and "năm 2023" not in plan  # a target's name follows the plan's year
    jobs = load_batch(config, tmp_path / "out").jobs
    outcomes = run_batch(jobs, tmp_path / "out", workers=2)
    assert all(o.ok for o in outcomes), outcomes
    overall = pd.read_excel(tmp_path / "out" / "comparison.xlsx", sheet_name="Tổng hợp")
    assert sorted(overall["unit"]) == sorted(
        ["xã Tịnh Khê", "phường Trương Quang Trọng", "xã An Phú", "phường Cẩm Thành"]
    )
    assert overall["rank"].min() == 1 and overall["rank"].max() <= 4
    assert "SỐ LIỆU MẪU" in (tmp_path / "out" / "comparison.html").read_text(encoding="utf-8")
