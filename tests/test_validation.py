"""`thidua validate`: each malformed input gets its clear message, severity and exit code, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import PLAN_PATH, SAMPLE_PATH

HEADER = "unit,period,indicator,value,numerator,denominator\n"

# (name, file content, expected exit code, expected text in the output)
CORPUS = [
    ("empty file", "", 2, "has no header row and no data"),
    ("header only wrong", "don_vi,ky,chi_tieu,gia_tri\n", 2, "missing column(s) unit, period, indicator, value"),
    (
        "text in a number cell",
        HEADER + "pho_thuan,2023,bhyt,chín mươi,,\n",
        2,
        "line 2, field 'value': 'chín mươi' is not a number",
    ),
    ("percent sign", HEADER + "pho_thuan,2023,bhyt,96%,,\n", 2, "'96%' is not a number"),
    (
        "duplicate rows",
        HEADER + "pho_thuan,2023,bhyt,96,,\npho_thuan,2023,bhyt,96,,\n",
        2,
        "line 3, field 'indicator': repeats",
    ),
    ("numerator above denominator", HEADER + "pho_thuan,2023,bhyt,,900,800\n", 2, "part 900 is above its whole 800"),
    ("zero denominator", HEADER + "pho_thuan,2023,thon_van_hoa,,0,0\n", 2, "the whole must be above 0"),
    ("negative money", HEADER + "pho_thuan,2023,tngt_so_vu,-3,,\n", 2, "counts and money cannot be negative"),
    ("rate above 100", HEADER + "pho_thuan,2023,giao_quan,120,,\n", 2, "a rate must lie between 0 and 100, got 120"),
    ("yes/no not 0 or 1", HEADER + "pho_thuan,2023,ntm_nang_cao,2,,\n", 2, "a yes/no figure is 1 or 0"),
    (
        "unknown indicator",
        HEADER + "pho_thuan,2023,khong_co,1,,\n",
        2,
        "indicator 'khong_co' is not in plan 71/KH-UBND",
    ),
    ("date instead of period", HEADER + "pho_thuan,31/12/2023,bhyt,96,,\n", 2, "unknown period '31/12/2023'"),
    ("empty unit", HEADER + ",2023,bhyt,96,,\n", 2, "field 'unit': is empty"),
    ("ambiguous number", HEADER + "pho_thuan,2023,san_luong_luong_thuc,7.119,,\n", 2, "could be read two ways"),
    (
        "mixed number styles",
        HEADER + 'pho_thuan,2023,bhyt,"96,1",,\npho_thuan,2023,tang_dan_so,0.82,,\n',
        2,
        "mixes Vietnamese",
    ),
    (
        "declared vi, written en",
        "# numbers: vi\n" + HEADER + "pho_thuan,2023,bhyt,96.1,,\n",
        2,
        "is not a number written in Vietnamese",
    ),
    ("unknown number style", "# numbers: fr\n" + HEADER, 2, "field 'numbers': must be vi or en"),
    ("unknown data status", "# status: draft\n" + HEADER, 2, "field 'status'"),
    (
        "far from last year",
        HEADER + "pho_thuan,2022,san_luong_luong_thuc,3000,,\npho_thuan,2023,san_luong_luong_thuc,7204,,\n",
        1,
        "far from last year",
    ),
    ("missing indicators", HEADER + "pho_thuan,2023,bhyt,96,,\n", 1, "no figure for 'san_luong_luong_thuc'"),
]


@pytest.mark.parametrize(("name", "content", "code", "text"), CORPUS, ids=[c[0] for c in CORPUS])
def test_corpus(tmp_path, name, content, code, text):
    path = tmp_path / "data.csv"
    path.write_text(content, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "thidua", "validate", str(path), "--plan", str(PLAN_PATH)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    assert text in proc.stderr
    assert str(path) in proc.stderr


def test_unknown_unit_with_a_units_file(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(
        HEADER + "pho_thuan_thon_9,2023,tngt_so_vu,1,,\npho_thuan_thon_1,2023,tngt_so_vu,1,,\n", encoding="utf-8"
    )
    units = PLAN_PATH.parents[1] / "units" / "pho-thuan.yaml"
    proc = subprocess.run(
        [sys.executable, "-m", "thidua", "validate", str(path), "--units", str(units)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "line 2, field 'unit': unit 'pho_thuan_thon_9' is not in the units file" in proc.stderr
    assert "line 3" not in proc.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "cp1258"])
def test_non_utf8_csv_from_excel(tmp_path, encoding):
    path = tmp_path / "excel.csv"
    path.write_bytes((HEADER + "Đơn,2023,bhyt,96,,\n").encode(encoding))
    proc = subprocess.run([sys.executable, "-m", "thidua", "validate", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "not UTF-8 text" in proc.stderr and "CSV UTF-8" in proc.stderr


def test_sample_validates_with_warnings_only():
    proc = subprocess.run(
        [sys.executable, "-m", "thidua", "validate", str(SAMPLE_PATH), "--plan", str(PLAN_PATH)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1  # suy_dinh_duong has no 2023 figure: a warning, shown, not an error
    assert "no figure for 'suy_dinh_duong'" in proc.stderr
    assert "0 error(s), 1 warning(s)" in proc.stdout


def test_a_50_mb_file_is_read_and_its_problems_listed_briefly(tmp_path, plan):
    """Generated here, never committed: about 1.4 million rows of a province's worth of communes."""
    import numpy as np
    import pandas as pd

    entered = [i for i in plan.indicator_ids if i not in plan.economy.derived_ids]
    kinds = plan.targets.drop_duplicates("indicator_id").set_index("indicator_id")["kind"]
    n_units = 55_000
    rng = np.random.default_rng(0)
    ids = np.tile(entered, n_units)
    values = np.round(rng.uniform(0, 100, len(ids)), 1)
    values[kinds.reindex(ids).to_numpy() == "yes_no"] = 1
    values[::200_000] = -1  # a few negative figures to report
    frame = pd.DataFrame({"unit": np.repeat([f"xa_{i:05d}" for i in range(n_units)], len(entered)), "period": "2023",
                          "indicator": ids, "value": values, "numerator": "", "denominator": ""})  # fmt: skip
    path = tmp_path / "big.csv"
    frame.to_csv(path, index=False)
    assert path.stat().st_size > 50_000_000
    proc = subprocess.run(
        [sys.executable, "-m", "thidua", "validate", str(path), "--plan", str(PLAN_PATH)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "line 2, field 'value'" in proc.stderr
    assert len(proc.stderr.splitlines()) <= 51


def test_the_csv_reader_takes_the_yes_no_words_the_reports_print(tmp_path):
    """The reports say 'đã đạt' / 'chưa đạt' (vi); a figures file may answer in the same words."""
    from thidua.inputs.observations import read_csv

    path = tmp_path / "f.csv"
    path.write_text(
        "unit,period,indicator,value\nx,2023,ntm,đã đạt\nx,2022,ntm,chưa đạt\nx,2023,an_ninh,Có\n", encoding="utf-8"
    )
    values = read_csv(path).values.set_index(["period", "indicator_id"])["value"]
    assert values[("2023", "ntm")] == 1.0 and values[("2022", "ntm")] == 0.0 and values[("2023", "an_ninh")] == 1.0


def test_a_budget_side_is_checked_one_way_in_a_csv(tmp_path):
    """Thu/Chi in any letter case, as the workbook takes it; anything else is the workbook's same message."""
    from thidua.errors import InputError
    from thidua.inputs.observations import read_budget_csv

    header = "unit,period,side,item,estimate,actual\n"
    good = tmp_path / "good.csv"
    good.write_text(header + "x,2023,Thu,Thuế,10,12\nx,2023,CHI,Chi thường xuyên,8,7\n", encoding="utf-8")
    assert read_budget_csv(good)["side"].tolist() == ["thu", "chi"]
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "x,2023,thu nhập,Thuế,10,12\n", encoding="utf-8")
    with pytest.raises(InputError, match="must be thu or chi, got 'thu nhập'") as info:
        read_budget_csv(bad)
    assert (info.value.field, info.value.where) == ("side", "line 2")
