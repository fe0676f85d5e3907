"""Hostile and careless inputs (issue 10, the reading side): exit 2, one line naming file and place.

Every case runs the command line in a child process under an address-space limit and an alarm, so
a case that tried to materialise gigabytes (billion laughs, a cell at XFD1048576, /dev/zero) ends in
MemoryError and a FIFO that blocked ends by SIGALRM: both fail the test. Small cases are files in
tests/hostile/; big, sparse, FIFO, device and workbook cases are made here in tmp_path. No case may
change a file outside its own empty working folder.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import PLAN_PATH, ROOT, SAMPLE_PATH
from openpyxl import load_workbook

from thidua.errors import InputError
from thidua.inputs.observations import read_csv
from thidua.inputs.plan import load_plan
from thidua.inputs.workbook import INDICATORS, INFO
from thidua.inputs.yamlfile import MAX_DEPTH, read_yaml
from thidua.reports.workbook_template import write_template

HOSTILE = ROOT / "tests" / "hostile"
UNITS_PATH = ROOT / "data" / "units" / "pho-thuan.yaml"
ADDRESS_SPACE = 800 * 2**20  # importing numpy, pandas and openpyxl takes ~350 MB of address space
PEAK_RSS_MB = 300  # every case measured at 130-150 MB resident, a clean run of validate at ~140 MB
ALARM_S = 120
_CHILD = """\
import atexit, resource, runpy, signal, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
signal.alarm({alarm})
def _peak():  # VmHWM is this process image's own peak; wait4's ru_maxrss also counts the forking parent's
    with open("/proc/self/status") as status, open({peak_file!r}, "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
atexit.register(_peak)
{inject}
sys.argv[0] = "thidua"
runpy.run_module("thidua", run_name="__main__", alter_sys=True)
"""
_FAIL_OPEN = """\
import errno, os
_open = os.open
def _failing(path, *args, **kwargs):
    if os.fspath(path) == {path!r}:
        raise OSError(errno.{code}, os.strerror(errno.{code}), os.fspath(path))
    return _open(path, *args, **kwargs)
os.open = _failing
"""


@dataclass(frozen=True)
class Run:
    """How a child run ended: exit code, output, peak resident memory and wall time."""

    code: int
    stdout: str
    stderr: str
    peak_mb: float
    seconds: float


def thidua(tmp_path: Path, *args: object, env: dict[str, str] | None = None, inject: str = "") -> Run:
    """Run ``python -m thidua ARGS`` in an empty tmp_path/work under the memory limit; its own peak RSS (VmHWM).

    Checks that the run changed no file: not the bundled data, not the corpus, not the case's own inputs.
    """
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    out, err, peak_file = tmp_path / "stdout.txt", tmp_path / "stderr.txt", tmp_path / "peak-kb.txt"
    watched = (ROOT / "data", HOSTILE, tmp_path)
    before = {p: s for p, s in _snapshot(*watched).items() if p not in (out, err, peak_file)}
    code = _CHILD.format(limit=ADDRESS_SPACE, alarm=ALARM_S, inject=inject, peak_file=str(peak_file))
    start = time.monotonic()
    with out.open("w") as o, err.open("w") as e:
        proc = subprocess.Popen(
            [sys.executable, "-c", code, *map(str, args)],
            stdout=o,
            stderr=e,
            cwd=work,
            env={**os.environ, **(env or {})},
        )
        _, status = os.waitpid(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - start
    after = {p: s for p, s in _snapshot(*watched).items() if p not in (out, err, peak_file)}
    assert after == before
    assert not any(work.iterdir())
    peak_mb = int(peak_file.read_text()) / 1024 if peak_file.exists() else float("inf")
    return Run(proc.returncode, out.read_text(), err.read_text(), peak_mb, seconds)


def assert_refused(run: Run, message: str, exact: bool = True) -> None:
    """Exit 2 with one line on stderr, ``message`` (or starting with it), in bounded memory, no traceback."""
    assert run.code == 2, run.stderr
    assert "Traceback" not in run.stderr and "MemoryError" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0] == message if exact else lines[0].startswith(message)
    assert run.peak_mb < PEAK_RSS_MB


def _snapshot(*roots: Path) -> dict[Path, tuple[int, int]]:
    return {p: (p.lstat().st_size, p.lstat().st_mtime_ns) for root in roots for p in root.rglob("*")}


# ---- YAML ------------------------------------------------------------------------------------------

YAML_CASES = [
    ("billion-laughs.yaml", "line 2: anchors and aliases (&name, *name) are not allowed: write the values out"),
    ("plan-deep-nesting.yaml", f"line 2: nested more than {MAX_DEPTH} levels deep"),
    ("plan-duplicate-key.yaml", "line 20: key 'value' is written twice (first on line 19)"),
    ("plan-bad-date.yaml", "line 4: '2022-02-30' cannot be read (day is out of range for month)"),
    ("plan-inf-target.yaml", "indicator 'san_luong_luong_thuc', field 'value': must be a number, got inf"),
    ("plan-1e400-target.yaml", "indicator 'san_luong_luong_thuc', field 'value': must be a number, got inf"),
    (
        "plan-expected-share-bad-key.yaml",
        "plan, field 'expected_share': keys are year-to-date periods such as 6T or 9T, got '13T'",
    ),
    ("plan-expected-share-inf.yaml", "plan, field 'expected_share': must be a number, got inf"),
    ("plan-expected-share-list.yaml", "plan, field 'expected_share': must be a number, got [1, 2]"),
    ("plan-expected-share-mapping.yaml", "plan, field 'expected_share': must be a number, got {'a': 1}"),
    (
        "plan-expected-share-zero.yaml",
        "plan, field 'expected_share': a share of the year's plan lies in (0, 100], got 0 for 6T",
    ),
    (
        "plan-unknown-kind.yaml",
        "plan, field 'kind': must be one of ke_hoach, nghi_quyet, chuong_trinh, quyet_dinh, "
        "de_an, ket_luan, got 'Nghị quyết'",
    ),
    (
        "plan-unknown-body.yaml",
        "plan, field 'issued_by': must be one of hdnd, ubnd, dang_uy, dai_hoi_dang_bo, got 'HĐND'",
    ),
    (
        "plan-title-control.yaml",
        "plan, field 'title': contains a control character U+001B (a line break, a tab…): write it on one line",
    ),
    ("plan-two-currencies.yaml", "indicator 'kim_ngach_xuat_khau', field 'unit': money is written in đồng, nghìn "
     "đồng, triệu đồng, tỷ đồng (or USD, nghìn USD, triệu USD, tỷ USD), optionally followed by /người/năm…, got "
     "'triệu đồng USD'"),
    ("plan-budget-in-usd.yaml", "economy, field 'budget_revenue': names 'thu_ngan_sach', counted in USD: it is "
     "derived from the budget file in đồng, and money is never converted between currencies"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "place"), YAML_CASES, ids=[c[0] for c in YAML_CASES])
def test_hostile_plan(tmp_path, name, place):
    path = HOSTILE / name
    assert_refused(thidua(tmp_path, "assess", path, SAMPLE_PATH), f"thidua: error: {path}, {place}")


def test_a_plan_over_the_yaml_limit_is_refused_unread(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("# padding\n" * 210_000)  # 2,100,000 bytes
    message = f"thidua: error: {path}: is 2.1 MB, above the 2.0 MB limit"
    assert_refused(thidua(tmp_path, "assess", path, SAMPLE_PATH), message)


def test_batch_timeout_in_words(tmp_path):
    path = HOSTILE / "batch-timeout-ten.yml"
    message = f"thidua: error: {path}, review 'a', field 'timeout': must be a whole number of seconds from 1 to 86400 (a day), got 'ten'"
    assert_refused(thidua(tmp_path, "batch", path, "--out", tmp_path / "work" / "out"), message)


@pytest.fixture(params=["libyaml", "python"])
def yaml_parser(request, monkeypatch):
    """The reader's checks on libyaml's parser (the usual case) and on PyYAML's pure-Python one."""
    from thidua.inputs import yamlfile

    if request.param == "python":

        class Loader(yamlfile._Checks, yamlfile._PythonParser):
            _parser = yamlfile._PythonParser

        monkeypatch.setattr(yamlfile, "_BoundedLoader", Loader)
    else:
        assert yamlfile._Parser is not yamlfile._PythonParser, "PyYAML here has no libyaml"
    return request.param


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a: 1\nb: {c: 2, c: 3}\n", "line 2: key 'c' is written twice (first on line 2)"),
        ("a: &x 1\n", "line 1: anchors and aliases"),
        ("a: 1\nb: [1, 2]\nc: {<<: {d: 1}, e: 2}\nf: *x\n", "line 4: anchors and aliases"),
        ("a: [\n", "not valid YAML"),
        ("when: 2023-13-01\n", "line 1: '2023-13-01' cannot be read (month must be in 1..12)"),
    ],
)
def test_yaml_reader_refusals(tmp_path, text, problem, yaml_parser):
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_yaml(path)
    assert str(info.value).startswith(f"{path}, ")
    assert problem in str(info.value)


