"""The input files' schemas (thidua.inputs.schema): every mistake is one line naming file, place and field.

Expected messages are written out by hand, as an officer would read them after `thidua: error: `.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import META, PLAN_PATH, SAMPLE_PATH, indicator

from thidua.errors import InputError
from thidua.inputs import schema
from thidua.inputs.catalog import dataset
from thidua.inputs.economy_section import parse_economy
from thidua.inputs.plan import load_plan, parse_plan
from thidua.inputs.scoring import Points, load_scoring
from thidua.inputs.units import load_units
from thidua.run.batch import load_batch

DATASET = "dataset: pho-thuan-2023-sample"


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _refused(load, *args) -> InputError:
    with pytest.raises(InputError) as info:
        load(*args)
    return info.value


# ---- plan ------------------------------------------------------------------------------------------


def _plan(*entries: dict, **meta) -> dict:
    return {"plan": {**META, **meta}, "targets": list(entries) or [indicator("x")]}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        # missing field
        ({"plan": {k: v for k, v in META.items() if k != "issuer"}, "targets": [indicator()]},
         "p.yaml, plan, field 'issuer': is required, or name the body with issued_by: hdnd, ubnd, dang_uy, "
         "dai_hoi_dang_bo"),
        (_plan(indicator("bhyt", name_vi="")), "p.yaml, indicator 'bhyt', field 'name_vi': is required"),
        ({"plan": META}, "p.yaml, field 'targets': must be a non-empty list of indicators"),
        # unknown field
        (_plan(indicator("bhyt", colour="red")), "p.yaml, indicator 'bhyt', field 'colour': unknown field(s): colour"),
        (_plan(author="x"), "p.yaml, plan, field 'author': unknown field(s): author"),
        (_plan(indicator("bhyt", targets=[{"kind": "at_least", "value": 95, "by": "town"}])),
         "p.yaml, indicator 'bhyt', field 'by': unknown field(s): by"),
        # wrong type
        (_plan(indicator("bhyt", targets=[{"kind": "at_least", "value": "95%"}])),
         "p.yaml, indicator 'bhyt', field 'value': must be a number, got '95%'"),
        (_plan(indicator("bhyt", targets=[{"kind": "at_least", "value": True}])),
         "p.yaml, indicator 'bhyt', field 'value': must be a number, got True"),
        (_plan(indicator("bhyt", targets=[{"kind": "at_least", "value": float("nan")}])),
         "p.yaml, indicator 'bhyt', field 'value': must be a number, got nan"),
        (_plan(year="2023"), "p.yaml, plan, field 'year': must be a year such as 2023, got '2023'"),
        (_plan(date="20/12/2023"), "p.yaml, plan, field 'date': must be a date written YYYY-MM-DD, got '20/12/2023'"),
        (_plan(indicator("bhyt"), "x"), "p.yaml, target #2: must be a mapping"),
        (_plan({**indicator("bhyt"), "targets": ["at_least 95"]}),
         "p.yaml, indicator 'bhyt', field 'targets': each target must be a mapping with a 'kind'"),
        ({"plan": 2023, "targets": [indicator()]}, "p.yaml, plan: must be a mapping of plan details"),
        (["plan", "targets"], "p.yaml: a plan file needs the two sections 'plan' and 'targets'"),
        # bad choice
        (_plan(indicator("bhyt", group="kinh tế")),
         "p.yaml, indicator 'bhyt', field 'group': must be one of kinh_te, van_hoa_xa_hoi, quoc_phong_an_ninh, "
         "got 'kinh tế'"),
        (_plan(indicator("bhyt", targets=[{"kind": "more_than", "value": 95}])),
         "p.yaml, indicator 'bhyt', field 'kind': must be one of at_least, at_most, below, range, growth, "
         "reduction_points, decrease, share, yes_no, got 'more_than'"),
        (_plan(status="draft"), "p.yaml, plan, field 'status': must be official or sample"),
        (_plan(indicator("Bhyt")), "p.yaml, indicator 'Bhyt', field 'id': must be lower-case letters, digits and _, "
         "got 'Bhyt'"),
        # a rule across fields
        (_plan(baseline_year=2023), "p.yaml, plan, field 'baseline_year': must be before 'year'"),
        (_plan(indicator("bhyt", targets=[{"kind": "range", "min": 95, "max": 90}])),
         "p.yaml, indicator 'bhyt', field 'min': min 95 is above max 90"),
        (_plan(indicator("a"), indicator("b"), indicator("a")),
         "p.yaml, indicator 'a', field 'id': is used by an earlier indicator"),
        (_plan(indicator("bhyt", targets=[{"kind": "at_least", "value": 95, "set_by": "commune"}]), level="district"),
         "p.yaml, indicator 'bhyt', field 'set_by': a district's plan takes targets set by district, town, city, "
         "province, central"),
        (_plan(indicator("bhyt", targets=[{"kind": "yes_no", "value": True}], measure="rate")),
         "p.yaml, indicator 'bhyt', field 'measure': a yes_no target measures yes_no"),
    ],
)  # fmt: skip
def test_plan_mistakes(raw, message):
    assert str(_refused(parse_plan, raw, "p.yaml")) == message


ECONOMY = {"plan": META, "targets": [indicator("tang", targets=[{"kind": "growth", "value": 7}], measure="money",
                                               unit="tỷ đồng")]}  # fmt: skip
SECTOR = {"id": "nlts", "name_vi": "Nông nghiệp", "name_en": "Agriculture"}


@pytest.mark.parametrize(
    ("economy", "message"),
    [
        ({"sectors": [{"id": "nlts", "name_vi": "Nông nghiệp"}]},
         "p.yaml, economy.sectors 'nlts', field 'name_en': is required"),
        ({"sectors": [{**SECTOR, "weight": 1}]}, "p.yaml, economy.sectors 'nlts', field 'weight': unknown field(s): weight"),
        ({"sectors": [SECTOR, {"name_vi": "Dịch vụ", "name_en": "Services", "lâm nghiệp": None}]},
         "p.yaml, economy.sectors #2, field 'lâm nghiệp': unknown field(s): lâm nghiệp "
         "(a name with commas in {…} must be quoted)"),
        ({"sectors": SECTOR}, "p.yaml, economy, field 'sectors': must be a list of components"),
        ({"total": "gdp"}, "p.yaml, economy, field 'total': must be one of production_value, grdp, got 'gdp'"),
        ({"base_year": 2015}, "p.yaml, economy, field 'base_year': constant prices have base year 2010 or 2020, got 2015"),
        ({"sectors": [{**SECTOR, "kind": "product_taxes"}]},
         "p.yaml, economy.sectors 'nlts', field 'kind': product taxes are a component of GRDP: say total: grdp"),
        ({"sectors": [SECTOR, SECTOR]}, "p.yaml, economy.sectors 'nlts', field 'id': is used by an earlier component"),
        ({"sectors": [{**SECTOR, "growth": "nlts_tang"}]},
         "p.yaml, economy.sectors 'nlts', field 'growth': names 'nlts_tang', which is not a target of this plan"),
        ({"total_growth": "tang"}, "p.yaml, economy, field 'sectors': total growth is derived from the components: "
         "list them"),
    ],
)  # fmt: skip
def test_economy_section_mistakes(economy, message):
    assert str(_refused(parse_plan, {**ECONOMY, "economy": economy}, "p.yaml")) == message
    # read alone, the section gives the same line
    assert str(_refused(parse_economy, economy, {"tang": "%"}, "p.yaml")) == message


# ---- units, scoring table, batch config, catalog ---------------------------------------------------

UNITS = "units:\n  - {id: xa, name: Xã, level: commune}\n"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (UNITS + "  - {id: thon_1, level: hamlet, parent: xa}\n", "unit 'thon_1', field 'name': is required"),
        (UNITS + "  - {name: Thôn 1, level: hamlet}\n", "unit #2, field 'id': is required"),
        (UNITS + "  - {id: thon_1, name: Thôn 1, level: hamlet, ma: 7}\n",
         "unit 'thon_1', field 'ma': unknown field(s): ma"),
        (UNITS + "  - {id: thon_1, name: Thôn 1, level: hamlet, code: 7}\n",
         "unit 'thon_1', field 'code': must be the official code's digits, got 7"),
        (UNITS + "  - {id: thon_1, name: Thôn 1, level: 3}\n",
         "unit 'thon_1', field 'level': must be one of hamlet, commune, district, town, city, province, got 3"),
        (UNITS + "  - {id: thon_1, name: Thôn 1, level: hamlet, parent: [xa]}\n",
         "unit 'thon_1', field 'parent': must be text, got ['xa']"),
        (UNITS + "  - {id: thon_1, name: Thôn 1, level: hamlet, parent: huyen}\n",
         "unit 'thon_1', field 'parent': names unknown unit 'huyen'"),
        (UNITS + "  - {id: tinh, name: Tỉnh, level: province, parent: xa}\n",
         "unit 'tinh', field 'parent': must be a larger unit than its child"),
        (UNITS + "  - {id: xa, name: Xã 2, level: commune}\n", "unit 'xa', field 'id': is used twice"),
        ("status: draft\n" + UNITS, "field 'status': must be one of official, sample, got 'draft'"),
        ("unit:\n  - {id: xa, name: Xã, level: commune}\n", "field 'unit': unknown field(s): unit"),
    ],
)  # fmt: skip
def test_units_mistakes(tmp_path, text, where):
    path = _write(tmp_path, "units.yaml", text)
    assert str(_refused(load_units, path)) == f"{path}, {where}"


SCORING = """\
points: {exceeded: 10, met: 8, not_met: 2, no_data: 0}
group_weights: {kinh_te: 0.5, van_hoa_xa_hoi: 0.5}
adjustments:
  - {unit: thon_1, period: 2023, points: -20, reason: Không đăng ký thi đua}
