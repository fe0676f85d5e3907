"""Running the review notebooks with papermill and rendering them as self-contained HTML.

A review is written to a temporary folder next to its destination and moved into place only when
every notebook ran: a failed run leaves the last good review untouched and keeps papermill's error
notebook in ``<out>.failed/`` for debugging.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import hashlib
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
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import nbformat
import papermill
from jupyter_client import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from thidua import report, templating
from thidua.catalog import Inputs
from thidua.errors import InputError
from thidua.review import Review

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
        self._dir = tempfile.mkdtemp(prefix="thidua-zygote-")
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


def execute(name: str, destination: Path, parameters: dict[str, str], timeout: int) -> nbformat.NotebookNode:
    """Run one notebook with papermill on a fresh kernel, writing the executed copy (or the error notebook)."""
    km = kernel_pool().take()
    try:
        return papermill.execute_notebook(
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
    finally:
        shutdown(km)
        _restore_signals()  # nbclient resets SIGINT/SIGTERM to their defaults when it finishes


_SIGNAL_HANDLERS: dict[int, object] = {}


def catch_signals() -> None:
    """Turn SIGTERM (and SIGINT) into KeyboardInterrupt, so an interrupted run cleans up and says so."""

    def interrupt(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(signal.Signals(signum).name)

    for sig in (signal.SIGINT, signal.SIGTERM):
        _SIGNAL_HANDLERS[sig] = interrupt
    _restore_signals()


def _restore_signals() -> None:
    for sig, handler in _SIGNAL_HANDLERS.items():
        signal.signal(sig, handler)


def make_review(job: Job) -> Path:
    """Make every notebook of ``job`` and the side files; move the finished folder into place."""
    for name in job.notebooks:
        if name not in NOTEBOOKS:
            raise InputError(f"unknown notebook {name!r}; choose from {', '.join(NOTEBOOKS)}", field="notebooks")
    review = Review.load(
        "", **{f"{k}_path": v for k, v in job.inputs.files().items()}, period=job.period, lang=job.lang
    )
    out = job.out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    html = exporter(job.lang)
    try:
        for name in job.notebooks:
            log.info("running %s for %s", name, out.name)
            _run_one(name, tmp, job, html)
        _write_tables(review, tmp)
        _write_index(review, job, tmp)
        _write_manifest(job, tmp)
    except BaseException:
        failed = out.with_name(f"{out.name}.failed")
        shutil.rmtree(failed, ignore_errors=True)
        tmp.replace(failed)
        raise
    _swap_into_place(tmp, out)
    return out / "index.html"


def _run_one(name: str, tmp: Path, job: Job, html: HTMLExporter) -> None:
    executed = tmp / f"{name}.ipynb"
    try:
        nb = execute(name, executed, job.parameters(), job.timeout)
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
    results.to_csv(tmp / "achievement.csv", index=False, lineterminator="\n")
    with_names = results.merge(
        review.plan.targets[["indicator_id", "set_by", "name_vi", "name_en"]], on=["indicator_id", "set_by"]
    )
    with_names.to_excel(tmp / "achievement.xlsx", index=False, sheet_name="Kết quả")


def _write_index(review: Review, job: Job, tmp: Path) -> None:
    links = [(f"{name}.html", TITLES[job.lang][name]) for name in job.notebooks]
    links += [(name, name) for name in ("achievement.csv", "achievement.xlsx")]
    title = report.title("annual_review", review)
    page = templating.render(
        "review_index.html.j2", lang=job.lang, title=title, header=report.header(review, title), links=links
    )
    (tmp / "index.html").write_text(page, encoding="utf-8")


def sha256(path: Path) -> str:
    """The file's SHA-256, so a manifest pins exactly which inputs made a review."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_manifest(job: Job, tmp: Path) -> None:
    versions = {}
    for package in VERSIONED:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    manifest = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "inputs": {role: {"path": str(path), "sha256": sha256(path)} for role, path in job.inputs.files().items()},
        "parameters": job.parameters(),
        "notebooks": list(job.notebooks),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "versions": versions,
        "command": " ".join(sys.argv),
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _swap_into_place(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp`` with two renames; the old review is removed only after."""
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.replace(old)
    tmp.replace(out)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(out.with_name(f"{out.name}.failed"), ignore_errors=True)
