"""The bundled sample figures: labelled as sample, complete, and exercising every status."""

from __future__ import annotations

from conftest import BUDGET_PATH, SAMPLE_PATH

from thidua.engine.economy import derive
from thidua.engine.summary import count_statuses
from thidua.inputs.observations import read_budget_csv, read_csv
from thidua.review.review import run_assessment


def test_sample_is_labelled_in_the_file():
    text = SAMPLE_PATH.read_text(encoding="utf-8")
    assert text.startswith("# status: sample\n")
    assert "SAMPLE DATA" in text and "số liệu mẫu" in text
    assert read_csv(SAMPLE_PATH).is_sample


def test_sample_covers_every_indicator_in_both_years(plan):
    values = derive(read_csv(SAMPLE_PATH).values, plan.economy, read_budget_csv(BUDGET_PATH))
    for period in ("2022", "2023"):
        assert set(values.loc[values["period"] == period, "indicator_id"]) == set(plan.indicator_ids)


def test_sample_exercises_every_status(plan):
    results = run_assessment(plan, read_csv(SAMPLE_PATH), budget=read_budget_csv(BUDGET_PATH))
    counts = count_statuses(results).iloc[0]
    assert (counts[["exceeded", "met", "not_met", "no_data"]] > 0).all()
    assert counts["total"] == 35  # per target; the summary line counts the traffic clause once (test_sample_statuses)
    status = results.set_index("indicator_id")["status"]
    assert status["thu_ngan_sach"] == "exceeded"
    assert status["gtsx_nong_nghiep"] == "not_met"
    assert status["suy_dinh_duong"] == "no_data"


def test_sample_structure_shares_sum_to_100(plan):
    values = derive(read_csv(SAMPLE_PATH).values, plan.economy)
    shares = values[values["indicator_id"].str.startswith("co_cau_")].groupby("period")["value"].sum()
    assert shares.round(6).tolist() == [100.0, 100.0]


def test_rates_given_as_parts_become_percentages():
    values = read_csv(SAMPLE_PATH).values.set_index(["period", "indicator_id"])
    assert values.loc[("2023", "bhyt"), "value"] == 7812 / 8129 * 100
    assert values.loc[("2022", "thon_van_hoa"), "value"] == 6 / 7 * 100
