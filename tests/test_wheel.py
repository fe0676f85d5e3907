"""A wheel that works alone: built from the checkout, installed in a fresh venv elsewhere, run from there."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import BUDGET_PATH, PLAN_PATH, ROOT, SAMPLE_PATH


def _run(args: list, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "THIDUA_NOTEBOOK_DIR", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """The bin folder of a fresh venv outside the checkout with the wheel (and Dask) installed."""
    work = tmp_path_factory.mktemp("wheel")
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", work / "dist",
                  ROOT], work)  # fmt: skip
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = (work / "dist").glob("thidua-*.whl")
    made = _run([sys.executable, "-m", "venv", work / "venv"], work)
    assert made.returncode == 0, made.stderr
    bin_dir = work / "venv" / "bin"
    installed = _run([bin_dir / "python", "-m", "pip", "install", "--quiet", f"{wheel}[dask]"], work, timeout=1200)
    assert installed.returncode == 0, installed.stderr[-3000:]
    return bin_dir


def test_the_installed_package_is_not_the_checkout(venv, tmp_path):
    where = _run([venv / "python", "-c", "import thidua, thidua.resources as r; print(thidua.__file__, r.DATA)"],
                 tmp_path)  # fmt: skip
    module, data = where.stdout.split()
    assert str(ROOT) not in module and str(ROOT) not in data, where.stdout
    assert (Path(data) / "plans" / "pho-thuan-2023.yaml").is_file()


def test_review_of_the_bundled_sample_from_the_wheel(venv, tmp_path):
    result = _run([venv / "thidua", "review", "--out", tmp_path / "out", "--notebooks", "annual_review"], tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    out = tmp_path / "out"
    assert {"index.html", "annual_review.html", "achievement.csv", "bao-cao.docx"} <= {p.name for p in out.iterdir()}
    assert "SỐ LIỆU MẪU" in (out / "annual_review.html").read_text(encoding="utf-8")


def test_review_of_files_given_by_path_from_the_wheel(venv, tmp_path):
    for source in (PLAN_PATH, SAMPLE_PATH, BUDGET_PATH):
        shutil.copy(source, tmp_path / source.name)
    args = ["review", "--plan", PLAN_PATH.name, "--data", SAMPLE_PATH.name, "--budget", BUDGET_PATH.name,
            "--notebooks", "annual_review", "--out", "out"]  # fmt: skip
    result = _run([venv / "thidua", *args], tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert {role: Path(i["path"]).parent for role, i in manifest["inputs"].items()} == dict.fromkeys(
        ("plan", "data", "budget"), tmp_path
    ), "only the files given, and none of the bundled ones"


def test_dask_workers_run_from_the_wheel(venv, tmp_path):
    config = tmp_path / "batch.yml"
    config.write_text("notebooks: [annual_review]\nreviews:\n  - {name: a, dataset: pho-thuan-2023-sample}\n")
    script = textwrap.dedent(f"""
        import subprocess, sys
        from distributed import LocalCluster
        with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            done = subprocess.run([{str(venv / "thidua")!r}, "batch", {str(config)!r}, "--out", "out",
                                   "--scheduler", cluster.scheduler_address])
        sys.exit(done.returncode)
    """)
    result = _run([venv / "python", "-c", script], tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "out" / "a" / "annual_review.html").is_file()
