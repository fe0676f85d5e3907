"""Tỉnh Quảng Ngãi's units around 1 July 2025 (data/units/quang-ngai-2025.yaml) against the texts they come from.

Expected values are read off the resolution by hand: Nghị quyết 1677/NQ-UBTVQH15 Điều 1 khoản 92 ("tỉnh Quảng
Ngãi có 96 đơn vị hành chính cấp xã, gồm 86 xã, 09 phường và 01 đặc khu") and khoản 85 ("… của phường Phổ Văn,
phường Phổ Quang, xã Phổ An và xã Phổ Thuận thành phường mới có tên gọi là phường Trà Câu").
"""

from __future__ import annotations

import re
import sys

import pandas as pd
import pytest
from conftest import ROOT

from thidua.inputs.units import load_units

UNITS = ROOT / "data" / "units" / "quang-ngai-2025.yaml"
RESOLUTION = ROOT / "data" / "raw" / "nghi-quyet-1677-NQ-UBTVQH15-quang-ngai-2025.md"
FORMER = ROOT / "data" / "raw" / "dvhc-quang-ngai-kon-tum-truoc-2025.csv"
CROSSWALK = ROOT / "data" / "units" / "quang-ngai-2025-crosswalk.csv"
# The pre-2025 list spells some names otherwise than the resolution does (besides "Đắk" for "Đăk"): list → resolution
SPELT = {"Đắk Blô": "Đăk Plô", "Ngọc Yêu": "Ngọk Yêu", "Ngọc Lây": "Ngọk Lây", "Măng Buk": "Măng Bút",
         "Ngok Tem": "Ngọk Tem", "Ngok Wang": "Ngọk Wang", "Ngok Réo": "Ngọk Réo", "Rơ Kơi": "Rờ Kơi"}  # fmt: skip


@pytest.fixture(scope="module")
def units():
    return load_units(UNITS)


@pytest.fixture(scope="module")
def text() -> str:
    """The resolution's text on one line, without the transcription's Markdown escapes."""
    return re.sub(r"\s+", " ", RESOLUTION.read_text(encoding="utf-8")).replace("\\", "")


def _new(units):
    table = units.table
    return table[table["parent"] == "quang_ngai"]


def test_96_units_86_xa_9_phuong_1_dac_khu_as_khoan_92_says(units, text):
    assert "tỉnh Quảng Ngãi có 96 đơn vị hành chính cấp xã, gồm 86 xã, 09 phường và 01 đặc khu" in text
    kinds = _new(units)["name"].str.extract(r"^(xã|phường|đặc khu) ")[0].value_counts().to_dict()
    assert kinds == {"xã": 86, "phường": 9, "đặc khu": 1}
    assert set(_new(units)["since"].astype(str)) == {"2025-07-01"}  # "chính thức hoạt động từ ngày 01 tháng 7"


def test_every_unit_is_one_the_resolution_forms_or_leaves_unchanged(units, text):
    formed = set(re.findall(r"tên gọi là \*\*([^*]+?)\.?\*\*", text))
    unchanged = "05 xã không thực hiện sắp xếp là các xã Đăk Long (huyện Đăk Glei), Ba Xa, Rờ Kơi, Mô Rai, Ia Đal"
    assert unchanged in text
    kept = {"xã Đăk Long", "xã Ba Xa", "xã Rờ Kơi", "xã Mô Rai", "xã Ia Đal"}
    assert len(formed) == 91 and not formed & kept
    assert set(_new(units)["name"]) == formed | kept


def test_tra_cau_and_the_former_town_as_the_resolution_forms_them(units, text):
    assert ("phường Phổ Văn, phường Phổ Quang, xã Phổ An và xã Phổ Thuận thành phường mới có tên gọi là "
            "**phường Trà Câu**") in text  # fmt: skip
    names = units.formed_from("phuong_tra_cau")["name"].tolist()
    assert names == ["phường Phổ Văn", "phường Phổ Quang", "xã Phổ An", "xã Phổ Thuận"]
    # the former thị xã Đức Phổ's 15 units became 5, each taken whole; by hand from khoản 3, 4, 85, 86, 87
    clauses = {
        "xa_nguyen_nghiem": ("xã Phổ Nhơn và xã Phổ Phong thành xã mới có tên gọi là **xã Nguyễn Nghiêm**",
                             ["xã Phổ Nhơn", "xã Phổ Phong"]),
        "xa_khanh_cuong": ("xã Phổ Khánh và xã Phổ Cường thành xã mới có tên gọi là **xã Khánh Cường**",
                           ["xã Phổ Khánh", "xã Phổ Cường"]),
        "phuong_duc_pho": ("các phường Nguyễn Nghiêm (thị xã Đức Phổ), Phổ Hòa, Phổ Minh, Phổ Vinh và Phổ Ninh thành"
                           " phường mới có tên gọi là **phường Đức Phổ**",
                           ["phường Nguyễn Nghiêm", "phường Phổ Hòa", "phường Phổ Minh", "phường Phổ Vinh",
                            "phường Phổ Ninh"]),
        "phuong_sa_huynh": ("phường Phổ Thạnh và xã Phổ Châu thành phường mới có tên gọi là **phường Sa Huỳnh**",
                            ["phường Phổ Thạnh", "xã Phổ Châu"]),
    }  # fmt: skip
    for unit, (clause, before) in clauses.items():
        assert clause in text, unit
        assert units.formed_from(unit)["name"].tolist() == before, unit
    town = units.children("thi_xa_duc_pho")  # the former thị xã Đức Phổ's 15 units, all in these 5
    links = units.predecessors
    assert len(town) == 15
    assert sorted(links.loc[links["unit"].isin([*clauses, "phuong_tra_cau"]), "predecessor"]) == sorted(town)


