"""A hostile output folder: a crafted manifest, journal or symlink never makes thidua touch a file outside it."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from thidua.cli import main
from thidua.run import outdir

NOT_THIDUA = "not as thidua writes it, so the folder is not thidua's (nothing was changed); move it away"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _tree(root: Path) -> dict[str, str | None]:
    """Every entry under ``root`` (links not followed): path → file content, link target or None for a folder."""
    found: dict[str, str | None] = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            found[key] = "-> " + os.readlink(path)
        elif path.is_file():
            found[key] = path.read_text()
        else:
            found[key] = None
    return found


@pytest.fixture
def site(tmp_path):
    """A user's folder with a thesis and a victim file beside the output folder ``out``."""
    (tmp_path / "thesis.html").write_text("thesis page")
    (tmp_path / "thesis.ipynb").write_text("thesis notebook")
    (tmp_path / "victim.txt").write_text("victim")
    (tmp_path / "out").mkdir()
    return tmp_path


def _refused(out: Path, message: str, **claim) -> None:
    """Claiming ``out`` is refused with exactly ``message``, and nothing in or beside it changes."""
    before = _tree(out.parent)
    with pytest.raises(outdir.OutputRefused) as caught, outdir.claim(out, **claim):
        pass
    assert str(caught.value) == message
    assert _tree(out.parent) == before


def test_an_old_manifest_naming_a_file_outside_the_folder_is_refused(site):
    old = {"inputs": {}, "parameters": {}, "notebooks": ["../thesis"], "versions": {}}
    (site / "out" / "manifest.json").write_text(json.dumps(old))
    _refused(
        site / "out",
        f"{site}/out/manifest.json, field 'notebooks': '../thesis' is not a plain name: {NOT_THIDUA}",
    )
    assert (site / "thesis.html").read_text() == "thesis page"


@pytest.mark.parametrize("name", ["../victim.txt", "/etc/passwd", "a/b", "a\\b", "a\x00b", "..", ".", "", ".thidua"])
def test_a_manifest_listing_anything_but_a_plain_name_is_refused(site, name):
    manifest = {"generator": "thidua", "files": {name: _sha("victim")}}
    (site / "out" / "manifest.json").write_text(json.dumps(manifest))
    _refused(
        site / "out",
        f"{site}/out/manifest.json, field 'files': {name!r} is not a plain file name in this folder: {NOT_THIDUA}",
        force=True,
    )
    assert (site / "victim.txt").read_text() == "victim"


def test_a_journal_naming_a_file_outside_the_folder_is_refused(site):
    (site / "out" / ".thidua").mkdir()
    (site / "out" / ".thidua" / "commit.json").write_text(json.dumps({"../victim.txt": _sha("victim")}))
    _refused(
        site / "out",
        f"{site}/out/.thidua/commit.json: '../victim.txt' is not a plain file name in this folder: {NOT_THIDUA}",
    )


@pytest.mark.parametrize(
    ("files", "field", "why"),
    [
        ([], "files", "is not a map of at most 10,000 file names to SHA-256s"),
        ({f"f{i}": "0" * 64 for i in range(10_001)}, "files", "is not a map of at most 10,000 file names to SHA-256s"),
        ({"a.html": "not hex"}, "files", "the SHA-256 of 'a.html' is not 64 hexadecimal digits"),
        ({"a.html": 7}, "files", "the SHA-256 of 'a.html' is not 64 hexadecimal digits"),
    ],
)
def test_a_manifest_of_the_wrong_shape_is_refused(site, files, field, why):
    (site / "out" / "manifest.json").write_text(json.dumps({"generator": "thidua", "files": files}))
    _refused(site / "out", f"{site}/out/manifest.json, field '{field}': {why}: {NOT_THIDUA}")


