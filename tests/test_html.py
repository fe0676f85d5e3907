"""The HTML layer: templates with autoescape, display objects that carry their own styles, index pages."""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

from thidua.reports import annual_page, economy_page, ranking_page
from thidua.reports.style import BANNER, ON_STATUS, STATUS_COLOURS
from thidua.reports.templating import render
from thidua.review.review import Review
from thidua.run import outdir
from thidua.run.batch import Outcome, write_index


class _Elements(HTMLParser):
    """Every element of a fragment as (tag, attributes, text directly inside it)."""

    def __init__(self, text: str):
        super().__init__()
        self.found: list[list] = []
        self.feed(str(text))

    def handle_starttag(self, tag, attrs):
        self.found.append([tag, dict(attrs), ""])

    def handle_data(self, data):
        if self.found:
            self.found[-1][2] += str(data).strip()


def _style(attrs: dict) -> dict[str, str]:
    pairs = (part.split(":", 1) for part in (attrs.get("style") or "").split(";") if ":" in part)
    return {k.strip(): v.strip() for k, v in pairs}


@pytest.fixture(scope="module")
def review():
    return Review.load()


def test_a_displayed_table_carries_its_status_colours_and_left_aligned_names(review):
    html = annual_page.achievement(review)._repr_html_()  # what JupyterLab gets: no page template, no stylesheet
    cells = [(a, text) for tag, a, text in _Elements(html).found if tag == "td"]
    status = [(a, text) for a, text in cells if "status" in (a.get("class") or "")]
    assert len(status) == 36  # 35 targets, and the traffic clause's own row before its 3 parts
    codes = review.results["status"].astype(str).tolist()
    first_part = review.results["indicator_id"].astype(str).tolist().index("tngt_so_vu")
    codes.insert(first_part, "not_met")  # the clause's row: a part rose, so the clause is not met
    for (attrs, _), code in zip(status, codes, strict=True):
        assert _style(attrs)["background"] == STATUS_COLOURS[code] and _style(attrs)["color"] == ON_STATUS
    assert {_style(a)["background"] for a, _ in status} == set(STATUS_COLOURS.values()), "four statuses, four colours"
    names = [a for a, text in cells if text.startswith("Tỷ lệ bảo hiểm y tế")]
    assert names and _style(names[0])["text-align"] == "left"


def test_the_sample_banner_and_summary_carry_their_styles(review):
    header = _Elements(annual_page.header(review, "Tổng kết")._repr_html_()).found
    banner = next(a for tag, a, _ in header if a.get("class") == "sample-banner")
    assert _style(banner)["background"] == BANNER["background"] and "font-weight" in _style(banner)
    summary = _Elements(annual_page.summary(review)._repr_html_()).found
    heads = {text: _style(a).get("background") for tag, a, text in summary if tag == "th"}
    assert heads["Không đạt"] == STATUS_COLOURS["not_met"] and heads["Vượt"] == STATUS_COLOURS["exceeded"]


def test_column_headings_start_with_a_capital(review):
    """docs/style-guide.md, Tables: 'Nhóm | Vượt | Đạt | Không đạt | Chưa có số liệu | Tổng'."""
    summary = _Elements(annual_page.summary(review)._repr_html_()).found
    assert [text for tag, _, text in summary if tag == "th"] == [
        "Nhóm", "Vượt", "Đạt", "Không đạt", "Chưa có số liệu", "Tổng"
    ]  # fmt: skip


def test_templates_escape_every_input_string():
    frame = pd.DataFrame({"<b>cột</b>": ["<script>alert(1)</script>"], "x": ['" onmouseover="alert(1)']})
    html = annual_page.table(frame, "x", ["<i>"])
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;cột" in html
    assert not [a for _, attrs, _ in _Elements(html).found for a in attrs if a.startswith("on")]
    assert "<i>" not in html, "an unknown status code is not a colour, and not markup"
    assert 'alt="&#34;&gt;&lt;img' in render("figure.html.j2", alt='"><img', src="data:,")


