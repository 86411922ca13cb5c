"""A run with policy tiers: summary.json, the console and the report say what each tier
secured; a sweep has a column per tier."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import yaml

from tests.conftest import A, B, base, proj

TIERS = [{"name": "民生保障", "categories": ["key", "livelihood"], "objective": "land"},
         {"name": "基础设施", "categories": ["infrastructure"], "objective": "count"},
         {"name": "产业发展", "categories": ["industrial"], "objective": "value"}]


def _scenario(tmp_path: Path) -> Path:
    """Quota 100: the school (40 mu) first, then two of three infrastructure projects in full,
    and industry by value in what is left."""
    d = base(projects=[proj("S1", A, 40, 1, category="livelihood"),
                       proj("I1", A, 20, 2, category="infrastructure"),
                       proj("I2", B, 25, 2, category="infrastructure"),
                       proj("I3", B, 30, 9, category="infrastructure"),
                       proj("F1", B, 60, 20)],
             policy={"tiers": TIERS})
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    return path


def _landplan(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "landplan", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_run_and_report_say_what_each_tier_secured(tmp_path):
    r = _landplan("run", str(_scenario(tmp_path)), "--out", str(tmp_path / "run"), "--lang",
                  "en", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    a = pd.read_csv(tmp_path / "run" / "allocation.csv").set_index("project_id")
    # 40 to the school; the most infrastructure projects in full: I1 and I2 (45 mu), not I3;
    # F1 gets the 15 mu left
    assert a["allocated"].to_dict() == {"S1": 40.0, "I1": 20.0, "I2": 25.0, "I3": 0.0,
                                        "F1": 15.0}
    s = json.loads((tmp_path / "run" / "summary.json").read_text(encoding="utf-8"))
    got = [(t["name"], t["objective"], t["secured"], t["land"], t["funded"]) for t in s["tiers"]]
    assert got == [("民生保障", "land", 40.0, 40.0, 1), ("基础设施", "count", 2, 45.0, 2),
                   ("产业发展", "value", 300.0, 15.0, 0)]
    assert [(st["name"], st.get("tier"), st.get("kind")) for st in s["stages"]][:4] == [
        ("tier_1", "民生保障", "land"), ("tier_2", "基础设施", "count"),
        ("tier_3", "产业发展", "value"), ("value", None, None)]
    assert [round(st["objective"], 6) for st in s["stages"]][:3] == [40.0, 2.0, 300.0]
    out = "".join(r.stdout.split())
    assert "Policytiers,firstfirst" in out and "基础设施count2" in out
    r = _landplan("report", str(tmp_path / "run"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    md = (tmp_path / "run" / "report.md").read_text(encoding="utf-8")  # the run's language
    assert "Order of precedence (policy tiers)" in md
    assert ("| 2 | 基础设施 | infrastructure | most projects funded in full | 2 | 3 | "
            "75.00 (5.0000) | 45.00 (3.0000) | 90.00 | 2/0/1/0 |") in md


def test_sweep_has_a_column_per_tier(tmp_path):
    r = _landplan("sweep", str(_scenario(tmp_path)), "--vary", "quota.new_construction=85..100",
                  "--steps", "2", "--out", str(tmp_path / "sw"), "--jobs", "1", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    sw = pd.read_csv(tmp_path / "sw" / "sweep.csv")
    # at 85 mu industry gets nothing; the tiers keep what they secured
    assert sw["tier:民生保障"].tolist() == [40.0, 40.0]
    assert sw["tier:基础设施"].tolist() == [2.0, 2.0]
    assert sw["tier:产业发展"].tolist() == [0.0, 300.0]


def test_map_title_says_the_tiers_not_value_alone(tmp_path):
    from landplan.run import run

    run(_scenario(tmp_path), out=tmp_path / "run", jobs=1)
    page = (tmp_path / "run" / "map.html").read_text(encoding="utf-8")
    title = page.split('<div id="lp-title"', 1)[1].split('<div id="lp-legend"', 1)[0]
    assert ("按用地保障次序逐层求解：民生保障（用地最多） → 基础设施（足额保障项目最多） → "
            "产业发展（效益最高），已证明最优；效益合计 ") in title
    assert "Σ 亩均效益 × 安排面积" not in title
