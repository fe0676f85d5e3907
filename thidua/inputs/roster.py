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

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from thidua.errors import InputError
from thidua.inputs.observations import read_table, refuse_rows, strip_cells

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


def _codes(frame: pd.DataFrame, column: str, allowed: tuple[str, ...], path: Path, first: int, empty: bool) -> None:
    """Refuse the first cell of ``column`` that is not one of ``allowed`` (or empty, where ``empty``)."""
    cells = frame[column]
    bad = ~cells.isin(allowed) & ~(cells.eq("") & empty)
    refuse_rows(bad.to_numpy(), path, first, column, f"must be one of {', '.join(allowed)}, got {{cell!r}}", cells)


def read_roster(path: str | Path) -> pd.DataFrame:
    """Read a roster file; refuse with file, line and field a row that a rule could not read."""
    path = Path(path)
    table = read_table(path, ROSTER_COLUMNS, None)
    frame, first = table.frame[ROSTER_COLUMNS].apply(strip_cells), table.first_line
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
    frame.attrs["status"] = table.meta.get("status", "official")
    return frame.set_index("id", drop=False)


def read_registrations(path: str | Path, roster: pd.DataFrame, titles: tuple[str, ...]) -> pd.DataFrame:
    """Read a registrations file: each row someone of ``roster`` and one of ``titles``, each pair once."""
    path = Path(path)
    table = read_table(path, REGISTRATION_COLUMNS, None)
    frame, first = table.frame[REGISTRATION_COLUMNS].apply(strip_cells), table.first_line
    refuse_rows(~frame["id"].isin(roster.index).to_numpy(), path, first, "id",
                "names {cell!r}, who is not on the roster", frame["id"])  # fmt: skip
    _codes(frame, "title", titles, path, first, empty=False)
    refuse_rows(frame.duplicated().to_numpy(), path, first, "title", "registers {cell!r} twice for the same title",
                frame["id"])  # fmt: skip
    frame.attrs["status"] = table.meta.get("status", "official")
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
