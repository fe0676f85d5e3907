"""Running the review notebooks with papermill and rendering them as self-contained HTML.

A review is written to a staging folder inside its output folder and moved into place only when
every notebook ran (see :mod:`thidua.outdir`): a failed or interrupted run leaves the last good review
untouched and keeps papermill's error notebook in ``OUT/.thidua/failed/`` for debugging.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import json
import logging
import multiprocessing.util
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import nbformat
import papermill
from jupyter_client import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from thidua import outdir, report
from thidua.catalog import Inputs
from thidua.errors import InputError
from thidua.outdir import sha256
from thidua.report import esc
from thidua.review import Review
from thidua.safecells import neutralise_frame
from thidua.word_report import write_report

log = logging.getLogger("thidua")

# THIDUA_NOTEBOOK_DIR points reviews at another folder of notebooks (an office's own versions).
NOTEBOOK_DIR = Path(os.environ.get("THIDUA_NOTEBOOK_DIR") or Path(__file__).resolve().parents[1] / "notebooks")
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
NOTEBOOKS = ("annual_review", "economic_structure", "midyear_review", "ranking")
DEFAULT_NOTEBOOKS = ("annual_review", "economic_structure", "ranking")
VERSIONED = ("thidua", "pandas", "numpy", "matplotlib", "papermill", "nbconvert", "nbformat", "ipykernel", "openpyxl")
TITLES = {
    "vi": {"annual_review": "Tổng kết năm", "economic_structure": "Cơ cấu kinh tế", "midyear_review": "Sơ kết",
           "ranking": "Xếp hạng thi đua"},
    "en": {"annual_review": "Annual review", "economic_structure": "Economic structure",
           "midyear_review": "Interim review", "ranking": "Ranking"},
}  # fmt: skip


REPORT_DOCX = "bao-cao.docx"  # the report as the office files it (Word, Nghị định 30/2020 format)
REPORT_LABEL = {"vi": "báo cáo, Word", "en": "the report, Word"}


class ReviewFailed(Exception):
    """A notebook failed; the message says which, and where its error notebook is."""


@dataclass(frozen=True)
class Job:
    """One review to make: its inputs, period, language, notebooks and output folder."""

    inputs: Inputs
    out: Path
    period: str | None = None
    lang: str = "vi"
    notebooks: tuple[str, ...] = DEFAULT_NOTEBOOKS
    timeout: int = 600  # seconds per cell

    def parameters(self) -> dict[str, str]:
        """The papermill parameters every notebook takes."""
        files = {f"{role}_path": str(path) for role, path in self.inputs.files().items()}
        return {"dataset": "", **files, "period": self.period or "", "lang": self.lang}


def exporter(lang: str = "vi") -> HTMLExporter:
    """Nbconvert's HTML exporter with thidua's offline template and no code cells."""
    html = HTMLExporter(
        template_name="thidua",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code=lang,
    )
    # The notebooks' introductions are for analysts in JupyterLab, not for the shared review.
    html.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={"remove-cell"}, enabled=True), enabled=True)
    return html


class KernelPool:
    """Fresh kernels, one per notebook, that cost almost nothing to start.

    Kernels are forked from a warm zygote process (``thidua.zygote``) that has already imported
    ipykernel, pandas, matplotlib and thidua; one more kernel is always started ahead, while the
    current notebook runs. Every kernel is used for one notebook and shut down.
    """

    def __init__(self) -> None:
        self._next: AsyncKernelManager | None = None
        self._zygote: subprocess.Popen | None = None
        _remove_dead_pools()
        self._dir = tempfile.mkdtemp(prefix=f"{_POOL_PREFIX}{os.getpid()}-")
        self._socket = os.path.join(self._dir, "zygote.sock")
        self._count = 0

    def _ensure_zygote(self) -> None:
        if self._zygote is not None and self._zygote.poll() is None:
            return
        self._zygote = subprocess.Popen(
            [sys.executable, "-m", "thidua.zygote", self._socket], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while not os.path.exists(self._socket):
            if self._zygote.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the kernel zygote did not start")
            time.sleep(0.02)

    def _start(self) -> AsyncKernelManager:
        self._ensure_zygote()
        self._count += 1
        # IPC sockets in a private folder rather than TCP ports: no other user of the machine can connect.
        # The async manager, as nbclient uses by default: with a blocking one, a dead or hung kernel
        # would block nbclient's event loop and its timeouts would never fire.
        ip = os.path.join(self._dir, f"kernel-{self._count}")
        km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=ip)
        spec = km.kernel_spec
        spec.argv = [sys.executable, "-m", "thidua._kernel_stub", self._socket, "{connection_file}"]
        run_sync(km.start_kernel)(cwd=str(NOTEBOOK_DIR))
        return km

    def take(self) -> AsyncKernelManager:
        """A booted (or booting) fresh kernel; another one starts at once for the next call."""
        alive = self._next is not None and run_sync(self._next.is_alive)()
        km = self._next if alive else self._start()
        self._next = self._start()
        return km

    def close(self) -> None:
        """Shut down the kernel kept ahead and the zygote."""
        if self._next is not None:
            with contextlib.suppress(Exception):
                shutdown(self._next)
            self._next = None
        if self._zygote is not None:
            self._zygote.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._zygote.wait(timeout=5)
            self._zygote = None
        shutil.rmtree(self._dir, ignore_errors=True)


_POOL: KernelPool | None = None
_POOL_PREFIX = "thidua-zygote-"


def _remove_dead_pools() -> None:
    """Remove the socket folders of kernel pools whose process is gone (killed with SIGKILL, say)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_POOL_PREFIX}*-*"):
        pid = folder.name[len(_POOL_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and folder.is_dir() and not _process_exists(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def shutdown(km: AsyncKernelManager) -> None:
    """Stop a kernel at once (it served its one notebook, or its run failed)."""
    run_sync(km.shutdown_kernel)(now=True)


def kernel_pool() -> KernelPool:
    """This process's kernel pool, closed when the process ends (also in multiprocessing workers)."""
    global _POOL
    if _POOL is None:
        _POOL = KernelPool()
        atexit.register(_POOL.close)
        multiprocessing.util.Finalize(_POOL, _POOL.close, exitpriority=10)
    return _POOL


def execute(
    name: str,
    destination: Path,
    parameters: dict[str, str],
    timeout: int,
    stop: Callable[[], bool] | None = None,
) -> nbformat.NotebookNode:
    """Run one notebook with papermill on a fresh kernel, writing the executed copy (or the error notebook).

    Papermill runs in a thread while this one watches for a stop (a signal, or the batch's stop): then
    the kernel is killed, the notebook ends at once and :class:`Interrupted` is raised. In the main thread
    this also keeps nbclient from taking over SIGINT and SIGTERM.
    """
    stop = stop or stop_requested
    km = kernel_pool().take()
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["nb"] = papermill.execute_notebook(
                str(NOTEBOOK_DIR / f"{name}.ipynb"),
                str(destination),
                parameters=parameters,
                kernel_name="python3",
                cwd=str(NOTEBOOK_DIR),
                progress_bar=False,
                execution_timeout=timeout,
                report_mode=True,
                km=km,
            )
        except BaseException as exc:  # handed to the watching thread below
            outcome["error"] = exc

    worker = threading.Thread(target=run, name=f"thidua-{name}", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.2)
            if stop():
                with contextlib.suppress(Exception):
                    km.provisioner.process.kill()  # the stub: the zygote then kills its kernel
                worker.join()
                raise Interrupted(f"interrupted while running {name}")
    finally:
        with contextlib.suppress(Exception):
            shutdown(km)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["nb"]  # type: ignore[return-value]


class Interrupted(Exception):
    """A stop was asked for (SIGINT, SIGTERM, or the batch stopping): the run ended without its review."""


_STOP = threading.Event()


def stop_requested() -> bool:
    """True once this process was asked to stop by SIGINT or SIGTERM (see :func:`catch_signals`)."""
    return _STOP.is_set()


def request_stop(signum: int | None = None, _frame: object = None) -> None:
    """Ask the run to stop: the running notebook's kernel is killed, no further notebook or review starts."""
    _STOP.set()


def catch_signals() -> None:
    """Turn SIGTERM and SIGINT into a stop request, so an interrupted run cleans up, says so, exits 130."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, request_stop)


def planned_files(job: Job) -> list[str]:
    """The files a review writes into its output folder (all checked before any work is done)."""
    made = [f"{name}.{ext}" for name in job.notebooks for ext in ("ipynb", "html")]
    return [*made, "achievement.csv", "achievement.xlsx", REPORT_DOCX, "index.html", outdir.MANIFEST]


def make_review(job: Job, force: bool = False, stop: Callable[[], bool] | None = None) -> Path:
    """Make every notebook of ``job`` and the side files; move them into the output folder when all ran.

    The output folder is thidua's to write only when it is empty, new or a thidua review (``force``
    adds a review beside other files); see :mod:`thidua.outdir`. A failed or interrupted run leaves
    the last good review as it was and keeps its work in ``OUT/.thidua/failed``. ``stop`` (by default:
    a signal came) is asked between and during notebooks; when it says yes, :class:`Interrupted` is raised.
    """
    stop = stop or stop_requested
    for name in job.notebooks:
        if name not in NOTEBOOKS:
            raise InputError(f"unknown notebook {name!r}; choose from {', '.join(NOTEBOOKS)}", field="notebooks")
    review = Review.load(
        "", **{f"{k}_path": v for k, v in job.inputs.files().items()}, period=job.period, lang=job.lang
    )
    files = planned_files(job)
    with outdir.claim(job.out, force) as folder:
        folder.check_writable(files)
        html = exporter(job.lang)
        try:
            for name in job.notebooks:
                if stop():
                    raise Interrupted(f"interrupted before {name}")
                log.info("running %s for %s", name, folder.path.name)
                _run_one(name, folder.staging, job, html, stop)
            _write_tables(review, folder.staging)
            write_report(review, folder.staging / REPORT_DOCX)
            _write_index(review, job, folder.staging)
            _write_manifest(job, folder.staging, files)
        except BaseException:
            folder.keep_failed()
            raise
        folder.commit(files)
    return folder.path / "index.html"


def _run_one(name: str, tmp: Path, job: Job, html: HTMLExporter, stop: Callable[[], bool]) -> None:
    executed = tmp / f"{name}.ipynb"
    try:
        nb = execute(name, executed, job.parameters(), job.timeout, stop)
    except Interrupted:
        raise
    except papermill.PapermillExecutionError as exc:
        raise ReviewFailed(f"notebook {name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}") from None
    except Exception as exc:  # a dead kernel, a timeout: papermill has saved what ran
        raise ReviewFailed(f"notebook {name} failed: {exc.__class__.__name__}: {exc}") from None
    for cell in nb.cells:  # papermill gives its injected cell a random id; the HTML must not change run to run
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"
    body, _ = html.from_notebook_node(nb, resources={"metadata": {"name": TITLES[job.lang][name]}})
    (tmp / f"{name}.html").write_text(body, encoding="utf-8")


def _write_tables(review: Review, tmp: Path) -> None:
    results = review.results
    neutralise_frame(results).to_csv(tmp / "achievement.csv", index=False, lineterminator="\n")
    with_names = results.merge(
        review.plan.targets[["indicator_id", "set_by", "name_vi", "name_en"]], on=["indicator_id", "set_by"]
    )
    neutralise_frame(with_names).to_excel(tmp / "achievement.xlsx", index=False, sheet_name="Kết quả")


def _write_index(review: Review, job: Job, tmp: Path) -> None:
    links = "".join(f'<li><a href="{name}.html">{esc(TITLES[job.lang][name])}</a></li>' for name in job.notebooks)
    files = (
        '<li><a href="achievement.csv">achievement.csv</a></li><li><a href="achievement.xlsx">achievement.xlsx</a></li>'
        f'<li><a href="{REPORT_DOCX}">{REPORT_DOCX}</a> ({REPORT_LABEL[job.lang]})</li>'
    )
    title = report.title("annual_review", review)
    body = f"{report.header(review, title)}<ul>{links}{files}</ul>"
    (tmp / "index.html").write_text(report.page(title, body, job.lang), encoding="utf-8")


def _write_manifest(job: Job, tmp: Path, files: list[str]) -> None:
    versions = {}
    for package in VERSIONED:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    manifest = {
        "generator": outdir.GENERATOR,
        "files": {name: sha256(tmp / name) for name in files if name != outdir.MANIFEST},
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "inputs": {role: {"path": str(path), "sha256": sha256(path)} for role, path in job.inputs.files().items()},
        "parameters": job.parameters(),
        "notebooks": list(job.notebooks),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "versions": versions,
        "command": " ".join(sys.argv),
    }
    (tmp / outdir.MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
