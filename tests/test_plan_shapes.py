"""Plans as communes, districts and provinces write them: clause labels, ranges, measures, levels, strict keys."""

from __future__ import annotations

import math

import pandas as pd
import pytest
import yaml
from conftest import META, ROOT, indicator, make_plan

from thidua.engine.achievement import assess
from thidua.errors import InputError
from thidua.inputs.measures import convert_money, money_factor, money_scale
from thidua.inputs.plan import parse_plan


def _assess(entry: dict, actual: float, baseline: float = math.nan, level: str = "commune") -> pd.Series:
    plan = parse_plan({"plan": {**META, "level": level}, "targets": [entry]})
    obs = pd.DataFrame({"unit": ["u"], "period": ["2023"], "indicator_id": [entry["id"]],
                        "actual": [actual], "baseline": [baseline]})  # fmt: skip
    return assess(plan.targets, obs).iloc[0]


@pytest.mark.parametrize(("written", "kept"), [("1", "1"), (1, "1"), ("1.a", "1.a"), ("2.3", "2.3"),
                                               ("Mục II", "Mục II"), ("II.1.a", "II.1.a")])  # fmt: skip
def test_clause_labels_are_text_as_the_plan_writes_them(written, kept):
    assert make_plan(indicator(clause=written)).targets.loc[0, "clause"] == kept


def test_a_clause_written_as_a_decimal_number_is_refused_with_a_hint():
    # YAML reads 2.10 as the number 2.1: the label would lose its digit.
    with pytest.raises(InputError, match="in quotes") as info:
        make_plan(indicator(clause=2.10))
    assert info.value.field == "clause"


SHARE_BAND = {"kind": "share", "min": 24.5, "max": 25.5}


@pytest.mark.parametrize(
    ("target", "actual", "status"),
    [
        (SHARE_BAND, 25.0, "met"),
        (SHARE_BAND, 24.5, "met"),  # on the bound
        (SHARE_BAND, 23.4, "not_met"),  # a band without a direction: outside is not met, either side
        (SHARE_BAND, 26.0, "not_met"),
        ({**SHARE_BAND, "direction": "lower"}, 23.4, "exceeded"),  # agriculture meant to shrink: below is better
        ({**SHARE_BAND, "direction": "lower"}, 25.5, "met"),
        ({**SHARE_BAND, "direction": "lower"}, 25.6, "not_met"),
        ({"kind": "share", "min": 43.0, "max": 44.5, "direction": "higher"}, 45.0, "exceeded"),
        ({"kind": "share", "min": 43.0, "max": 44.5, "direction": "higher"}, 42.9, "not_met"),
    ],
)
def test_share_ranges(target, actual, status):
    row = _assess(indicator("s", targets=[target]), actual)
    assert row["status"] == status
    assert (row["target_low"], row["target_high"]) == (target["min"], target["max"])


def test_a_share_range_takes_no_tolerance():
    with pytest.raises(InputError, match="no tolerance") as info:
        make_plan(indicator(targets=[{**SHARE_BAND, "tolerance": 1}]))
    assert info.value.field == "tolerance"


@pytest.mark.parametrize(("actual", "status"), [(55.3, "met"), (56.0, "met"), (56.4, "exceeded"), (54.9, "not_met")])
def test_a_level_as_a_range_income_55_to_56_million(actual, status):
    entry = indicator("thu_nhap", unit="triệu đồng/người/năm", measure="average",
                      targets=[{"kind": "range", "min": 55, "max": 56}])  # fmt: skip
    row = _assess(entry, actual)
    assert row["status"] == status
    assert row["measure"] == "average"


def test_only_a_rate_of_100_cannot_be_exceeded():
    hundred = [{"kind": "at_least", "value": 100}]
    assert _assess(indicator("r", unit="%", targets=hundred), 100.0)["status"] == "met"
    people = indicator("p", unit="người", measure="count", targets=hundred)
    assert _assess(people, 120.0)["status"] == "exceeded"  # 120 people against 100 is beyond the plan


@pytest.mark.parametrize(
    ("unit", "scale"),
    [("đồng", "đồng"), ("nghìn đồng", "nghìn đồng"), ("triệu đồng", "triệu đồng"), ("tỷ đồng", "tỷ đồng"),
     ("triệu đồng/người/năm", "triệu đồng"), ("Tỷ  đồng", "tỷ đồng"), ("đồng hồ", None),
     # a foreign currency is money in that currency; two currencies in one unit are none
     ("USD", "USD"), ("triệu USD", "triệu USD"), ("Tỷ usd", "tỷ USD"), ("nghìn USD/người", "nghìn USD"),
     ("triệu đồng USD", None), ("USD đồng", None), ("triệu", None), ("đô la", None)],
)  # fmt: skip
def test_money_scale_is_read_from_the_start_of_the_unit(unit, scale):
    assert money_scale(unit) == scale


