"""What a page says about itself: the files its figures come from, and its title with the period.

The expected lines are written from docs/style-guide.md §8 and from the files each page uses: the
ranking is computed from the hamlets' figures and the scoring table, not from the commune's annual
figures file; the interim review from the year-to-date figures and, for what is expected by now and
the projection, last year's whole-year figures (the annual figures file, the budget file); the budget's
totals and table from the budget file; an official file's figures replace the estimates of the first.
"""

from __future__ import annotations

import html
import re

import pytest
from conftest import BUDGET_PATH, PLAN_PATH, ROOT, SAMPLE_PATH, write_december, write_march
from docx import Document

from thidua.reports import annual_page, economy_page, interim_page, ranking_page
from thidua.reports.word_report import write_report
from thidua.review.review import Review

SAMPLE = ROOT / "data" / "sample"


def _lines(fragment: object) -> list[str]:
    """The fragment's text, one line per line of markup, tags removed."""
    text = html.unescape(re.sub(r"<[^>]+>", "", str(fragment)))
    return [line.strip() for line in text.splitlines() if line.strip()]


def _source(fragment: object) -> str:
    return next(line for line in _lines(fragment) if line.startswith(("Nguồn số liệu", "Figures from")))


@pytest.fixture(scope="module")
def review() -> Review:
    return Review.load()


def test_the_ranking_names_the_hamlets_figures_and_the_scoring_table(review):
    header = ranking_page.header(review, review.ranking)
    assert _source(header) == (
        "Nguồn số liệu: pho-thuan-thon-2022-2023.csv (số liệu các đơn vị cấp dưới), thi-dua-2023.yaml (bảng chấm điểm)"
    )
    assert "pho-thuan-2022-2023.csv" not in str(header)
    assert _lines(header)[0] == "Xếp hạng thi đua năm 2023"


def test_the_ranking_names_its_files_in_english():
    review = Review.load(lang="en")
    header = ranking_page.header(review, review.ranking)
    assert _source(header) == (
        "Figures from: pho-thuan-thon-2022-2023.csv (figures of the units one level down), "
        "thi-dua-2023.yaml (scoring table)"
    )


def test_the_rankings_sample_banner_follows_the_hamlets_figures(tmp_path):
    # The commune's figures are sample; hamlet figures marked official make a ranking of official figures.
    text = (SAMPLE / "pho-thuan-thon-2022-2023.csv").read_text(encoding="utf-8")
    official = tmp_path / "thon-2023.csv"
    official.write_text(text.replace("# status: sample\n", ""), encoding="utf-8")
    review = Review.load(subunits_path=official)
    assert review.is_sample
    header = ranking_page.header(review, review.ranking)
    assert "SỐ LIỆU MẪU" not in str(header)
    assert _source(header).startswith("Nguồn số liệu: thon-2023.csv (số liệu các đơn vị cấp dưới)")


def test_the_annual_page_names_the_communes_figures_and_the_budget_file(review):
    # The budget targets (thu, chi ngân sách xã) are the budget file's totals: the page names it.
    assert _source(annual_page.header(review, "Tổng kết")) == (
        "Nguồn số liệu: pho-thuan-2022-2023.csv, pho-thuan-2022-2023-budget.csv (số liệu ngân sách)"
    )


def test_without_a_budget_file_the_pages_name_only_the_figures_file():
    review = Review.load("", plan_path=PLAN_PATH, data_path=SAMPLE_PATH)
    assert _source(annual_page.header(review, "Tổng kết")) == "Nguồn số liệu: pho-thuan-2022-2023.csv"
    assert _source(economy_page.header(review)) == "Nguồn số liệu: pho-thuan-2022-2023.csv"


def test_the_economic_structure_page_names_the_budget_file_its_table_shows(review):
    header = economy_page.header(review)
    assert _source(header) == (
        "Nguồn số liệu: pho-thuan-2022-2023.csv, pho-thuan-2022-2023-budget.csv (số liệu ngân sách)"
    )
    assert _lines(header)[0] == "Cơ cấu kinh tế năm 2023"


