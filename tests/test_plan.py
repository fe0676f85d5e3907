"""Plan 71/KH-UBND as data: every target, with the seed's exact values, and clear load errors."""

from __future__ import annotations

import copy
import datetime as dt
import math
import re

import pytest
import yaml
from conftest import META, PLAN_PATH, ROOT, SEED_PATH, indicator, make_plan

from thidua.errors import InputError
from thidua.inputs.plan import load_plan, parse_plan
from thidua.reports.formatting import fmt_number


def test_plan_has_35_targets_in_three_groups(plan):
    t = plan.targets
    assert len(t) == 35
    assert t["indicator_id"].is_unique
    assert t.groupby("group").size().to_dict() == {"kinh_te": 14, "van_hoa_xa_hoi": 10, "quoc_phong_an_ninh": 11}
    assert t.groupby("clause").size().to_dict() == {"II.1.a": 14, "II.1.b": 10, "II.1.c": 11}
    assert set(t["set_by"]) == {"commune"}
    assert not t[["name_vi", "name_en", "unit_of_measure", "quote"]].isna().any().any()


def test_plan_metadata(plan):
    assert plan.meta["number"] == "71/KH-UBND"
    assert plan.meta["date"] == dt.date(2022, 12, 22)
    # the source: "Số: 71/KH-UBND … KẾ HOẠCH Phát động phong trào thi đua năm 2023 … Ủy ban nhân dân xã Phổ Thuận
    # ban hành Kế hoạch": a kế hoạch of the People's Committee, which reports on it; its title names the movement
    assert (plan.kind, plan.issued_by, plan.issuer) == ("ke_hoach", "ubnd", "Ủy ban nhân dân xã Phổ Thuận")
    assert (plan.reported_by, plan.reporter) == ("ubnd", "Ủy ban nhân dân xã Phổ Thuận")
    assert plan.purpose == "thi_dua"
    assert (plan.year, plan.baseline_year) == (2023, 2022)


# Hand-copied from the seed text, independent of the plan file.
SEED_VALUES = {
    "san_luong_luong_thuc": ("at_least", 7119, None),  # "7.119 tấn"
    "thu_ngan_sach": ("at_least", 6_830_000_000, None),  # "6.830.000.000 đồng"
    "chi_ngan_sach": ("at_least", 6_830_000_000, None),
    "thu_nhap_binh_quan": ("at_least", 56, None),  # "56 triệu đồng/người/năm"
    "co_cau_nong_nghiep": ("share", 38.5, None),  # "38,5%"
    "co_cau_cn_xd": ("share", 29.4, None),
    "co_cau_tm_dv": ("share", 32.1, None),
    "gtsx_tang_truong": ("growth", 10, None),
    "gtsx_nong_nghiep": ("growth", 5, 7),
    "gtsx_cn_xd": ("growth", 15, 20),
    "gtsx_tm_dv": ("growth", 15, 20),
    "giam_ho_ngheo": ("reduction_points", 0.2, 0.5),  # "0,2 – 0,5%"
    "tang_dan_so": ("below", 1, None),
    "gia_dinh_van_hoa": ("range", 90, 95),
    "bhyt": ("at_least", 95, None),
    "suy_dinh_duong": ("at_most", 6, None),
    "kham_nvqs": ("range", 85, 95),
    "qndb_huan_luyen": ("at_least", 95, None),
    "tot_nghiep_thcs": ("at_least", 100, None),
    "giao_quan": ("at_least", 100, None),
}


@pytest.mark.parametrize("ident", sorted(SEED_VALUES))
def test_target_values_match_the_seed(plan, ident):
    kind, first, second = SEED_VALUES[ident]
    row = plan.targets.set_index("indicator_id").loc[ident]
    assert row["kind"] == kind
    if second is None:
        assert row["target"] == first
    else:
        assert (row["low"], row["high"]) == (first, second)


def test_yes_no_and_decrease_targets(plan):
    t = plan.targets.set_index("indicator_id")
    assert set(t.index[t["kind"] == "yes_no"]) == {"ntm_nang_cao", "on_dinh_an_ninh", "xa_vung_manh_qp_an"}
    parts = t[t["kind"] == "decrease"]
    assert list(parts.index) == ["tngt_so_vu", "tngt_so_nguoi_chet", "tngt_so_nguoi_bi_thuong"]
    assert set(parts["part_of"]) == {"tai_nan_giao_thong"}
    schooling = ["tot_nghiep_thcs", "hoan_thanh_tieu_hoc", "tre_5_tuoi_mau_giao", "tre_6_tuoi_lop_1"]
    assert (t.loc[schooling, "target"] == 100).all()


