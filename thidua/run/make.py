"""Running the review notebooks with papermill and rendering them as self-contained HTML.

A review is written to a staging folder inside its output folder and moved into place only when
every notebook ran (see :mod:`thidua.run.outdir`): a failed or interrupted run leaves the last good review
untouched and keeps papermill's error notebook in ``OUT/.thidua/failed/`` for debugging.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import json
import logging
import os
import platform
import re
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

from thidua import resources
from thidua.errors import InputError, Interrupted, ReviewFailed
from thidua.inputs.safecells import neutralise_frame
from thidua.reports import annual_page, interim_page, templating
from thidua.reports.labels import labels
from thidua.reports.pdf import convert
from thidua.reports.proposal import write_proposal
from thidua.reports.templating import SCOPE
from thidua.reports.word_report import write_report
from thidua.review import stored
from thidua.review.review import Review
from thidua.run import outdir
from thidua.run.job import PROPOSAL_DOCX, REPORT_DOCX, REPORT_PDF, Job, planned_files, proposes
from thidua.run.kernels import kernel_pool, shutdown
from thidua.run.notebooks import NOTEBOOKS, titles
from thidua.run.outdir import sha256
from thidua.run.preflight import checked
from thidua.run.signals import stop_requested

log = logging.getLogger("thidua")

# THIDUA_NOTEBOOK_DIR points reviews at another folder of notebooks (an office's own versions).
NOTEBOOK_DIR = Path(os.environ.get("THIDUA_NOTEBOOK_DIR") or resources.NOTEBOOKS)
TEMPLATE_DIR = resources.TEMPLATES
VERSIONED = ("thidua", "pandas", "numpy", "matplotlib", "papermill", "nbconvert", "nbformat", "ipykernel", "openpyxl")


class _Manager(NotebookExecutionManager):
    """Papermill's record of a run, written when the notebook starts, fails or ends, not twice at every cell.

    Papermill writes the whole executed notebook, charts included, when each cell starts and ends: a
    review's pages are read only when done, and an error notebook is still written where it failed.
    """

    _quiet = False

    def save(self, **kwargs: object) -> None:
        """Write the notebook, unless a cell is only starting or ending."""
        if not self._quiet:
            super().save(**kwargs)

    def cell_start(self, cell: nbformat.NotebookNode, cell_index: int | None = None, **kwargs: object) -> None:
        """Record the cell's start, without writing the notebook."""
        self._quiet = True
        try:
            super().cell_start(cell, cell_index, **kwargs)
        finally:
            self._quiet = False

    def cell_complete(self, cell: nbformat.NotebookNode, cell_index: int | None = None, **kwargs: object) -> None:
        """Record the cell's end, without writing the notebook."""
        self._quiet = True
        try:
            super().cell_complete(cell, cell_index, **kwargs)
        finally:
            self._quiet = False


class Engine(NBClientEngine):
    """Papermill's nbclient engine with :class:`_Manager`; registered as ``thidua``."""

    @classmethod
    def execute_notebook(
        cls,
        nb: nbformat.NotebookNode,
        kernel_name: str,
        output_path: str | None = None,
        progress_bar: bool = True,
        log_output: bool = False,
        autosave_cell_every: int = 30,
        **kwargs: object,
    ) -> nbformat.NotebookNode:
        """Run ``nb`` as papermill's engines do, recording it with :class:`_Manager`."""
        manager = _Manager(nb, output_path, log_output, progress_bar, autosave_cell_every)  # papermill's order
        manager.notebook_start()
        try:
            cls.execute_managed_notebook(manager, kernel_name, log_output=log_output, **kwargs)
        finally:
            manager.cleanup_pbar()
            manager.notebook_complete()
        return manager.nb


class DropScopedStyle(Preprocessor):
    """Drop the stylesheet each displayed piece carries for JupyterLab: the review page has the whole sheet."""

    def preprocess_cell(self, cell, resources, index):  # noqa: ANN001, ANN201, D102 (nbconvert's signature)
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html")
            if isinstance(html, str):
                output["data"]["text/html"] = SCOPED_STYLE.sub("", html)
        return cell, resources


SCOPED_STYLE = re.compile(rf'<style class="{SCOPE}-style">.*?</style>', re.S)
ENGINE = "thidua"
papermill_engines.register(ENGINE, Engine)