def test_a_huge_manifest_is_refused_without_reading_it(site):
    with (site / "out" / "manifest.json").open("wb") as handle:
        handle.truncate(1_500_000_000)  # sparse: 1.5 GB by its size, nothing on disk
    _refused(site / "out", f"{site}/out/manifest.json: is larger than 1,048,576 bytes: {NOT_THIDUA}")


def test_a_manifest_nested_200000_deep_is_refused_without_a_traceback(site):
    (site / "out" / "manifest.json").write_text("[" * 600_000 + "]" * 600_000)
    _refused(site / "out", f"{site}/out/manifest.json: is larger than 1,048,576 bytes: {NOT_THIDUA}")
    (site / "out" / "manifest.json").write_text("[" * 200_000 + "]" * 200_000)
    _refused(
        site / "out", f"{site}/out/manifest.json: is not JSON thidua can read (or is nested too deep): {NOT_THIDUA}"
    )


def test_a_manifest_that_is_a_symlink_is_not_followed(site):
    (site / "elsewhere.json").write_text(json.dumps({"generator": "thidua", "files": {}}))
    (site / "out" / "manifest.json").symlink_to(site / "elsewhere.json")
    _refused(site / "out", f"{site}/out/manifest.json: is a symlink: {NOT_THIDUA}")


def test_a_stale_file_that_is_a_symlink_is_not_deleted_nor_followed(site):
    out = site / "out"
    (out / "ranking.html").symlink_to(site / "victim.txt")
    manifest = {"generator": "thidua", "files": {"ranking.html": _sha("victim")}}
    (out / "manifest.json").write_text(json.dumps(manifest))
    with outdir.claim(out, names=["index.html", "manifest.json"]) as folder:
        (folder.staging / "index.html").write_text("new")
        (folder.staging / "manifest.json").write_text(json.dumps({"generator": "thidua", "files": {}}))
        folder.commit(["index.html", "manifest.json"])
    assert (site / "victim.txt").read_text() == "victim"
    assert (out / "ranking.html").is_symlink()


def test_a_thidua_folder_that_is_a_symlink_is_refused(site):
    other = site / "other"
    for sub in ("failed", "run-1"):
        (other / sub).mkdir(parents=True)
        (other / sub / "work.txt").write_text("someone's work")
    (site / "out" / ".thidua").symlink_to(other)
    _refused(
        site / "out",
        f"{site}/out/.thidua, field 'out': is a symlink; thidua keeps its lock and runs there and follows no link "
        "in it: move it away",
    )
    assert (other / "failed" / "work.txt").exists() and (other / "run-1" / "work.txt").exists()


def test_a_lock_that_is_a_symlink_is_not_truncated(site):
    (site / "out" / ".thidua").mkdir()
    (site / "out" / ".thidua" / "lock").symlink_to(site / "victim.txt")
    _refused(
        site / "out",
        f"{site}/out/.thidua/lock, field 'out': cannot be the lock (Too many levels of symbolic links); move it away",
    )
    assert (site / "victim.txt").read_text() == "victim"


def test_a_journal_that_is_a_symlink_is_refused_and_one_made_during_a_run_is_replaced_not_followed(site):
    state = site / "out" / ".thidua"
    state.mkdir()
    (state / "commit.json").symlink_to(site / "victim.txt")
    _refused(site / "out", f"{site}/out/.thidua/commit.json: is a symlink: {NOT_THIDUA}")
    (state / "commit.json").unlink()
    with outdir.claim(site / "out") as folder:
        (state / "commit.json").symlink_to(site / "victim.txt")
        (folder.staging / "index.html").write_text("new")
        folder.commit(["index.html"])
    assert (site / "victim.txt").read_text() == "victim"
    assert not (state / "commit.json").exists() and not (state / "commit.json").is_symlink()


