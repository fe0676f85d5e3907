"""The batch's comparison of its units: league tables, the status heat map, each indicator's spread (HTML, CSV, Excel).

Read from the achievement tables of the batch's finished reviews (``comparison`` builds the stacked frame once);
the ranks and counts are ``thidua.engine.compare``'s. Sample figures make the page say so.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from thidua.engine.compare import heatmap, league, missed_most, overall, spread
from thidua.inputs.safecells import neutralise_frame
from thidua.reports.formatting import fmt_number
from thidua.reports.i18n import N_, translated
from thidua.reports.labels import STATUS_LABELS, labels
from thidua.reports.templating import render

FILES = ("comparison.html", "comparison.csv", "comparison.xlsx")
_T: dict[str, str] = {  # key → message (context "comparison")
    "title": N_("comparison", "The units side by side"),
    "index": N_("comparison", "All reviews"),
    "how": N_(
        "comparison",
        "A target is ranked by its status (exceeded, met, not met, no figure), then by how far each unit went from"
        " last year's figure towards its target; the overall rank by the share of the assessed targets met, then"
        " by fewer missed. Targets without a figure are counted apart, never as missed.",
    ),
    "h_overall": N_("comparison", "Overall"),
    "h_missed": N_("comparison", "The units that missed most targets"),
    "none_missed": N_("comparison", "No unit missed a target with a figure."),
    "missed_line": N_("comparison", "{unit}: {n} not met of {assessed} assessed"),
    "h_heatmap": N_("comparison", "Every unit's targets"),
    "heatmap_note": N_(
        "comparison", "Columns are the targets numbered below; a blank cell: the unit's plan has no such target."
    ),
    "h_spread": N_("comparison", "Each indicator's spread across the units"),
    "unit": N_("comparison", "Unit"),
    "rank": N_("comparison", "Rank"),
    "targets": N_("comparison", "Targets"),
    "met": N_("comparison", "Met"),
    "not_met": N_("comparison", "Not met"),
    "no_data": N_("comparison", "No figure"),
    "pct_met": N_("comparison", "% of assessed met"),
    "indicator": N_("comparison", "Indicator"),
    "n": N_("comparison", "Units"),
    "min": N_("comparison", "Lowest"),
    "median": N_("comparison", "Median"),
    "max": N_("comparison", "Highest"),
    "short_exceeded": N_("comparison", "++"),
    "short_met": N_("comparison", "+"),
    "short_not_met": N_("comparison", "−"),
    "short_no_data": N_("comparison", "?"),
}


def words(lang: str) -> dict[str, str]:
    """The page's words in ``lang``."""
    return translated("comparison", _T, lang)


def comparison(tables: list[Path], units: dict[str, str], parents: dict[str, str] | None = None) -> pd.DataFrame:
    """The achievement tables (achievement.csv files) stacked, each unit named by ``units``.

    A unit that is the parent (in ``parents``: unit → parent) of another unit of the tables is left out: a town
    or a province sums its communes, it is not one of them.
    """
    columns = ["unit", "indicator_id", "status", "progress_ratio", "compared"]
    types = {"unit": str, "indicator_id": str, "status": str}
    frames = [pd.read_csv(path, usecols=columns, dtype=types) for path in tables]
    stacked = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    above = stacked["unit"].map(parents or {}).dropna().unique()
    stacked = stacked[~stacked["unit"].isin(above)]
    return stacked.assign(unit=stacked["unit"].map(units).fillna(stacked["unit"]))


def write_comparison(results: pd.DataFrame, names: dict[str, str], folder: Path, lang: str, sample: bool) -> list[str]:
    """Write comparison.html, .csv (each target's league) and .xlsx (all tables) into ``folder``; their names."""
    t, statuses = words(lang), STATUS_LABELS[lang]
    ranked, table = league(results), overall(results)
    name = lambda ident: names.get(ident, ident)  # noqa: E731
    ranked.insert(1, "indicator", ranked["indicator_id"].map(name))
    neutralise_frame(ranked).to_csv(folder / "comparison.csv", index=False, lineterminator="\n")
    heat = heatmap(results, list(table["unit"]))
    spreads = spread(results)
    with pd.ExcelWriter(folder / "comparison.xlsx") as book:
        for sheet, frame in (("Tổng hợp", table), ("Xếp hạng", ranked), ("Bản đồ", heat.reset_index()),
                             ("Phân bố", spreads)):  # fmt: skip
            neutralise_frame(frame).to_excel(book, sheet_name=sheet, index=False)
    number = lambda v, places=None: fmt_number(v, lang, places) if pd.notna(v) else "–"  # noqa: E731
    keys = ("unit", "rank", "targets", "met", "not_met", "no_data", "pct_met")  # the unit first: read first on a phone
    overall_rows = [("", (r.unit, r.rank, r.targets, r.met, r.not_met, r.no_data, number(r.pct_met, 1)))
                    for r in table.itertuples()]  # fmt: skip
    missed = [t["missed_line"].format(unit=r.unit, n=r.not_met, assessed=r.targets - r.no_data)
              for r in missed_most(table).itertuples()]  # fmt: skip
    spread_rows = [("", (name(r.indicator_id), r.n, number(r.min), number(r.median), number(r.max)))
                   for r in spreads.itertuples()]  # fmt: skip
    html = render(
        "comparison.html.j2", lang=lang, title=t["title"], t=t | {"sample": labels(lang)["sample"]}, sample=sample,
        overall_columns=[t[k] for k in keys], overall_rows=overall_rows, missed=missed,
        targets=[(c, name(c)) for c in heat.columns], heat=list(zip(heat.index, heat.to_numpy().tolist(), strict=True)),
        statuses=statuses, short={s: t[f"short_{s}"] for s in statuses},
        spread_columns=[t[k] for k in ("indicator", "n", "min", "median", "max")], spread_rows=spread_rows,
    )  # fmt: skip
    (folder / "comparison.html").write_text(html, encoding="utf-8")
    return list(FILES)
