"""The ``thidua`` command line, for officers at a terminal and for scheduled runs.

Exit codes: 0 success; 1 ``validate`` found warnings only; 2 bad input (each message names
file, place and field); 3 a notebook failed; 4 output not written; 130 interrupted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from thidua.errors import InputError, Interrupted, Invalid, ReviewFailed, WriteFailed
from thidua.inputs.catalog import CATALOG, DEFAULT_DATASET, ROLE_HELP, ROLES, Inputs, chosen_dataset, parameter, resolve
from thidua.inputs.languages import LANGUAGES, NUMBER_STYLES
from thidua.run.job import Job
from thidua.run.notebooks import NOTEBOOKS
from thidua.run.signals import catch_signals, stop_requested

if TYPE_CHECKING:
    from thidua.inputs.validation import Problem
    from thidua.review.review import Review

# Each command imports what it needs when it runs: `thidua --help` and `thidua validate` start quickly,
# without papermill, nbconvert, matplotlib, openpyxl or python-docx.

EXIT_WARNINGS = 1  # validate found warnings only; every other code is an error's (thidua.errors)
EXIT_INPUT_ERROR = InputError.exit_code
EXIT_NOTEBOOK_FAILED = ReviewFailed.exit_code
EXIT_WRITE_FAILED = WriteFailed.exit_code
EXIT_INTERRUPTED = Interrupted.exit_code
MAX_TIMEOUT = 86_400  # a day: no notebook cell should need more

_LANG = click.option("--lang", type=click.Choice(LANGUAGES), default="vi", show_default=True, help="Report language.")
_NUMBERS_HELP = (
    "How the CSV writes numbers: vi = 6.830.000.000 and 38,5; en = 6830000000 and 38.5 (default: the file's"
    " '# numbers:' line, else detected; an ambiguous number is an error)."
)
_NUMBERS = click.option("--numbers", type=click.Choice(NUMBER_STYLES), help=_NUMBERS_HELP)
_FILE = click.Path(dir_okay=False, path_type=Path)
_OFFICIAL = click.option("--official", "official_path", type=_FILE, help=ROLE_HELP["official"])
_BUDGET = click.option("--budget", "budget_path", type=_FILE, help="Budget lines CSV.")


class _Group(click.Group):
    """Turns an ``InputError`` or a bad option into one line and exit 2, a file not written into exit 4."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.echo(f"thidua: error: {exc}", err=True)
            ctx.exit(EXIT_INPUT_ERROR)
        except WriteFailed as exc:
            click.echo(f"thidua: error: {exc}", err=True)
            ctx.exit(EXIT_WRITE_FAILED)
        except click.UsageError as exc:  # a bad option's value: one line, not the usage text
            click.echo(f"thidua: error: {' '.join(exc.format_message().split())}", err=True)
            ctx.exit(EXIT_INPUT_ERROR)
        except (Interrupted, KeyboardInterrupt):  # a command with no handling of its own (report, …)
            click.echo("thidua: interrupted; no file was written", err=True)
            ctx.exit(EXIT_INTERRUPTED)


def _raise_interrupted(signum: int, _frame: object) -> None:
    raise Interrupted(signal.Signals(signum).name)


def stop_on_signals() -> None:
    """SIGINT and SIGTERM raise ``Interrupted``: the command cleans up, says so in one line, exits 130.

    ``thidua.__main__.run`` (the ``thidua`` command) calls it; ``review`` and ``batch`` then put their
    own handling in place (``catch_signals``).
    """
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _raise_interrupted)


@click.group(cls=_Group)
@click.version_option(package_name="thidua")
def main() -> None:
    """Review a commune's yearly targets (chỉ tiêu) against its actual figures."""


