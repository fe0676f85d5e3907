"""Actual figures in the long format: one row per unit, period and indicator.

A data file is CSV with the columns ``unit, period, indicator, value`` and, for rates,
optionally ``numerator, denominator``. Lines at the top that start with ``#`` carry
``key: value`` metadata; ``# status: sample`` marks illustrative figures, and every report
that shows them says so.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from thidua.errors import InputError

REQUIRED_COLUMNS = ["unit", "period", "indicator", "value"]
OPTIONAL_COLUMNS = ["numerator", "denominator"]
DATA_STATUSES = ("sample", "official")
_YES = {"1", "có", "co", "yes", "true", "đạt"}
_NO = {"0", "không", "khong", "no", "false", "không đạt"}


@dataclass(frozen=True)
class Dataset:
    """Figures read from one file, with the file's metadata (status, title, source)."""

    path: Path
    values: pd.DataFrame  # unit, period, indicator_id, value, line (in the file), numerator, denominator
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def status(self) -> str:
        """``sample`` or ``official``."""
        return self.meta.get("status", "official")

    @property
    def is_sample(self) -> bool:
        """True for illustrative figures that reports must label as sample."""
        return self.status == "sample"


def read_csv(path: str | Path) -> Dataset:
    """Read a long-format CSV data file; raise ``InputError`` naming the row and field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("file not found", file=path) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=path) from None
    lines = text.splitlines(keepends=True)
    n_meta = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    meta = _parse_meta(lines[:n_meta], path)
    body = "".join(lines[n_meta:])
    if not body.strip():
        raise InputError("has no header row and no data", file=path)
    frame = pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False, skipinitialspace=True)
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}; the header must be {', '.join(REQUIRED_COLUMNS)}",
            file=path, where=f"line {n_meta + 1}", field=missing[0],
        )  # fmt: skip
    first_line = n_meta + 2  # 1-based line of the first data row
    values = pd.DataFrame(
        {
            "unit": frame["unit"].str.strip(),
            "period": frame["period"].str.strip(),
            "indicator_id": frame["indicator"].str.strip(),
            "value": _numbers(frame["value"], path, "value", first_line, allow_yes_no=True),
            "line": np.arange(first_line, first_line + len(frame)),
        }
    )
    for col in OPTIONAL_COLUMNS:
        raw = frame[col] if col in frame.columns else pd.Series("", index=frame.index)
        values[col] = _numbers(raw, path, col, first_line)
    for col in ("unit", "period", "indicator_id"):
        empty = values[col] == ""
        if empty.any():
            row = int(np.flatnonzero(empty.to_numpy())[0])
            raise InputError("is empty", file=path, where=f"line {first_line + row}", field=col)
    dup = values.duplicated(["unit", "period", "indicator_id"], keep="first").to_numpy()
    if dup.any():
        row = int(np.flatnonzero(dup)[0])
        r = values.iloc[row]
        raise InputError(
            f"repeats unit {r['unit']!r}, period {r['period']!r}, indicator {r['indicator_id']!r}",
            file=path, where=f"line {first_line + row}", field="indicator",
        )  # fmt: skip
    ratio = values["numerator"] / values["denominator"] * 100.0
    values["value"] = values["value"].fillna(ratio.where(values["denominator"] > 0))
    return Dataset(path=path, values=values, meta=meta)


def read_budget_csv(path: str | Path) -> pd.DataFrame:
    """Read a budget file: ``unit, period, side (thu/chi), item, estimate, actual`` in đồng."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("file not found", file=path) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=path) from None
    lines = text.splitlines(keepends=True)
    n_meta = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    body = "".join(lines[n_meta:])
    if not body.strip():
        raise InputError("has no header row and no data", file=path)
    frame = pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False, skipinitialspace=True)
    cols = ["unit", "period", "side", "item", "estimate", "actual"]
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}", file=path, where=f"line {n_meta + 1}", field=missing[0]
        )
    first_line = n_meta + 2
    budget = frame[["unit", "period", "side", "item"]].apply(lambda c: c.str.strip())
    for col in ("estimate", "actual"):
        budget[col] = _numbers(frame[col], path, col, first_line)
        negative = (budget[col] < 0).to_numpy()
        if negative.any():
            row = int(np.flatnonzero(negative)[0])
            raise InputError("money must not be negative", file=path, where=f"line {first_line + row}", field=col)
    bad = ~budget["side"].isin(["thu", "chi"]).to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"must be thu or chi, got {budget['side'].iloc[row]!r}",
            file=path,
            where=f"line {first_line + row}",
            field="side",
        )
    return budget


def _parse_meta(lines: list[str], path: Path) -> dict[str, str]:
    meta: dict[str, str] = {}
    for line in lines:
        key, sep, value = line.lstrip("#").partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip()
    if meta.get("status", "official") not in DATA_STATUSES:
        raise InputError(
            f"must be one of {', '.join(DATA_STATUSES)}, got {meta['status']!r}",
            file=path,
            where="header",
            field="status",
        )
    return meta


def _numbers(raw: pd.Series, path: Path, col: str, first_line: int, *, allow_yes_no: bool = False) -> pd.Series:
    """Parse a text column as numbers (dot decimal); an empty cell is missing, text is an error."""
    text = raw.fillna("").str.strip()
    if allow_yes_no:
        lowered = text.str.lower()
        text = text.mask(lowered.isin(_YES), "1").mask(lowered.isin(_NO), "0")
    numbers = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = (text != "") & numbers.isna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(
            f"{raw.iloc[row]!r} is not a number (write 38.5, not 38,5)",
            file=path, where=f"line {first_line + row}", field=col,
        )  # fmt: skip
    return numbers.astype("float64")


def observations(values: pd.DataFrame, period: str, baseline_period: str) -> pd.DataFrame:
    """Pair each unit's figure for ``period`` with its figure for ``baseline_period``.

    Returns the engine's input: ``unit, period, indicator_id, actual, baseline``.
    """
    keys = ["unit", "indicator_id"]
    current = values.loc[values["period"] == period, [*keys, "period", "value"]]
    base = values.loc[values["period"] == baseline_period, [*keys, "value"]]
    merged = current.merge(base, on=keys, how="left", suffixes=("", "_base"), validate="one_to_one")
    return merged.rename(columns={"value": "actual", "value_base": "baseline"})[
        ["unit", "period", "indicator_id", "actual", "baseline"]
    ]
