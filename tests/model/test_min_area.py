"""`min_area`: nothing, or at least min_area mu (more if it pays). Both solvers."""

from tests.conftest import A, B, alloc, base, proj, solve_dict


def _case(least: float | None) -> dict:
    """P1 (100 mu, v 5) and P2 (40 mu, v 1); quota 45."""
    extra = {} if least is None else {"min_area": least}
    return base(quota={"new_construction": 45},
                projects=[proj("P1", A, 100, 5, **extra), proj("P2", B, 40, 1)])


def test_without_min_area_the_valuable_project_takes_all(solver):
    assert alloc(solve_dict(_case(None), solver)) == {"P1": 45.0, "P2": 0.0}


def test_min_area_above_what_is_left_gives_nothing(solver):
    sol = solve_dict(_case(50), solver)
    assert alloc(sol) == {"P1": 0.0, "P2": 40.0}
    assert "min_area__P1" in set(sol.constraints["name"])
    reason = sol.allocation_in("en").set_index("project_id").at["P1", "reason"]
    assert "needs at least 50 mu (min area) or nothing" in reason


def test_min_area_below_what_is_left_takes_more_when_it_pays(solver):
    sol = solve_dict(_case(20), solver)
    assert alloc(sol) == {"P1": 45.0, "P2": 0.0}