@main.command("assess")
@click.argument("plan_path", metavar="PLAN", type=_FILE)
@click.argument("data_path", metavar="DATA", type=_FILE)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--period", help="Period to assess, e.g. 2023 (default: the plan year).")
@_LANG
@_OFFICIAL
@_BUDGET
@_NUMBERS
@click.option("--units", "units_path", type=_FILE, help="Units file: units DATA may hold.")
def assess_command(
    plan_path: Path,
    data_path: Path,
    fmt: str,
    period: str | None,
    lang: str,
    official_path: Path | None,
    budget_path: Path | None,
    numbers: str | None,
    units_path: Path | None,
) -> None:
    """Print the achievement of every target in PLAN for the figures in DATA (of PLAN's unit, or one in --units)."""
    from thidua.inputs.safecells import neutralise_frame

    inputs = Inputs(plan_path, data_path, official=official_path, budget=budget_path, units=units_path)
    review = _built(inputs, period, lang, numbers)
    _echo_problems(review.problems)
    results = review.interim.results if review.is_interim else review.results
    results = results.drop(columns="name")  # the documented columns; the table names the targets
    if fmt == "csv":
        neutralise_frame(results).to_csv(sys.stdout, index=False, lineterminator="\n")
    elif fmt == "json":
        payload = {
            "plan": review.plan.meta["number"],
            "data": str(data_path),
            "data_status": review.data.status,
            "plan_status": review.plan.meta.get("status", "official"),
            "sample": review.is_sample,
            "results": json.loads(results.to_json(orient="records", force_ascii=False)),
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
    else:
        _print_tables(review)


def _built(inputs: Inputs, period: str | None, lang: str = "vi", numbers: str | None = None) -> Review:
    """The review of ``inputs`` (``thidua.review.review.build``); on errors, print them all and exit 2."""
    from thidua.inputs.periods import parse_period
    from thidua.review.review import build

    if period:
        parse_period(period)  # a mistyped period is one line, before any figure is read
    try:
        return build(inputs, period, lang, numbers)
    except Invalid as exc:
        _report_problems(exc.problems)
        raise SystemExit(EXIT_INPUT_ERROR) from None


MAX_LISTED = 50
_FORCE_FILE = (
    "Replace FILE if thidua wrote it and nobody changed it since (a filled-in workbook or an edited report is"
    " never replaced)."
)


def _echo_problems(problems: list[Problem]) -> None:
    """Print problems to stderr, the first ``MAX_LISTED`` in full and a count of the rest."""
    for problem in problems[:MAX_LISTED]:
        click.echo(str(problem), err=True)
    if len(problems) > MAX_LISTED:
        click.echo(f"… and {len(problems) - MAX_LISTED} more problem(s) of the same kinds", err=True)


def _report_problems(problems: list[Problem]) -> int:
    """Print problems to stderr; return the exit code they call for (0 clean, 1 warnings, 2 errors).

    When there are errors the run stops, so only the errors are printed.
    """
    errors = [p for p in problems if p.severity == "error"]
    _echo_problems(errors or problems)
    if errors:
        return EXIT_INPUT_ERROR
    return EXIT_WARNINGS if problems else 0


@main.command("validate")
@click.argument("data_path", metavar="DATA", type=_FILE)
@click.option("--plan", "plan_path", type=_FILE, help="Check against this plan.")
@click.option("--period", help="Period whose indicators must all be present (default: the plan year).")
@_OFFICIAL
@_BUDGET
@_NUMBERS
@click.option("--units", "units_path", type=_FILE, help="Units file: every unit must be in it.")
def validate_command(
    data_path: Path,
    plan_path: Path | None,
    period: str | None,
    official_path: Path | None,
    budget_path: Path | None,
    numbers: str | None,
    units_path: Path | None,
) -> None:
    """Check DATA (CSV, or the Excel workbook with --plan) and list its problems. Exit 0 clean, 1 warnings, 2 errors.

    With --plan the figures are checked as a review reads them: against the plan, with the official
    figures of --official replacing estimates, and every derived indicator computed.
    """
    from thidua.inputs.observations import read_csv
    from thidua.inputs.periods import parse_period
    from thidua.inputs.sources import EXCEL_SUFFIXES
    from thidua.inputs.units import load_units
    from thidua.inputs.validation import validate
    from thidua.review.review import build

    if period:
        parse_period(period)  # a mistyped period is one line, before any figure is read
    if plan_path is None:
        for path, what in ((budget_path, "a budget"), (official_path, "an official figures file")):
            if path is not None:
                raise InputError(f"{what} is read against its plan: add --plan PLAN", file=path)
        if data_path.suffix.lower() in EXCEL_SUFFIXES:
            raise InputError("a workbook is read against its plan: add --plan PLAN", file=data_path)
        problems = validate(read_csv(data_path, numbers), None, period, load_units(units_path) if units_path else None)
    else:
        inputs = Inputs(plan_path, data_path, official=official_path, budget=budget_path, units=units_path)
        try:
            problems = build(inputs, period, numbers=numbers).problems
        except Invalid as exc:
            problems = exc.problems
    _echo_problems(problems)
    errors = sum(p.severity == "error" for p in problems)
    code = EXIT_INPUT_ERROR if errors else EXIT_WARNINGS if problems else 0
    click.echo(f"{data_path}: {errors} error(s), {len(problems) - errors} warning(s)")
    raise SystemExit(code)


@main.command("template")
@click.argument("plan_path", metavar="PLAN", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path), help="FILE.xlsx")
@click.option(
    "--units",
    "units_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Units file: the units under PLAN's (a commune's hamlets, a district's communes) get a sheet of their own.",
)
@click.option("--period", help="Reporting period written in the workbook (default: the plan year).")
@click.option("--force", is_flag=True, help=_FORCE_FILE)
def template_command(plan_path: Path, out_path: Path, units_path: Path | None, period: str | None, force: bool) -> None:
    """Write the Excel data-entry workbook for PLAN, with its targets filled in (a new FILE, see --force)."""
    from thidua.inputs.periods import parse_period
    from thidua.inputs.plan import load_plan
    from thidua.inputs.units import load_units
    from thidua.reports.workbook_template import write_template
    from thidua.run.outfile import write_file

    plan = load_plan(plan_path)
    units = load_units(units_path) if units_path else None
    label = parse_period(period).label if period else None
    written = write_file(out_path, lambda tmp: write_template(plan, tmp, units, label), [plan_path, units_path], force)
    click.echo(f"wrote {written}")


