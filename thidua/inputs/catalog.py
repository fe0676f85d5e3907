"""The data catalog (data/catalog.yml): named datasets and the files that make them up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, ClassVar

import msgspec

from thidua import resources
from thidua.errors import InputError, shown
from thidua.inputs.schema import REQUIRED_TEXT, Schema, convert
from thidua.inputs.yamlfile import read_yaml

DATA_DIR = resources.DATA
CATALOG = DATA_DIR / "catalog.yml"
DEFAULT_DATASET = "pho-thuan-2023-sample"
# A review's input files by role, declared once: CLI options (--data), notebook parameters (data_path), batch
# configs, the catalog and the manifest all follow it. ``official``: a later figures file whose figures
# replace the estimates of ``data`` (e.g. March's official figures for a December draft).
ROLES = (
    "plan",
    "data",
    "official",
    "budget",
    "subunits",
    "ytd",
    "units",
    "scoring",
    "roster",
    "registrations",
    "titles",
)
ROLE_HELP = {
    "official": "A later figures file: its figures replace the estimates of --data (both are shown).",
    "ytd": "Year-to-date figures (6 or 9 months) for the interim review.",
    "roster": "The year's individuals and collectives (rating, discipline, initiative) for commendation.",
    "registrations": "Who registered for which emulation title at the start of the year.",
    "titles": "The emulation titles and their criteria (default: the bundled ones, as the law writes them).",
}
PATH_SUFFIX = "_path"  # a role's file as a keyword argument or notebook parameter: data_path


def parameter(role: str) -> str:
    """The keyword argument and notebook parameter naming ``role``'s file: ``data`` → ``data_path``."""
    return f"{role}{PATH_SUFFIX}"


def roles_of(paths: dict[str, object]) -> dict[str, object]:
    """``{"data_path": p}`` → ``{"data": p}``; a name that is no role's parameter is a ``TypeError``."""
    names = {parameter(role): role for role in ROLES}
    unknown = [k for k in paths if k not in names]
    if unknown:
        raise TypeError(f"unknown argument(s) {', '.join(unknown)}; the files are {', '.join(names)}")
    return {names[k]: v for k, v in paths.items()}


@dataclass(frozen=True)
class Inputs:
    """The files of one review; any but ``plan`` and ``data`` may be None."""

    plan: Path
    data: Path
    official: Path | None = None
    budget: Path | None = None
    subunits: Path | None = None
    ytd: Path | None = None
    units: Path | None = None
    scoring: Path | None = None
    roster: Path | None = None
    registrations: Path | None = None
    titles: Path | None = None

    def files(self) -> dict[str, Path]:
        """Role → path, for the ones given."""
        return {role: getattr(self, role) for role in ROLES if getattr(self, role) is not None}

    def parameters(self) -> dict[str, str]:
        """Parameter → path, for the ones given: ``{"plan_path": "/…/plan.yaml", …}``."""
        return {parameter(role): str(path) for role, path in self.files().items()}


# A file for each role as a catalog or a batch config writes it (a path), one field per role of ROLES.
Files = msgspec.defstruct("Files", [(role, str | None, None) for role in ROLES], bases=(Schema,), kw_only=True,
                          module=__name__)  # fmt: skip


class Dataset(Files, kw_only=True):
    """One dataset of the catalog: its title and its files, a plan and figures at least."""

    place: ClassVar = ("dataset '{key}'",)
    plan: Annotated[str, REQUIRED_TEXT]
    data: Annotated[str, REQUIRED_TEXT]
    title: str | None = None


class Catalog(Schema):
    """A catalog file: datasets by name."""

    datasets: dict[str, Dataset] = msgspec.field(default_factory=dict)


def dataset(name: str = DEFAULT_DATASET, catalog: Path = CATALOG) -> Inputs:
    """The files of dataset ``name`` in the catalog, as absolute paths."""
    entries = convert(read_yaml(catalog) or {}, Catalog, catalog).datasets
    if name not in entries:
        raise InputError(
            f"no dataset {shown(name)}; the catalog has {', '.join(entries)}", file=catalog, field="datasets"
        )
    entry = entries[name]
    return Inputs(**{role: (catalog.parent / getattr(entry, role)).resolve() for role in ROLES if getattr(entry, role)})


def chosen_dataset(dataset: str | None, **paths: str | Path | None) -> str:
    """The dataset a review takes unnamed files from: the one named, else the sample only when no file is named.

    A user who names any input file gets a review of exactly their files: no sample file fills the gaps.
    """
    if dataset is not None:
        return dataset
    return "" if any(paths.values()) else DEFAULT_DATASET


def resolve(name: str = DEFAULT_DATASET, catalog: Path = CATALOG, **overrides: str | Path | None) -> Inputs:
    """Dataset ``name`` of ``catalog`` with some files replaced (empty overrides are ignored)."""
    base = dataset(name, catalog) if name else None
    files = base.files() if base else {}
    files.update({role: Path(path).resolve() for role, path in overrides.items() if path})
    if "plan" not in files or "data" not in files:
        raise InputError("a review needs a plan and a data file (or a dataset from the catalog)", field="plan")
    return Inputs(**files)
