"""Generate a sample province of about 100 communes, for the province's batch and its benchmark.

Sample throughout (every file says so): thị xã Đức Phổ's 15 commune-level units keep their real names (the
names of ``make_sample_town.UNITS``); the others are placeholders "xã mẫu 016" …, since the names of the
province's communes after 1 July 2025 could not be verified in the reference library (README, "Town and province
scale"). Each commune's figures are Phổ Thuận's sample scaled and perturbed, assessed against a sample province
plan that reuses plan 71's targets; the province's figures are the sum of its communes (``thidua.engine.aggregate``).

Run: ``python scripts/make_sample_province.py --out DIR [--communes 96]``; DIR/batch.yml then runs as
``thidua batch DIR/batch.yml --workers 2`` (or ``--scheduler`` for Dask).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_sample_town import UNITS, generate

PROVINCE = ("tinh_mau", "tỉnh Mẫu (số liệu mẫu)")


def communes(n: int) -> list[tuple[str, str]]:
    """``n`` communes: the 15 real names of thị xã Đức Phổ first, then numbered placeholders."""
    placeholders = [(f"xa_mau_{k:03d}", f"xã mẫu {k:03d}") for k in range(len(UNITS) + 1, n + 1)]
    return [*UNITS, *placeholders][:n]


def write(out: Path, n: int = 96, seed: int = 2023, notebooks: tuple[str, ...] = ("annual_review",)) -> Path:
    """Write the province's files and a batch config of its communes and its own review; the config's path."""
    units = communes(n)
    generate(out, seed, units, PROVINCE, "province")
    reviews = [{"name": uid.replace("_", "-"), "dataset": f"{uid}-2023"} for uid, _ in units]
    stem = PROVINCE[0].replace("_", "-")
    reviews.append({"name": stem, "dataset": f"{stem}-2023", "notebooks": ["annual_review", "ranking"]})
    config = {"catalog": "catalog.yml", "out": "output", "notebooks": list(notebooks), "reviews": reviews}
    path = out / "batch.yml"
    path.write_text(
        f"# SAMPLE: the batch of {n} communes and the province (scripts/make_sample_province.py).\n"
        + yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
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
