"""Hostile: the comparison writes unit and target names that came from someone's files: no live formula, no markup."""

from __future__ import annotations

import openpyxl
import pandas as pd

from thidua.reports.compare_page import write_comparison

EVIL_UNIT = '=HYPERLINK("http://x","xã")'
EVIL_TARGET = "<script>alert(1)</script>"


def test_names_from_files_are_written_inert(tmp_path):
    results = pd.DataFrame(
        {"unit": [EVIL_UNIT, "xã B"], "indicator_id": ["a", "a"], "status": ["met", "not_met"],
         "progress_ratio": [1.0, 0.2], "compared": [10.0, 3.0]}
    )  # fmt: skip
    write_comparison(results, {"a": EVIL_TARGET}, tmp_path, "vi", sample=True)
    csv = (tmp_path / "comparison.csv").read_text(encoding="utf-8")
    assert "\n=HYPERLINK" not in csv and ",=HYPERLINK" not in csv  # neutralised: no cell starts with '='
    book = openpyxl.load_workbook(tmp_path / "comparison.xlsx")
    cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [v for v in cells if v.startswith("=")]
    assert all(c.data_type != "f" for sheet in book for row in sheet.iter_rows() for c in row)
    html = (tmp_path / "comparison.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "SỐ LIỆU MẪU" in html


def test_a_comparison_that_cannot_be_made_leaves_the_index(tmp_path, monkeypatch, caplog):
    """A review folder whose achievement table went missing or wrong between the review and the comparison: the
    batch still writes its index and says in one line that the comparison was not written."""
    from thidua.run import batch
    from thidua.run.batch import Outcome

    def broken(*_args):
        raise ValueError("comparison.csv: bad table")

    monkeypatch.setattr(batch, "compare", broken)
    monkeypatch.setattr(batch, "_in_processes", lambda jobs, *a: [Outcome(n, "done", 0.0) for n, _ in jobs])
    jobs = [("a", None), ("b", None)]
    with caplog.at_level("WARNING", logger="thidua"):
        batch.run_batch(jobs, tmp_path / "out", workers=2, started=object())
    assert (tmp_path / "out" / "index.html").is_file()
    assert not (tmp_path / "out" / "comparison.html").exists()
    assert "the comparison of the reviews was not written: comparison.csv: bad table" in caplog.text
