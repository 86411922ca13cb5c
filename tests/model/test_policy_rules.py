"""The county's own rules (policy.rules), each form on a case solvable by hand, both solvers."""

from __future__ import annotations

import math

import pytest

from landplan.analysis.explain_run import analyse
from landplan.errors import ScenarioError
from landplan.explain import explain_infeasible
from landplan.model import build_model, prepare
from landplan.scenario import parse_scenario
from landplan.solution import extract
from landplan.solve import solve
from tests.conftest import A, B, alloc, base, binding, proj, solve_dict

CAP = {"name": "industry_cap", "max": 0, "terms": [
    {"sum": "land", "where": {"category": ["industrial"]}}, {"sum": "land", "coef": -0.4}]}


def cap_case(**over) -> dict:
    return base(projects=[proj("P1", A, 50, 3.0), proj("P2", B, 50, 1.0, category="livelihood")],
                policy={"rules": [CAP]}, **over)


def test_a_maximum_binds(solver):
    """P1 ≤ 0.4·(P1 + P2) with P2 = 50: P1 = 20/0.6 = 33.3333."""
    sol = solve_dict(cap_case(), solver)
    assert alloc(sol) == {"P1": 33.3333, "P2": 50.0}
    assert "industry_cap" in binding(sol)
    row = sol.constraints.set_index("name").loc["industry_cap"]
    assert (row["sense"], row["limit"], row["slack"]) == ("<=", 0.0, 0.0)
    reasons = sol.allocation_in("en").set_index("project_id")["reason"]
    assert "county rule industry_cap at its limit" in reasons["P1"]
    assert "县定规则 industry_cap已达限值" in sol.allocation_in("zh").set_index(
        "project_id").at["P1", "reason"]


def test_a_minimum_per_town_binds(solver):
    """Livelihood land at least 20 in each town, quota 60: each floor takes 20, P1 the rest."""
    d = base(quota={"new_construction": 60},
             projects=[proj("P1", A, 50, 3.0), proj("P2", B, 50, 1.0, category="livelihood"),
                       proj("P3", A, 50, 1.0, category="livelihood")],
             policy={"rules": [{"name": "livelihood_floor", "per": "town", "min": 20, "terms": [
                 {"sum": "land", "where": {"category": ["livelihood"]}}]}]})
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 20.0, "P2": 20.0, "P3": 20.0}
    assert {f"livelihood_floor__{A}", f"livelihood_floor__{B}"} <= binding(sol)


def test_an_attribute_sum_held_equal(solver):
    """water = 300/50 per mu of P1: water = 120 holds P1 at 20 mu although it is worth most."""
    d = base(projects=[proj("P1", A, 50, 3.0, attributes={"water": 300}),
                       proj("P2", B, 50, 1.0)],
             policy={"rules": [{"name": "water_east", "equals": 120,
                                "terms": [{"sum": "water", "where": {"town": [A]}}]}]})
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 20.0, "P2": 50.0}
    row = sol.constraints.set_index("name").loc["water_east"]
    assert (row["sense"], row["use"], row["unit"]) == ("=", 120.0, "other")


def test_a_funded_count_binds(solver):
    """At most two of three divisible projects get land: the two worth most, in full."""
    d = base(projects=[proj("P1", A, 10, 3.0), proj("P2", B, 10, 2.0), proj("P3", B, 10, 1.0)],
             policy={"rules": [{"name": "few", "max": 2, "terms": [{"sum": "funded"}]}]})
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 10.0, "P2": 10.0, "P3": 0.0}
    assert "few" in binding(sol)


def test_a_farmland_amount_scales_with_the_land_given(solver):
    """Farmland taken counts F·x/A: at most 10 mu of farmland from P1 (F = 25 of 50) is 20 mu."""
    d = base(projects=[proj("P1", A, 50, 3.0, farmland=25), proj("P2", B, 50, 1.0)],
             towns=[{"code": A, "name": "a", "pilot": True,
                     "farmland_credits": {"quantity": 100}}, {"code": B, "name": "b"}],
             policy={"rules": [{"name": "farmland_cap", "max": 10,
                                "terms": [{"sum": "farmland"}]}]})
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 20.0, "P2": 50.0}


