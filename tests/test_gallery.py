"""The gallery: real plans of communes, districts and provinces, assessed against what their sources print.

Each ``*-printed.yaml`` in data/plans/gallery/ names a plan, a figures file and, per target, what the
source prints (a status word, % of plan, "x% above plan", a growth rate or share) or, where it prints
no word, the status worked out by hand from the plan's bounds. Numbers are compared to the printed
number of decimals.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from thidua.inputs.observations import read_csv
from thidua.inputs.plan import load_plan
from thidua.inputs.validation import validate
from thidua.review.review import run_assessment

GALLERY = ROOT / "data" / "plans" / "gallery"
ALL_PRINTED = sorted(GALLERY.glob("*-printed.yaml"))
# Interim reviews (sơ kết) print % of the year plan and no verdict: their own keys and test.
INTERIM_PRINTED = [p for p in ALL_PRINTED if not yaml.safe_load(p.read_text(encoding="utf-8"))["period"].isdigit()]
PRINTED = [p for p in ALL_PRINTED if p not in INTERIM_PRINTED]
INTERIM_KEYS = {"progress", "pct_of_year_plan", "above_plan_amount"}
PLANS = sorted(p for p in GALLERY.glob("*.yaml") if not p.name.endswith("-printed.yaml"))
STATUS_KEYS = {"status", "status_by_rule"}  # a word the source prints, or worked out by hand from the bounds
FIGURE_KEYS = {"compared", "pct_of_plan", "above_plan"}  # what the source prints beside it


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_gallery_holds_six_real_plans_of_every_level():
    plans = [load_plan(p) for p in PLANS]
    assert len(plans) >= 6
    assert {p.meta["level"] for p in plans} >= {"commune", "district", "province"}
    assert len({p.meta["unit_id"] for p in plans}) >= 5
    assert any(p.year - p.baseline_year > 1 for p in plans)  # a multi-year plan
    for plan in plans:
        assert plan.meta.get("status", "official") == "official"
        assert "http" in plan.meta["source"], plan.path  # where it was published


def test_every_target_of_every_gallery_plan_has_what_its_source_prints():
    """A plan (or a figures file) added to the gallery without its printed expectations fails here.

    Every printed file names a gallery plan and a figures file, and lists every target of that plan: its
    status (printed, or worked out by hand) and, unless it has no figure, the figure the source prints.
    """
    by_plan: dict[str, list[dict]] = {p.name: [] for p in PLANS}
    for path in ALL_PRINTED:
        printed = _read(path)
        assert printed["plan"] in by_plan, (path.name, printed["plan"])
        assert (GALLERY / printed["figures"]).is_file(), (path.name, printed["figures"])
        by_plan[printed["plan"]].append(printed)
    assert [name for name, files in by_plan.items() if not files] == []  # no plan without a printed file
    for name, files in by_plan.items():
        targets = load_plan(GALLERY / name).indicator_ids
        for printed in files:
            assert sorted(printed["results"]) == sorted(targets), (name, printed["figures"])
            for ident, expected in printed["results"].items():
                if not str(printed["period"]).isdigit():  # an interim review: where it stands, never a verdict
                    assert "progress" in expected and set(expected) <= INTERIM_KEYS, (name, ident, expected)
                    continue
                assert set(expected) <= STATUS_KEYS | FIGURE_KEYS, (name, ident, expected)  # no misspelt key
                assert len(set(expected) & STATUS_KEYS) == 1, (name, ident, expected)
                status = expected.get("status", expected.get("status_by_rule"))
                assert status in {"exceeded", "met", "not_met", "no_data"}, (name, ident, status)
                assert bool(set(expected) & FIGURE_KEYS) == (status != "no_data"), (name, ident, expected)
    figures = {_read(p)["figures"] for p in ALL_PRINTED}
    assert figures == {p.name for p in GALLERY.glob("*-figures.csv")}  # every figures file is checked


def _within_printed(value: float, printed: str) -> bool:
    """``value`` rounds to ``printed`` (Vietnamese decimals: '95,65', '2413', '-6,18')."""
    number = Decimal(printed.replace(",", "."))
    half_unit = Decimal(1).scaleb(number.as_tuple().exponent) / 2
    return abs(Decimal(repr(value)) - number) <= half_unit


def test_within_printed():
    assert _within_printed(95.652, "96") and not _within_printed(95.4, "96")
    assert _within_printed(2.8846, "2,9") and not _within_printed(2.96, "2,9")
    assert _within_printed(-6.18, "-6,18")


@pytest.mark.parametrize("printed_path", PRINTED, ids=[p.stem for p in PRINTED])
def test_every_printed_figure_and_status(printed_path):
    printed = _read(printed_path)
    plan = load_plan(GALLERY / printed["plan"])
    data = read_csv(GALLERY / printed["figures"])
    errors = [p for p in validate(data, plan, printed["period"]) if p.severity == "error"]
    assert errors == []
    results = run_assessment(plan, data, printed["period"]).set_index("indicator_id")
    assert sorted(printed["results"]) == sorted(results.index)  # every target, each once
    for ident, expected in printed["results"].items():
        row = results.loc[ident]
        status = expected.get("status", expected.get("status_by_rule"))
        assert row["status"] == status, (ident, row["status"])
        checks = {
            "compared": row["compared"],
            "pct_of_plan": row["actual"] / row["target"] * 100,
            "above_plan": row["actual"] / row["target"] * 100 - 100,
        }
        for key, value in checks.items():
            if key in expected:
                assert _within_printed(float(value), expected[key]), (ident, key, value, expected[key])
        if "pct_of_plan" in expected and row["kind"] == "at_least":
            assert row["pct_of_plan"] == pytest.approx(row["actual"] / row["target"] * 100)


@pytest.mark.parametrize("printed_path", INTERIM_PRINTED, ids=[p.stem for p in INTERIM_PRINTED])
def test_interim_reports_from_their_year_to_date_figures_alone(printed_path):
    """A real interim report (sơ kết) from its six or nine months' figures alone: % of the year plan as printed,
    where each target stands by docs/domain.md §5.9, and no year-end verdict in the words."""
    from thidua.reports.interim_page import progress_frame
    from thidua.review.review import Review

    printed = _read(printed_path)
    review = Review.load("", plan_path=GALLERY / printed["plan"], data_path=GALLERY / printed["figures"],
                         period=printed["period"])  # fmt: skip
    assert review.is_interim
    progress = review.interim.progress.set_index("indicator_id")
    for ident, expected in printed["results"].items():
        row = progress.loc[ident]
        assert row["progress"] == expected["progress"], (ident, row["progress"])
        if "pct_of_year_plan" in expected:
            assert _within_printed(float(row["pct_of_year_plan"]), expected["pct_of_year_plan"]), ident
        if "above_plan_amount" in expected:
            gap = row["actual"] - row["year_target"]
            assert _within_printed(float(gap), expected["above_plan_amount"]), ident
    frame, _ = progress_frame(review.interim)
    words = " ".join(frame.astype(str).to_numpy().ravel())
    assert not re.search(r"không đạt|đạt và vượt|vượt kế hoạch(?! năm)", words)


def test_published_figures_say_so():
    printed = _read(GALLERY / "vinh-linh-2022-printed.yaml")
    results = run_assessment(load_plan(GALLERY / printed["plan"]), read_csv(GALLERY / printed["figures"]))
    basis = results.set_index("indicator_id")["basis"]
    assert basis["gtsx_tang_truong"] == "published"  # a growth rate, as printed
    assert basis["ty_trong_nlts"] == "published"  # a share the economy could derive, typed as printed
    assert basis["san_luong_luong_thuc"] == "entered"


# Targets as each plan writes them (its quote), and sentences checked by hand against the figures files.
AS_WRITTEN = {
    "vinh-linh-2022": {
        "gtsx_tang_truong": "tăng 8–9%", "gtsx_cnxd": "tăng 7,5–8,5%", "ty_trong_nlts": "24,5–25,5%",
        "thu_nhap_binh_quan": "55–56 triệu đồng/người/năm", "dan_lon": "43.000–45.000 con",
    },
    "bac-ninh-2023": {"grdp_tang_truong": "tăng 6,5–7%"},
    "phu-tho-2023": {"ty_le_ho_ngheo": "giảm 0,5 điểm %", "bhyt": "từ 93,7% trở lên"},
    "tam-hop-2020-2025": {"thu_nhap_binh_quan": "23 triệu đồng/người/năm", "thu_ngan_sach": "75 triệu đồng"},
}  # fmt: skip
SAID = {
    "vinh-linh-2022": [
        "Đàn lợn: 61.280 con (kế hoạch 43.000–45.000 con), vượt kế hoạch.",  # above the range: exceeded
        "Tổng sản lượng lương thực có hạt: 38.198 tấn (kế hoạch 41.000–42.000 tấn), không đạt kế hoạch.",
    ],
    # A published rate has no level: the sentence starts with the change, printed to the published digit (−6,18
    # in the UBND's report, an estimate: "ước"; −9,28 from the statistics office, official).
    "bac-ninh-2023": [
        "Tổng sản phẩm trên địa bàn (GRDP): ước giảm 6,18% so với năm 2022 (kế hoạch tăng 6,5–7%), không đạt kế hoạch."
    ],
    "bac-ninh-2023-official": [
        "Tổng sản phẩm trên địa bàn (GRDP): giảm 9,28% so với năm 2022 (kế hoạch tăng 6,5–7%), không đạt kế hoạch."
    ],
}


@pytest.mark.parametrize("printed_path", PRINTED, ids=[p.stem for p in PRINTED])
def test_reviews_print_every_target_as_the_plan_wrote_it(printed_path):
    from thidua.reports.formatting import achievement_table
    from thidua.reports.sentences import sentences, wording
    from thidua.review.review import Review

    printed = _read(printed_path)
    review = Review.load("", plan_path=GALLERY / printed["plan"], data_path=GALLERY / printed["figures"],
                         period=printed["period"])  # fmt: skip
    table = achievement_table(review.results, review.plan.targets)
    plan_text = dict(zip(review.results["indicator_id"], table["Kế hoạch"], strict=True))
    name = printed_path.stem.removesuffix("-printed")
    for ident, text in AS_WRITTEN.get(name, {}).items():
        assert plan_text[ident] == text, ident
    said = sentences(review.results, review.plan.targets, wording(review))
    assert not [s for s in said if ": –" in s]  # no figure is printed as a dash
    assert set(SAID.get(name, [])) <= set(said)
    if name == "vinh-linh-2022":  # what is short, in the plan's units; the herd above its range is not listed
        from thidua.reports.annual_page import missed

        text = missed(review)
        # 41.000 − 38.198 = 2.802 tấn of grain; 16.200 − 16.133 = 67 head of cattle (the plan's floors)
        assert "thấp hơn kế hoạch 2.802 tấn" in text and "thấp hơn kế hoạch 67 con" in text
        assert "Đàn lợn" not in text


def test_indicator_names_are_nouns_so_the_sentence_picks_the_direction():
    """'Tổng sản phẩm (GRDP): giảm 6,2%', never 'GRDP tăng: giảm 6,2%' (docs/style-guide.md)."""
    from thidua.inputs.plan import load_plan

    plans = sorted((ROOT / "data" / "plans").glob("**/*.yaml"))
    named = [
        (path.name, name)
        for path in plans
        if not path.name.endswith("-printed.yaml")
        for name in load_plan(path).targets["name_vi"]
    ]
    assert len(named) > 50
    assert not [(f, n) for f, n in named if n.split()[-1] in ("tăng", "giảm")]


@pytest.mark.parametrize("printed_path", PRINTED, ids=[p.stem for p in PRINTED])
def test_published_figures_print_with_the_digits_their_source_printed(printed_path):
    """A rate or share given as published shows in the table's Thực hiện to the printed digit: '12,30', '45,0'."""
    from thidua.reports.formatting import achievement_table
    from thidua.review.review import Review

    printed = _read(printed_path)
    review = Review.load("", plan_path=GALLERY / printed["plan"], data_path=GALLERY / printed["figures"],
                         period=printed["period"])  # fmt: skip
    table = achievement_table(review.results, review.plan.targets)
    shown = dict(zip(review.results["indicator_id"], table["Thực hiện"], strict=True))
    basis = dict(zip(review.results["indicator_id"], review.results["basis"], strict=True))
    checked = [i for i, e in printed["results"].items() if "compared" in e and basis[i] == "published"]
    for ident in checked:
        number = printed["results"][ident]["compared"].lstrip("-")
        assert re.search(rf"(^|\s){re.escape(number)}(%| điểm %)", shown[ident]), (ident, shown[ident], number)
    assert checked or printed_path.stem.startswith("tam-hop")
