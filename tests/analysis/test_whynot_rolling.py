"""Why-not of a rolling plan, exact on hand-solvable cases, each run solved by both solvers:
the least extra quota of one year (`extra_quota_year`) with which a short project is funded in
full while every other project keeps its land in its year, checked by re-solving the scenario
with that much more (funded) and one cent less in every year open to it (not); the value per
mu needed when later land is worth less; "more quota would not do" only when re-solves showed
it; and a stopped re-solve leaves the figures empty with no claim."""

from __future__ import annotations

import copy

import pytest

import landplan.analysis.explain_run as explain_run
import landplan.analysis.whynot as whynot
from landplan.analysis.explain_run import analyse
from landplan.model import build_model, prepare
from landplan.scenario import parse_scenario
from landplan.solution import extract
from landplan.solve import solve
from tests.conftest import A, B, base, proj

TWO = {"from": 2026, "to": 2027}


def analysed(d: dict, solver: str):
    m = build_model(prepare(parse_scenario(d)))
    res = solve(m, solver=solver)
    assert res.status == "optimal"
    sol = extract(m, res)
    an = analyse(m, sol, jobs=1)
    return sol, an


def fundable(d: dict, sol, pid: str, year: int, extra: float, solver: str) -> bool:
    """With `extra` more quota in `year`, can `pid` be funded in full while every other funded
    project keeps its land in its year? (each other one pinned to its year and funded in full
    as a priority project, `pid` a priority project free to take any year open to it)"""
    d = copy.deepcopy(d)
    quota = d["quota"]["new_construction"]
    quota[year] = quota[year] + extra
    got = sol.allocation.set_index("project_id")
    for p in d["projects"]:
        if p["id"] == pid:
            p["priority"] = True
        elif got.at[p["id"], "status"] == "funded":
            y = int(got.at[p["id"], "year"])
            p |= {"priority": True, "earliest": y, "latest": y}
        else:
            assert got.at[p["id"], "allocated"] == 0  # (no partial ones in these cases)
    m = build_model(prepare(parse_scenario(d)))
    return solve(m, solver=solver).status == "optimal"


def assert_least(d: dict, sol, pid: str, years: list[int], solver: str) -> None:
    """extra_quota_needed of `pid` funds it, and one cent less in any single year does not."""
    row = sol.allocation.set_index("project_id").loc[pid]
    q, y = float(row["extra_quota_needed"]), int(row["extra_quota_year"])
    assert fundable(d, sol, pid, y, q, solver)
    for other in years:
        assert not fundable(d, sol, pid, other, q - 0.01, solver), other


def later_cheaper(carry: float = 0.0) -> dict:
    """2026 holds 40 mu, 2027 50; later land is worth 1/1.1. P1 (40 mu, worth 3) takes 2026,
    P2 (30, worth 2) 2027, P3 (35, worth 1, all or nothing) fits in neither: in 2026 it needs
    35 more mu, in 2027 (P2 keeping its 30) 15 more."""
    return base(horizon=TWO, quota={"new_construction": {2026: 40, 2027: 50},
                                    "carry_over": carry},
                policy={"discount": 0.1},
                projects=[proj("P1", A, 40, 3.0, min_share=1), proj("P2", B, 30, 2.0, min_share=1),
                          proj("P3", B, 35, 1.0, min_share=1)])


def test_the_least_extra_quota_is_of_the_cheapest_year(solver):
    d = later_cheaper()
    sol, an = analysed(d, solver)
    a = sol.allocation.set_index("project_id")
    assert a["year"].to_dict() == {"P1": "2026", "P2": "2027", "P3": ""}
    assert (a.at["P3", "extra_quota_needed"], a.at["P3", "extra_quota_year"]) == (15.0, "2027")
    assert_least(d, sol, "P3", [2026, 2027], solver)
    assert an.notes == []
    reasons = {lang: sol.allocation_in(lang).set_index("project_id").at["P3", "reason"]
               for lang in ("zh", "en")}
    assert reasons["zh"].endswith("；或追加2027年度新增建设用地计划指标 15.00 亩并专项安排给该项目"
                                  "（其他项目用地及供地年度不变）即可足额保障")
    assert reasons["en"].endswith("; or with 15.00 more mu of quota in 2027 set aside for it (no "
                                  "other project losing land or moving to another year)")


