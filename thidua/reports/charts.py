"""Charts for the reviews. Each function returns a matplotlib Figure and draws nothing on screen.

Every chart is drawn and saved under ``RC``: DejaVu Sans (it has every Vietnamese glyph), no text
parsed as mathtext (input names may hold ``$``), and SVG that keeps text as text: a few KB, sharp on a
phone and in print, with ids that do not change from run to run. Axes are numbered as the report
writes numbers (2,5 in Vietnamese), legends sit below the plot, never over a bar, and figures are
sized for a phone's width.
"""

from __future__ import annotations

import base64
import functools
import io
import textwrap
from collections.abc import Callable
from typing import ParamSpec

import matplotlib as mpl

mpl.use("Agg")  # no display in scheduled runs; notebooks still show the returned figures

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from thidua.engine.achievement import REACHED, UNREACHED
from thidua.reports.formatting import fmt_number, fmt_percent
from thidua.reports.i18n import N_, translated
from thidua.reports.labels import STATUS_LABELS
from thidua.reports.style import BAND_COLOUR, SERIES_COLOURS, STATUS_COLOURS, TARGET_COLOUR

RC = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Roboto", "Arial"],
    "font.size": 9,  # drawn at most 32rem wide (about 1,2 times its size): as the page's small text
    "axes.titlesize": 10,
    "legend.fontsize": 8,
    "text.parse_math": False,
    "svg.fonttype": "none",
    "svg.hashsalt": "thidua",
    "axes.spines.top": False,
    "axes.spines.right": False,
}
WIDTH = 4.2  # inches: about 400 px, a phone's width
LOW, HIGH = -1.0, 2.0  # progress ratios drawn; beyond these a bar is cut and its value written
_TEXT: dict[str, str] = {  # key → message (context "chart")
    "plan": N_("chart", "Plan"),
    "actual": N_("chart", "Actual"),
    "share": N_("chart", "Share (%)"),
    "growth": N_("chart", "Growth (%)"),
    "target": N_("chart", "Target"),
    "points": N_("chart", "Percentage points"),
    "total": N_("chart", "Total"),
    "structure": N_("chart", "Economic structure"),
    "growth_title": N_("chart", "Sector growth against the plan"),
    "contrib": N_("chart", "Contributions to growth"),
    "budget": N_("chart", "Budget execution"),
    "estimate": N_("chart", "Estimate"),
    "thu": N_("chart", "Revenue"),
    "chi": N_("chart", "Expenditure"),
    "money": N_("chart", "Billion đồng"),
    "score": N_("chart", "Score"),
    "candidates": N_("chart", "Candidates"),
    "plan_path": N_("chart", "The plan's path"),
    "progress": N_("chart", "Achieved, % of plan (100% = the plan)"),
    "target_line": N_("chart", "the plan (100%)"),
    "no_ratio": N_("chart", "no % of plan: met 100%, not 0"),
    "beyond": N_("chart", "beyond the axis: value written"),
}

P = ParamSpec("P")
_NO_METADATA = dict.fromkeys(("Creator", "Date", "Format", "Type"))  # no date: the same chart, the same bytes


def _styled(draw: Callable[P, Figure]) -> Callable[P, Figure]:
    """Draw under ``RC``, so every text (input names too) gets the same font and no mathtext."""

    @functools.wraps(draw)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Figure:
        with mpl.rc_context(RC):
            return draw(*args, **kwargs)

    return wrapper


def data_uri(fig: Figure) -> str:
    """The figure as an SVG ``data:`` URI for an ``<img>``: nothing to fetch, and no script can run in it."""
    buffer = io.BytesIO()
    with mpl.rc_context(RC):
        # The constrained layout fits the figure already: no "tight" box, which would draw it twice.
        fig.savefig(buffer, format="svg", metadata=_NO_METADATA)
    svg = b"\n".join(line.strip() for line in buffer.getvalue().splitlines())  # indentation is a tenth of the file
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _figure(height: float) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(WIDTH, height), layout="constrained")
    return fig, fig.add_subplot()


def _numbers(axis: Axis, lang: str) -> None:
    """Tick labels in the report's number style: 2,5 and 1.000 in Vietnamese."""
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: fmt_number(value, lang)))


def _legend_below(fig: Figure, ncols: int, handles: list | None = None) -> None:
    """The legend under the plot, where it covers nothing."""
    fig.legend(handles=handles, loc="outside lower center", ncols=ncols, frameon=False)


