"""Hamlets add up to the commune: counts sum, rates are ratios of sums with their parts."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ROOT, SAMPLE_PATH

from thidua.engine.aggregate import aggregate
from thidua.errors import InputError
from thidua.inputs.observations import read_csv
from thidua.inputs.units import load_units

UNITS_PATH = ROOT / "data" / "units" / "pho-thuan.yaml"
HAMLETS_PATH = ROOT / "data" / "sample" / "pho-thuan-thon-2022-2023.csv"


@pytest.fixture(scope="module")
def units():
    return load_units(UNITS_PATH)


def _measures(plan):
    return plan.targets.drop_duplicates("indicator_id").set_index("indicator_id")["measure"]


def test_sample_hamlets_add_up_to_the_commune_sample(plan, units):
    hamlets = read_csv(HAMLETS_PATH)
    assert hamlets.is_sample and units.status == "sample"
    assert hamlets.values["unit"].nunique() == 7
    commune = aggregate(hamlets.values, units, _measures(plan), "commune").set_index(["period", "indicator_id"])
    expected = read_csv(SAMPLE_PATH).values.set_index(["period", "indicator_id"])
    for key, row in commune.iterrows():
        assert row["value"] == pytest.approx(expected.loc[key, "value"]), key
        if pd.notna(row["numerator"]):
            assert (row["numerator"], row["denominator"]) == (
                expected.loc[key, "numerator"],
                expected.loc[key, "denominator"],
            )
    assert commune.loc[("2023", "bhyt"), ["numerator", "denominator"]].tolist() == [7812, 8129]


def test_rate_is_ratio_of_sums_not_mean_of_percentages(plan, units):
    values = pd.DataFrame(
        {
            "unit": ["pho_thuan_thon_1", "pho_thuan_thon_2"], "period": "2023", "indicator_id": "bhyt",
            "value": [90.0, 100.0], "numerator": [900.0, 100.0], "denominator": [1000.0, 100.0],
        }
    )  # fmt: skip
    small = load_units(UNITS_PATH)
    small = type(small)(
        table=small.table[small.table["id"].isin(["pho_thuan", "pho_thuan_thon_1", "pho_thuan_thon_2"])]
    )
    row = aggregate(values, small, _measures(plan), "commune").iloc[0]
    assert row["value"] == pytest.approx(1000 / 1100 * 100)  # 90.909, not the mean 95
    assert (row["numerator"], row["denominator"], row["reported"], row["children"]) == (1000, 1100, 2, 2)


def test_incomplete_children_give_no_figure(plan, units):
    values = read_csv(HAMLETS_PATH).values
    values = values[~((values["unit"] == "pho_thuan_thon_3") & (values["indicator_id"] == "tngt_so_vu"))]
    out = aggregate(values, units, _measures(plan), "commune").set_index(["period", "indicator_id"])
    assert out.loc[("2023", "tngt_so_vu"), "reported"] == 6
    assert pd.isna(out.loc[("2023", "tngt_so_vu"), "value"])  # never an undercount passed off as the total
    assert out.loc[("2023", "bhyt"), "value"] == pytest.approx(7812 / 8129 * 100)


def test_commune_to_town(plan, units):
    values = pd.DataFrame(
        {
            "unit": ["pho_thuan"],
            "period": "2023",
            "indicator_id": "tngt_so_vu",
            "value": [3.0],
            "numerator": None,
            "denominator": None,
        }
    )
    out = aggregate(values.astype({"numerator": float, "denominator": float}), units, _measures(plan), "town")
    assert out[["unit", "value", "reported", "children"]].values.tolist() == [["duc_pho", 3.0, 1, 1]]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"unit": "pho_thuan_thon_1", "indicator_id": "bhyt", "value": 96.0}, "a rate adds up only from its parts"),
        ({"unit": "pho_thuan_thon_1", "indicator_id": "ntm_nang_cao", "value": 1.0}, "cannot be added up"),
        ({"unit": "thon_la", "indicator_id": "tngt_so_vu", "value": 1.0}, "not in the units file"),
    ],
)
def test_what_cannot_be_aggregated(plan, units, row, message):
    values = pd.DataFrame([{"period": "2023", "numerator": float("nan"), "denominator": float("nan"), **row}])
    with pytest.raises(InputError, match=message):
        aggregate(values, units, _measures(plan), "commune")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("units: [{id: a, name: A, level: village}]", "must be one of hamlet"),
        ("units: [{id: a, name: A, level: hamlet, parent: b}]", "unknown unit 'b'"),
        (
            "units: [{id: a, name: A, level: town}, {id: b, name: B, level: hamlet, parent: a},"
            " {id: a, name: C, level: hamlet}]",
            "used twice",
        ),
        ("units: [{id: a, name: A, level: hamlet}, {id: b, name: B, level: commune, parent: a}]", "larger unit"),
        ("units: 5", "needs a 'units:' list"),
    ],
)
def test_bad_units_file(tmp_path, text, message):
    path = tmp_path / "units.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_units(path)
