"""Failures and hostile input: the last good review survives, the message is clear, nothing executes."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time

import pytest
import yaml
from click.testing import CliRunner
from conftest import PLAN_PATH, SAMPLE_PATH, notebooks_with, processes_with_env

from thidua.cli import main
from thidua.run import make


@pytest.fixture()
def good_review(tmp_path):
    out = tmp_path / "review"
    result = CliRunner().invoke(main, ["review", "--out", str(out), "--notebooks", "annual_review"])
    assert result.exit_code == 0, result.output
    return out, (out / "annual_review.html").read_bytes()


def _assert_intact(out, before, tmp_path):
    assert (out / "annual_review.html").read_bytes() == before
    assert (tmp_path / "review" / ".thidua" / "failed" / "annual_review.ipynb").exists(), "the error notebook is kept"
    assert not list(tmp_path.glob("review/.thidua/run-*"))


def test_a_kernel_that_dies(tmp_path, good_review, monkeypatch):
    out, before = good_review
    monkeypatch.setattr(make, "NOTEBOOK_DIR", notebooks_with(tmp_path, "import os\nos._exit(1)"))
    result = CliRunner().invoke(main, ["review", "--out", str(out), "--notebooks", "annual_review"])
    assert result.exit_code == 3
    assert "notebook annual_review failed" in result.output and "Dead" in result.output
    _assert_intact(out, before, tmp_path)


def test_a_cell_that_times_out(tmp_path, good_review, monkeypatch):
    out, before = good_review
    monkeypatch.setattr(make, "NOTEBOOK_DIR", notebooks_with(tmp_path, "import time\ntime.sleep(120)"))
    start = time.monotonic()
    result = CliRunner().invoke(main, ["review", "--out", str(out), "--notebooks", "annual_review", "--timeout", "3"])
    assert time.monotonic() - start < 60
    assert result.exit_code == 3 and "failed" in result.output and "Timeout" in result.output
    _assert_intact(out, before, tmp_path)


def test_a_full_disk(tmp_path, good_review, monkeypatch):
    out, before = good_review

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(make, "_write_manifest", full)
    result = CliRunner().invoke(main, ["review", "--out", str(out), "--notebooks", "annual_review"])
    assert result.exit_code == 4
    assert "could not write the review (No space left on device)" in result.output
    _assert_intact(out, before, tmp_path)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_run(tmp_path, good_review, sig):
    out, before = good_review
    env = {**os.environ, "THIDUA_NOTEBOOK_DIR": str(notebooks_with(tmp_path, "import time\ntime.sleep(120)"))}
    proc = subprocess.Popen(
        [sys.executable, "-m", "thidua", "review", "--out", str(out), "--notebooks", "annual_review"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob("review/.thidua/run-*/annual_review.ipynb")) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(2)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err[-2000:]
    # The notebook runs in a thread, so nbclient installs no signal handler of its own: thidua's stop
    # kills the kernel, and its one line is the last word, with no traceback.
    assert "Traceback" not in err, err[-2000:]
    assert err.strip().splitlines()[-1].startswith("thidua: interrupted"), err[-2000:]
    _assert_intact(out, before, tmp_path)
    time.sleep(1)
    assert not processes_with_env(str(tmp_path)), "no kernel or zygote of the interrupted run is left"


def test_same_inputs_give_identical_tables_and_html(tmp_path):
    outs = []
    for run in ("one", "two"):
        out = tmp_path / run
        result = CliRunner().invoke(
            main, ["review", "--out", str(out), "--notebooks", "annual_review,economic_structure"]
        )
        assert result.exit_code == 0, result.output
        outs.append(out)
    for name in ("achievement.csv", "annual_review.html", "economic_structure.html", "index.html"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_the_manifest_is_enough_to_run_again(tmp_path):
    import json

    first = tmp_path / "first"
    CliRunner().invoke(main, ["review", "--out", str(first), "--notebooks", "annual_review"])
    manifest = json.loads((first / "manifest.json").read_text(encoding="utf-8"))
    args = ["review", "--dataset", "", "--out", str(tmp_path / "again"), "--notebooks", ",".join(manifest["notebooks"])]
    for role, entry in manifest["inputs"].items():
        args += [f"--{role}", entry["path"]]
    args += ["--lang", manifest["parameters"]["lang"]]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    again = json.loads((tmp_path / "again" / "manifest.json").read_text(encoding="utf-8"))
    assert again["inputs"] == manifest["inputs"]
    assert (tmp_path / "again" / "achievement.csv").read_bytes() == (first / "achievement.csv").read_bytes()


HOSTILE = [
    "<script>document.title='PWNED'</script>",
    "<img src=x onerror=\"document.title='PWNED'\">",
    "<a href=\"javascript:document.title='PWNED'\">bấm</a>",
]


def hostile_inputs(tmp_path):
    """A plan and data whose names, units and notes carry script, onerror= and javascript: payloads."""
    raw = yaml.safe_load(PLAN_PATH.read_text(encoding="utf-8"))
    raw["plan"]["issuer"] = f"UBND {HOSTILE[2]}"
    raw["plan"]["unit_name"] = HOSTILE[1]
    targets = {t["id"]: t for t in raw["targets"]}
    targets["thu_ngan_sach"]["name_vi"] += " " + HOSTILE[0]
    targets["san_luong_luong_thuc"]["name_vi"] += " " + HOSTILE[1]
    targets["bhyt"]["unit"] = HOSTILE[2]
    (tmp_path / "plan.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    data = SAMPLE_PATH.read_text(encoding="utf-8")
    data_path = tmp_path / f"x{HOSTILE[0][:8]}.csv".replace("<", "_").replace(">", "_")
    data_path.write_text(data, encoding="utf-8")
    return tmp_path / "plan.yaml", data_path


def test_hostile_strings_are_escaped_in_the_html(tmp_path):
    plan, data = hostile_inputs(tmp_path)
    out = tmp_path / "review"
    result = CliRunner().invoke(
        main, ["review", "--plan", str(plan), "--data", str(data), "--out", str(out), "--notebooks", "annual_review"]
    )
    assert result.exit_code == 0, result.output
    for page in ("annual_review.html", "index.html"):
        text = (out / page).read_text(encoding="utf-8")
        elements = _elements(text)
        assert not [e for e in elements if e[0] == "script"], "no script element at all"
        assert not [(t, a) for t, attrs in elements for a, _ in attrs if a.startswith("on")], "no event handler"
        links = [v for _, attrs in elements for a, v in attrs if a in ("href", "src") and v]
        assert not [v for v in links if v.strip().lower().startswith("javascript:")]
        assert "&lt;script&gt;" in text or page == "index.html"
        assert "Sản lượng lương thực &lt;img" in text or page == "index.html"


def _elements(text: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every element the browser would build: (tag, attributes)."""
    from html.parser import HTMLParser

    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collect().feed(text)
    return found
