"""A run with the county's own rules: each in constraints.csv, marginal.csv, the reasons and
a table of the report; bad rules stop `landplan validate` with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import yaml

from landplan.outputs.report import write_report
from landplan.run import run
from tests.conftest import A, B, base, proj

RULES = [
    {"name": "industry_cap", "max": 0, "terms": [
        {"sum": "land", "where": {"category": ["industrial"]}}, {"sum": "land", "coef": -0.4}]},
    {"name": "water", "max": 120, "description": "东部供水",
     "terms": [{"sum": "water", "where": {"town": [A]}}]},
    {"name": "floor", "per": "town", "min": 10, "terms": [
        {"sum": "land", "where": {"category": ["livelihood"]}}]},
]


def _scenario(tmp_path, rules=RULES):
    d = base(projects=[proj("P1", A, 50, 3.0, attributes={"water": 300}),
                       proj("P2", B, 50, 1.0, category="livelihood"),
                       proj("P3", A, 20, 0.5, category="livelihood")],
             policy={"rules": rules})
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    return path


def test_county_rules_in_every_table(tmp_path):
    folder = tmp_path / "run"
    run(_scenario(tmp_path), out=folder, maps=False, jobs=1)
    cons = pd.read_csv(folder / "constraints.csv", keep_default_na=False,
                       dtype={"key": str}).set_index("name")
    assert {"industry_cap", "water", f"floor__{A}", f"floor__{B}"} <= set(cons.index)
    assert cons.at["water", "unit"] == "other" and cons.at["industry_cap", "unit"] == "area"
    assert cons.at["water", "binding"]  # P1 ≤ 20 mu: 6 of water a mu
    marg = pd.read_csv(folder / "marginal.csv", dtype={"scope": str})
    assert {("industry_cap", "county"), ("water", "county"), ("floor", A), ("floor", B)} <= set(
        zip(marg["resource"], marg["scope"], strict=True))
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert list(summary["policy_rules"]) == ["industry_cap", "water", f"floor__{A}", f"floor__{B}"]
    assert summary["policy_rules"]["water"]["binding"] and summary["town_bounds"] == {}
    alloc = pd.read_csv(folder / "allocation.csv").set_index("project_id")
    assert "县定规则 water（东部供水）已达限值（120/120）" in alloc.at["P1", "reason"]

    write_report(folder, lang="zh")
    text = (folder / "report.md").read_text(encoding="utf-8")
    table = text.split("县定规则使用情况表")[1].split("\n\n")[1]
    assert "| **县定规则 water（东部供水）** | **全县** | **120.0000** | **120.0000** |" in table
    assert "| 县定规则 floor | 大庙镇 |" in table or "| **县定规则 floor** | **大庙镇** |" in table
    write_report(folder, lang="en")
    text = (folder / "report.en.md").read_text(encoding="utf-8")
    assert "The county's own rules" in text
    assert "county rule water (东部供水) at its limit (120 of 120)" in text


def test_a_bad_rule_stops_validate_with_exit_2(tmp_path):
    path = _scenario(tmp_path, [{"name": "r", "max": 1, "terms": [{"sum": "wter"}]}])
    done = subprocess.run([sys.executable, "-m", "landplan", "validate", str(path)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    err = " ".join(done.stderr.split())
    assert "record policy.rules #1 (r), field `terms #1 sum`: `sum: wter` is neither a " \
           "built-in sum nor an attribute of any project" in err