def _model(d: dict, solver: str = "highs"):
    m = build_model(prepare(parse_scenario(d)))
    res = solve(m, solver=solver)
    return m, extract(m, res)


def test_marginal_value_of_a_county_rule():
    """+1 on the cap: P1 ≤ 35, so 5/3 mu more at 3.0 a mu: 5 per unit."""
    m, sol = _model(cap_case())
    a = analyse(m, sol, jobs=1)
    row = a.marginal.set_index("resource").loc["industry_cap"]
    assert (row["scope"], row["delta"]) == ("county", 1.0)
    assert math.isclose(row["value"], 5.0, abs_tol=1e-4)


def test_marginal_value_of_a_minimum_relaxes_it_downward():
    d = base(quota={"new_construction": 60},
             projects=[proj("P1", A, 50, 3.0), proj("P2", B, 50, 1.0, category="livelihood")],
             policy={"rules": [{"name": "floor", "per": "town", "min": 20, "terms": [
                 {"sum": "land", "where": {"category": ["livelihood"]}}]}]})
    m, sol = _model(d)
    a = analyse(m, sol, jobs=1)
    row = a.marginal.set_index(["resource", "scope"]).loc[("floor", B)]
    assert math.isclose(row["value"], 2.0, abs_tol=1e-4)  # 1 mu from P2 (1.0) to P1 (3.0)


def test_an_infeasible_minimum_is_relaxed_with_its_amount(solver):
    d = base(projects=[proj("P1", A, 50, 3.0), proj("P2", B, 50, 1.0, category="livelihood")],
             policy={"rules": [{"name": "livelihood_floor", "min": 80, "terms": [
                 {"sum": "land", "where": {"category": ["livelihood"]}}]}]})
    problems = explain_infeasible(prepare(parse_scenario(d)), solver, "en")
    text = "\n".join(str(p) for p in problems)
    assert "county rule livelihood_floor down by 30" in text
    assert "rule livelihood_floor" in text


def test_an_infeasible_equals_is_relaxed_either_way(solver):
    d = base(projects=[proj("P1", A, 50, 3.0, attributes={"water": 2})],
             policy={"rules": [{"name": "water", "equals": 150,
                                "terms": [{"sum": "water"}]}]})
    problems = explain_infeasible(prepare(parse_scenario(d)), solver, "en")
    # at most 2 of water (2 per 50 mu, all 50 given): the rule must come down by 148
    assert "county rule water down by 148 units" in str(problems[0])


def _bad(rule: dict, **project) -> str:
    d = base(projects=[proj("P1", A, 50, 3.0, **project)], policy={"rules": [rule]})
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(d, file="s.yaml")
    return str(exc.value)


@pytest.mark.parametrize(("rule", "expected"), [
    ({"name": "r", "max": 1, "terms": [{"sum": "wter"}]},
     "s.yaml, record policy.rules #1 (r), field `terms #1 sum`: `sum: wter` is neither a "
     "built-in sum nor an attribute of any project — use one of `land`, `quota`, `linkage`, "
     "`farmland`, `paddy`, `cost`, `funded`, `water`"),
    ({"name": "r", "max": 1, "terms": [{"sum": "land", "where": {"sector": ["x"]}}]},
     "s.yaml, record policy rules #1 (r) terms #1 where, field `sector`: is not a known field"),
    ({"name": "r", "max": 1, "terms": [{"sum": "land", "where": {"category": ["farm"]}}]},
     "s.yaml, record policy rules #1 (r) terms #1 where category #1: must be 'key', "
     "'livelihood', 'infrastructure', 'industrial', 'commercial' or 'residential', got 'farm'"),
    ({"name": "r", "terms": [{"sum": "land"}]},
     "s.yaml, record policy rules #1 (r): rule `r` needs `max`, `min` or `equals`"),
    ({"name": "r", "min": 5, "max": 1, "terms": [{"sum": "land"}]},
     "s.yaml, record policy rules #1 (r): rule `r`: `min` (5) must not exceed `max` (1)"),
    ({"name": "r", "max": 1, "terms": [{"sum": "land", "coef": float("nan")}]},
     "s.yaml, record policy rules #1 (r) terms #1, field `coef`: must be a finite number, got "
     "nan"),
    ({"name": "r", "max": 1, "terms": [{"sum": "land", "where": {"town": ["341126999"]}}]},
     "s.yaml, record policy.rules #1 (r), field `terms #1 where town`: town `341126999` is not "
     "among the scenario's towns — give the 9-digit town code"),
    ({"name": "r__x", "max": 1, "terms": [{"sum": "land"}]},
     "s.yaml, record policy rules #1 (r__x), field `name`: `r__x` must be letters and digits "
     "joined by single underscores"),
])
def test_bad_rules_are_refused_naming_the_rule_and_field(rule, expected):
    assert expected in _bad(rule, attributes={"water": 1})


