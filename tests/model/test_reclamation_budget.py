from tests.conftest import A, alloc, base, binding, proj, solve_dict


def test_budget_limits_reclamation(solver):
    d = base(reclamation_budget=500,
             reclamation=[{"id": "R1", "town": A, "quantity": 100, "cost": 1000,
                           "divisible": True}],
             projects=[proj("P1", A, 100, 1.0, farmland=100)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 50.0}
    assert "reclamation_budget" in binding(sol)
    assert sol.objective["spending"] == 500.0


def test_no_budget_means_unlimited(solver):
    d = base(reclamation=[{"id": "R1", "town": A, "quantity": 100, "cost": 1000}],
             projects=[proj("P1", A, 100, 1.0, farmland=100)])
    assert alloc(solve_dict(d, solver)) == {"P1": 100.0}
