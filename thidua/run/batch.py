"""Many reviews from one small config: the scheduled mid-year and year-end runs, a town's communes.

A failed review does not stop the batch: the others are made, the failures are listed at the end,
and every review keeps its last good version (see ``thidua.run.make``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import multiprocessing
import os
import re
import signal
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, NamedTuple

from tqdm.auto import tqdm

from thidua.errors import InputError, Interrupted, ReviewFailed
from thidua.inputs.catalog import CATALOG, ROLES, Files, resolve
from thidua.inputs.languages import LANGUAGES, name_column
from thidua.inputs.schema import REQUIRED_TEXT, Rule, Schema, convert, say
from thidua.inputs.yamlfile import read_yaml
from thidua.reports.compare_page import FILES as COMPARISON
from thidua.reports.labels import batch_states, labels
from thidua.reports.templating import render
from thidua.run import outdir
from thidua.run.job import Job
from thidua.run.notebooks import NOTEBOOKS
from thidua.run.signals import catch_signals, die_with_parent, request_stop, stop_requested

_DEFAULTS = ("lang", "notebooks", "period", "timeout")  # at the top: what every review takes unless it says otherwise


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
    sample: bool = False  # a made review's figures are sample data (its comparison must say so)

    @property
    def ok(self) -> bool:
        """True when the review was made."""
        return self.state == DONE


_REVIEWS = "needs a non-empty 'reviews:' list"
_NOTEBOOK = f"unknown notebook {{value!r}}; choose from {', '.join(NOTEBOOKS)}"
_LANG = say(error="must be vi or en, got {value!r}")
_TIMEOUT = "must be a whole number of seconds from 1 to 86400 (a day), got {value!r}"
# YAML reads 010 as 8 and 0x1F as 31: a name that YAML takes for a number must be written in quotes.
_NAME_TEXT = "must be text, got {value!r}; write a name that looks like a number in quotes, e.g. name: '010'"


class Entry(Files, kw_only=True):
    """One entry of a batch: the review to make, its name, its files (a dataset, files by role, or both) and how."""

    place: ClassVar = ("review '{name}'", "review #{n}")
    shape: ClassVar = "each review needs a name"
    name: Annotated[str, REQUIRED_TEXT, say(missing="each review needs a name", error=_NAME_TEXT)]
    dataset: str = ""
    period: str | int | None = None
    lang: Annotated[Literal[LANGUAGES], _LANG] = "vi"
    notebooks: list[Annotated[Literal[NOTEBOOKS], say(error=_NOTEBOOK)]] | None = None
    timeout: Annotated[int, say(ge=1, le=86_400, error=_TIMEOUT)] = 600

    def __post_init__(self) -> None:
        """The name as a safe folder name."""
        try:
            self.name = check_name(str(self.name))
        except ValueError as exc:
            raise Rule(str(exc), "name") from None


class BatchFile(Schema):
    """A batch config; ``lang``, ``notebooks``, ``period`` and ``timeout`` at its top are checked in each review.

    ``lang`` at the top is also the language of the batch's own index page.
    """

    place: ClassVar = ("batch",)
    shape: ClassVar = _REVIEWS
    reviews: Annotated[list[Entry], say(min_length=1, missing=_REVIEWS, error=_REVIEWS)]
    out: str | None = None
    catalog: str | None = None
    workers: Annotated[int, say(ge=1, error="must be a whole number ≥ 1, got {value!r}")] | None = None
    lang: Annotated[Literal[LANGUAGES], _LANG] = "vi"

    def __post_init__(self) -> None:
        """Review names are unique, letter case aside (they become folders)."""
        names: set[str] = set()
        for i, review in enumerate(self.reviews):
            if review.name.casefold() in names:
                raise Rule("must be unique (letter case aside)", "name", ("reviews", i))
            names.add(review.name.casefold())


class Batch(NamedTuple):
    """A batch config read and checked: its reviews as (name, job) pairs, its workers and its index's language."""

    jobs: list[tuple[str, Job]]
    workers: int | None
    lang: str = "vi"


