""""Funded in 2027, not 2026, because …" (a rolling plan's reason for a project given its land
later than the horizon's first year), on hand-built cases with a known answer, each solved by
both solvers: the first year's quota binds; its linkage credit may be used only from 2027; its
`earliest`; and a project that waits two years names each year's limits."""

from __future__ import annotations

from tests.conftest import A, B, base, proj, solve_dict

TWO = {"from": 2026, "to": 2027}
THREE = {"from": 2026, "to": 2028}


def said(d: dict, solver: str) -> tuple[dict, dict, dict]:
    sol = solve_dict(d, solver)
    years = dict(zip(sol.allocation["project_id"], sol.allocation["year"], strict=True))
    zh, en = (sol.allocation_in(lang).set_index("project_id")["reason"].to_dict()
              for lang in ("zh", "en"))
    return years, zh, en


def test_waits_because_the_first_years_quota_binds(solver):
    # 2026 holds 40 mu: P1 (40, worth 3) or P2 (30, worth 2), all or nothing; later land is
    # worth 1/1.1, so P1 first: 120 + 60/1.1 against 60 + 120/1.1
    d = base(horizon=TWO, quota={"new_construction": {2026: 40, 2027: 60}},
             policy={"discount": 0.1},
             projects=[proj("P1", A, 40, 3.0, min_share=1), proj("P2", B, 30, 2.0, min_share=1)])
    years, zh, en = said(d, solver)
    assert years == {"P1": "2026", "P2": "2027"}
    assert zh == {"P1": "", "P2": "2027年供地，未能在2026年；2026年：年度新增建设用地计划指标已用尽（40/40 亩）；"
                               "2026年：增减挂钩节余及周转指标（累计）无可用额度（0 亩）"}
    assert en["P2"] == ("funded in 2027, not 2026; in 2026: yearly new construction-land quota "
                        "used up (40 of 40 mu); in 2026: linkage credits, with borrowed ones "
                        "(cumulative): none available (0 mu)")


def test_waits_because_its_linkage_credit_may_be_used_only_from_2027(solver):
    # no quota; L1 is reclaimed in 2028 and its credits must return within a year of their
    # use, so they may be borrowed from 2027, not 2026
    d = base(horizon=THREE, quota={"new_construction": 0}, policy={"discount": 0.1},
             linkage=[{"id": "L1", "town": B, "reclaim": 30.0, "farmland_gain": 30.0,
                       "ready": 2028, "return_within": 1}],
             projects=[proj("P1", B, 30, 1.0)])
    sol = solve_dict(d, solver)
    assert sol.allocation.iloc[0][["year", "allocated", "from_linkage"]].tolist() == [
        "2027", 30.0, 30.0]
    ledger = sol.by_year["linkage_ledger"].set_index("year")
    assert ledger["borrowed"].to_dict() == {2026: 0.0, 2027: 30.0, 2028: 0.0}
    assert ledger["returned"].to_dict() == {2026: 0.0, 2027: 0.0, 2028: 30.0}
    assert sol.allocation_in("en").iloc[0]["reason"] == (
        "funded in 2027, not 2026; in 2026: yearly new construction-land quota: none available (0 "
        "mu); in 2026: linkage credits, with borrowed ones (cumulative): none available (0 mu)")


def test_waits_because_of_its_earliest_year(solver):
    # quota to spare in both years: P1 may have land only from 2027 on
    d = base(horizon=TWO, quota={"new_construction": 100}, policy={"discount": 0.1},
             projects=[proj("P1", A, 40, 3.0, earliest=2027), proj("P2", B, 30, 2.0)])
    years, zh, en = said(d, solver)
    assert years == {"P1": "2027", "P2": "2026"}
    assert zh == {"P1": "2027年供地，未能在2026年：项目最早可供地年份为2027年（earliest）", "P2": ""}
    assert en["P1"] == "funded in 2027, not 2026: its land may be given from 2027 on (earliest)"


def test_waiting_two_years_names_each_years_limits(solver):
    # 40 mu a year: P1 (worth 3) in 2026, P2 (2.5) in 2027, P3 (1) in 2028, all or nothing
    d = base(horizon=THREE, quota={"new_construction": 40}, policy={"discount": 0.1},
             projects=[proj("P1", A, 40, 3.0, min_share=1), proj("P2", A, 40, 2.5, min_share=1),
                       proj("P3", B, 30, 1.0, min_share=1)])
    years, zh, en = said(d, solver)
    assert years == {"P1": "2026", "P2": "2027", "P3": "2028"}
    assert zh["P3"] == ("2028年供地，未能在2026—2027年；2026年：年度新增建设用地计划指标已用尽（40/40 亩）；"
                        "2026年：增减挂钩节余及周转指标（累计）无可用额度（0 亩）；2027年：年度新增建设用地计划指标已用尽"
                        "（40/40 亩）；2027年：增减挂钩节余及周转指标（累计）无可用额度（0 亩）")
    assert en["P3"].startswith("funded in 2028, not 2026–2027; in 2026: yearly new "
                               "construction-land quota used up (40 of 40 mu); ")
    assert "in 2027: yearly new construction-land quota used up (40 of 40 mu)" in en["P3"]
