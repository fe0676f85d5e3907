"""`thidua review --data DECEMBER.csv --official MARCH.csv`: a later file's figures replace the estimates.

Expected values are worked out by hand from docs/style-guide.md §3 and the figures below: grain output
estimated at 7.100 t in December, 7.204 t officially in March (7.204 − 7.100 = +104 t; 7.204 / 7.119 =
101,2% of the plan). The rest of the sample's figures are official already.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import BUDGET_PATH, GRAIN_2023, PLAN_PATH, write_december, write_march

from thidua.cli import main
from thidua.run.outdir import sha256


def _review(tmp_path, official, out):
    args = ["review", "--plan", PLAN_PATH, "--data", write_december(tmp_path / "12.csv"), "--official", official,
            "--budget", BUDGET_PATH, "--notebooks", "annual_review", "--out", out]  # fmt: skip
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("official")
    march = write_march(tmp / "03.csv")
    result = _review(tmp, march, tmp / "out")
    assert result.exit_code == 0, result.output
    return tmp / "out", march


def test_the_official_figure_is_assessed_and_shown_beside_the_estimate(reviewed):
    out, _march_path = reviewed
    page = (out / "annual_review.html").read_text(encoding="utf-8")
    assert "Số liệu ước thực hiện và số liệu chính thức thay thế" in page
    assert "<td>7.100 tấn</td>" in page and "<td>7.204 tấn</td>" in page and "<td>+104 tấn</td>" in page
    assert "Sản lượng lương thực: 7.204 tấn, đạt 101,2% kế hoạch" in page  # the official figure, no ước
    assert "Sản lượng lương thực: ước thực hiện" not in page
    assert "SỐ LIỆU MẪU" in page  # December's figures are sample data, and most of them are still shown
    assert "Ước 29/33" not in page and "29/33 chỉ tiêu đạt và vượt kế hoạch" in page  # no estimate is left
    csv = (out / "achievement.csv").read_text(encoding="utf-8").splitlines()
    header = csv[0].split(",")
    grain = next(line.split(",") for line in csv if ",san_luong_luong_thuc," in line)
    assert float(grain[header.index("actual")]) == 7204 and grain[header.index("estimate")] == "False"


def test_the_manifest_names_the_official_file(reviewed):
    out, march = reviewed
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"]["official"] == {"path": str(march), "sha256": sha256(march)}
    assert manifest["parameters"]["official_path"] == str(march)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (f"unit,period,indicator,value\n{GRAIN_2023}abc\n", "line 2, field 'value': 'abc' is not a number"),
        ("unit,period,value\npho_thuan,2023,7204\n", "line 1, field 'indicator': missing column(s) indicator"),
        ("", "has no header row and no data"),
    ],
)
def test_a_bad_official_file_stops_with_exit_2_naming_it(tmp_path, content, message):
    march = tmp_path / "03.csv"
    march.write_text(content, encoding="utf-8")
    result = _review(tmp_path, march, tmp_path / "out")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("thidua: error: ") and str(march) in lines[0]
    assert message in lines[0] and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_an_official_figure_that_fails_the_checks_names_the_official_file(tmp_path):
    """BHYT above 100% in March: the error points at March's line 2, not at December's file."""
    march = tmp_path / "03.csv"
    march.write_text("unit,period,indicator,value\npho_thuan,2023,bhyt,120\n", encoding="utf-8")
    result = _review(tmp_path, march, tmp_path / "out")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and f"{march}, line 2, field 'value'" in lines[0]
    assert "a rate must lie between 0 and 100, got 120" in lines[0] and str(tmp_path / "12.csv") not in lines[0]


def test_assess_takes_the_official_figures_too(tmp_path):
    """`assess --official`: the grain output is March's 7.204 t, 101,2% of the plan (7.204 / 7.119), not an estimate."""
    december, march = write_december(tmp_path / "12.csv"), write_march(tmp_path / "03.csv")
    args = ["assess", PLAN_PATH, december, "--budget", BUDGET_PATH, "--official", march, "--format", "csv"]
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    header = lines[0].split(",")
    grain = next(line.split(",") for line in lines if ",san_luong_luong_thuc," in line)
    assert float(grain[header.index("actual")]) == 7204 and grain[header.index("estimate")] == "False"
    assert round(float(grain[header.index("pct_of_plan")]), 1) == 101.2
    assert "name" not in header  # the documented columns, as before
    estimated = CliRunner().invoke(main, [str(a) for a in args[:5]] + ["--format", "csv"])
    grain = next(line.split(",") for line in estimated.stdout.splitlines() if ",san_luong_luong_thuc," in line)
    assert float(grain[header.index("actual")]) == 7100 and grain[header.index("estimate")] == "True"


def test_validate_checks_the_official_figures_against_the_plan(tmp_path):
    december = write_december(tmp_path / "12.csv")
    march = tmp_path / "03.csv"
    march.write_text("unit,period,indicator,value\npho_thuan,2023,bhyt,120\n", encoding="utf-8")
    args = ["validate", december, "--plan", PLAN_PATH, "--budget", BUDGET_PATH, "--official", march]
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 2
    assert f"{march}, line 2, field 'value'" in result.stderr and "got 120" in result.stderr
    assert f"{december}: 1 error(s)" in result.stdout
    write_march(march)
    assert CliRunner().invoke(main, [str(a) for a in args]).exit_code in (0, 1)  # the sample's own warning


@pytest.mark.parametrize("command", ["assess", "validate"])
def test_hostile_official_files_in_assess_and_validate(tmp_path, command):
    """Another plan's figures, a missing file, or --official without a plan: exit 2, one line naming the file."""
    december = write_december(tmp_path / "12.csv")
    other = tmp_path / "other.csv"
    other.write_text(f"# plan: 99/KH-UBND\nunit,period,indicator,value\n{GRAIN_2023}7204\n", encoding="utf-8")
    head = ["assess", PLAN_PATH, december] if command == "assess" else ["validate", december, "--plan", PLAN_PATH]
    for official, said in ((other, "declares plan '99/KH-UBND'"), (tmp_path / "gone.csv", "gone.csv")):
        result = CliRunner().invoke(main, [str(a) for a in [*head, "--budget", BUDGET_PATH, "--official", official]])
        assert result.exit_code == 2, result.output
        assert said in result.stderr and "Traceback" not in result.output
    if command == "validate":
        result = CliRunner().invoke(main, ["validate", str(december), "--official", str(other)])
        assert result.exit_code == 2
        assert "an official figures file is read against its plan: add --plan PLAN" in result.stderr
