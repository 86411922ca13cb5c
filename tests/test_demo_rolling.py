"""`landplan demo --years N`: the synthetic county and, beside it, the same county as a rolling
plan of N years that loads and plans by year; three years is scenarios/rolling-demo-3yr.yaml's recipe."""

from __future__ import annotations

from pathlib import Path

import yaml

from landplan.demo.rolling import rolling_plan, shares
from landplan.run import check
from tests.test_cli import landplan

REPO = Path(__file__).resolve().parents[1]


def test_demo_writes_a_rolling_plan_of_the_years_asked(tmp_path):
    r = landplan("demo", "--scenario", "s/c.yaml", "--gis", "s/gis", "--towns", "6",
                 "--projects", "30", "--parcels", "2000", "--linkage", "3",
                 "--reclamation", "2", "--years", "4", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    path = tmp_path / "s" / "rolling-c-4yr.yaml"
    assert "4-year rolling plan" in r.stdout
    checked = check(path)
    assert checked.scenario.years == [2026, 2027, 2028, 2029]
    one = yaml.safe_load((tmp_path / "s" / "c.yaml").read_text(encoding="utf-8"))
    quota = checked.scenario.quota
    assert [quota.in_year("new_construction", y) for y in checked.scenario.years] == [
        round(float(one["quota"]["new_construction"]) * s) for s in (0.5, 0.45, 0.4, 0.35)]
    assert "python -m landplan.demo.rolling s/c.yaml s/rolling-c-4yr.yaml 4" in path.read_text(
        encoding="utf-8")


def test_three_years_is_the_shipped_recipe():
    assert shares(3) == (0.5, 0.45, 0.4) and min(shares(10)) == 0.1
    demo = yaml.safe_load((REPO / "scenarios" / "demo.yaml").read_text(encoding="utf-8"))
    shipped = yaml.safe_load(
        (REPO / "scenarios" / "rolling-demo-3yr.yaml").read_text(encoding="utf-8"))
    assert rolling_plan(demo) == shipped
