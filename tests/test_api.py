"""The analyst's API: where relative paths start, the loaders' defaults, a short repr, names in the results."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner
from conftest import BUDGET_PATH, PLAN_PATH, ROOT, SAMPLE_PATH

from thidua.cli import main
from thidua.errors import InputError
from thidua.review.review import ROOT_VARIABLE, Review

RELATIVE = {
    "plan_path": "data/plans/pho-thuan-2023.yaml",
    "data_path": "data/sample/pho-thuan-2022-2023.csv",
    "budget_path": "data/sample/pho-thuan-2022-2023-budget.csv",
}


def test_in_a_notebook_folder_relative_paths_start_at_the_root_lab_was_started_in(monkeypatch):
    monkeypatch.chdir(ROOT / "notebooks")  # a kernel in JupyterLab runs in the notebook's folder
    monkeypatch.setenv(ROOT_VARIABLE, str(ROOT))  # what `make lab` gives JupyterLab, hence its kernels
    review = Review.load("", **RELATIVE)
    assert (review.inputs.plan, review.inputs.data, review.inputs.budget) == (PLAN_PATH, SAMPLE_PATH, BUDGET_PATH)


def test_without_the_variable_relative_paths_start_at_the_current_directory(monkeypatch):
    monkeypatch.delenv(ROOT_VARIABLE, raising=False)
    monkeypatch.chdir(ROOT)
    assert Review.load("", **RELATIVE).inputs.plan == PLAN_PATH
    monkeypatch.chdir(ROOT / "notebooks")
    with pytest.raises(InputError, match="file not found") as info:
        Review.load("", **RELATIVE)
    assert str(ROOT / "notebooks" / RELATIVE["plan_path"]) in str(info.value)


def test_the_command_line_takes_relative_paths_from_where_it_is_run(tmp_path, monkeypatch):
    work = tmp_path / "office"
    for path in (PLAN_PATH, SAMPLE_PATH, BUDGET_PATH):
        (work / path.relative_to(ROOT)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, work / path.relative_to(ROOT))
    monkeypatch.chdir(work)
    monkeypatch.setenv(ROOT_VARIABLE, str(tmp_path / "elsewhere"))  # a JupyterLab terminal has it set
    args = ["report", "--plan", RELATIVE["plan_path"], "--data", RELATIVE["data_path"], "--budget"]
    result = CliRunner().invoke(main, [*args, RELATIVE["budget_path"], "--out", "bao-cao.docx"])
    assert result.exit_code == 0, result.output
    assert (work / "bao-cao.docx").is_file()


def test_make_lab_opens_the_project_root_and_sets_the_variable():
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", "lab"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert dry.returncode == 0, dry.stderr
    command = " ".join(dry.stdout.replace("\\\n", " ").split())
    assert f"{ROOT_VARIABLE}='{ROOT}' .venv/bin/jupyter lab --ServerApp.root_dir='{ROOT}' --port=8888" in command


def test_every_loader_has_the_defaults_of_review_load():
    annual, interim = Review.load(), Review.load().interim
    assert interim.review.inputs.plan == annual.inputs.plan
    assert interim.review.inputs == annual.inputs
    assert interim.review.data.path == annual.inputs.ytd, "the same dataset's year-to-date figures"
    assert interim.review.period.label == "2023-6T"  # the only year-to-date period of the sample's year-to-date file


def review_roles() -> tuple[str, ...]:
    from thidua.inputs.catalog import ROLES

    return ROLES


def test_repr_is_a_few_lines_naming_plan_unit_period_files_and_counts():
    text = repr(Review.load())
    lines = text.splitlines()
    # README: 33 statements, as every page counts them (the traffic clause of 3 parts once): 29 met or exceeded
    # (8 exceeded, so 21 met), 3 not met, 1 no data
    assert lines[:2] == [
        "Review(plan 71/KH-UBND, xã Phổ Thuận, 2023, lang vi)",
        "  33 targets: 8 exceeded, 21 met, 3 not_met, 1 no_data; 1 warning(s)",
    ]
    assert f"  plan: {PLAN_PATH}" in lines and f"  data: {SAMPLE_PATH}" in lines
    # a line per input file given; the sizes leave out where the checkout is (a fresh clone's path is longer)
    here = str(PLAN_PATH.parents[2])
    assert len(lines) <= 2 + len(review_roles()) and len(text.replace(here, "")) < 1500
    interim = repr(Review.load().interim).replace(here, "")
    assert len(interim) < 1000, "the interim's progress frame is not printed either"


@pytest.mark.parametrize(
    ("lang", "name"), [("vi", "Tỷ lệ bảo hiểm y tế toàn dân"), ("en", "Health insurance coverage")]
)
def test_results_carry_the_indicator_names_in_the_review_language(lang, name):
    results = Review.load(lang=lang).results.set_index("indicator_id")
    assert results.loc["bhyt", "name"] == name  # as the plan writes it (data/plans/pho-thuan-2023.yaml)
    assert results["name"].notna().all()


def test_repr_counts_as_the_page_does(tmp_path):
    """The count in repr is the page's summary line's: read both, never a number written here."""
    import re

    from thidua.reports.annual_page import summary

    review = Review.load()
    page = str(summary(review))
    total = int(re.search(r"(\d+)/(\d+) chỉ tiêu", page).group(2))
    assert re.search(r"  (\d+) targets:", repr(review)).group(1) == str(total) == str(review.counts().sum())


def test_the_table_view_shows_what_an_analyst_reads_first():
    review = Review.load()
    view = review.table()
    assert list(view.data.columns) == ["indicator_id", "name", "unit_of_measure", "baseline", "target", "actual",
                                       "pct_of_plan", "status"]  # fmt: skip
    html = view.to_html()
    assert "7.117.000.000,00" in html and "1.311111e+01" not in html  # revenue as Vietnamese writes it
    assert "Thu ngân sách xã" in html


def test_a_path_not_found_is_one_line_naming_where_it_was_looked_for(tmp_path, monkeypatch):
    from thidua.errors import InputError

    monkeypatch.setenv("THIDUA_ROOT", str(tmp_path))
    with pytest.raises(InputError) as refused:
        Review.load(data_path="../data/x.csv")
    assert str(refused.value) == (
        f"{(tmp_path / '../data/x.csv').resolve()}, field 'data_path': file not found (a relative path starts at "
        f"$THIDUA_ROOT, {tmp_path})"
    )
    assert refused.value._render_traceback_() == [f"thidua: error: {refused.value}"]  # one line in a notebook


def test_the_count_table_lists_the_groups_in_the_plans_order():
    """Plan 71's groups come kinh tế, văn hóa – xã hội, quốc phòng – an ninh: so do the table, charts and counts."""
    import re

    from thidua.reports.annual_page import summary

    names = re.findall(r'<td style="text-align:left">([^<]*)</td>', str(summary(Review.load())))
    assert names == ["Kinh tế", "Văn hóa – xã hội", "Quốc phòng – an ninh", "Tổng"]
