"""Many reviews from one small config: the scheduled mid-year and year-end runs, a town's communes.

A failed review does not stop the batch: the others are made, the failures are listed at the end,
and every review keeps its last good version (see ``thidua.render``).
"""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from thidua.catalog import CATALOG, ROLES, resolve
from thidua.errors import InputError
from thidua.formatting import LOCALES
from thidua.render import DEFAULT_NOTEBOOKS, NOTEBOOKS, Job, ReviewFailed, make_review
from thidua.report import esc, page
from thidua.yamlfile import read_yaml

_TOP = {"out", "lang", "notebooks", "period", "timeout", "reviews", "catalog", "workers"}
_REVIEW = {"name", "dataset", "period", "lang", "notebooks", *ROLES}


@dataclass(frozen=True)
class Outcome:
    """How one review of a batch ended."""

    name: str
    ok: bool
    seconds: float
    message: str = ""


def load_batch(path: str | Path, out: Path | None = None) -> tuple[list[tuple[str, Job]], int | None]:
    """Read and check a batch config; return (name, job) pairs and the configured number of workers."""
    path = Path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("reviews"), list) or not raw["reviews"]:
        raise InputError("needs a non-empty 'reviews:' list", file=path, field="reviews")
    _known(raw, _TOP, path, "batch")
    root = out or Path(raw.get("out", "output/batch"))
    jobs, names = [], set()
    for i, entry in enumerate(raw["reviews"], start=1):
        where = f"review #{i}"
        if not isinstance(entry, dict) or not entry.get("name"):
            raise InputError("each review needs a name", file=path, where=where, field="name")
        name = str(entry["name"])
        where = f"review {name!r}"
        _known(entry, _REVIEW, path, where)
        if name in names or "/" in name:
            raise InputError("must be unique and contain no '/'", file=path, where=where, field="name")
        names.add(name)
        catalog = (path.parent / raw["catalog"]).resolve() if raw.get("catalog") else CATALOG
        jobs.append((name, _job({**raw, **entry}, root / name, path, where, catalog)))
    workers = raw.get("workers")
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise InputError(f"must be a whole number ≥ 1, got {workers!r}", file=path, where="batch", field="workers")
    return jobs, workers


def _known(mapping: dict[str, Any], allowed: set[str], path: Path, where: str) -> None:
    unknown = sorted(set(mapping) - allowed)
    if unknown:
        raise InputError(f"unknown field(s): {', '.join(unknown)}", file=path, where=where, field=unknown[0])


def _job(entry: dict[str, Any], out: Path, path: Path, where: str, catalog: Path) -> Job:
    lang = entry.get("lang", "vi")
    if lang not in LOCALES:
        raise InputError(f"must be vi or en, got {lang!r}", file=path, where=where, field="lang")
    notebooks = tuple(entry.get("notebooks") or DEFAULT_NOTEBOOKS)
    bad = [n for n in notebooks if n not in NOTEBOOKS]
    if bad:
        raise InputError(f"unknown notebook {bad[0]!r}; choose from {', '.join(NOTEBOOKS)}", file=path, where=where,
                         field="notebooks")  # fmt: skip
    files = {role: entry.get(role) for role in ROLES}
    try:
        inputs = resolve(entry.get("dataset", ""), catalog, **files)
    except InputError as exc:
        raise InputError(exc.message, file=path, where=where, field=exc.field or "dataset") from None
    period = str(entry["period"]) if entry.get("period") else None
    timeout = entry.get("timeout", 600)
    if isinstance(timeout, bool) or not isinstance(timeout, int) or timeout < 1:
        raise InputError(f"must be a whole number of seconds ≥ 1, got {timeout!r}", file=path, where=where,
                         field="timeout")  # fmt: skip
    return Job(inputs, out, period, lang, notebooks, timeout)


def make_one(name: str, job: Job) -> Outcome:
    """Make one review and say how it ended; never raises for a bad input or a failed notebook."""
    start = time.perf_counter()
    try:
        make_review(job)
        return Outcome(name, True, time.perf_counter() - start)
    except (ReviewFailed, InputError) as exc:
        return Outcome(name, False, time.perf_counter() - start, str(exc))
    except OSError as exc:  # a full disk or a folder it may not write: this review fails, the batch goes on
        return Outcome(name, False, time.perf_counter() - start, f"could not write: {exc.strerror or exc}")


def run_batch(jobs: list[tuple[str, Job]], root: Path, workers: int = 1, scheduler: str | None = None) -> list[Outcome]:
    """Make every review in ``workers`` processes (or on a Dask cluster); carry on past failures.

    Processes, not threads: papermill changes the working directory, which threads would share.
    Each worker runs notebooks one after the other with a kernel always booting ahead of it.
    """
    bar = tqdm(total=len(jobs), desc="reviews", unit="review", disable=None)
    outcomes: list[Outcome] = []
    if scheduler:
        outcomes = _on_dask(jobs, scheduler, bar)
    elif workers <= 1:
        for name, job in jobs:
            outcomes.append(make_one(name, job))
            bar.update()
    else:
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        try:
            futures = [pool.submit(make_one, name, job) for name, job in jobs]
            for future in as_completed(futures):
                outcomes.append(future.result())
                bar.update()
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)  # reviews under way finish or stay untouched
            raise
        pool.shutdown()
    bar.close()
    order = {name: i for i, (name, _) in enumerate(jobs)}
    outcomes.sort(key=lambda o: order[o.name])
    write_index(outcomes, root)
    return outcomes


def _on_dask(jobs: list[tuple[str, Job]], scheduler: str, bar: tqdm) -> list[Outcome]:
    """Run the reviews on a Dask distributed cluster (workers need thidua and the input files)."""
    from distributed import Client
    from distributed import as_completed as dask_completed

    with Client(scheduler) as client:
        futures = [client.submit(make_one, name, job, key=f"review-{name}", pure=False) for name, job in jobs]
        outcomes = []
        for future in dask_completed(futures):
            outcomes.append(future.result())
            bar.update()
    return outcomes


def write_index(outcomes: list[Outcome], root: Path) -> Path:
    """An index.html listing every review of the batch, with the failures marked."""
    root.mkdir(parents=True, exist_ok=True)
    items = "".join(
        f'<li><a href="{esc(o.name)}/index.html">{esc(o.name)}</a></li>' if o.ok
        else f"<li><b>{esc(o.name)}</b>: lỗi / failed – {esc(o.message)}</li>"
        for o in outcomes
    )  # fmt: skip
    body = f"<h1>Các báo cáo / Reviews</h1><ul>{items}</ul>"
    text = page("thidua – các báo cáo / reviews", body)
    index = root / "index.html"
    tmp = index.with_name("index.html.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(index)
    return index
