from tests.conftest import A, B, alloc, base, binding, proj, solve_dict


def test_quota_binds_and_goes_to_higher_value(solver):
    d = base(projects=[proj("P1", A, 80, 2.0), proj("P2", B, 50, 1.0)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 80.0, "P2": 20.0}
    assert sol.objective["value"] == 180.0
    assert "county_quota" in binding(sol)


def test_quota_not_binding_when_ample(solver):
    d = base(quota={"new_construction": 500},
             projects=[proj("P1", A, 80, 2.0), proj("P2", B, 50, 1.0)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 80.0, "P2": 50.0}
    assert "county_quota" not in binding(sol)
    assert set(sol.allocation["status"]) == {"funded"}
