"""A rolling plan's fields: given by year, cross-checked against the horizon; every bad
input refused with file, record, field, what is wrong and what to do."""

import subprocess
import sys

import pytest
import yaml

from landplan.errors import ScenarioError
from landplan.scenario import load_scenario, parse_scenario
from tests.conftest import A, B, base, proj
from tests.scenario.test_load import messages, write

HORIZON = {"from": 2026, "to": 2028}


def plan(**over) -> dict:
    """Three years, quotas by year, one pilot town with its people."""
    d = base(
        horizon=HORIZON,
        quota={"new_construction": {2026: 100, 2027: 90, 2028: 80},
               "farmland_conversion": 40, "pilot_reserve": {2026: 10, 2027: 10, 2028: 0},
               "carry_over": 0.5},
        projects=[proj("P1", A, 40, 2.0, earliest=2027, latest=2028)],
        linkage=[{"id": "L1", "town": B, "reclaim": 20, "farmland_gain": 20, "ready": 2028,
                  "return_within": 2}],
        reclamation=[{"id": "R1", "town": B, "quantity": 10, "ready": 2027}],
        urbanisation={"per_migrant_m2": 100, "adjust": 0.05, "mode": "cap"},
    )
    d["towns"][0] |= {"urban_population": {2025: 21000, 2028: 26500},
                      "urban_construction_land": 285.0,
                      "settled_migrants": {2026: 900, 2027: 1100, 2028: 1200}}
    d.update(over)
    return d


def problems(d: dict) -> list[str]:
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(d, file="s.yaml")
    return messages(exc)


def test_a_rolling_plan_loads():
    s = parse_scenario(plan())
    assert s.years == [2026, 2027, 2028]
    # a one-year reader sees the plan's first year; every year is there to ask for
    assert s.quota.new_construction == 100 and s.quota.pilot_reserve == 10
    assert [s.quota.in_year("new_construction", y) for y in s.years] == [100, 90, 80]
    assert s.quota.in_year("farmland_conversion", 2028) == 40
    assert s.quota.carry_over == 0.5
    assert s.towns[0].settled_migrants == {2026: 900, 2027: 1100, 2028: 1200}
    assert s.linkage[0].ready == 2028 and s.linkage[0].return_within == 2
    assert s.urbanisation.adjust == 0.05


def test_a_rolling_plan_dumps_as_given(tmp_path):
    s = parse_scenario(plan())
    dumped = s.model_dump(mode="json", exclude_none=True)
    assert dumped["horizon"] == {"from": 2026, "to": 2028}
    assert dumped["quota"]["new_construction"] == {"2026": 100.0, "2027": 90.0, "2028": 80.0}
    again = load_scenario(write(tmp_path, yaml.safe_dump(dumped, allow_unicode=True)))
    assert again.quota.in_year("new_construction", 2027) == 90


def test_a_one_year_scenario_dumps_as_today():
    s = parse_scenario(base())
    assert s.horizon is None and s.years == [2026]
    assert s.quota.model_dump() == {"new_construction": 100.0, "farmland_conversion": None,
                                    "pilot_reserve": 0.0}


