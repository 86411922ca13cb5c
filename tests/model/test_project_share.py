from tests.conftest import A, B, alloc, base, proj, solve_dict


def test_all_or_nothing(solver):
    # 130 mu asked, 100 available: only one of the two indivisible projects fits.
    d = base(projects=[proj("P1", A, 80, 2.0, min_share=1), proj("P2", B, 50, 1.5, min_share=1),
                       proj("P3", B, 30, 0.5, min_share=0.5)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 80.0, "P2": 0.0, "P3": 20.0}
    assert sol.objective["value"] == 170.0
    st = sol.allocation.set_index("project_id")["status"]
    assert st.to_dict() == {"P1": "funded", "P2": "unfunded", "P3": "partial"}


def test_min_share_above_what_is_left_gives_nothing(solver):
    d = base(projects=[proj("P1", A, 80, 2.0, min_share=1),
                       proj("P3", B, 30, 0.5, min_share=0.8)])
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 80.0, "P3": 0.0}
    assert "at least 24" in sol.allocation_in("en").set_index("project_id").at["P3", "reason"]


def test_request_caps_the_land(solver):
    d = base(projects=[proj("P1", A, 30, 2.0)])
    assert alloc(solve_dict(d, solver)) == {"P1": 30.0}