def test_value_needed_counts_later_land_at_its_discount(solver):
    """Funded in full, P3 is best with P1 in 2026 and itself in 2027: 120 + 35·t/1.1 against
    the optimum's 120 + 60/1.1, so t = 60/35 = 1.714…: funded at 1.72 and not at 1.71 (the
    other way round, P3 in 2026 and P1 in 2027, needs t ≥ 1.87)."""
    d = later_cheaper()
    sol, _ = analysed(d, solver)
    assert sol.allocation.set_index("project_id").at["P3", "value_needed"] == 1.72
    for t, funded in ((1.72, True), (1.71, False)):
        d2 = copy.deepcopy(d)
        d2["projects"][2]["value_per_mu"] = t
        m = build_model(prepare(parse_scenario(d2)))
        got = extract(m, solve(m, solver=solver)).allocation.set_index("project_id")
        assert (got.at["P3", "status"] == "funded") is funded, t


def test_quota_carried_over_makes_the_earlier_year_as_cheap(solver):
    """With carry_over 1, 15 mu more in 2026, unused there, reach 2027 as well: a tie with
    2027, said of the earlier year."""
    d = later_cheaper(carry=1.0)
    sol, _ = analysed(d, solver)
    a = sol.allocation.set_index("project_id")
    assert a["year"].to_dict() == {"P1": "2026", "P2": "2027", "P3": ""}
    assert (a.at["P3", "extra_quota_needed"], a.at["P3", "extra_quota_year"]) == (15.0, "2026")
    assert_least(d, sol, "P3", [2026, 2027], solver)


def earmarked() -> dict:
    """Q − R leaves non-pilot towns 40 mu a year; carry-over 0.5. P3 (55 mu, town B, all or
    nothing) needs 35 more mu in 2026 (95 of 60 + 35; Q − R: 55 of 40 + 35) and 45 in 2027
    (Q − R: 30 + 55 of 40 + 45)."""
    return base(horizon=TWO,
                quota={"new_construction": {2026: 60, 2027: 60},
                       "pilot_reserve": {2026: 20, 2027: 20}, "carry_over": 0.5},
                policy={"discount": 0.1},
                projects=[proj("P1", A, 40, 3.0, min_share=1), proj("P2", B, 30, 2.0),
                          proj("P3", B, 55, 0.5, min_share=1)])


def test_the_years_earmark_rises_with_its_quota(solver):
    d = earmarked()
    sol, _ = analysed(d, solver)
    a = sol.allocation.set_index("project_id")
    assert a["year"].to_dict() == {"P1": "2026", "P2": "2027", "P3": ""}
    assert (a.at["P3", "extra_quota_needed"], a.at["P3", "extra_quota_year"]) == (35.0, "2026")
    assert fundable(d, sol, "P3", 2027, 45.0, solver)
    assert not fundable(d, sol, "P3", 2027, 44.99, solver)
    assert_least(d, sol, "P3", [2026, 2027], solver)
    # its value alone can never fund it: 55 mu outside the pilot towns exceed Q − R every year
    assert pd_isna(a.at["P3", "value_needed"])


def pd_isna(x) -> bool:
    return x is None or x != x


def test_more_quota_would_not_do_only_when_re_solves_show_it(solver):
    """P4 takes 10 mu of farmland in 2026, before any farmland credit exists: no quota of any
    year funds it; the farmland balance of 2026 and, counting 2026's land, of 2027 must move."""
    d = base(horizon=TWO, quota={"new_construction": 100},
             projects=[proj("P4", B, 10, 1.0, farmland=10, latest=2026)])
    sol, _ = analysed(d, solver)
    a = sol.allocation.set_index("project_id")
    assert pd_isna(a.at["P4", "extra_quota_needed"]) and pd_isna(a.at["P4", "extra_quota_year"])
    assert sol.allocation_in("en").set_index("project_id").at["P4", "reason"] == (
        "in 2026: farmland balance (quantity, cumulative): none available (0 mu); "
        "the limit must move by 10 mu for the project to be funded in full (no other project "
        "losing land); in 2027: farmland balance (quantity, cumulative): none available (0 mu); "
        "the limit must move by 10 mu for the project to be funded in full (no "
        "other project losing land); cannot be funded in full under the rules at any value; "
        "more quota in any year alone would not do (the limit above must move too)")


