"""Reviews use only the files they are given, and every input is checked before any notebook runs."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import BUDGET_PATH, PLAN_PATH, ROOT, SAMPLE_PATH

from thidua.cli import main
from thidua.errors import InputError
from thidua.inputs.catalog import DEFAULT_DATASET, Inputs, chosen_dataset, resolve
from thidua.run.preflight import check_job

SAMPLE = ROOT / "data" / "sample"
ALL = ("annual_review", "economic_structure", "interim_review", "ranking")


def test_naming_any_file_means_no_sample_file_fills_the_gaps():
    assert chosen_dataset(None) == DEFAULT_DATASET
    assert chosen_dataset(None, plan=PLAN_PATH, data=None) == ""
    assert chosen_dataset("pho-thuan-2023-sample", plan=PLAN_PATH) == "pho-thuan-2023-sample"
    inputs = resolve(chosen_dataset(None, plan=PLAN_PATH, data=SAMPLE_PATH), plan=PLAN_PATH, data=SAMPLE_PATH)
    assert inputs.files() == {"plan": PLAN_PATH.resolve(), "data": SAMPLE_PATH.resolve()}


def test_notebooks_without_their_inputs_are_skipped_with_the_reason():
    checked = check_job(Inputs(plan=PLAN_PATH, data=SAMPLE_PATH), None, ALL)
    assert checked.notebooks == ("annual_review", "economic_structure")
    assert checked.skipped == {
        "interim_review": "no ytd file given",
        "ranking": "no subunits and no scoring file given",
    }


def test_the_full_sample_passes_every_check():
    inputs = resolve(DEFAULT_DATASET)
    assert check_job(inputs, None, ALL).notebooks == ALL


def _copy(tmp_path, source, name, edit):
    path = tmp_path / name
    path.write_text(edit(source.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def test_a_missing_sector_value_is_found_before_the_structure_notebook(tmp_path):
    def drop(text: str) -> str:
        return "".join(x for x in text.splitlines(keepends=True) if not x.startswith("pho_thuan,2022,gtsx_hh_tm_dv"))

    data = _copy(tmp_path, SAMPLE_PATH, "d.csv", drop)
    with pytest.raises(InputError) as info:
        check_job(Inputs(plan=PLAN_PATH, data=data, budget=BUDGET_PATH), None, ("annual_review", "economic_structure"))
    assert info.value.field == "gtsx_hh_tm_dv" and "2022" in str(info.value)


def test_a_ytd_file_without_a_year_to_date_period_is_refused(tmp_path):
    ytd = _copy(tmp_path, SAMPLE / "pho-thuan-6t-2022-2023.csv", "m.csv", lambda t: t.replace("-6T", ""))
    inputs = Inputs(plan=PLAN_PATH, data=SAMPLE_PATH, budget=BUDGET_PATH, ytd=ytd)
    with pytest.raises(InputError) as info:
        check_job(inputs, None, ("interim_review",))
    assert info.value.file == str(ytd) or "m.csv" in str(info.value)


def test_hamlets_outside_the_units_file_are_named_by_line(tmp_path):
    hamlets = _copy(tmp_path, SAMPLE / "pho-thuan-thon-2022-2023.csv", "h.csv",
                    lambda t: t.replace("pho_thuan_thon_3", "thon_ba", 1))  # fmt: skip
    inputs = resolve(DEFAULT_DATASET, subunits=hamlets)
    with pytest.raises(InputError, match="'thon_ba' is not in the units file") as info:
        check_job(inputs, None, ALL)
    assert (info.value.file, info.value.field) == (str(hamlets), "unit")
    assert info.value.where.startswith("line ")


def test_a_budget_given_as_figures_says_so():
    with pytest.raises(InputError, match="is a budget file") as info:
        check_job(Inputs(plan=PLAN_PATH, data=BUDGET_PATH), None, ("annual_review",))
    assert info.value.file == str(BUDGET_PATH)
    result = CliRunner().invoke(main, ["validate", str(BUDGET_PATH), "--plan", str(PLAN_PATH)])
    assert result.exit_code == 2 and "give it as the budget (--budget)" in result.output


def test_review_stops_with_exit_2_before_any_notebook(tmp_path):
    bad = _copy(
        tmp_path, SAMPLE_PATH, "bad.csv", lambda t: t.replace("pho_thuan,2023,bhyt,", "pho_thuan,2023,bhyt,120", 1)
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["review", "--plan", str(PLAN_PATH), "--data", str(bad), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "bad.csv" in result.output and "field 'value'" in result.output
    assert not out.exists() and not (tmp_path / "out.failed").exists()


def test_validate_checks_the_budget(tmp_path):
    budget = _copy(tmp_path, BUDGET_PATH, "b.csv", lambda t: t.replace(",thu,", ",thuu,", 1))
    args = ["validate", str(SAMPLE_PATH), "--plan", str(PLAN_PATH), "--budget", str(budget)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "b.csv" in result.output and "field 'side'" in result.output
    ok = CliRunner().invoke(main, [*args[:-1], str(BUDGET_PATH)])
    assert ok.exit_code == 1, ok.output  # a warning only: the sample has no figure for suy_dinh_duong
    assert "0 error(s), 1 warning(s)" in ok.output


def test_a_sample_plan_shows_as_sample_in_json_and_table(tmp_path):
    plan = _copy(tmp_path, PLAN_PATH, "p.yaml", lambda t: t.replace("  baseline_year: 2022\n",
                                                                    "  baseline_year: 2022\n  status: sample\n", 1))  # fmt: skip
    official = _copy(tmp_path, SAMPLE_PATH, "d.csv", lambda t: t.replace("# status: sample", "# status: official"))
    args = ["assess", str(plan), str(official), "--budget", str(BUDGET_PATH)]
    payload = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).stdout)
    assert (payload["plan_status"], payload["data_status"], payload["sample"]) == ("sample", "official", True)
    assert "SỐ LIỆU MẪU" in CliRunner().invoke(main, args).stdout