class ThiduaExporter(HTMLExporter):
    """Nbconvert's HTML exporter with thidua's offline template, no code cells, charts embedded.

    Registered as nbconvert's ``thidua`` exporter, so a scheduler that runs papermill and nbconvert itself gets
    thidua's page: ``jupyter nbconvert --to thidua executed.ipynb`` (README, "Scheduled runs").
    """

    export_from_notebook = "thidua review page"

    def __init__(self, **kwargs: object) -> None:
        """The template, options and preprocessors of a review page; ``language_code`` sets the page's language."""
        options = {"template_name": "thidua", "extra_template_basedirs": [str(TEMPLATE_DIR)], "exclude_input": True,
                   "exclude_input_prompt": True, "exclude_output_prompt": True, "embed_images": True}  # fmt: skip
        super().__init__(**{**options, **kwargs})
        # The notebooks' introductions are for analysts in JupyterLab, not for the shared review.
        self.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={"remove-cell"}, enabled=True), enabled=True)
        self.register_preprocessor(DropScopedStyle(enabled=True), enabled=True)


@functools.cache
def exporter(lang: str = "vi") -> HTMLExporter:
    """The review page's exporter in ``lang``: one per language and process, its templates compiled once."""
    return ThiduaExporter(language_code=lang)


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
    km = kernel_pool(NOTEBOOK_DIR).take()
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["nb"] = papermill.execute_notebook(
                str(NOTEBOOK_DIR / f"{name}.ipynb"),
                str(destination),
                parameters=parameters,
                kernel_name="python3",
                engine_name=ENGINE,
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
                    km.provisioner.process.kill()  # the stub (the zygote then kills its kernel), or a plain kernel
                worker.join()
                raise Interrupted(f"interrupted while running {name}")
    finally:
        with contextlib.suppress(Exception):
            shutdown(km)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["nb"]  # type: ignore[return-value]


def make_review(job: Job, force: bool = False, stop: Callable[[], bool] | None = None) -> Path:
    """Make every notebook of ``job`` and the side files; move them into the output folder when all ran.

    The job's review is built once (by the checks, ``thidua.run.preflight``; here if the job has none yet),
    saved in the staging folder and read by every notebook, page, table and the Word report.
    The output folder is thidua's to write only when it is empty, new or a thidua review (``force``
    adds a review beside other files); see :mod:`thidua.run.outdir`. A failed or interrupted run leaves
    the last good review as it was and keeps its work in ``OUT/.thidua/failed``. ``stop`` (by default:
    a signal came) is asked between and during notebooks; when it says yes, :class:`Interrupted` is raised.
    """
    stop = stop or stop_requested
    for name in job.notebooks:
        if name not in NOTEBOOKS:
            raise InputError(f"unknown notebook {name!r}; choose from {', '.join(NOTEBOOKS)}", field="notebooks")
    job = checked(job)
    review = job.review
    files, names = planned_files(job), page_titles(job, review)
    nav = nav_links(job, names)
    with outdir.claim(job.out, force, outdir.REVIEW, files) as folder:
        html = exporter(job.lang)
        try:
            saved = folder.staging / stored.FILE
            parameters = {**job.parameters(), "review_file": str(saved), "review_sha256": stored.save(review, saved)}
            # The tables and the Word report need no notebook: they are written while the kernels work
            # (this process mostly waits on them). Leaving the block waits for them, also on a failure.
            with ThreadPoolExecutor(1, thread_name_prefix="thidua-side-files") as side:
                side_files = side.submit(_write_side_files, review, folder.staging, job.pdf, proposes(job))
                for name in job.notebooks:
                    if stop():
                        raise Interrupted(f"interrupted before {name}")
                    log.info("running %s for %s", name, folder.path.name)
                    _run_one(name, folder.staging, parameters, job.timeout, html, stop, names[name], nav)
                side_files.result()
            _write_index(review, job, folder.staging, names)
            _write_manifest(job, folder.staging, files)
        except BaseException:
            folder.keep_failed()
            raise
        folder.commit(files)
    return folder.path / "index.html"


def page_titles(job: Job, review: Review) -> dict[str, str]:
    """Each page's title (the browser tab, the index link) in the job's language.

    The interim page names the period it reviews: 'Sơ kết 6 tháng năm 2023' (style guide §8).
    """
    names = titles(job.lang)
    if "interim_review" in job.notebooks and review.interim is not None:
        names["interim_review"] = interim_page.page_title(review.interim.review.period, job.lang)
    return names


# Errors writing a file (a full disk, a quota, a read-only or forbidden folder): "output not written", exit 4.
WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG, errno.EIO})


