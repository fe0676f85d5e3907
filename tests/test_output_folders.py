"""Output folders belong to thidua: nothing of anyone else's is replaced or deleted, one run at a time."""

from __future__ import annotations

import hashlib
import json
import os

import pytest
from click.testing import CliRunner

from thidua.cli import main
from thidua.errors import InputError
from thidua.run import outdir
from thidua.run.batch import check_name, load_batch


def _make(folder: outdir.OutputFolder, files: dict[str, str]) -> None:
    """Stage ``files`` (name → text) and a manifest listing them, as a review would, and commit."""
    for name, text in files.items():
        (folder.staging / name).write_text(text, encoding="utf-8")
    digests = {name: hashlib.sha256(text.encode()).hexdigest() for name, text in files.items()}
    manifest = {"generator": "thidua", "files": digests}
    (folder.staging / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    folder.commit([*files, "manifest.json"])


def _review(out, force=False, **files):
    with outdir.claim(out, force) as folder:
        folder.check_writable([*files, "manifest.json"])
        _make(folder, files)


def test_a_new_folder_gets_the_review_and_its_manifest(tmp_path):
    _review(tmp_path / "new" / "deep", **{"index.html": "one"})
    assert (tmp_path / "new" / "deep" / "index.html").read_text() == "one"
    assert not list((tmp_path / "new" / "deep" / ".thidua").glob("run-*")), "no staging folder is left"


def test_a_folder_of_someone_elses_files_is_refused_and_left_as_it_was(tmp_path):
    (tmp_path / "thesis.docx").write_text("years of work")
    with pytest.raises(outdir.OutputRefused, match=r"thesis\.docx.*--force"):
        _review(tmp_path, **{"index.html": "x"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.docx"], "not even thidua's folder is created"


def test_force_adds_the_review_beside_other_files_but_never_replaces_them(tmp_path):
    (tmp_path / "thesis.docx").write_text("years of work")
    _review(tmp_path, force=True, **{"index.html": "review"})
    assert (tmp_path / "thesis.docx").read_text() == "years of work"
    assert (tmp_path / "index.html").read_text() == "review"

    other = tmp_path / "other"
    other.mkdir()
    (other / "index.html").write_text("the office's home page")
    with pytest.raises(outdir.OutputRefused, match=r"index\.html is not a file thidua wrote"):
        _review(other, force=True, **{"index.html": "review"})
    assert (other / "index.html").read_text() == "the office's home page"


def test_a_second_review_replaces_only_thidua_files_and_drops_its_own_stale_ones(tmp_path):
    _review(tmp_path, **{"index.html": "one", "ranking.html": "old ranking"})
    (tmp_path / "notes.txt").write_text("the officer's notes")
    _review(tmp_path, **{"index.html": "two"})
    assert (tmp_path / "index.html").read_text() == "two"
    assert not (tmp_path / "ranking.html").exists(), "thidua's own file of the last run, not made now, is gone"
    assert (tmp_path / "notes.txt").read_text() == "the officer's notes"


def test_a_file_changed_after_thidua_wrote_it_is_not_replaced(tmp_path):
    _review(tmp_path, **{"achievement.csv": "a,b\n"})
    (tmp_path / "achievement.csv").write_text("a,b\n1,2 edited by hand\n")
    with pytest.raises(outdir.OutputRefused, match=r"achievement\.csv was changed after thidua wrote it"):
        _review(tmp_path, force=True, **{"achievement.csv": "new"})
    assert (tmp_path / "achievement.csv").read_text() == "a,b\n1,2 edited by hand\n"


def test_a_review_of_thidua_0_1_is_recognised_by_its_manifest(tmp_path):
    old = {"inputs": {}, "parameters": {}, "notebooks": ["annual_review"], "versions": {}}
    (tmp_path / "manifest.json").write_text(json.dumps(old))
    (tmp_path / "annual_review.html").write_text("old")
    _review(tmp_path, **{"annual_review.html": "new"})
    assert (tmp_path / "annual_review.html").read_text() == "new"


def test_a_second_run_into_the_same_folder_is_refused_while_the_first_writes(tmp_path):
    busy = f"another thidua run \\(process {os.getpid()}\\)"
    with outdir.claim(tmp_path), pytest.raises(outdir.OutputRefused, match=busy), outdir.claim(tmp_path):
        pass
    _review(tmp_path, **{"index.html": "after"})  # the lock is released with the first run


def test_leftovers_of_a_killed_run_are_cleaned_by_the_next(tmp_path):
    _review(tmp_path, **{"index.html": "one", "a.html": "A1"})
    # A run killed (SIGKILL) in the middle of its commit: its staging folder stays, a.html is new,
    # the manifest still the old one, and the journal of the commit lists the new files.
    leftover = tmp_path / ".thidua" / "run-999999999"
    leftover.mkdir(parents=True)
    (leftover / "index.html").write_text("half made")
    (tmp_path / "a.html").write_text("A2")
    journal = {"a.html": hashlib.sha256(b"A2").hexdigest(), "index.html": hashlib.sha256(b"two").hexdigest()}
    (tmp_path / ".thidua" / "commit.json").write_text(json.dumps(journal))
    _review(tmp_path, **{"index.html": "three", "a.html": "A3"})
    assert (tmp_path / "a.html").read_text() == "A3", "a file of the killed commit is thidua's own"
    assert not leftover.exists()
    assert not (tmp_path / ".thidua" / "commit.json").exists()


def test_review_into_a_folder_holding_a_thesis_exits_2_and_touches_nothing(tmp_path):
    (tmp_path / "thesis.docx").write_bytes(b"years of work")
    result = CliRunner().invoke(main, ["review", "--out", str(tmp_path), "--notebooks", "annual_review"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "thesis.docx" in result.output and "--force" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.docx"]


def test_review_into_the_filesystem_root_is_one_line_and_exit_2():
    result = CliRunner().invoke(main, ["review", "--out", "/", "--notebooks", "annual_review"])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("thidua: error: /, field 'out': holds files thidua did not write")
    assert not os.path.exists("/.thidua")


def test_review_while_another_run_writes_the_folder_exits_2(tmp_path):
    with outdir.claim(tmp_path / "out"):
        result = CliRunner().invoke(main, ["review", "--out", str(tmp_path / "out"), "--notebooks", "annual_review"])
    assert result.exit_code == 2 and "another thidua run" in result.output


@pytest.mark.parametrize(
    "name",
    [".", "..", "a/b", "a\\b", "../x", "index.html", "INDEX.HTML", "manifest.json", "a.failed", ".hidden", "a..b",
     "javascript:alert(1)", "a\x07b", "a\nb", "", "con", "nul.txt", "x" * 101, "_private", "-rf"],
)  # fmt: skip
def test_a_review_name_that_is_not_a_plain_name_is_refused(tmp_path, name):
    with pytest.raises(ValueError, match="must be a plain name"):
        check_name(name)
    config = tmp_path / "batch.yml"
    config.write_text(json.dumps({"reviews": [{"name": name, "dataset": "pho-thuan-2023-sample"}]}))
    with pytest.raises(InputError) as caught:
        load_batch(config)
    assert caught.value.field == "name" and repr(name)[1:-1] in caught.value.where


def test_plain_names_in_any_script_are_accepted_and_linked_by_their_slug(tmp_path):
    assert check_name("pho_thuan-2023") == "pho_thuan-2023"
    assert check_name("Phổ-Thuận.2023") == "Phổ-Thuận.2023"
    decomposed = "Pho\u0302\u0309"  # "Phổ" typed with combining marks: the same folder as the composed one
    assert check_name(decomposed) == "Phổ"


def test_two_names_that_differ_only_in_case_are_one_folder(tmp_path):
    config = tmp_path / "batch.yml"
    reviews = [{"name": n, "dataset": "pho-thuan-2023-sample"} for n in ("Pho-Thuan", "pho-thuan")]
    config.write_text(json.dumps({"reviews": reviews}))
    with pytest.raises(InputError, match="unique"):
        load_batch(config)


def test_batch_into_a_folder_of_someone_elses_files_exits_2(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"years of work")
    config = tmp_path / "batch.yml"
    config.write_text(json.dumps({"reviews": [{"name": "a", "dataset": "pho-thuan-2023-sample"}]}))
    result = CliRunner().invoke(main, ["batch", str(config), "--out", str(out)])
    assert result.exit_code == 2 and "thesis.docx" in result.output
    assert [p.name for p in out.iterdir()] == ["thesis.docx"]


def test_a_review_of_thidua_0_1_naming_no_notebook_of_thidua_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.html").write_text("years of work")
    old = {"inputs": {}, "parameters": {}, "notebooks": ["thesis"], "versions": {}}
    (out / "manifest.json").write_text(json.dumps(old))
    with pytest.raises(outdir.OutputRefused) as caught:
        _review(out, **{"index.html": "new"})
    assert str(caught.value) == (
        f"{out}/manifest.json, field 'notebooks': 'thesis' is not one of thidua's notebooks (annual_review, "
        "economic_structure, interim_review, ranking, commendation): not as thidua writes it, so the folder is not thidua's "
        "(nothing was changed); move it away"
    )
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "thesis.html"]
    assert (out / "thesis.html").read_text() == "years of work"


def test_a_stale_name_that_is_a_folder_is_not_deleted(tmp_path):
    (tmp_path / "a.html").mkdir()
    (tmp_path / "a.html" / "work.txt").write_text("someone's work")
    manifest = {"generator": "thidua", "kind": "review", "files": {"a.html": hashlib.sha256(b"x").hexdigest()}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    _review(tmp_path, **{"index.html": "new"})
    assert (tmp_path / "a.html" / "work.txt").read_text() == "someone's work"
    assert json.loads((tmp_path / "manifest.json").read_text())["files"] == {
        "index.html": hashlib.sha256(b"new").hexdigest()
    }