def _december_and_march(tmp_path):
    """The sample's figures with 2023's grain output an estimate (December), and March's official figure for it."""
    return write_december(tmp_path / "thang-12.csv"), write_march(tmp_path / "thang-3.csv")


def test_the_annual_and_structure_pages_name_the_official_file_beside_the_estimates(tmp_path):
    december, march = _december_and_march(tmp_path)
    review = Review.load("", plan_path=PLAN_PATH, data_path=december, official_path=march, budget_path=BUDGET_PATH)
    expected = (
        "Nguồn số liệu: thang-12.csv (số liệu ước), thang-3.csv (số liệu chính thức), "
        "pho-thuan-2022-2023-budget.csv (số liệu ngân sách)"
    )
    assert _source(annual_page.header(review, "Tổng kết")) == expected
    assert _source(economy_page.header(review)) == expected


def test_the_official_file_is_named_in_english(tmp_path):
    december, march = _december_and_march(tmp_path)
    review = Review.load("", plan_path=PLAN_PATH, data_path=december, official_path=march, lang="en")
    assert _source(annual_page.header(review, "Annual review")) == (
        "Figures from: thang-12.csv (estimates), thang-3.csv (official figures)"
    )


def test_a_figures_file_without_estimates_is_not_called_an_estimate(tmp_path):
    # The official file only adds figures here: the first file holds no estimate for it to replace.
    _, march = _december_and_march(tmp_path)
    review = Review.load("", plan_path=PLAN_PATH, data_path=SAMPLE_PATH, official_path=march)
    assert _source(annual_page.header(review, "Tổng kết")) == (
        "Nguồn số liệu: pho-thuan-2022-2023.csv, thang-3.csv (số liệu chính thức)"
    )


def test_the_interim_page_names_the_year_to_date_figures_and_last_years():
    """Expected by now and the projection use 2022's whole-year figures: the annual file's and the budget's."""
    header = interim_page.header(Review.load().interim)
    assert _source(header) == (
        "Nguồn số liệu: pho-thuan-6t-2022-2023.csv, pho-thuan-2022-2023.csv (số liệu năm 2022), "
        "pho-thuan-2022-2023-budget.csv (số liệu ngân sách năm 2022)"
    )
    assert _lines(header)[0] == "Sơ kết thực hiện chỉ tiêu 6 tháng năm 2023"


def test_the_interim_page_names_last_years_figures_in_english():
    header = interim_page.header(Review.load(lang="en").interim)
    assert _source(header) == (
        "Figures from: pho-thuan-6t-2022-2023.csv, pho-thuan-2022-2023.csv (figures of 2022), "
        "pho-thuan-2022-2023-budget.csv (budget figures of 2022)"
    )


def test_without_a_budget_file_the_interim_page_names_no_budget_file():
    interim = Review.load(
        "", plan_path=PLAN_PATH, data_path=SAMPLE_PATH, ytd_path=SAMPLE / "pho-thuan-6t-2022-2023.csv"
    ).interim
    assert _source(interim_page.header(interim)) == (
        "Nguồn số liệu: pho-thuan-6t-2022-2023.csv, pho-thuan-2022-2023.csv (số liệu năm 2022)"
    )


def _word_paragraphs(review: Review, tmp_path) -> list[str]:
    out = write_report(review, tmp_path / "bao-cao.docx", ranking=review.ranking)
    return [p.text for p in Document(str(out)).paragraphs if p.text.strip()]


def test_the_word_reports_ranking_and_budget_sections_name_no_file(review, tmp_path):
    """A filed report names who gave the figures, a gap for the office to fill, never a file (issue 20, §3)."""
    said = _word_paragraphs(review, tmp_path)
    assert not [p for p in said if ".csv" in p or ".yaml" in p]
    budget = said.index("6. Thu, chi ngân sách")
    ranking = said.index("8. Xếp hạng thi đua các thôn")
    assert said[budget + 1 : ranking - 1].count("Nguồn: [Cần bổ sung: cơ quan, bộ phận cung cấp số liệu].") == 1
    assert said[ranking + 2].startswith("Căn cứ Bảng chấm điểm ban hành kèm theo [Cần bổ sung:")


