"""Charts for the reviews. Each function returns a matplotlib Figure and draws nothing on screen.

Labels carry Vietnamese diacritics; DejaVu Sans, which ships with matplotlib, has every glyph. Names come
from input files, so mathtext is off: "$5 và $10" is drawn as written, never parsed as math.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec

import matplotlib as mpl

mpl.use("Agg")  # no display in scheduled runs; notebooks still show the returned figures

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from thidua.formatting import fmt_number

FONT = "DejaVu Sans"
COLOURS = ["#2e7d32", "#f9a825", "#1565c0", "#8e24aa", "#6d4c41"]
_TEXT = {
    "vi": {
        "plan": "Kế hoạch", "actual": "Thực hiện", "baseline": "Năm trước", "share": "Tỷ trọng (%)",
        "growth": "Tăng trưởng (%)", "target": "Mục tiêu", "points": "Điểm phần trăm", "total": "Tổng",
        "structure": "Cơ cấu kinh tế", "growth_title": "Tăng trưởng theo ngành so với kế hoạch",
        "contrib": "Đóng góp vào tăng trưởng", "budget": "Thực hiện ngân sách", "estimate": "Dự toán",
        "thu": "Thu", "chi": "Chi", "money": "Tỷ đồng",
    },
    "en": {
        "plan": "Plan", "actual": "Actual", "baseline": "Last year", "share": "Share (%)",
        "growth": "Growth (%)", "target": "Target", "points": "Percentage points", "total": "Total",
        "structure": "Economic structure", "growth_title": "Sector growth against the plan",
        "contrib": "Contributions to growth", "budget": "Budget execution", "estimate": "Estimate",
        "thu": "Revenue", "chi": "Expenditure", "money": "Billion đồng",
    },
}  # fmt: skip


P = ParamSpec("P")


def _literal_text(draw: Callable[P, Figure]) -> Callable[P, Figure]:
    """Run a chart function with mathtext off, so every text it creates (titles, ticks, legend) is literal."""

    @functools.wraps(draw)
    def drawn(*args: P.args, **kwargs: P.kwargs) -> Figure:
        with mpl.rc_context({"text.parse_math": False}):
            return draw(*args, **kwargs)

    return drawn


def _figure(width: float = 6.4, height: float = 3.6) -> tuple[Figure, Axes]:
    with mpl.rc_context({"font.family": FONT}):
        fig = Figure(figsize=(width, height), layout="constrained")
        ax = fig.add_subplot()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


@_literal_text
def structure_chart(actual: pd.Series, plan: pd.Series, labels: pd.Series, lang: str = "vi") -> Figure:
    """Stacked bars of the economic structure: plan vs actual shares (%) by sector."""
    t = _TEXT[lang]
    fig, ax = _figure()
    frame = pd.DataFrame({t["plan"]: plan, t["actual"]: actual}).T
    left = np.zeros(len(frame))
    for i, sector in enumerate(frame.columns):
        values = frame[sector].to_numpy(dtype=float)
        ax.barh(frame.index, values, left=left, color=COLOURS[i % len(COLOURS)], label=labels.get(sector, sector))
        for y, (x0, v) in enumerate(zip(left, values, strict=True)):
            ax.text(x0 + v / 2, y, fmt_number(v, lang, 1), ha="center", va="center", color="white", fontsize=9)
        left += values
    ax.set_xlim(0, 100)
    ax.set_xlabel(t["share"])
    ax.set_title(t["structure"])
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=len(frame.columns), frameon=False)
    return fig


@_literal_text
def growth_chart(growth: pd.Series, low: pd.Series, high: pd.Series, labels: pd.Series, lang: str = "vi") -> Figure:
    """Sector growth (bars) against each sector's target range (shaded band, or a line for one value)."""
    t = _TEXT[lang]
    fig, ax = _figure()
    x = np.arange(len(growth))
    ax.bar(x, growth.to_numpy(dtype=float), color=COLOURS[2], width=0.5, label=t["actual"])
    for i, sector in enumerate(growth.index):
        lo, hi = low.get(sector, np.nan), high.get(sector, np.nan)
        hi = lo if np.isnan(hi) else hi
        ax.fill_between([i - 0.4, i + 0.4], lo, hi, color=COLOURS[1], alpha=0.5, label=t["target"] if i == 0 else None)
        ax.hlines([lo, hi], i - 0.4, i + 0.4, color=COLOURS[1])
        ax.text(i, growth[sector], fmt_number(growth[sector], lang, 1), ha="center", va="bottom", fontsize=9)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x, [labels.get(s, s) for s in growth.index])
    ax.set_ylabel(t["growth"])
    ax.set_title(t["growth_title"])
    ax.legend(frameon=False)
    return fig


