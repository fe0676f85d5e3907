"""The plan's emulation movements (phong trào thi đua): read as written, counted on the targets that measure them."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import PLAN_PATH, ROOT, SAMPLE_PATH, indicator
from hand_results import SAMPLE_ROWS
from test_hostile_inputs import assert_refused, thidua

from thidua.engine.movements import movement_counts
from thidua.inputs.plan import load_plan, parse_plan
from thidua.reports.sentences import movement_lines

SEED = (ROOT / "data" / "raw" / "ke-hoach-71-KH-UBND-pho-thuan-2023.md").read_text(encoding="utf-8")
HOSTILE = ROOT / "tests" / "hostile"


def test_plan_71_names_its_movements_as_the_plan_writes_them():
    movements = load_plan(PLAN_PATH).movements.set_index("id")
    assert len(movements) == 7  # sections II.2 (3), II.3 (2), II.4 (1), II.5 (1)
    for ident, row in movements.iterrows():
        assert row["quote"] in SEED, ident  # the plan's own words
        assert row["name"] in re.sub(r"“\s+", "“", row["quote"]), ident  # named as launched
    ntm = movements.loc["nong_thon_moi"]
    assert (ntm["clause"], ntm["start"], ntm["end"]) == ("II.5", 2021, 2025)  # "giai đoạn 2021-2025"
    assert ntm["launched_by"] == "Ủy ban nhân dân xã Phổ Thuận"  # "Phát động phong trào thi đua …" in plan 71
    assert movements.loc["bao_ve_to_quoc", "targets"] == ("on_dinh_an_ninh", "tai_nan_giao_thong")  # a clause once


def _statements(statuses: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"indicator_id": list(statuses), "status": list(statuses.values())})


def test_a_movement_counts_its_targets_as_the_summary_line_does():
    plan = parse_plan(
        {
            "plan": dict(load_plan(PLAN_PATH).meta, number="1/KH-UBND"),
            "targets": [indicator("a"), indicator("b"), indicator("c")],
            "movements": [
                {"id": "m1", "name": "Thi đua một", "clause": "II.2", "targets": ["a", "b", "c"]},
                {"id": "m2", "name": "Thi đua hai", "clause": "II.4"},
            ],
        }
    )
    counts = movement_counts(_statements({"a": "exceeded", "b": "not_met", "c": "no_data"}), plan.movements)
    assert counts.loc["m1"].to_dict() == {"exceeded": 1, "met": 0, "not_met": 1, "no_data": 1, "total": 3}
    assert counts.loc["m2", "total"] == 0
    assert movement_lines(plan.movements, counts, "vi") == [
        "Phong trào “Thi đua một” (mục II.2): 1/3 chỉ tiêu đạt và vượt kế hoạch (trong đó 1 chỉ tiêu vượt), "
        "1 chỉ tiêu không đạt, 1 chỉ tiêu chưa có số liệu",
        "Phong trào “Thi đua hai” (mục II.4): kế hoạch không giao chỉ tiêu đánh giá phong trào này",
    ]


def test_the_sample_review_gives_each_movement_its_results():
    from thidua.reports.annual_page import movements_section
    from thidua.review.review import Review

    review = Review.load()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(movements_section(review))))
    assert "Kết quả các phong trào thi đua" in text
    # poor households: down 0,13 points against 0,2–0,5 (not met); health insurance 96,1% ≥ 95% (exceeded)
    assert SAMPLE_ROWS["giam_ho_ngheo"]["status"] == "not_met" and SAMPLE_ROWS["bhyt"]["status"] == "exceeded"
    assert (
        "Phong trào “Phổ Thuận vì người nghèo – không ai bị bỏ lại phía sau” (giai đoạn 2021–2025, mục II.2): "
        "1/2 chỉ tiêu đạt và vượt kế hoạch (trong đó 1 chỉ tiêu vượt), 1 chỉ tiêu không đạt" in text
    )
    # the traffic clause is not met (injuries 4 → 5), counted once beside security kept stable
    assert (
        "Phong trào “Toàn dân bảo vệ Tổ quốc” (mục II.3): 1/2 chỉ tiêu đạt và vượt kế hoạch, 1 chỉ tiêu không đạt"
        in (text)
    )


HOSTILE_CASES = [
    ("plan-movement-unknown-target.yaml", "movement 'ntm', field 'targets': names 'ntm_nang_cao', which is no "
                                          "target or clause of the plan"),
    ("plan-movement-newline-name.yaml", "movement 'ntm', field 'name': must be written on one line"),
    ("plan-movement-years-backwards.yaml", "movement 'ntm', field 'end': ends in 2021, before it starts in 2025"),
    ("plan-movement-not-a-list.yaml", "field 'movements': must be a list of at most 100 movements, each with an id, "
                                      "a name and a clause"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "place"), HOSTILE_CASES, ids=[c[0] for c in HOSTILE_CASES])
def test_hostile_movements(tmp_path, name, place):
    path = HOSTILE / name
    assert_refused(thidua(tmp_path, "assess", path, SAMPLE_PATH), f"thidua: error: {path}, {place}")
