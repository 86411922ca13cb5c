"""A rolling plan's tie-break stages start from the year choice of the stage before
(landplan.solver.stages, `start_in_years`) but still search every year choice: when the
start's year is not the least-spending one, the stage moves the project to the year that is."""

import pulp
import pytest

from landplan.model import build_model, prepare
from landplan.scenario import parse_scenario
from landplan.solver import INF, open_stages
from tests.conftest import A, base, proj

TWO = {"from": 2026, "to": 2027}


def _model():
    # no quota in 2026, 30 mu in 2027; L1's credits (30 mu, 50万元) can be used in 2026. With
    # no discount, P1 (30 mu, all or nothing) is worth as much in either year, but only 2027
    # spends nothing
    d = base(horizon=TWO, quota={"new_construction": {2026: 0, 2027: 30}},
             linkage=[{"id": "L1", "town": A, "reclaim": 30.0, "farmland_gain": 30.0,
                       "cost": 500000, "ready": 2026}],
             projects=[proj("P1", A, 30, 1.0, min_share=1)])
    return build_model(prepare(parse_scenario(d)))


def _land(m, year: int) -> float:
    return (m.v.ny[("P1", year)].varValue or 0.0) + (m.v.ly[("P1", year)].varValue or 0.0)


@pytest.mark.parametrize("solver", ["cbc", "highs"])
def test_a_tie_break_stage_leaves_the_year_of_its_start(solver):
    m = _model()
    with open_stages(m, solver) as stages:
        # the value stage with 2027 closed: a value-optimal start in 2026, on linkage credits
        later = stages.hm.col[m.v.w[("P1", 2027)].name]
        stages.hm.h.changeColBounds(later, 0.0, 0.0)
        assert stages.run(pulp.LpMaximize, m.value) == "optimal"
        stages.hm.h.changeColBounds(later, 0.0, 1.0)
        assert (_land(m, 2026), _land(m, 2027)) == pytest.approx((30.0, 0.0))
        assert pulp.value(m.spending) == pytest.approx(50.0)
        # the spending stage holds the value and finds the year that spends nothing
        row = stages.hold(m.value)
        stages.bound(row, m.value, 30.0 - 1e-6, INF)
        assert stages.run(pulp.LpMinimize, m.spending) == "optimal"
        assert pulp.value(m.spending) == pytest.approx(0.0, abs=1e-6)
        assert (_land(m, 2026), _land(m, 2027)) == pytest.approx((0.0, 30.0), abs=1e-6)
