import pytest

from landplan.errors import InfeasibleError
from landplan.explain import explain_infeasible
from landplan.model import prepare
from landplan.scenario import parse_scenario
from tests.conftest import A, B, alloc, base, proj, solve_dict


def test_priority_funded_in_full_despite_low_value(solver):
    d = base(projects=[proj("P1", B, 60, 0.1, priority=True), proj("P2", A, 100, 5.0)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 60.0, "P2": 40.0}


def test_priority_beyond_quota_is_infeasible_and_explained(solver):
    d = base(quota={"new_construction": 1200, "pilot_reserve": 400},
             projects=[proj("P1", B, 500, 1, priority=True), proj("P2", B, 450, 1, priority=True),
                       proj("P3", A, 580, 1, priority=True)])
    s = parse_scenario(d)
    from landplan.model import build_model
    from landplan.solve import solve

    res = solve(build_model(prepare(s)), solver=solver)
    assert res.status == "infeasible"
    problems = [str(p) for p in explain_infeasible(prepare(s), solver, lang="en")]
    text = "\n".join(problems)
    assert "priority projects (重点项目) need 1,530 mu" in problems[0]
    assert "quota is 1,200 mu" in problems[0]
    # Non-pilot priority projects need 950 mu where Q − R leaves 800; in all 1,530 > 1,200.
    assert "rule pilot_earmark" in text and "short by 150 mu" in text
    assert "rule county_quota" in text and "short by 330 mu" in text


def test_infeasible_error_class_exit_code():
    assert InfeasibleError("x").exit_code == 4


@pytest.mark.parametrize("share", [0, 0.5, 1])
def test_priority_overrides_min_share(share, solver):
    d = base(projects=[proj("P1", A, 60, 0.1, priority=True, min_share=share)])
    assert alloc(solve_dict(d, solver)) == {"P1": 60.0}


def _named_rules(d: dict, solver: str) -> set[str]:
    return {p.record for p in explain_infeasible(prepare(parse_scenario(d)), solver, "en")[1:]}


def test_infeasible_names_exactly_the_conflicting_rules(solver):
    d = base(quota={"new_construction": 100, "pilot_reserve": 30},
             projects=[proj("P1", B, 90, 1, priority=True), proj("P2", A, 80, 1, priority=True),
                       proj("P3", A, 500, 9)])
    assert _named_rules(d, solver) == {"rule county_quota", "rule pilot_earmark"}


def test_town_minimum_beyond_its_projects(solver):
    d = base(towns=[{"code": A, "name": "a", "pilot": True, "min": 100},
                    {"code": B, "name": "b"}],
             projects=[proj("P1", A, 60, 1), proj("P2", B, 50, 1)])
    problems = explain_infeasible(prepare(parse_scenario(d)), solver, "en")
    assert {p.record for p in problems[1:]} == {f"rule town_bounds_min__{A}"}
    assert "the town minimum of a (341126101) is 100 mu, but at most 60 mu" in str(problems[1])


def test_infeasible_in_chinese_names_the_fewest_rules_and_amounts(solver):
    d = base(quota={"new_construction": 1200, "pilot_reserve": 400},
             projects=[proj("P1", B, 500, 1, priority=True), proj("P2", B, 450, 1, priority=True),
                       proj("P3", A, 580, 1, priority=True)])
    problems = [str(p) for p in explain_infeasible(prepare(parse_scenario(d)), solver)]
    assert problems[0] == (
        "放宽以下规则即可使方案可行（这是需要放宽的最少规则）："
        "县级新增建设用地计划指标增加 330 亩；扣除试点镇单列指标后非试点镇可用的指标（Q − R）"
        "增加 150 亩；重点项目需用地 1,530 亩（3 个，其中试点镇以外 950 亩），县级计划指标为 "
        "1,200 亩，其中单列试点镇 400 亩，其余乡镇可用 800 亩")
    assert problems[1].startswith("县级新增建设用地计划指标为 1,200 亩，各项规则同时成立需要 "
                                  "1,530 亩，须增加 330 亩，增至 1,530 亩（规则 county_quota）")
    assert "record" not in "\n".join(problems)


def test_town_minimum_names_no_priority_project(solver):
    d = base(quota={"new_construction": 500}, towns=[{"code": A, "name": "a", "pilot": True, "min": 100},
                    {"code": B, "name": "b"}],
             projects=[proj("P1", A, 60, 1), proj("P2", B, 50, 1, priority=True)])
    for lang in ("zh", "en"):
        problems = [str(p) for p in explain_infeasible(prepare(parse_scenario(d)), solver, lang)]
        assert len(problems) == 2
        assert "重点项目" not in problems[0] and "priority" not in problems[0]
    assert problems[0] == ("relaxing these rules makes the scenario feasible (the fewest rules "
                           "that must move): the town minimum of a (341126101) down by 40 mu")