def _setup_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s", stream=sys.stderr)
    for noisy in ("papermill", "nbconvert"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # jupyter_client warns when a shut-down kernel's zmq context is collected late: harmless, not actionable.
    logging.getLogger("traitlets").setLevel(logging.ERROR)


def _inputs(dataset: str | None, catalog: Path | None, paths: dict[str, Path | None]) -> Inputs:
    """The files of a review: those named by ``--<role>`` options, the rest from the dataset (see ``--dataset``)."""
    files = {role: paths[parameter(role)] for role in ROLES}
    return resolve(chosen_dataset(dataset, **files), catalog or CATALOG, **files)


def _input_options(command: click.Command) -> click.Command:
    """The options that name a review's input files (any left out come from the dataset)."""
    for role in reversed(ROLES):
        # Absolute from where thidua is run (never $THIDUA_ROOT, which is for notebooks and the API).
        path = click.Path(dir_okay=False, resolve_path=True, path_type=Path)
        command = click.option(f"--{role}", parameter(role), type=path, help=ROLE_HELP.get(role))(command)
    help_text = (
        f"Dataset in data/catalog.yml to take unnamed files from (default: {DEFAULT_DATASET} when no file is"
        " named; none when any is, so a review uses only the files given)."
    )
    command = click.option(
        "--catalog",
        type=click.Path(dir_okay=False, path_type=Path),
        help="A data catalog of your own (default: the bundled data/catalog.yml).",
    )(command)
    return click.option("--dataset", default=None, help=help_text)(command)


@main.command("review")
@_input_options
@click.option("--period", help="Period to review, e.g. 2023 (default: the plan year).")
@_LANG
@click.option("--notebooks", default=",".join(NOTEBOOKS), show_default=True, help="Comma-separated notebooks to run.")
@click.option(
    "--timeout",
    type=click.IntRange(1, MAX_TIMEOUT),
    default=600,
    show_default=True,
    help=f"Seconds a notebook cell may run (1 to {MAX_TIMEOUT}).",
)
@click.option("--out", "out_path", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--pdf", is_flag=True, help="Also write bao-cao.pdf, the Word report converted by LibreOffice.")
@click.option(
    "--force",
    is_flag=True,
    help="Write into an OUT that holds other files (only thidua's own files are ever replaced).",
)
def review_command(
    dataset: str | None,
    catalog: Path | None,
    period: str | None,
    lang: str,
    notebooks: str,
    timeout: int,
    out_path: Path,
    pdf: bool,
    force: bool,
    **paths: Path | None,
) -> None:
    """Run the review notebooks for one unit and period; write HTML, notebooks, tables and a manifest.

    OUT must be empty, new, or a review thidua wrote (else --force); one run at a time writes it.
    Exit codes: 0 done, 2 bad input or an OUT that is not thidua's, 3 a notebook failed (its error
    notebook is kept in OUT/.thidua/failed/, the last good review in OUT is left as it was), 4 the output
    could not be written (disk full, permissions; with --pdf and no LibreOffice: the review is written
    without bao-cao.pdf), 130 interrupted (SIGINT or SIGTERM).
    """
    from thidua.reports.pdf import MISSING, soffice
    from thidua.run.make import make_review

    _setup_logging()
    _check_notebook_dir()
    inputs = _inputs(dataset, catalog, paths)
    chosen = tuple(n.strip() for n in notebooks.split(",") if n.strip())
    missing = pdf and soffice() is None  # the review is still made; the missing PDF is said at the end
    job = _checked(Job(inputs, out_path, period, lang, chosen, timeout, pdf=pdf and not missing))
    catch_signals()
    kept = out_path / ".thidua" / "failed"
    try:
        index = make_review(job, force)
    except ReviewFailed as exc:
        click.echo(f"thidua: error: {exc}; error notebook kept in {kept}/", err=True)
        raise SystemExit(EXIT_NOTEBOOK_FAILED) from None
    except (Interrupted, KeyboardInterrupt):
        click.echo(f"thidua: interrupted; {out_path} is unchanged, partial work in {kept}/", err=True)
        raise SystemExit(EXIT_INTERRUPTED) from None
    except OSError as exc:
        click.echo(
            f"thidua: error: could not write the review ({exc.strerror or exc}); {out_path} is unchanged", err=True
        )
        raise SystemExit(EXIT_WRITE_FAILED) from None
    click.echo(f"review written: {index}")
    if missing:
        raise WriteFailed(f"{MISSING}; the review was written with bao-cao.docx, without bao-cao.pdf")


@main.command("report")
@_input_options
@click.option(
    "--period", help="2023 for the year-end report, 2023-6T or 2023-9T for an interim one (default: the year)."
)
@_LANG
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path), help="FILE.docx")
@click.option("--template", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="The office's template.")
@click.option("--number", default="", help="The report's number, e.g. 125 (default: left blank for the clerk).")
@click.option("--date", "date_text", help="Date of signing, YYYY-MM-DD (default: left blank).")
@click.option("--signer", default="", help="The signatory's name (default: a marked placeholder).")
@click.option("--parent-body", default="", help="The body above the reporting body, where there is one.")
@click.option("--estimate", is_flag=True, help="The figures are estimates (ước thực hiện), as in December drafts.")
@click.option("--pdf", is_flag=True, help="Also write FILE.pdf beside it, converted by LibreOffice (for printing).")
@click.option("--force", is_flag=True, help=_FORCE_FILE)
def report_command(
    dataset: str | None,
    catalog: Path | None,
    period: str | None,
    lang: str,
    out_path: Path,
    template: Path | None,
    number: str,
    date_text: str | None,
    signer: str,
    parent_body: str,
    estimate: bool,
    pdf: bool,
    force: bool,
    **paths: Path | None,
) -> None:
    """Write the year-end (tổng kết) or interim (sơ kết) report as a Word document (Nghị định 30/2020 format).

    FILE must be new (or, with --force, a report thidua wrote and nobody changed). An office's --template
    is checked (size, macros, outside links) and rendered in a sandbox with bounded time and memory.
    With --pdf, FILE.pdf beside it (the same rules); without LibreOffice FILE is written and the command
    ends with one line and exit 4.
    """
    from thidua.reports.pdf import MISSING, convert, soffice
    from thidua.reports.word_report import Filing, write_report
    from thidua.run.confined import run_confined
    from thidua.run.outdir import sha256
    from thidua.run.outfile import refuse_companion, write_file

    try:
        date = dt.date.fromisoformat(date_text) if date_text else None
    except ValueError:
        raise InputError(f"--date must be YYYY-MM-DD, got {date_text!r}", field="date") from None
    filing = Filing(number, date, signer, parent_body, estimate)
    inputs = _inputs(dataset, catalog, paths)
    review = _built(inputs, period, lang)
    options = {"progress": review.interim} if review.is_interim else {"ranking": review.ranking}

    wanted = out_path.with_suffix(".pdf") if pdf else None
    if wanted == out_path:
        raise InputError("--out names the Word report (FILE.docx); --pdf writes FILE.pdf beside it", field="out")
    pdf_path = wanted if soffice() is not None else None  # without LibreOffice the report is still written
    if pdf_path is not None:
        refuse_companion(pdf_path, out_path, force)
    made: list[Path] = []

    def write(tmp: Path) -> None:
        task = lambda: write_report(review, tmp, filing, template, **options)  # noqa: E731
        run_confined(task, seconds=REPORT_SECONDS, memory_mb=REPORT_MEMORY_MB, what=str(template or "the report"))
        if pdf_path is not None:
            named = staging / f"{out_path.stem}.docx"
            shutil.copyfile(tmp, named)
            made.append(convert(named, staging))

    if pdf_path is None:
        written = write_file(out_path, write, [*inputs.files().values(), template], force)
        click.echo(f"report written: {written}")
        if wanted is not None:
            raise WriteFailed(f"{MISSING}; {written.name} was written, {wanted.name} was not")
        return
    with _pdf_staging(out_path.parent) as folder:
        staging = Path(folder)
        written = write_file(
            out_path, write, [*inputs.files().values(), template], force, companion=lambda: sha256(made[0])
        )
        os.replace(made[0], pdf_path)
    click.echo(f"report written: {written}, {pdf_path}")


