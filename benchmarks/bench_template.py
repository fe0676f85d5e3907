"""``write_template`` for plans of 100, 1,000 (the limit) and 5,000 indicators, with a commune's seven hamlets;
and the annual review's group chart (every target of one group) for as many targets.

Run: .venv/bin/python benchmarks/bench_template.py

Measured (2026-12, this project's dev machine): the template for 100 indicators 0.1 s, 1,000 0.8-1.1 s,
5,000 4.0-4.8 s (the limit lifted for the measure): linear, so a plan at the limit writes in about a
second. The group chart (drawn and encoded as SVG): 100 targets 0.6-0.9 s, 1,000 6-8 s (a 1.1 MB
image): also linear, inside a notebook cell's timeout, where a tester's plan of 11,000 targets timed out.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from thidua.inputs import plan as plan_module
from thidua.inputs.plan import parse_plan
from thidua.inputs.units import load_units
from thidua.reports import charts
from thidua.reports.workbook_template import write_template

ROOT = Path(__file__).resolve().parents[1]
META = {
    "number": "1/KH-BENCH", "date": dt.date(2023, 1, 1), "issuer": "UBND xã Phổ Thuận", "unit_id": "pho_thuan",
    "unit_name": "xã Phổ Thuận", "level": "commune", "year": 2023, "baseline_year": 2022,
}  # fmt: skip


def plan_of(n: int) -> plan_module.Plan:
    """A plan of ``n`` indicators, alternating a rate and a tonnage."""
    entries = [
        {
            "id": f"chi_tieu_{i}",
            "name_vi": f"Chỉ tiêu số {i}",
            "name_en": f"Indicator {i}",
            "group": "kinh_te",
            "clause": "1",
            "measure": "rate" if i % 2 else "quantity",
            "unit": "%" if i % 2 else "tấn",
            "targets": [{"kind": "at_least", "value": 50}],
        }
        for i in range(n)
    ]
    return parse_plan({"plan": dict(META), "targets": entries})


def main() -> None:
    """Print the seconds each size takes."""
    plan_module.MAX_INDICATORS = 5_000  # to see how the time grows past the limit
    units = load_units(ROOT / "data" / "units" / "pho-thuan.yaml")
    with tempfile.TemporaryDirectory() as folder:
        for n in (100, 1_000, 5_000):
            plan = plan_of(n)
            start = time.perf_counter()
            write_template(plan, Path(folder) / f"t{n}.xlsx", units)
            print(f"{n:>6,} indicators: {time.perf_counter() - start:.2f} s")
    for n in (100, 1_000):
        print(f"{n:>6,} targets in one group chart: {_chart_seconds(n):.2f} s")


def _chart_seconds(n: int) -> float:
    """Seconds to draw and encode the group chart of ``n`` targets of every status."""
    rng = np.random.default_rng(0)
    results = pd.DataFrame(
        {
            "indicator_id": [f"chi_tieu_{i}" for i in range(n)],
            "status": rng.choice(["met", "exceeded", "not_met", "no_data"], n),
            "progress_ratio": rng.uniform(-0.5, 1.5, n),
        }
    )
    names = pd.Series({f"chi_tieu_{i}": f"Chỉ tiêu số {i} về sản lượng lương thực" for i in range(n)})
    start = time.perf_counter()
    charts.data_uri(charts.group_chart(results, names, "Kinh tế"))
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