def test_money_factors_between_scales():
    assert money_factor("đồng", "tỷ đồng") == pytest.approx(1e-9)
    assert money_factor("tỷ đồng", "triệu đồng") == pytest.approx(1e3)
    assert money_factor("nghìn đồng", "đồng") == pytest.approx(1e3)
    assert money_factor("triệu đồng/người/năm", "nghìn đồng") == pytest.approx(1e3)
    # 6.830.000.000 đồng is 6,83 tỷ đồng (plan 71's budget).
    assert convert_money(pd.Series([6_830_000_000.0]), "đồng", "tỷ đồng").tolist() == pytest.approx([6.83])
    with pytest.raises(ValueError, match="'đô la' is not money"):
        money_factor("đô la", "đồng")
    # A foreign currency converts between its own scales only: 1.234,5 triệu USD is 1,2345 tỷ USD.
    assert money_factor("triệu USD", "tỷ USD") == pytest.approx(1e-3)
    for units in (("USD", "đồng"), ("tỷ đồng", "triệu USD"), ("triệu USD/người", "triệu đồng")):
        with pytest.raises(ValueError, match="never converted"):
            money_factor(*units)
        with pytest.raises(ValueError, match="never converted"):
            convert_money(pd.Series([1.0]), *units)


def test_a_money_measure_names_its_scale():
    with pytest.raises(InputError, match="money is written in") as info:
        make_plan(indicator("thu", unit="tiền", measure="money"))
    assert (info.value.field, info.value.where) == ("unit", "indicator 'thu'")


@pytest.mark.parametrize(
    ("kind", "measure"), [({"kind": "yes_no", "value": True}, "rate"), ({"kind": "share", "value": 30,
                          "direction": "higher"}, "money"), ({"kind": "at_least", "value": 1}, "yes_no")]
)  # fmt: skip
def test_the_measure_must_fit_the_kind(kind, measure):
    with pytest.raises(InputError) as info:
        make_plan(indicator(targets=[kind], measure=measure, unit="đồng"))
    assert info.value.field == "measure"


def test_an_unknown_measure_is_refused():
    with pytest.raises(InputError, match="must be one of rate, count") as info:
        make_plan(indicator(measure="percent"))
    assert info.value.field == "measure"


def test_a_plan_without_a_measure_is_refused():
    """The measure is declared for every indicator, so nothing downstream guesses it from the unit ('%', 'vụ')."""
    entry = indicator(unit="%")
    del entry["measure"]
    with pytest.raises(InputError, match="is required") as info:
        make_plan(entry)
    assert (info.value.field, info.value.where) == ("measure", "indicator 'x'")


def _district_plan(*targets: dict, level: str = "district"):
    return parse_plan({"plan": {**META, "level": level}, "targets": [indicator("x", targets=list(targets))]})


def test_a_district_plan_sets_its_own_targets_and_takes_the_provinces():
    plan = _district_plan({"kind": "at_least", "value": 90}, {"kind": "at_least", "value": 92, "set_by": "province"})
    assert plan.targets["set_by"].tolist() == ["district", "province"]
    assert plan.targets["own_level"].tolist() == [True, False]


@pytest.mark.parametrize("level", ["town", "city", "province"])
def test_every_plan_level_defaults_set_by_to_itself(level):
    assert _district_plan({"kind": "at_least", "value": 90}, level=level).targets.loc[0, "set_by"] == level


def test_a_province_plan_may_carry_a_central_target_but_not_a_communes():
    plan = _district_plan({"kind": "at_least", "value": 1, "set_by": "central"}, level="province")
    assert plan.targets.loc[0, "set_by"] == "central"
    with pytest.raises(InputError, match="province's plan takes targets set by province, central") as info:
        _district_plan({"kind": "at_least", "value": 1, "set_by": "commune"}, level="province")
    assert info.value.field == "set_by"


def test_a_plan_states_its_level():
    meta = {k: v for k, v in META.items() if k != "level"}
    with pytest.raises(InputError, match="is required") as info:
        parse_plan({"plan": meta, "targets": [indicator()]})
    assert (info.value.where, info.value.field) == ("plan", "level")


def test_an_unknown_key_inside_a_target_is_named():
    # "{kind: at_least, value: 95, set by: province}": a typo, refused rather than read as the commune's.
    with pytest.raises(InputError, match="unknown field") as info:
        make_plan(indicator(targets=[{"kind": "at_least", "value": 95, "set by": "province"}]))
    assert info.value.field == "set by"


def test_the_plan_to_copy_in_the_docs_loads():
    text = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    plan = parse_plan(yaml.safe_load(example), "docs/plan-format.md")
    assert plan.targets["set_by"].tolist() == ["commune", "commune", "town", "commune", "commune"]
    assert plan.targets["measure"].tolist() == ["average", "money", "money", "rate", "yes_no"]