def load_batch(path: str | Path, out: Path | None = None) -> Batch:
    """Read and check a batch config: its (name, job) pairs, the configured number of workers, its language."""
    path = Path(path)
    config = convert(_with_defaults(read_yaml(path)), BatchFile, path)
    root = out or Path(config.out or "output/batch")
    catalog = (path.parent / config.catalog).resolve() if config.catalog else CATALOG
    jobs = [(review.name, _job(review, root / review.name, path, catalog)) for review in config.reviews]
    return Batch(jobs, config.workers, config.lang)


def _with_defaults(raw: Any) -> Any:
    """The config with the defaults at its top written into each review, where they apply and are checked."""
    if not isinstance(raw, dict):
        return raw
    defaults = {k: raw[k] for k in _DEFAULTS if k in raw}
    top = {k: v for k, v in raw.items() if k not in _DEFAULTS}
    if isinstance(raw.get("reviews"), list):
        top["reviews"] = [{**defaults, **entry} if isinstance(entry, dict) else entry for entry in raw["reviews"]]
    if "lang" in raw:  # also the index's language; last, so that a bad one is named in the first review taking it
        top["lang"] = raw["lang"]
    return top


def _job(review: Entry, out: Path, path: Path, catalog: Path) -> Job:
    files = {role: getattr(review, role) for role in ROLES}
    try:
        inputs = resolve(review.dataset, catalog, **files)
    except InputError as exc:
        raise InputError(
            exc.message, file=path, where=f"review {review.name!r}", field=exc.field or "dataset"
        ) from None
    period = str(review.period) if review.period else None
    return Job(inputs, out, period, review.lang, tuple(review.notebooks or NOTEBOOKS), review.timeout)


_WORKER_STOP: Any = None  # the batch's stop event, in a worker process (set by _start_worker)
_WORKER_STARTS: Any = None  # the queue a worker process says which review it starts on


def _start_worker(stop: Any, starts: Any = None) -> None:
    """Set up a worker process: its own process group, signals as stop requests, the batch's stop event.

    In its own process group, a terminal's Ctrl-C reaches only the batch, which stops the workers cleanly.
    The worker then starts its kernels' zygote and its first kernel, while the batch checks the inputs.
    """
    global _WORKER_STOP, _WORKER_STARTS
    os.setpgrp()
    catch_signals()
    signal.signal(signal.SIGTERM, _end_worker)
    _die_with_parent()
    _WORKER_STOP, _WORKER_STARTS = stop, starts
    from thidua.run.kernels import kernel_pool
    from thidua.run.make import NOTEBOOK_DIR

    kernel_pool(NOTEBOOK_DIR).warm()


log = logging.getLogger("thidua")
_GRACE = 5.0  # seconds a worker told to end gives its running review to stop and clean up


def _end_worker(signum: int | None = None, _frame: object = None) -> None:
    """SIGTERM to a worker (or its batch gone): interrupt the running review, then end the process."""
    request_stop()

    def end() -> None:
        time.sleep(_GRACE)
        from thidua.run import kernels

        with contextlib.suppress(Exception):
            if kernels._POOL is not None:
                kernels._POOL.close()
        os._exit(128 + signal.SIGTERM)

    threading.Thread(target=end, daemon=True).start()


def _die_with_parent() -> None:
    """End this worker when the batch process dies, however it dies (even SIGKILL or the OOM killer).

    On Linux the kernel sends SIGTERM at the parent's death (PR_SET_PDEATHSIG); a thread watching the
    parent's pid does the same elsewhere, or if the parent died before the request was made.
    """
    parent = os.getppid()
    die_with_parent(signal.SIGTERM)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        _end_worker()

    threading.Thread(target=watch, daemon=True).start()


def _started() -> None:
    """A task that does nothing: submitting one per worker makes the pool start (and warm) every worker."""


