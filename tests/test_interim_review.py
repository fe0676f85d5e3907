"""The interim review (sơ kết 6 tháng) end to end: from year-to-date figures alone, never a year-end verdict.

Expected values are worked by hand from the plan (data/plans/pho-thuan-2023.yaml) and docs/domain.md §5.9.
"""

from __future__ import annotations

import io
import json
import re

import docx
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import PLAN_PATH

from thidua.cli import main
from thidua.review.review import Review

# Six months of 2023 and nothing else (sample figures): budget revenue 12,02 tỷ of a plan of 6,83 tỷ đồng
# is 175,99%; grain 4.120 of 7.119 tấn is 57,87%; health insurance 96% against "từ 95% trở lên".
YTD_ONLY = """# status: sample
# title: SAMPLE - six months of 2023 only (test figures)
unit,period,indicator,value
pho_thuan,2023-6T,thu_ngan_sach,12020000000
pho_thuan,2023-6T,san_luong_luong_thuc,4120
pho_thuan,2023-6T,bhyt,96
"""
# The year-end verdict's words, which no interim output may hold (the progress words say "kế hoạch năm").
VERDICTS = re.compile(r"Tổng kết|không đạt|đạt và vượt|vượt kế hoạch(?! năm)|(?<!đã )đạt kế hoạch(?! năm)")


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def ytd(tmp_path):
    path = tmp_path / "6-thang-2023.csv"
    path.write_text(YTD_ONLY, encoding="utf-8")
    return path


def test_validate_and_assess_from_year_to_date_figures_alone(ytd):
    checked = _run("validate", "--plan", PLAN_PATH, ytd, "--period", "2023-6T")
    assert checked.exit_code == 1 and ": 0 error(s), " in checked.output  # warnings: targets with no figure yet
    result = _run("assess", PLAN_PATH, ytd, "--period", "2023-6T")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Kế hoạch số 71/KH-UBND – xã Phổ Thuận – 6 tháng năm 2023"
    assert "SỐ LIỆU MẪU" in lines[1]
    revenue = next(line for line in lines if "Thu ngân sách xã" in line)
    assert "đã vượt kế hoạch năm" in revenue and "176%" in revenue  # 12,02 / 6,83 = 175,99%
    assert "57,9%" in next(line for line in lines if "Sản lượng lương thực" in line)  # 4120 / 7119
    # 33 statements: revenue past the plan, health insurance reached, grain with no pace to judge by, 30 no data
    assert lines[-1] == (
        "33 chỉ tiêu: 1 đã vượt kế hoạch năm, 1 đã đạt, 1 chưa đánh giá được tiến độ, 30 chưa có số liệu."
    )
    assert not VERDICTS.search(result.stdout)


def test_the_interim_csv_and_json_say_where_each_target_stands_and_give_no_verdict(ytd):
    result = _run("assess", PLAN_PATH, ytd, "--period", "2023-6T", "--format", "csv")
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout)).set_index("indicator_id")
    assert "status" not in frame.columns and "pct_of_plan" not in frame.columns
    assert frame.loc["thu_ngan_sach", "progress"] == "past_year_plan"
    assert frame.loc["thu_ngan_sach", "pct_of_year_plan"] == pytest.approx(12.02 / 6.83 * 100)
    assert frame.loc["bhyt", "progress"] == "reached"
    assert (frame.loc["san_luong_luong_thuc", "progress"], frame.loc["san_luong_luong_thuc", "reason"]) == (
        "not_judged",
        "no_last_year",
    )
    payload = json.loads(_run("assess", PLAN_PATH, ytd, "--period", "2023-6T", "--format", "json").stdout)
    assert all("status" not in row for row in payload["results"])


def test_the_review_of_six_months_writes_the_interim_page_and_report_only(ytd, tmp_path):
    out = tmp_path / "out"
    result = _run("review", "--plan", PLAN_PATH, "--data", ytd, "--period", "2023-6T", "--out", out)
    assert result.exit_code == 0, result.output
    assert (out / "interim_review.html").exists()
    assert not (out / "annual_review.html").exists() and not (out / "economic_structure.html").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Sơ kết" in index and "Tổng kết" not in index
    table = pd.read_csv(out / "achievement.csv").set_index("indicator_id")
    assert "status" not in table.columns and table.loc["thu_ngan_sach", "progress"] == "past_year_plan"
    for page in ("index.html", "interim_review.html"):
        text = re.sub(r"<[^>]+>", " ", (out / page).read_text(encoding="utf-8"))
        assert not VERDICTS.search(text), page
    word = "\n".join(p.text for p in docx.Document(str(out / "bao-cao.docx")).paragraphs)
    assert "Sơ kết phong trào thi đua 6 tháng năm 2023" in word
    assert "Thu ngân sách xã: 12,02 tỷ đồng, đạt 176% dự toán năm (dự toán năm 6,83 tỷ đồng), đã vượt" in word
    assert not VERDICTS.search(word)


def test_the_report_command_needs_no_whole_year_figures(ytd, tmp_path):
    out = tmp_path / "so-ket.docx"
    result = _run("report", "--plan", PLAN_PATH, "--data", ytd, "--period", "2023-6T", "--out", out)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    word = "\n".join(p.text for p in document.paragraphs)
    # the filed report writes counts under 10 with a 0, as offices do (docs/style-guide.md §10)
    assert "33 chỉ tiêu: 01 đã vượt kế hoạch năm, 01 đã đạt, 01 chưa đánh giá được tiến độ" in word
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert not VERDICTS.search(word + cells)


def test_with_the_annual_files_the_pace_follows_last_years_profile():
    """The sample: 6 months of 2022 and 2023 in the year-to-date file, 2022's whole year in the annual files."""
    interim = Review.load(period="2023-6T").interim
    assert interim.review.period.label == "2023-6T"
    p = interim.progress.set_index("indicator_id")
    # Grain: due 7119 · 3980 / 6985 = 4056,4 ≤ 4120; 4120 / 7119 = 57,87%.
    assert p.loc["san_luong_luong_thuc", "progress"] == "on_track"
    assert p.loc["san_luong_luong_thuc", "expected_by_now"] == pytest.approx(7119 * 3980 / 6985)
    # Spending: 2022's budget lines give 6,21 tỷ for the year; due 6,83 · 2,90 / 6,21 = 3,1895 tỷ > 3,15 tỷ.
    assert p.loc["chi_ngan_sach", "progress"] == "behind"
    assert p.loc["chi_ngan_sach", "expected_by_now"] == pytest.approx(6.83e9 * 2.90e9 / 6.21e9)
    # Traffic accidents are told at the year's end, whatever the first half says.
    assert set(p.loc[["tngt_so_vu", "tngt_so_nguoi_chet", "tngt_so_nguoi_bi_thuong"], "reason"]) == {"year_end"}
    files = dict(interim.year_files)
    assert files == {"pho-thuan-2022-2023.csv": "figures", "pho-thuan-2022-2023-budget.csv": "budget"}
