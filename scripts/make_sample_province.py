"""Generate a sample province of about 100 communes, for the province's batch and its benchmark.

The units are real, the figures sample (every file says so): tỉnh Quảng Ngãi and its 96 commune-level units
from 1 July 2025, with their names, codes and dates as data/units/quang-ngai-2025.yaml reads them from Nghị
quyết 1677/NQ-UBTVQH15 and Công văn 1027/CTK-CSCL; hamlets are placeholders. The year is 2026, the first full
year of the new units. Each commune's figures of 2025 and 2026 are Phổ Thuận's sample of 2022 and 2023 scaled,
perturbed and relabelled, assessed against a sample province plan that reuses plan 71's targets; the province's
figures are the sum of its communes (``thidua.engine.aggregate``).

Run: ``python scripts/make_sample_province.py --out DIR [--communes 96]``; DIR/batch.yml then runs as
``thidua batch DIR/batch.yml --workers 2`` (or ``--scheduler`` for Dask).
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

import yaml

from thidua.inputs.catalog import DATA_DIR
from thidua.inputs.units import Units, load_units

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_sample_town import generate

UNITS = DATA_DIR / "units" / "quang-ngai-2025.yaml"
PROVINCE = "quang_ngai"
YEAR = 2026


@functools.cache
def _units() -> Units:
    """The real units file, read once."""
    return load_units(UNITS)


def communes(n: int) -> list[tuple[str, str]]:
    """The province's first ``n`` communes (id, name), in the order of Công văn 1027/CTK-CSCL's list."""
    table = _units().table
    return list(table.loc[table["parent"] == PROVINCE, ["id", "name"]].itertuples(index=False, name=None))[:n]


def official(ids: list[str]) -> dict[str, dict[str, str]]:
    """Each unit's code and first day, as the units file gives them."""
    table = _units().table.set_index("id").loc[ids]
    return {uid: {"code": row.code, "since": str(row.since)} for uid, row in table.iterrows()}


def write(out: Path, n: int = 96, seed: int = 2023, notebooks: tuple[str, ...] = ("annual_review",)) -> Path:
    """Write the province's files and a batch config of its communes and its own review; the config's path."""
    units = communes(n)
    names = _units().names()
    generate(out, seed, units, (PROVINCE, names[PROVINCE]), "province", YEAR,
             official([PROVINCE, *(uid for uid, _ in units)]))  # fmt: skip
    reviews = [{"name": uid.replace("_", "-"), "dataset": f"{uid}-{YEAR}"} for uid, _ in units]
    stem = PROVINCE.replace("_", "-")
    reviews.append({"name": stem, "dataset": f"{stem}-{YEAR}", "notebooks": ["annual_review", "ranking"]})
    config = {"catalog": "catalog.yml", "out": "output", "notebooks": list(notebooks), "reviews": reviews}
    path = out / "batch.yml"
    path.write_text(
        f"# SAMPLE: the batch of {n} communes and the province (scripts/make_sample_province.py); units real,"
        " figures sample.\n" + yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--communes", type=int, default=96)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()
    print(write(args.out, args.communes, args.seed))