class Workers(NamedTuple):
    """Worker processes started ahead of the reviews, the event that stops them, the queue they say starts on."""

    pool: ProcessPoolExecutor
    stop: Any
    starts: Any = None  # (review name, worker pid) for every review a worker starts
    renew: Callable[[], ProcessPoolExecutor] | None = None  # a new pool like this one, after a worker died


@contextlib.contextmanager
def started_workers(count: int) -> Iterator[Workers | None]:
    """``count`` worker processes, started now and warming up while the caller checks the inputs.

    None for one worker (the reviews run in this process). Leaving the block shuts the workers down.
    """
    if count <= 1:
        yield None
        return
    context = multiprocessing.get_context("spawn")
    stop, starts = context.Event(), context.SimpleQueue()
    pools: list[ProcessPoolExecutor] = []

    def new_pool() -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(count, context, initializer=_start_worker, initargs=(stop, starts))
        for _ in range(count):
            pool.submit(_started)
        pools.append(pool)
        return pool

    try:
        yield Workers(new_pool(), stop, starts, new_pool)
    finally:
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)


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
    if _WORKER_STARTS is not None:
        _WORKER_STARTS.put((name, os.getpid()))
    try:
        from thidua.run.make import make_review  # papermill and nbconvert: in the workers, not the batch's process
        from thidua.run.preflight import checked

        job = checked(job)  # the review, built once: make_review uses it
        make_review(job, force, stop)
        return Outcome(name, DONE, time.perf_counter() - start, sample=job.review.is_sample)
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
    lang: str = "vi",
    started: Workers | None = None,
) -> list[Outcome]:
    """Make every review in ``workers`` processes (or on a Dask cluster); carry on past failures.

    Processes, not threads: papermill changes the working directory, which threads would share.
    Each worker runs notebooks one after the other with a kernel always booting ahead of it.
    On SIGINT or SIGTERM (see ``signals.catch_signals``) no further review starts, the running ones
    are interrupted, and the index lists what was done; the caller tells by ``stop_requested()``.
    ``started``: workers the caller started ahead (``started_workers``), warm by the time the reviews come.
    """
    client = _dask_client(scheduler) if scheduler else None  # before the folder: an unreachable one touches nothing
    with (
        client or contextlib.nullcontext(),
        outdir.claim(root, force, outdir.BATCH, ["index.html", *COMPARISON, outdir.MANIFEST]) as folder,
    ):
        bar = tqdm(total=len(jobs), desc="reviews", unit="review", disable=None)
        if client is not None:
            outcomes = _on_dask(jobs, client, force, bar)
        elif workers <= 1:
            outcomes = []
            for name, job in jobs:
                outcomes.append(make_one(name, job, force))
                bar.update()
        elif started is not None:
            outcomes = _in_processes(jobs, started, force, bar)
        else:
            with started_workers(workers) as fresh:
                outcomes = _in_processes(jobs, fresh, force, bar)
        bar.close()
        order = {name: i for i, (name, _) in enumerate(jobs)}
        outcomes.sort(key=lambda o: order[o.name])
        try:
            compared = compare(outcomes, dict(jobs), folder, lang)
        except (OSError, ValueError, KeyError) as exc:  # the reviews and their index matter more than the comparison
            log.warning("the comparison of the reviews was not written: %s", exc)
            compared = []
        write_index(outcomes, folder, lang, compared)
    return outcomes