def _wrap(text: str, width: int, lines: int = 2) -> str:
    """A label on at most ``lines`` lines of ``width`` characters, with … when it had to be cut."""
    parts = textwrap.wrap(str(text), width) or [""]
    if len(parts) > lines:
        parts = [*parts[: lines - 1], textwrap.shorten(" ".join(parts[lines - 1 :]), width, placeholder=" …")]
    return "\n".join(parts)


@_styled
def structure_chart(actual: pd.Series, plan: pd.Series, labels: pd.Series, lang: str = "vi") -> Figure:
    """Stacked bars of the economic structure: plan vs actual shares (%) by sector."""
    t = translated("chart", _TEXT, lang)
    fig, ax = _figure(2.6)
    frame = pd.DataFrame({t["plan"]: plan, t["actual"]: actual}).T
    left = np.zeros(len(frame))
    for i, sector in enumerate(frame.columns):
        values = frame[sector].to_numpy(dtype=float)
        ax.barh(frame.index, values, left=left, color=SERIES_COLOURS[i % len(SERIES_COLOURS)],
                label=labels.get(sector, sector))  # fmt: skip
        for y, (x0, v) in enumerate(zip(left, values, strict=True)):
            ax.text(x0 + v / 2, y, fmt_number(v, lang, 1), ha="center", va="center", color="white")
        left += values
    ax.set_xlim(0, 100)
    _numbers(ax.xaxis, lang)
    ax.set_xlabel(t["share"])
    ax.set_title(t["structure"])
    _legend_below(fig, ncols=2)
    return fig


@_styled
def growth_chart(growth: pd.Series, low: pd.Series, high: pd.Series, labels: pd.Series, lang: str = "vi") -> Figure:
    """Sector growth (bars) against each sector's target range (shaded band, or a line for one value)."""
    t = translated("chart", _TEXT, lang)
    fig, ax = _figure(3.0)
    x = np.arange(len(growth))
    for i, sector in enumerate(growth.index):  # the plan's band first, behind the bars, opaque: no mixed colour
        lo, hi = low.get(sector, np.nan), high.get(sector, np.nan)
        hi = lo if np.isnan(hi) else hi
        ax.fill_between([i - 0.4, i + 0.4], lo, hi, color=BAND_COLOUR, zorder=1, linewidth=0)
        ax.hlines([lo, hi], i - 0.4, i + 0.4, color=TARGET_COLOUR, zorder=1)
    ax.bar(x, growth.to_numpy(dtype=float), color=SERIES_COLOURS[0], width=0.3, zorder=2)
    for i, sector in enumerate(growth.index):  # the value above the bar and the band, never on an edge
        top = np.nanmax([growth[sector], low.get(sector, np.nan), high.get(sector, np.nan), 0.0])
        ax.text(i, top, fmt_number(growth[sector], lang, 1, trim=True), ha="center", va="bottom", zorder=3)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.margins(y=0.12)
    ax.set_xticks(x, [_wrap(labels.get(s, s), 14) for s in growth.index])
    _numbers(ax.yaxis, lang)
    ax.set_ylabel(t["growth"])
    ax.set_title(t["growth_title"])
    handles = [Patch(color=SERIES_COLOURS[0], label=t["actual"]),
               Patch(facecolor=BAND_COLOUR, edgecolor=TARGET_COLOUR, label=t["target"])]  # fmt: skip
    _legend_below(fig, ncols=2, handles=handles)
    return fig


@_styled
def contributions_chart(table: pd.DataFrame, labels: pd.Series, lang: str = "vi") -> Figure:
    """One stacked bar of sector contributions (points) that add up to total growth, with the total marked."""
    t = translated("chart", _TEXT, lang)
    fig, ax = _figure(2.2)
    sectors = table.drop(index="total")
    pos, neg = 0.0, 0.0
    for i, (sector, points) in enumerate(sectors["contribution_points"].items()):
        start = pos if points >= 0 else neg
        ax.barh([0], [points], left=start, color=SERIES_COLOURS[i % len(SERIES_COLOURS)],
                label=labels.get(sector, sector))  # fmt: skip
        ax.text(start + points / 2, 0, fmt_number(points, lang, 1, trim=True), ha="center", va="center", color="white")
        pos, neg = (pos + points, neg) if points >= 0 else (pos, neg + points)
    total = table.loc["total", "contribution_points"]
    ax.axvline(total, color="black", linestyle="--")
    ax.text(total, 0.45, f"{t['total']}: {fmt_number(total, lang, 1, trim=True)} ", ha="right", va="bottom")
    ax.set_yticks([])
    _numbers(ax.xaxis, lang)
    ax.set_xlabel(t["points"])
    ax.set_title(t["contrib"])
    _legend_below(fig, ncols=2)
    return fig


