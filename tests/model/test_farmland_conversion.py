from tests.conftest import A, B, alloc, base, binding, proj, solve_dict


def test_farmland_conversion_limits_farmland_projects(solver):
    # P1 is all farmland: each mu it gets takes a mu of cultivated land; Qf = 10.
    d = base(
        quota={"new_construction": 100, "farmland_conversion": 10},
        towns=[{"code": A, "name": "a", "pilot": True,
                "farmland_credits": {"quantity": 100, "paddy": 100}},
               {"code": B, "name": "b"}],
        projects=[proj("P1", A, 50, 3.0, farmland=50), proj("P2", B, 50, 1.0)],
    )
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 10.0, "P2": 50.0}
    assert sol.objective["value"] == 80.0
    assert "farmland_conversion" in binding(sol)
    row = sol.allocation_in("en").set_index("project_id").loc["P1"]
    assert row["farmland_taken"] == 10.0 and row["status"] == "partial"
    assert "farmland-conversion quota used up" in row["reason"]


def test_farmland_scales_with_land_given(solver):
    # Half of P1 is farmland: 10 mu of Qf allow 20 mu of land.
    d = base(
        quota={"new_construction": 100, "farmland_conversion": 10},
        towns=[{"code": A, "name": "a", "pilot": True,
                "farmland_credits": {"quantity": 100}}, {"code": B, "name": "b"}],
        projects=[proj("P1", A, 50, 3.0, farmland=25)],
    )
    assert alloc(solve_dict(d, solver)) == {"P1": 20.0}
