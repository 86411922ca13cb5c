from tests.conftest import A, B, alloc, base, binding, proj, solve_dict


def towns(qa=0.0, pa=0.0, qb=0.0, pb=0.0):
    return [{"code": A, "name": "a", "pilot": True,
             "farmland_credits": {"quantity": qa, "paddy": pa}},
            {"code": B, "name": "b", "farmland_credits": {"quantity": qb, "paddy": pb}}]


def rec(rid="R1", town=A, quantity=30.0, paddy=0.0, cost=0.0, divisible=False):
    return {"id": rid, "town": town, "quantity": quantity, "paddy": paddy, "cost": cost,
            "divisible": divisible}


def test_farmland_taken_needs_credits(solver):
    d = base(towns=towns(qa=20), projects=[proj("P1", A, 100, 1.0, farmland=100)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 20.0}
    assert "farmland_balance_quantity" in binding(sol)


def test_balance_is_county_wide(solver):
    # Town B's credits compensate town A's project (在全县范围内实行平衡).
    d = base(towns=towns(qa=5, qb=15), projects=[proj("P1", A, 100, 1.0, farmland=100)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 20.0}
    t = sol.towns.set_index("code")
    assert t.at[A, "compensated_own"] == 5.0 and t.at[A, "compensated_county"] == 15.0


def test_reclamation_adds_credits(solver):
    d = base(towns=towns(qa=20), reclamation=[rec(quantity=30)],
             projects=[proj("P1", A, 100, 1.0, farmland=100)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 50.0}
    assert sol.reclamation.iloc[0]["activated"] == 1.0


def test_paddy_for_paddy(solver):
    # Enough quantity credits, but only 5 mu of paddy credits: 占水田补水田 binds.
    d = base(towns=towns(qa=100, pa=5), projects=[proj("P1", A, 100, 1.0, farmland=100,
                                                        paddy=100)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 5.0}
    assert "farmland_balance_paddy" in binding(sol)


def test_land_from_linkage_needs_no_compensation_credits(solver):
    d = base(quota={"new_construction": 0},
             linkage=[{"id": "L1", "town": A, "reclaim": 40, "farmland_gain": 40}],
             projects=[proj("P1", A, 100, 1.0, farmland=100)])
    assert alloc(solve_dict(d, solver)) == {"P1": 40.0}