@_styled
def budget_chart(execution: pd.DataFrame, lang: str = "vi") -> Figure:
    """Revenue and expenditure totals: estimate vs actual (billion đồng), with % of the estimate."""
    t = translated("chart", _TEXT, lang)
    fig, ax = _figure(2.8)
    totals = execution[(execution["item"] == "total") & execution["side"].isin(["thu", "chi"])].set_index("side")
    x = np.arange(len(totals))
    ax.bar(x - 0.2, totals["estimate"] / 1e9, width=0.4, color=SERIES_COLOURS[1], label=t["estimate"])
    ax.bar(x + 0.2, totals["actual"] / 1e9, width=0.4, color=SERIES_COLOURS[0], label=t["actual"])
    for i, (_, row) in enumerate(totals.iterrows()):
        label = fmt_percent(row["pct_of_estimate"], lang)
        ax.text(i + 0.2, row["actual"] / 1e9, label, ha="center", va="bottom")
    ax.margins(y=0.1)
    ax.set_xticks(x, [t[s] for s in totals.index])
    _numbers(ax.yaxis, lang)
    ax.set_ylabel(t["money"])
    ax.set_title(t["budget"])
    _legend_below(fig, ncols=2)
    return fig


@_styled
def group_chart(results: pd.DataFrame, names: pd.Series, title: str, lang: str = "vi") -> Figure:
    """How far each target of one group got, in % of its plan (100% = the plan), coloured by status.

    A target with a % of plan (an "at least" target: A / T) is a bar at it, as the table prints it (101,2%).
    Every other target (a growth, a band, a share, yes/no, one that must fall, no data) has no % of plan: it is
    a diamond at 100% when met and at 0 when not, never a number the reader could take for a %. Every target not
    met or without data has its status written beside it; a bar cut at the axis (200%) carries its value.
    """
    t = translated("chart", _TEXT, lang)
    fig, ax = _figure(0.34 * len(results) + 1.5)
    status = results["status"].astype(str).to_numpy()
    pct = results.get("pct_of_plan", pd.Series(np.nan, index=results.index)).to_numpy(dtype=float)
    ratio = pct / 100.0
    y = np.arange(len(results))[::-1]
    colours = np.array([STATUS_COLOURS[s] for s in status])
    defined = ~np.isnan(ratio)
    end = np.where(defined, np.clip(ratio, LOW, HIGH), np.isin(status, REACHED).astype(float))
    ax.barh(y[defined], end[defined], color=colours[defined], height=0.7)
    ax.scatter(end[~defined], y[~defined], marker="D", s=30, c=colours[~defined], zorder=3)
    _write_missed(ax, status, end, y, lang)
    cut = _write_cut(ax, ratio, y, lang)
    ax.axvline(1, color="black", linewidth=0.8, linestyle="--")
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_yticks(y, [_wrap(names.get(i, i), 30) for i in results["indicator_id"]])
    ax.set_xlim(LOW - 0.05 if end.min() < 0 else -0.1, HIGH + 0.1)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_number(v * 100, lang, 0) + "%"))
    ax.set_xlabel(t["progress"], loc="right")  # ends under the plot: long names push it right
    ax.set_title(title)
    _legend_below(fig, ncols=2, handles=_status_handles(lang, cut))
    return fig


def _write_missed(ax: Axes, status: np.ndarray, end: np.ndarray, y: np.ndarray, lang: str) -> None:
    """The status word beside every target not met or without data, so none is an empty row."""
    for s, x, yi in zip(status, end, y, strict=True):
        if s in UNREACHED:
            ax.text(max(x, 0) + 0.06, yi, STATUS_LABELS[lang][s], va="center", color=STATUS_COLOURS[s], fontsize=8)


def _write_cut(ax: Axes, ratio: np.ndarray, y: np.ndarray, lang: str) -> bool:
    """Mark bars cut at the axis (a triangle at the cut) and write their % of plan ('2.412,7%'); True if any."""
    beyond = (ratio > HIGH) | (ratio < LOW)
    for r, yi in zip(ratio[beyond], y[beyond], strict=True):
        edge, side, marker = (HIGH, "right", ">") if r > HIGH else (LOW, "left", "<")
        ax.plot([edge], [yi], marker=marker, color="black", markersize=5, clip_on=False)
        ax.text(edge - 0.08 if r > HIGH else edge + 0.08, yi, fmt_percent(r * 100.0, lang), ha=side, va="center",
                color="white", fontsize=8, fontweight="bold")  # fmt: skip
    return bool(beyond.any())


