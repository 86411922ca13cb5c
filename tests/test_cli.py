"""The command line as a planner uses it: run as a subprocess, read what it prints and writes."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import A, B, base, proj

TABLES = ["allocation.csv", "towns.csv", "linkage.csv", "reclamation.csv", "constraints.csv",
          "allocation.xlsx"]


def landplan(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "landplan", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def tiny(tmp_path: Path, **over) -> Path:
    d = base(
        quota={"new_construction": 100, "pilot_reserve": 30},
        reclamation_budget=1_000_000,
        towns=[{"code": A, "name": "大庙镇", "pilot": True,
                "farmland_credits": {"quantity": 10, "paddy": 2}},
               {"code": B, "name": "府城镇"}],
        projects=[proj("P1", A, 50, 1, farmland=20, paddy=5),
                  proj("P2", B, 80, 2, farmland=40, min_share=1),
                  proj("P3", B, 30, 1, priority=True)],
        linkage=[{"id": "L1", "town": A, "reclaim": 40, "farmland_gain": 35, "cost": 800000}],
        reclamation=[{"id": "R1", "town": B, "quantity": 30, "paddy": 5, "cost": 300000,
                      "divisible": True}],
    )
    d.update(over)
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def digest(folder: Path) -> dict[str, str]:
    return {f: hashlib.sha256((folder / f).read_bytes()).hexdigest() for f in TABLES}


def test_help_for_every_command(tmp_path):
    for cmd in ([], ["run"], ["validate"], ["demo"]):
        r = landplan(*cmd, "--help", cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        assert "Usage" in r.stdout


def test_run_writes_the_run_folder_and_summary(tmp_path):
    s = tiny(tmp_path)
    r = landplan("run", str(s), "--out", "r1", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "optimal" in r.stdout and "大庙镇" in r.stdout
    folder = tmp_path / "r1"
    for f in TABLES + ["summary.json"]:
        assert (folder / f).is_file(), f
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "optimal" and summary["gap"] == 0
    # By hand: P3 (priority) 30 + P2 80 (40 quota + 40 linkage from L1) + P1 25, where P1 is
    # held by farmland credits: 10 held + 20 from R1 (2/3 of it is what the budget leaves).
    # (full precision: to the solver's feasibility tolerance; the tables' 4 decimals say 215)
    assert summary["objective"] == pytest.approx(215.0, abs=1e-5)
    assert summary["objective_parts"]["value"] == 215.0
    c = summary["constraints"]
    assert c["farmland_balance_quantity"]["binding"] and c["reclamation_budget"]["binding"]
    assert not c["county_quota"]["binding"] and c["county_quota"]["use"] == 95.0
    assert summary["inputs"]["tiny.yaml"] == hashlib.sha256(s.read_bytes()).hexdigest()
    assert summary["solver_settings"]["gap_rel"] == 0.0


def test_default_run_folder_is_new_each_time(tmp_path):
    s = tiny(tmp_path)
    for _ in range(2):
        assert landplan("run", str(s), "-q", cwd=tmp_path).returncode == 0
    runs = sorted((tmp_path / "runs").iterdir())
    assert len(runs) == 2 and all((r / "summary.json").exists() for r in runs)


def test_identical_inputs_give_identical_bytes(tmp_path):
    s = tiny(tmp_path)
    assert landplan("run", str(s), "--out", "a", "-q", cwd=tmp_path).returncode == 0
    assert landplan("run", str(s), "--out", "b", "-q", cwd=tmp_path).returncode == 0
    assert digest(tmp_path / "a") == digest(tmp_path / "b")


def test_out_folder_with_a_run_is_refused_and_kept(tmp_path):
    s = tiny(tmp_path)
    assert landplan("run", str(s), "--out", "r1", "-q", cwd=tmp_path).returncode == 0
    before = digest(tmp_path / "r1")
    r = landplan("run", str(s), "--out", "r1", cwd=tmp_path)
    assert r.returncode == 6
    assert "already holds a run" in r.stderr and "Traceback" not in r.stderr
    assert digest(tmp_path / "r1") == before


def test_failed_run_leaves_nothing_behind(tmp_path):
    s = tiny(tmp_path, projects=[proj("P1", A, 50, 1, farmland=-1)])
    r = landplan("run", str(s), "--out", "bad", cwd=tmp_path)
    assert r.returncode == 2
    assert not (tmp_path / "bad").exists()
    assert not any(p.name.endswith(".partial") for p in tmp_path.iterdir())


@pytest.mark.parametrize("text, code, expected", [
    ("name: [unclosed\n", 2, "is not valid YAML at line"),
    ("- just\n- a list\n", 2, "must be a YAML mapping"),
])
def test_bad_yaml_is_a_message_not_a_traceback(tmp_path, text, code, expected):
    p = tmp_path / "bad.yaml"
    p.write_text(text)
    for cmd in ("validate", "run"):
        r = landplan(cmd, str(p), cwd=tmp_path)
        assert r.returncode == code
        assert expected in r.stderr and "Traceback" not in r.stderr + r.stdout


def test_validate_lists_every_problem(tmp_path):
    s = tiny(tmp_path, projects=[proj("P1", A, -50, 1), proj("P1", "341126109", 5, 1)])
    r = landplan("validate", str(s), cwd=tmp_path)
    assert r.returncode == 2
    assert "(1 problem)" in r.stderr or "problems)" in r.stderr
    assert "field `area`: must be greater than 0, got -50" in r.stderr


def test_validate_ok(tmp_path):
    r = landplan("validate", str(tiny(tmp_path)), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "OK" in r.stdout and "no GIS layers given" in r.stdout


def test_infeasible_run_names_the_rules(tmp_path):
    s = tiny(tmp_path, projects=[proj("P1", B, 90, 1, priority=True),
                                 proj("P2", A, 80, 1, priority=True)],
             linkage=[])
    r = landplan("run", str(s), "--out", "inf", "--lang", "en", cwd=tmp_path)
    assert r.returncode == 4, r.stderr
    assert "No allocation satisfies every rule" in r.stderr
    assert "priority projects (重点项目) need 170 mu" in r.stderr
    assert "short by 70 mu" in r.stderr and "Traceback" not in r.stderr
    summary = json.loads((tmp_path / "inf" / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "infeasible" and summary["conflicts"]


def test_cbc_and_highs_agree(tmp_path):
    s = tiny(tmp_path)
    objs, tables = [], []
    for solver in ("cbc", "highs"):
        r = landplan("run", str(s), "--solver", solver, "--out", solver, "-q", cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        summary = json.loads((tmp_path / solver / "summary.json").read_text())
        objs.append(summary["objective"])
        tables.append(summary["objective_parts"]["value"])
    # the objective at full precision carries each solver's feasibility tolerance (HiGHS:
    # 214.999999 where CBC finds 215); to the tables' 4 decimals they agree exactly
    assert objs[0] == pytest.approx(objs[1], rel=1e-9, abs=1e-5)
    assert tables[0] == tables[1]


def test_english_outputs(tmp_path):
    s = tiny(tmp_path, quota={"new_construction": 60})
    assert landplan("run", str(s), "--out", "en", "--lang", "en", "-q", cwd=tmp_path).returncode == 0
    text = (tmp_path / "en" / "allocation.csv").read_text(encoding="utf-8")
    # P2 is stopped by its farmland credits (the rule named, with how far it must move)
    assert ("farmland occupation–compensation balance (quantity) has too little left "
            "(20 of 28 mu used); the limit must move by 10 mu") in text


def test_bureau_style_layer_is_reprojected_and_decoded_with_notes(tmp_path):
    """A towns layer as a GBK shapefile without .cpg, in geographic CGCS2000 (EPSG:4490)."""
    import shutil

    import geopandas as gpd

    root = Path(__file__).resolve().parents[1]
    gis = tmp_path / "gis"
    shutil.copytree(root / "gis", gis)
    towns = gpd.read_file(gis / "towns.gpkg").to_crs("EPSG:4490")
    towns.to_file(gis / "towns.shp", encoding="GBK")
    (gis / "towns.cpg").unlink(missing_ok=True)
    text = (root / "scenarios" / "demo.yaml").read_text(encoding="utf-8")
    (tmp_path / "s").mkdir()
    scen = tmp_path / "s" / "demo.yaml"
    scen.write_text(text.replace("../gis/towns.gpkg", "../gis/towns.shp"), encoding="utf-8")
    r = landplan("validate", str(scen), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "reprojected from" in r.stdout and "EPSG:4490" in r.stdout
    assert "GBK" in r.stdout
    assert "conflict (priority project): P020" in r.stdout


@pytest.mark.parametrize("lang,expected", [
    ("zh", ["没有满足全部规则的方案（3 条）：",
            "放宽以下规则即可使方案可行（这是需要放宽的最少规则）：县级新增建设用地计划指标增加 "
            "70 亩；扣除试点镇单列指标后非试点镇可用的指标（Q − R）增加 20 亩；重点项目需用地 "
            "170 亩（2 个，其中试点镇以外 90 亩），县级计划指标为 100 亩",
            "须增加 70 亩，增至 170 亩（规则 county_quota） — 提高 quota.new_construction"]),
    ("en", ["No allocation satisfies every rule (3 problems):",
            "relaxing these rules makes the scenario feasible (the fewest rules that must move): "
            "the county quota (新增建设用地计划指标) up by 70 mu; the quota left to non-pilot towns "
            "after the pilot earmark (Q − R) up by 20 mu; priority projects (重点项目) need 170 mu "
            "(2 projects, 90 mu outside pilot towns); the quota is 100 mu",
            "record rule county_quota: the rules need 170 mu from the county quota"]),
])
def test_infeasible_run_speaks_the_runs_language(tmp_path, lang, expected):
    s = tiny(tmp_path, projects=[proj("P1", B, 90, 1, priority=True),
                                 proj("P2", A, 80, 1, priority=True)],
             linkage=[])
    r = landplan("run", str(s), "--out", "inf", "--lang", lang, cwd=tmp_path)
    assert r.returncode == 4, r.stderr
    text = " ".join(r.stderr.split())  # rich wraps long lines
    for part in expected:
        assert " ".join(part.split()) in text, (part, r.stderr)
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("lang,expected", [
    ("zh", "放宽以下规则即可使方案可行（这是需要放宽的最少规则）：大庙镇（341126101）乡镇用地上限"
           "增加 40 亩；重点项目需用地 90 亩"),
    ("en", "relaxing these rules makes the scenario feasible (the fewest rules that must move): "
           "the town maximum of 大庙镇 (341126101) up by 40 mu; priority projects (重点项目) need "
           "90 mu"),
])
def test_infeasible_town_maximum_below_its_priority_project(tmp_path, lang, expected):
    s = tiny(tmp_path, towns=[{"code": A, "name": "大庙镇", "pilot": True, "max": 50},
                              {"code": B, "name": "府城镇", "min": 10}],
             projects=[proj("P1", A, 90, 1, priority=True), proj("P2", B, 20, 1)], linkage=[])
    r = landplan("run", str(s), "--out", "inf", "--lang", lang, cwd=tmp_path)
    assert r.returncode == 4, r.stderr
    assert " ".join(expected.split()) in " ".join(r.stderr.split()), r.stderr
    assert "Traceback" not in r.stderr


def test_the_old_datum_warning_comes_first_among_the_notes(tmp_path):
    """Towns in EPSG:4548 (read first: a plain reprojection note) and project sites in Xian 1980
    (EPSG:2384, a ballpark transformation): `validate` and `run` print the warning first."""
    import geopandas as gpd

    from tests.outputs.county import make_county

    scenario = make_county(tmp_path / "county")
    county = scenario.parent
    for name, epsg in (("towns.gpkg", 4548), ("sites.gpkg", 2384)):
        gdf = gpd.read_file(county / name)
        (county / name).unlink()
        gdf.to_crs(f"EPSG:{epsg}").to_file(county / name, engine="pyogrio")
    warning = ("sites.gpkg: warning: reprojected from Xian 1980 / 3-degree Gauss-Kruger CM 117E "
               "(EPSG:2384) to CGCS2000 / 3-degree Gauss-Kruger zone 39 (EPSG:4527) with a "
               "ballpark transformation")
    for args in (["validate", str(scenario)],
                 ["run", str(scenario), "--out", str(tmp_path / "run")]):
        done = landplan(*args, cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        said = " ".join(done.stdout.split())
        notes = said.split(" note: ")[1:]
        assert len(notes) >= 2, said
        assert notes[0].startswith(str(county / warning)), said
        assert any("towns.gpkg: reprojected from CGCS2000 / 3-degree Gauss-Kruger CM 117E "
                   "(EPSG:4548)" in n for n in notes[1:]), said
        if args[0] == "validate":  # each overlap in m² with 亩 alongside
            assert re.search(r"ineligible: P4 [^:]+: outside_park [\d,]+ m² \([\d.,]+ 亩\)", said)
            assert re.search(r"conflict \(priority project\): P5 [^:]+: ecological_red_line "
                             r"[\d,]+ m² \([\d.,]+ 亩\)", said), said


def test_report_takes_org_date_and_the_bureau_template(tmp_path):
    """`landplan report RUN --org --date --template`: the cover names the 编制单位 and date, the
    docx has the template's header and table style; a file that is not a .docx is exit 2 with
    the file named, before any file is written."""
    from docx import Document

    from tests.data.make_bureau_template import HEADER, TABLE_STYLE

    template = Path(__file__).parent / "data" / "bureau.docx"
    assert landplan("run", str(tiny(tmp_path)), "--out", "run", cwd=tmp_path).returncode == 0
    r = landplan("report", "run", "--org", "测试县自然资源和规划局", "--date", "2026年5月20日",
                 "--template", str(template), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    md = (tmp_path / "run" / "report.md").read_text(encoding="utf-8")
    assert "编制单位：测试县自然资源和规划局" in md and "编制日期：2026年5月20日" in md
    doc = Document(str(tmp_path / "run" / "report.docx"))
    assert HEADER in doc.sections[0].header.paragraphs[0].text
    assert {t.style.name for t in doc.tables} == {TABLE_STYLE}
    (tmp_path / "red.doc").write_bytes(b"not a docx")
    before = (tmp_path / "run" / "report.md").stat().st_mtime_ns
    r = landplan("report", "run", "--template", "red.doc", cwd=tmp_path)
    assert r.returncode == 2 and "red.doc" in r.stdout + r.stderr
    assert "--template: the Word template cannot be opened" in r.stdout + r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    assert (tmp_path / "run" / "report.md").stat().st_mtime_ns == before
