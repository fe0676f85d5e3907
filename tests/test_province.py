"""The sample province (scripts/make_sample_province.py): its communes as one batch, compared side by side."""

from __future__ import annotations

import sys

import pandas as pd
import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))


def test_the_province_names_its_communes_real_first_then_placeholders():
    from make_sample_province import communes

    units = communes(96)
    assert len(units) == 96 and len({uid for uid, _ in units}) == 96
    assert units[0] == ("pho_thuan", "xã Phổ Thuận") and units[15] == ("xa_mau_016", "xã mẫu 016")


def test_a_province_batch_compares_its_communes_not_itself(tmp_path):
    """4 communes and the province: the comparison ranks the 4 communes; the province, which sums them, is left
    out; every file says sample."""
    from make_sample_province import write

    from thidua.run.batch import load_batch, run_batch

    config = write(tmp_path / "province", 4)
    assert yaml.safe_load(config.read_text(encoding="utf-8"))["reviews"][-1]["name"] == "tinh-mau"
    assert "status: sample" in (tmp_path / "province" / "units.yaml").read_text(encoding="utf-8")
    jobs = load_batch(config, tmp_path / "out").jobs
    outcomes = run_batch(jobs, tmp_path / "out", workers=2)
    assert all(o.ok for o in outcomes), outcomes
    overall = pd.read_excel(tmp_path / "out" / "comparison.xlsx", sheet_name="Tổng hợp")
    assert sorted(overall["unit"]) == sorted(["xã Phổ Thuận", "xã Phổ An", "xã Phổ Châu", "xã Phổ Cường"])
    assert overall["rank"].min() == 1 and overall["rank"].max() <= 4
    assert "SỐ LIỆU MẪU" in (tmp_path / "out" / "comparison.html").read_text(encoding="utf-8")