def _run_one(
    name: str,
    tmp: Path,
    parameters: dict[str, str],
    timeout: int,
    html: HTMLExporter,
    stop: Callable[[], bool],
    page_title: str,
    nav: list[tuple[str, str]] | None = None,
) -> None:
    executed = tmp / f"{name}.ipynb"
    try:
        nb = execute(name, executed, parameters, timeout, stop)
    except Interrupted:
        raise
    except papermill.PapermillExecutionError as exc:
        raise ReviewFailed(f"notebook {name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}") from None
    except OSError as exc:
        if exc.errno in WRITE_ERRNOS:  # the executed notebook could not be written: output, not notebook, failed
            raise
        raise ReviewFailed(f"notebook {name} failed: {exc.__class__.__name__}: {exc}") from None
    except Exception as exc:  # a dead kernel, a timeout: papermill has saved what ran
        raise ReviewFailed(f"notebook {name} failed: {exc.__class__.__name__}: {exc}") from None
    for cell in nb.cells:  # papermill gives its injected cell a random id; the HTML must not change run to run
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"
    resources = {"metadata": {"name": page_title}, "thidua_nav": nav or [], "thidua_here": f"{name}.html"}
    body, _ = html.from_notebook_node(nb, resources=resources)
    (tmp / f"{name}.html").write_text(body, encoding="utf-8")


def _write_side_files(review: Review, tmp: Path, pdf: bool = False, proposal: bool = False) -> None:
    """The files a review gives besides its pages: the tables, the Word report (its PDF), the proposal."""
    _write_tables(review, tmp)
    if review.is_interim:
        write_report(review, tmp / REPORT_DOCX, progress=review.interim)
    else:
        write_report(review, tmp / REPORT_DOCX, ranking=review.ranking)
    if pdf:
        convert(tmp / REPORT_DOCX, tmp)
    if proposal:
        write_proposal(review, tmp / PROPOSAL_DOCX)


def _write_tables(review: Review, tmp: Path) -> None:
    """The results as CSV and Excel: an interim review's say where each target stands, never a verdict."""
    results = review.interim.results if review.is_interim else review.results
    results = results.drop(columns="name", errors="ignore")  # the tables keep their documented columns
    neutralise_frame(results).to_csv(tmp / "achievement.csv", index=False, lineterminator="\n")
    with_names = results.merge(
        review.plan.targets[["indicator_id", "set_by", "name_vi", "name_en"]], on=["indicator_id", "set_by"]
    )
    neutralise_frame(with_names).to_excel(tmp / "achievement.xlsx", index=False, sheet_name="Kết quả")


def index_links(job: Job, names: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """The index page's links: each review by its name, each file by its name and what it is (style guide §8).

    ``names`` are the pages' titles (``page_titles``); by default each notebook's name alone.
    """
    t, names = labels(job.lang), names or titles(job.lang)
    links = [(f"{name}.html", names[name]) for name in job.notebooks]
    files = [("achievement.csv", "csv_link"), ("achievement.xlsx", "xlsx_link"), (REPORT_DOCX, "report_link")]
    if job.pdf:
        files.append((REPORT_PDF, "pdf_link"))
    if proposes(job):
        files.append((PROPOSAL_DOCX, "proposal_link"))
    return links + [(name, f"{name} ({t[key]})") for name, key in files]


def nav_links(job: Job, names: dict[str, str]) -> list[tuple[str, str]]:
    """The links at the top of every page: the index, each page of the review, the Word report (and its PDF)."""
    t = labels(job.lang)
    pages = [(f"{name}.html", names[name]) for name in job.notebooks]
    report = [(REPORT_DOCX, t["nav_report"])] + ([(REPORT_PDF, t["nav_pdf"])] if job.pdf else [])
    return [("index.html", t["nav_index"]), *pages, *report]


def _write_index(review: Review, job: Job, tmp: Path, names: dict[str, str]) -> None:
    links = index_links(job, names)
    title = annual_page.title("interim_review" if review.is_interim else "annual_review", review)
    page = templating.render(
        "review_index.html.j2", lang=job.lang, title=title, header=annual_page.header(review, title), links=links
    )
    (tmp / "index.html").write_text(page, encoding="utf-8")


def _write_manifest(job: Job, tmp: Path, files: list[str]) -> None:
    versions = {}
    for package in VERSIONED:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    manifest = {
        "generator": outdir.GENERATOR,
        "kind": outdir.REVIEW,
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
