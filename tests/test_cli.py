"""The `thidua assess` command: formats, column names other tools rely on, and exit code 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import BUDGET_PATH, PLAN_PATH, SAMPLE_PATH

from thidua.cli import main


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_table_has_all_targets_sample_banner_and_summary():
    result = _run("assess", PLAN_PATH, SAMPLE_PATH, "--budget", BUDGET_PATH)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Kế hoạch số 71/KH-UBND – xã Phổ Thuận – năm 2023"
    assert "SỐ LIỆU MẪU" in lines[1]
    assert (
        lines[-1]
        == "29/33 chỉ tiêu đạt và vượt kế hoạch (trong đó 8 chỉ tiêu vượt), 3 chỉ tiêu không đạt, 1 chỉ tiêu chưa có số liệu"
    )
    rows = lines[3:-1]
    assert [int(line.split()[0]) for line in rows] == list(range(1, 37))  # 35 targets and the traffic clause's row
    clause = next(line for line in rows if "giảm cả 3 tiêu chí" in line)
    assert clause.split()[1:4] == ["Tai", "nạn", "giao"] and clause.endswith("không đạt")
    assert "6,83 tỷ đồng" in result.output  # the plan's 6.830.000.000 đồng, in the magnitude reports use


def test_table_in_english():
    result = _run("assess", PLAN_PATH, SAMPLE_PATH, "--budget", BUDGET_PATH, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "SAMPLE DATA" in result.output
    assert (
        result.stdout.splitlines()[-1]
        == "29 of 33 targets met or exceeded (8 of them exceeded), 3 not met, 1 with no data"
    )


def test_csv_keeps_the_documented_columns():
    result = _run("assess", PLAN_PATH, SAMPLE_PATH, "--budget", BUDGET_PATH, "--format", "csv")
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout))
    for col in ("indicator_id", "status", "actual", "target", "pct_of_plan", "change_vs_baseline"):
        assert col in frame.columns
    assert len(frame) == 35
    assert set(frame["status"]) == {"exceeded", "met", "not_met", "no_data"}
    row = frame.set_index("indicator_id").loc["thu_ngan_sach"]
    assert row["target"] == 6_830_000_000 and round(row["pct_of_plan"], 1) == 104.2


def test_json_output():
    result = _run("assess", PLAN_PATH, SAMPLE_PATH, "--budget", BUDGET_PATH, "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["plan"] == "71/KH-UBND" and payload["data_status"] == "sample"
    assert len(payload["results"]) == 35


def test_unknown_period_is_an_input_error():
    result = _run("assess", PLAN_PATH, SAMPLE_PATH, "--budget", BUDGET_PATH, "--period", "2031")
    assert result.exit_code == 2
    assert "no figures for period '2031'" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("unit,period,indicator,value\npho_thuan,2023,bhyt,96,1\n", "line 2"),
        ("unit,period,indicator,value\npho_thuan,2023,bhyt,96%\n", "'96%' is not a number"),
        ("unit,period,indicator,value\npho_thuan,2023,khong_co,1\n", "'khong_co' is not in plan 71/KH-UBND"),
        ("unit,period,value\npho_thuan,2023,1\n", "missing column(s) indicator"),
        ("", "has no header row"),
        ("# status: draft\nunit,period,indicator,value\n", "field 'status'"),
        ("unit,period,indicator,value\npho_thuan,2023,bhyt,96\npho_thuan,2023,bhyt,97\n", "line 3, field 'indicator'"),
        ("unit,period,indicator,value\n,2023,bhyt,96\n", "line 2, field 'unit': is empty"),
    ],
)
def test_bad_data_file_gives_one_line_and_exit_2(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "thidua", "assess", str(PLAN_PATH), str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines and all("error:" in line and str(path) in line for line in lines)
    assert message in proc.stderr


def test_bad_plan_gives_exit_2(tmp_path):
    bad = tmp_path / "plan.yaml"
    bad.write_text(PLAN_PATH.read_text(encoding="utf-8").replace("value: 7119", "value: 7.119.0"), encoding="utf-8")
    result = _run("assess", bad, SAMPLE_PATH)
    assert result.exit_code == 2
    assert "indicator 'san_luong_luong_thuc'" in result.output and "field 'value'" in result.output


def test_missing_file_gives_exit_2(tmp_path):
    result = _run("assess", PLAN_PATH, tmp_path / "nope.csv")
    assert result.exit_code == 2
    assert "file not found" in result.output
