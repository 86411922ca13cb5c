"""Input that used to pass `validate` silently, or crash, is refused with a message that names
the file, the record, the field, what is wrong and what to do."""

import geopandas as gpd
import pytest
import yaml

from landplan.errors import LayerError, ScenarioError
from landplan.run import check, clamp_threads
from landplan.scenario import load_scenario, parse_scenario
from landplan.scenario.load import MAX_DEPTH, read_scenario_data
from tests.conftest import A, B, base, proj
from tests.scenario.test_load import messages, write

BASE_YAML = """\
name: hand
year: 2026
county: {code: "341126", name: 测试县}
crs: EPSG:4527
quota: {new_construction: 100}
towns:
  - {code: "341126101", name: 大庙镇, pilot: true}
  - {code: "341126102", name: 府城镇}
projects:
  - id: P1
    name: 项目1
    town: "341126101"
    category: industrial
    area: 40
    value_per_mu: 10
    farmland: 0
    paddy: 0
"""


def one(data, match: str, **kw) -> str:
    """The single problem of a scenario given as a mapping, checked against `match`."""
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(data, file="s.yaml", **kw)
    text = messages(exc)
    assert len(text) == 1, text
    assert match in text[0], text[0]
    return text[0]


# ---- repeated keys ----------------------------------------------------------------------

def test_repeated_key_names_both_lines(tmp_path):
    path = write(tmp_path, BASE_YAML + "    area: 50\n")
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    assert messages(exc) == [
        f"{path}, record projects #1 (P1), field `area`: key `area` appears twice in one "
        "mapping, at line 14 and at line 18: YAML would silently keep only the second — keep "
        "one of the two (a record pasted twice needs its own entry)"]


def test_repeated_key_in_flow_mapping_names_columns(tmp_path):
    path = write(tmp_path, BASE_YAML.replace("{new_construction: 100}",
                                             "{new_construction: 100, new_construction: 90}"))
    with pytest.raises(ScenarioError, match=r"record quota, field `new_construction`: "
                       r"key `new_construction` appears twice in one mapping, "
                       r"at line 5, column 9 and at line 5, column 32"):
        load_scenario(path)


def test_repeated_keys_listed_with_the_other_problems(tmp_path):
    text = BASE_YAML.replace("year: 2026", "year: 2026\nyear: 2025") + "    area: -1\n"
    with pytest.raises(ScenarioError) as exc:
        load_scenario(write(tmp_path, text))
    text = "\n".join(messages(exc))
    assert "s.yaml, field `year`: key `year` appears twice in one mapping, at line 2 and at " \
        "line 3" in text
    assert "key `area` appears twice" in text
    assert "record projects #1 (P1), field `area`: must be greater than 0, got -1" in text


def test_repeated_key_refused_before_an_import(tmp_path):
    with pytest.raises(ScenarioError, match="key `name` appears twice"):
        read_scenario_data(write(tmp_path, BASE_YAML + "    name: 又一个\n"))


def test_merge_keys_are_not_repeats(tmp_path):
    text = BASE_YAML.replace("  - id: P1\n", "  - &p1\n    id: P1\n") + (
        "  - <<: *p1\n    id: P2\n    area: 5\n")
    s = load_scenario(write(tmp_path, text))
    assert [(p.id, p.area) for p in s.projects] == [("P1", 40), ("P2", 5)]


# ---- numbers ----------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["area", "value_per_mu", "farmland", "jobs"])
def test_yes_no_is_not_a_number(field):
    one(base(projects=[proj("P1", A, 10, 1, jobs=5) | {field: True}]),
        f"record projects #1 (P1), field `{field}`: must be a number, got True (a yes/no): "
        "write the number")


def test_yes_no_is_not_a_thread_count():
    one(base(solver={"threads": True}), "record solver, field `threads`: must be a number, got True")


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), "nan", ".inf"])
@pytest.mark.parametrize("where", ["rules.area_tolerance_m2", "valuation.tax", "solver.gap",
                                   "quota.new_construction", "solver.time_limit"])
def test_infinity_and_nan_refused_everywhere(where, value):
    section, field = where.split(".")
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(base(**{section: ({"new_construction": 100} if section == "quota" else {})
                               | {field: value}}))
    assert any(f"record {section}, field `{field}`:" in m for m in messages(exc)), messages(exc)


def test_infinity_message_says_what_to_do():
    one(base(rules={"area_tolerance_m2": float("inf")}),
        "s.yaml, record rules, field `area_tolerance_m2`: must be a finite number, got inf — "
        "write the amount itself: .inf and .nan are not amounts")


def test_long_values_are_cut_in_messages():
    text = one(base(projects=[proj("P1", A, "x" * 5000, 1)]), "field `area`: must be a valid "
               "number, unable to parse string as a number, got 'xxx")
    assert len(text) < 300


def test_min_share_nan_refused():
    one(base(projects=[proj("P1", A, 10, 1, min_share=float("nan"))]),
        "record projects #1 (P1), field `min_share`:")


