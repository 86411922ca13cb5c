"""`cost` (yuan, a project's own land cost such as 征地补偿) is a column rules can sum: a rule
declared in this test module caps the projects' land cost, binds and changes the answer, and
shows in constraints.csv. Both solvers."""

import pytest

from landplan.model import rules
from landplan.model.core import LandModel
from landplan.model.rules._terms import MONEY, linear
from landplan.model.rules.spec import Family, Rule, Words
from tests.conftest import A, B, alloc, base, proj, solve_dict

CAP = 3_000_000  # yuan


def define_land_cost_cap(m: LandModel) -> None:
    """Σ cost_p · x_p / A_p ≤ CAP (in 万元): a project's land cost scales with the land it gets."""
    p = m.data.projects
    share = (p["cost"].fillna(0.0).astype(float) / p["area"] / MONEY).to_dict()
    used = linear([(m.v.n[i], share[i]) for i in p.index] + [(m.v.l[i], share[i]) for i in p.index])
    m.add("land_cost_cap", None, used <= CAP / MONEY, unit="money", use=used,
          limit=CAP / MONEY, scale=MONEY)


@pytest.fixture
def cost_rule():
    rules.register(Rule("land_cost_cap", define_land_cost_cap, (
        Family("land_cost_cap", Words(name=("征地补偿资金上限", "land cost cap")),
               unit="money"),)))
    yield
    rules.unregister("land_cost_cap")


def _case(cost: float | None) -> dict:
    """P1 (50 mu, v 5, land cost 10,000 yuan/mu), P2 (50 mu, v 4, 40,000 yuan/mu); quota 100."""
    return base(projects=[proj("P1", A, 50, 5, cost=500_000),
                          proj("P2", B, 50, 4, **({} if cost is None else {"cost": cost}))])


def test_cost_cap_binds_and_changes_the_answer(solver, cost_rule):
    # 3,000,000 yuan: P1 in full (500,000), then 2,500,000 / 40,000 = 62.5 mu … P2 gets 50
    assert alloc(solve_dict(_case(2_000_000), solver)) == {"P1": 50.0, "P2": 50.0}
    # at 80,000 yuan/mu P2 gets (3,000,000 − 500,000) / 80,000 = 31.25 mu
    sol = solve_dict(_case(4_000_000), solver)
    assert alloc(sol) == {"P1": 50.0, "P2": 31.25}
    row = sol.constraints.set_index("name").loc["land_cost_cap"]
    assert (row["use"], row["limit"], row["binding"]) == (3_000_000.0, 3_000_000.0, True)


def test_cost_absent_counts_as_zero(solver, cost_rule):
    assert alloc(solve_dict(_case(None), solver)) == {"P1": 50.0, "P2": 50.0}


def test_cost_in_a_county_rule(solver):
    """The same cap written as the county's own rule (policy.rules, `sum: cost`)."""
    d = _case(4_000_000)
    d["policy"] = {"rules": [{"name": "land_cost", "terms": [{"sum": "cost"}], "max": CAP}]}
    sol = solve_dict(d, solver)
    assert alloc(sol) == {"P1": 50.0, "P2": 31.25}
    row = sol.constraints.set_index("name").loc["land_cost"]
    assert (row["use"], row["limit"], row["binding"]) == (3_000_000.0, 3_000_000.0, True)
