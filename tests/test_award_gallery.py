"""Published award counts (data/awards/) checked against the share cap of "Chiến sĩ thi đua cơ sở".

By hand: Nghị định 91/2017 Điều 9 khoản 3 allows at most 15% of those who hold "Lao động tiên tiến", rounded down.
Phong Thổ (decided 17/01/2024, titles of 2023): 15% × 1.780 = 267, and 288 were given — above the cap of the
titles of 2023, within the rules in force on the day of the decision (from 01/01/2024 no cap was found).
Hòa Thành (2021): 15% × 1.150 = 172,5 → 172, and 264 were given — above the cap whichever day counts: a
district's totals sum many offices, so they do not show how the cap was counted; the test keeps the finding.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import ROOT

from thidua.engine.commendation import cap_count
from thidua.inputs.titles import in_force, load_titles
from thidua.inputs.yamlfile import read_yaml

AWARDS = ROOT / "data" / "awards"
TITLES = load_titles(ROOT / "data" / "rules" / "thi-dua-khen-thuong.yaml")


def _allowed(record: dict, day: dt.date | None) -> int | None:
    """How many "Chiến sĩ thi đua cơ sở" the rules in force allow for the record's "Lao động tiên tiến", if capped."""
    rules = {t["name"]: t for t in in_force(TITLES, record["year"], day)}
    cap = rules["Chiến sĩ thi đua cơ sở"]["cap"]
    if cap is None:
        return None
    holders = pd.Series(True, index=range(record["counts"]["Lao động tiên tiến"]))
    return cap_count(cap, {cap["share_of"]: holders})


@pytest.mark.parametrize(
    ("name", "by_year", "by_decision"),
    [("phong-tho-2023.yaml", 267, None), ("hoa-thanh-2021.yaml", 172, 172)],
)
def test_published_counts_against_the_cap(name, by_year, by_decision):
    record = read_yaml(AWARDS / name)
    assert str(record["counts"]["Chiến sĩ thi đua cơ sở"]) in record["quote"].replace(".", "")
    decided = record["decided"]
    assert _allowed(record, None) == by_year
    assert _allowed(record, decided) == by_decision
    given = record["counts"]["Chiến sĩ thi đua cơ sở"]
    assert given > by_year  # both published totals are above 15% of their "Lao động tiên tiến"