def test_area_bound_named():
    one(base(projects=[proj("P1", A, 1e15, 1, priority=True)]),
        "s.yaml, record projects #1 (P1), field `area`: must be at most 10,000,000 mu (6,667 km²: "
        "a county's yearly plan is far smaller); got 1e+15")


def test_area_bound_follows_units():
    one(base(units="ha", projects=[proj("P1", A, 700_000, 1)]),
        "field `area`: must be at most 666,667 ha")
    parse_scenario(base(units="mu", projects=[proj("P1", A, 700_000, 1)]))


def test_value_bound_named():
    one(base(projects=[proj("P1", A, 10, 1e308)]),
        "field `value_per_mu`: must be at most 100,000,000 per mu (values are usually tens to "
        "thousands per mu); got 1e+308")


@pytest.mark.parametrize(("over", "where", "bound"), [
    ({"reclamation_budget": 1e13}, "field `reclamation_budget`", "1,000,000,000,000 yuan"),
    ({"rules": {"area_tolerance_m2": 1e5}}, "record rules, field `area_tolerance_m2`",
     "10,000 m² (1 ha: slivers from digitising are a few m²)"),
    ({"valuation": {"jobs": 1e7}}, "record valuation, field `jobs`", "1,000,000 per unit"),
    ({"solver": {"time_limit": 1e9}}, "record solver, field `time_limit`", "604,800 s (a week)"),
    ({"quota": {"new_construction": 2e7}}, "record quota, field `new_construction`",
     "10,000,000 mu"),
    ({"projects": [proj("P1", A, 10, None, investment=1e9)]},
     "record projects #1 (P1), field `investment`", "100,000,000 万元"),
    ({"linkage": [{"id": "L1", "town": A, "reclaim": 1e9, "farmland_gain": 1, "cost": -0.0}]},
     "record linkage #1 (L1), field `reclaim`", "10,000,000 mu"),
])
def test_bounds_named(over, where, bound):
    one(base(**over), f"{where}: must be at most {bound}")


def test_huge_integer_refused():
    one(base(projects=[proj("P1", A, 10**400, 1)]), "record projects #1 (P1), field `area`:")


# ---- text -------------------------------------------------------------------------------

@pytest.mark.parametrize(("char", "said"), [
    ("\x07", "the control character U+0007"), ("\x9b", "the control character U+009B"),
    ("\x00", "the control character U+0000"), ("\t", "a tab"), ("\n", "a line break"),
    ("\u2028", "the control character U+2028"),
])
def test_control_characters_in_a_name(char, said):
    one(base(projects=[proj("P1", A, 10, 1) | {"name": f"项目{char}一"}]),
        f"record projects #1 (P1), field `name`: holds {said} at character 3: names, ids, codes "
        "and paths must be plain text on one line — retype it or paste it as plain text")


@pytest.mark.parametrize(("over", "where"), [
    ({"towns": [{"code": A, "name": "大庙\x1b镇"}, {"code": B, "name": "b"}]},
     "record towns #1 (341126101), field `name`"),
    ({"county": {"code": "341126", "name": "x\x85"}}, "record county, field `name`"),
    ({"projects": [proj("P\x0c1", A, 10, 1, name="n")]},
     "record projects #1 (P\\x0c1), field `id`"),
    ({"linkage": [{"id": "L1", "town": A + "\x08", "reclaim": 1, "farmland_gain": 1}]},
     "record linkage #1 (L1), field `town`"),
    ({"layers": {"towns": "towns\n.gpkg"}}, "record layers, field `towns`"),
    ({"name": "demo\r"}, "s.yaml, field `name`"),
    ({"category_aliases": {"文旅\x00": "commercial"}}, "field `category_aliases`"),
    ({"postgis": {"url": "postgresql://h/db", "schema": "a\x01"}},
     "record postgis, field `schema`"),
])
def test_control_characters_anywhere(over, where):
    one(base(**over), f"{where}: holds ")


def test_line_breaks_allowed_in_free_text():
    s = parse_scenario(base(description="第一行\n第二行\t(注)",
                            project_aliases={"area": ["用地面积\n(亩)"]}))
    assert s.description == "第一行\n第二行\t(注)"
    one(base(description="bell\x07"), "field `description`: holds the control character U+0007")


def test_all_text_problems_at_once():
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(base(projects=[proj("P1", A, 10, 1) | {"name": "a\tb"},
                                      proj("P2", B, True, 1) | {"category": "x\x07"}]))
    assert len(messages(exc)) == 3


# ---- nesting ----------------------------------------------------------------------------

@pytest.mark.parametrize("depth", [10_000, 100_000])
def test_deep_nesting_refused(tmp_path, depth):
    path = write(tmp_path, "name: " + "[" * depth + "]" * depth + "\n")
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    assert messages(exc) == [
        f"{path}: nests lists and mappings more than {MAX_DEPTH} levels deep at line 1 — a "
        "scenario needs about 5 levels (towns → a town → farmland_credits → quantity); check "
        "for runaway brackets [ or {"]