@_literal_text
def contributions_chart(table: pd.DataFrame, labels: pd.Series, lang: str = "vi") -> Figure:
    """One stacked bar of sector contributions (points) that add up to total growth, with the total marked."""
    t = _TEXT[lang]
    fig, ax = _figure(6.4, 3.0)
    sectors = table.drop(index="total")
    pos, neg = 0.0, 0.0
    for i, (sector, points) in enumerate(sectors["contribution_points"].items()):
        start = pos if points >= 0 else neg
        ax.barh([0], [points], left=start, color=COLOURS[i % len(COLOURS)], label=labels.get(sector, sector))
        ax.text(start + points / 2, 0, fmt_number(points, lang, 2), ha="center", va="center", color="white", fontsize=9)
        pos, neg = (pos + points, neg) if points >= 0 else (pos, neg + points)
    total = table.loc["total", "contribution_points"]
    ax.axvline(total, color="black", linestyle="--")
    ax.text(total, 0.45, f"{t['total']}: {fmt_number(total, lang, 2)}", ha="right", va="bottom")
    ax.set_yticks([])
    ax.set_xlabel(t["points"])
    ax.set_title(t["contrib"])
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=len(sectors), frameon=False)
    return fig


@_literal_text
def budget_chart(execution: pd.DataFrame, lang: str = "vi") -> Figure:
    """Revenue and expenditure totals: estimate vs actual (billion đồng), with % of the estimate."""
    t = _TEXT[lang]
    fig, ax = _figure()
    totals = execution[(execution["item"] == "total") & execution["side"].isin(["thu", "chi"])].set_index("side")
    x = np.arange(len(totals))
    ax.bar(x - 0.2, totals["estimate"] / 1e9, width=0.4, color=COLOURS[1], label=t["estimate"])
    ax.bar(x + 0.2, totals["actual"] / 1e9, width=0.4, color=COLOURS[2], label=t["actual"])
    for i, (_, row) in enumerate(totals.iterrows()):
        label = fmt_number(row["pct_of_estimate"], lang, 1) + "%"
        ax.text(i + 0.2, row["actual"] / 1e9, label, ha="center", va="bottom", fontsize=9)
    ax.set_xticks(x, [t[s] for s in totals.index])
    ax.set_ylabel(t["money"])
    ax.set_title(t["budget"])
    ax.legend(frameon=False)
    return fig


STATUS_COLOURS = {"exceeded": "#1b5e20", "met": "#43a047", "not_met": "#e53935", "no_data": "#9e9e9e"}


@_literal_text
def group_chart(results: pd.DataFrame, names: pd.Series, title: str, lang: str = "vi") -> Figure:
    """Progress towards each target of one group: R = (A − B) / (T − B), 1 = the target, coloured by status.

    Targets without a defined R (yes/no, shares, baseline already at the target) are drawn at 1 when met.
    """
    labels = {"vi": ("Tiến độ so với mục tiêu (1 = đạt mục tiêu)",), "en": ("Progress to target (1 = target)",)}
    fig, ax = _figure(5.0, 0.32 * len(results) + 1.2)
    ratio = results["progress_ratio"].to_numpy(dtype=float)
    good = results["status"].isin(["met", "exceeded"]).to_numpy()
    shown = np.clip(np.where(np.isnan(ratio), np.where(good, 1.0, 0.0), ratio), -1, 2)
    y = np.arange(len(results))[::-1]
    colours = [STATUS_COLOURS[s] for s in results["status"]]
    ax.barh(y, shown, color=colours)
    ax.axvline(1, color="black", linewidth=0.8, linestyle="--")
    ax.set_yticks(y, [_shorten(names.get(i, i), 34) for i in results["indicator_id"]], fontsize=8)
    ax.set_xlim(min(-0.1, shown.min() - 0.1), 2.1)
    ax.set_xlabel(labels[lang][0])
    ax.set_title(title)
    return fig


def _shorten(text: str, width: int = 42) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@_literal_text
def ranking_chart(labels: list[str], scores: list[float], title: str, lang: str = "vi") -> Figure:
    """Scores of the ranked units, best at the top."""
    fig, ax = _figure(5.0, 0.35 * len(labels) + 1.2)
    y = np.arange(len(labels))[::-1]
    ax.barh(y, scores, color=COLOURS[2])
    for yi, score in zip(y, scores, strict=True):
        ax.text(score, yi, " " + fmt_number(score, lang, 1), va="center", fontsize=8)
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlim(0, max(scores) * 1.15 if scores else 1)
    ax.set_title(title)
    return fig