def _pdf_staging(folder: Path) -> tempfile.TemporaryDirectory:
    """A temporary folder inside ``folder`` (made, as the report's is, when new) for LibreOffice's work."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return tempfile.TemporaryDirectory(prefix=".thidua-pdf-", dir=folder.resolve())
    except OSError as exc:
        raise WriteFailed(f"could not write in {folder} ({exc.strerror or exc}); nothing changed") from None


REPORT_SECONDS = 30  # the sample's report takes about 1 s; an office's template gets the same bounds
REPORT_MEMORY_MB = 300


@main.command("batch")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out_path", type=click.Path(file_okay=False, path_type=Path), help="Overrides the config's out.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Worker processes (default: the config's, else the number of CPUs; at most the reviews to run"
    " and twice the CPUs).",
)
@click.option(
    "--scheduler",
    callback=lambda _ctx, _param, value: _scheduler_address(value),
    help="Address of a Dask scheduler (tcp://host:8786) to run the reviews on a cluster.",
)
@click.option("--force", is_flag=True, help="Write into folders that hold other files (thidua's files only).")
def batch_command(config: Path, out_path: Path | None, workers: int | None, scheduler: str | None, force: bool) -> None:
    """Make every review listed in CONFIG; carry on past failures and list them at the end.

    Exit codes: 0 all done, 2 bad config or input, 3 at least one review failed, 130 interrupted
    (SIGINT or SIGTERM: no further review starts, the running ones stop, finished ones stay).
    """
    from thidua.run.batch import load_batch, run_batch, started_workers

    _setup_logging()
    catch_signals()
    _check_notebook_dir()
    jobs, configured, lang = load_batch(config, out_path)
    count = _worker_count(workers or configured, len(jobs))
    # The workers start (imports, kernels) while every input is checked here; no review starts before that.
    with started_workers(0 if scheduler else count) as started:
        jobs = [(name, _checked(job, f"{config}, review {name!r}")) for name, job in jobs]
        root = jobs[0][1].out.parent
        try:
            outcomes = run_batch(jobs, root, count, scheduler, force, lang, started)
        except OSError as exc:
            click.echo(f"thidua: error: could not write the batch index ({exc.strerror or exc})", err=True)
            raise SystemExit(EXIT_WRITE_FAILED) from None
    states = Counter(o.state for o in outcomes)
    total = sum(o.seconds for o in outcomes)
    if stop_requested():
        click.echo(
            f"thidua: batch interrupted: {states['done']} done, {states['interrupted']} interrupted, "
            f"{states['not started']} not started; finished reviews are in place, the others unchanged",
            err=True,
        )
        raise SystemExit(EXIT_INTERRUPTED)
    click.echo(f"batch: {states['done']} done, {states['failed']} failed, {total:.1f} s; index: {root / 'index.html'}")
    for outcome in outcomes:
        if not outcome.ok:
            click.echo(f"  failed: {outcome.name}: {outcome.message}", err=True)
    raise SystemExit(EXIT_NOTEBOOK_FAILED if states["failed"] else 0)


_SCHEDULER = re.compile(r"(tcp|tls|ws|wss)://(\[[0-9A-Fa-f:.]+\]|[\w.-]+):(\d{1,5})")


def _scheduler_address(value: str | None) -> str | None:
    """A Dask scheduler's address as given, if it is one (scheme://host:port); else exit 2 with one line."""
    if value is None:
        return None
    match = _SCHEDULER.fullmatch(value)
    if not match or not 1 <= int(match[3]) <= 65535:
        raise click.BadParameter(f"must be an address like tcp://host:8786, got {value!r}")
    return value