def test_deep_nesting_in_broken_yaml_refused(tmp_path):
    path = write(tmp_path, "name: " + "[" * 3000 + "\n  - : :")
    with pytest.raises(ScenarioError, match="nests lists and mappings more than 64 levels deep"):
        load_scenario(path)


def test_shallow_nesting_below_the_limit_is_a_type_problem(tmp_path):
    path = write(tmp_path, "description: " + "[" * 50 + "]" * 50 + "\n")
    with pytest.raises(ScenarioError, match="field `description`: must be a valid string"):
        load_scenario(path)


# ---- PostGIS schema ---------------------------------------------------------------------

def test_postgis_schema_over_63_bytes():
    one(base(postgis={"url": "postgresql://h/db", "schema": "凤阳县" * 8}),
        "record postgis, field `schema`: is 72 bytes long (UTF-8; a Chinese character takes 3); "
        "PostgreSQL keeps only the first 63 bytes of a name and would cut it silently — shorten it")
    s = parse_scenario(base(postgis={"url": "postgresql://h/db", "schema": "凤阳县" * 7}))
    assert s.postgis.db_schema == "凤阳县" * 7


# ---- solver threads ---------------------------------------------------------------------

def test_threads_beyond_cores_are_clamped(monkeypatch):
    import landplan.run as run_mod

    monkeypatch.setattr(run_mod, "available_cores", lambda: 2)
    s = parse_scenario(base(solver={"threads": 1_000_000}))
    notes = clamp_threads(s)
    assert s.solver.threads == 2
    assert [str(n) for n in notes] == [
        "record solver: solver.threads is 1,000,000 but this machine has 2 cores: the solver uses 2"]
    s = parse_scenario(base(solver={"threads": 2}))
    assert clamp_threads(s) == [] and s.solver.threads == 2


def test_clamped_threads_in_run_summary(tmp_path, monkeypatch):
    import json

    import landplan.run as run_mod

    monkeypatch.setattr(run_mod, "available_cores", lambda: 1)
    path = write(tmp_path, base(projects=[proj("P1", A, 10, 1)], solver={"threads": 64}))
    result = run_mod.run(path, out=tmp_path / "run", whynot=False, marginal=False, maps=False)
    summary = json.loads((result.folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["solver_settings"]["threads"] == 1
    assert ("record solver: solver.threads is 64 but this machine has 1 core: the solver uses 1"
            in summary["notes"])


# ---- empty site layers ------------------------------------------------------------------

def _county_with_empty(tmp_path, key: str):
    from tests.outputs.county import make_county

    path = make_county(tmp_path / "county")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    layer = tmp_path / "county" / data["layers"][key]
    gdf = gpd.read_file(layer)
    gdf.iloc[0:0].to_file(layer, engine="pyogrio")
    return path


def test_empty_project_sites_refused_when_farmland_comes_from_it(tmp_path):
    path = _county_with_empty(tmp_path, "project_sites")
    with pytest.raises(LayerError) as exc:
        check(path)
    assert exc.value.exit_code == 3
    [text] = messages(exc)
    assert text.endswith(
        "sites.gpkg, field `layers.project_sites`: the project sites (项目用地红线) layer has no "
        "features, yet 6 projects (P1, P2, P3, P4, P5, P6) take their farmland and paddy from it "
        "(no `farmland` or `paddy` given) — check the file, its filter or `|layername=` (is it "
        "the right table?), or give `farmland` and `paddy` for them")


def test_empty_industrial_parks_refused(tmp_path):
    path = _county_with_empty(tmp_path, "industrial_parks")
    with pytest.raises(LayerError, match=r"parks.gpkg, field `layers.industrial_parks`: the "
                       r"industrial parks \(工业集中区\) layer has no features, yet 2 projects "
                       r"\(P1, P4\) must lie inside a park"):
        check(path)


def test_empty_red_line_is_only_a_note(tmp_path):
    checked = check(_county_with_empty(tmp_path, "ecological_red_line"))
    assert any("has no features" in str(n) for n in checked.notes)


def test_value_derived_from_indicators_is_bounded_too():
    """Found by the fuzzer: 1e8 万元 over 1e-9 mu gave a value of 5e15 per mu, and the solver
    then funded less than it could; 5e-324 mu gave an infinite value and a crash in the xlsx."""
    p = proj("P1", A, 1e-9, None, investment=1e8)
    one(base(projects=[p]),
        "record projects P1, field `value_per_mu`: the value per mu derived from the indicators, "
        "5e+06 / area 1e-09, must be at most 100,000,000 per mu (values are usually tens to "
        "thousands per mu); got 5e+15 — check `area` and `investment`")
    one(base(projects=[p | {"area": 5e-324}]), "5e+06 / area 4.94066e-324, is not a finite number")
    parse_scenario(base(projects=[p | {"area": 1}]))