def test_a_stopped_extra_quota_re_solve_leaves_it_empty_and_claims_nothing(monkeypatch):
    """2026's re-solve proves 35 mu enough, but 2027's is stopped: the least over the years is
    not proven, so neither figure is given and no remedy is said."""
    made = whynot._extra_col

    def stop_2027(hm, rises):
        if "year_quota__2027" in rises and "year_quota__2026" not in rises:
            solve = hm.solve

            def stopped(start=None):
                hm.solve = solve
                hm.stopped += 1
                return explain_run.Outcome("feasible", None, None)
            hm.solve = stopped
        return made(hm, rises)

    monkeypatch.setattr(whynot, "_extra_col", stop_2027)
    sol, an = analysed(earmarked(), "highs")
    a = sol.allocation.set_index("project_id")
    assert pd_isna(a.at["P3", "extra_quota_needed"]) and pd_isna(a.at["P3", "value_needed"])
    assert sol.analysed == set()
    assert len(an.notes) == 1 and "(P3)" in an.notes[0]
    reason = sol.allocation_in("en").set_index("project_id").at["P3", "reason"]
    assert "set aside" not in reason and "would not do" not in reason
    assert "at any value" not in reason and "funded in full at" not in reason


def test_a_one_year_plan_keeps_its_columns():
    d = base(quota={"new_construction": 60},
             projects=[proj("P1", A, 40, 3.0, min_share=1), proj("P2", B, 50, 1.0)])
    sol, _ = analysed(d, "highs")
    assert "extra_quota_year" not in sol.allocation.columns
    assert sol.allocation.set_index("project_id").at["P2", "extra_quota_needed"] == 30.0
    assert sol.allocation_in("en").set_index("project_id").at["P2", "reason"].endswith(
        "or with 30.00 more mu of county quota set aside for it (no other project losing land)")


@pytest.mark.parametrize("year", [2026, 2027])
def test_fundable_pins_the_other_projects(year):
    """The check itself: without extra quota P3 is not fundable in either year."""
    d = later_cheaper()
    sol, _ = analysed(d, "highs")
    assert not fundable(d, sol, "P3", year, 0.0, "highs")


def test_a_value_no_re_solve_can_prove_is_left_empty(solver):
    """Later land worth half (discount 1): P1 (40 mu) gets 30 in 2026; in full it could only
    have 2027, where P2 (worth 3) takes the 40 mu. 30·t + 60 (P1 in part in 2026) beats 20·t
    (in full in 2027) at every t, yet no bound from the re-solves proves it: no figure is
    given and no remedy is said."""
    d = base(horizon=TWO, quota={"new_construction": {2026: 30, 2027: 40}},
             policy={"discount": 1.0},
             projects=[proj("P1", B, 40, 1.0), proj("P2", A, 40, 3.0, min_share=1,
                                                    earliest=2027)])
    sol, an = analysed(d, solver)
    a = sol.allocation.set_index("project_id")
    assert (a.at["P1", "year"], a.at["P1", "allocated"]) == ("2026", 30.0)
    assert pd_isna(a.at["P1", "value_needed"]) and pd_isna(a.at["P1", "extra_quota_needed"])
    assert sol.analysed == set()
    assert len(an.notes) == 1 and "(P1)" in an.notes[0] and "did not prove" in an.notes[0]
    reason = sol.allocation_in("en").set_index("project_id").at["P1", "reason"]
    assert "at any value" not in reason and "would not do" not in reason
