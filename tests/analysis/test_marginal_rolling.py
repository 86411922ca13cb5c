"""marginal.csv of a rolling plan gives each year's quota its own value, exact on hand-solvable
cases (each run solved by both solvers): one more mu of a year's quota also raises that year's
Q − R (the pilot earmark stays), and, with carry-over, what the years after it may use. Each
value is checked against re-solving the scenario with that mu more."""

from __future__ import annotations

import copy

import pytest

from landplan.analysis.explain_run import analyse
from landplan.model import build_model, prepare
from landplan.scenario import parse_scenario
from landplan.solution import extract
from landplan.solve import solve
from tests.conftest import A, B, base, proj

TWO = {"from": 2026, "to": 2027}


def run(d: dict, solver: str):
    m = build_model(prepare(parse_scenario(d)))
    res = solve(m, solver=solver)
    assert res.status == "optimal"
    sol = extract(m, res)
    return sol, analyse(m, sol, whynot=False, jobs=1)


def quota_values(an) -> dict[str, float]:
    mv = an.marginal[an.marginal["resource"] == "year_quota"]
    assert set(mv["method"]) == {"re-solve at +Δ (MIP, gap 0)"}
    return dict(zip(mv["scope"], mv["value"], strict=True))


def gained(d: dict, year: int, solver: str) -> float:
    """The value gained by re-solving the scenario with one more mu of `year`'s quota."""
    more = copy.deepcopy(d)
    more["quota"]["new_construction"][year] += 1
    return run(more, solver)[0].value_exact - run(d, solver)[0].value_exact


def earmarked() -> dict:
    """2026: P1 (40 mu, worth 3, all or nothing) takes its 40. 2027 (later land worth 1/1.1):
    50 mu, of which non-pilot towns may use Q − R = 30: P2 (town B, 80 mu, worth 2) gets 30 and
    P3 (pilot town A, 20 mu, worth 1) its 20. One more mu of 2027 quota, R the same, lets P2
    have 31: worth 2/1.1; of 2026, nothing (no one else may take 2026)."""
    return base(horizon=TWO,
                quota={"new_construction": {2026: 40, 2027: 50},
                       "pilot_reserve": {2026: 0, 2027: 20}},
                policy={"discount": 0.1},
                projects=[proj("P1", A, 40, 3.0, min_share=1),
                          proj("P2", B, 80, 2.0, earliest=2027),
                          proj("P3", A, 20, 1.0, earliest=2027)])


def test_one_more_mu_of_2027_quota_raises_its_q_minus_r(solver):
    d = earmarked()
    sol, an = run(d, solver)
    assert sol.allocation.set_index("project_id")["allocated"].to_dict() == {
        "P1": 40.0, "P2": 30.0, "P3": 20.0}
    values = quota_values(an)
    assert values == {"2026": 0.0, "2027": round(2 / 1.1, 6)}
    assert values["2027"] == pytest.approx(gained(d, 2027, solver), abs=1e-6)
    assert gained(d, 2026, solver) == pytest.approx(0.0, abs=1e-6)


def carried() -> dict:
    """carry_over 0.5. 2026: 50 mu, P1 (40, all or nothing, 2026 only) leaves 10, of which 5
    reach 2027: 45 mu there for P2 (100 mu, worth 2, from 2027). One more mu in 2026 carries
    0.5 into 2027 (worth 0.5·2/1.1); one more in 2027 is worth 2/1.1."""
    return base(horizon=TWO,
                quota={"new_construction": {2026: 50, 2027: 40}, "carry_over": 0.5},
                policy={"discount": 0.1},
                projects=[proj("P1", A, 40, 3.0, min_share=1, latest=2026),
                          proj("P2", B, 100, 2.0, earliest=2027)])


def test_one_more_mu_of_quota_carries_over_into_the_next_year(solver):
    d = carried()
    sol, an = run(d, solver)
    assert sol.allocation.set_index("project_id")["allocated"].to_dict() == {
        "P1": 40.0, "P2": 45.0}
    values = quota_values(an)
    assert values == {"2026": round(1 / 1.1, 6), "2027": round(2 / 1.1, 6)}
    for year in (2026, 2027):
        assert values[str(year)] == pytest.approx(gained(d, year, solver), abs=1e-6)
