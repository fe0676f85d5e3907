"""The roster and the registrations for emulation: who may be commended, and who registered for which title.

The commune's emulation and commendation officer keeps, for the year, one row per individual (cán bộ, công
chức, người hoạt động không chuyên trách) and per collective (an office, a hamlet, a school, an association):

    id,name,kind,collective,position,rating,discipline,initiative
    nguyen_van_a,Nguyễn Văn A,ca_nhan,van_phong,cong_chuc,hoan_thanh_tot,khong,khong
    van_phong,Văn phòng – Thống kê,tap_the,,,hoan_thanh_xuat_sac,khong,

and the registrations made at the start of the year (đăng ký thi đua), one row per registration:

    id,title
    nguyen_van_a,lao_dong_tien_tien

Both are CSV (UTF-8, ',' or ';'), with the '#' lines of a figures file (``# status: sample``). The words are
codes, so a rule can read them: the rating of task completion (đánh giá, xếp loại chất lượng), the
discipline of the year, the initiative. ``thidua.engine.commendation`` judges each title's criteria.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from thidua.errors import InputError
from thidua.inputs.observations import read_table, strip_cells
from thidua.inputs.observations import refuse_rows as _refuse
from thidua.inputs.workbook import INFO, INFO_KEYS, REGISTRATIONS, ROSTER, open_workbook

ROSTER_COLUMNS = ["id", "name", "kind", "collective", "position", "rating", "discipline", "initiative"]
REGISTRATION_COLUMNS = ["id", "title"]
KINDS = ("ca_nhan", "tap_the")  # an individual, a collective
POSITIONS = ("can_bo", "cong_chuc", "vien_chuc", "khong_chuyen_trach", "nguoi_lao_dong")
# The year's rating of task completion, best first (Nghị định 90/2020/NĐ-CP's four levels).
RATINGS = ("hoan_thanh_xuat_sac", "hoan_thanh_tot", "hoan_thanh", "khong_hoan_thanh")
# Disciplinary measures, lightest first; 'khong' is none. Cán bộ, công chức and viên chức share the first two.
DISCIPLINES = ("khong", "khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "bai_nhiem",
               "buoc_thoi_viec")  # fmt: skip
INITIATIVES = ("khong", "chua_cong_nhan", "duoc_cong_nhan")  # none; not (yet) recognised; recognised and applied
MAX_ROWS = 10_000  # a commune has tens of people and collectives, a province's departments thousands


@dataclass(frozen=True)
class Roster:
    """The year's people and collectives, and their registrations; ``status`` 'sample' when made up."""

    people: pd.DataFrame  # ROSTER_COLUMNS, indexed by id
    registrations: pd.DataFrame  # REGISTRATION_COLUMNS
    status: str = "official"

    @property
    def is_sample(self) -> bool:
        """True when the roster or the registrations are made-up sample data."""
        return self.status == "sample"


def _code_cells(
    frame: pd.DataFrame, column: str, allowed: tuple[str, ...], path: Path, first: int, empty: bool,
    place: str = "line {n}",
) -> None:  # fmt: skip
    """Refuse the first cell of ``column`` that is not one of ``allowed`` (or empty, where ``empty``)."""
    cells = frame[column]
    bad = ~cells.isin(allowed) & ~(cells.eq("") & empty)
    message = f"must be one of {', '.join(allowed)}, got {{cell!r}}"
    _refuse(bad.to_numpy(), path, first, column, message, cells, place=place)


def _sheet(path: Path, sheet: str, columns: list[str]) -> tuple[pd.DataFrame, str]:
    """A sheet of the data-entry workbook as text cells under ``columns``, and the workbook's data status."""
    values, _formulas = open_workbook(path)
    if sheet not in values.sheetnames:
        raise InputError(f"has no sheet {sheet!r}: write it from the template (thidua template)", file=path)
    rows = [["" if c is None else str(c) for c in r[: len(columns)]] for r in values[sheet].iter_rows(values_only=True)]
    if not rows or [c.strip() for c in rows[0]] != columns:
        raise InputError(f"the header must be {', '.join(columns)}", file=path, where=f"sheet {sheet!r}, row 1")
    body = [r + [""] * (len(columns) - len(r)) for r in rows[1:] if any(c.strip() for c in r)]
    return pd.DataFrame(body, columns=columns, dtype=object), _status(values)


