"""environment.yml (conda) and pyproject.toml (pip) describe the same environment."""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import ROOT


def _split(requirement: str) -> tuple[str, str]:
    name, bound = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", requirement.strip()).groups()
    return name.lower().replace("_", "-"), bound.replace(" ", "")


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda_reqs = dict(r for r in map(_split, conda) if r[0] not in ("python", "pip"))  # python-docx is a package
    assert conda_reqs == dict(_split(r) for r in wanted)
    assert all(bound.startswith(">=") for bound in conda_reqs.values())  # lower bounds, no pins
    python = next(d for d in conda if _split(d)[0] == "python")
    assert python.replace("python", "") == project["requires-python"]
    assert pip == ["-e ."]


def _imported_packages(folder) -> set[str]:
    """Top-level names of every module imported by the package's code (import statements, parsed)."""
    import ast

    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def test_pyproject_declares_every_package_the_code_imports():
    """A package imported by thidua but only present because something else pulled it in breaks a clean install."""
    import importlib.metadata
    import sys

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_split(r)[0] for r in project["dependencies"]}
    optional = {_split(r)[0] for extra in project["optional-dependencies"].values() for r in extra}
    distributions = importlib.metadata.packages_distributions()
    third_party = _imported_packages(ROOT / "thidua") - set(sys.stdlib_module_names) - {"thidua"}
    assert third_party, "the parse found no imports"
    for name in sorted(third_party):
        dists = {d.lower().replace("_", "-") for d in distributions.get(name, [name])}
        where = declared | optional if name == "distributed" else declared  # Dask is the [dask] extra
        assert dists & where, f"thidua imports {name!r} (from {sorted(dists)}) but pyproject.toml does not declare it"
