"""A rolling plan, hand-solvable on both solvers: the year a project gets its land, linkage
credits borrowed and returned in time (周转指标), reclamation credits from their `ready` year,
quota carried over or lapsing, and 人地挂钩 land for settled migrants."""

from tests.conftest import A, B, alloc, base, binding, proj, solve_dict

TWO = {"from": 2026, "to": 2027}
THREE = {"from": 2026, "to": 2028}


def years(sol) -> dict:
    """The year each project gets its land (allocation.csv's `year`), None for none."""
    return {p: int(y) if y else None
            for p, y in zip(sol.allocation["project_id"], sol.allocation["year"], strict=True)}


def link(kid="L1", town=A, reclaim=30.0, **kw) -> dict:
    return {"id": kid, "town": town, "reclaim": reclaim, "farmland_gain": reclaim} | kw


def test_a_project_waits_a_year_when_the_first_years_quota_binds(solver):
    # 2026 holds 60 mu: P1 (40, worth 3/mu) and P2 (30, all or nothing) do not both fit;
    # land a year later is worth 1/1.1: P1 first (120 + 60/1.1 > 60 + 120/1.1)
    d = base(horizon=TWO, quota={"new_construction": {2026: 60, 2027: 60}},
             policy={"discount": 0.1},
             projects=[proj("P1", A, 40, 3.0, min_share=1), proj("P2", B, 30, 2.0, min_share=1)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 40.0, "P2": 30.0}
    assert years(sol) == {"P1": 2026, "P2": 2027}
    reasons = sol.allocation_in("zh").set_index("project_id")["reason"]
    # 2026's quota is not used up (40 of 60), but the 20 mu left are less than P2's 30, and
    # no linkage credit exists that year to make up the rest
    assert (reasons["P1"], reasons["P2"]) == (
        "", "2027年供地，未能在2026年；2026年：年度新增建设用地计划指标余量不足（已用 40/60 亩）；"
            "2026年：增减挂钩节余及周转指标（累计）无可用额度（0 亩）")
    c = sol.constraints.set_index("name")
    assert (c.at["year_quota__2026", "use"], c.at["year_quota__2027", "use"]) == (40.0, 30.0)
    assert sol.objective["value"] == round(120 + 60 / 1.1, 4)


def test_the_project_that_can_wait_waits(solver):
    # as above, but P2 cannot wait: P1 does (60 + 120/1.1 > 120 + 0)
    d = base(horizon=TWO, quota={"new_construction": {2026: 60, 2027: 60}},
             policy={"discount": 0.1},
             projects=[proj("P1", A, 40, 3.0, min_share=1),
                       proj("P2", B, 30, 2.0, min_share=1, latest=2026)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 40.0, "P2": 30.0}
    assert years(sol) == {"P1": 2027, "P2": 2026}


def test_a_project_that_cannot_wait_is_left_out(solver):
    d = base(horizon=TWO, quota={"new_construction": {2026: 60, 2027: 0}},
             projects=[proj("P1", A, 40, 3.0, min_share=1),
                       proj("P2", B, 30, 2.0, min_share=1)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 40.0, "P2": 0.0}
    assert years(sol) == {"P1": 2026, "P2": None}
    reason = sol.allocation_in("en").set_index("project_id").at["P2", "reason"]
    assert "at least 30" in reason


def test_each_project_gets_its_land_in_one_year(solver):
    # 25 mu a year: P1 (40, divisible) cannot take 25 in 2026 and 15 in 2027
    d = base(horizon=TWO, quota={"new_construction": 25},
             projects=[proj("P1", A, 40, 1.0)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 25.0}
    assert sol.allocation.iloc[0]["status"] == "partial"


def test_a_linkage_credit_borrowed_and_returned_in_time(solver):
    # no quota; L1's village is reclaimed in 2027, within one year of the use in 2026
    d = base(horizon=THREE, quota={"new_construction": 0},
             linkage=[link(ready=2027, return_within=1)],
             projects=[proj("P1", B, 30, 1.0, latest=2026)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 30.0}
    assert years(sol) == {"P1": 2026}
    ledger = sol.by_year["linkage_ledger"].set_index("year")
    assert ledger.loc[2026, ["used", "borrowed", "returned", "outstanding"]].tolist() == [
        30.0, 30.0, 0.0, 30.0]
    assert ledger.loc[2027, ["used", "borrowed", "returned", "outstanding"]].tolist() == [
        0.0, 0.0, 30.0, 0.0]
    assert ledger.loc[2027, "delivered"] == 30.0


def test_a_linkage_credit_is_refused_when_its_return_would_come_too_late(solver):
    # ready 2028 is two years after a use in 2026, but the credit must return within one
    d = base(horizon=THREE, quota={"new_construction": 0},
             linkage=[link(ready=2028, return_within=1)],
             projects=[proj("P1", B, 30, 1.0, latest=2026), proj("P2", B, 20, 0.5)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 0.0, "P2": 20.0}
    assert years(sol)["P2"] in (2027, 2028)  # from 2027 on it may be borrowed
    # no credit may be used in 2026: the row holds 0 ≤ 0 (a row at 0 of 0 is not "binding")
    c = sol.constraints.set_index("name").loc["year_linkage_land__2026"]
    assert (c["use"], c["limit"], c["binding"]) == (0.0, 0.0, False)
    assert sol.allocation_in("en").set_index("project_id")["reason"]["P1"].startswith(
        "in 2026: yearly new construction-land quota: none available (0 mu); in 2026: linkage "
        "credits, with borrowed ones (cumulative): none available (0 mu)")


def test_reclamation_credits_arrive_in_year_two(solver):
    # P1 takes 20 mu of farmland; the county holds no credits until R1 is finished in 2027
    d = base(horizon=TWO, quota={"new_construction": 100}, policy={"discount": 0.1},
             reclamation=[{"id": "R1", "town": A, "quantity": 20, "ready": 2027}],
             projects=[proj("P1", A, 20, 1.0, farmland=20),
                       proj("P2", B, 10, 1.0, farmland=10, latest=2026)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 20.0, "P2": 0.0}
    assert years(sol) == {"P1": 2027, "P2": None}
    c = sol.constraints.set_index("name").loc["year_farmland_balance_quantity__2026"]
    assert (c["use"], c["limit"], c["binding"]) == (0.0, 0.0, False)
    assert sol.reclamation.iloc[0]["activated"] == 1.0
    reasons = sol.allocation_in("en").set_index("project_id")["reason"]
    assert "in 2026: farmland balance (quantity, cumulative): none available (0 mu)" in reasons["P2"]
    # funded in 2027, not 2026, because the farmland credits of 2026 are used up
    assert reasons["P1"] == ("funded in 2027, not 2026; in 2026: linkage credits, with borrowed "
                             "ones (cumulative): none available (0 mu); in 2026: linkage: farmland "
                             "must not decrease (cumulative): none available (0 mu); in 2026: "
                             "farmland balance (quantity, cumulative): none available (0 mu)")


def carried(share: float) -> dict:
    # 2026: 50 mu and nothing to fund; 2027: 10 mu for P1 (40, all or nothing, from 2027)
    return base(horizon=TWO, quota={"new_construction": {2026: 50, 2027: 10},
                                    "carry_over": share},
                projects=[proj("P1", A, 40, 1.0, min_share=1, earliest=2027)])


def test_unused_quota_lapses_without_carry_over(solver):
    sol = solve_dict(carried(0), solver)
    assert alloc(sol) == {"P1": 0.0}


def test_unused_quota_carries_over(solver):
    sol = solve_dict(carried(1), solver)
    assert alloc(sol) == {"P1": 40.0}
    assert years(sol) == {"P1": 2027}
    c = sol.constraints.set_index("name")
    assert c.at["year_quota__2027", "use"] == 40.0
    assert c.at["year_quota__2027", "limit"] == 60.0  # 10 + the 50 carried


def test_half_the_unused_quota_carries_over(solver):
    sol = solve_dict(carried(0.5), solver)  # 10 + 25 < 40
    assert alloc(sol) == {"P1": 0.0}


def migrants(mode: str = "cap", adjust: float = 0.0, quota: float = 500) -> dict:
    # town A: 1,200 mu for 10,000 urban residents, 80 m² each: 100 m² per migrant;
    # town B: 3,000 mu for 10,000, 200 m² each: 50 m² per migrant
    d = base(horizon=TWO, quota={"new_construction": quota},
             urbanisation={"per_migrant_m2": 100, "adjust": adjust, "mode": mode},
             projects=[proj("H1", A, 50, 2.5, category="residential"),
                       proj("H2", B, 50, 2.0, category="livelihood"),
                       proj("I1", A, 50, 1.0)])
    d["towns"][0] |= {"urban_population": {2025: 10000, 2027: 10400},
                      "urban_construction_land": 1200, "settled_migrants": {2026: 200, 2027: 100}}
    d["towns"][1] |= {"urban_population": {2025: 10000},
                      "urban_construction_land": 3000, "settled_migrants": {2026: 300, 2027: 300}}
    return d


def test_a_towns_housing_land_is_capped_by_its_migrants(solver):
    sol = solve_dict(migrants(adjust=0.1), solver)
    # A: 200 × 110 m² = 33 mu in 2026; B: 300 × 55 m² = 24.75 mu a year; industry is not capped
    assert alloc(sol) == {"H1": 33.0, "H2": 24.75, "I1": 50.0}
    assert years(sol)["H1"] == 2026
    assert "urban_land_cap__341126101__2026" in binding(sol)
    towns = sol.by_year["towns_by_year"].set_index(["code", "year"])
    assert towns.at[(A, 2026), "migrant_land"] == 33.0
    assert towns.at[(A, 2027), "settled_migrants"] == 100
    u = sol.by_year["urbanisation"].set_index("code")
    assert u.at[A, "m2_per_resident_before"] == 80.0
    assert u.at[A, "standard_m2_per_migrant"] == 110.0
    assert u.at[B, "standard_m2_per_migrant"] == 55.0
    # A after: (1,200 + 83 mu) × 666.67 m² / 10,400
    assert u.at[A, "m2_per_resident_after"] == round(1283 * 10000 / 15 / 10400, 2)
    reason = sol.allocation_in("en").set_index("project_id").at["H1", "reason"]
    assert "in 2026: 大庙镇: land for settled migrants (人地挂钩) used up (33 of 33 mu)" in reason


def test_migrants_add_to_the_quota_in_bonus_mode(solver):
    sol = solve_dict(migrants(mode="bonus", quota=0), solver)
    # 2026 brings 200 × 100 m² (A) + 300 × 50 m² (B) = 52.5 mu; 2027: 15 + 22.5 = 37.5 mu
    got = alloc(sol)
    assert sum(got.values()) == 90.0
    # H1 takes 50 of 2026's 52.5, H2 37.5 in 2027, industry the 2.5 left in 2026
    assert (got["H1"], got["H2"], got["I1"]) == (50.0, 37.5, 2.5)


def test_one_year_horizon_plans_by_year_without_year_variables(solver):
    d = base(horizon={"from": 2026, "to": 2026},
             projects=[proj("P1", A, 80, 2.0), proj("P2", B, 50, 1.0)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 80.0, "P2": 20.0}
    assert years(sol) == {"P1": 2026, "P2": 2026}
    assert "year_quota__2026" in binding(sol)
    assert not any(n.startswith("year_split") for n in sol.constraints["name"])


def test_an_infeasible_rolling_plan_names_the_year(solver):
    from landplan.errors import InfeasibleError
    from landplan.explain import explain_infeasible
    from landplan.model import build_model, prepare
    from landplan.scenario import parse_scenario
    from landplan.solve import solve

    # a priority project of 80 mu that must have its land in 2026, when the quota is 50
    d = base(horizon=TWO, quota={"new_construction": {2026: 50, 2027: 100}},
             projects=[proj("P1", A, 80, 1.0, priority=True, latest=2026)])
    data = prepare(parse_scenario(d))
    assert solve(build_model(data), solver=solver).status == "infeasible"
    text = str(InfeasibleError(explain_infeasible(data, solver, "en"), lang="en"))
    assert "the year's quota (新增建设用地计划指标) of 2026 up by 30 mu" in text
    assert "record rule year_quota__2026" in text


def test_a_hair_of_land_under_a_hair_of_a_year_binary_is_snapped_away():
    """A solver may leave 7e-7 mu in a year under a year binary of 8e-9 (within its integrality
    tolerance): the tables give the land to the year chosen, set that year's binary to 1 and the
    others to 0, so the other year's row is not flagged binding by one solver and not another."""
    from landplan.model import build_model, prepare
    from landplan.scenario import parse_scenario
    from landplan.solution import extract
    from landplan.solve import solve

    d = base(horizon=TWO, quota={"new_construction": {2026: 60, 2027: 60}},
             policy={"discount": 0.1},
             projects=[proj("P1", A, 40, 3.0, min_share=1), proj("P2", B, 30, 2.0, min_share=1)])
    m = build_model(prepare(parse_scenario(d)))
    res = solve(m, solver="highs")
    m.v.ny[("P1", 2026)].varValue -= 7e-7
    m.v.ny[("P1", 2027)].varValue = 7e-7
    m.v.w[("P1", 2027)].varValue = 8e-9
    m.v.w[("P1", 2026)].varValue = 1 - 8e-9
    sol = extract(m, res)
    assert years(sol)["P1"] == 2026
    assert (m.v.w[("P1", 2026)].varValue, m.v.w[("P1", 2027)].varValue) == (1.0, 0.0)
    assert "year_land__P1__2027" not in binding(sol)
