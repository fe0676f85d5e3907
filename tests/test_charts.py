"""Charts that hide nothing: every target has a row, a status legend below the plot, cut bars marked,
axes in the report's number style, nothing outside the figure, input text never read as mathtext."""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from thidua.reports import charts
from thidua.reports.style import STATUS_COLOURS

ROWS = [  # indicator, status, % of plan (only an "at least" target has one; the others are drawn at their status)
    ("must_fall", "not_met", np.nan),  # a "decrease" target that rose: no % of plan, must still show
    ("missing", "no_data", np.nan),
    ("yes_no", "met", np.nan),
    ("far_ahead", "exceeded", 500.0),  # beyond the axis (200%)
    ("worse", "not_met", -300.0),  # beyond the axis, the other way (a negative figure)
    ("half", "not_met", 50.0),
    ("done", "met", 100.0),
]
NAMES = pd.Series({i: f"Chỉ tiêu {i} $x$ có tên rất dài cần xuống dòng cho vừa" for i, _, _ in ROWS})


def _results() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=["indicator_id", "status", "pct_of_plan"])


def _drawn(fig):
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text") and o.get_visible())]


def test_every_target_has_a_row_and_missed_ones_say_so():
    fig = charts.group_chart(_results(), NAMES, "Nhóm", "vi")
    _drawn(fig)
    ax = fig.axes[0]
    bars = {round(p.get_y() + p.get_height() / 2) for p in ax.patches if p.get_width() != 0}
    markers = {round(y) for c in ax.collections for _, y in c.get_offsets()}
    assert bars | markers == set(range(len(ROWS))), "no empty row"
    assert len(markers) == 3, "the three targets without a % of plan get a marker"
    # the bars end at their % of plan as the table prints it: 50% at 0,5 and 100% at 1 (the axis says %)
    ends = sorted(round(p.get_width(), 3) for p in ax.patches if p.get_width() != 0)
    assert 0.5 in ends and 1.0 in ends
    texts = _texts(fig)
    assert texts.count("không đạt") >= 3 + 1, "beside each of the 3 missed targets, and in the legend"
    assert texts.count("chưa có số liệu") >= 2
    faces = [tuple(f) for c in ax.collections for f in c.get_facecolors()]
    assert faces == [charts.mpl.colors.to_rgba(STATUS_COLOURS[s]) for s in ("not_met", "no_data", "met")]


def test_cut_bars_carry_their_value_and_the_legend_explains():
    fig = charts.group_chart(_results(), NAMES, "Nhóm", "vi")
    _drawn(fig)
    texts = _texts(fig)
    assert "500%" in texts and "-300%" in texts
    assert "ngoài trục: ghi giá trị" in texts
    legend = fig.legends[0]
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels[:4] == ["vượt", "đạt", "không đạt", "chưa có số liệu"]
    assert [h.get_facecolor() for h in legend.legend_handles[:4]] == [
        pytest.approx(charts.mpl.colors.to_rgba(STATUS_COLOURS[s])) for s in ("exceeded", "met", "not_met", "no_data")
    ]
    uncut = charts.group_chart(_results().iloc[[0, 5]], NAMES, "Nhóm", "vi")
    assert "ngoài trục: ghi giá trị" not in [t.get_text() for t in uncut.legends[0].get_texts()]


@pytest.mark.parametrize(("lang", "half", "other"), [("vi", "50%", ","), ("en", "50%", ".")])
def test_ticks_in_the_report_number_style(lang, half, other):
    fig = charts.group_chart(_results().iloc[5:], NAMES, "Nhóm", lang)
    _drawn(fig)
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert half in ticks and not [t for t in ticks if other in t]


def _economic_figures():
    labels = pd.Series({"a": "Nông nghiệp", "b": "Công nghiệp – xây dựng", "c": "Thương mại – dịch vụ"})
    growth = pd.Series({"a": 4.0, "b": 17.0, "c": 21.0})
    table = pd.DataFrame({"contribution_points": [1.6, 4.9, 6.7, 13.2]}, index=["a", "b", "c", "total"])
    budget = pd.DataFrame(
        {"side": ["thu", "chi"], "item": ["total", "total"], "estimate": [6.83e9, 6.83e9],
         "actual": [7.12e9, 6.83e9], "pct_of_estimate": [104.2, 100.0]}
    )  # fmt: skip
    return [
        charts.structure_chart(
            pd.Series({"a": 37.9, "b": 29.8, "c": 32.3}), pd.Series({"a": 38.5, "b": 29.4, "c": 32.1}), labels
        ),
        charts.growth_chart(
            growth, pd.Series({"a": 5.0, "b": 15.0, "c": 15.0}), pd.Series({"a": 7.0, "b": 20.0, "c": 20.0}), labels
        ),
        charts.contributions_chart(table, labels),
        charts.budget_chart(budget),
        charts.group_chart(_results(), NAMES, "Nhóm"),
    ]


@pytest.mark.parametrize("index", range(5))
def test_legends_cover_no_bar_and_no_text_leaves_the_figure(index):
    fig = _economic_figures()[index]
    renderer = _drawn(fig)
    plot = fig.axes[0].get_window_extent(renderer)
    for legend in fig.legends:
        assert not legend.get_window_extent(renderer).overlaps(plot), "the legend sits below the plot"
    drawn = fig.get_tightbbox(renderer).transformed(fig.dpi_scale_trans)  # everything drawn: labels, ticks, legend
    page = fig.bbox
    assert drawn.x0 >= page.x0 - 1 and drawn.y0 >= page.y0 - 1, "nothing cut on the left or at the bottom"
    assert drawn.x1 <= page.x1 + 1 and drawn.y1 <= page.y1 + 1, "nothing cut on the right or at the top"


def test_input_text_is_never_mathtext_and_the_svg_is_stable():
    fig = charts.group_chart(_results(), NAMES, "Nhóm $a^2$")
    uri = charts.data_uri(fig)
    assert uri.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(uri.split(",", 1)[1]).decode("utf-8")
    assert "Nhóm $a^2$" in svg and "$x$" in svg, "dollars drawn as they are"
    assert "<script" not in svg and "<dc:date>" not in svg
    assert charts.data_uri(charts.group_chart(_results(), NAMES, "Nhóm $a^2$")) == uri, "same chart, same bytes"
    assert len(uri) < 40_000


def test_charts_speak_of_the_plan_and_print_numbers_as_the_report_does():
    """docs/style-guide.md, Charts: 'kế hoạch' (never 'mục tiêu'), '4' and '100%' (never '4,0', '100,0%')."""
    _structure, growth, contributions, budget, group = _economic_figures()
    assert {"4", "17", "21", "Kế hoạch"} <= set(_texts(growth)) and "4,0" not in _texts(growth)
    assert {"1,6", "4,9", "6,7", "Tổng: 13,2 "} <= set(_texts(contributions))
    assert {"104,2%", "100%"} <= set(_texts(budget)) and "100,0%" not in _texts(budget)
    texts = _texts(group)
    assert "Mức đạt, % kế hoạch (100% = đạt kế hoạch)" in texts and "kế hoạch (100%)" in texts
    assert "không có % KH: đạt 100%, không 0" in texts
    assert not [t for t in texts if "mục tiêu" in t.lower()]
    from thidua.reports.labels import labels

    assert labels("vi")["charts"] == "Mức độ hoàn thành kế hoạch theo nhóm chỉ tiêu"  # the charts' heading
