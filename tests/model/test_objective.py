from tests.conftest import A, B, base, proj, solve_dict


def test_least_spending_among_equal_value(solver):
    # Two reclamation projects could each supply the credits; the cheaper one is chosen.
    d = base(reclamation=[{"id": "R1", "town": A, "quantity": 50, "cost": 900},
                          {"id": "R2", "town": A, "quantity": 50, "cost": 300}],
             projects=[proj("P1", A, 50, 1.0, farmland=50)])
    sol = solve_dict(d, solver)
    act = dict(zip(sol.reclamation["id"], sol.reclamation["activated"], strict=True))
    assert act == {"R1": 0.0, "R2": 1.0}
    assert sol.objective["spending"] == 300.0


def test_towns_use_their_own_credits_first(solver):
    # Both towns hold 50 mu of credits and each has a 50-mu farmland project; nothing moves.
    d = base(towns=[{"code": A, "name": "a", "pilot": True, "farmland_credits": {"quantity": 50}},
                    {"code": B, "name": "b", "farmland_credits": {"quantity": 50}}],
             linkage=[{"id": "LA", "town": A, "reclaim": 20, "farmland_gain": 20},
                      {"id": "LB", "town": B, "reclaim": 20, "farmland_gain": 20}],
             quota={"new_construction": 80},
             projects=[proj("PA", A, 60, 1.0, farmland=40), proj("PB", B, 60, 1.0, farmland=40)])
    sol = solve_dict(d, solver)
    assert sol.objective["credits_moved"] == 0.0
    a = sol.allocation.set_index("project_id")
    assert a.at["PA", "from_linkage"] == 20.0 and a.at["PB", "from_linkage"] == 20.0
    t = sol.towns.set_index("code")
    assert t.at[A, "compensated_county"] == 0.0 and t.at[B, "compensated_county"] == 0.0
