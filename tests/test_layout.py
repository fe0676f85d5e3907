"""The package's rooms: inputs → engine → review → reports → run, with the command line on top.

A module may import from its own room and the rooms to its left, never from a room to its right, so
data flows one way. Imports needed only for type annotations (under ``if TYPE_CHECKING:``) count too:
a report that names a type of the run room depends on it as much as one that calls it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "thidua"
ROOMS = ("inputs", "engine", "review", "reports", "run")
TOP = {"__init__", "__main__", "cli", "errors", "resources"}


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    """The thidua modules ``tree`` imports, anywhere (in functions, under ``if TYPE_CHECKING:``), with their lines."""
    found = []
    stack = list(ast.iter_child_nodes(tree))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("thidua")]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("thidua"):
            if node.module == "thidua":
                found += [(node.lineno, f"thidua.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
        stack.extend(ast.iter_child_nodes(node))
    return sorted(found)


def _room(dotted: str) -> str | None:
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ROOMS else None


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_rooms_exist() -> None:
    for room in ROOMS:
        assert (PACKAGE / room / "__init__.py").is_file(), room
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top == TOP, f"modules outside the rooms: {sorted(top - TOP)}"
    assert not (PACKAGE / "sample_town.py").exists()


def test_relative_imports_are_not_used() -> None:
    # The layout test reads absolute imports; one way to import keeps it honest.
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            assert not (isinstance(node, ast.ImportFrom) and node.level), f"{path}: relative import"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_data_flows_one_way(path: Path) -> None:
    _check(path, PACKAGE)


def _check(path: Path, package: Path) -> None:
    """Fail when the module at ``path`` (in ``package``) imports from a room to the right of its own."""
    here = _room("thidua." + ".".join(path.relative_to(package).with_suffix("").parts))
    if here is None:  # the top: cli, errors, resources, __init__, __main__
        if path.stem in {"errors", "resources"}:  # the ground floor every room stands on
            for line, dotted in _imports(ast.parse(path.read_text(encoding="utf-8"))):
                assert _room(dotted) is None, f"{path.name}:{line} imports {dotted}"
        return
    wrong = [
        f"{path.relative_to(package)}:{line} imports {dotted}"
        for line, dotted in _imports(ast.parse(path.read_text(encoding="utf-8")))
        if _room(dotted) and ROOMS.index(_room(dotted)) > ROOMS.index(here)
    ]
    assert not wrong, "a room imports from a room to its right:\n" + "\n".join(wrong)


def test_the_test_sees_a_wrong_import() -> None:
    tree = ast.parse("from thidua.run.make import make_review\nfrom thidua import resources\n")
    assert [_room(d) for _, d in _imports(tree)] == ["run", None]
    typed = ast.parse(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from thidua.run.job import Job\n"
        "def f():\n    from thidua.review.review import Review\n"
    )
    assert [(line, _room(d)) for line, d in _imports(typed)] == [(3, "run"), (5, "review")]


def test_a_report_naming_a_run_type_is_refused(tmp_path: Path) -> None:
    """The check itself, on a scratch copy of a report module that names the run room's Job for typing only."""
    scratch = tmp_path / "thidua" / "reports" / "scratch.py"
    scratch.parent.mkdir(parents=True)
    scratch.write_text(
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from thidua.run.job import Job\n", encoding="utf-8"
    )
    with pytest.raises(AssertionError, match=r"reports/scratch.py:4 imports thidua.run.job"):
        _check(scratch, tmp_path / "thidua")


def test_the_reports_name_nothing_of_the_run_room() -> None:
    """Not even in a docstring: the pages and the Word report know the review, never how a job runs."""
    for path in (PACKAGE / "reports").rglob("*.py"):
        assert "thidua.run" not in path.read_text(encoding="utf-8"), path