def _in_processes(jobs: list[tuple[str, Job]], workers: Workers, force: bool, bar: tqdm) -> list[Outcome]:
    """Run the reviews in worker processes; a stop request is passed on to them through an event.

    A worker that dies (SIGKILL, the OOM killer) fails only the review it was running: the pool then
    ends its other workers, and their reviews and those not yet started go on in a new pool (once each).
    """
    outcomes: list[Outcome] = []
    todo, rerun = list(jobs), set()
    while todo:
        lost, dead = _in_pool(todo, workers, force, bar, outcomes)
        todo = []
        for name, job in lost:
            if stop_requested():
                outcomes.append(Outcome(name, NOT_STARTED if name not in dead else INTERRUPTED, 0.0))
            elif dead.get(name) or name in rerun:
                outcomes.append(Outcome(name, FAILED, 0.0, "the worker process died while making it"))
            else:
                rerun.add(name)
                todo.append((name, job))
        bar.update(len(lost) - len(todo))
        if todo and workers.renew is not None:
            workers = workers._replace(pool=workers.renew())
        elif todo:
            outcomes.extend(Outcome(n, FAILED, 0.0, "the worker process died") for n, _ in todo)
            todo = []
    return outcomes


def _in_pool(
    jobs: list[tuple[str, Job]], workers: Workers, force: bool, bar: tqdm, outcomes: list[Outcome]
) -> tuple[list[tuple[str, Job]], dict[str, bool]]:
    """Run ``jobs`` in the pool until all end or it breaks: the reviews it lost, and which had started.

    Of the reviews it lost, the ones that had started map to True if their worker died by itself (it was
    not ended by the pool, with SIGTERM), False otherwise.
    """
    futures = {workers.pool.submit(make_one, name, job, force): (name, job) for name, job in jobs}
    pending: set[Future] = set(futures)
    processes: dict[int, Any] = {}
    started: dict[str, int] = {}  # review name -> the pid of the worker that started it
    lost = []
    while pending:
        processes.update(getattr(workers.pool, "_processes", None) or {})
        _drain(workers.starts, started)
        done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
        if stop_requested():
            workers.stop.set()
        for future in done:
            if isinstance(future.exception(), BrokenProcessPool):
                lost.append(futures[future])
            else:
                outcomes.append(_told_to_stop(_result(future, futures[future][0])))
                bar.update()
    _drain(workers.starts, started)
    return lost, _lost_starts(started, processes, {name for name, _ in lost})


def _told_to_stop(outcome: Outcome) -> Outcome:
    """A review interrupted although the batch goes on (its worker got SIGTERM) failed: the batch must say so."""
    if outcome.state != INTERRUPTED or stop_requested():
        return outcome
    return dataclasses.replace(outcome, state=FAILED, message=f"its worker process was stopped; {outcome.message}")


def _drain(starts: Any, started: dict[str, int]) -> None:
    """Read what the workers said they started (read often: a full pipe would block them)."""
    while starts is not None and not starts.empty():
        name, pid = starts.get()
        started[name] = pid


def _lost_starts(started: dict[str, int], processes: dict[int, Any], lost: set[str]) -> dict[str, bool]:
    """Of the ``lost`` reviews, those a worker had started: True where that worker died by itself.

    The pool ends the workers left when one died with SIGTERM, which they handle (they exit, not die of
    it); the one that died was killed by a signal (SIGKILL, the OOM killer, a crash).
    """

    def died(pid: int) -> bool:
        if pid not in processes:
            return True
        code = _exit_code(processes[pid], _GRACE + 1.0)
        return code is not None and code < 0 and code != -signal.SIGTERM

    return {name: died(pid) for name, pid in started.items() if name in lost}


def _exit_code(process: Any, seconds: float) -> int | None:
    """The worker's exit code, waiting up to ``seconds`` for it (a worker told to end takes its grace).

    The pool's own thread reaps its workers too: when it wins, our read of the code finds the process gone
    before that thread has stored the code, so it is read again until it is there rather than taken as None.
    """
    deadline = time.monotonic() + seconds
    while True:
        process.join(0.1)
        code = process.exitcode
        if code is not None or time.monotonic() >= deadline:
            return code


def _result(future: Future, name: str) -> Outcome:
    """The future's outcome; a worker process that died is a failed review, not a crashed batch."""
    try:
        return future.result()
    except Exception as exc:
        return Outcome(name, FAILED, 0.0, f"the worker process died: {exc.__class__.__name__}")