def test_quota_keys_read_from_yaml_text(tmp_path):
    text = yaml.safe_dump(plan(), allow_unicode=True)
    s = load_scenario(write(tmp_path, text))
    assert s.quota.in_year("new_construction", 2028) == 80


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["quota"].update(new_construction={2026: 100, 2028: 80}),
     "s.yaml, record quota, field `new_construction`: gives no figure for 2027 — give one for "
     "every year of the horizon 2026–2028, or one number for all"),
    (lambda d: d["quota"].update(farmland_conversion={2026: 1, 2027: 1, 2028: 1, 2029: 1}),
     "s.yaml, record quota, field `farmland_conversion`: gives a figure for 2029, outside the "
     "horizon 2026–2028 — remove it, or widen `horizon`"),
    (lambda d: d["projects"][0].update(earliest=2025),
     "s.yaml, record projects P1, field `earliest`: `earliest` (2025) is outside the horizon "
     "2026–2028 — give a year of the horizon, or leave it out"),
    (lambda d: d["projects"][0].update(earliest=2028, latest=2027),
     "s.yaml, record projects P1, field `earliest`: `earliest` (2028) is after `latest` (2027) "
     "— swap them, or give the same year for both"),
    (lambda d: d["linkage"][0].update(ready=2024),
     "s.yaml, record linkage L1, field `ready`: `ready` (2024) is before the horizon "
     "2026–2028"),
    (lambda d: d["reclamation"][0].update(ready=2025),
     "s.yaml, record reclamation R1, field `ready`: `ready` (2025) is before the horizon "
     "2026–2028"),
    (lambda d: d["reclamation"][0].update(ready=2029),
     "s.yaml, record reclamation R1, field `ready`: `ready` (2029) is after the horizon "
     "2026–2028"),
    (lambda d: d["towns"][0].update(urban_population={2026: 21000, 2028: 26500}),
     "s.yaml, record towns 341126101 (大庙镇), field `urban_population`: has no figure for "
     "the base year 2025, the year before the horizon"),
    (lambda d: d["towns"][0].update(urban_population={2025: 21000, 2027: 20000}),
     "s.yaml, record towns 341126101 (大庙镇), field `urban_population`: falls from 21,000 in "
     "2025 to 20,000 in 2027"),
    (lambda d: d["towns"][0].update(settled_migrants={2026: 900, 2030: 5}),
     "s.yaml, record towns 341126101 (大庙镇), field `settled_migrants`: gives a figure for "
     "2030, outside the horizon 2026–2028"),
    (lambda d: d["towns"][0].pop("urban_construction_land"),
     "s.yaml, record towns 341126101 (大庙镇), field `urban_construction_land`: is needed for "
     "人地挂钩"),
    (lambda d: d.update(year=2025),
     "s.yaml, field `year`: `year` (2025) must be the horizon's first year (2026) — set "
     "`year: 2026`, or `horizon.from: 2025`"),
])
def test_cross_checks_name_file_record_field(change, expected):
    d = plan()
    change(d)
    found = problems(d)
    assert len(found) == 1, found
    assert found[0].startswith(expected), found[0]


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["quota"].update(carry_over=1.5),
     "s.yaml, record quota, field `carry_over`: must be less than or equal to 1, got 1.5"),
    (lambda d: d["quota"].update(carry_over=-0.1),
     "s.yaml, record quota, field `carry_over`: must be greater than or equal to 0, got -0.1"),
    (lambda d: d["urbanisation"].update(adjust=0.2),
     "s.yaml, record urbanisation, field `adjust`: must be less than or equal to 0.1, got 0.2"),
    (lambda d: d["urbanisation"].update(adjust=-0.15),
     "s.yaml, record urbanisation, field `adjust`: must be greater than or equal to -0.1"),
    (lambda d: d["linkage"][0].update(return_within=0),
     "s.yaml, record linkage #1 (L1), field `return_within`: must be greater than or equal "
     "to 1, got 0"),
    (lambda d: d["towns"][0].update(settled_migrants={2026: -5}),
     "s.yaml, record towns #1 (341126101), field `settled_migrants`: year 2026: must be "
     "greater than or equal to 0, got -5"),
    (lambda d: d["towns"][0].update(urban_population=21000),
     "s.yaml, record towns #1 (341126101), field `urban_population`: must give figures by "
     "year, e.g. {2025: 21000, 2028: 26500}; got 21000"),
    (lambda d: d["quota"].update(new_construction={"next": 5}),
     "s.yaml, record quota, field `new_construction`: `next` is not a year"),
    (lambda d: d["quota"].update(new_construction={2026: True, 2027: 1, 2028: 1}),
     "s.yaml, record quota, field `new_construction`: "),
    (lambda d: d["quota"].update(new_construction={2026: -1, 2027: 1, 2028: 1}),
     "s.yaml, record quota, field `new_construction`: year 2026: must be greater than or "
     "equal to 0, got -1"),
    (lambda d: d["quota"].update(pilot_reserve={2026: 200, 2027: 1, 2028: 1}),
     "s.yaml, field `quota`: `pilot_reserve` (200) must not exceed `new_construction` (100) "
     "in 2026"),
    (lambda d: d.update(horizon={"from": 2028, "to": 2026}),
     "s.yaml, field `horizon`: `from` (2028) must not be after `to` (2026)"),
])
def test_field_checks_name_file_record_field(change, expected):
    d = plan()
    change(d)
    found = problems(d)
    assert any(m.startswith(expected) for m in found), found


