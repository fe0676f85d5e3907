"""Many reviews from one small config: the scheduled mid-year and year-end runs, a town's communes.

A failed review does not stop the batch: the others are made, the failures are listed at the end,
and every review keeps its last good version (see ``thidua.run.render``).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from thidua.errors import InputError
from thidua.inputs.catalog import CATALOG, ROLES, resolve
from thidua.inputs.yamlfile import read_yaml
from thidua.reports.formatting import LOCALES
from thidua.reports.labels import labels
from thidua.reports.templating import render
from thidua.run import outdir
from thidua.run.job import DEFAULT_NOTEBOOKS, NOTEBOOKS, Job
from thidua.run.render import ReviewFailed, make_review
from thidua.run.signals import Interrupted, catch_signals, stop_requested

_TOP = {"out", "lang", "notebooks", "period", "timeout", "reviews", "catalog", "workers"}
_REVIEW = {"name", "dataset", "period", "lang", "notebooks", *ROLES}


# A review's name becomes a folder and a link: letters (any script), digits, _ . - only, starting with a
# letter or digit; no "..", nothing thidua writes itself beside the reviews, no Windows device name.
_SLUG = re.compile(r"[^\W_][\w.-]{0,99}")
_RESERVED = re.compile(r"(index\.html|manifest\.json|.*\.failed|(con|prn|aux|nul|com\d|lpt\d)(\..*)?)", re.I)
DONE, FAILED, INTERRUPTED, NOT_STARTED = "done", "failed", "interrupted", "not started"


def check_name(name: str) -> str:
    """``name`` as a safe folder name (NFC), or an error saying what a review name may be."""
    name = unicodedata.normalize("NFC", name)
    if not _SLUG.fullmatch(name) or ".." in name or _RESERVED.fullmatch(name):
        raise ValueError(
            "must be a plain name: letters, digits, '_', '.', '-', starting with a letter or digit, "
            "at most 100 characters, no '..', not index.html, manifest.json or *.failed"
        )
    return name


@dataclass(frozen=True)
class Outcome:
    """How one review of a batch ended: done, failed, interrupted or not started."""

    name: str
    state: str
    seconds: float
    message: str = ""

    @property
    def ok(self) -> bool:
        """True when the review was made."""
        return self.state == DONE


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
        where = f"review {str(entry['name'])!r}"
        try:
            name = check_name(str(entry["name"]))
        except ValueError as exc:
            raise InputError(str(exc), file=path, where=where, field="name") from None
        _known(entry, _REVIEW, path, where)
        if name.casefold() in names:
            raise InputError("must be unique (letter case aside)", file=path, where=where, field="name")
        names.add(name.casefold())
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


_WORKER_STOP: Any = None  # the batch's stop event, in a worker process (set by _start_worker)


def _start_worker(stop: Any) -> None:
    """Set up a worker process: its own process group, signals as stop requests, the batch's stop event.

    In its own process group, a terminal's Ctrl-C reaches only the batch, which stops the workers cleanly.
    """
    global _WORKER_STOP
    os.setpgrp()
    catch_signals()
    _WORKER_STOP = stop


def _stop_check(event: Any) -> Callable[[], bool]:
    """A cheap ``stop()`` for one review: a signal to this process, or ``event`` (asked at most twice a second)."""
    state = {"asked": 0.0, "set": False}

    def stop() -> bool:
        if stop_requested():
            return True
        if event is not None and not state["set"] and time.monotonic() - state["asked"] >= 0.5:
            state["asked"], state["set"] = time.monotonic(), bool(event.is_set())
        return bool(state["set"])

    return stop


def make_one(name: str, job: Job, force: bool = False, event: Any = None) -> Outcome:
    """Make one review and say how it ended; never raises for a bad input, a failed notebook or a stop.

    ``event`` (anything with ``is_set()``: a Dask ``Event``; in worker processes, the pool's) stops the
    batch: a review not yet started is not started, the running one is interrupted.
    """
    stop = _stop_check(event if event is not None else _WORKER_STOP)
    start = time.perf_counter()
    if stop():
        return Outcome(name, NOT_STARTED, 0.0)
    try:
        make_review(job, force, stop)
        return Outcome(name, DONE, time.perf_counter() - start)
    except (ReviewFailed, InputError) as exc:
        return Outcome(name, FAILED, time.perf_counter() - start, str(exc))
    except (Interrupted, KeyboardInterrupt):
        return Outcome(name, INTERRUPTED, time.perf_counter() - start, "its last good review is unchanged")
    except OSError as exc:  # a full disk or a folder it may not write: this review fails, the batch goes on
        return Outcome(name, FAILED, time.perf_counter() - start, f"could not write: {exc.strerror or exc}")


def run_batch(
    jobs: list[tuple[str, Job]],
    root: Path,
    workers: int = 1,
    scheduler: str | None = None,
    force: bool = False,
) -> list[Outcome]:
    """Make every review in ``workers`` processes (or on a Dask cluster); carry on past failures.

    Processes, not threads: papermill changes the working directory, which threads would share.
    Each worker runs notebooks one after the other with a kernel always booting ahead of it.
    On SIGINT or SIGTERM (see ``signals.catch_signals``) no further review starts, the running ones
    are interrupted, and the index lists what was done; the caller tells by ``stop_requested()``.
    """
    with outdir.claim(root, force) as folder:
        folder.check_writable(["index.html", outdir.MANIFEST])
        bar = tqdm(total=len(jobs), desc="reviews", unit="review", disable=None)
        if scheduler:
            outcomes = _on_dask(jobs, scheduler, force, bar)
        elif workers <= 1:
            outcomes = []
            for name, job in jobs:
                outcomes.append(make_one(name, job, force))
                bar.update()
        else:
            outcomes = _in_processes(jobs, workers, force, bar)
        bar.close()
        order = {name: i for i, (name, _) in enumerate(jobs)}
        outcomes.sort(key=lambda o: order[o.name])
        write_index(outcomes, folder)
    return outcomes


def _in_processes(jobs: list[tuple[str, Job]], workers: int, force: bool, bar: tqdm) -> list[Outcome]:
    """Run the reviews in worker processes; a stop request is passed on to them through an event."""
    context = multiprocessing.get_context("spawn")
    event = context.Event()
    outcomes = []
    with ProcessPoolExecutor(workers, context, initializer=_start_worker, initargs=(event,)) as pool:
        pending: set[Future] = {pool.submit(make_one, name, job, force) for name, job in jobs}
        names = {future: name for future, (name, _) in zip(pending, jobs, strict=True)}
        while pending:
            done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            if stop_requested():
                event.set()
            for future in done:
                outcomes.append(_result(future, names[future]))
                bar.update()
    return outcomes


def _result(future: Future, name: str) -> Outcome:
    """The future's outcome; a worker process that died is a failed review, not a crashed batch."""
    try:
        return future.result()
    except Exception as exc:
        return Outcome(name, FAILED, 0.0, f"the worker process died: {exc.__class__.__name__}")


def _on_dask(jobs: list[tuple[str, Job]], scheduler: str, force: bool, bar: tqdm) -> list[Outcome]:
    """Run the reviews on a Dask distributed cluster (workers need thidua and the input files)."""
    from uuid import uuid4

    from distributed import Client, Event
    from distributed import wait as dask_wait

    with Client(scheduler) as client:
        event = Event(f"thidua-stop-{uuid4().hex}", client=client)
        pending = {client.submit(make_one, name, job, force, event, key=f"review-{name}", pure=False)
                   for name, job in jobs}  # fmt: skip
        outcomes = []
        while pending:
            try:
                done, pending = dask_wait(pending, timeout=0.2, return_when="FIRST_COMPLETED")
            except TimeoutError:  # distributed's wait raises where concurrent.futures' returns
                done = set()
            if stop_requested():
                event.set()
            for future in done:
                outcomes.append(future.result())
                bar.update()
    return outcomes


def write_index(outcomes: list[Outcome], folder: outdir.OutputFolder) -> Path:
    """An index.html listing every review of the batch (links from the checked names only), failures marked."""
    t = labels("vi")  # one index for reviews in any language: its few words are in both
    text = render("batch_index.html.j2", lang="vi", title=f"thidua – {t['reviews']}", t=t, outcomes=outcomes)
    (folder.staging / "index.html").write_text(text, encoding="utf-8")
    manifest = {"generator": outdir.GENERATOR, "files": {"index.html": outdir.sha256(folder.staging / "index.html")},
                "reviews": [o.name for o in outcomes]}  # fmt: skip
    (folder.staging / outdir.MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    folder.commit(["index.html", outdir.MANIFEST])
    return folder.path / "index.html"
