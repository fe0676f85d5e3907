"""Structure, growth and contributions: hand-checked numbers and published statistics."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from thidua.engine.structure import (
    budget_execution,
    check_shares_sum,
    contributions,
    contributions_panel,
    deflate,
    growth,
    inflate,
    per_person,
    plan_consistency,
    points_difference,
    round_published,
    shares,
)
from thidua.errors import InputError
from thidua.reports import charts

PREV = pd.Series({"nong_nghiep": 250_000, "cn_xd": 180_000, "tm_dv": 200_000})
CURR = pd.Series({"nong_nghiep": 260_000, "cn_xd": 210_600, "tm_dv": 242_000})


def test_shares_of_a_series_and_a_frame():
    assert shares(pd.Series({"a": 1, "b": 3})).tolist() == [25.0, 75.0]
    frame = pd.DataFrame({"a": [1, 2], "b": [1, 6]}, index=["x", "y"])
    result = shares(frame)
    assert result.loc["y"].tolist() == [25.0, 75.0]
    assert np.allclose(result.sum(axis=1), 100.0)


def test_growth_and_contributions_hand_checked():
    g = growth(PREV, CURR)
    assert g["nong_nghiep"] == pytest.approx(4.0)
    assert g["cn_xd"] == pytest.approx(17.0)
    assert g["tm_dv"] == pytest.approx(21.0)
    assert g["total"] == pytest.approx(82_600 / 630_000 * 100)  # 13.1111
    table = contributions(PREV, CURR)
    assert table.loc["nong_nghiep", "contribution_points"] == pytest.approx(10_000 / 630_000 * 100)  # 1.5873
    assert table.loc["cn_xd", "contribution_points"] == pytest.approx(30_600 / 630_000 * 100)  # 4.8571
    assert table.loc["tm_dv", "contribution_points"] == pytest.approx(42_000 / 630_000 * 100)  # 6.6667
    assert table.drop(index="total")["contribution_points"].sum() == pytest.approx(table.loc["total", "growth"])
    assert table.loc["nong_nghiep", "share_of_growth"] == pytest.approx(10_000 / 82_600 * 100)  # 12.1065
    assert table.drop(index="total")["share_of_growth"].sum() == pytest.approx(100.0)


def test_negative_growth_contributes_negative_points():
    table = contributions(pd.Series({"a": 100.0, "b": 100.0}), pd.Series({"a": 90.0, "b": 120.0}))
    assert table["growth"].tolist() == pytest.approx([-10.0, 20.0, 5.0])
    assert table["contribution_points"].tolist() == pytest.approx([-5.0, 10.0, 5.0])
    assert table["share_of_growth"].tolist() == pytest.approx([-100.0, 200.0, 100.0])


def test_zero_total_growth_has_no_share_of_growth():
    table = contributions(pd.Series({"a": 100.0, "b": 100.0}), pd.Series({"a": 90.0, "b": 110.0}))
    assert table.loc["total", "growth"] == 0
    assert table["share_of_growth"].isna().all()


def test_gso_first_quarter_2011():
    """docs/domain.md §5.6's check (GSO, Q1 2011): weights = contribution / growth; total 5.43."""
    printed = pd.DataFrame(
        {"growth": [2.05, 5.47, 6.28], "contribution_points": [0.24, 2.36, 2.83]},
        index=["nong_lam_thuy_san", "cong_nghiep_xay_dung", "dich_vu"],
    )
    prev = printed["contribution_points"] / printed["growth"] * 1000  # base-period levels
    curr = prev * (1 + printed["growth"] / 100)
    table = contributions(prev, curr)
    assert table["growth"].drop("total").round(2).tolist() == printed["growth"].tolist()
    assert table["contribution_points"].drop("total").round(2).tolist() == printed["contribution_points"].tolist()
    assert round(table.loc["total", "contribution_points"], 2) == 5.43


# Cục Thống kê Nam Định, Niên giám thống kê 2022, table 30 "Tổng sản phẩm trên địa bàn theo giá hiện hành
# phân theo khu vực kinh tế" (million đồng), and the structure printed in "Báo cáo tình hình kinh tế - xã hội
# tỉnh Nam Định năm 2022": 19,39 / 42,65 / 34,78 / 3,18 (2021: 20,80 / 41,86 / 34,26 / 3,08).
NAM_DINH_GRDP = pd.DataFrame(
    {
        "nong_lam_thuy_san": [17_494_478, 17_835_922],
        "cong_nghiep_xay_dung": [35_202_770, 39_225_722],
        "dich_vu": [28_814_433, 31_989_350],
        "thue_san_pham": [2_585_137, 2_914_679],
    },
    index=[2021, 2022],
)
NAM_DINH_PRINTED = {2021: [20.80, 41.86, 34.26, 3.08], 2022: [19.39, 42.65, 34.78, 3.18]}
NAM_DINH_TOTAL = {2021: 84_096_818, 2022: 91_965_673}


