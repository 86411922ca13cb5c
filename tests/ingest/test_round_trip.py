"""The workbook and the scenario go round without loss: `export-projects` finds the run's
scenario in its folder when the file has moved, and `import-projects` of the exported workbook
keeps what the planner wrote into the YAML by hand (links, tags, attributes, costs, minimum
areas) and every comment."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

import landplan.cli as cli
from landplan.errors import ScenarioError
from landplan.ingest import export_projects, import_lists, init_scenario, yamltext
from landplan.run import run
from tests.ingest.bureau import WORKBOOK, demo_data, fill_in_quota

# hand-written into the scenario after the import: no column of the workbook carries them
BY_HAND = {
    "P001": {"requires": ["P002"], "tags": ["园区A"], "attributes": {"water": 300.0},
             "cost": 1200000, "min_area": 20},
    "P002": {"excludes": ["P003"], "tags": ["园区A", "一期"], "attributes": {"water": 40.5,
                                                                        "energy": 7.0}},
    "P010": {"cost": 850000},
}
COMMENTS = ("# 规划科：指标以市局文件为准\n", "  # 县政府常务会议确定\n")


@pytest.fixture(scope="module")
def planner(bureau_folder, tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("round")
    scenario = work / "scenarios" / "fengyang-2026.yaml"
    init_scenario(bureau_folder, scenario, year=2026)
    import_lists(bureau_folder / WORKBOOK, scenario)
    fill_in_quota(scenario, demo_data())
    sheet = work / WORKBOOK
    shutil.copyfile(bureau_folder / WORKBOOK, sheet)
    folder = work / "runs" / "first"
    run(scenario, out=folder, whynot=False, marginal=False, maps=False)
    return {"work": work, "scenario": scenario, "sheet": sheet, "run": folder}


def _by_hand(scenario: Path, dst: Path) -> Path:
    """The scenario with BY_HAND written into its projects and the planner's comments, one
    at the top and one inside the quota section."""
    text = scenario.read_text(encoding="utf-8")
    projects = yaml.safe_load(text)["projects"]
    for p in projects:
        p.update(BY_HAND.get(p["id"], {}))
    text = yamltext.replace_section(text, "projects", yamltext.section("projects", projects))
    text = COMMENTS[0] + text.replace("quota:\n", "quota:\n" + COMMENTS[1], 1)
    dst.write_text(text, encoding="utf-8")
    return dst


def test_reimport_of_the_exported_workbook_keeps_the_fields_written_by_hand(planner, tmp_path):
    scenario = _by_hand(planner["scenario"], tmp_path / "s.yaml")
    before = yaml.safe_load(scenario.read_text(encoding="utf-8"))
    done = export_projects(planner["sheet"], planner["run"], tmp_path / "out.xlsx",
                           scenario=scenario)
    added = ["最小供地面积（亩）", "征地补偿（元）", "前置项目", "互斥项目", "项目标签", "属性：water",
             "属性：energy"]
    assert done.policy == added
    assert ("columns added for fields the scenario holds and the sheet did not: "
            + ", ".join(added)) in done.lines()
    ws = load_workbook(done.out)["项目清单"]
    heads = [c.value for c in ws[2]]
    p002 = next(r for r in ws.iter_rows(min_row=3, values_only=True) if r[1] == "P002")
    assert [p002[heads.index(h)] for h in added] == [None, None, None, "P003", "园区A、一期",
                                                     40.5, 7]
    assert heads.index("属性：energy") < heads.index("安排面积（亩）")  # then the allocation
    exported = done.out
    report = import_lists(exported, scenario)
    assert report.counts == {"projects": 100, "linkage": 10, "reclamation": 8}
    text = scenario.read_text(encoding="utf-8")
    after = yaml.safe_load(text)
    assert after == before  # every field, every record, nothing else changed
    mine = {p["id"]: p for p in after["projects"]}
    for pid, fields in BY_HAND.items():
        assert {k: mine[pid][k] for k in fields} == fields, pid
    assert text.startswith(COMMENTS[0]) and COMMENTS[1] in text
    p001 = text[text.index("- id: P001"):text.index("- id: P002")]
    assert p001.index("min_area") < p001.index("priority") < p001.index("cost") \
        < p001.index("requires") < p001.index("tags") < p001.index("attributes")  # contract order


def test_the_workbook_decides_the_fields_it_has_a_column_for(planner, tmp_path):
    scenario = _by_hand(planner["scenario"], tmp_path / "s.yaml")
    sheet = tmp_path / "edited.xlsx"
    wb = load_workbook(planner["sheet"])
    ws = wb["项目清单"]
    heads = [c.value for c in ws[2]]
    area = next(i for i, h in enumerate(heads, 1) if str(h).startswith("用地面积"))
    ws.cell(3, area).value = 99  # P001's area, changed in the workbook
    wb.save(sheet)
    import_lists(sheet, scenario)
    p001 = next(p for p in yaml.safe_load(scenario.read_text(encoding="utf-8"))["projects"]
                if p["id"] == "P001")
    assert p001["area"] == 99
    assert {k: p001[k] for k in BY_HAND["P001"]} == BY_HAND["P001"]

    exported = export_projects(sheet, planner["run"], tmp_path / "out.xlsx",
                               scenario=scenario).out
    wb = load_workbook(exported)
    ws = wb["项目清单"]
    heads = [c.value for c in ws[2]]
    ws.cell(3, heads.index("前置项目") + 1).value = "P004，P005"  # the links, edited in the sheet
    ws.cell(3, heads.index("属性：water") + 1).value = None
    wb.save(exported)
    import_lists(exported, scenario)
    p001 = next(p for p in yaml.safe_load(scenario.read_text(encoding="utf-8"))["projects"]
                if p["id"] == "P001")
    assert p001["requires"] == ["P004", "P005"]
    assert "attributes" not in p001  # its one attribute emptied in the sheet
    assert p001["tags"] == ["园区A"] and p001["cost"] == 1200000


def test_a_sheet_without_ids_keeps_fields_only_for_the_same_project(planner, tmp_path):
    scenario = _by_hand(planner["scenario"], tmp_path / "s.yaml")
    sheet = tmp_path / "no-ids.xlsx"
    wb = load_workbook(planner["sheet"])
    ws = wb["项目清单"]
    col = next(i for i, c in enumerate(ws[2], 1) if c.value == "项目编号")
    ws.cell(3, 3).value, ws.cell(4, 3).value = ws.cell(4, 3).value, ws.cell(3, 3).value
    ws.delete_cols(col)  # ids are numbered by row: P001 is now the second project's row
    wb.save(sheet)
    import_lists(sheet, scenario)
    mine = {p["id"]: p for p in yaml.safe_load(scenario.read_text(encoding="utf-8"))["projects"]}
    assert "requires" not in mine["P001"] and "excludes" not in mine["P002"]  # names differ
    assert mine["P010"]["cost"] == 850000  # same row, same name


def _moved(run_folder: Path, dst: Path, file: str) -> Path:
    """A copy of the run folder whose summary.json says the scenario was at `file`."""
    shutil.copytree(run_folder, dst)
    path = dst / "summary.json"
    summary = json.loads(path.read_text(encoding="utf-8"))
    summary["scenario"]["file"] = file
    path.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    return dst


def test_export_uses_the_runs_own_scenario_when_the_file_has_moved(planner, tmp_path):
    folder = _moved(planner["run"], tmp_path / "run", str(tmp_path / "gone" / "s.yaml"))
    report = export_projects(planner["sheet"], folder, tmp_path / "out.xlsx")
    assert report.rows["项目清单"] == 100
    assert report.lines()[0] == (
        f"note: the scenario file is no longer where it was ({tmp_path / 'gone' / 's.yaml'}): "
        f"using the copy kept in the run folder ({folder / 'scenario.yaml'})")
    r = CliRunner().invoke(cli.app, ["export-projects", str(planner["sheet"]), "--run",
                                     str(folder), "--out", str(tmp_path / "cli.xlsx")])
    assert r.exit_code == 0, r.output
    assert "using the copy kept in the run folder" in " ".join(r.output.split())


def test_export_uses_the_runs_own_scenario_when_the_file_has_changed(planner, tmp_path):
    changed = tmp_path / planner["scenario"].name
    changed.write_text(planner["scenario"].read_text(encoding="utf-8") + "# edited\n",
                       encoding="utf-8")
    folder = _moved(planner["run"], tmp_path / "run", str(changed))
    report = export_projects(planner["sheet"], folder, tmp_path / "out.xlsx")
    assert report.notes == [f"the scenario file changed since this run: using the copy kept "
                            f"in the run folder ({folder / 'scenario.yaml'})"]


def test_export_without_scenario_or_copy_asks_for_it(planner, tmp_path):
    folder = _moved(planner["run"], tmp_path / "run", str(tmp_path / "gone.yaml"))
    (folder / "scenario.yaml").unlink()
    with pytest.raises(ScenarioError) as err:
        export_projects(planner["sheet"], folder, tmp_path / "out.xlsx")
    assert str(err.value.problems[0]) == (
        f"{folder}: the scenario of this run is no longer where it was ({tmp_path / 'gone.yaml'}),"
        " and the run folder keeps no copy (scenario.yaml) — give it with --scenario: it holds "
        "the towns and headings the import used")
    report = export_projects(planner["sheet"], folder, tmp_path / "out.xlsx",
                             scenario=planner["scenario"])
    assert report.notes == []
