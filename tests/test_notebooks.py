"""The notebooks: thin, parameterized, stripped, and runnable by papermill with other parameters.

nbval runs each one top to bottom with its defaults (`pytest --nbval-lax notebooks/`, part of `make test`).
"""

from __future__ import annotations

import ast
import json

import papermill
import pytest
from conftest import ROOT

from thidua.inputs.catalog import ROLES, dataset, parameter
from thidua.run.notebooks import NOTEBOOKS

NOTEBOOK_DIR = ROOT / "notebooks"
PARAMETERS = {"dataset", *(parameter(role) for role in ROLES), "period", "lang", "review_file", "review_sha256"}


def _cells(name):
    return json.loads((NOTEBOOK_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]


def test_every_notebook_is_there():
    assert sorted(p.stem for p in NOTEBOOK_DIR.glob("*.ipynb")) == sorted(NOTEBOOKS)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_is_stripped_thin_and_parameterized(name):
    cells = _cells(name)
    code = [c for c in cells if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code), "outputs must be stripped"
    tagged = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1
    at = code.index(tagged[0])
    for i, cell in enumerate(code):
        tree = ast.parse("".join(cell["source"]))
        logic = (ast.FunctionDef, ast.ClassDef, ast.For, ast.While, ast.If, ast.Lambda)
        assert not [n for n in ast.walk(tree) if isinstance(n, logic)], "no logic in notebooks"
        if i not in (at, at + 1):  # the parameters and the call that loads the review: one line per input role
            assert sum(1 for line in "".join(cell["source"]).splitlines() if line.strip()) <= 8


def test_every_notebook_takes_the_same_parameters_and_loads_its_review_one_way():
    """The parameter cell is the same in every notebook, and so is the call that loads the review."""
    first = {}
    for name in NOTEBOOKS:
        code = [c for c in _cells(name) if c["cell_type"] == "code"]
        at = next(i for i, c in enumerate(code) if "parameters" in c["metadata"].get("tags", []))
        load = "".join(code[at + 1]["source"])
        shape = (
            "".join(code[at]["source"]),
            load.replace("stored.interim(", "stored.review(").replace("interim =", "review ="),
        )
        assert shape == first.setdefault("shape", shape), name
        assert load.startswith("from thidua.review import stored\n"), name


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_papermill_describes_every_parameter(name):
    described = papermill.inspect_notebook(str(NOTEBOOK_DIR / f"{name}.ipynb"))
    assert set(described) == PARAMETERS
    for one in described.values():
        assert one["inferred_type_name"] == "str"
        assert one["help"], f"{one['name']} needs a comment saying what it means"


def test_papermill_with_other_parameters(tmp_path, monkeypatch):
    """English, paths instead of the dataset name, and an explicit period.

    The paths are relative to the project root, as typed in a shell there, while the kernel runs in
    notebooks/ as in JupyterLab: ``THIDUA_ROOT`` (set by ``make lab``) is where they start.
    """
    files = {role: path.relative_to(ROOT) for role, path in dataset().files().items()}
    monkeypatch.setenv("THIDUA_ROOT", str(ROOT))  # the kernel inherits it
    out = tmp_path / "annual_en.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK_DIR / "annual_review.ipynb"), str(out), cwd=str(NOTEBOOK_DIR), progress_bar=False,
        parameters={"dataset": "", "plan_path": str(files["plan"]), "data_path": str(files["data"]),
                    "budget_path": str(files["budget"]), "period": "2023", "lang": "en"},
    )  # fmt: skip
    text = out.read_text(encoding="utf-8")
    assert "29 of 33 targets met or exceeded (8 of them exceeded), 3 not met, 1 with no data" in text
    assert "SAMPLE DATA" in text
    assert "Commune budget revenue: VND 7.12 billion, 104.2% of the budget estimate, up 12.3% on 2022" in text


def test_interim_notebook_with_a_nine_month_period_that_is_missing(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError, match="no figures for period '2023-9T'"):
        papermill.execute_notebook(
            str(NOTEBOOK_DIR / "interim_review.ipynb"), str(tmp_path / "m.ipynb"), cwd=str(NOTEBOOK_DIR),
            progress_bar=False, parameters={"period": "2023-9T"},
        )  # fmt: skip


def _makefile_lab() -> dict[str, str]:
    """What `make lab` sets up: its nbstripout clean command and extra keys, its port and root handling."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    keys = next(line.split(":=", 1)[1].strip() for line in text.splitlines() if line.startswith("NBSTRIPOUT_KEYS"))
    return {"text": text, "keys": keys}


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_notebook_saved_unchanged_stays_unchanged(name):
    """Opened in JupyterLab (a kernel fills language_info), saved as nbformat writes it, cleaned by the filter
    `make lab` installs: the bytes git sees are the committed ones, so `git status notebooks/` stays empty."""
    import nbformat
    from nbstripout._utils import strip_output

    lab = _makefile_lab()
    assert "-m nbstripout --keep-id" in lab["text"]  # the filter keeps the committed cell ids
    path = ROOT / "notebooks" / f"{name}.ipynb"
    committed = path.read_text(encoding="utf-8")
    nb = nbformat.reads(committed, as_version=nbformat.NO_CONVERT)
    assert nb.nbformat_minor >= 5 and all(cell.get("id") for cell in nb.cells)  # ids, as JupyterLab 4 writes
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.2", "mimetype": "text/x-python",
                                    "codemirror_mode": {"name": "ipython", "version": 3}}  # fmt: skip
    saved = nbformat.writes(nb) + "\n"  # JupyterLab's save: nbformat's JSON, one space indent, a final newline
    cleaned = strip_output(nbformat.reads(saved, as_version=4), keep_output=False, keep_count=False, keep_id=True,
                           extra_keys=["metadata.signature", "metadata.widgets", *lab["keys"].split()])  # fmt: skip
    assert nbformat.writes(cleaned) + "\n" == committed


def test_make_lab_takes_a_port_and_arguments_and_runs_as_root():
    """`make -n` prints the command `make lab` would run: the port and arguments given, --allow-root as root."""
    import os
    import shutil
    import subprocess

    if shutil.which("make") is None:
        pytest.fail("make is needed: it is how the README's commands run")
    done = subprocess.run(["make", "-n", "lab", "PORT=9999", "LAB_ARGS=--no-browser"], cwd=ROOT, capture_output=True,
                          text=True, check=True)  # fmt: skip
    command = " ".join(done.stdout.replace("\\\n", " ").split())
    assert "jupyter lab" in command and "--port=9999" in command and command.endswith("--no-browser")
    assert ("--allow-root" in command) == (os.geteuid() == 0)
