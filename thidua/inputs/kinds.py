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
    can_exceed: bool = True


KINDS: dict[str, KindSpec] = {  # what each compares with its target: docs/domain.md §4.1
    "at_least": KindSpec("value", "higher"),  # the actual
    "at_most": KindSpec("value", "lower"),  # the actual
    "below": KindSpec("value", "lower", can_exceed=False),  # the actual
    "range": KindSpec("min_max", "higher"),  # the actual
    "growth": KindSpec("value_or_range", "higher"),  # growth % on the baseline
    "reduction_points": KindSpec("value_or_range", "higher"),  # the fall in points, baseline − actual
    "decrease": KindSpec("none", "lower", can_exceed=False),  # the actual against the baseline
    "share": KindSpec("share", "higher"),  # the share of the total, %
    "yes_no": KindSpec("bool", "higher", can_exceed=False),  # yes (1) or no (0)
}

# Kinds whose compared value needs last year's figure.
NEEDS_BASELINE = frozenset({"growth", "reduction_points", "decrease"})
