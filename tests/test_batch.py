"""`thidua batch`: many reviews from a small config, carrying on past a failed one."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import ROOT

from thidua.cli import main
from thidua.errors import InputError
from thidua.run.batch import load_batch


def test_batch_checks_every_input_before_any_review(tmp_path):
    # Bad figures in one review stop the whole batch before any notebook runs (exit 2), naming the
    # review, the file, the line and the field; nothing is written.
    bad = tmp_path / "bad.csv"
    bad.write_text("unit,period,indicator,value\npho_thuan,2023,bhyt,120\n", encoding="utf-8")
    config = tmp_path / "batch.yml"
    config.write_text(
        "notebooks: [annual_review]\nreviews:\n"
        "  - {name: good, dataset: pho-thuan-2023-sample}\n"
        f"  - {{name: broken, dataset: pho-thuan-2023-sample, data: {bad}}}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["batch", str(config), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "review 'broken'" in result.output and "bad.csv, line 2, field 'value'" in result.output
    assert "a rate must lie between 0 and 100" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("reviews: []", "non-empty 'reviews:' list"),
        ("reviews: [{dataset: x}]", "each review needs a name"),
        ("reviews: [{name: a, dataset: pho-thuan-2023-sample, colour: red}]", "unknown field(s): colour"),
        ("reviews: [{name: a, dataset: nope}]", "no dataset 'nope'"),
        ("reviews: [{name: a, dataset: pho-thuan-2023-sample}, {name: a, dataset: pho-thuan-2023-sample}]", "unique"),
        ("reviews: [{name: a, dataset: pho-thuan-2023-sample, notebooks: [x]}]", "unknown notebook 'x'"),
        ("reviews: [{name: a, dataset: pho-thuan-2023-sample, lang: fr}]", "must be vi or en"),
    ],
)
def test_bad_batch_config(tmp_path, text, message):
    config = tmp_path / "b.yml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_batch(config)[0]


def _jobs(tmp_path, names=("pho_thuan-2023", "pho_an-2023", "pho_chau-2023")):
    from thidua.run.batch import load_batch

    config = tmp_path / "batch.yml"
    reviews = "".join(f"  - {{name: {n}, dataset: {n}}}\n" for n in names)
    town = ROOT / "data" / "sample" / "town" / "catalog.yml"
    config.write_text(f"catalog: {town}\nnotebooks: [annual_review]\nreviews:\n{reviews}", encoding="utf-8")
    return load_batch(config, tmp_path / "out")[0]


def test_worker_processes(tmp_path):
    from thidua.run.batch import run_batch

    outcomes = run_batch(_jobs(tmp_path), tmp_path / "out", workers=2)
    assert [o.name for o in outcomes] == ["pho_thuan-2023", "pho_an-2023", "pho_chau-2023"]
    assert all(o.ok for o in outcomes), outcomes
    page = (tmp_path / "out" / "pho_an-2023" / "annual_review.html").read_text(encoding="utf-8")
    assert "xã Phổ An" in page and "SỐ LIỆU MẪU" in page
    # the comparison: every unit's targets as its own table counts them, sample said, linked from the index
    import json

    import pandas as pd

    out = tmp_path / "out"
    league = pd.read_csv(out / "comparison.csv")
    for folder, unit in (("pho_thuan-2023", "xã Phổ Thuận"), ("pho_an-2023", "xã Phổ An")):
        own = pd.read_csv(out / folder / "achievement.csv")
        rows = league[league["unit"] == unit]
        assert len(rows) == len(own)
        assert rows["status"].isin(["met", "exceeded"]).sum() == own["status"].isin(["met", "exceeded"]).sum()
        assert rows.groupby("indicator_id")["rank"].min().between(1, 3).all()
    overall = pd.read_excel(out / "comparison.xlsx", sheet_name="Tổng hợp")
    assert sorted(overall["unit"]) == ["xã Phổ An", "xã Phổ Châu", "xã Phổ Thuận"]
    html = (out / "comparison.html").read_text(encoding="utf-8")
    assert "SỐ LIỆU MẪU" in html and 'href="index.html"' in html
    assert 'href="comparison.html"' in (out / "index.html").read_text(encoding="utf-8")
    assert set(json.loads((out / "manifest.json").read_text())["files"]) == {
        "index.html",
        "comparison.html",
        "comparison.csv",
        "comparison.xlsx",
    }


def test_dask_local_cluster(tmp_path):
    from distributed import LocalCluster

    from thidua.run.batch import run_batch

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        outcomes = run_batch(
            _jobs(tmp_path, ("pho_khanh-2023", "pho_nhon-2023")), tmp_path / "out", scheduler=cluster.scheduler_address
        )
    assert all(o.ok for o in outcomes), outcomes
    assert (tmp_path / "out" / "pho_nhon-2023" / "annual_review.html").exists()
    assert 'href="pho_khanh-2023/index.html"' in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_town_batch_config_lists_the_15_communes_and_the_town():
    from thidua.run.batch import load_batch

    jobs = load_batch(ROOT / "data" / "batch" / "duc-pho-town-sample.yml").jobs
    assert len(jobs) == 16
    town = dict(jobs)["duc-pho"]
    assert "ranking" in town.notebooks and town.inputs.subunits.name == "communes-2022-2023.csv"


def test_town_review_ranks_its_15_communes():
    from thidua.inputs.catalog import resolve
    from thidua.review.review import Review

    inputs = resolve("duc-pho-2023", ROOT / "data" / "sample" / "town" / "catalog.yml")
    review = Review.load("", **{f"{role}_path": path for role, path in inputs.files().items()})
    assert review.unit_name == "thị xã Đức Phổ" and review.is_sample
    ranked = review.ranking.table
    assert len(ranked) == 15 and set(ranked["rank"]) <= set(range(1, 16)) and ranked["rank"].min() == 1
    assert ranked["score"].is_monotonic_decreasing


# How four reviews of a batch ended, and the batch index's text for them, written from docs/style-guide.md §8.
_ENDINGS = [
    ("pho-thuan-2023", "done", ""),
    ("pho-an-2023", "failed", "notebook ranking failed in cell 5: KeyError: 'x'"),
    ("pho-chau-2023", "interrupted", "its last good review is unchanged"),
    ("pho-khanh-2023", "not started", ""),
]
_INDEX_TEXT = {
    "vi": [
        "thidua – Các báo cáo",
        "Các báo cáo",
        "pho-thuan-2023: đã xong",
        "pho-an-2023: lỗi – báo cáo lần trước vẫn giữ nguyên",
        "Chi tiết kỹ thuật",
        "notebook ranking failed in cell 5: KeyError: 'x'",
        "pho-chau-2023: bị dừng – báo cáo lần trước vẫn giữ nguyên",
        "pho-khanh-2023: chưa chạy",
    ],
    "en": [
        "thidua – reviews",
        "Reviews",
        "pho-thuan-2023: done",
        "pho-an-2023: failed – the last good review is unchanged",
        "Technical details",
        "notebook ranking failed in cell 5: KeyError: 'x'",
        "pho-chau-2023: interrupted – the last good review is unchanged",
        "pho-khanh-2023: not started",
    ],
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_batch_index_speaks_the_batchs_language_only(tmp_path, lang):
    import html
    import re

    from thidua.run import outdir
    from thidua.run.batch import Outcome, write_index

    outcomes = [Outcome(name, state, 1.0, message) for name, state, message in _ENDINGS]
    with outdir.claim(tmp_path) as folder:
        page = write_index(outcomes, folder, lang).read_text(encoding="utf-8")
    body = re.sub(r"<style.*?</style>", "", page, flags=re.S)
    lines = [line.strip() for line in html.unescape(re.sub(r"<[^>]+>", "", body)).splitlines() if line.strip()]
    assert lines == _INDEX_TEXT[lang]
    assert f'<html lang="{lang}">' in page


def test_a_batch_config_sets_its_index_language(tmp_path):
    config = tmp_path / "batch.yml"
    entries = "reviews:\n  - {name: a, dataset: pho-thuan-2023-sample}\n  - {name: b, dataset: pho-thuan-2023-sample, lang: vi}\n"
    config.write_text(entries, encoding="utf-8")
    assert load_batch(config).lang == "vi"  # no lang: Vietnamese, as every review
    config.write_text("lang: en\n" + entries, encoding="utf-8")
    batch = load_batch(config)
    assert batch.lang == "en" and [job.lang for _, job in batch.jobs] == ["en", "vi"]
    config.write_text("lang: fr\n" + entries, encoding="utf-8")
    with pytest.raises(InputError, match="must be vi or en"):
        load_batch(config)


def test_thidua_batch_writes_its_index_in_the_configs_language(tmp_path, monkeypatch):
    from thidua.run import batch
    from thidua.run.batch import Outcome

    seen = {}

    def fake_run(jobs, root, workers, scheduler, force, lang="vi", started=None):
        seen["lang"] = lang
        return [Outcome(name, "done", 0.0) for name, _ in jobs]

    monkeypatch.setattr(batch, "run_batch", fake_run)
    config = tmp_path / "batch.yml"
    config.write_text(
        "lang: en\nnotebooks: [annual_review]\nreviews:\n  - {name: a, dataset: pho-thuan-2023-sample}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["batch", str(config), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert seen["lang"] == "en"


def test_a_review_whose_worker_died_is_reported_under_its_own_name(monkeypatch):
    """Each outcome is matched to its review by its future, whatever order the futures finish in."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from thidua.run import batch
    from thidua.run.batch import FAILED, Outcome, Workers

    names = [f"xa-{i}" for i in range(12)]

    def fake_make_one(name, job, force):
        if name == "xa-7":
            raise RuntimeError("the process running it was killed")
        return Outcome(name, "done", 0.0)

    monkeypatch.setattr(batch, "make_one", fake_make_one)
    with ThreadPoolExecutor(3) as pool:
        outcomes = batch._in_processes(
            [(n, None) for n in names], Workers(pool, threading.Event()), False, batch.tqdm(disable=True)
        )
    by_name = {o.name: o for o in outcomes}
    assert sorted(by_name) == sorted(names)
    assert by_name["xa-7"].state == FAILED and "the worker process died" in by_name["xa-7"].message
    assert all(by_name[n].ok for n in names if n != "xa-7")


