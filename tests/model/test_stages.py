"""The lexicographic stages hold where the held rows are thin: on the demo at a quota of
1,057.77 mu, stage 2 uses the value row's tolerance to the full, and with a 1e-9 hold CBC then
called stage 3 infeasible. Both solvers must solve it and give the same allocation."""

from pathlib import Path

import pytest

from landplan.analysis.vary import set_field
from landplan.model import build_model, prepare
from landplan.run import check
from landplan.scenario import parse_scenario
from landplan.scenario.load import read_scenario_data
from landplan.solution import extract
from landplan.solve import solve

DEMO = Path(__file__).resolve().parents[2] / "scenarios" / "demo.yaml"


@pytest.fixture(scope="module")
def demo_sites():
    return check(DEMO).site_checks.projects


def _solve_at(quota: float, solver: str, sites):
    data, _ = read_scenario_data(DEMO)
    s = parse_scenario(set_field(data, "quota.new_construction", quota), file=DEMO)
    s._path = DEMO
    m = build_model(prepare(s, sites))
    res = solve(m, solver=solver)
    return res, extract(m, res, "en")


@pytest.mark.parametrize("quota", [1057.77, 1709.82])
def test_thin_stages_solve_and_solvers_agree(quota, demo_sites):
    cbc, sol_c = _solve_at(quota, "cbc", demo_sites)
    highs, sol_h = _solve_at(quota, "highs", demo_sites)
    assert cbc.status == highs.status == "optimal"
    assert cbc.objective == pytest.approx(highs.objective, rel=1e-8)
    moves = {r.name: r.objective for r in cbc.stages}["moves"]
    assert moves == pytest.approx({r.name: r.objective for r in highs.stages}["moves"], abs=1e-3)
    land = sol_c.towns.set_index("code")["allocated"]
    assert land.to_dict() == pytest.approx(
        sol_h.towns.set_index("code")["allocated"].to_dict(), abs=1e-3)
