"""Marginal values and why-not figures agree with re-solving the changed scenario."""

import copy

import pytest

from landplan.analysis.explain_run import analyse
from landplan.model import build_model, prepare
from landplan.scenario import parse_scenario
from landplan.solution import extract
from landplan.solve import solve
from tests.conftest import A, B, base, proj


def solved(d, solver="cbc"):
    m = build_model(prepare(parse_scenario(d)))
    res = solve(m, solver=solver)
    sol = extract(m, res)
    return m, sol, analyse(m, sol)


def county() -> dict:
    return base(
        quota={"new_construction": 100, "pilot_reserve": 30},
        towns=[{"code": A, "name": "a", "pilot": True, "farmland_credits": {"quantity": 30}},
               {"code": B, "name": "b"}],
        reclamation=[{"id": "R1", "town": B, "quantity": 40, "cost": 400_000,
                      "divisible": True}],
        reclamation_budget=200_000,
        projects=[proj("P1", A, 60, 3.0, farmland=30), proj("P2", B, 50, 2.0, min_share=1),
                  proj("P3", B, 40, 1.5, farmland=10), proj("P4", A, 30, 1.0, min_share=1)],
    )


def value(d, solver="cbc") -> float:
    m = build_model(prepare(parse_scenario(d)))
    return solve(m, solver=solver).objective


@pytest.mark.parametrize("resource, change", [
    ("county_quota", lambda d: d["quota"].update(new_construction=101)),
    ("farmland_credit", lambda d: d["towns"][0]["farmland_credits"].update(quantity=31)),
])
def test_marginal_value_matches_resolve_at_plus_one(resource, change, solver):
    d = county()
    _, _, an = solved(d, solver)
    mv = an.marginal.set_index(["resource", "scope"]).loc[(resource, "county")]
    d2 = copy.deepcopy(d)
    change(d2)
    assert mv["value"] == pytest.approx(value(d2, solver) - value(d, solver), abs=1e-6)


def test_budget_marginal_per_yuan(solver):
    d = county()
    _, _, an = solved(d, solver)
    mv = an.marginal[(an.marginal["resource"] == "reclamation_budget")
                     & (an.marginal["delta"] == 10_000)].iloc[0]
    d2 = copy.deepcopy(d)
    d2["reclamation_budget"] += 10_000
    assert mv["gain"] == pytest.approx(value(d2, solver) - value(d, solver), abs=1e-4)


def test_town_quota_marginal_only_for_that_town(solver):
    d = county()
    _, _, an = solved(d, solver)
    m = an.marginal[an.marginal["resource"] == "town_quota"].set_index("scope")["value"]
    assert set(m.index) == {A, B}


def test_value_needed_makes_the_project_funded(solver):
    d = county()
    _, sol, an = solved(d, solver)
    a = sol.allocation.set_index("project_id")
    short = a[a["status"].isin(["unfunded", "partial"])]
    assert not short.empty
    for pid, row in short.iterrows():
        if row["value_needed"] != row["value_needed"]:
            continue
        d2 = copy.deepcopy(d)
        p = next(p for p in d2["projects"] if p["id"] == pid)
        p["value_per_mu"] = row["value_needed"] + 0.01
        _, sol2, _ = solved(d2, solver)
        got = sol2.allocation.set_index("project_id").at[pid, "allocated"]
        assert got == pytest.approx(row["requested"]), pid
        # and just below the threshold it is not funded in full
        p["value_per_mu"] = row["value_needed"] - 0.02
        _, sol3, _ = solved(d2, solver)
        assert sol3.allocation.set_index("project_id").at[pid, "allocated"] < row["requested"]


def test_extra_quota_needed_is_enough_and_keeps_others(solver):
    d = county()
    _, sol, _ = solved(d, solver)
    a = sol.allocation.set_index("project_id")
    rows = a[a["extra_quota_needed"].notna()]
    assert not rows.empty
    for pid, row in rows.iterrows():
        d2 = copy.deepcopy(d)
        d2["quota"]["new_construction"] += row["extra_quota_needed"]
        for p in d2["projects"]:  # others keep what they got, p gets its request
            if p["id"] == pid:
                p["priority"] = True
        m = build_model(prepare(parse_scenario(d2)))
        assert solve(m, solver=solver).status == "optimal"


def earmarked() -> dict:
    """Q = 100 with R = 60 for the pilot town A: town B's projects may use only 40 mu, so the
    earmark, not the quota, is what stops P2 (worth 3 per mu, against P1's 1 per mu)."""
    return base(
        quota={"new_construction": 100, "pilot_reserve": 60},
        towns=[{"code": A, "name": "a", "pilot": True}, {"code": B, "name": "b"}],
        projects=[proj("P1", A, 100, 1.0), proj("P2", B, 80, 3.0)],
    )


def test_county_quota_marginal_moves_the_earmark_too(solver):
    """+1 mu of county quota with the same earmark lets B use 41 mu: the gain is 3, not 0."""
    d = earmarked()
    _, _, an = solved(d, solver)
    mv = an.marginal.set_index(["resource", "scope"]).loc[("county_quota", "county")]
    d2 = copy.deepcopy(d)
    d2["quota"]["new_construction"] = 101
    assert value(d2, solver) - value(d, solver) == pytest.approx(3.0)
    assert mv["value"] == pytest.approx(3.0)


def test_town_quota_marginal_under_the_earmark(solver):
    """+1 mu for the non-pilot town B is worth 3 (P2); for the pilot town A, 1 (P1 takes it,
    B is held by the earmark)."""
    _, _, an = solved(earmarked(), solver)
    m = an.marginal[an.marginal["resource"] == "town_quota"].set_index("scope")["value"]
    assert m[B] == pytest.approx(3.0)
    assert m[A] == pytest.approx(1.0)


def test_extra_quota_needed_under_the_earmark(solver):
    """P2 needs 80 mu and B may use 40: 40 more mu of county quota (Q − R grows with Q)."""
    _, sol, _ = solved(earmarked(), solver)
    a = sol.allocation.set_index("project_id")
    assert a.at["P2", "allocated"] == pytest.approx(40.0)
    assert a.at["P2", "extra_quota_needed"] == pytest.approx(40.0)
