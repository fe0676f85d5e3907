"""Estimates (ước thực hiện): marked per file or per row, replaced by official figures, compared side by side.

Expected values are written from docs/style-guide.md §3 and the figures below, not from the output.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BUDGET_PATH, PLAN_PATH, SAMPLE_PATH

from thidua.errors import InputError
from thidua.inputs.observations import estimate_vs_official, read_csv, replace_estimates
from thidua.reports import annual_page
from thidua.reports.formatting import achievement_table
from thidua.review.review import Review


def _write(path: Path, rows: list[str], meta: str = "") -> Path:
    path.write_text(meta + "unit,period,indicator,value,estimate\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_rows_take_their_mark_or_the_files(tmp_path):
    data = read_csv(
        _write(tmp_path / "a.csv", ["u,2023,a,1,có", "u,2023,b,2,không", "u,2023,c,3,"], "# estimate: yes\n")
    )
    assert data.estimates.tolist() == [True, False, True]  # an empty mark takes the file's
    plain = read_csv(_write(tmp_path / "b.csv", ["u,2023,a,1,ước", "u,2023,b,2,"]))
    assert plain.estimates.tolist() == [True, False]


def test_a_bad_mark_and_a_repeated_official_figure_are_refused(tmp_path):
    with pytest.raises(InputError, match="'maybe' is not có or không") as bad:
        read_csv(_write(tmp_path / "a.csv", ["u,2023,a,1,có", "u,2023,b,2,maybe"]))
    assert bad.value.where == "line 3" and bad.value.field == "estimate"
    with pytest.raises(InputError, match="repeats unit 'u', period '2023', indicator 'a'"):
        read_csv(_write(tmp_path / "b.csv", ["u,2023,a,1,không", "u,2023,a,2,"]))
    read_csv(_write(tmp_path / "c.csv", ["u,2023,a,1,có", "u,2023,a,2,không"]))  # an estimate and its official figure


def test_a_later_official_file_replaces_the_estimate_and_both_are_compared(tmp_path):
    december = read_csv(_write(tmp_path / "12.csv", ["u,2023,a,100,", "u,2023,b,50,"], "# estimate: yes\n"))
    march = read_csv(_write(tmp_path / "03.csv", ["u,2023,a,104,", "u,2023,b,49,có"]))  # b: a newer estimate
    both = replace_estimates(december, march)
    values = both.values.assign(estimate=both.estimates)
    assert sorted(values[["indicator_id", "value", "estimate"]].itertuples(index=False, name=None)) == [
        ("a", 100.0, True), ("a", 104.0, False), ("b", 49.0, True),
    ]  # fmt: skip
    pairs = estimate_vs_official(both.values, both.estimates)
    assert pairs[["indicator_id", "estimate", "official", "difference"]].values.tolist() == [["a", 100.0, 104.0, 4.0]]


@pytest.fixture(scope="module")
def estimated_review(tmp_path_factory):
    """The sample figures with grain output estimated at 7.100 t (official 7.204 t); BHYT's parts and this
    year's traffic injuries (a part of the accident clause) only estimated."""
    lines = SAMPLE_PATH.read_text(encoding="utf-8").splitlines()
    head = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#")]
    marked = ("pho_thuan,2023,bhyt,", "pho_thuan,2023,tngt_so_nguoi_bi_thuong,")
    rows = [f"{body[0]},estimate"] + [line + (",có" if line.startswith(marked) else ",") for line in body[1:]]
    rows.append("pho_thuan,2023,san_luong_luong_thuc,7100,,,có")
    path = tmp_path_factory.mktemp("est") / "figures.csv"
    path.write_text("\n".join([*head, *rows]) + "\n", encoding="utf-8")
    return Review.load("", plan_path=PLAN_PATH, data_path=path, budget_path=BUDGET_PATH)


def test_the_official_figure_is_assessed_and_the_estimate_shown_beside_it(estimated_review):
    results = estimated_review.results.set_index("indicator_id")
    assert results.loc["san_luong_luong_thuc", "actual"] == 7204 and not results.loc["san_luong_luong_thuc", "estimate"]
    assert results.loc["bhyt", "estimate"] and not results.loc["thon_van_hoa", "estimate"]
    page = str(annual_page.estimates(estimated_review))
    assert "Số liệu ước thực hiện và số liệu chính thức thay thế" in page
    assert "<td>7.100 tấn</td>" in page and "<td>7.204 tấn</td>" in page and "<td>+104 tấn</td>" in page


def test_every_output_says_uoc_for_the_estimated_figure_only(estimated_review):
    said = annual_page.official_sentences(estimated_review)
    assert "Tỷ lệ bảo hiểm y tế toàn dân: ước thực hiện 96,1%, tăng 1,3 điểm % so với năm 2022" in said
    assert "Sản lượng lương thực: 7.204 tấn, đạt 101,2% kế hoạch" in said  # official: no ước
    assert str(annual_page.summary(estimated_review)).count("Ước 29/33 chỉ tiêu đạt và vượt kế hoạch") == 1
    table = achievement_table(estimated_review.results, estimated_review.plan.targets).set_index("Chỉ tiêu")
    assert table.loc["Tỷ lệ bảo hiểm y tế toàn dân", "Thực hiện"] == "96,1% (7.812/8.129) (ước)"
    assert table.loc["Sản lượng lương thực", "Thực hiện"] == "7.204 tấn"
    english = achievement_table(estimated_review.results, estimated_review.plan.targets, "en").set_index("Indicator")
    assert english.loc["Health insurance coverage", "Actual"] == "96.1% (7,812/8,129) (estimated)"


def test_a_clause_says_uoc_for_its_estimated_part_only(estimated_review):
    """§5: the sample's injuries (4 in 2022, an estimated 5 in 2023) are marked; cases and deaths are not."""
    said = annual_page.official_sentences(estimated_review)
    assert (
        "Tai nạn giao thông so với năm 2022: số vụ giảm 2 vụ (3 vụ), số người chết giảm 1 người (1 người), "
        "số người bị thương tăng 1 người (ước thực hiện 5 người); kế hoạch giảm cả 3 tiêu chí, không đạt kế hoạch."
    ) in said


def test_no_estimates_no_section():
    assert str(annual_page.estimates(Review.load())) == ""