def test_a_selector_that_matches_no_project_is_a_warning():
    d = base(projects=[proj("P1", A, 50, 3.0)], policy={"rules": [
        {"name": "r", "max": 10, "terms": [{"sum": "land", "where": {"category": ["key"]}}]}]})
    notes = [str(n) for n in prepare(parse_scenario(d)).notes]
    assert "record policy.rules #1 (r): term #1 (`sum: land`) selects no project: it adds " \
           "nothing to the rule" in notes


def test_a_rule_may_not_take_a_built_in_name(tmp_path):
    import yaml

    from landplan.run import check

    d = base(projects=[proj("P1", A, 50, 3.0)], policy={"rules": [
        {"name": "county_quota", "max": 10, "terms": [{"sum": "land"}]}]})
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        check(path)
    assert exc.value.exit_code == 2
    assert "record policy.rules #1 (county_quota), field `name`: the rule name `county_quota` " \
           "is already used — give each county rule a name of its own" in str(exc.value)


def test_a_maximum_per_category_binds(solver):
    """At most 30 mu per category: each category's best project gets 30."""
    d = base(projects=[proj("P1", A, 50, 3.0), proj("P2", B, 50, 1.0, category="livelihood")],
             policy={"rules": [{"name": "per_kind", "per": "category", "max": 30,
                                "terms": [{"sum": "land"}]}]})
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 30.0, "P2": 30.0}
    assert {"per_kind__industrial", "per_kind__livelihood"} <= binding(sol)
    reason = sol.allocation_in("en").set_index("project_id").at["P2", "reason"]
    assert "county rule per_kind at its limit (30 of 30 mu)" in reason


def test_tags_ids_and_pilot_select_any_of(solver):
    """Park A's projects (tag) and P4 (id) share 40 mu; outside pilot towns at most 10."""
    d = base(quota={"new_construction": 200},
             projects=[proj("P1", A, 30, 4.0, tags=["园区A"]), proj("P2", B, 30, 3.0, tags=["园区A"]),
                       proj("P3", B, 30, 2.0), proj("P4", A, 30, 0.5)],
             policy={"rules": [
                 {"name": "park", "max": 40, "terms": [{"sum": "land", "where": {"tags": ["园区A"]}},
                                                       {"sum": "land", "where": {"ids": ["P4"]}}]},
                 {"name": "outside", "max": 10,
                  "terms": [{"sum": "land", "where": {"pilot": [False], "category": [
                      "commercial", "industrial"]}}]}]})
    sol = solve_dict(d, solver)
    # P2 and P3 are outside the pilot town A: 10 between them, to P2 (3.0); then P1 takes
    # the park's 40 − 10 = 30, which leaves P4 nothing (P3 and P4 at 10 each: 25 < 30)
    assert alloc(sol) == {"P1": 30.0, "P2": 10.0, "P3": 0.0, "P4": 0.0}
    assert {"park", "outside"} <= binding(sol)
