"""Who meets each title's criteria: the engine's tests on made-up titles, every expected result worked out by hand.

tests/data/commendation/ holds a titles file that is NOT the law (its tests are the engine's vocabulary: a
rating, a discipline, an initiative, another title, a share of a collective's members, a cap) and a roster of
8 individuals in 2 collectives. The bundled titles (data/rules/) are checked against their sources elsewhere.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

from thidua.engine.commendation import cap_count, counts, judge
from thidua.errors import InputError
from thidua.inputs.roster import load_roster
from thidua.inputs.titles import in_force, load_titles

DATA = ROOT / "tests" / "data" / "commendation"
HOSTILE = ROOT / "tests" / "hostile"


@pytest.fixture(scope="module")
def rules() -> list[dict]:
    return in_force(load_titles(DATA / "titles.yaml"), 2024)


def _judged(rules, roster: Path = DATA / "roster.csv", registrations: Path = DATA / "registrations.csv"):
    loaded = load_roster(roster, registrations, tuple(r["id"] for r in rules))
    return judge(loaded.people, loaded.registrations, rules).set_index(["title", "id"])


def test_each_person_and_collective_with_the_first_criterion_that_fails(rules):
    judged = _judged(rules)
    # ldtt: rating hoàn thành tốt or better, then (the office's rules) registered and no discipline, and a
    # criterion people judge ("có tinh thần"): those who pass the rest are to be confirmed by the council
    assert judged.loc["ldtt", "status"].to_dict() == {
        "p01": "to_confirm", "p02": "to_confirm", "p03": "to_confirm", "p04": "to_confirm",
        "p05": "not_eligible",  # hoàn thành only
        "p06": "not_eligible",  # hoàn thành xuất sắc, but a khiển trách this year
        "p07": "to_confirm",
        "p08": "not_eligible",  # did not register for ldtt
    }  # fmt: skip
    assert judged.loc["ldtt", "failed"].dropna().to_dict() == {"p05": "rating", "p06": "no_discipline",
                                                                "p08": "registered"}  # fmt: skip
    # p08 has a recognised initiative but is no ldtt: the first failing criterion of cstd is has_ldtt
    assert judged.loc[("cstd", "p08"), "failed"] == "has_ldtt"
    assert judged.loc[("cstd", "p02"), "failed"] == "initiative"  # an initiative not recognised does not count
    assert judged.loc[("ldtt", "p05"), "failed_quote"] == "hoàn thành tốt trở lên"
    assert judged.loc[("ldtt", "p05"), "failed_source"] == {"document": "test", "article": "A.1", "url": None}


def test_a_cap_that_binds_is_counted_never_applied(rules):
    """5 meet ldtt; 15% of 5 = 0,75, so no one may hold cstd: p01, within its criteria, is above the cap."""
    judged = _judged(rules)
    assert judged.loc[("cstd", "p01"), "status"] == "above_cap"
    assert cap_count(rules[1]["cap"], {"ldtt": pd.Series([True] * 5)}) == 0
    assert cap_count(rules[1]["cap"], {"ldtt": pd.Series([True] * 7)}) == 1  # 7 × 15% = 1,05 → 1
    assert cap_count(rules[1]["cap"], {"ldtt": pd.Series([True] * 20)}) == 3  # 20 × 15% = 3 exactly: 3


def test_a_collective_exactly_at_the_share_threshold_meets_it(rules, tmp_path):
    """Tổ A: 4 of its 5 meet ldtt (80%); with p03 out (hoàn thành), 3 of 5 (60%) fail; Tổ B: 1 of 3 (33%)."""
    judged = _judged(rules)
    assert judged.loc[("tt_xs", "to_a"), "status"] == "eligible"
    assert judged.loc[("tt_xs", "to_b"), "failed"] == "share"
    # 7 of 10 members meet ldtt: exactly 70%, which "at least 70" meets; 6 of 10 (60%) does not
    rows = [f"m{i:02d},Người {i},ca_nhan,to_c,cong_chuc,{'hoan_thanh_tot' if i < 7 else 'hoan_thanh'},khong,khong"
            for i in range(10)]  # fmt: skip
    rows[0] = rows[0].replace(",khong,khong", ",khong,duoc_cong_nhan")  # one member meets cstd's criteria
    for within, expected in ((7, "eligible"), (6, "not_eligible")):
        body = [r.replace("hoan_thanh_tot", "hoan_thanh") if int(r[1:3]) >= within else r for r in rows]
        roster = tmp_path / f"roster-{within}.csv"
        roster.write_text("id,name,kind,collective,position,rating,discipline,initiative\n" + "\n".join(body)
                          + "\nto_c,Tổ C,tap_the,,,hoan_thanh_xuat_sac,khong,\n", encoding="utf-8")  # fmt: skip
        registrations = tmp_path / f"reg-{within}.csv"
        registrations.write_text("id,title\n" + "\n".join(f"m{i:02d},ldtt" for i in range(10)) + "\n",
                                 encoding="utf-8")  # fmt: skip
        assert _judged(rules, roster, registrations).loc[("tt_xs", "to_c"), "status"] == expected, within


def test_a_members_warning_fails_the_collective(rules, tmp_path):
    text = (DATA / "roster.csv").read_text(encoding="utf-8").replace("p04,Người 4,ca_nhan,to_a,khong_chuyen_trach,"
                                                                     "hoan_thanh_tot,khong", "p04,Người 4,ca_nhan,to_a,"
                                                                     "khong_chuyen_trach,hoan_thanh_tot,canh_cao")  # fmt: skip
    roster = tmp_path / "roster.csv"
    roster.write_text(text, encoding="utf-8")
    assert _judged(rules, roster).loc[("tt_xs", "to_a"), "failed"] in ("share", "no_warning")
    # p04 out of ldtt (the office's no-discipline rule) leaves 3 of 5 = 60%: the share fails first
    assert _judged(rules, roster).loc[("tt_xs", "to_a"), "failed"] == "share"


def test_only_titles_in_force_are_applied():
    titles = load_titles(DATA / "titles.yaml")
    assert [t["id"] for t in in_force(titles, 2024)] == ["ldtt", "cstd", "tt_xs"]
    assert [t["id"] for t in in_force(titles, 2023)] == ["old"]  # the others since 1/1/2024


def test_counts_per_title(rules):
    table = counts(_judged(rules).reset_index())
    assert table.loc["ldtt"].to_dict() == {"eligible": 0, "to_confirm": 5, "above_cap": 0, "not_eligible": 3,
                                           "registered": 7}  # fmt: skip
    assert table.loc["cstd", "above_cap"] == 1 and table.loc["tt_xs", "eligible"] == 1


HOSTILE_CASES = [
    ("roster-unknown-rating.csv", "line 3, field 'rating': must be one of hoan_thanh_xuat_sac, hoan_thanh_tot, "
                                  "hoan_thanh, khong_hoan_thanh, got 'tốt'"),
    ("roster-id-twice.csv", "line 5, field 'id': is used by an earlier row: 'p01'"),
    ("roster-unknown-collective.csv", "line 3, field 'collective': names 'to_z', which is no collective of the roster"),
    ("roster-formula.csv", "line 3, field 'discipline': must be one of khong, khien_trach, canh_cao, ha_bac_luong, "
                           "giang_chuc, cach_chuc, bai_nhiem, buoc_thoi_viec, got '=HYPERLINK(\"x\")'"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "where"), HOSTILE_CASES, ids=[c[0] for c in HOSTILE_CASES])
def test_hostile_rosters_are_refused_by_row_and_field(name, where):
    with pytest.raises(InputError) as refused:
        load_roster(HOSTILE / name, None, ("ldtt",))
    assert str(refused.value) == f"{HOSTILE / name}, {where}"


def test_hostile_registrations_and_titles(rules):
    with pytest.raises(InputError) as refused:
        load_roster(DATA / "roster.csv", HOSTILE / "registrations-unknown-person.csv", ("ldtt", "cstd"))
    assert str(refused.value).endswith("line 2, field 'id': names 'ai_do', who is not on the roster")
    with pytest.raises(InputError) as refused:
        load_titles(HOSTILE / "titles-depends-on-later.yaml")
    assert str(refused.value).endswith("title 'cstd', field 'criteria': depends on 'ldtt', which must come before it")
    with pytest.raises(InputError) as refused:
        load_titles(HOSTILE / "titles-unknown-test.yaml")
    assert "field 'test': must be one of rating_at_least" in str(refused.value)


# ---- the bundled titles (data/rules/thi-dua-khen-thuong.yaml) on the sample roster of Phổ Thuận, 2023 ------------
RULES = ROOT / "data" / "rules" / "thi-dua-khen-thuong.yaml"
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture(scope="module")
def sample_2023():
    rules = in_force(load_titles(RULES), 2023)
    loaded = load_roster(SAMPLE / "pho-thuan-2023-roster.csv", SAMPLE / "pho-thuan-2023-registrations.csv",
                         tuple(r["id"] for r in rules))  # fmt: skip
    return rules, loaded, judge(loaded.people, loaded.registrations, rules).set_index(["title", "id"])


def test_the_law_of_2023_on_the_sample_roster(sample_2023):
    """Worked out by hand from the quoted articles and data/sample/pho-thuan-2023-roster.csv.

    Lao động tiên tiến (Luật 2013, Điều 24.1.a "Hoàn thành tốt nhiệm vụ"): the 13 rated hoàn thành tốt or better
    pass; the other criteria (b–d) are the council's, so they are "to confirm"; the 5 rated hoàn thành or below fail.
    """
    _rules, loaded, judged = sample_2023
    assert loaded.is_sample
    ldtt = judged.loc["lao_dong_tien_tien"]
    assert sorted(ldtt.index[ldtt["status"] == "to_confirm"]) == sorted(
        ["vp_1", "vp_2", "vp_3", "tc_1", "dc_1", "dc_2", "tp_1", "tp_2", "vh_1", "vh_2", "vh_3", "qs_1", "qs_2"]
    )
    assert set(ldtt.loc[["vp_4", "tc_2", "dc_3", "tp_3", "vh_4"], "failed"]) == {"hoan_thanh_tot"}
    # Chiến sĩ thi đua cơ sở (NĐ 91/2017, Điều 9.3): vp_1 and vh_1 are LĐTT with a recognised initiative; vp_4 has
    # one but is no LĐTT; vp_2's is not recognised. 15% of the 13 LĐTT is 1,95: at most 1, so both are above it.
    cstd = judged.loc["chien_si_thi_dua_co_so"]
    assert cstd.loc[["vp_1", "vh_1"], "status"].tolist() == ["above_cap", "above_cap"]
    assert (cstd.loc["vp_4", "failed"], cstd.loc["vp_2", "failed"]) == ("dat_ldtt", "sang_kien")
    # Tập thể lao động tiên tiến (Luật, Điều 28.1): "trên 50%" of its members LĐTT and none with a cảnh cáo
    tt = judged.loc["tap_the_lao_dong_tien_tien"]
    assert tt.loc["tai_chinh", "failed"] == "tren_50_ldtt"  # 1 of 2: exactly 50%, which is not "trên 50%"
    assert tt.loc["dia_chinh", "failed"] == "khong_ky_luat"  # 2 of 3 LĐTT (66,7%), but dc_3 has a cảnh cáo
    assert tt.loc["tu_phap", "failed"] == "hoan_thanh_tot"  # the office itself rated hoàn thành
    assert tt.loc[["van_phong", "van_hoa", "quan_su"], "status"].tolist() == ["to_confirm"] * 3  # 3/4, 3/4, 2/2
    # a khiển trách (vh_2) is lighter than a cảnh cáo: Văn hóa – Xã hội keeps its title
    assert counts(judged.reset_index()).loc["lao_dong_tien_tien", "registered"] == 15


def test_each_quote_is_the_words_of_its_source_and_the_2024_titles_replace_the_old():
    titles = load_titles(RULES)
    for title in titles.titles:
        for criterion in title.criteria:
            assert criterion.source.url and criterion.quote.strip(), (title.id, criterion.id)
    assert [t["id"] for t in in_force(titles, 2024)] == ["lao_dong_tien_tien_2024", "chien_si_thi_dua_co_so_2024",
                                                         "tap_the_lao_dong_xuat_sac_2024", "thon_van_hoa_2024"]  # fmt: skip
    # from 2024 "Chiến sĩ thi đua cơ sở" is first a "Lao động tiên tiến" (Điều 21 (1), checked); its (2) is any of
    # four achievements the roster cannot all show, so the council judges it; no cap was found
    rules = in_force(titles, 2024)
    loaded = load_roster(SAMPLE / "pho-thuan-2023-roster.csv", None, tuple(r["id"] for r in rules))
    judged = judge(loaded.people, loaded.registrations, rules).set_index(["title", "id"])
    # the 13 rated at least "hoàn thành tốt" meet LĐTT's checked criterion, and so CSTĐCS's (1); the other 5 fail it
    cstd = judged.loc["chien_si_thi_dua_co_so_2024"]
    assert (cstd["status"] == "to_confirm").sum() == 13
    assert set(cstd.loc[cstd["status"] == "not_eligible", "failed"]) == {"dat_ldtt"}
    assert (cstd["status"] == "not_eligible").sum() == 5
    # Văn phòng: hoàn thành xuất sắc; 4 members all at least hoàn thành; 3 of 4 = 75% LĐTT ≥ 70%
    assert judged.loc[("tap_the_lao_dong_xuat_sac_2024", "van_phong"), "status"] == "to_confirm"
    assert judged.loc[("tap_the_lao_dong_xuat_sac_2024", "quan_su"), "status"] == "to_confirm"  # 2 of 2
    # Văn hóa – Xã hội was rated hoàn thành tốt, not xuất sắc: the first criterion fails
    assert judged.loc[("tap_the_lao_dong_xuat_sac_2024", "van_hoa"), "failed"] == "hoan_thanh_xuat_sac"


def test_the_page_and_the_word_report_count_as_worked_out(tmp_path):
    """The sample review's commendation: the same counts as test_the_law_of_2023_on_the_sample_roster, in words."""
    from docx import Document

    from thidua.reports import commendation_page
    from thidua.reports.word_report import write_report
    from thidua.review.review import Review

    review = Review.load()
    found = review.commendation
    assert found.caps == {"chien_si_thi_dua_co_so": 1}  # 15% of 13 = 1,95: at most 1
    html = str(commendation_page.section(review, found))
    assert "tối đa 1; 2 cá nhân đạt tiêu chuẩn: Hội đồng Thi đua – Khen thưởng lựa chọn." in html
    assert "Nghị định 91/2017/NĐ-CP ngày 31/7/2017" in html and "Điều 9 khoản 3" in html
    assert "SỐ LIỆU MẪU" in str(commendation_page.header(review, found))
    texts = [p.text for p in Document(str(write_report(review, tmp_path / "r.docx"))).paragraphs]
    assert (
        "b) “Chiến sĩ thi đua cơ sở”: 03 đăng ký; 02 đạt tiêu chuẩn, vượt tỷ lệ cho phép (tối đa 01): Hội đồng lựa chọn;"
        " 16 chưa đạt tiêu chuẩn."
    ) in texts
    assert "Danh sách cá nhân, tập thể là số liệu mẫu, không phải cán bộ của xã." in texts


