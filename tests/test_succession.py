"""Units that change: last year's figures of a merged or split unit formed from its predecessors (docs/domain.md §5.12).

tests/data/merged-*: two made-up communes (xã A, xã B) merged into phường C on 1 July 2025 (sample, labelled so).
Expected values are worked out by hand from those files.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from test_hostile_inputs import assert_refused, thidua

from thidua.engine.succession import formed
from thidua.inputs.units import load_units
from thidua.review.review import Review

DATA = ROOT / "tests" / "data"
HOSTILE = ROOT / "tests" / "hostile"


@pytest.fixture(scope="module")
def review() -> Review:
    return Review.load(
        "", plan_path=DATA / "merged-plan.yaml", data_path=DATA / "merged-figures.csv",
        units_path=DATA / "merged-units.yaml",
    )  # fmt: skip


def test_last_years_figures_are_added_up_from_the_predecessors(review):
    rows = review.results.set_index("indicator_id")
    assert rows.loc["grain", "baseline"] == 5000  # 3.000 + 2.000 tấn
    assert rows.loc["grain", "compared"] == pytest.approx(8.0)  # 5.400 / 5.000 − 1
    # a rate from its parts: (900 + 1.850) / (1.000 + 2.000) = 91,67%, never (90 + 92,5) / 2 = 91,25%
    assert rows.loc["bhyt", "baseline"] == pytest.approx(2750 / 3000 * 100)
    # an average per person weighted by population: (50 · 10.000 + 60 · 5.000) / 15.000 = 53,33
    assert rows.loc["income", "baseline"] == pytest.approx(800_000 / 15_000)
    assert rows.loc["income", "compared"] == pytest.approx((58 / (800_000 / 15_000) - 1) * 100)  # +8,75%
    # a rate given without its parts cannot be added up: not comparable, said so
    assert (rows.loc["ngheo", "status"], rows.loc["ngheo", "note"]) == ("no_data", "not_comparable")
    assert review.history.refused.set_index("indicator_id").loc["ngheo", "reason"] == "no_parts"


def test_every_page_says_how_last_years_figures_were_formed(review):
    from thidua.reports.annual_page import figures_sources
    from thidua.reports.sentences import sentences, wording

    assert figures_sources(review) == [
        ("merged-figures.csv", "số liệu năm 2025 cộng gộp từ 2 đơn vị trước khi sắp xếp: xã A, xã B")
    ]
    said = sentences(review.results, review.plan.targets, wording(review))
    assert said[-1] == (
        "Tỷ lệ hộ nghèo: 2%, chưa có số liệu (không so sánh được: số liệu năm 2025 của các đơn vị trước khi sắp xếp "
        "không cộng gộp được)."
    )


def test_the_word_report_says_how_last_years_figures_were_formed(review, tmp_path):
    from docx import Document

    from thidua.reports.word_report import write_report

    texts = [p.text for p in Document(str(write_report(review, tmp_path / "r.docx"))).paragraphs]
    assert "Số liệu năm 2025 cộng gộp từ 2 đơn vị trước khi sắp xếp: xã A, xã B." in texts
    # what cannot be formed is said, not left as a gap nobody could fill
    assert any(t.endswith("Tỷ lệ hộ nghèo: 2%, không so sánh được: số liệu năm 2025 của các đơn vị trước khi sắp xếp"
                          " không cộng gộp được.") for t in texts)  # fmt: skip


def test_a_split_unit_takes_its_share():
    # xã D gave 40% of itself (by population) to phường E and 60% to another: E's 2025 grain is 0,4 · 1.000
    # plus all of xã F's 500 = 900 tấn; its rate (0,4 · 90 + 200) / (0,4 · 100 + 400) = 236 / 440 = 53,64%.
    values = pd.DataFrame(
        {
            "unit": ["xa_d", "xa_f", "xa_d", "xa_f"], "period": "2025", "indicator_id": ["grain", "grain", "r", "r"],
            "value": [1000.0, 500.0, 90.0, 50.0], "numerator": [np.nan, np.nan, 90.0, 200.0],
            "denominator": [np.nan, np.nan, 100.0, 400.0],
        }
    )  # fmt: skip
    links = pd.DataFrame({"predecessor": ["xa_d", "xa_f"], "share": [0.4, 1.0]})
    rows, refused = formed(values, links, "phuong_e", "2025", pd.Series({"grain": "quantity", "r": "rate"}))
    got = rows.set_index("indicator_id")
    assert got.loc["grain", "value"] == pytest.approx(900.0)
    assert got.loc["r", "value"] == pytest.approx(236 / 440 * 100)
    assert refused.empty and set(rows["unit"]) == {"phuong_e"}


def test_a_figure_not_every_predecessor_gave_is_not_formed():
    values = pd.DataFrame({"unit": ["xa_a"], "period": "2025", "indicator_id": ["grain"], "value": [3000.0],
                           "numerator": np.nan, "denominator": np.nan})  # fmt: skip
    links = pd.DataFrame({"predecessor": ["xa_a", "xa_b"], "share": [1.0, 1.0]})
    rows, refused = formed(values, links, "c", "2025", pd.Series({"grain": "quantity"}))
    assert rows.empty and refused.to_dict("records") == [
        {"indicator_id": "grain", "reason": "incomplete", "measure": "quantity"}
    ]


def test_units_carry_codes_dates_and_predecessors():
    units = load_units(DATA / "merged-units.yaml")
    assert units.formed_from("phuong_c")[["predecessor", "share", "name"]].to_dict("records") == [
        {"predecessor": "xa_a", "share": 1.0, "name": "xã A"},
        {"predecessor": "xa_b", "share": 1.0, "name": "xã B"},
    ]
    # phường C reuses xã A's code 1001 after xã A ended: allowed, the dates tell them apart
    assert units.table.set_index("id").loc[["xa_a", "phuong_c"], "code"].tolist() == ["1001", "1001"]


HOSTILE_CASES = [
    ("units-code-twice-at-once.yaml", "unit 'phuong_c', field 'code': 1002 is also the code of 'xa_b' while both exist"),
    ("units-predecessor-cycle.yaml", "predecessor 'd', field 'id': 'd' must end ('until') before 'c' begins ('since')"),
    ("units-shares-not-one.yaml", "unit 'xa_a', field 'predecessors': is split into shares that add up to 0.9, not 1"),
    ("units-predecessor-still-exists.yaml",
     "predecessor 'tinh', field 'id': 'tinh' must end ('until') before 'c' begins ('since')"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "place"), HOSTILE_CASES, ids=[c[0] for c in HOSTILE_CASES])
def test_hostile_units(tmp_path, name, place):
    path = HOSTILE / name
    run = thidua(tmp_path, "assess", DATA / "merged-plan.yaml", DATA / "merged-figures.csv", "--units", path)
    assert_refused(run, f"thidua: error: {path}, {place}")


def test_a_merge_of_four_sums_amounts_divides_sums_and_refuses_shares_as_printed():
    # four communes A–D merged (made-up figures, worked by hand):
    # grain 1.000 + 2.000 + 3.000 + 4.000 = 10.000 tấn; households with insurance (90 + 180 + 270 + 300) /
    # (100 + 200 + 300 + 400) = 840 / 1.000 = 84%, not the mean of 90%, 90%, 90%, 75% = 86,25%;
    # agriculture's share printed by each (40%, 30%, 20%, 10%) cannot be added or averaged: refused as published;
    # income per person without populations: not compared.
    units = ["a", "b", "c", "d"]
    rows = []
    for unit, grain, num, den, share, income in zip(
        units,
        [1000, 2000, 3000, 4000],
        [90, 180, 270, 300],
        [100, 200, 300, 400],
        [40, 30, 20, 10],
        [50, 55, 60, 65],
        strict=True,
    ):
        rows += [
            (unit, "grain", grain, np.nan, np.nan), (unit, "bhyt", num / den * 100, num, den),
            (unit, "co_cau_nong_nghiep%", share, np.nan, np.nan), (unit, "income", income, np.nan, np.nan),
        ]  # fmt: skip
    values = pd.DataFrame(rows, columns=["unit", "indicator_id", "value", "numerator", "denominator"]).assign(
        period="2025"
    )
    links = pd.DataFrame({"predecessor": units, "share": 1.0})
    measures = pd.Series({"grain": "quantity", "bhyt": "rate", "co_cau_nong_nghiep%": "rate", "income": "average"})
    got, refused = formed(values, links, "new", "2025", measures)
    got = got.set_index("indicator_id")
    assert got.loc["grain", "value"] == 10000
    assert got.loc["bhyt", "value"] == pytest.approx(84.0)
    assert got.loc["bhyt", "value"] != pytest.approx(86.25)
    assert refused.set_index("indicator_id")["reason"].to_dict() == {
        "co_cau_nong_nghiep%": "published", "income": "no_weight"
    }  # fmt: skip
