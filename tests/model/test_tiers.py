"""Priority tiers (policy.tiers): each objective kind binds and changes the answer, and both
solvers agree. Quota 60 throughout; value per mu is given, so each case is solved by hand."""

import pytest

from landplan.analysis.explain_run import analyse
from landplan.model import build_model, prepare
from landplan.scenario import parse_scenario
from landplan.solution import extract
from landplan.solve import solve
from tests.conftest import A, B, alloc, base, proj, solve_dict


def _case(objective: str | None) -> dict:
    """P1 (livelihood, 60 mu, all or nothing, v 1), P3 (livelihood, 40 mu, v 3), P2
    (industrial, 80 mu, v 5), quota 60."""
    d = base(quota={"new_construction": 60},
             projects=[proj("P1", A, 60, 1, category="livelihood", min_share=1),
                       proj("P3", B, 40, 3, category="livelihood"),
                       proj("P2", B, 80, 5)])
    if objective:
        d["policy"] = {"tiers": [{"name": "民生保障", "categories": ["livelihood"],
                                  "objective": objective}]}
    return d


def test_without_tiers_value_ranks_every_project(solver):
    assert alloc(solve_dict(_case(None), solver)) == {"P1": 0.0, "P3": 0.0, "P2": 60.0}


def test_land_tier_takes_the_most_land_for_its_projects(solver):
    # the most livelihood land is P1's 60 mu (P3 alone gives 40); nothing is left for P2
    sol = solve_dict(_case("land"), solver)
    assert alloc(sol) == {"P1": 60.0, "P3": 0.0, "P2": 0.0}
    t = sol.tiers[0]
    assert (t["name"], t["objective"], t["secured"], t["land"], t["funded"]) == (
        "民生保障", "land", 60.0, 60.0, 1)
    assert [s.name for s in sol.result.stages][:2] == ["tier_1", "value"]


def test_value_tier_takes_the_most_value_for_its_projects(solver):
    # P3's 40 mu are worth 120, P1's 60 mu 60; the 20 mu left go to P2 by value
    sol = solve_dict(_case("value"), solver)
    assert alloc(sol) == {"P1": 0.0, "P3": 40.0, "P2": 20.0}
    assert sol.tiers[0]["secured"] == 120.0
    assert sol.objective["value"] == 220.0


def _count_case(objective: str) -> dict:
    """Livelihood P4 and P5 (30 mu each, v 1 and 2) against P6 (55 mu, v 10); quota 60."""
    return base(quota={"new_construction": 60},
                projects=[proj("P4", A, 30, 1, category="livelihood"),
                          proj("P5", A, 30, 2, category="livelihood"),
                          proj("P6", B, 55, 10, category="livelihood")],
                policy={"tiers": [{"name": "民生", "categories": ["livelihood"],
                                   "objective": objective}]})


def test_count_tier_funds_the_most_projects_in_full(solver):
    sol = solve_dict(_count_case("count"), solver)
    assert alloc(sol) == {"P4": 30.0, "P5": 30.0, "P6": 0.0}
    assert sol.tiers[0]["secured"] == 2 and sol.tiers[0]["funded"] == 2
    assert "funded_full__P4" in set(sol.constraints["name"])


def test_land_tier_on_the_same_case_leaves_the_tie_to_value(solver):
    # 60 mu of livelihood land either way; the value stage then prefers P6 and P5
    assert alloc(solve_dict(_count_case("land"), solver)) == {"P4": 0.0, "P5": 5.0, "P6": 55.0}


def test_tiers_are_lexicographic_first_tier_first(solver):
    def order(first: str, second: str) -> dict:
        d = base(quota={"new_construction": 50},
                 projects=[proj("I1", A, 50, 1, category="infrastructure", min_share=1),
                           proj("L1", B, 40, 2, category="livelihood", min_share=1)],
                 policy={"tiers": [{"name": "一", "categories": [first], "objective": "land"},
                                   {"name": "二", "categories": [second], "objective": "land"}]})
        return alloc(solve_dict(d, solver))

    assert order("infrastructure", "livelihood") == {"I1": 50.0, "L1": 0.0}
    assert order("livelihood", "infrastructure") == {"I1": 0.0, "L1": 40.0}


def test_projects_in_no_tier_are_valued_after_the_tiers(solver):
    # P2 (industrial) is in no tier: it gets what the livelihood tier leaves (110 − 100 mu)
    d = _case("land")
    d["quota"] = {"new_construction": 110}
    assert alloc(solve_dict(d, solver)) == {"P1": 60.0, "P3": 40.0, "P2": 10.0}


def test_both_solvers_agree_on_every_stage():
    found = {}
    for solver in ("cbc", "highs"):
        m = build_model(prepare(parse_scenario(_count_case("count"))))
        res = solve(m, solver=solver)
        found[solver] = {s.name: round(s.objective, 6) for s in res.stages}
    assert found["cbc"] == found["highs"]


def test_analysis_holds_the_tiers(solver):
    """+1 mu of quota with the livelihood tier held at 60 mu goes to P2 (5 per mu); P3 is
    stopped by its tier, not by its value."""
    m = build_model(prepare(parse_scenario(_case("land"))))
    res = solve(m, solver=solver)
    sol = extract(m, res)
    an = analyse(m, sol, jobs=1)
    q = an.marginal.set_index("resource").loc["county_quota"]
    assert q["value"] == pytest.approx(5.0)
    reason = sol.allocation_in("en").set_index("project_id").at["P3", "reason"]
    assert "its tier «民生保障» secured the most land the rules allow without it" in reason
