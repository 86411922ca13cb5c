"""The shipped demo, run as the README says, and checked against the rules it must obey."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from landplan.model import build_model
from landplan.run import check
from landplan.solve import solve

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "scenarios" / "demo.yaml"


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "run"
    r = subprocess.run([sys.executable, "-m", "landplan", "run", str(DEMO), "--out", str(out)],
                       capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "synthetic" in r.stdout and "Traceback" not in r.stdout + r.stderr
    return out


def test_demo_is_optimal_with_gap_zero(demo_run):
    s = json.loads((demo_run / "summary.json").read_text(encoding="utf-8"))
    assert s["status"] == "optimal" and s["gap"] == 0
    assert s["scenario"]["synthetic"] is True
    assert len(s["inputs"]) == 10  # the scenario and its nine layers, hashed


def test_demo_obeys_every_county_rule(demo_run):
    a = pd.read_csv(demo_run / "allocation.csv", dtype={"town": str})
    t = pd.read_csv(demo_run / "towns.csv", dtype={"code": str})
    k = pd.read_csv(demo_run / "linkage.csv", dtype={"town": str})
    scen = check(DEMO).scenario
    q = scen.quota
    tol = 1e-3
    assert a["from_quota"].sum() <= q.new_construction + tol
    pilots = {x.code for x in scen.towns if x.pilot}
    assert a.loc[~a["town"].isin(pilots), "from_quota"].sum() <= (
        q.new_construction - q.pilot_reserve + tol)
    assert a["from_linkage"].sum() <= k["credits_earned"].sum() + tol
    farmland_quota = (a["farmland_taken"] * a["from_quota"] / a["allocated"].where(
        a["allocated"] > 0)).fillna(0).sum()
    assert farmland_quota <= q.farmland_conversion + tol
    for town in scen.towns:
        land = a.loc[a["town"] == town.code, "allocated"].sum()
        if town.max is not None:
            assert land <= town.max + tol
        if town.min is not None:
            assert land >= town.min - tol
    # the tables reconcile
    for col in ("allocated", "from_quota", "from_linkage", "farmland_taken", "paddy_taken"):
        assert t[col].sum() == pytest.approx(a[col].sum(), abs=1e-3)
    prio = a[a["priority"]]
    assert (prio.loc[prio["status"] != "conflict", "allocated"]
            == prio.loc[prio["status"] != "conflict", "requested"]).all()


def test_demo_shows_its_rule_breakers(demo_run):
    a = pd.read_csv(demo_run / "allocation.csv").set_index("project_id")
    assert a.at["P020", "status"] == "conflict"
    assert "永久基本农田" in a.at["P020", "reason"]
    bad = set(a.index[a["status"] == "ineligible"])
    assert bad == {"P035", "P058", "P065", "P068", "P088"}
    assert (a.loc[list(bad), "allocated"] == 0).all()
    short = a[a["status"].isin(["unfunded", "partial"])]
    assert short["reason"].str.len().gt(0).all()
    assert short["value_needed"].notna().any()


def test_cbc_and_highs_agree_on_the_demo():
    c = check(DEMO)
    objs = {s: solve(build_model(c.data), solver=s).objective for s in ("cbc", "highs")}
    assert objs["cbc"] == pytest.approx(objs["highs"], rel=1e-9)


def test_demo_has_no_last_digit_leftovers(demo_run):
    """No 14.6999 of 14.7 mu shown as partial, no 0.0001 credits or 2 yuan on a project not
    activated, no 0.0001 mu compensated county-wide or left as slack."""
    a = pd.read_csv(demo_run / "allocation.csv").set_index("project_id")
    assert a.at["P014", "status"] == "funded" and a.at["P014", "allocated"] == 14.7
    part = a[a["status"] == "partial"]
    assert (part["requested"] - part["allocated"] > 1e-4).all()
    assert ((a["allocated"] == 0) | (a["allocated"] > 1e-4)).all()
    for f in ("linkage.csv", "reclamation.csv"):
        k = pd.read_csv(demo_run / f)
        off = k[k["activated"] == 0]
        assert (off["credits_earned"] == 0).all() and (off["cost"] == 0).all(), f
    t = pd.read_csv(demo_run / "towns.csv")
    for col in ("compensated_own", "compensated_county", "allocated", "from_quota"):
        assert not t[col].isin([0.0001, -0.0001]).any(), col
    c = pd.read_csv(demo_run / "constraints.csv")
    assert not c["slack"].abs().between(1e-9, 1.5e-4).any()
    s = json.loads((demo_run / "summary.json").read_text(encoding="utf-8"))
    k = pd.concat([pd.read_csv(demo_run / f) for f in ("linkage.csv", "reclamation.csv")])
    assert s["objective_parts"]["spending"] == pytest.approx(k["cost"].sum(), abs=len(k))
