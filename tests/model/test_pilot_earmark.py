from tests.conftest import A, B, alloc, base, binding, proj, solve_dict


def test_non_pilot_towns_use_at_most_q_minus_r(solver):
    d = base(quota={"new_construction": 100, "pilot_reserve": 60},
             projects=[proj("P1", B, 100, 2.0), proj("P2", A, 100, 1.0)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 40.0, "P2": 60.0}
    assert sol.objective["value"] == 140.0
    assert "pilot_earmark" in binding(sol)
    reason = sol.allocation_in("en").set_index("project_id").at["P1", "reason"]
    assert "pilot-town earmark" in reason


def test_pilot_towns_may_use_all_of_the_quota(solver):
    d = base(quota={"new_construction": 100, "pilot_reserve": 60},
             projects=[proj("P2", A, 100, 1.0)])
    assert alloc(solve_dict(d, solver)) == {"P2": 100.0}
