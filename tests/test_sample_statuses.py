"""The 35 sample statuses derived here from the plan's rules and the sample figures, not pasted.

The figures are read with the csv module and each target is judged by the rules of docs/domain.md §4, written
again here independently of the engine; the engine, the summary line and the sentences must agree.
"""

from __future__ import annotations

import csv
from collections import defaultdict

import yaml
from conftest import BUDGET_PATH, PLAN_PATH, SAMPLE_PATH

from thidua.engine.summary import count_statuses, statements
from thidua.inputs.observations import read_budget_csv, read_csv
from thidua.reports.sentences import summary_sentence
from thidua.review.review import run_assessment

EPS = 1e-9


def _rows(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def _figures():
    """{(period, id): value}: entered values, rates from their parts, and the economy derived by hand."""
    fig = {}
    for r in _rows(SAMPLE_PATH):
        if r["value"]:
            fig[r["period"], r["indicator"]] = float(r["value"])
        elif r["numerator"]:
            fig[r["period"], r["indicator"]] = float(r["numerator"]) / float(r["denominator"]) * 100
    economy = yaml.safe_load(PLAN_PATH.read_text(encoding="utf-8"))["economy"]
    budget = defaultdict(float)
    for r in _rows(BUDGET_PATH):
        budget[r["period"], r["side"]] += float(r["actual"])
    for p in ("2022", "2023"):
        total_hh = sum(fig[p, f"gtsx_hh_{s['id']}"] for s in economy["sectors"])
        for s in economy["sectors"]:
            fig[p, s["growth"]] = fig[p, f"gtsx_ss_{s['id']}"]
            fig[p, s["share"]] = fig[p, f"gtsx_hh_{s['id']}"] / total_hh * 100
        fig[p, economy["total_growth"]] = sum(fig[p, f"gtsx_ss_{s['id']}"] for s in economy["sectors"])
        fig[p, economy["income_per_person"]] = fig[p, "tong_thu_nhap"] / fig[p, "dan_so_trung_binh"]
        fig[p, economy["budget_revenue"]] = budget[p, "thu"]
        fig[p, economy["budget_expenditure"]] = budget[p, "chi"]
    return fig


def _judge(t, unit, a, b):
    """A target's status by the plan's rules (docs/domain.md §4.1, 'The rules, kind by kind')."""
    kind = t["kind"]
    if a is None or (kind in ("growth", "reduction_points", "decrease") and b is None):
        return "no_data"
    if kind == "yes_no":
        return "met" if a >= 1 else "not_met"
    if kind == "decrease":
        return "met" if a < b or a == b == 0 else "not_met"
    if kind == "share":
        return "met" if abs(a - t["value"]) <= t["tolerance"] + EPS else "not_met"
    if kind == "at_most":
        return "not_met" if a > t["value"] + EPS else "exceeded" if a < t["value"] - EPS else "met"
    if kind == "below":
        return "met" if a < t["value"] - EPS else "not_met"
    x = {"growth": (a / b - 1) * 100, "reduction_points": b - a}.get(kind, a)
    low, high = t.get("min", t.get("value")), t.get("max", t.get("value"))
    capped = unit == "%" and high >= 100  # a 100% target cannot be exceeded
    if x < low - EPS:
        return "not_met"
    return "exceeded" if x > high + EPS and not capped else "met"


def test_the_35_statuses_follow_from_the_rules(plan):
    fig = _figures()
    raw = yaml.safe_load(PLAN_PATH.read_text(encoding="utf-8"))["targets"]
    expected = {
        e["id"]: _judge(e["targets"][0], e["unit"], fig.get(("2023", e["id"])), fig.get(("2022", e["id"]))) for e in raw
    }
    assert len(expected) == 35
    results = run_assessment(plan, read_csv(SAMPLE_PATH), budget=read_budget_csv(BUDGET_PATH))
    engine = dict(zip(results["indicator_id"], results["status"].astype(str), strict=True))
    assert engine == expected
    # The summary counts the traffic clause once, as the plan does: its injuries rose, so it is not met.
    tally = defaultdict(int)
    parts = [e["id"] for e in raw if e["targets"][0].get("part_of")]
    for ident, status in expected.items():
        if ident not in parts:
            tally[status] += 1
    tally["not_met" if any(expected[p] == "not_met" for p in parts) else "met"] += 1
    line = (
        f"{tally['exceeded'] + tally['met']}/{sum(tally.values())} chỉ tiêu đạt và vượt kế hoạch "
        f"(trong đó {tally['exceeded']} chỉ tiêu vượt), {tally['not_met']} chỉ tiêu không đạt, "
        f"{tally['no_data']} chỉ tiêu chưa có số liệu"
    )
    counts = count_statuses(statements(results, plan.targets)).iloc[0]
    assert summary_sentence(counts) == line
    assert sum(tally.values()) == 33 and all(tally[s] for s in ("exceeded", "met", "not_met", "no_data"))