def test_nam_dinh_grdp_structure_reproduced_with_the_residual_convention():
    assert NAM_DINH_GRDP.sum(axis=1).to_dict() == NAM_DINH_TOTAL
    exact = shares(NAM_DINH_GRDP)
    published = round_published(exact, 2, residual="thue_san_pham")
    for year, printed in NAM_DINH_PRINTED.items():
        assert published.loc[year].tolist() == pytest.approx(printed, abs=1e-9)
    # Rounded independently, product taxes come out 0.01 lower: 3.07 and 3.17.
    plain = exact.round(2)["thue_san_pham"].tolist()
    assert plain == [3.07, 3.17]
    assert (np.asarray(NAM_DINH_PRINTED[2022]) - exact.loc[2022].to_numpy()).__abs__().max() < 0.011
    # Structure shift 2021 → 2022 in points, as the report describes it.
    shift = points_difference(published.loc[2022], published.loc[2021])
    assert shift.round(2).tolist() == [-1.41, 0.79, 0.52, 0.10]


@pytest.mark.parametrize(
    ("prev", "curr", "message"),
    [
        ({"a": 100, "b": -5}, {"a": 110, "b": 5}, "'b' is negative"),
        ({"a": 100, "b": np.nan}, {"a": 110, "b": 5}, "'b' is missing"),
        ({"a": 100, "b": 0}, {"a": 110, "b": 5}, "baseline of 0"),
        ({"a": 100, "b": 10}, {"a": 110, "c": 5}, "in one year but not the other"),
    ],
)
def test_bad_sector_values_are_errors_not_nan(prev, curr, message):
    with pytest.raises(InputError, match=message):
        contributions(pd.Series(prev, dtype=float), pd.Series(curr, dtype=float))


def test_shares_refuse_negative_missing_and_zero_total():
    with pytest.raises(InputError, match="negative"):
        shares(pd.Series({"a": 5, "b": -1}))
    with pytest.raises(InputError, match="missing"):
        shares(pd.DataFrame({"a": [1.0, np.nan], "b": [1.0, 1.0]}))
    with pytest.raises(InputError, match="total"):
        shares(pd.Series({"a": 0, "b": 0}))


def test_shares_that_do_not_add_up():
    check_shares_sum(pd.Series({"a": 38.5, "b": 29.4, "c": 32.1}))
    check_shares_sum(pd.Series({"a": 38.55, "b": 29.4, "c": 32.1}))  # within ±0.1
    with pytest.raises(InputError, match=r"add up to 93\.00"):
        check_shares_sum(pd.Series({"a": 38.5, "b": 22.4, "c": 32.1}))


def test_deflate_and_inflate_with_a_price_index():
    current = pd.Series({"a": 424_800.0, "b": 334_000.0})
    index = pd.Series({"a": 163.38461538461539, "b": 158.5944919278253})
    constant = deflate(current, index)
    assert constant["a"] == pytest.approx(260_000.0)
    assert inflate(constant, index).tolist() == pytest.approx(current.tolist())
    assert deflate(110.0, 110.0) == pytest.approx(100.0)


def test_plan_71_consistency(plan):
    """With the sample's 2022 weights, the sector targets imply more than the plan's 10 % total."""
    sectors = plan.economy.sectors.set_index("id")
    targets = plan.targets.set_index("indicator_id")
    growth_targets = targets.loc[sectors["growth"], ["low", "high"]].set_axis(sectors.index)
    structure_targets = targets.loc[sectors["share"], "target"].set_axis(sectors.index)
    base_current = pd.Series({"nong_nghiep": 396_000.0, "cn_xd": 287_000.0, "tm_dv": 317_000.0})
    total, structure = plan_consistency(base_current, PREV.astype(float), growth_targets, 10.0, structure_targets)
    # low: (250·5 + 180·15 + 200·15) / 630 = 11.032; mid: (250·6 + 380·17.5) / 630 = 12.937
    assert total.loc["low", "implied_growth"] == pytest.approx((250 * 5 + 380 * 15) / 630)
    assert total.loc["mid", "implied_growth"] == pytest.approx((250 * 6 + 380 * 17.5) / 630)
    assert total.loc["high", "implied_growth"] == pytest.approx((250 * 7 + 380 * 20) / 630)
    assert (total["gap_points"] > 1.0).all()
    # implied structure at the midpoint: 396·1.06, 287·1.175, 317·1.175 over their sum 1,129.46
    assert structure.loc["nong_nghiep", "implied_share"] == pytest.approx(419.76 / 1129.46 * 100)
    assert structure.loc["nong_nghiep", "gap_points"] == pytest.approx(419.76 / 1129.46 * 100 - 38.5)
    assert structure["implied_share"].sum() == pytest.approx(100.0)


