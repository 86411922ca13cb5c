"""An infeasible scenario whose only way out is to relax a project's own rule — `requires`,
`excludes` or `min_area` — is explained by naming that rule, with its amount, in both
languages. Both solvers."""

import pandas as pd

from landplan.explain import explain_infeasible
from landplan.model import build_model, prepare
from landplan.scenario import parse_scenario
from landplan.solve import solve
from tests.conftest import A, B, base, proj

LEAD = "relaxing these rules makes the scenario feasible (the fewest rules that must move): "
LEAD_ZH = "放宽以下规则即可使方案可行（这是需要放宽的最少规则）："


def _explained(d: dict, solver: str, site_checks: pd.DataFrame | None = None
               ) -> dict[str, list]:
    data = prepare(parse_scenario(d), site_checks)
    assert solve(build_model(data), solver=solver).status == "infeasible"
    return {lang: explain_infeasible(data, solver, lang) for lang in ("en", "zh")}


def test_a_priority_project_requiring_an_ineligible_one(solver):
    # the park P1 (priority, 10 mu) waits for the road P2 in full, whose site is ineligible:
    # P1 must get its 10 mu and may get none; only the link can give
    d = base(projects=[proj("P1", A, 10, 1, priority=True, requires=["P2"]),
                       proj("P2", B, 40, 1, category="infrastructure")])
    checks = pd.DataFrame({"eligible": [True, False], "reasons": [(), ()]}, index=["P1", "P2"])
    out = _explained(d, solver, checks)
    en, zh = out["en"], out["zh"]
    assert [p.record for p in en[1:]] == ["rule requires__P1__P2"]
    assert str(en[0]) == (LEAD + "drop the requirement that P1 (项目P1) waits for P2 (项目P2) "
                          "(P1 (项目P1) needs 10 mu; P2 (项目P2) cannot be funded in full)")
    assert en[1].message == ("P1 (项目P1) requires P2 (项目P2) funded in full, but with every "
                             "other rule holding P2 (项目P2) cannot be, and P1 (项目P1) needs "
                             "10 mu")
    assert "remove the required project from `requires`" in en[1].hint
    assert str(zh[0]) == (LEAD_ZH + "取消P1（项目P1）对P2（项目P2）的前置依赖（P1（项目P1）须获 "
                          "10 亩，而P2（项目P2）无法足额保障）")
    assert zh[1].message.endswith("（规则 requires__P1__P2）")


def test_alternatives_both_needed(solver):
    # two sites for one school, S1 and S2 (priority): S2 must get land, and the road P3 and
    # the sports ground P4 (both priority) each need S1 funded in full. Letting both sites get
    # land is one rule; dropping what needs S1 would be two.
    d = base(projects=[proj("S1", A, 30, 1, category="livelihood"),
                       proj("S2", B, 30, 1, category="livelihood", priority=True,
                            excludes=["S1"]),
                       proj("P3", A, 10, 1, category="infrastructure", priority=True,
                            requires=["S1"]),
                       proj("P4", B, 10, 1, category="infrastructure", priority=True,
                            requires=["S1"])])
    out = _explained(d, solver)
    en, zh = out["en"], out["zh"]
    assert [p.record for p in en[1:]] == ["rule excludes__S2__S1"]
    assert str(en[0]) == LEAD + "let both S2 (项目S2) and S1 (项目S1) get land (now alternatives)"
    assert en[1].message == ("S2 (项目S2) and S1 (项目S1) are alternatives (not both), but the "
                             "other rules need both to get land")
    assert "remove the pair from `excludes`" in en[1].hint
    assert str(zh[0]) == LEAD_ZH + "允许S2（项目S2）与S1（项目S1）同时获配（二者现为互斥）"
    assert zh[1].message == ("S2（项目S2）与S1（项目S1）互斥（二选一），但各项规则同时成立需要两者都"
                             "获配（规则 excludes__S2__S1）")


def test_a_minimum_area_above_what_the_quota_leaves(solver):
    # town A must get at least 20 mu; its only project P1 needs 40 mu or nothing; the quota
    # is 30. Moving the minimum area by 10 (of 40) is the least move relative to each limit:
    # the quota would need 10 more (of 30), the town minimum all of its 20.
    d = base(quota={"new_construction": 30},
             towns=[{"code": A, "name": "a", "pilot": True, "min": 20}, {"code": B, "name": "b"}],
             projects=[proj("P1", A, 100, 5, min_area=40), proj("P2", B, 10, 1)])
    out = _explained(d, solver)
    en, zh = out["en"], out["zh"]
    assert [p.record for p in en[1:]] == ["rule min_area__P1"]
    assert str(en[0]) == LEAD + "the minimum area of P1 (项目P1) down by 10 mu"
    assert en[1].message == ("the minimum area of P1 (项目P1) is 40 mu, but the other rules leave "
                             "the project at most 30 mu (short by 10 mu: lower it to 30 mu)")
    assert "lower the project's min_area" in en[1].hint
    assert str(zh[0]) == LEAD_ZH + "项目P1（项目P1）的最小供地面积降低 10 亩"
    assert zh[1].message == ("项目P1（项目P1）的最小供地面积为 40 亩，但各项规则同时成立时该项目最多"
                             "只能获得 30 亩，须降低 10 亩，降至 30 亩（规则 min_area__P1）")


def test_the_project_rules_are_declared_relaxable_once():
    from landplan.model import rules

    fams = rules.families()
    for name in ("requires", "excludes", "min_area"):
        f = fams.get(name)
        assert f.soft and f.words.hint and f.words.relaxed
    assert not fams.get("priority").soft and not fams.get("funded_full").soft