def test_workers_are_started_before_any_review_is_given_to_them():
    """The batch's workers start (and warm their kernels) while the inputs are still being checked."""
    import time

    from thidua.run.batch import started_workers

    with started_workers(2) as workers:
        deadline = time.monotonic() + 60
        while len(workers.pool._processes) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(workers.pool._processes) == 2
    with started_workers(1) as none:
        assert none is None  # one worker: the reviews run in the calling process


def test_a_worker_reaped_by_the_pools_own_thread_still_counts_as_killed():
    """The pool's thread reaps its workers too; when it wins the race, the first reads of the exit code find
    nothing stored yet (None). The code is read again until it is there: a SIGKILL is a death, never a rerun."""
    import signal

    from thidua.run.batch import _exit_code, _lost_starts

    class Raced:
        def __init__(self, code, misses):
            self.code, self.reads = code, -misses

        def join(self, timeout=None):
            pass

        @property
        def exitcode(self):
            self.reads += 1
            return self.code if self.reads > 0 else None

    assert _exit_code(Raced(-signal.SIGKILL, 3), 5.0) == -signal.SIGKILL
    processes = {1: Raced(-signal.SIGKILL, 2), 2: Raced(128 + signal.SIGTERM, 2)}
    assert _lost_starts({"a": 1, "b": 2}, processes, {"a", "b"}) == {"a": True, "b": False}
    assert _exit_code(Raced(-signal.SIGKILL, 10**9), 0.3) is None  # never stored: given up after its time
