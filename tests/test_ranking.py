"""The emulation ranking, against scores worked by hand with the sample scoring table (data/scoring/).

The table: points exceeded 10, met 8, not met 2, no data 0 (best 10); weights kinh_te 0.4, van_hoa_xa_hoi 0.4,
quoc_phong_an_ninh 0.2; scale 950; bonuses capped at 50; thôn 3 −20 (not registered), thôn 5 +30 (an award).
Score = 950 · Σ_g w_g · mean points in g / 10 + bonus + deduction.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from conftest import ROOT

from thidua.engine.ranking import scores, with_change
from thidua.inputs.scoring import load_scoring

SCORING = ROOT / "data" / "scoring" / "thi-dua-2023.yaml"
T1, T3, T5 = (f"pho_thuan_thon_{i}" for i in (1, 3, 5))
# indicator → (group, measure, kind); "grain" is a size (tonnes) and "empty" is reported by no unit:
# neither is scored.
INDICATORS = {
    "k_rate": ("kinh_te", "rate", "at_least"), "k_growth": ("kinh_te", "quantity", "growth"),
    "grain": ("kinh_te", "quantity", "at_least"), "v_rate": ("van_hoa_xa_hoi", "rate", "at_least"),
    "v_yes": ("van_hoa_xa_hoi", "yes_no", "yes_no"), "q_fall": ("quoc_phong_an_ninh", "count", "decrease"),
    "empty": ("van_hoa_xa_hoi", "rate", "at_least"),
}  # fmt: skip
STATUSES = {
    T1: ["exceeded", "met", "exceeded", "met", "met", "met", "no_data"],
    T3: ["not_met", "no_data", "exceeded", "exceeded", "met", "not_met", "no_data"],
    T5: ["met", "met", "not_met", "not_met", "no_data", "met", "no_data"],
}


def _results(statuses: dict[str, list[str]], drop: tuple[str, ...] = ()) -> pd.DataFrame:
    rows = [
        {"unit": unit, "period": "2023", "indicator_id": ind, "group": group, "measure": measure, "kind": kind,
         "status": status}
        for unit, column in statuses.items()
        for (ind, (group, measure, kind)), status in zip(INDICATORS.items(), column, strict=True)
        if ind not in drop
    ]  # fmt: skip
    return pd.DataFrame(rows)


def _by_unit(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_index("unit")[["content", "bonus", "deduction", "score", "rank"]]


def test_scores_weights_and_adjustments_of_the_sample_table():
    table = _by_unit(scores(_results(STATUSES), load_scoring(SCORING)))
    # thôn 1: kinh_te (10 + 8) / 2 = 9, văn hoá (8 + 8) / 2 = 8, quốc phòng 8
    #   950 · (0.4 · 0.9 + 0.4 · 0.8 + 0.2 · 0.8) = 950 · 0.84 = 798
    # thôn 3: kinh_te (2 + 0) / 2 = 1, văn hoá (10 + 8) / 2 = 9, quốc phòng 2
    #   950 · (0.4 · 0.1 + 0.4 · 0.9 + 0.2 · 0.2) = 950 · 0.44 = 418; − 20 = 398
    # thôn 5: kinh_te (8 + 8) / 2 = 8, văn hoá (2 + 0) / 2 = 1, quốc phòng 8
    #   950 · (0.4 · 0.8 + 0.4 · 0.1 + 0.2 · 0.8) = 950 · 0.52 = 494; + 30 = 524
    assert table.loc[T1].tolist() == pytest.approx([798, 0, 0, 798, 1])
    assert table.loc[T5].tolist() == pytest.approx([494, 30, 0, 524, 2])
    assert table.loc[T3].tolist() == pytest.approx([418, 0, -20, 398, 3])


def test_bonuses_are_capped_and_deductions_are_not():
    scoring = load_scoring(SCORING)
    more = pd.DataFrame(
        {"unit": [T5, T3], "period": "2023", "points": [40.0, -45.0], "reason": ["Bằng khen", "Vi phạm"]}
    )
    scoring = dataclasses.replace(scoring, adjustments=pd.concat([scoring.adjustments, more], ignore_index=True))
    table = _by_unit(scores(_results(STATUSES), scoring))
    assert table.loc[T5].tolist() == pytest.approx([494, 50, 0, 544, 2])  # 30 + 40 = 70, capped at 50
    assert table.loc[T3].tolist() == pytest.approx([418, 0, -65, 353, 3])  # −20 − 45 = −65, all of it


def test_weights_are_shared_out_over_the_groups_reported():
    table = _by_unit(scores(_results(STATUSES, drop=("q_fall",)), load_scoring(SCORING)))
    # No quốc phòng target left: 0.4 and 0.4 become 0.5 and 0.5.
    # thôn 1: 950 · (0.5 · 0.9 + 0.5 · 0.8) = 807.5; thôn 3: 950 · (0.5 · 0.1 + 0.5 · 0.9) = 475, − 20 = 455;
    # thôn 5: 950 · (0.5 · 0.8 + 0.5 · 0.1) = 427.5, + 30 = 457.5
    assert table["content"].to_dict() == pytest.approx({T1: 807.5, T3: 475, T5: 427.5})
    assert table["score"].to_dict() == pytest.approx({T1: 807.5, T3: 455, T5: 457.5})
    assert table["rank"].to_dict() == {T1: 1, T5: 2, T3: 3}


def test_equal_scores_share_a_rank():
    table = _by_unit(scores(_results({T1: STATUSES[T1], "pho_thuan_thon_2": STATUSES[T1]}), load_scoring(SCORING)))
    assert table["rank"].to_dict() == {T1: 1, "pho_thuan_thon_2": 1}  # both 798


def test_rank_change_since_last_year():
    table = pd.DataFrame(
        {"unit": [T1, T5, T3, T3, T1, T5], "period": ["2023"] * 3 + ["2022"] * 3, "rank": [1, 2, 3, 1, 2, 3]}
    )
    now = with_change(table, "2023", "2022").set_index("unit")
    # previous rank − rank: thôn 1 2 − 1 = +1, thôn 5 3 − 2 = +1, thôn 3 1 − 3 = −2 (moved down)
    assert now["rank_change"].to_dict() == {T1: 1, T5: 1, T3: -2}
    assert now["previous_rank"].to_dict() == {T1: 2, T5: 3, T3: 1}
