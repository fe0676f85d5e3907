from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest

from thidua.engine.achievement import assess
from thidua.inputs.plan import Plan, load_plan, parse_plan
from thidua.run import make

ROOT = Path(__file__).resolve().parents[1]
PLAN_PATH = ROOT / "data" / "plans" / "pho-thuan-2023.yaml"
SAMPLE_PATH = ROOT / "data" / "sample" / "pho-thuan-2022-2023.csv"
BUDGET_PATH = ROOT / "data" / "sample" / "pho-thuan-2022-2023-budget.csv"
GRAIN_2023 = "pho_thuan,2023,san_luong_luong_thuc,"  # the start of the sample's 2023 grain-output row
SEED_PATH = ROOT / "data" / "raw" / "ke-hoach-71-KH-UBND-pho-thuan-2023.md"

META = {
    "number": "1/KH-TEST", "date": dt.date(2023, 1, 1), "issuer": "UBND xã Thử", "unit_id": "thu",
    "unit_name": "xã Thử", "level": "commune", "year": 2023, "baseline_year": 2022,
}  # fmt: skip


@pytest.fixture(scope="session")
def plan() -> Plan:
    return load_plan(PLAN_PATH)


# The measure a test indicator declares, by its unit, as a plan writer would declare for a unit (a count of events or people falls "by 2 vụ").
TEST_MEASURES = {
    "%": "rate", "đạt/không": "yes_no", "đồng": "money", "triệu đồng": "money", "tỷ đồng": "money",
    "vụ": "count", "người": "count", "hộ": "count",
}  # fmt: skip


def indicator(ident: str = "x", unit: str = "%", targets: list | None = None, **extra) -> dict:
    """A minimal valid indicator entry for building test plans."""
    targets = targets or [{"kind": "at_least", "value": 95}]
    by_kind = {"yes_no": "yes_no", "share": "rate", "reduction_points": "rate"}
    measure = by_kind.get(targets[0].get("kind"), TEST_MEASURES.get(unit, "quantity"))
    entry = {
        "id": ident, "name_vi": f"Chỉ tiêu {ident}", "name_en": f"Indicator {ident}", "group": "kinh_te",
        "clause": "II.1.a", "measure": measure, "unit": unit, "targets": targets,
    }  # fmt: skip
    entry.update(extra)
    return entry


def make_plan(*entries: dict) -> Plan:
    return parse_plan({"plan": dict(META), "targets": list(entries)})


def assess_one(target: dict, actual: float | None, baseline: float | None = None, unit: str = "%") -> pd.Series:
    """Assess a single target for one unit and period; return the result row."""
    plan = make_plan(indicator("x", unit=unit, targets=[target]))
    obs = pd.DataFrame(
        {"unit": ["u"], "period": ["2023"], "indicator_id": ["x"], "actual": [actual], "baseline": [baseline]},
    ).astype({"actual": "float64", "baseline": "float64"})
    result = assess(plan.targets, obs)
    assert len(result) == 1
    return result.iloc[0]


def notebooks_with(tmp_path: Path, code: str) -> Path:
    """A copy of the review notebooks whose annual review ends with a cell of ``code``."""
    import nbformat

    nb_dir = tmp_path / "notebooks"
    shutil.copytree(make.NOTEBOOK_DIR, nb_dir)
    nb = nbformat.read(nb_dir / "annual_review.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(code))
    nbformat.write(nb, nb_dir / "annual_review.ipynb")
    return nb_dir


def processes_with_env(marker: str) -> list[int]:
    """Other processes whose environment mentions ``marker`` (a run's children would)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and int(proc.name) != os.getpid():
            try:
                if marker.encode() in (proc / "environ").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
    return found


def write_december(path: Path) -> Path:
    """The sample's figures with 2023's grain output an estimate of 7.100 t (its row marked có), as in December."""
    lines = SAMPLE_PATH.read_text(encoding="utf-8").splitlines()
    head = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#")]
    rows = [f"{body[0]},estimate"]
    rows += [f"{GRAIN_2023}7100,,,có" if line.startswith(GRAIN_2023) else f"{line}," for line in body[1:]]
    path.write_text("\n".join([*head, *rows]) + "\n", encoding="utf-8")
    return path


def write_march(path: Path) -> Path:
    """March's official figure for that grain output: 7.204 t."""
    path.write_text(f"unit,period,indicator,value\n{GRAIN_2023}7204\n", encoding="utf-8")
    return path


def wait_for_running(proc: subprocess.Popen, out: Path, count: int, settle: float = 1.0) -> None:
    """Wait until ``count`` reviews of the batch ``proc`` are inside a notebook; fail at once if it ended."""
    deadline = time.monotonic() + 120
    while len(list(out.glob("*/.thidua/run-*/annual_review.ipynb"))) < count:
        if proc.poll() is not None:
            _, err = proc.communicate()
            raise AssertionError(f"the batch ended (exit {proc.returncode}) before its reviews ran:\n{err[-3000:]}")
        assert time.monotonic() < deadline, "the reviews did not start within 120 s"
        time.sleep(0.2)
    time.sleep(settle)  # well inside the running cell
