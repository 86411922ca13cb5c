"""The analysis of a rolling plan: each re-solve has a node limit, and a figure whose re-solve
was stopped is left empty and said to be not proven, never given as an answer."""

import landplan.analysis.explain_run as explain_run
from landplan.analysis.explain_run import NOT_PROVEN, analyse
from landplan.model import build_model, prepare
from landplan.scenario import parse_scenario
from landplan.solution import extract
from landplan.solve import solve
from tests.conftest import A, B, base, proj


def rolling() -> dict:
    # 60 mu a year: P1 in 2026, P3 in 2027; P2 (one year only) gets the 20 mu left in 2026
    return base(horizon={"from": 2026, "to": 2027},
                quota={"new_construction": {2026: 60, 2027: 60}},
                policy={"discount": 0.1},
                projects=[proj("P1", A, 40, 3.0, min_share=1), proj("P2", B, 30, 2.0),
                          proj("P3", B, 55, 0.5, min_share=1)])


def analysed(d: dict):
    m = build_model(prepare(parse_scenario(d)))
    sol = extract(m, solve(m, solver="highs"))
    return sol, analyse(m, sol, jobs=1)


def test_a_rolling_plan_within_the_limit_is_answered_as_without_it(monkeypatch):
    sol, out = analysed(rolling())
    assert out.notes == []
    monkeypatch.setattr(explain_run, "ROLLING_RESOLVE_NODES", None)
    free, free_out = analysed(rolling())
    assert out.whynot.equals(free_out.whynot)
    assert out.marginal.equals(free_out.marginal)
    assert out.whynot.set_index("project_id").at["P2", "value_needed"] > 1.0
    assert sol.analysed == {"P2"}


def test_a_stopped_re_solve_leaves_its_figures_empty_and_says_so(monkeypatch):
    monkeypatch.setattr(explain_run, "ROLLING_RESOLVE_NODES", 0)
    sol, out = analysed(rolling())
    assert len(out.notes) == 1 and "not proven" in out.notes[0] and "(P2)" in out.notes[0]
    assert out.whynot.set_index("project_id").loc["P2"].isna().all()
    assert set(out.marginal["method"]) == {NOT_PROVEN}
    assert out.marginal["gain"].isna().all()
    # no remedy is claimed for P2: it is not among the projects the analysis answered
    assert sol.analysed == set()
    reason = sol.allocation_in("en").set_index("project_id").at["P2", "reason"]
    assert "at any value" not in reason and "quota alone" not in reason
    assert "funded in full at" not in reason


def test_a_one_year_plan_has_no_limit():
    d = base(quota={"new_construction": 60},
             projects=[proj("P1", A, 40, 3.0, min_share=1), proj("P2", B, 50, 1.0)])
    m = build_model(prepare(parse_scenario(d)))
    assert explain_run._highs_model(m).node_limit is None
