"""Reporting periods: canonical and Vietnamese labels, same period last year."""

from __future__ import annotations

import pytest

from thidua.errors import InputError
from thidua.inputs.periods import Period, parse_period


@pytest.mark.parametrize(
    ("text", "label", "months", "last_year"),
    [
        ("2023", "2023", 12, "2022"),
        ("năm 2023", "2023", 12, "2022"),
        ("2023-H1", "2023-6T", 6, "2022-6T"),
        ("6 tháng 2023", "2023-6T", 6, "2022-6T"),
        ("6 tháng đầu năm 2023", "2023-6T", 6, "2022-6T"),
        ("9 tháng năm 2023", "2023-9T", 9, "2022-9T"),
        ("2023-H2", "2023-H2", 6, "2022-H2"),
        ("6 tháng cuối năm 2023", "2023-H2", 6, "2022-H2"),
        ("2023-Q1", "2023-Q1", 3, "2022-Q1"),
        ("Quý III/2023", "2023-Q3", 3, "2022-Q3"),
        ("quý 4 năm 2023", "2023-Q4", 3, "2022-Q4"),
    ],
)
def test_parse_period(text, label, months, last_year):
    period = parse_period(text)
    assert period.label == label
    assert period.months == months
    assert period.same_period_last_year().label == last_year
    assert parse_period(period.label) == period  # labels read back to themselves


def test_whole_year_and_order():
    assert parse_period("2023-9T").whole_year() == Period(2023, 1, 12)
    assert parse_period("2023-6T") < parse_period("2023-9T") < parse_period("2024-Q1")


@pytest.mark.parametrize("text", ["31/12/2023", "2023-Q5", "2023-12T", "23", "quý V/2023", "13 tháng 2023", ""])
def test_unknown_periods_are_errors(text):
    with pytest.raises(InputError, match="period"):
        parse_period(text)