SCHEDULER_TIMEOUT = 5  # seconds to reach a Dask scheduler: one that cannot be reached fails the batch at once


def _dask_client(scheduler: str) -> Any:
    """A client of the Dask scheduler at ``scheduler``; one that does not answer soon is an ``InputError``."""
    from distributed import Client

    try:
        return Client(scheduler, timeout=SCHEDULER_TIMEOUT)
    except (OSError, TimeoutError):
        raise InputError(
            f"cannot reach the scheduler at {scheduler} (no answer within {SCHEDULER_TIMEOUT} s)"
        ) from None


def _on_dask(jobs: list[tuple[str, Job]], client: Any, force: bool, bar: tqdm) -> list[Outcome]:
    """Run the reviews on a Dask distributed cluster (workers need thidua and the input files)."""
    from uuid import uuid4

    from distributed import Event
    from distributed import wait as dask_wait

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


def compare(outcomes: list[Outcome], jobs: dict[str, Job], folder: outdir.OutputFolder, lang: str) -> list[str]:
    """The comparison of the batch's finished reviews (two or more), staged beside the index: its file names.

    Each review is read from the achievement.csv it has just written; its unit is named by the units file, and
    a unit that is the parent of others in the units files (the town, the province) is left out: it sums them.
    """
    from thidua.inputs.plan import load_plan
    from thidua.inputs.units import load_units
    from thidua.reports.compare_page import comparison, write_comparison

    done = [o.name for o in outcomes if o.state == DONE and (folder.path / o.name / "achievement.csv").is_file()]
    if len(done) < 2:
        return []
    # each file read once: a province's communes share their plan and units file
    plans = [load_plan(path) for path in sorted({jobs[name].inputs.plan for name in done})]
    tables = [load_units(path).table for path in sorted({jobs[name].inputs.units for name in done} - {None})]
    units = {str(p.meta.get("unit_id")): str(p.meta.get("unit_name")) for p in plans}  # the units files name others
    parents: dict[str, str] = {}  # unit → its parent: a unit above others of the batch is not compared with them
    for table in tables:
        units.update(table.set_index("id")["name"].to_dict())
        parents.update(table.dropna(subset=["parent"]).set_index("id")["parent"].to_dict())
    results = comparison([folder.path / name / "achievement.csv" for name in done], units, parents)
    if results["unit"].nunique() < 2:
        return []
    names = {}
    for plan in plans:
        targets = plan.targets.drop_duplicates("indicator_id").set_index("indicator_id")
        names.update(targets[name_column(lang)].to_dict())
    sample = any(o.sample for o in outcomes if o.name in done)
    return write_comparison(results, names, folder.staging, lang, sample)


def write_index(outcomes: list[Outcome], folder: outdir.OutputFolder, lang: str = "vi", extra: list[str] = ()) -> Path:
    """An index.html listing every review of the batch and how it ended, in the batch's language ``lang``.

    Links come from the checked names only; failures are marked in the status colour. A failure's
    technical message (thidua's log line) is kept under a heading of its own. ``extra``: other files of the
    batch's, already staged (the comparison), linked from the index and kept in the manifest.
    """
    t = labels(lang)
    text = render("batch_index.html.j2", lang=lang, title=t["batch_title"], t=t, states=batch_states(lang),
                  outcomes=outcomes, comparison="comparison.html" in extra)  # fmt: skip
    (folder.staging / "index.html").write_text(text, encoding="utf-8")
    files = ["index.html", *extra]
    manifest = {"generator": outdir.GENERATOR, "kind": outdir.BATCH,
                "files": {name: outdir.sha256(folder.staging / name) for name in files},
                "reviews": [o.name for o in outcomes]}  # fmt: skip
    (folder.staging / outdir.MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    folder.commit([*files, outdir.MANIFEST])
    return folder.path / "index.html"