def test_income_per_person():
    assert per_person(583_356.0, 10_163.0) == pytest.approx(57.39998, abs=1e-5)
    with pytest.raises(InputError, match="average population"):
        per_person(pd.Series([1.0]), pd.Series([0.0]))


def test_budget_execution_hand_checked():
    budget = pd.DataFrame(
        {
            "side": ["thu", "thu", "chi", "chi", "chi"],
            "item": ["Thuế, phí", "Bổ sung", "Đầu tư", "Thường xuyên", "Dự phòng"],
            "estimate": [1_250e6, 5_580e6, 1_900e6, 4_800e6, 130e6],
            "actual": [1_390e6, 5_727e6, 1_950e6, 4_880e6, 0.0],
        }
    )
    table = budget_execution(budget).set_index(["side", "item"])
    assert table.loc[("thu", "total"), "actual"] == 7_117e6
    assert table.loc[("thu", "total"), "pct_of_estimate"] == pytest.approx(104.2020, abs=1e-4)
    assert table.loc[("chi", "total"), "pct_of_estimate"] == pytest.approx(100.0)
    assert table.loc[("thu", "Thuế, phí"), "pct_of_estimate"] == pytest.approx(111.2)
    assert table.loc[("chi", "Dự phòng"), "pct_of_estimate"] == 0.0
    assert table.loc[("can_doi", "total"), "actual"] == 287e6
    assert np.isnan(table.loc[("can_doi", "total"), "pct_of_estimate"])
    with pytest.raises(InputError, match="negative"):
        budget_execution(budget.assign(actual=-1.0))


def test_contributions_panel_matches_the_single_table():
    prev = pd.DataFrame([PREV, PREV * 2], index=["u1", "u2"])
    curr = pd.DataFrame([CURR, CURR * 2], index=["u1", "u2"])
    panel = contributions_panel(prev, curr)
    single = contributions(PREV, CURR)["contribution_points"]
    assert panel.loc["u1"].tolist() == pytest.approx(single.tolist())
    assert panel.loc["u2"].tolist() == pytest.approx(single.tolist())


def _draw_without_missing_glyphs(fig):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)"
        fig.canvas.draw()
    texts = [t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text"))]
    return " ".join(texts)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_charts_render_vietnamese_labels(lang):
    labels = pd.Series(
        {"nong_nghiep": "Nông nghiệp", "cn_xd": "Công nghiệp – xây dựng", "tm_dv": "Thương mại – dịch vụ"}
    )
    actual = shares(pd.Series({"nong_nghiep": 424_800.0, "cn_xd": 334_000.0, "tm_dv": 362_000.0}))
    plan_shares = pd.Series({"nong_nghiep": 38.5, "cn_xd": 29.4, "tm_dv": 32.1})
    figs = [
        charts.structure_chart(actual, plan_shares, labels, lang),
        charts.growth_chart(
            growth(PREV, CURR).drop("total"),
            pd.Series({"nong_nghiep": 5.0, "cn_xd": 15.0, "tm_dv": 15.0}),
            pd.Series({"nong_nghiep": 7.0, "cn_xd": 20.0, "tm_dv": 20.0}),
            labels,
            lang,
        ),
        charts.contributions_chart(contributions(PREV, CURR), labels, lang),
        charts.budget_chart(
            budget_execution(
                pd.DataFrame(
                    {
                        "side": ["thu", "chi"],
                        "item": ["a", "b"],
                        "estimate": [6.83e9, 6.83e9],
                        "actual": [7.117e9, 6.83e9],
                    }
                )
            ),
            lang,
        ),
    ]
    text = " ".join(_draw_without_missing_glyphs(f) for f in figs)
    assert "Nông nghiệp" in text and "Thương mại – dịch vụ" in text
    assert ("Cơ cấu kinh tế" if lang == "vi" else "Economic structure") in text
    assert ("104,2%" if lang == "vi" else "104.2%") in text