def _status(values: Any) -> str:
    """The workbook's data status, from its 'Thông tin' sheet (official when it says nothing)."""
    if INFO not in values.sheetnames:
        return "official"
    for row in values[INFO].iter_rows(values_only=True, max_row=20):
        if row and len(row) > 1 and str(row[0]).strip() == INFO_KEYS["status"] and row[1] is not None:
            return str(row[1]).strip()
    return "official"


def _table(path: Path, columns: list[str], sheet: str) -> tuple[pd.DataFrame, int, str, str]:
    """A roster or registrations table from its CSV, or from its sheet of the workbook: cells, first row, place."""
    if path.suffix.lower() == ".xlsx":
        frame, status = _sheet(path, sheet, columns)
        return frame.apply(strip_cells), 2, f"sheet {sheet!r}, row {{n}}", status
    table = read_table(path, columns, None)
    return table.frame[columns].apply(strip_cells), table.first_line, "line {n}", table.meta.get("status", "official")


def read_roster(path: str | Path) -> pd.DataFrame:
    """Read a roster (CSV, or the workbook's 'Danh sách' sheet); refuse with file, line and field what no rule reads."""
    path = Path(path)
    frame, first, place, status = _table(path, ROSTER_COLUMNS, ROSTER)
    refuse_rows = functools.partial(_refuse, place=place)
    _codes = functools.partial(_code_cells, place=place)
    if len(frame) > MAX_ROWS:
        raise InputError(f"has {len(frame):,} rows, above the limit of {MAX_ROWS:,}: split it by office", file=path)
    refuse_rows(frame["id"].eq("").to_numpy(), path, first, "id", "is required")
    refuse_rows(
        frame["id"].duplicated().to_numpy(), path, first, "id", "is used by an earlier row: {cell!r}", frame["id"]
    )
    refuse_rows(frame["name"].eq("").to_numpy(), path, first, "name", "is required")
    _codes(frame, "kind", KINDS, path, first, empty=False)
    _codes(frame, "rating", RATINGS, path, first, empty=False)
    _codes(frame, "discipline", DISCIPLINES, path, first, empty=True)
    _codes(frame, "initiative", INITIATIVES, path, first, empty=True)
    person = frame["kind"].eq("ca_nhan").to_numpy()
    positions = frame["position"].where(person, "")
    bad = person & ~positions.isin(POSITIONS).to_numpy()
    refuse_rows(bad, path, first, "position", f"an individual's must be one of {', '.join(POSITIONS)}, got {{cell!r}}",
                frame["position"])  # fmt: skip
    collectives = set(frame.loc[~person, "id"])
    unknown = person & frame["collective"].ne("").to_numpy() & ~frame["collective"].isin(collectives).to_numpy()
    refuse_rows(unknown, path, first, "collective", "names {cell!r}, which is no collective of the roster",
                frame["collective"])  # fmt: skip
    frame["discipline"] = frame["discipline"].replace("", "khong")
    frame["initiative"] = frame["initiative"].replace("", "khong")
    frame.attrs["status"] = status
    return frame.set_index("id", drop=False)


def read_registrations(path: str | Path, roster: pd.DataFrame, titles: tuple[str, ...]) -> pd.DataFrame:
    """Read a registrations file: each row someone of ``roster`` and one of ``titles``, each pair once."""
    path = Path(path)
    frame, first, place, status = _table(path, REGISTRATION_COLUMNS, REGISTRATIONS)
    refuse_rows = functools.partial(_refuse, place=place)
    _codes = functools.partial(_code_cells, place=place)
    refuse_rows(~frame["id"].isin(roster.index).to_numpy(), path, first, "id",
                "names {cell!r}, who is not on the roster", frame["id"])  # fmt: skip
    _codes(frame, "title", titles, path, first, empty=False)
    refuse_rows(frame.duplicated().to_numpy(), path, first, "title", "registers {cell!r} twice for the same title",
                frame["id"])  # fmt: skip
    frame.attrs["status"] = status
    return frame.reset_index(drop=True)


def load_roster(roster_path: str | Path, registrations_path: str | Path | None, titles: tuple[str, ...]) -> Roster:
    """The roster and its registrations (none registered when no file is given); sample if either file is."""
    people = read_roster(roster_path)
    registrations = (
        read_registrations(registrations_path, people, titles)
        if registrations_path is not None
        else pd.DataFrame(columns=REGISTRATION_COLUMNS)
    )
    statuses = {people.attrs["status"], registrations.attrs.get("status", people.attrs["status"])}
    return Roster(people, registrations, "sample" if "sample" in statuses else "official")