"""


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (("met: 8, ", ""), "points, field 'met': is required"),
        (("met: 8", "met: tám"), "points, field 'met': must be a number, got 'tám'"),
        (("no_data: 0", "no_data: 0, bonus: 5"), "points, field 'bonus': unknown field(s): bonus"),
        (("kinh_te: 0.5", "kinh_te: -0.5"),
         "field 'group_weights': needs non-negative weights for groups among kinh_te, van_hoa_xa_hoi, quoc_phong_an_ninh"),
        (("{kinh_te: 0.5, van_hoa_xa_hoi: 0.5}", "{}"),
         "field 'group_weights': needs non-negative weights for groups among kinh_te, van_hoa_xa_hoi, quoc_phong_an_ninh"),
        (("kinh_te: 0.5", "kinh_tế: 0.5"),
         "field 'group_weights': must be one of kinh_te, van_hoa_xa_hoi, quoc_phong_an_ninh, got 'kinh_tế'"),
        (("unit: thon_1, ", ""), "adjustment #1, field 'unit': is required"),
        (("points: -20", "points: trừ 20"), "adjustment #1, field 'points': must be a number, got 'trừ 20'"),
        (("adjustments:", "scale: 950\nbonus_max: 50\nstatus: draft\nadjustments:"),
         "field 'status': must be one of official, sample, got 'draft'"),
    ],
)  # fmt: skip
def test_scoring_table_mistakes(tmp_path, change, where):
    path = _write(tmp_path, "scoring.yaml", SCORING.replace(*change))
    assert str(_refused(load_scoring, path)) == f"{path}, {where}"


def test_catalogs_and_batches_name_a_file_for_every_role():
    from thidua.inputs.catalog import ROLES, Files

    assert Files.__struct_fields__ == ROLES


def test_a_batch_review_names_files_by_role(tmp_path):
    path = _write(tmp_path, "batch.yml", f"reviews:\n  - {{name: a, {DATASET}, official: march.csv}}\n")
    [(name, job)] = load_batch(path).jobs
    assert (name, job.inputs.official.name) == ("a", "march.csv")


def test_the_scoring_table_scores_every_status_the_engine_gives():
    from thidua.engine.achievement import STATUSES

    assert list(Points.__struct_fields__) == STATUSES


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (f"reviews:\n  - {{{DATASET}}}\n", "review #1, field 'name': each review needs a name"),
        ("out: x\n", "batch, field 'reviews': needs a non-empty 'reviews:' list"),
        (f"reviews:\n  - {{name: a, {DATASET}, colour: red}}\n", "review 'a', field 'colour': unknown field(s): colour"),
        (f"output: x\nreviews:\n  - {{name: a, {DATASET}}}\n", "batch, field 'output': unknown field(s): output"),
        (f"workers: two\nreviews:\n  - {{name: a, {DATASET}}}\n",
         "batch, field 'workers': must be a whole number ≥ 1, got 'two'"),
        (f"reviews:\n  - {{name: a, {DATASET}, timeout: 0}}\n",
         "review 'a', field 'timeout': must be a whole number of seconds from 1 to 86400 (a day), got 0"),
        (f"lang: fr\nreviews:\n  - {{name: a, {DATASET}}}\n", "review 'a', field 'lang': must be vi or en, got 'fr'"),
        (f"reviews:\n  - {{name: a, {DATASET}, notebooks: [annual_review, structure]}}\n",
         "review 'a', field 'notebooks': unknown notebook 'structure'; choose from annual_review, economic_structure, "
         "interim_review, ranking, commendation"),
        (f"reviews:\n  - {{name: a, {DATASET}}}\n  - {{name: A, {DATASET}}}\n",
         "review 'A', field 'name': must be unique (letter case aside)"),
        (f"reviews:\n  - {{name: con, {DATASET}}}\n",
         "review 'con', field 'name': must be a plain name: letters, digits, '_', '.', '-', starting with a letter or "
         "digit, at most 100 characters, no '..', not index.html, manifest.json or *.failed"),
    ],
)  # fmt: skip
def test_batch_config_mistakes(tmp_path, text, where):
    path = _write(tmp_path, "batch.yml", text)
    assert str(_refused(load_batch, path)) == f"{path}, {where}"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("datasets:\n  a: {data: d.csv}\n", "dataset 'a', field 'plan': is required"),
        ("datasets:\n  a: {plan: p.yaml, data: d.csv}\n  b: {plan: p.yaml, data: d.csv, notes: x}\n",
         "dataset 'b', field 'notes': unknown field(s): notes"),
        ("datasets:\n  a: {plan: p.yaml, data: [d.csv]}\n", "dataset 'a', field 'data': must be text, got ['d.csv']"),
        ("datasets:\n  a: p.yaml\n", "dataset 'a': must be a mapping"),
        ("dataset:\n  a: {plan: p.yaml, data: d.csv}\n", "field 'dataset': unknown field(s): dataset"),
    ],
)  # fmt: skip
def test_catalog_mistakes(tmp_path, text, where):
    path = _write(tmp_path, "catalog.yml", text)
    assert str(_refused(dataset, "a", path)) == f"{path}, {where}"


# ---- every loader goes through the one formatter ---------------------------------------------------


def _plan_text() -> str:
    return PLAN_PATH.read_text(encoding="utf-8").replace("plan:\n", "plan:\n  colour: red\n", 1)


LOADERS = {
    "plan": ("plan.yaml", _plan_text, load_plan, "plan, field 'colour'"),
    "units": ("units.yaml", lambda: UNITS + "colour: red\n", load_units, "field 'colour'"),
    "scoring": ("scoring.yaml", lambda: SCORING + "colour: red\n", load_scoring, "field 'colour'"),
    "batch": ("batch.yml", lambda: f"colour: red\nreviews: [{{name: a, {DATASET}}}]\n", load_batch, "batch, field 'colour'"),
    "catalog": ("catalog.yml", lambda: "colour: red\n", lambda p: dataset("a", p), "field 'colour'"),
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(LOADERS))
def test_every_loader_goes_through_the_schema_formatter(tmp_path, monkeypatch, kind):
    name, text, load, where = LOADERS[kind]
    path = _write(tmp_path, name, text())
    seen = []
    formatter = schema.error

    def spy(*args):
        seen.append(args[2])  # the schema the file was converted to
        return formatter(*args)

    monkeypatch.setattr(schema, "error", spy)
    assert str(_refused(load, path)) == f"{path}, {where}: unknown field(s): colour"
    assert len(seen) == 1 and issubclass(seen[0], schema.Schema)


def test_the_economy_section_read_alone_goes_through_it_too():
    with pytest.raises(InputError) as info:
        parse_economy({"colour": "red"}, {}, SAMPLE_PATH)
    assert str(info.value) == f"{SAMPLE_PATH}, economy, field 'colour': unknown field(s): colour"


def test_a_schema_error_is_one_line_and_exit_2_on_the_command_line(tmp_path):
    from thidua.cli import main

    path = _write(tmp_path, "plan.yaml", _plan_text())
    result = CliRunner().invoke(main, ["assess", str(path), str(SAMPLE_PATH)])
    assert result.exit_code == 2
    assert result.output.strip() == f"thidua: error: {path}, plan, field 'colour': unknown field(s): colour"


# ---- the formatter itself --------------------------------------------------------------------------


class _Entry(schema.Schema):
    place = ("entry '{code}'", "entry #{n}")
    code: str
    size: int = 0

    def __post_init__(self) -> None:
        if self.size < 0:
            raise schema.Rule("must not be negative", "size")


class _File(schema.Schema):
    entries: list[_Entry]

    def __post_init__(self) -> None:
        if len(self.entries) > 1 and self.entries[1].size > self.entries[0].size:
            raise schema.Rule("must not be above the first entry's", "size", ("entries", 1))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"entries": [{"code": "a", "size": -1}]}, "f.yaml, entry 'a', field 'size': must not be negative"),
        ({"entries": [{"code": "a"}, {"code": "b", "size": 2}]},
         "f.yaml, entry 'b', field 'size': must not be above the first entry's"),
        ({"entries": [{"size": 1}]}, "f.yaml, entry #1, field 'code': is required"),
        ({"entries": [{"code": "a", "size": 1.5}]}, "f.yaml, entry 'a', field 'size': must be a whole number, got 1.5"),
        ({"entries": [{"code": "a", 3: 1}]}, "f.yaml, entry 'a', field '3': unknown field(s): 3"),
        ({"entries": {"code": "a"}}, "f.yaml, field 'entries': must be a list"),
    ],
)  # fmt: skip
def test_the_formatter_names_the_place_a_rule_points_at(raw, message):
    assert str(_refused(schema.convert, raw, _File, "f.yaml")) == message


def test_the_formatter_reads_msgspec_paths():
    assert schema._steps("$.targets[3].targets[0].value") == ["targets", 3, "targets", 0, "value"]
    assert schema._steps("$.datasets[...]") == ["datasets", "..."]
    assert schema._steps("$") == []
