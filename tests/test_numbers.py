"""Vietnamese- and English-style numbers: read when declared or unambiguous, an error when ambiguous."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import BUDGET_PATH, PLAN_PATH, SAMPLE_PATH

from thidua.cli import main
from thidua.inputs.numbers import NumberStyleError, detect_style, normalize
from thidua.reports.formatting import fmt_number


@pytest.mark.parametrize(
    ("cells", "style", "expected"),
    [
        (["6.830.000.000", "38,5", "7.119"], "vi", [6_830_000_000, 38.5, 7119]),
        (["6,830,000,000", "38.5", "7.119"], "en", [6_830_000_000, 38.5, 7.119]),
        (["6.830.000.000", "38,5", "7119"], None, [6_830_000_000, 38.5, 7119]),  # settled: Vietnamese
        (["7.119"], "vi", [7119]),
        (["7.119"], "en", [7.119]),
        (["0,2", "1.234,5"], None, [0.2, 1234.5]),
        (["100", ""], None, [100, None]),
    ],
)
def test_normalize(cells, style, expected):
    got = pd.to_numeric(normalize(pd.Series(cells), style).replace("", None)).tolist()
    assert got == pytest.approx(expected, nan_ok=True) or [g if g == g else None for g in got] == expected


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (["6.830.000.000", "38,5", "41.500"], r"'41\.500' could be read two ways: 41500 .* or 41\.5 "),
        (["6,830,000,000", "38.5", "7,119"], r"'7,119' could be read two ways: 7\.119 .* or 7119 "),
    ],
)
def test_a_number_that_reads_two_ways_is_an_error_even_when_other_cells_settle_the_style(cells, message):
    with pytest.raises(NumberStyleError, match=message) as info:
        normalize(pd.Series(cells), None)
    assert info.value.row == 2


def test_ambiguous_and_mixed_files_are_errors():
    with pytest.raises(NumberStyleError, match=r"'7\.119' could be read two ways"):
        normalize(pd.Series(["100", "7.119"]), None)
    with pytest.raises(NumberStyleError, match="mixes"):
        detect_style(pd.Series(["38,5", "0.82"]))


def _vi_copy(tmp_path, declare: bool):
    text = SAMPLE_PATH.read_text(encoding="utf-8").splitlines()
    out = []
    for line in text:
        parts = line.split(",")
        if line.startswith("#") or parts[0] == "unit":
            out.append(line)
            continue
        cells = [fmt_number(float(c), "vi") if c else "" for c in parts[3:]]
        out.append(",".join(parts[:3] + [f'"{c}"' for c in cells]))
    if declare:
        out.insert(0, "# numbers: vi")
    path = tmp_path / "vi.csv"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def test_vietnamese_csv_gives_the_same_assessment(tmp_path):
    english = CliRunner().invoke(
        main, ["assess", str(PLAN_PATH), str(SAMPLE_PATH), "--budget", str(BUDGET_PATH), "--format", "csv"]
    )
    assert english.exit_code == 0, english.output
    path = _vi_copy(tmp_path, declare=True)
    assert "6.830.000.000" in path.read_text(encoding="utf-8") or "424.800" in path.read_text(encoding="utf-8")
    vietnamese = CliRunner().invoke(
        main, ["assess", str(PLAN_PATH), str(path), "--budget", str(BUDGET_PATH), "--format", "csv"]
    )
    assert vietnamese.exit_code == 0, vietnamese.output
    assert vietnamese.stdout == english.stdout


def test_detection_never_settles_a_number_that_reads_two_ways(tmp_path):
    path = _vi_copy(tmp_path, declare=False)  # 0,82 says Vietnamese, but 250.000 (line 6) reads two ways
    result = CliRunner().invoke(main, ["assess", str(PLAN_PATH), str(path), "--budget", str(BUDGET_PATH)])
    assert result.exit_code == 2
    assert (
        "line 6, field 'value': '250.000' could be read two ways: 250000 (Vietnamese style) or 250 (English"
        in result.output
    )
    result = CliRunner().invoke(main, ["assess", str(PLAN_PATH), str(path), "--budget", str(BUDGET_PATH),
                                       "--numbers", "vi"])  # fmt: skip
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["assess", str(PLAN_PATH), str(path), "--numbers", "en"])
    assert result.exit_code == 2


def test_undeclared_ambiguous_file_exits_2(tmp_path):
    path = tmp_path / "amb.csv"
    path.write_text("unit,period,indicator,value\npho_thuan,2023,san_luong_luong_thuc,7.119\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["assess", str(PLAN_PATH), str(path)])
    assert result.exit_code == 2
    assert "line 2, field 'value': '7.119' could be read two ways" in result.output
