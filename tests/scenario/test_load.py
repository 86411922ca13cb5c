"""Bad scenario input gets a clear message naming file, record and field — all at once."""

import pytest
import yaml

from landplan.errors import ScenarioError
from landplan.scenario import load_scenario, parse_scenario
from tests.conftest import A, B, base, proj


def write(tmp_path, data) -> str:
    p = tmp_path / "s.yaml"
    p.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True),
                 encoding="utf-8")
    return str(p)


def messages(exc: pytest.ExceptionInfo) -> list[str]:
    return [str(p) for p in exc.value.problems]


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match="no such scenario file"):
        load_scenario(tmp_path / "nope.yaml")


def test_malformed_yaml_names_the_line(tmp_path):
    with pytest.raises(ScenarioError, match=r"is not valid YAML at line 4, column 6: .* started at line 3"):
        load_scenario(write(tmp_path, "name: x\nyear: 2026\nquota: [1, 2\ntowns: []\n"))


def test_not_a_mapping(tmp_path):
    with pytest.raises(ScenarioError, match="must be a YAML mapping"):
        load_scenario(write(tmp_path, "- a\n- b\n"))


def test_unknown_field_did_you_mean(tmp_path):
    d = base(projects=[proj("P1", A, 10, 1) | {"aera": 5}])
    with pytest.raises(ScenarioError) as exc:
        load_scenario(write(tmp_path, d))
    assert any("record projects #1 (P1), field `aera`: is not a known field — did you mean "
               "`area`?" in m for m in messages(exc))


def test_unknown_top_level_field(tmp_path):
    d = base()
    d["qouta"] = d.pop("quota")
    with pytest.raises(ScenarioError) as exc:
        load_scenario(write(tmp_path, d))
    text = "\n".join(messages(exc))
    assert "field `qouta`: is not a known field — did you mean `quota`?" in text
    assert "field `quota`: is required but missing" in text


def test_all_problems_reported_at_once(tmp_path):
    d = base(projects=[proj("P1", A, -5, 1), proj("P2", A, "lots", 1)])
    with pytest.raises(ScenarioError) as exc:
        load_scenario(write(tmp_path, d))
    text = messages(exc)
    assert len(text) == 2
    assert "projects #1 (P1), field `area`: must be greater than 0, got -5" in text[0]
    assert "projects #2 (P2), field `area`: must be a valid number" in text[1]


def test_missing_towns():
    d = base()
    del d["towns"]
    with pytest.raises(ScenarioError, match="field `towns`: is required but missing"):
        parse_scenario(d)


def test_duplicate_ids():
    d = base(projects=[proj("P1", A, 10, 1), proj("P1", B, 10, 1)])
    with pytest.raises(ScenarioError, match="record projects P1, field `id`: id `P1` appears "
                       "more than once"):
        parse_scenario(d)


def test_project_in_unknown_town_suggests_codes():
    d = base(projects=[proj("P1", "341126103", 10, 1), proj("P2", "府城镇", 10, 1)])
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(d)
    text = messages(exc)
    assert "town `341126103` is not among the scenario's towns — did you mean" in text[0]
    assert "use 341126102 for 府城镇" in text[1]


def test_geographic_crs_rejected():
    with pytest.raises(ScenarioError, match=r"`EPSG:4490` .* is geographic.*EPSG:4527"):
        parse_scenario(base(crs="EPSG:4490"))


def test_unknown_crs():
    with pytest.raises(ScenarioError, match="is not a CRS that PROJ knows"):
        parse_scenario(base(crs="EPSG:999999"))


def test_reserve_above_quota():
    with pytest.raises(ScenarioError, match="`pilot_reserve` .200. must not exceed"):
        parse_scenario(base(quota={"new_construction": 100, "pilot_reserve": 200}))


def test_reserve_without_pilot_towns():
    d = base(quota={"new_construction": 100, "pilot_reserve": 20},
             towns=[{"code": A, "name": "a"}])
    with pytest.raises(ScenarioError, match="no town has `pilot: true`"):
        parse_scenario(d)


def test_value_needed():
    p = proj("P1", A, 10, 1)
    del p["value_per_mu"]
    with pytest.raises(ScenarioError, match="neither `value_per_mu` nor indicators"):
        parse_scenario(base(projects=[p]))


def test_farmland_needs_layer_when_absent():
    p = proj("P1", A, 10, 1)
    del p["farmland"]
    with pytest.raises(ScenarioError, match="`farmland` is not given and there is no "
                       "`layers.landuse`"):
        parse_scenario(base(projects=[p]))


def test_town_code_must_extend_county_code():
    d = base(towns=[{"code": "341127101", "name": "x"}])
    with pytest.raises(ScenarioError, match="does not start with the county code 341126"):
        parse_scenario(d)


def test_value_from_indicators():
    from landplan.model.data import value_per_mu

    p = proj("P1", A, 10, 1)
    del p["value_per_mu"]
    p |= {"investment": 2000, "tax": 30, "jobs": 50}
    s = parse_scenario(base(projects=[p], valuation={"investment": 0.1, "tax": 1, "jobs": 0.2}))
    assert value_per_mu(s.projects[0], s) == ((0.1 * 2000 + 30 + 0.2 * 50) / 10, "indicators")


def test_units_ha_changes_area_conversion():
    s = parse_scenario(base(units="ha"))
    assert s.m2_per_unit == 10000.0
    assert parse_scenario(base()).m2_per_unit == pytest.approx(666.6667, rel=1e-6)
