"""A job builds its review once: the checks build it, and the pages, tables, Word report and notebooks read it.

The saved review (``thidua.review.stored``) is read only when its SHA-256 is the job's; a notebook run
alone builds its own.
"""

from __future__ import annotations

import logging
import pickle

import nbformat
import pytest
from click.testing import CliRunner

from thidua import __version__
from thidua.cli import main
from thidua.errors import InputError
from thidua.review import stored
from thidua.review.review import Review
from thidua.run.notebooks import NOTEBOOKS

BUILT = "building the review of "


def _builds(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage().removeprefix(BUILT) for r in caplog.records if r.getMessage().startswith(BUILT)]


def test_a_review_with_all_four_notebooks_builds_each_period_once(tmp_path, caplog):
    caplog.set_level(logging.DEBUG, logger="thidua")
    out = tmp_path / "review"
    result = CliRunner().invoke(main, ["review", "--out", str(out), "--notebooks", ",".join(NOTEBOOKS)])
    assert result.exit_code == 0, result.output
    # The year (annual figures) and the interim review (year-to-date figures): once each, by the checks.
    assert _builds(caplog) == ["pho-thuan-2022-2023.csv for 2023", "pho-thuan-6t-2022-2023.csv for 2023-6T"]
    for name in NOTEBOOKS:  # every kernel was given the saved review, and reads it instead of building one
        nb = nbformat.read(out / f"{name}.ipynb", as_version=4)
        injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
        assert f'review_file = "{out}/.thidua/' in injected.source and stored.FILE in injected.source, name
        assert 'review_sha256 = "' in injected.source
    assert not list(out.rglob(stored.FILE)), "the saved review is no file of the review"


@pytest.fixture(scope="module")
def review() -> Review:
    review = Review.load()
    assert review.interim is not None and review.ranking is not None  # built, and saved with it
    return review


def test_the_saved_review_is_read_without_building(review, tmp_path, caplog):
    digest = stored.save(review, tmp_path / stored.FILE)
    caplog.set_level(logging.DEBUG, logger="thidua")
    again = stored.review(str(tmp_path / stored.FILE), digest, "pho-thuan-2023-sample")
    interim = stored.interim(str(tmp_path / stored.FILE), digest)
    assert _builds(caplog) == []
    assert again.results.equals(review.results) and again.ranking.table.equals(review.ranking.table)
    assert interim.progress.equals(review.interim.progress)


def test_a_notebook_run_alone_builds_its_review(caplog):
    caplog.set_level(logging.DEBUG, logger="thidua")
    assert stored.review("", "", "pho-thuan-2023-sample").period.label == "2023"
    assert stored.interim("", "", "pho-thuan-2023-sample", period="2023-6T").review.period.label == "2023-6T"
    assert _builds(caplog) == [
        "pho-thuan-2022-2023.csv for 2023",
        "pho-thuan-6t-2022-2023.csv for 2023-6T",  # a year-to-date period's review needs no year-end review
    ]


def test_a_saved_review_changed_by_someone_else_is_not_read(review, tmp_path):
    """Hostile: a pickle swapped into the staging folder would run code when read; its digest stops it first."""
    path = tmp_path / stored.FILE
    digest = stored.save(review, path)

    class Boom:
        def __reduce__(self):
            return (exec, ("raise SystemExit('unpickled')",))

    path.write_bytes(pickle.dumps(Boom()))
    with pytest.raises(InputError, match="is not the review this job saved"):
        stored.load(path, digest)


def test_a_review_saved_by_another_version_is_refused(review, tmp_path):
    path = tmp_path / stored.FILE
    data = pickle.dumps((stored.HEADER, stored.FORMAT, "0.0.1", review))
    path.write_bytes(data)
    import hashlib

    with pytest.raises(InputError, match=r"was saved by thidua 0\.0\.1 \(format 1\); build the review again"):
        stored.load(path, hashlib.sha256(data).hexdigest())
    assert __version__ != "0.0.1"


def test_save_never_replaces_a_file(review, tmp_path):
    path = tmp_path / stored.FILE
    path.write_text("someone's", encoding="utf-8")
    with pytest.raises(FileExistsError):
        stored.save(review, path)
    assert path.read_text(encoding="utf-8") == "someone's"


def test_an_executed_notebook_opened_after_its_job_builds_its_review(tmp_path, caplog):
    caplog.set_level(logging.DEBUG, logger="thidua")
    with pytest.warns(UserWarning, match="is gone"):
        review = stored.review(str(tmp_path / "gone" / stored.FILE), "0" * 64, "pho-thuan-2023-sample")
    assert review.period.label == "2023" and _builds(caplog) == ["pho-thuan-2022-2023.csv for 2023"]
