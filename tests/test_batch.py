"""`thidua batch`: many reviews from a small config, carrying on past a failed one."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from thidua.batch import load_batch
from thidua.cli import main
from thidua.errors import InputError


def test_batch_carries_on_past_a_failure_and_lists_it(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("unit,period,indicator,value\npho_thuan,2023,bhyt,120\n", encoding="utf-8")
    config = tmp_path / "batch.yml"
    config.write_text(
        "notebooks: [annual_review]\nreviews:\n"
        "  - {name: good, dataset: pho-thuan-2023-sample}\n"
        f"  - {{name: broken, dataset: pho-thuan-2023-sample, data: {bad}}}\n"
        "  - {name: english, dataset: pho-thuan-2023-sample, lang: en}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["batch", str(config), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert "batch: 2 done, 1 failed" in result.stdout
    assert "failed: broken" in result.output and "a rate must lie between 0 and 100" in result.output
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'href="good/index.html"' in index and 'href="english/index.html"' in index and "<b>broken</b>" in index
    assert (tmp_path / "out" / "english" / "annual_review.html").read_text(encoding="utf-8").count("SAMPLE DATA") >= 1
    assert not (tmp_path / "out" / "broken").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("reviews: []", "non-empty 'reviews:' list"),
        ("reviews: [{dataset: x}]", "each review needs a name"),
        ("reviews: [{name: a, dataset: pho-thuan-2023-sample, colour: red}]", "unknown field(s): colour"),
        ("reviews: [{name: a, dataset: nope}]", "no dataset 'nope'"),
        ("reviews: [{name: a, dataset: pho-thuan-2023-sample}, {name: a, dataset: pho-thuan-2023-sample}]", "unique"),
        ("reviews: [{name: a, dataset: pho-thuan-2023-sample, notebooks: [x]}]", "unknown notebook 'x'"),
        ("reviews: [{name: a, dataset: pho-thuan-2023-sample, lang: fr}]", "must be vi or en"),
    ],
)
def test_bad_batch_config(tmp_path, text, message):
    config = tmp_path / "b.yml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_batch(config)