def test_hostile_a_bad_roster_stops_the_review_before_any_notebook(tmp_path):
    from click.testing import CliRunner

    from thidua.cli import main

    out = tmp_path / "out"
    bad = HOSTILE / "roster-unknown-rating.csv"
    result = CliRunner().invoke(main, ["review", "--dataset", "pho-thuan-2023-sample", "--roster", str(bad),
                                       "--out", str(out)])  # fmt: skip
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        f"thidua: error: {bad}, line 3, field 'rating': must be one of hoan_thanh_xuat_sac, hoan_thanh_tot, "
        "hoan_thanh, khong_hoan_thanh, got 'tốt'"
    )
    assert not out.exists()  # nothing written


def test_the_proposal_lists_the_candidates_and_leaves_the_choice_to_the_council(tmp_path):
    """The tờ trình: the counts of test_the_law_of_2023_on_the_sample_roster, one list row per candidate within the
    criteria (13 Lao động tiên tiến, 2 Chiến sĩ thi đua cơ sở above the cap, 3 collectives), each with a gap for
    the council's 'có / không', and each title's reward at the estimate's day 01/01/2024 (Nghị định 98/2023 Điều 54
    × 1.800.000 đồng: 0,3 → 540.000; 1,0 → 1.800.000; 0,8 → 1.440.000); it converts in LibreOffice."""
    import shutil
    import subprocess

    from docx import Document
    from test_word_report import _all_runs, _marked, _run_text

    from thidua.reports.proposal import write_proposal
    from thidua.review.review import Review

    out = write_proposal(Review.load(), tmp_path / "to-trinh.docx")
    doc = Document(str(out))
    rows = [[c.text for c in r.cells] for r in doc.tables[-1].rows]
    assert len(rows) == 1 + 13 + 2 + 3 + 7  # and the 7 ranked hamlets for "Thôn văn hóa"
    assert {r[6] for r in rows[1:]} == {"[Cần bổ sung: có / không]"}
    assert {(r[3], r[5]) for r in rows[1:]} == {("Lao động tiên tiến", "540.000"),
                                                ("Chiến sĩ thi đua cơ sở", "1.800.000"),
                                                ("Tập thể lao động tiên tiến", "1.440.000"),
                                                ("Thôn văn hóa", "2.700.000")}  # fmt: skip
    assert [r[4] for r in rows[1:]].count("đạt tiêu chuẩn, vượt tỷ lệ: Hội đồng lựa chọn") == 2
    texts = [p.text for p in doc.paragraphs]
    assert "TỜ TRÌNH" in texts and "Về việc đề nghị công nhận danh hiệu thi đua năm 2023" in texts
    runs = [r for r in _all_runs(doc) if _run_text(r).strip()]
    assert all(_run_text(r).startswith("[Cần bổ sung") for r in runs if _marked(r))
    assert not [_run_text(r) for r in runs if not _marked(r) and "[Cần bổ sung" in _run_text(r)]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        import os

        if os.environ.get("THIDUA_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice is required (THIDUA_REQUIRE_LIBREOFFICE=1)")
        pytest.skip("LibreOffice not found: apt-get install libreoffice-writer-nogui")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(out)], check=True, capture_output=True, timeout=180)  # fmt: skip
    assert (tmp_path / "to-trinh.pdf").read_bytes().startswith(b"%PDF")


