"""Solver noise never shows: land within the tolerance of a request (or 0), and a share within
1e-6 of 0 or 1, are read as exactly that, with one status rule for runs, sweeps and compare."""

import pytest

from landplan.model import build_model, prepare
from landplan.scenario import parse_scenario
from landplan.solution import extract, project_status, snap_land, snap_share
from landplan.solve import solve
from tests.conftest import A, B, base, proj


@pytest.mark.parametrize("n, link, area, expected", [
    (14.699926, 0.0, 14.7, (14.7, 0.0)),        # the demo's P014: 7.4e-5 short
    (0.0019906, 32.898009, 32.9, (0.0019906, 32.8980094)),  # a real part is kept
    (2.1e-6, 0.0, 66.8, (0.0, 0.0)),             # noise around 0
    (55.5013, 6.6987002, 62.2, (55.5012998, 6.6987002)),  # the larger part takes the gap
    (10.0, 0.0, 20.0, (10.0, 0.0)),             # a real partial allocation is kept
])
def test_snap_land(n, link, area, expected):
    got = snap_land(n, link, area)
    assert got == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("z, expected", [(1.6e-7, 0.0), (0.99999985, 1.0), (0.139213, 0.139213),
                                         (-3e-9, 0.0)])
def test_snap_share(z, expected):
    assert snap_share(z) == expected


@pytest.mark.parametrize("x, a, status", [(14.7, 14.7, "funded"), (14.69995, 14.7, "funded"),
                                          (14.6, 14.7, "partial"), (5e-5, 14.7, "unfunded"),
                                          (0.0, 14.7, "unfunded")])
def test_one_status_rule(x, a, status):
    assert project_status(True, False, x, a) == status
    assert project_status(False, False, x, a) == "ineligible"
    assert project_status(False, True, x, a) == "conflict"


def test_extract_snaps_noisy_values_everywhere():
    d = base(quota={"new_construction": 100},
             towns=[{"code": A, "name": "大庙镇", "pilot": True,
                     "farmland_credits": {"quantity": 20, "paddy": 0}},
                    {"code": B, "name": "府城镇"}],
             reclamation_budget=1_000_000,
             projects=[proj("P1", A, 14.7, 5, farmland=10), proj("P2", B, 60, 1)],
             reclamation=[{"id": "R1", "town": B, "quantity": 377, "cost": 12_000_000,
                           "divisible": True}])
    m = build_model(prepare(parse_scenario(d)))
    res = solve(m)
    assert res.status == "optimal"
    # what a solver's tolerances leave behind (the demo's P014 and R02)
    m.v.n["P1"].varValue = 14.699926
    m.v.r["R1"].varValue = 1.6e-7
    sol = extract(m, res)
    a = sol.allocation_in("en").set_index("project_id")
    assert a.at["P1", "allocated"] == 14.7 and a.at["P1", "from_quota"] == 14.7
    assert a.at["P1", "status"] == "funded" and a.at["P1", "reason"] == ""
    r = sol.reclamation.set_index("id")
    assert (r.at["R1", "activated"], r.at["R1", "credits_earned"], r.at["R1", "cost"]) == (0, 0, 0)
    assert sol.objective["spending"] == 0
    t = sol.towns.set_index("code")
    assert t.at[A, "allocated"] == 14.7 and t.at[A, "funded"] == 1
    assert t.at[A, "compensated_county"] == 0
    c = sol.constraints.set_index("name")
    assert c.at["reclamation_budget", "use"] == 0