def test_every_quote_is_verbatim_in_the_seed_and_carries_the_value(plan):
    seed = SEED_PATH.read_text(encoding="utf-8")
    for row in plan.targets.itertuples():
        assert row.quote in seed, row.indicator_id
        values = {"yes_no": [], "share": [row.target]}.get(row.kind, [row.target, row.low, row.high])
        for value in [v for v in values if not math.isnan(v)]:
            written = fmt_number(value, "vi")
            assert re.search(rf"(?<![\d.,]){re.escape(written)}(?![\d]|[.,]\d)", row.quote), (row.indicator_id, written)


def test_every_plan_file_in_data_loads():
    paths = sorted((ROOT / "data" / "plans").glob("*.yaml"))
    assert paths
    for path in paths:
        assert len(load_plan(path).targets) > 0


def _raw():
    return yaml.safe_load(PLAN_PATH.read_text(encoding="utf-8"))


def _mutate(change):
    raw = copy.deepcopy(_raw())
    change(raw)
    return raw


@pytest.mark.parametrize(
    ("change", "where", "field"),
    [
        (lambda r: r["targets"][8]["targets"][0].update(kind="atleast"), "san_luong_luong_thuc", "kind"),
        (lambda r: r["targets"][8]["targets"][0].update(value="7.119"), "san_luong_luong_thuc", "value"),
        (lambda r: r["targets"][8]["targets"][0].pop("value"), "san_luong_luong_thuc", "value"),
        (lambda r: r["targets"][1]["targets"][0].update(min=8), "gtsx_nong_nghiep", "min"),
        (lambda r: r["targets"][1]["targets"][0].pop("max"), "gtsx_nong_nghiep", "max"),
        (lambda r: r["targets"][4]["targets"][0].pop("tolerance"), "co_cau_nong_nghiep", "tolerance"),
        (lambda r: r["targets"][4]["targets"][0].update(value=138.5), "co_cau_nong_nghiep", "value"),
        (lambda r: r["targets"][11]["targets"][0].update(value=False), "ntm_nang_cao", "value"),
        (lambda r: r["targets"][31]["targets"][0].update(value=3), "tngt_so_vu", "value"),
        (lambda r: r["targets"][2].update(group="kinh te"), "gtsx_cn_xd", "group"),
        (lambda r: r["targets"][2].update(clause=2.10), "gtsx_cn_xd", "clause"),
        (lambda r: r["targets"][2].update(unit="triệu đồng USD"), "gtsx_cn_xd", "unit"),  # two currencies
        (lambda r: r["targets"][2].update(measure="tiền"), "gtsx_cn_xd", "measure"),
        (lambda r: r["targets"][4].update(measure="count"), "co_cau_nong_nghiep", "measure"),
        (lambda r: r["targets"][2]["targets"][0].update(set_by="xã"), "gtsx_cn_xd", "set_by"),
        (lambda r: r["plan"].update(level="village"), "plan", "level"),
        (lambda r: r["plan"].update(levle="commune"), "plan", "levle"),
        (lambda r: r.update(targetz=[]), "plan.yaml", "targetz"),
        (lambda r: r["targets"][2].pop("name_en"), "gtsx_cn_xd", "name_en"),
        (lambda r: r["targets"][2].update(colour="red"), "gtsx_cn_xd", "colour"),
        (lambda r: r["targets"][3].update(id="gtsx_cn_xd"), "gtsx_cn_xd", "id"),
        (lambda r: r["targets"][3].update(id="Bad Id"), "Bad Id", "id"),
        (
            lambda r: r["targets"][5]["targets"].append({"kind": "share", "value": 30, "direction": "up"}),
            "co_cau_cn_xd",
            "direction",
        ),
        (lambda r: r["plan"].pop("year"), "plan", "year"),
        (lambda r: r["plan"].update(baseline_year=2023), "plan", "baseline_year"),
        (lambda r: r["plan"].update(date="22/12/2022"), "plan", "date"),
    ],
)
def test_wrong_plan_names_indicator_and_field(change, where, field):
    with pytest.raises(InputError) as info:
        parse_plan(_mutate(change), "plan.yaml")
    err = info.value
    assert err.field == field
    assert where in str(err) and "plan.yaml" in str(err)


def test_two_targets_by_the_same_level_are_refused():
    with pytest.raises(InputError, match="same level"):
        make_plan(indicator(targets=[{"kind": "at_least", "value": 1}, {"kind": "at_least", "value": 2}]))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("plan: [", "not valid YAML"),
        ("- just\n- a list\n", "two sections"),
        ("plan: {}\ntargets: []\n", "is required"),
    ],
)
def test_unreadable_plan_files(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        load_plan(path)
    assert str(path) in str(info.value)


def test_plan_that_is_not_utf8(tmp_path):
    path = tmp_path / "cp1258.yaml"
    path.write_bytes("plan: {issuer: Ủy ban}".encode("utf-16"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_plan(path)


def test_minimal_plan_is_valid():
    plan = make_plan(indicator("a"))
    assert plan.meta == META
    assert plan.indicator_ids == ["a"]