def _ytd_figures(tmp_path, *months: int):
    """The sample's 6 months' figures, relabelled as each year-to-date period of ``months``."""
    text = (SAMPLE / "pho-thuan-6t-2022-2023.csv").read_text(encoding="utf-8")
    head, columns, rows = text.partition("unit,period,indicator,value,numerator,denominator\n")
    path = tmp_path / "ytd.csv"
    path.write_text(head + columns + "".join(rows.replace("-6T,", f"-{m}T,") for m in months), encoding="utf-8")
    return path


def _interim_title(tmp_path, months: tuple[int, ...], lang: str = "vi", period: str | None = None) -> str:
    from thidua.run.job import Job
    from thidua.run.make import page_titles

    review = Review.load(ytd_path=_ytd_figures(tmp_path, *months), lang=lang)
    job = Job(review.inputs, tmp_path / "out", period, lang, ("annual_review", "interim_review"))
    return page_titles(job, review)["interim_review"]


def test_the_interim_page_is_titled_with_its_period(tmp_path):
    """Style guide §8: 'Sơ kết 6 tháng năm 2023', never a bare 'Sơ kết'; the other pages keep their names."""
    from thidua.run.job import Job
    from thidua.run.make import index_links, page_titles

    review = Review.load()
    job = Job(review.inputs, tmp_path, None, "vi", ("annual_review", "interim_review"))
    names = page_titles(job, review)
    assert names["interim_review"] == "Sơ kết 6 tháng năm 2023"
    assert names["annual_review"] == "Tổng kết năm"
    assert index_links(job, names)[:2] == [
        ("annual_review.html", "Tổng kết năm"),
        ("interim_review.html", "Sơ kết 6 tháng năm 2023"),
    ]


def test_the_interim_title_takes_the_longest_year_to_date_period(tmp_path):
    # The figures hold 6 and 9 months: the interim review is run for 9 months, and says so.
    assert _interim_title(tmp_path, (6, 9)) == "Sơ kết 9 tháng năm 2023"
    assert _interim_title(tmp_path, (6, 9), "en") == "Interim review, 9 months of 2023"


def test_the_interim_title_names_the_period_asked_for(tmp_path):
    from thidua.review.interim import build_interim

    review = Review.load(ytd_path=_ytd_figures(tmp_path, 6, 9))
    asked = build_interim(review, "2023-6T")  # thidua report --period 2023-6T
    assert interim_page.page_title(asked.review.period, "vi") == "Sơ kết 6 tháng năm 2023"


# The plan as it is on top of every page (docs/style-guide.md §8): its kind and number, its date, its issuing body.
GALLERY = ROOT / "data" / "plans" / "gallery"
PLAN_LINES = [
    (PLAN_PATH, SAMPLE_PATH, "vi", "Kế hoạch số 71/KH-UBND ngày 22/12/2022 – Ủy ban nhân dân xã Phổ Thuận"),
    (PLAN_PATH, SAMPLE_PATH, "en", "Plan No. 71/KH-UBND of 22/12/2022 – Ủy ban nhân dân xã Phổ Thuận"),
    (GALLERY / "phu-tho-2023.yaml", GALLERY / "phu-tho-2023-figures.csv", "vi",
     "Nghị quyết số 11/NQ-HĐND ngày 09/12/2022 – Hội đồng nhân dân tỉnh Phú Thọ"),
    (GALLERY / "phu-tho-2023.yaml", GALLERY / "phu-tho-2023-figures.csv", "en",
     "Resolution No. 11/NQ-HĐND of 09/12/2022 – Hội đồng nhân dân tỉnh Phú Thọ"),
]  # fmt: skip


@pytest.mark.parametrize(("plan", "data", "lang", "line"), PLAN_LINES)
def test_every_page_names_the_plan_as_it_is(plan, data, lang, line):
    review = Review.load("", plan_path=plan, data_path=data, lang=lang)
    assert _lines(annual_page.header(review, "x"))[2] == line
    assert _lines(economy_page.header(review))[2] == line