def _status_handles(lang: str, cut: bool) -> list:
    """Legend: the four status colours, the diamond, the target line and, when used, the cut mark."""
    t = translated("chart", _TEXT, lang)
    handles: list = [Patch(color=STATUS_COLOURS[s], label=label) for s, label in STATUS_LABELS[lang].items()]
    handles.append(Line2D([], [], linestyle="none", marker="D", color="#616161", label=t["no_ratio"]))
    handles.append(Line2D([], [], linestyle="--", color="black", linewidth=0.8, label=t["target_line"]))
    if cut:
        handles.append(Line2D([], [], linestyle="none", marker=">", color="black", label=t["beyond"]))
    return handles


@_styled
def ranking_chart(labels: list[str], scores: list[float], title: str, lang: str = "vi") -> Figure:
    """Scores of the ranked units, best at the top."""
    t = translated("chart", _TEXT, lang)
    fig, ax = _figure(0.32 * len(labels) + 1.0)
    y = np.arange(len(labels))[::-1]
    ax.barh(y, scores, color=SERIES_COLOURS[0])
    for yi, score in zip(y, scores, strict=True):
        ax.text(score, yi, " " + fmt_number(score, lang, 1), va="center")
    ax.set_yticks(y, [_wrap(label, 24) for label in labels])
    ax.set_xlim(0, max(scores) * 1.18 if scores else 1)
    _numbers(ax.xaxis, lang)
    ax.set_xlabel(t["score"])
    ax.set_title(title)
    return fig


@_styled
def commendation_chart(counts: pd.DataFrame, names: pd.Series, labels: dict[str, str], title: str,
                       lang: str = "vi") -> Figure:  # fmt: skip
    """Per title, how many meet its criteria (every one, the ones thidua checks, above the cap) and how many fail one.

    ``counts`` has a row per title and a column per status (``thidua.engine.commendation.STATUSES``); ``labels``
    names each status as the page's table does.
    """
    t = translated("chart", _TEXT, lang)
    fig, ax = _figure(0.45 * len(counts) + 1.6)
    y = np.arange(len(counts))[::-1]
    left = np.zeros(len(counts))
    colours = {"eligible": STATUS_COLOURS["exceeded"], "to_confirm": STATUS_COLOURS["met"],
               "above_cap": TARGET_COLOUR, "not_eligible": STATUS_COLOURS["no_data"]}  # fmt: skip
    for status, colour in colours.items():
        values = counts[status].to_numpy(dtype=float)
        ax.barh(y, values, left=left, color=colour, height=0.6, label=labels[status])
        for yi, x, v in zip(y, left, values, strict=True):
            if v:
                ax.text(x + v / 2, yi, fmt_number(v, lang, 0), ha="center", va="center", color="white")
        left += values
    ax.set_yticks(y, [_wrap(names.get(i, i), 22) for i in counts.index])
    _numbers(ax.xaxis, lang)
    ax.set_xlabel(t["candidates"])
    ax.set_title(title)
    _legend_below(fig, ncols=1)
    return fig


@_styled
def term_chart(yearly: pd.Series, path: pd.Series, title: str, unit: str, lang: str = "vi") -> Figure:
    """A term target's yearly figures (line and points) against the path its plan implies (dashed), by year."""
    t = translated("chart", _TEXT, lang)
    fig, ax = _figure(2.6)
    known = yearly.dropna()
    ax.plot(path.index, path.to_numpy(dtype=float), linestyle="--", color=TARGET_COLOUR, label=t["plan_path"])
    ax.plot(known.index, known.to_numpy(dtype=float), marker="o", color=SERIES_COLOURS[0], label=t["actual"])
    for year, value in known.items():
        ax.annotate(fmt_number(value, lang, None), (year, value), textcoords="offset points", xytext=(0, 5),
                    ha="center", fontsize=8)  # fmt: skip
    ax.set_xticks(list(path.index), [str(y) for y in path.index])
    ax.margins(y=0.15)
    _numbers(ax.yaxis, lang)
    ax.set_ylabel(unit)
    ax.set_title(title)
    _legend_below(fig, ncols=2)
    return fig
