from tests.conftest import A, B, alloc, base, binding, proj, solve_dict


def link(kid="L1", town=A, reclaim=30.0, gain=30.0, paddy=0.0, cost=0.0, divisible=False):
    return {"id": kid, "town": town, "reclaim": reclaim, "farmland_gain": gain,
            "paddy_gain": paddy, "cost": cost, "divisible": divisible}


def test_linkage_land_adds_to_the_quota(solver):
    d = base(quota={"new_construction": 20}, linkage=[link(reclaim=30)],
             projects=[proj("P1", B, 100, 1.0)])
    sol = solve_dict(d, solver)
    row = sol.allocation.iloc[0]
    assert (row["from_quota"], row["from_linkage"], row["allocated"]) == (20.0, 30.0, 50.0)
    assert {"county_quota", "linkage_land"} <= binding(sol)


def test_linkage_farmland_must_not_decrease(solver):
    # All of P1 is farmland; the linkage project gains only 10 mu of farmland.
    d = base(quota={"new_construction": 0}, linkage=[link(reclaim=30, gain=10)],
             projects=[proj("P1", B, 50, 1.0, farmland=50)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 10.0}
    assert "linkage_farmland" in binding(sol)


def test_linkage_paddy_must_not_decrease(solver):
    d = base(quota={"new_construction": 0}, linkage=[link(reclaim=30, gain=30, paddy=4)],
             projects=[proj("P1", B, 50, 1.0, farmland=50, paddy=25)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 8.0}  # paddy taken 25/50·x ≤ 4
    assert "linkage_paddy" in binding(sol)


def test_indivisible_linkage_is_all_or_nothing(solver):
    d = base(quota={"new_construction": 0}, reclamation_budget=50,
             linkage=[link(reclaim=30, cost=100)], projects=[proj("P1", B, 50, 1.0)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 0.0}
    assert sol.linkage.iloc[0]["activated"] == 0.0


def test_divisible_linkage_activates_in_part(solver):
    d = base(quota={"new_construction": 0}, reclamation_budget=50,
             linkage=[link(reclaim=30, cost=100, divisible=True)],
             projects=[proj("P1", B, 50, 1.0)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 15.0}
    assert sol.linkage.iloc[0]["activated"] == 0.5
    assert sol.linkage.iloc[0]["cost"] == 50.0
    assert "reclamation_budget" in binding(sol)
