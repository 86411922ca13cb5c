"""`requires` and `excludes`: each binds and changes the answer, is a named row in
constraints.csv, and is named in the reason of the project it stops. Both solvers."""

from tests.conftest import A, B, alloc, base, proj, solve_dict


def _requires(quota: float, link: bool) -> dict:
    """P1 (50 mu, v 5) needs P2 (40 mu, v 1) funded in full."""
    return base(quota={"new_construction": quota},
                projects=[proj("P1", A, 50, 5, requires=["P2"] if link else []),
                          proj("P2", B, 40, 1, category="infrastructure")])


def test_requires_funds_the_road_before_the_park(solver):
    assert alloc(solve_dict(_requires(60, False), solver)) == {"P1": 50.0, "P2": 10.0}
    sol = solve_dict(_requires(60, True), solver)
    # P2 in full (40) first; P1 gets the 20 left
    assert alloc(sol) == {"P1": 20.0, "P2": 40.0}
    assert {"requires__P1__P2", "funded_full__P2"} <= set(sol.constraints["name"])


def test_requires_means_funded_in_full(solver):
    # 39 mu: P2 cannot be funded in full, so P1 gets nothing and P2 takes all it can
    sol = solve_dict(_requires(39, True), solver)
    assert alloc(sol) == {"P1": 0.0, "P2": 39.0}
    reason = sol.allocation_in("en").set_index("project_id").at["P1", "reason"]
    assert "requires P2 (项目P2), which is not funded in full" in reason


def _excludes(link: bool) -> dict:
    """Two sites for one school: S1 (50 mu, v 5) and S2 (50 mu, v 4); quota 100."""
    return base(projects=[proj("S1", A, 50, 5, category="livelihood"),
                          proj("S2", B, 50, 4, category="livelihood",
                               excludes=["S1"] if link else [])])


def test_excludes_funds_one_of_two_alternatives(solver):
    assert alloc(solve_dict(_excludes(False), solver)) == {"S1": 50.0, "S2": 50.0}
    sol = solve_dict(_excludes(True), solver)
    assert alloc(sol) == {"S1": 50.0, "S2": 0.0}
    row = sol.constraints.set_index("name").loc["excludes__S2__S1"]
    assert (row["use"], row["limit"], row["binding"]) == (1.0, 1.0, True)
    reason = sol.allocation_in("en").set_index("project_id").at["S2", "reason"]
    assert "excludes S1 (项目S1), which got land" in reason


def test_excludes_listed_on_both_sides_is_one_row(solver):
    d = _excludes(True)
    d["projects"][0]["excludes"] = ["S2"]
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"S1": 50.0, "S2": 0.0}
    assert sum(sol.constraints["rule"] == "excludes") == 1


def test_excludes_with_a_partial_project_counts_any_land(solver):
    # S2 divisible: even 1 mu of it would break the pair, so the quota's rest goes unused
    d = _excludes(True)
    d["quota"] = {"new_construction": 70}
    assert alloc(solve_dict(d, solver)) == {"S1": 50.0, "S2": 0.0}