def test_yaml_depth_limit_is_exact(tmp_path, yaml_parser):
    """MAX_DEPTH nested nodes are read (the root mapping counts as one), one more is refused."""
    path = tmp_path / "f.yaml"
    path.write_text("a: " + "[" * (MAX_DEPTH - 2) + "1" + "]" * (MAX_DEPTH - 2))
    value = read_yaml(path)["a"]
    for _ in range(MAX_DEPTH - 3):
        value = value[0]
    assert value == [1]
    path.write_text("a: " + "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1))
    with pytest.raises(InputError, match="nested more than"):
        read_yaml(path)


def test_every_bundled_yaml_file_is_within_bounds():
    files = sorted((ROOT / "data").rglob("*.y*ml"))
    assert len(files) >= 9
    for path in files:
        assert read_yaml(path) is not None


# ---- CSV -------------------------------------------------------------------------------------------

CSV_CASES = [
    ("data-inf.csv", "line 2, field 'value': 'inf' is not a finite number"),
    ("data-infinity.csv", "line 2, field 'value': 'Infinity' is not a finite number"),
    ("data-minus-inf.csv", "line 2, field 'value': '-inf' is not a finite number"),
    ("data-1e400.csv", "line 2, field 'value': '1e400' is not a finite number"),
    ("data-nan.csv", "line 2, field 'value': 'nan' is not a number"),
    ("data-inf-denominator.csv", "line 2, field 'denominator': 'Infinity' is not a finite number"),
    ("data-true-in-tonnage.csv", "line 2, field 'value': 'TRUE' is a yes/no answer where a number is due"),
    ("data-header-only.csv", "line 2: has a header row but no figures"),
]


@pytest.mark.parametrize(("name", "place"), CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_hostile_csv(tmp_path, name, place):
    path = HOSTILE / name
    assert_refused(thidua(tmp_path, "assess", PLAN_PATH, path), f"thidua: error: {path}, {place}")


def test_header_only_csv_in_validate(tmp_path):
    path = HOSTILE / "data-header-only.csv"
    run = thidua(tmp_path, "validate", path, "--plan", PLAN_PATH)
    assert_refused(run, f"thidua: error: {path}, line 2: has a header row but no figures")


def test_non_finite_budget(tmp_path):
    path = HOSTILE / "budget-1e400.csv"
    run = thidua(tmp_path, "assess", PLAN_PATH, SAMPLE_PATH, "--budget", path)
    assert_refused(run, f"thidua: error: {path}, line 2, field 'actual': '1e400' is not a finite number")


def test_yes_no_words_are_still_read_for_a_yes_no_indicator():
    values = read_csv(HOSTILE / "data-true-in-yes-no.csv", yes_no=["ntm_nang_cao"]).values
    assert values["value"].tolist() == [1.0]


def test_unknown_unit_names_the_closest_known_id(tmp_path):
    path = HOSTILE / "data-unknown-unit.csv"  # 'pho_thuạn' with a dot below the a
    message = (
        f"error: {path}, line 3, field 'unit': unit 'pho_thuạn' is not plan 71/KH-UBND's unit;"
        " the closest known id is 'pho_thuan'"
    )
    assert_refused(thidua(tmp_path, "assess", PLAN_PATH, path), message)
    with_units = thidua(tmp_path, "assess", PLAN_PATH, path, "--units", UNITS_PATH)
    message = message.replace("71/KH-UBND's unit;", "71/KH-UBND's unit or in the units file;")
    assert_refused(with_units, message)


# ---- sizes, devices, FIFOs, folders, read errors ------------------------------------------------------


def test_sparse_2_gb_csv_is_refused_by_its_size(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("wb") as handle:
        handle.truncate(2 * 1024**3)  # 2,147,483,648 bytes, none of them on disk
    message = (
        f"thidua: error: {path}: is 2,147.5 MB, above the 100.0 MB limit; set THIDUA_MAX_INPUT_MB to allow bigger files"
    )
    assert_refused(thidua(tmp_path, "assess", PLAN_PATH, path), message)


def test_the_limit_is_configurable(tmp_path):
    size = SAMPLE_PATH.stat().st_size
    assert size > 2_000  # the sample is above 2 KB, the limit set below
    run = thidua(tmp_path, "assess", PLAN_PATH, SAMPLE_PATH, env={"THIDUA_MAX_INPUT_MB": "0.002"})
    assert run.code == 2
    assert f"{SAMPLE_PATH}: is {size / 1000:,.1f} KB, above the 2.0 KB limit; set THIDUA_MAX_INPUT_MB" in run.stderr
    bad = thidua(tmp_path, "assess", PLAN_PATH, SAMPLE_PATH, env={"THIDUA_MAX_INPUT_MB": "ten"})
    message = (
        "thidua: error: environment, field 'THIDUA_MAX_INPUT_MB': must be a number of megabytes above 0, got 'ten'"
    )
    assert_refused(bad, message)


def test_dev_zero_is_refused_before_reading(tmp_path):
    message = "thidua: error: /dev/zero: is a device, not a regular file"
    assert_refused(thidua(tmp_path, "assess", PLAN_PATH, "/dev/zero"), message)


@pytest.mark.parametrize("role", ["plan", "data"])
def test_fifo_never_blocks(tmp_path, role):
    fifo = tmp_path / ("plan.yaml" if role == "plan" else "data.csv")
    os.mkfifo(fifo)
    args = (fifo, SAMPLE_PATH) if role == "plan" else (PLAN_PATH, fifo)
    run = thidua(tmp_path, "assess", *args)
    assert_refused(run, f"thidua: error: {fifo}: is a named pipe (FIFO), not a regular file")
    assert run.seconds < 60  # without the check, open() waits for a writer until the alarm


def test_folder_is_refused(tmp_path):
    folder = tmp_path / "data.csv"
    folder.mkdir()
    with pytest.raises(InputError, match=re.escape(f"{folder}: is a folder, not a regular file")):
        read_csv(folder)
    with pytest.raises(InputError, match=re.escape(f"{folder}: is a folder, not a regular file")):
        read_yaml(folder)
    run = thidua(tmp_path, "assess", PLAN_PATH, folder)  # the command line's own check
    assert run.code == 2 and "Traceback" not in run.stderr and f"'{folder}' is a directory" in run.stderr


@pytest.mark.parametrize(("code", "text"), [("EIO", "Input/output error"), ("EACCES", "Permission denied")])
def test_read_errors_are_read_errors(tmp_path, code, text):
    """A failing read is exit 2 naming the file, in assess and in review (never 'could not write', exit 4)."""
    data = tmp_path / "data.csv"
    data.write_bytes(SAMPLE_PATH.read_bytes())
    inject = _FAIL_OPEN.format(path=str(data), code=code)
    message = f"thidua: error: {data}: could not be read ({text})"
    assert_refused(thidua(tmp_path, "assess", PLAN_PATH, data, inject=inject), message)
    out = tmp_path / "work" / "review"
    run = thidua(tmp_path, "review", "--plan", PLAN_PATH, "--data", data, "--out", out, inject=inject)
    assert run.code == 2 and message in run.stderr and "could not write" not in run.stderr
    assert "Traceback" not in run.stderr and run.peak_mb < PEAK_RSS_MB


# ---- Excel workbooks, made from the template ----------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return write_template(load_plan(PLAN_PATH), tmp_path_factory.mktemp("template") / "template.xlsx")


def _book(template: Path, path: Path, cells: dict[str, object], replace: tuple[str, str] | None = None) -> Path:
    """The template with ``cells`` typed into the indicators sheet ('grain' is the grain row's Thực hiện).

    ``replace`` rewrites text in the saved sheet XML, for what openpyxl would not write.
    """
    wb = load_workbook(template)
    ws = wb[INDICATORS]
    grain = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "san_luong_luong_thuc")
    for ref, value in cells.items():
        ws[ref.replace("grain", f"E{grain}")] = value
    wb.save(path)
    if replace is not None:
        with zipfile.ZipFile(path) as archive:
            members = {info: archive.read(info) for info in archive.infolist()}
        sheets = [i for i, data in members.items() if replace[0].encode() in data]
        assert len(sheets) == 1, "the text to replace must be in exactly one part"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for info, data in members.items():
                archive.writestr(info, data.replace(*(t.encode() for t in replace)) if info in sheets else data)
        path.write_bytes(buffer.getvalue())
    return path


def _grain_row(book: Path) -> int:
    ws = load_workbook(book, read_only=True)[INDICATORS]
    return next(i for i, row in enumerate(ws.iter_rows(values_only=True), 1) if row[0] == "san_luong_luong_thuc")


BEYOND = "reaches past what a template sheet can need (30 columns, A to AD, and"


def test_one_cell_at_xfd1048576_is_refused_before_reading_cells(tmp_path, template):
    book = _book(template, tmp_path / "book.xlsx", {"XFD1048576": 1})
    assert book.stat().st_size < 20_000
    run = thidua(tmp_path, "assess", PLAN_PATH, book)
    assert_refused(run, f"thidua: error: {book}, sheet '{INDICATORS}', cell XFD1048576: {BEYOND}", exact=False)
    assert run.seconds < 30


def test_a_dimension_that_lies_about_a_wide_row(tmp_path, template):
    book = _book(template, tmp_path / "book.xlsx", {"XFD5": 1}, ('<dimension ref="A1:XFD', '<dimension ref="A1:J'))
    run = thidua(tmp_path, "assess", PLAN_PATH, book)
    assert_refused(run, f"thidua: error: {book}, sheet '{INDICATORS}', cell XFD5: {BEYOND}", exact=False)


def test_a_dimension_that_lies_about_a_tall_sheet(tmp_path, template):
    book = _book(template, tmp_path / "book.xlsx", {"A1048576": 1}, ('ref="A1:J1048576"', 'ref="A1:J40"'))
    run = thidua(tmp_path, "assess", PLAN_PATH, book)
    assert_refused(run, f"thidua: error: {book}, sheet '{INDICATORS}', row ", exact=False)
    assert re.match(
        rf"thidua: error: {re.escape(str(book))}, sheet '{INDICATORS}', row \d+: {re.escape(BEYOND)}", run.stderr
    )
    assert run.seconds < 30


def test_infinite_cell(tmp_path, template):
    book = _book(template, tmp_path / "book.xlsx", {"grain": 123456789.5}, ("<v>123456789.5</v>", "<v>1E400</v>"))
    row = _grain_row(template)
    message = f"thidua: error: {book}, sheet '{INDICATORS}', row {row}, field 'Thực hiện': inf is not a finite number"
    assert_refused(thidua(tmp_path, "assess", PLAN_PATH, book), message)


def test_a_number_cell_holding_text(tmp_path, template):
    book = _book(template, tmp_path / "book.xlsx", {"grain": 123456789}, ("<v>123456789</v>", "<v>inf</v>"))
    row = _grain_row(template)
    run = thidua(tmp_path, "assess", PLAN_PATH, book)
    message = f"thidua: error: {book}, sheet '{INDICATORS}', row {row}: has a cell that cannot be read"
    assert_refused(run, message, exact=False)


def test_true_in_a_tonnage_cell(tmp_path, template):
    book = _book(template, tmp_path / "book.xlsx", {"grain": True})
    row = _grain_row(template)
    message = (
        f"thidua: error: {book}, sheet '{INDICATORS}', row {row}, field 'Thực hiện':"
        " True is a yes/no (TRUE/FALSE) cell where a number is due"
    )
    assert_refused(thidua(tmp_path, "assess", PLAN_PATH, book), message)


def test_workbook_of_an_unknown_unit(tmp_path, template):
    wb = load_workbook(template)
    wb[INFO]["B3"] = "pho_thuạn"
    wb[INDICATORS][f"E{_grain_row(template)}"] = 7204
    book = tmp_path / "book.xlsx"
    wb.save(book)
    run = thidua(tmp_path, "assess", PLAN_PATH, book)
    message = (
        f"error: {book}, sheet '{INDICATORS}', row 2, field 'unit': unit 'pho_thuạn' is not plan 71/KH-UBND's unit"
    )
    assert_refused(run, f"{message}; the closest known id is 'pho_thuan'")


def test_workbook_unpacking_past_the_limit(tmp_path, template):
    with zipfile.ZipFile(template) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    packed = template.stat().st_size
    limit_kb = (packed + unpacked) / 2 / 1000  # the file is under it, its content over it
    run = thidua(tmp_path, "assess", PLAN_PATH, template, env={"THIDUA_MAX_INPUT_MB": str(limit_kb / 1000)})
    message = f"thidua: error: {template}: unpacks to {unpacked / 1000:,.1f} KB, above the {limit_kb:,.1f} KB limit"
    assert_refused(run, f"{message}; set THIDUA_MAX_INPUT_MB to allow bigger files")


def test_sparse_2_gb_workbook(tmp_path):
    path = tmp_path / "big.xlsx"
    with path.open("wb") as handle:
        handle.truncate(2 * 1024**3)
    run = thidua(tmp_path, "assess", PLAN_PATH, path)
    assert_refused(run, f"thidua: error: {path}: is 2,147.5 MB, above the 100.0 MB limit", exact=False)
