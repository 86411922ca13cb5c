from tests.conftest import A, B, alloc, base, binding, proj, solve_dict


def test_town_max_binds(solver):
    d = base(towns=[{"code": A, "name": "a", "pilot": True}, {"code": B, "name": "b", "max": 30}],
             projects=[proj("P1", B, 50, 2.0), proj("P2", A, 50, 1.0)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 30.0, "P2": 50.0}
    assert f"town_bounds_max__{B}" in binding(sol)
    assert "maximum" in sol.allocation_in("en").set_index("project_id").at["P1", "reason"]


def test_town_min_binds(solver):
    d = base(towns=[{"code": A, "name": "a", "pilot": True, "min": 40}, {"code": B, "name": "b"}],
             projects=[proj("P1", A, 50, 1.0), proj("P2", B, 100, 2.0)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 40.0, "P2": 60.0}
    assert f"town_bounds_min__{A}" in binding(sol)
