"""The council's scoring table (bảng chấm điểm, ``data/scoring/*.yaml``): read and checked.

Points per status, weights per group of targets, a content scale (e.g. 950 of 1,000 points) and fixed
deductions or bonuses per unit; ``thidua.engine.ranking`` scores and ranks the units with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, ClassVar, Literal

import pandas as pd

from thidua.inputs.plan import GROUPS, Number
from thidua.inputs.schema import REQUIRED_TEXT, Schema, convert, say
from thidua.inputs.yamlfile import read_yaml

_WEIGHTS = f"needs non-negative weights for groups among {', '.join(GROUPS)}"
Weight = Annotated[float, say(ge=0, le=1e308, error=_WEIGHTS)]


@dataclass(frozen=True)
class Scoring:
    """A scoring table (bảng chấm điểm)."""

    points: dict[str, float]
    group_weights: dict[str, float]
    scale: float
    bonus_max: float
    adjustments: pd.DataFrame  # unit, period, points, reason
    status: str = "official"
    title: str = ""


class Points(Schema):
    """Points per target by status (the statuses of ``thidua.engine.achievement.STATUSES``), before weighting."""

    place: ClassVar = ("points",)
    shape: ClassVar = "needs a number for each of exceeded, met, not_met, no_data"
    exceeded: Number
    met: Number
    not_met: Number
    no_data: Number


class Adjustment(Schema):
    """A fixed deduction (−) or bonus (+) for one unit in one period, with the reason."""

    place: ClassVar = ("adjustment #{n}",)
    unit: Annotated[str, REQUIRED_TEXT]
    period: Annotated[str, REQUIRED_TEXT] | int
    points: Number
    reason: str | None = None


class ScoringFile(Schema):
    """A scoring table's file."""

    points: Points
    group_weights: Annotated[dict[Literal[GROUPS], Weight], say(min_length=1, missing=_WEIGHTS, error=_WEIGHTS)]
    scale: Number = 1000.0
    bonus_max: Number = 0.0
    adjustments: list[Adjustment] | None = None
    status: Literal["official", "sample"] = "official"
    title: str = ""


def load_scoring(path: str | Path) -> Scoring:
    """Read and check a scoring table; errors name the file, place and field."""
    path = Path(path)
    raw = read_yaml(path)
    checked = convert(raw, ScoringFile, path)
    adjustments = pd.DataFrame(raw.get("adjustments") or [], columns=["unit", "period", "points", "reason"])
    adjustments["period"] = adjustments["period"].astype(str)
    points = {status: float(getattr(checked.points, status)) for status in Points.__struct_fields__}
    return Scoring(
        points=points, group_weights={k: float(v) for k, v in raw["group_weights"].items()}, scale=checked.scale,
        bonus_max=checked.bonus_max, adjustments=adjustments, status=checked.status, title=checked.title,
    )  # fmt: skip