def test_a_code_kept_by_a_new_unit_belongs_to_one_unit_on_any_day(units):
    table = units.table.set_index("id")
    # phường Trà Câu has phường Phổ Văn's code 21451, the new province the former province's 51
    assert table.loc["phuong_tra_cau", "code"] == table.loc["pho_van", "code"] == "21451"
    assert table.loc["quang_ngai", "code"] == table.loc["quang_ngai_truoc_2025", "code"] == "51"
    assert str(table.loc["pho_van", "until"]) < str(table.loc["phuong_tra_cau", "since"])
    # xã Sơn Hạ and xã Sơn Hà are two units whose names differ only in a tone mark
    assert table.loc[["xa_son_ha_21292", "xa_son_ha_21289"], "name"].tolist() == ["xã Sơn Hạ", "xã Sơn Hà"]


def test_the_file_is_what_its_script_writes(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    from make_units_quang_ngai import write

    assert write(tmp_path / "u.yaml").read_text(encoding="utf-8") == UNITS.read_text(encoding="utf-8")


def test_a_split_without_a_published_share_is_not_written_as_a_merger(units, text):
    # khoản 30, 31: "một phần … của xã Trà Bùi" went to xã Cà Đam, "phần còn lại" to xã Tây Trà Bồng, no share
    assert "một phần diện tích tự nhiên, quy mô dân số của xã Trà Bùi thành xã mới có tên gọi là **xã Cà Đam**" in text
    assert "phần còn lại của xã Trà Bùi" in text
    assert units.formed_from("xa_ca_dam").empty and units.formed_from("xa_tay_tra_bong").empty


def _clauses(text: str) -> dict[int, str]:
    """Điều 1's clauses by number: {85: '85. Sắp xếp toàn bộ … **phường Trà Câu**.', 92: '92. Sau khi …'}."""
    body = text[text.index("Điều 1. Sắp xếp") : text.index("Điều 2. Hiệu lực")]
    starts = [(int(m[1]), m.start()) for m in re.finditer(r"(?<= )(\d{1,2})\. (?=Sắp xếp|Sau khi)", body)]
    ends = [start for _, start in starts[1:]] + [len(body)]
    return {n: body[start:end] for (n, start), end in zip(starts, ends, strict=True)}


def test_every_former_unit_is_named_in_the_clause_that_takes_it(units, text):
    clauses = _clauses(text)
    assert sorted(clauses) == list(range(1, 93))
    links = pd.read_csv(CROSSWALK, comment="#", dtype=str)
    former = pd.read_csv(FORMER, comment="#", dtype=str).set_index("code")["name"]
    new = units.table.set_index("code").loc[lambda t: t["parent"] == "quang_ngai", "name"]
    for row in links.itertuples():
        clause = clauses[int(row.clause)].casefold().replace("đắk", "đăk")
        name = re.sub(r"^(Xã|Phường|Thị trấn|Huyện) ", "", former[row.former_code])
        assert SPELT.get(name, name).casefold().replace("đắk", "đăk") in clause, (row.clause, row.former_code)
        bare = re.sub(r"^(xã|phường|đặc khu) ", "", new[row.new_code]).casefold()
        assert (f"**{new[row.new_code]}".casefold() in clause) or (row.clause == "92" and bare in clause)
    # all 272 former communes, each taken once; xã Trà Bùi in two (a part, the rest); huyện Lý Sơn whole
    communes = former[former.index.str.len() == 5]
    assert len(communes) == 272
    taken = links["former_code"].value_counts()
    assert set(taken.index) == {*communes.index, "536"}
    assert taken.drop("21142").eq(1).all() and taken["21142"] == 2
    assert links.loc[links["former_code"] == "21142", "part"].tolist() == ["part", "rest"]


def test_95_of_the_96_new_codes_were_a_former_communes(units):
    table = units.table
    new, former = table[table["parent"] == "quang_ngai"], table[table["until"].notna()]
    assert new.loc[~new["code"].isin(former["code"]), "name"].tolist() == ["đặc khu Lý Sơn"]  # huyện Lý Sơn was 536
    assert units.formed_from("quang_ngai")["name"].tolist() == ["tỉnh Quảng Ngãi", "tỉnh Kon Tum"]
