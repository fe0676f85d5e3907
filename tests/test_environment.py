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
