"""Published growth rates and shares, an economy block with any components, GRDP with product taxes, money scales."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
import yaml

from thidua.errors import InputError
from thidua.inputs.observations import read_budget_csv, read_csv
from thidua.inputs.plan import load_plan, parse_plan
from thidua.inputs.validation import validate
from thidua.review.review import run_assessment

META = {"number": "1/NQ-HĐND", "date": dt.date(2022, 12, 9), "issuer": "HĐND tỉnh Thử", "unit_id": "t",
        "unit_name": "tỉnh Thử", "level": "province", "year": 2023, "baseline_year": 2022}  # fmt: skip


def _entry(ident: str, measure: str, unit: str, target: dict) -> dict:
    return {"id": ident, "name_vi": ident, "name_en": ident, "group": "kinh_te", "clause": "1",
            "measure": measure, "unit": unit, "targets": [target]}  # fmt: skip


def _figures(tmp_path, rows: str):
    path = tmp_path / "figures.csv"
    path.write_text("unit,period,indicator,value\n" + textwrap.dedent(rows), encoding="utf-8")
    return read_csv(path, "en")


GROWTH = _entry("grdp", "money", "tỷ đồng", {"kind": "growth", "min": 6.5, "max": 7})
POOR = _entry("ho_ngheo", "rate", "%", {"kind": "reduction_points", "value": 0.5})


def test_a_published_growth_rate_and_fall_in_points_are_assessed_as_printed(tmp_path):
    plan = parse_plan({"plan": META, "targets": [GROWTH, POOR]})
    data = _figures(tmp_path, "t,2023,grdp%,-6.18\nt,2023,ho_ngheo%,0.7\n")
    assert [p for p in validate(data, plan) if p.severity == "error"] == []  # a negative growth is a figure
    r = run_assessment(plan, data).set_index("indicator_id")
    # Bắc Ninh 2023: GRDP −6,18 % against a plan of +6,5–7 %: not met.
    assert (r.loc["grdp", "status"], r.loc["grdp", "compared"]) == ("not_met", -6.18)
    assert r.loc["grdp", "change_vs_baseline"] == -6.18
    assert r.loc["grdp", "basis"] == "published"
    # Poor households down 0,7 points against "giảm từ 0,5% trở lên": exceeded; the rate changed by −0,7 points.
    assert (r.loc["ho_ngheo", "status"], r.loc["ho_ngheo", "change_points"]) == ("exceeded", -0.7)
    assert r.loc["ho_ngheo", "progress_ratio"] == pytest.approx(0.7 / 0.5)


def test_published_and_levels_for_one_indicator_are_refused(tmp_path):
    plan = parse_plan({"plan": META, "targets": [GROWTH]})
    data = _figures(tmp_path, "t,2022,grdp,100\nt,2023,grdp,110\nt,2023,grdp%,10\n")
    with pytest.raises(InputError, match="both as a level and as published") as info:
        run_assessment(plan, data)
    assert (info.value.where, info.value.file) == ("line 4", str(data.path))


def test_a_level_needs_last_years_level_but_a_published_rate_does_not(tmp_path):
    plan = parse_plan({"plan": META, "targets": [GROWTH]})
    levels = run_assessment(plan, _figures(tmp_path, "t,2023,grdp,110\n")).iloc[0]
    assert (levels["status"], levels["note"], levels["basis"]) == ("no_data", "no_baseline", "entered")
    # 7,58 % on a plan of ≥ 7,5 % (Phổ Thọ 2023): exceeded; progress R = 7.58 / 7.5.
    plan = parse_plan({"plan": META, "targets": [_entry("grdp", "money", "tỷ đồng", {"kind": "growth", "value": 7.5})]})
    row = run_assessment(plan, _figures(tmp_path, "t,2023,grdp%,7.58\n")).iloc[0]
    assert (row["status"], row["note"]) == ("exceeded", "")
    assert row["progress_ratio"] == pytest.approx(7.58 / 7.5)


ECONOMY_PLAN = """
plan: {number: 2/NQ-HĐND, date: 2022-12-09, issuer: HĐND tỉnh Thử, unit_id: t, unit_name: tỉnh Thử,
       level: province, year: 2023, baseline_year: 2022}
targets:
  - {id: grdp_tang, name_vi: GRDP tăng, name_en: GRDP growth, group: kinh_te, clause: '1', measure: money,
     unit: tỷ đồng, targets: [{kind: growth, value: 7}]}
  - {id: nlts_tang, name_vi: NLTS tăng, name_en: Agriculture growth, group: kinh_te, clause: '1', measure: money,
     unit: tỷ đồng, targets: [{kind: growth, min: 2, max: 3}]}
  - {id: dv_ty_trong, name_vi: Dịch vụ chiếm, name_en: Services share, group: kinh_te, clause: '2', measure: rate,
     unit: '%', targets: [{kind: share, min: 43, max: 44.5, direction: higher}]}
  - {id: thu_ns, name_vi: Thu ngân sách, name_en: Budget revenue, group: kinh_te, clause: '3', measure: money,
     unit: tỷ đồng, targets: [{kind: at_least, value: 6.83}]}
economy:
  total: grdp
  total_growth: grdp_tang
  budget_revenue: thu_ns
  sectors:
    - {id: nlts, name_vi: 'Nông, lâm nghiệp, thủy sản', name_en: Agriculture, growth: nlts_tang}
    - {id: cnxd, name_vi: Công nghiệp – xây dựng, name_en: Industry}
    - {id: dv, name_vi: Dịch vụ, name_en: Services, share: dv_ty_trong}
    - {id: thue, name_vi: Thuế sản phẩm trừ trợ cấp sản phẩm, name_en: Product taxes, kind: product_taxes}
