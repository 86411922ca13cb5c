"""A short project's reason names the rule that stops it, with how far that rule must move,
and not every rule at its limit."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from landplan.run import run
from tests.conftest import A, B, base, proj

DEMO = Path(__file__).resolve().parents[2] / "scenarios" / "demo.yaml"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "run"
    run(DEMO, out=folder, maps=False, jobs=1)
    return folder


def test_demo_town_capped_projects_are_told_the_town_cap(demo):
    a = pd.read_csv(demo / "allocation.csv").set_index("project_id")
    short = a[a["status"].isin(["unfunded", "partial"])]
    capped = short[short["town_name"].isin(["府城镇", "临淮关镇"])]
    assert len(capped) >= 10
    for pid, row in capped.iterrows():
        reason = row["reason"]
        cap = "435/435" if row["town_name"] == "府城镇" else "217/217"
        assert f"{row['town_name']}用地上限已满（{cap} 亩），须放宽 " in reason, (pid, reason)
        # the town cap, not the county's limits, and no list of every rule at its limit
        assert "县级新增建设用地计划指标已用尽" not in reason, (pid, reason)
        assert "增减挂钩" not in reason, (pid, reason)
        assert "耕地、水田、资金或乡镇上限" not in reason, (pid, reason)
    # 府城镇's 8.1 mu housing project: the cap must rise by its whole request
    assert "府城镇用地上限已满（435/435 亩），须放宽 8.1 亩方可足额保障" in a.at["P026", "reason"]
    parts = json.loads((demo / "reasons.json").read_text(encoding="utf-8"))["projects"]
    assert parts["P026"][0] == {"key": "town_max", "rule": "town_bounds_max",
                                     "town": "府城镇", "used": "435", "limit": "435",
                                     "money": False, "need": "8.1"}


def test_demo_extra_quota_above_the_request_says_why(demo):
    a = pd.read_csv(demo / "allocation.csv").set_index("project_id")
    over = a[a["extra_quota_needed"] > a["requested"] - a["allocated"] + 0.005]
    assert not over.empty
    for pid, row in over.iterrows():
        assert (f"所需追加县级指标（{row['extra_quota_needed']:,.2f} 亩）多于本项目缺口"
                in row["reason"]), (pid, row["reason"])
    fits = a[a["extra_quota_needed"] <= a["requested"] - a["allocated"] + 0.005]
    assert not fits["reason"].str.contains("多于本项目缺口").any()


def test_value_is_compared_within_the_capped_town(tmp_path):
    """B's cap is full with P2 (worth 5); P3 (worth 2, in B) is below every project funded in
    its town, though above A's P1 (worth 1): the reason compares it with B's projects."""
    d = base(quota={"new_construction": 100},
             towns=[{"code": A, "name": "甲镇", "pilot": True}, {"code": B, "name": "乙镇", "max": 30}],
             projects=[proj("P1", A, 20, 1.0), proj("P2", B, 30, 5.0), proj("P3", B, 10, 2.0)])
    import yaml
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    run(path, out=tmp_path / "run", maps=False, jobs=1)
    a = pd.read_csv(tmp_path / "run" / "allocation.csv").set_index("project_id")
    reason = a.at["P3", "reason"]
    assert reason.startswith("乙镇用地上限已满（30/30 亩），须放宽 10 亩方可足额保障（其他项目用地不减）")
    assert "亩均效益 2.00，低于乙镇获配项目的最低值 5.00" in reason
    assert "若亩均效益达到 5.00 即可足额保障" in reason


def test_without_the_analysis_the_town_cap_is_still_the_one_named(tmp_path):
    """--no-why-not: the town's own binding rule is named before the county quota, without
    the amount only a re-solve finds."""
    import yaml

    d = base(quota={"new_construction": 40},
             towns=[{"code": A, "name": "甲镇", "pilot": True}, {"code": B, "name": "乙镇", "max": 30}],
             projects=[proj("P1", A, 10, 1.0), proj("P2", B, 30, 5.0), proj("P3", B, 10, 2.0)])
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    run(path, out=tmp_path / "run", maps=False, jobs=1, whynot=False)
    cons = pd.read_csv(tmp_path / "run" / "constraints.csv").set_index("name")
    assert cons.at["county_quota", "binding"]  # both bind: 40 of 40 mu, 30 of 30 mu in 乙镇
    reason = pd.read_csv(tmp_path / "run" / "allocation.csv").set_index("project_id").at[
        "P3", "reason"]
    assert reason.startswith("乙镇用地上限已满（30/30 亩）；")
    assert "县级新增建设用地计划指标" not in reason and "须放宽" not in reason
