"""The levels of administrative units, declared once, with their rank from the smallest up.

A hamlet (thôn, tổ dân phố) belongs to a commune (xã, phường, thị trấn); a commune to a district (huyện),
a town (thị xã) or a city under the province (thành phố thuộc tỉnh), each kept as its own word so a
report names it as the plan does; those to a province; "central" is the State, which may set a target.
Units of the same rank are peers: a town is never the parent of a district.
"""

from __future__ import annotations

RANK: dict[str, int] = {
    "hamlet": -1,
    "commune": 0,
    "district": 1,
    "town": 1,
    "city": 1,
    "province": 2,
    "central": 3,
}
UNIT_LEVELS = tuple(level for level in RANK if level != "central")  # a units file's levels
PLAN_LEVELS = tuple(level for level in UNIT_LEVELS if level != "hamlet")  # who issues a plan
SET_BY = tuple(level for level in RANK if level != "hamlet")  # who sets a target: the plan's level or above