"""
# Hand-made figures: constant prices 100/200/300/50 → 102/220/315/49; current prices 2023 110/240/330/60.
ECONOMY_FIGURES = """\
t,2022,grdp_ss_nlts,100
t,2022,grdp_ss_cnxd,200
t,2022,grdp_ss_dv,300
t,2022,grdp_ss_thue,50
t,2023,grdp_ss_nlts,102
t,2023,grdp_ss_cnxd,220
t,2023,grdp_ss_dv,315
t,2023,grdp_ss_thue,49
t,2023,grdp_hh_nlts,110
t,2023,grdp_hh_cnxd,240
t,2023,grdp_hh_dv,330
t,2023,grdp_hh_thue,60
"""


def _economy_plan(tmp_path, text: str = ECONOMY_PLAN):
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return load_plan(path)


def test_grdp_with_product_taxes_some_sectors_targeted_and_money_in_ty_dong(tmp_path):
    plan = _economy_plan(tmp_path)
    assert plan.economy.total == "grdp" and plan.economy.sectors["share"].isna().any()
    assert plan.economy.input_ids[:2] == ["grdp_hh_nlts", "grdp_hh_cnxd"]
    budget = tmp_path / "budget.csv"
    budget.write_text("unit,period,side,item,estimate,actual\nt,2023,thu,all,6830000000,7100000000\n", "utf-8")
    r = run_assessment(plan, _figures(tmp_path, ECONOMY_FIGURES), budget=read_budget_csv(budget, "en"))
    r = r.set_index("indicator_id")
    # Total GRDP includes product taxes: 650 → 686, +36/650 = 5.538 %, below 7 %.
    assert r.loc["grdp_tang", "compared"] == pytest.approx(36 / 650 * 100)
    assert r.loc["grdp_tang", "status"] == "not_met"
    assert r.loc["nlts_tang", "compared"] == pytest.approx(2.0)
    assert r.loc["nlts_tang", "status"] == "met"
    # Services' share of all four components, taxes included: 330/740 = 44.59 %, above 43–44.5: exceeded.
    assert r.loc["dv_ty_trong", "compared"] == pytest.approx(330 / 740 * 100)
    assert r.loc["dv_ty_trong", "status"] == "exceeded"
    assert set(r.loc[["grdp_tang", "nlts_tang", "dv_ty_trong"], "basis"]) == {"derived"}
    # The budget file is in đồng, the plan in tỷ đồng: 7.100.000.000 đồng = 7,1 tỷ, 103,95 % of 6,83.
    assert r.loc["thu_ns", "actual"] == pytest.approx(7.1)
    assert r.loc["thu_ns", "pct_of_plan"] == pytest.approx(7.1 / 6.83 * 100)


def test_a_typed_share_is_the_published_one(tmp_path):
    plan = _economy_plan(tmp_path)
    r = run_assessment(plan, _figures(tmp_path, "t,2023,dv_ty_trong,42.5\n")).set_index("indicator_id")
    assert (r.loc["dv_ty_trong", "status"], r.loc["dv_ty_trong", "basis"]) == ("not_met", "published")


def _raw():
    return yaml.safe_load(ECONOMY_PLAN)


@pytest.mark.parametrize(
    ("change", "where", "field"),
    [
        (lambda r: r["economy"].update(total="gdp"), "economy", "total"),
        (lambda r: r["economy"]["sectors"][0].update(growth="khong_co"), "economy.sectors 'nlts'", "growth"),
        (lambda r: r["economy"]["sectors"][1].pop("name_en"), "economy.sectors 'cnxd'", "name_en"),
        (lambda r: r["economy"]["sectors"][3].update(kind="tax"), "economy.sectors 'thue'", "kind"),
        (lambda r: r["economy"].update(total="production_value"), "economy.sectors 'thue'", "kind"),
        (lambda r: r["economy"]["sectors"][2].update(id="nlts"), "economy.sectors 'nlts'", "id"),
        (lambda r: r["economy"].update(sectors=[]), "economy", "sectors"),
        (lambda r: r["economy"].update(grow=1), "economy", "grow"),
    ],
)
def test_economy_errors_name_the_component_and_field(change, where, field):
    raw = _raw()
    change(raw)
    with pytest.raises(InputError) as info:
        parse_plan(raw, "plan.yaml")
    assert (info.value.where, info.value.field) == (where, field)


def test_a_name_with_commas_in_flow_style_is_caught_not_cut_short(tmp_path):
    text = ECONOMY_PLAN.replace("name_vi: 'Nông, lâm nghiệp, thủy sản'", "name_vi: Nông, lâm nghiệp, thủy sản")
    with pytest.raises(InputError, match="must be quoted") as info:
        _economy_plan(tmp_path, text)
    assert (info.value.where, info.value.field) == ("economy.sectors 'nlts'", "lâm nghiệp")


def test_an_economy_with_only_an_income_needs_no_sectors(tmp_path):
    text = ECONOMY_PLAN.split("economy:")[0] + "economy:\n  total: grdp\n  budget_revenue: thu_ns\n"
    plan = _economy_plan(tmp_path, text)
    assert plan.economy.sectors.empty
    assert plan.economy.derived_ids == ["thu_ns"]