def test_staging_and_failed_links_in_thidua_folder_are_removed_not_followed(site):
    other = site / "other"
    (other / "keep").mkdir(parents=True)
    (other / "keep" / "work.txt").write_text("someone's work")
    state = site / "out" / ".thidua"
    state.mkdir()
    (state / "run-999999999").symlink_to(other)
    (state / "failed").symlink_to(other / "keep")
    with outdir.claim(site / "out") as folder:
        (folder.staging / "index.html").write_text("new")
        folder.commit(["index.html"])
    assert (other / "keep" / "work.txt").read_text() == "someone's work"
    assert not (state / "run-999999999").is_symlink() and not (state / "failed").is_symlink()


def _review_manifest(out: Path, **extra) -> None:
    (out / "index.html").write_text("review")
    manifest = {"generator": "thidua", "files": {"index.html": _sha("review")}, **extra}
    (out / "manifest.json").write_text(json.dumps(manifest))


def test_a_batch_into_a_single_reviews_folder_is_refused(site):
    _review_manifest(site / "out")
    message = (
        f"{site}/out, field 'out': holds a single review, not a batch: give the batch its own folder "
        "(nothing was changed)"
    )
    _refused(site / "out", message, kind=outdir.BATCH, force=True)
    _review_manifest(site / "out", kind="review")
    _refused(site / "out", message, kind=outdir.BATCH)


def test_a_review_into_a_batch_folder_is_refused(site):
    _review_manifest(site / "out", reviews=["a"])
    message = (
        f"{site}/out, field 'out': holds a batch's index (its manifest lists reviews), not a review: give the "
        "review its own folder (nothing was changed)"
    )
    _refused(site / "out", message)


def test_a_refused_forced_run_leaves_the_folder_exactly_as_it_was(site):
    (site / "out" / "index.html").write_text("the office's home page")
    _refused(
        site / "out",
        f"{site}/out, field 'out': index.html is not a file thidua wrote; move it away or choose another output folder",
        force=True,
        names=["index.html", "manifest.json"],
    )
    assert not (site / "out" / ".thidua").exists()


def test_a_run_removes_the_thidua_folder_it_made_when_it_is_empty(site):
    with outdir.claim(site / "out") as folder:
        (folder.staging / "index.html").write_text("new")
        folder.commit(["index.html"])
    assert sorted(p.name for p in (site / "out").iterdir()) == ["index.html"]


def test_a_killed_batch_is_resumed_and_a_concurrent_one_is_told_the_folder_is_busy(site):
    root = site / "out"
    (root / ".thidua").mkdir()
    (root / ".thidua" / "lock").write_text("999999999")  # the killed batch's lock, held by no one now
    (root / "a" / ".thidua" / "run-999999999").mkdir(parents=True)  # a review it was making
    (root / "b").mkdir()
    _review_manifest(root / "b", kind="review")  # a review it had finished
    with outdir.claim(root, kind=outdir.BATCH) as folder:
        with pytest.raises(outdir.OutputRefused) as caught, outdir.claim(root, kind=outdir.BATCH):
            pass
        assert str(caught.value) == (
            f"{root}, field 'out': another thidua run (process {os.getpid()}) is writing this folder; try again "
            "when it has finished"
        )
        assert folder.path == root


def test_cli_review_with_a_crafted_manifest_exits_2_in_one_line_and_keeps_the_victim(site):
    manifest = {"generator": "thidua", "files": {"../victim.txt": _sha("victim")}}
    (site / "out" / "manifest.json").write_text(json.dumps(manifest))
    before = _tree(site)
    result = CliRunner().invoke(main, ["review", "--out", str(site / "out"), "--notebooks", "annual_review"])
    assert result.exit_code == 2, result.output
    assert result.output == (
        f"thidua: error: {site}/out/manifest.json, field 'files': '../victim.txt' is not a plain file name in this "
        f"folder: {NOT_THIDUA}\n"
    )
    assert _tree(site) == before


