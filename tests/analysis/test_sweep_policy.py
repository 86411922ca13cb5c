"""A county rule's limit is swept like the quota: `--vary rules.NAME.max=…`, one model in
HiGHS with the row's bound changed, or rebuilt per point with CBC, each point a single run."""

import math

import pytest
import yaml

from landplan.analysis.sweep import run_sweep
from landplan.analysis.vary import parse_vary, rhs_fields, set_field
from landplan.scenario import parse_scenario
from tests.analysis.test_sweep import single
from tests.conftest import A, B, base, proj


@pytest.fixture
def scenario(tmp_path):
    d = base(projects=[proj("P1", A, 50, 3.0), proj("P2", B, 50, 1.0, category="livelihood"),
                       proj("P3", B, 30, 2.0)],
             policy={"rules": [
                 {"name": "industry_cap", "max": 0, "terms": [
                     {"sum": "land", "where": {"category": ["industrial"]}},
                     {"sum": "land", "coef": -0.4}]},
                 {"name": "floor", "per": "town", "min": 10, "terms": [
                     {"sum": "land", "where": {"category": ["livelihood"]}}]}]})
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    return path, d


@pytest.mark.parametrize("solver", ["highs", "cbc"])
@pytest.mark.parametrize("spec", ["rules.industry_cap.max=0..30", "rules.floor.min=0..30"])
def test_a_county_rule_is_swept(scenario, solver, spec):
    path, data = scenario
    v = parse_vary(spec, data, 4)
    assert v.path.startswith("policy.rules.")
    assert v.path in rhs_fields(parse_scenario(data))  # HiGHS keeps one model
    table = run_sweep(path, [v], solver=solver, jobs=1)
    assert list(table[v.path]) == list(v.values)
    for row in table.itertuples(index=False):
        want = single(set_field(data, v.path, row._0), solver)
        assert math.isclose(row.objective, round(want["value"], 4), abs_tol=1e-6)
    if spec.startswith("rules.industry_cap"):  # a looser cap is worth more, point by point
        assert table["objective"].is_monotonic_increasing and table["objective"].nunique() == 4
    else:  # a higher floor is never worth more
        assert table["objective"].is_monotonic_decreasing