def _worker_count(asked: int | None, reviews: int) -> int:
    """The workers to start: as asked (else the CPUs), but no more than the reviews or twice the CPUs."""
    cpus = os.cpu_count() or 1
    count = min(asked or cpus, max(reviews, 1), 2 * cpus)
    if asked and count < asked:
        click.echo(f"thidua: using {count} workers, not {asked} ({reviews} reviews, {cpus} CPUs)", err=True)
    return count


def _check_notebook_dir() -> None:
    """THIDUA_NOTEBOOK_DIR, when set, must be a folder (exit 2 with one line otherwise)."""
    folder = os.environ.get("THIDUA_NOTEBOOK_DIR")
    if folder and not Path(folder).is_dir():
        raise InputError(f"THIDUA_NOTEBOOK_DIR is {folder!r}, which is not a folder", field="THIDUA_NOTEBOOK_DIR")


def _checked(job: Job, label: str | None = None) -> Job:
    """The job with its review built, every input checked (exit 2 on a problem) and only the notebooks it allows."""
    from thidua.run.preflight import check_job, skipped_lines

    try:
        checked = check_job(job.inputs, job.period, job.notebooks, job.lang)
    except InputError as exc:
        raise InputError(f"{label}: {exc}") if label else exc from None
    for line in skipped_lines(checked):
        click.echo(f"thidua: {label + ': ' if label else ''}{line}", err=True)
    if not checked.notebooks:
        raise InputError("no notebook has the inputs it needs", where=label, field="notebooks")
    return dataclasses.replace(job, notebooks=checked.notebooks, review=checked.review)


