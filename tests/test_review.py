"""`thidua review`: the folder it writes, the HTML it renders, and what happens when a notebook fails."""

from __future__ import annotations

import html
import json
import re

import nbformat
import pytest
from click.testing import CliRunner
from conftest import ROOT, notebooks_with

from thidua.cli import main
from thidua.run import make
from thidua.run.notebooks import NOTEBOOKS
from thidua.run.outdir import sha256

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture(scope="module")
def review_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("reviews") / "pho-thuan-2023"
    result = CliRunner().invoke(main, ["review", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"review written: {out / 'index.html'}" in result.stdout
    return out


def test_review_folder(review_dir):
    names = {p.name for p in review_dir.iterdir()}
    for nb in NOTEBOOKS:
        assert {f"{nb}.ipynb", f"{nb}.html"} <= names
    assert {"index.html", "achievement.csv", "achievement.xlsx", "manifest.json"} <= names
    index = (review_dir / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{nb}.html"' in index for nb in NOTEBOOKS)
    assert "SỐ LIỆU MẪU" in index


def test_manifest_pins_inputs_parameters_and_versions(review_dir):
    manifest = json.loads((review_dir / "manifest.json").read_text(encoding="utf-8"))
    data = manifest["inputs"]["data"]
    assert data["sha256"] == sha256(ROOT / "data" / "sample" / "pho-thuan-2022-2023.csv")
    assert set(manifest["inputs"]) >= {"plan", "data", "budget", "subunits", "ytd", "units", "scoring"}
    assert manifest["parameters"]["lang"] == "vi"
    assert manifest["versions"]["thidua"] and manifest["versions"]["papermill"] and manifest["versions"]["nbconvert"]
    assert manifest["created"].endswith("+00:00")


def test_achievement_tables(review_dir):
    """achievement.csv and achievement.xlsx hold the rows worked out by hand (tests/hand_results.py)."""
    import csv
    from collections import Counter

    from hand_results import SAMPLE_CSV_ROWS, SAMPLE_STATUSES, mismatches
    from openpyxl import load_workbook

    with (review_dir / "achievement.csv").open(encoding="utf-8", newline="") as handle:
        lines = list(csv.DictReader(handle))
    assert len(lines) == 35 and list(lines[0])[:4] == ["unit", "period", "indicator_id", "set_by"]
    assert {(r["unit"], r["period"]) for r in lines} == {("pho_thuan", "2023")}
    rows = {r["indicator_id"]: r for r in lines}
    assert mismatches(rows, SAMPLE_CSV_ROWS) == []
    assert Counter(r["status"] for r in lines) == SAMPLE_STATUSES

    sheet = load_workbook(review_dir / "achievement.xlsx")["Kết quả"]
    header, *cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(cells) == 35 and {"name_vi", "name_en"} <= set(header)
    book = {row["indicator_id"]: row for row in (dict(zip(header, r, strict=True)) for r in cells)}
    assert mismatches(book) == []
    assert Counter(r["status"] for r in book.values()) == SAMPLE_STATUSES
    assert [r["name_vi"] for r in book.values()][:2] == ["Giá trị sản xuất", "Giá trị sản xuất nông nghiệp"]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_html_is_self_contained_and_says_what_it_shows(review_dir, name):
    page = (review_dir / f"{name}.html").read_text(encoding="utf-8")
    assert not EXTERNAL.search(page), "no request may leave the file"
    assert "<script" not in page.lower(), "no require.js, MathJax or any other script"
    assert 'class="jp-InputArea' not in page and "dataset: str" not in page, "no code cells"
    assert "xã Phổ Thuận" in page and "71/KH-UBND" in page and "22/12/2022" in page
    assert "pho-thuan-" in page and "SỐ LIỆU MẪU" in page
    assert 'name="viewport"' in page and "@media print" in page
    if name != "interim_review":
        assert 'src="data:image/svg+xml;base64,' in page


def _source_line(page: str) -> str:
    found = re.search(r"<p><b>Nguồn số liệu:</b>(.*?)</p>", page, re.S)
    return "Nguồn số liệu:" + html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))


def test_each_page_names_the_files_its_figures_come_from(review_dir):
    """The ranking is computed from the hamlets' figures and the scoring table, not the commune's annual
    figures file; the interim review from the year-to-date figures and last year's whole-year ones; the
    budget targets and table from the budget file: each page names exactly those."""
    pages = {name: (review_dir / f"{name}.html").read_text(encoding="utf-8") for name in NOTEBOOKS}
    assert _source_line(pages["ranking"]) == (
        "Nguồn số liệu: pho-thuan-thon-2022-2023.csv (số liệu các đơn vị cấp dưới), thi-dua-2023.yaml (bảng chấm điểm)"
    )
    assert _source_line(pages["interim_review"]) == (
        "Nguồn số liệu: pho-thuan-6t-2022-2023.csv, pho-thuan-2022-2023.csv (số liệu năm 2022), "
        "pho-thuan-2022-2023-budget.csv (số liệu ngân sách năm 2022)"
    )
    budget = "Nguồn số liệu: pho-thuan-2022-2023.csv, pho-thuan-2022-2023-budget.csv (số liệu ngân sách)"
    assert _source_line(pages["annual_review"]) == budget
    assert _source_line(pages["economic_structure"]) == budget


def test_the_interim_page_and_its_link_name_the_period(review_dir):
    """Style guide §8: the sample's interim review covers 6 months of 2023, and its tab and link say so."""
    page = (review_dir / "interim_review.html").read_text(encoding="utf-8")
    assert re.search(r"<title>(.*?)</title>", page).group(1) == "Sơ kết 6 tháng năm 2023"
    index = (review_dir / "index.html").read_text(encoding="utf-8")
    assert '<a href="interim_review.html">Sơ kết 6 tháng năm 2023</a>' in index


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_each_review_page_is_small(review_dir, name):
    """One small stylesheet, not JupyterLab's theme, and charts as compact SVG: a page a phone opens at once."""
    assert (review_dir / f"{name}.html").stat().st_size < 150_000


def test_annual_review_content(review_dir):
    page = (review_dir / "annual_review.html").read_text(encoding="utf-8")
    assert (
        "29/33 chỉ tiêu đạt và vượt kế hoạch (trong đó 8 chỉ tiêu vượt), 3 chỉ tiêu không đạt, 1 chỉ tiêu chưa có số liệu"
        in page
    )
    assert page.count('class="status st-') == 36  # 35 targets and the traffic clause's own row
    assert re.search(r"<td[^>]*>Tai nạn giao thông</td>\s*<td class=\"status st-not_met\"[^>]*>không đạt</td>", page)
    assert "<li>Giá trị sản xuất nông nghiệp: tăng 4%, thấp hơn kế hoạch 1 điểm %</li>" in page
    budget = (
        "Thu ngân sách xã: 7,12 tỷ đồng, đạt 104,2% so với dự toán, tăng 12,3% so với năm 2022 (dự toán 6,83 tỷ đồng)"
    )
    assert f"{budget}, vượt dự toán." in page
    assert "96,1% (7.812/8.129)" in page


def test_a_failing_notebook_keeps_the_last_good_review(tmp_path, monkeypatch):
    out = tmp_path / "review"
    ok = CliRunner().invoke(main, ["review", "--out", str(out), "--notebooks", "annual_review"])
    assert ok.exit_code == 0, ok.output
    before = (out / "annual_review.html").read_bytes()
    monkeypatch.setattr(make, "NOTEBOOK_DIR", notebooks_with(tmp_path, 'raise RuntimeError("hỏng giữa chừng")'))
    failed = CliRunner().invoke(main, ["review", "--out", str(out), "--notebooks", "annual_review"])
    assert failed.exit_code == 3
    assert "notebook annual_review failed" in failed.output and "RuntimeError" in failed.output
    assert (out / "annual_review.html").read_bytes() == before
    error_nb = nbformat.read(tmp_path / "review" / ".thidua" / "failed" / "annual_review.ipynb", as_version=4)
    assert any(o.get("ename") == "RuntimeError" for c in error_nb.cells for o in c.get("outputs", []))
    assert not list(tmp_path.glob("review/.thidua/run-*"))


def test_bad_input_exits_2_before_any_notebook(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("unit,period,indicator,value\npho_thuan,2023,bhyt,120\n", encoding="utf-8")
    review = ["review", "--dataset", "pho-thuan-2023-sample", "--data", str(bad), "--out", str(tmp_path / "r")]
    result = CliRunner().invoke(main, review)
    assert result.exit_code == 2
    assert "a rate must lie between 0 and 100" in result.output
    assert not (tmp_path / "r").exists()


def test_unknown_notebook(tmp_path):
    result = CliRunner().invoke(main, ["review", "--notebooks", "nope", "--out", str(tmp_path / "r")])
    assert result.exit_code == 2 and "unknown notebook 'nope'" in result.output


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("vi", "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng: chưa có số liệu năm 2023, chưa đánh giá được"),
        ("en", "Under-five malnutrition rate: no figure for 2023, reported as no data"),
    ],
)
def test_the_notes_on_the_data_speak_the_reviews_language(lang, line):
    from thidua.reports.annual_page import warnings
    from thidua.review.review import Review

    # The sample has no 2023 figure for suy_dinh_duong: the one warning, named as the plan names it.
    assert f"<li>{line}</li>" in warnings(Review.load(lang=lang))
