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
import signal
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from thidua.errors import InputError
from thidua.inputs.catalog import CATALOG, DEFAULT_DATASET, ROLE_HELP, ROLES, chosen_dataset, resolve
from thidua.run.job import NOTEBOOKS, Job
from thidua.run.signals import Interrupted, catch_signals, stop_requested

if TYPE_CHECKING:
    import pandas as pd

    from thidua.inputs.observations import Dataset
    from thidua.inputs.plan import Plan
    from thidua.inputs.validation import Problem

# Each command imports what it needs when it runs: `thidua --help` and `thidua validate` start quickly,
# without papermill, nbconvert, matplotlib, openpyxl or python-docx.

EXIT_WARNINGS = 1
EXIT_INPUT_ERROR = 2
EXIT_NOTEBOOK_FAILED = 3
EXIT_WRITE_FAILED = 4
EXIT_INTERRUPTED = 130
MAX_TIMEOUT = 86_400  # a day: no notebook cell should need more


class _Group(click.Group):
    """Turns an ``InputError`` or a bad option into one line and exit 2, a file not written into exit 4."""

    def invoke(self, ctx: click.Context) -> object:
        from thidua.run.outfile import WriteFailed

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
@click.argument("plan_path", metavar="PLAN", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("data_path", metavar="DATA", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--period", help="Period to assess, e.g. 2023 (default: the plan year).")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("--budget", "budget_path", type=click.Path(dir_okay=False, path_type=Path), help="Budget lines CSV.")
@click.option(
    "--numbers",
    type=click.Choice(["vi", "en"]),
    help="How the CSV writes numbers: vi = 6.830.000.000 and 38,5; en = 6830000000 and 38.5 (default: the file's"
    " '# numbers:' line, else detected; an ambiguous number is an error).",
)
@click.option(
    "--units", "units_path", type=click.Path(dir_okay=False, path_type=Path), help="Units file: units DATA may hold."
)
def assess_command(
    plan_path: Path,
    data_path: Path,
    fmt: str,
    period: str | None,
    lang: str,
    budget_path: Path | None,
    numbers: str | None,
    units_path: Path | None,
) -> None:
    """Print the achievement of every target in PLAN for the figures in DATA (of PLAN's unit, or one in --units)."""
    from thidua.inputs.periods import parse_period
    from thidua.inputs.plan import load_plan
    from thidua.inputs.safecells import neutralise_frame
    from thidua.inputs.sources import read_data
    from thidua.inputs.units import load_units
    from thidua.inputs.validation import validate
    from thidua.run.review import run_assessment

    if period:
        parse_period(period)  # a mistyped period is one line, before any figure is read
    plan = load_plan(plan_path)
    data, budget = read_data(data_path, plan, budget_path, numbers)
    units = load_units(units_path) if units_path else None
    if _report_problems(validate(data, plan, period, units)) == EXIT_INPUT_ERROR:
        raise SystemExit(EXIT_INPUT_ERROR)
    results = run_assessment(plan, data, period, budget)
    if fmt == "csv":
        neutralise_frame(results).to_csv(sys.stdout, index=False, lineterminator="\n")
    elif fmt == "json":
        payload = {
            "plan": plan.meta["number"],
            "data": str(data_path),
            "data_status": data.status,
            "plan_status": plan.meta.get("status", "official"),
            "sample": data.is_sample or plan.is_sample,
            "results": json.loads(results.to_json(orient="records", force_ascii=False)),
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
    else:
        _print_tables(plan, data, results, lang)


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
@click.argument("data_path", metavar="DATA", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--plan", "plan_path", type=click.Path(dir_okay=False, path_type=Path), help="Check against this plan.")
@click.option("--period", help="Period whose indicators must all be present (default: the plan year).")
@click.option("--numbers", type=click.Choice(["vi", "en"]), help="How the CSV writes numbers (see assess).")
@click.option("--budget", "budget_path", type=click.Path(dir_okay=False, path_type=Path), help="Budget lines CSV.")
@click.option(
    "--units",
    "units_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Units file: every unit must be in it.",
)
def validate_command(
    data_path: Path,
    plan_path: Path | None,
    period: str | None,
    numbers: str | None,
    budget_path: Path | None,
    units_path: Path | None,
) -> None:
    """Check DATA (CSV, or the Excel workbook with --plan) and list its problems. Exit 0 clean, 1 warnings, 2 errors."""
    from thidua.inputs.observations import read_csv
    from thidua.inputs.periods import parse_period
    from thidua.inputs.plan import load_plan
    from thidua.inputs.sources import EXCEL_SUFFIXES, read_data
    from thidua.inputs.units import load_units
    from thidua.inputs.validation import validate
    from thidua.run.review import run_assessment

    if period:
        parse_period(period)  # a mistyped period is one line, before any figure is read
    plan = load_plan(plan_path) if plan_path else None
    if plan is None and data_path.suffix.lower() in EXCEL_SUFFIXES:
        raise InputError("a workbook is read against its plan: add --plan PLAN", file=data_path)
    if plan is None and budget_path is not None:
        raise InputError("a budget is read against its plan: add --plan PLAN", file=budget_path)
    data, budget = read_data(data_path, plan, budget_path, numbers) if plan else (read_csv(data_path, numbers), None)
    problems = validate(data, plan, period, load_units(units_path) if units_path else None)
    if plan is not None and not any(p.severity == "error" for p in problems):
        run_assessment(plan, data, period, budget)  # derivations: sector values, income, the budget
    _echo_problems(problems)
    errors = sum(p.severity == "error" for p in problems)
    code = EXIT_INPUT_ERROR if errors else EXIT_WARNINGS if problems else 0
    click.echo(f"{data_path}: {errors} error(s), {len(problems) - errors} warning(s)")
    raise SystemExit(code)


@main.command("template")
@click.argument("plan_path", metavar="PLAN", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path), help="FILE.xlsx")
@click.option(
    "--units", "units_path", type=click.Path(dir_okay=False, path_type=Path), help="Units file: lists the hamlets."
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


def _input_options(command: click.Command) -> click.Command:
    """The options that name a review's input files (any left out come from the dataset)."""
    for role in reversed(ROLES):
        # Absolute from where thidua is run (never $THIDUA_ROOT, which is for notebooks and the API).
        path = click.Path(dir_okay=False, resolve_path=True, path_type=Path)
        command = click.option(f"--{role}", f"{role}_path", type=path, help=ROLE_HELP.get(role))(command)
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
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("--notebooks", default=",".join(NOTEBOOKS), show_default=True, help="Comma-separated notebooks to run.")
@click.option(
    "--timeout",
    type=click.IntRange(1, MAX_TIMEOUT),
    default=600,
    show_default=True,
    help=f"Seconds a notebook cell may run (1 to {MAX_TIMEOUT}).",
)
@click.option("--out", "out_path", required=True, type=click.Path(file_okay=False, path_type=Path))
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
    force: bool,
    **paths: Path | None,
) -> None:
    """Run the review notebooks for one unit and period; write HTML, notebooks, tables and a manifest.

    OUT must be empty, new, or a review thidua wrote (else --force); one run at a time writes it.
    Exit codes: 0 done, 2 bad input or an OUT that is not thidua's, 3 a notebook failed (its error
    notebook is kept in OUT/.thidua/failed/, the last good review in OUT is left as it was), 4 the output
    could not be written (disk full, permissions), 130 interrupted (SIGINT or SIGTERM).
    """
    from thidua.run.render import ReviewFailed, make_review

    _setup_logging()
    _check_notebook_dir()
    files = {k[:-5]: v for k, v in paths.items()}
    inputs = resolve(chosen_dataset(dataset, **files), catalog or CATALOG, **files)
    job = Job(inputs, out_path, period, lang, tuple(n.strip() for n in notebooks.split(",") if n.strip()), timeout)
    job = _checked(job)
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


@main.command("report")
@_input_options
@click.option(
    "--period", help="2023 for the year-end report, 2023-6T or 2023-9T for an interim one (default: the year)."
)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path), help="FILE.docx")
@click.option("--template", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="The office's template.")
@click.option("--number", default="", help="The report's number, e.g. 125 (default: left blank for the clerk).")
@click.option("--date", "date_text", help="Date of signing, YYYY-MM-DD (default: left blank).")
@click.option("--signer", default="", help="The signatory's name (default: a marked placeholder).")
@click.option("--parent-body", default="", help="The body above the issuer, where there is one.")
@click.option("--estimate", is_flag=True, help="The figures are estimates (ước thực hiện), as in December drafts.")
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
    force: bool,
    **paths: Path | None,
) -> None:
    """Write the year-end (tổng kết) or interim (sơ kết) report as a Word document (Nghị định 30/2020 format).

    FILE must be new (or, with --force, a report thidua wrote and nobody changed). An office's --template
    is checked (size, macros, outside links) and rendered in a sandbox with bounded time and memory.
    """
    from thidua.inputs.periods import parse_period
    from thidua.reports.word_report import Filing, write_report
    from thidua.run import interim as interim_review
    from thidua.run.confined import run_confined
    from thidua.run.outfile import write_file
    from thidua.run.review import Review, load_ranking

    try:
        date = dt.date.fromisoformat(date_text) if date_text else None
    except ValueError:
        raise InputError(f"--date must be YYYY-MM-DD, got {date_text!r}", field="date") from None
    filing = Filing(number, date, signer, parent_body, estimate)
    files = {k[:-5]: v for k, v in paths.items()}
    inputs = resolve(chosen_dataset(dataset, **files), catalog or CATALOG, **files)
    given = {f"{role}_path": path for role, path in inputs.files().items()}
    if period and not parse_period(period).is_year:
        interim = interim_review.load("", period=period, lang=lang, **given)
        review, options = interim.review, {"progress": interim}
    else:
        review = Review.load("", period=period, lang=lang, **given)
        options = {"ranking": load_ranking(review)}

    def write(tmp: Path) -> None:
        task = lambda: write_report(review, tmp, filing, template, **options)  # noqa: E731
        run_confined(task, seconds=REPORT_SECONDS, memory_mb=REPORT_MEMORY_MB, what=str(template or "the report"))

    written = write_file(out_path, write, [*inputs.files().values(), template], force)
    click.echo(f"report written: {written}")


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
    """The job with every input checked first (exit 2 on a problem) and only the notebooks its inputs allow."""
    from thidua.run.preflight import check_job, skipped_lines

    try:
        checked = check_job(job.inputs, job.period, job.notebooks, job.lang)
    except InputError as exc:
        raise InputError(f"{label}: {exc}") if label else exc from None
    for line in skipped_lines(checked):
        click.echo(f"thidua: {label + ': ' if label else ''}{line}", err=True)
    if not checked.notebooks:
        raise InputError("no notebook has the inputs it needs", where=label, field="notebooks")
    return dataclasses.replace(job, notebooks=checked.notebooks)


def _print_tables(plan: Plan, data: Dataset, results: pd.DataFrame, lang: str) -> None:
    import pandas as pd

    from thidua.engine.summary import count_statuses, statements
    from thidua.reports.formatting import achievement_table, to_text
    from thidua.reports.labels import labels
    from thidua.reports.sentences import heading, summary_sentence

    counts = count_statuses(statements(results, plan.targets))
    for (unit, period), part in results.groupby(["unit", "period"], sort=False):
        click.echo(heading(plan, str(unit), str(period), lang))
        if data.is_sample or plan.is_sample:
            click.echo(f"*** {labels(lang)['sample']} ***")
        with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 48):
            click.echo(to_text(achievement_table(part, plan.targets, lang)))
        click.echo(summary_sentence(counts.loc[(unit, period)], lang, bool(part["estimate"].any())))