def _html_in_code(path: Path) -> list[str]:
    """String literals and f-strings of a module (docstrings aside) that hold an HTML tag."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and node.body
        and isinstance(node.body[0], ast.Expr)
    }  # fmt: skip
    tag = re.compile(
        r"</?(?:a|b|i|p|br|ul|li|h[1-6]|t[dhr]|table|thead|tbody|div|span|img|figure|details|summary|"
        r"header|html|head|body|meta|style|small|main)(?:\s|>|/>)"
    )
    return [
        ast.unparse(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        and tag.search(node.value)
    ]  # fmt: skip


@pytest.mark.parametrize("path", sorted((ROOT / "thidua").glob("*.py")), ids=lambda p: p.name)
def test_no_html_is_assembled_in_python(path):
    assert _html_in_code(path) == []


def test_the_check_would_find_an_f_string(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('"""Doc <b>."""\nx = 1\ny = f"<td>{x}</td>"\n', encoding="utf-8")
    assert _html_in_code(module) == ["'<td>'", "'</td>'"]


def test_structure_tables_print_computed_figures_as_the_guide_says(review):
    """At most one decimal and no trailing ',0' (docs/style-guide.md §2 and Tables): '38,5', '33', never '33,0'."""
    html = economy_page.structure_section(review) + economy_page.consistency_section(review)
    numbers = [text for tag, _, text in _Elements(html).found if tag == "td" and re.fullmatch(r"[+-]?[\d.,]+", text)]
    assert len(numbers) >= 20 and all(re.fullmatch(r"[+-]?\d[\d.]*(,[1-9])?", n) for n in numbers), numbers


def test_the_ranking_heads_adjustments_as_what_they_are(review):
    """Signed as every table signs (docs/style-guide.md, Tables): the hyphen-minus '-', not U+2212 '−'."""
    html = ranking_page.ranking_section(review, review.ranking)
    heads = [text for tag, _, text in _Elements(html).found if tag == "th"]
    assert "Điểm cộng (+) / trừ (-)" in heads
    cells = [text for tag, _, text in _Elements(html).found if tag == "td"]
    assert "-20" in cells and "+30" in cells  # data/scoring/thi-dua-2023.yaml: thôn 3 −20, thôn 5 +30


def test_the_rank_change_is_signed_by_the_rule(review):
    """Thay đổi = last year's rank − this year's: '+2' for a rise, '-3' for a fall, '0' when unchanged."""
    html = str(ranking_page.ranking_section(review, review.ranking))
    rows = [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)]
        for r in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S)
    ]
    head = rows[0]
    ranked = [dict(zip(head, r, strict=True)) for r in rows[1:] if len(r) == len(head) and r[0].startswith("Thôn")]
    assert len(ranked) == 7
    for row in ranked:
        moved = int(row["Hạng năm trước"]) - int(row["Hạng"])
        assert row["Thay đổi"] == (f"+{moved}" if moved > 0 else f"-{-moved}" if moved < 0 else "0")
    assert {r["Thay đổi"][0] for r in ranked} == {"+", "-", "0"}  # the sample has all three


def test_no_table_of_the_four_pages_types_the_typographic_minus(review):
    """One sign in every table: the hyphen-minus Vietnamese documents are typed with (docs/style-guide.md)."""
    from thidua.reports import interim_page

    pages = [
        annual_page.achievement(review), economy_page.structure_section(review), economy_page.growth_section(review),
        economy_page.consistency_section(review), economy_page.budget_section(review),
        ranking_page.ranking_section(review, review.ranking),
        interim_page.progress_table(Review.load().interim),
    ]  # fmt: skip
    cells = [text for page in pages for tag, _, text in _Elements(str(page)).found if tag in ("td", "th")]
    assert len(cells) > 300 and not [c for c in cells if "\u2212" in c]


def test_batch_index_marks_failures_in_the_status_colour_and_escapes(tmp_path):
    # Names like these are refused when a batch config is read; the index escapes them all the same.
    outcomes = [
        Outcome("javascript:alert(1)", "done", 1.0),
        Outcome("<b>x</b>", "failed", 1.0, "<script>hỏng</script>"),
    ]
    with outdir.claim(tmp_path) as folder:
        text = write_index(outcomes, folder).read_text(encoding="utf-8")
    elements = _Elements(text).found
    assert [a["href"] for tag, a, _ in elements if tag == "a"] == ["javascript%3Aalert%281%29/index.html"]
    failed = next(a for tag, a, _ in elements if tag == "li" and "style" in a)
    assert _style(failed)["color"] == STATUS_COLOURS["not_met"]
    assert "&lt;script&gt;hỏng" in text and "<script>" not in text and "&lt;b&gt;x" in text
    assert "Content-Security-Policy" in text


@pytest.mark.parametrize(("lang", "name"), [("vi", "Tổng kết năm"), ("en", "Annual review")])
def test_a_pages_title_is_the_reviews_name_in_its_language(lang, name):
    """docs/style-guide.md §8: the tab says 'Tổng kết năm', not the notebook's 'Tổng kết năm – annual review'."""
    import nbformat

    from thidua.run.make import exporter
    from thidua.run.notebooks import titles

    nb = nbformat.v4.new_notebook(metadata={"title": "Tổng kết năm – annual review"})
    body, _ = exporter(lang).from_notebook_node(nb, resources={"metadata": {"name": titles(lang)["annual_review"]}})
    assert re.search(r"<title>(.*?)</title>", body).group(1) == name


def test_the_index_names_each_file_by_what_it_is(tmp_path):
    """docs/style-guide.md §8: no bare 'achievement.csv' among the Vietnamese links."""
    from thidua.run.job import Job
    from thidua.run.make import index_links

    job = Job(inputs=None, out=tmp_path, notebooks=("annual_review",))
    assert index_links(job) == [
        ("annual_review.html", "Tổng kết năm"),
        ("achievement.csv", "achievement.csv (bảng kết quả, CSV)"),
        ("achievement.xlsx", "achievement.xlsx (bảng kết quả, Excel)"),
        ("bao-cao.docx", "bao-cao.docx (báo cáo, Word)"),
    ]


def test_a_scheduler_with_papermill_and_nbconvert_gets_thiduas_page(tmp_path):
    """README, "Scheduled runs": papermill, then `jupyter nbconvert --to thidua`: no code, no outside request."""
    import re
    import subprocess
    import sys

    import papermill

    executed = tmp_path / "annual_review.ipynb"
    papermill.execute_notebook(str(ROOT / "notebooks" / "annual_review.ipynb"), str(executed),
                               parameters={"dataset": "pho-thuan-2023-sample", "lang": "vi"}, progress_bar=False)  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "thidua", str(executed)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "annual_review.html").read_text(encoding="utf-8")
    assert 'class="review-header"' in page and "SỐ LIỆU MẪU" in page
    assert "<script" not in page and "jp-InputArea" not in page  # no code cell, nothing run in the browser
    assert not re.findall(r"(?:src|href)=\"(?:https?:)?//", page)  # nothing asked of another host
    assert len(page) < 150_000
