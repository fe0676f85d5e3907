"""The plan's economic indicators are derived from sector values, income and budget, never typed twice."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import BUDGET_PATH, SAMPLE_PATH

from thidua.engine.economy import derive
from thidua.errors import InputError
from thidua.inputs.observations import read_budget_csv, read_csv


def _values(rows):
    frame = pd.DataFrame(rows, columns=["unit", "period", "indicator_id", "value"])
    return frame.assign(line=range(2, 2 + len(frame)))


def test_sample_derivation_hand_checked(plan):
    values = derive(read_csv(SAMPLE_PATH).values, plan.economy, read_budget_csv(BUDGET_PATH))
    got = values.set_index(["period", "indicator_id"])["value"]
    assert got[("2023", "gtsx_tang_truong")] == 260_000 + 210_600 + 242_000
    assert got[("2023", "gtsx_nong_nghiep")] == 260_000
    assert got[("2023", "co_cau_nong_nghiep")] == pytest.approx(424_800 / 1_120_800 * 100)  # 37.901
    assert got[("2022", "co_cau_tm_dv")] == pytest.approx(31.7)
    assert got[("2023", "thu_nhap_binh_quan")] == pytest.approx(583_356 / 10_163)
    assert got[("2023", "thu_ngan_sach")] == 7_117_000_000
    assert got[("2022", "chi_ngan_sach")] == 6_210_000_000
    assert not values["indicator_id"].str.startswith(("gtsx_hh_", "gtsx_ss_")).any()


def test_a_derived_indicator_typed_in_too_is_refused(plan):
    rows = [
        ("x", "2023", "gtsx_hh_nong_nghiep", 1.0), ("x", "2023", "gtsx_hh_cn_xd", 1.0),
        ("x", "2023", "gtsx_hh_tm_dv", 1.0), ("x", "2023", "co_cau_cn_xd", 33.3),
    ]  # fmt: skip
    with pytest.raises(InputError, match="'co_cau_cn_xd' is derived") as info:
        derive(_values(rows), plan.economy)
    assert info.value.where == "line 5"


def test_a_missing_sector_is_named(plan):
    rows = [("x", "2023", "gtsx_ss_nong_nghiep", 1.0), ("x", "2023", "gtsx_ss_tm_dv", 1.0)]
    with pytest.raises(InputError, match="sector value missing for unit 'x', period '2023'") as info:
        derive(_values(rows), plan.economy)
    assert info.value.field == "gtsx_ss_cn_xd"


def test_negative_sector_value_is_refused(plan):
    rows = [("x", "2023", f"gtsx_hh_{s}", v) for s, v in (("nong_nghiep", 5.0), ("cn_xd", -1.0), ("tm_dv", 3.0))]
    with pytest.raises(InputError, match="negative"):
        derive(_values(rows), plan.economy)


def test_income_needs_population(plan):
    with pytest.raises(InputError, match="needs both"):
        derive(_values([("x", "2023", "tong_thu_nhap", 100.0)]), plan.economy)


def test_plan_economy_section_must_name_plan_targets(plan):
    from thidua.inputs.economy_section import parse_economy

    with pytest.raises(InputError, match="not a target of this plan"):
        parse_economy(
            {"sectors": [{"id": "a", "name_vi": "A", "name_en": "A", "growth": "nope", "share": "co_cau_cn_xd"}]},
            dict.fromkeys(plan.indicator_ids, ""),
            SAMPLE_PATH,
        )
    with pytest.raises(InputError, match="base year 2010 or 2020"):
        parse_economy(
            {"base_year": 1994, "sectors": plan.economy.sectors.to_dict("records")},
            dict.fromkeys(plan.indicator_ids, ""),
            SAMPLE_PATH,
        )