def test_a_scalar_quota_keeps_its_message():
    d = plan()
    d["quota"]["new_construction"] = -5
    assert ("s.yaml, record quota, field `new_construction`: must be greater than or equal to "
            "0, got -5") in problems(d)


@pytest.mark.parametrize("where, field, value", [
    ("quota", "new_construction", {2026: 100}),
    ("quota", "carry_over", 0),
    (None, "urbanisation", {"mode": "cap"}),
    ("projects", "earliest", 2026),
    ("linkage", "return_within", 3),
    ("reclamation", "ready", 2026),
    ("towns", "settled_migrants", {2026: 5}),
])
def test_without_horizon_the_fields_of_a_rolling_plan_are_refused(where, field, value):
    d = base(projects=[proj("P1", A, 40, 2.0)],
             linkage=[{"id": "L1", "town": B, "reclaim": 20, "farmland_gain": 20}],
             reclamation=[{"id": "R1", "town": B, "quantity": 10}])
    if where is None:
        d[field] = value
    elif where == "quota":
        d["quota"][field] = value
    else:
        d[where][0][field] = value
    found = problems(d)
    assert len(found) == 1, found
    assert "is a field of a rolling plan, but the scenario has no `horizon` — add `horizon: " \
        "{from: 2026, to: 2028}` for a rolling plan, or leave the field out" in found[0]
    assert f"field `{field}`" in found[0]


def test_validate_refuses_with_exit_2_and_writes_nothing(tmp_path):
    d = plan()
    d["projects"][0].update(earliest=2028, latest=2027)
    path = write(tmp_path, yaml.safe_dump(d, allow_unicode=True))
    r = subprocess.run([sys.executable, "-m", "landplan", "run", path, "--out",
                        str(tmp_path / "out")], cwd=tmp_path, capture_output=True, text=True,
                       timeout=300)
    said = " ".join((r.stdout + r.stderr).split())
    assert r.returncode == 2, said
    assert "record projects P1, field `earliest`: `earliest` (2028) is after `latest` (2027)" \
        in said
    assert "Traceback" not in said
    assert not (tmp_path / "out").exists()



def test_the_three_year_demo_is_the_generators_and_loads():
    from pathlib import Path

    from landplan.demo.rolling import HEADER, rolling_plan

    root = Path(__file__).resolve().parents[2] / "scenarios"
    one = yaml.safe_load((root / "demo.yaml").read_text(encoding="utf-8"))
    text = (root / "rolling-demo-3yr.yaml").read_text(encoding="utf-8")
    made = yaml.safe_dump(rolling_plan(one), allow_unicode=True, sort_keys=False, width=100)
    assert text == HEADER.format(source="scenarios/demo.yaml",
                                 path="scenarios/rolling-demo-3yr.yaml") + made
    s = load_scenario(root / "rolling-demo-3yr.yaml")
    assert s.synthetic and "Synthetic demo data, not real survey data" in s.description
    assert s.years == [2026, 2027, 2028]
    pilots = [t for t in s.towns if t.pilot]
    assert len(pilots) == 4 and all(t.urban_population and t.settled_migrants for t in pilots)