def _filled_workbook(tmp_path, edit=None):
    """The plan's data-entry workbook with its roster and registrations sheets filled from the sample CSVs."""
    import csv

    import openpyxl

    from thidua.inputs.plan import load_plan
    from thidua.reports.workbook_template import write_template

    path = write_template(load_plan(ROOT / "data" / "plans" / "pho-thuan-2023.yaml"), tmp_path / "so-lieu.xlsx")
    wb = openpyxl.load_workbook(path)
    for sheet, name in (
        ("Danh sách", "pho-thuan-2023-roster.csv"),
        ("Đăng ký thi đua", "pho-thuan-2023-registrations.csv"),
    ):
        lines = [line for line in (SAMPLE / name).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        for row in list(csv.reader(lines))[1:]:
            wb[sheet].append(row)
    if edit is not None:
        edit(wb)
    wb.save(path)
    return path


def test_the_workbook_carries_the_roster_and_registrations(tmp_path):
    """Filled in the template's sheets, the sample roster gives the results of the CSV files, cell for cell."""
    import openpyxl

    rules = in_force(load_titles(RULES), 2023)
    path = _filled_workbook(tmp_path)
    sheet = openpyxl.load_workbook(path)["Đăng ký thi đua"]
    assert [dv.formula1 for dv in sheet.data_validations.dataValidation] == [
        '"lao_dong_tien_tien,chien_si_thi_dua_co_so,tap_the_lao_dong_tien_tien"'
    ]  # only the titles in force in 2023 may be chosen
    from_book = load_roster(path, path, tuple(r["id"] for r in rules))
    from_csv = load_roster(SAMPLE / "pho-thuan-2023-roster.csv", SAMPLE / "pho-thuan-2023-registrations.csv",
                           tuple(r["id"] for r in rules))  # fmt: skip
    pd.testing.assert_frame_equal(judge(from_book.people, from_book.registrations, rules),
                                  judge(from_csv.people, from_csv.registrations, rules))  # fmt: skip


def test_hostile_a_workbook_roster_is_refused_by_sheet_row_and_field(tmp_path):
    path = _filled_workbook(tmp_path, lambda wb: wb["Danh sách"].cell(row=3, column=6, value="=1+1"))
    with pytest.raises(InputError) as refused:
        load_roster(path, None, ("lao_dong_tien_tien",))
    assert str(refused.value) == (
        f"{path}, sheet 'Danh sách', row 3, field 'rating': must be one of hoan_thanh_xuat_sac, hoan_thanh_tot, "
        "hoan_thanh, khong_hoan_thanh, got ''"
    )  # a formula is never run: the cell has no value, and a rating is required


def test_the_hamlets_title_takes_the_ranking_and_an_office_threshold_on_its_points():
    """Thôn văn hóa: the law's criteria are the council's (Luật 2022 Điều 30 khoản 1 a–đ; khoản 2 leaves the detail
    to the province); an office rule "at least 80 points" passes 80 exactly, fails 79,9 and a hamlet not ranked."""
    titles = load_titles(RULES)
    rules = in_force(titles, 2024)
    hamlet = next(r for r in rules if r["id"] == "thon_van_hoa_2024")
    assert hamlet["for"] == "thon" and all("people" in c["test"] for c in hamlet["criteria"])
    assert [c["quote"][:2] for c in hamlet["criteria"]] == ["a)", "b)", "c)", "d)", "đ)"]
    hamlet["criteria"].append({"id": "diem_toi_thieu", "test": {"points_at_least": 80}, "quote": "đạt từ 80 điểm",
                               "source": {"document": "office", "article": "", "url": None}})  # fmt: skip
    people = pd.DataFrame(
        {"name": ["A", "B", "C"], "kind": "thon", "collective": None, "points": [80.0, 79.9, float("nan")]},
        index=pd.Index(["a", "b", "c"], name="id"),
    )
    judged = judge(people, pd.DataFrame(columns=["id", "title"]), [hamlet]).set_index("id")
    assert judged["status"].to_dict() == {"a": "to_confirm", "b": "not_eligible", "c": "not_eligible"}
    assert judged.loc["b", "failed"] == "diem_toi_thieu"


def test_the_sample_hamlets_are_the_rankings_seven():
    """Phổ Thuận's 7 hamlets (data/units) are the 2023 candidates for "Thôn văn hóa" (Nghị định 122/2018 Điều 12),
    each with its ranking points; no rule of the bundled file fails one, so all 7 are the council's to confirm."""
    from thidua.review.review import Review

    found = Review.load().commendation
    rows = found.results[found.results["title"] == "thon_van_hoa"]
    assert sorted(rows["id"]) == [f"pho_thuan_thon_{i}" for i in range(1, 8)]
    assert set(rows["status"]) == {"to_confirm"}
    assert found.people.loc[rows["id"], "points"].notna().all()


def test_hostile_points_at_least_takes_a_number(tmp_path):
    bad = tmp_path / "titles.yaml"
    bad.write_text(
        "titles:\n  - id: tvh\n    name: T\n    for: thon\n    criteria:\n"
        "      - {id: p, test: {points_at_least: 'nhiều'}, quote: q, source: {document: d, article: a}}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as refused:
        load_titles(bad)
    assert "points_at_least takes the least points of the ranking, got 'nhiều'" in str(refused.value)