def test_cli_batch_into_a_single_reviews_folder_exits_2_and_keeps_the_review(site):
    _review_manifest(site / "out", kind="review")
    config = site / "batch.yml"
    config.write_text(json.dumps({"reviews": [{"name": "a", "dataset": "pho-thuan-2023-sample"}]}))
    before = _tree(site)
    result = CliRunner().invoke(main, ["batch", str(config), "--out", str(site / "out")])
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[-1] == (
        f"thidua: error: {site}/out, field 'out': holds a single review, not a batch: give the batch its own "
        "folder (nothing was changed)"
    )
    assert _tree(site) == before


@pytest.mark.parametrize("make", [os.mkfifo, os.mkdir], ids=["fifo", "folder"])
def test_a_manifest_or_journal_that_is_no_regular_file_is_refused_without_blocking(site, make):
    make(site / "out" / "manifest.json")
    _refused(site / "out", f"{site}/out/manifest.json: is not a regular file: {NOT_THIDUA}")
    (os.rmdir if make is os.mkdir else os.unlink)(site / "out" / "manifest.json")
    (site / "out" / ".thidua").mkdir()
    make(site / "out" / ".thidua" / "commit.json")
    _refused(site / "out", f"{site}/out/.thidua/commit.json: is not a regular file: {NOT_THIDUA}")


def test_a_thidua_folder_that_is_a_file_is_refused(site):
    (site / "out" / ".thidua").write_text("someone's file")
    _refused(
        site / "out",
        f"{site}/out/.thidua, field 'out': is not a folder; thidua keeps its lock and runs there: move it away",
    )
    assert (site / "out" / ".thidua").read_text() == "someone's file"


@pytest.mark.parametrize(
    ("make", "why"),
    [(os.mkdir, "Is a directory"), (os.mkfifo, "not a regular file")],
    ids=["folder", "fifo"],
)
def test_a_lock_that_is_no_regular_file_is_refused(site, make, why):
    (site / "out" / ".thidua").mkdir()
    make(site / "out" / ".thidua" / "lock")
    _refused(site / "out", f"{site}/out/.thidua/lock, field 'out': cannot be the lock ({why}); move it away")


def test_a_manifest_of_someone_elses_json_is_their_file_and_forced_review_does_not_replace_it(site):
    (site / "out" / "manifest.json").write_text(json.dumps({"name": "my project", "version": 3}))
    _refused(
        site / "out",
        f"{site}/out, field 'out': holds files thidua did not write (such as 'manifest.json'): give an empty or new "
        "folder, or --force to add the review beside them (thidua never replaces a file it did not write)",
    )
    _refused(
        site / "out",
        f"{site}/out, field 'out': manifest.json is not a file thidua wrote; move it away or choose another output "
        "folder",
        force=True,
        names=["index.html", "manifest.json"],
    )


def test_cli_review_into_a_batch_folder_exits_2_and_keeps_the_batch(site):
    _review_manifest(site / "out", kind="batch", reviews=["a"])
    before = _tree(site)
    result = CliRunner().invoke(main, ["review", "--out", str(site / "out"), "--notebooks", "annual_review", "--force"])
    assert result.exit_code == 2, result.output
    assert result.output == (
        f"thidua: error: {site}/out, field 'out': holds a batch's index (its manifest lists reviews), not a review: "
        "give the review its own folder (nothing was changed)\n"
    )
    assert _tree(site) == before


def test_cli_a_second_batch_while_one_writes_its_folder_is_told_it_is_busy(site):
    root = site / "out"
    (root / "a" / ".thidua" / "run-999999999").mkdir(parents=True)  # the first batch's review under way
    config = site / "batch.yml"
    config.write_text(json.dumps({"reviews": [{"name": "a", "dataset": "pho-thuan-2023-sample"}]}))
    with outdir.claim(root, kind=outdir.BATCH):
        before = _tree(site)
        result = CliRunner().invoke(main, ["batch", str(config), "--out", str(root)])
        assert _tree(site) == before
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[-1] == (
        f"thidua: error: {root}, field 'out': another thidua run (process {os.getpid()}) is writing this folder; "
        "try again when it has finished"
    )