def _print_tables(review: Review) -> None:
    import pandas as pd

    from thidua.engine.summary import count_statuses, statements
    from thidua.reports.formatting import achievement_table, to_text
    from thidua.reports.labels import labels
    from thidua.reports.sentences import heading, summary_sentence

    plan, results, lang = review.plan, review.results, review.lang
    if review.is_interim:
        _print_interim(review)
        return
    counts = count_statuses(statements(results, plan.targets))
    for (unit, period), part in results.groupby(["unit", "period"], sort=False):
        click.echo(heading(plan, str(unit), str(period), lang))
        if review.is_sample:
            click.echo(f"*** {labels(lang)['sample']} ***")
        with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 48):
            click.echo(to_text(achievement_table(part, plan.targets, lang)))
        click.echo(summary_sentence(counts.loc[(unit, period)], lang, bool(part["estimate"].any())))


def _print_interim(review: Review) -> None:
    """The interim review as text: where each target stands against the year plan, never a year-end verdict."""
    import pandas as pd

    from thidua.reports.formatting import to_text
    from thidua.reports.interim_page import progress_frame, summary_line
    from thidua.reports.labels import labels
    from thidua.reports.sentences import heading

    interim = review.interim
    click.echo(heading(review.plan, str(review.results["unit"].iloc[0]), review.period.label, review.lang))
    if review.is_sample:
        click.echo(f"*** {labels(review.lang)['sample']} ***")
    frame, _ = progress_frame(interim)
    frame.index = range(1, len(frame) + 1)  # numbered as the plan's targets are
    with pd.option_context("display.max_rows", None, "display.width", 250, "display.max_colwidth", 48):
        click.echo(to_text(frame))
    click.echo(summary_line(interim) + ".")
