"""The target kinds a plan can use, and the bounds each one needs.

A target is reduced to two numbers, ``low`` and ``high``, in the space of the value the
kind compares (the actual, a growth rate, or a fall in points); ``achievement`` does the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Direction = Literal["higher", "lower"]
Bounds = Literal["value", "min_max", "value_or_range", "none", "bool", "share"]


@dataclass(frozen=True)
class KindSpec:
    """How a kind is written in a plan file and which way is better."""

    bounds: Bounds
    direction: Direction
    compares: str  # what the kind compares with the target, for documentation and reports
    can_exceed: bool = True


KINDS: dict[str, KindSpec] = {
    "at_least": KindSpec("value", "higher", "actual"),
    "at_most": KindSpec("value", "lower", "actual"),
    "below": KindSpec("value", "lower", "actual", can_exceed=False),
    "range": KindSpec("min_max", "higher", "actual"),
    "growth": KindSpec("value_or_range", "higher", "growth % vs baseline"),
    "reduction_points": KindSpec("value_or_range", "higher", "fall in points, baseline − actual"),
    "decrease": KindSpec("none", "lower", "actual vs baseline", can_exceed=False),
    "share": KindSpec("share", "higher", "share of the total, %"),
    "yes_no": KindSpec("bool", "higher", "yes (1) or no (0)", can_exceed=False),
}

# Kinds whose compared value needs last year's figure.
NEEDS_BASELINE = frozenset({"growth", "reduction_points", "decrease"})
