"""From the bureau's folder to the first allocation, as a planner would go: init, import the
workbook, fill in the quota, validate, run; the allocation equals the hand-written demo's on
the same data. Then the workbook comes back with the allocation filled in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

import landplan.cli as cli
from landplan.ingest import export_projects, import_lists, init_scenario
from landplan.run import run
from tests.ingest.bureau import BAD_ROWS, WORKBOOK, demo_data, fill_in_quota

TABLES = ("allocation.csv", "towns.csv", "linkage.csv", "reclamation.csv", "constraints.csv")


@pytest.fixture(scope="module")
def planner(bureau_folder, tmp_path_factory) -> dict:
    """The planner's session: init, import, quota typed in; the scenario and the reports."""
    work = tmp_path_factory.mktemp("planner")
    scenario = work / "scenarios" / "fengyang-2026.yaml"
    init = init_scenario(bureau_folder, scenario, year=2026)
    after_init = scenario.read_text(encoding="utf-8")
    imported = import_lists(bureau_folder / WORKBOOK, scenario)
    fill_in_quota(scenario, demo_data())
    return {"scenario": scenario, "init": init, "import": imported, "after_init": after_init,
            "work": work}  # fmt: skip


@pytest.fixture(scope="module")
def bureau_run(planner) -> Path:
    out = planner["work"] / "runs" / "first"
    run(planner["scenario"], out=out, whynot=False)
    return out


def test_init_wires_every_layer_of_the_folder(planner):
    text = planner["after_init"]
    layers = yaml.safe_load(text)["layers"]
    assert layers["towns"] == "../../bureau0/凤阳县自然资源局/乡镇界线/XZQ.shp|code=XZQDM"
    assert layers["landuse"].endswith("/2023年度国土变更调查.gdb|layername=DLTB")
    assert layers["urban_development_boundary"].endswith("三区三线划定成果.gdb|layername=CZKFBJ")
    assert layers["permanent_basic_farmland"].endswith("三区三线划定成果.gdb|layername=YJJBNTBHTB")
    assert layers["ecological_red_line"].endswith("三区三线划定成果.gdb|layername=STBHHX")
    assert layers["industrial_parks"].endswith("工业园区.geojson")
    assert layers["project_sites"].endswith("项目用地红线.shp|id=XMBH")
    assert layers["linkage_parcels"].endswith("增减挂钩拆旧地块.gpkg|id=XMBH")
    assert layers["reclamation_sites"].endswith("补充耕地项目.gpkg|id=XMBH")
    assert layers["landuse_deduction_field"] == "KCXS"


def test_init_comments_every_guess(planner):
    text = planner["after_init"]
    assert "乡镇界线/XZQ.shp|code=XZQDM  # 乡镇界线 towns: name " \
        "contains `xzq`; 9-digit town codes in `XZQDM`; covers the county; no .cpg: read text " \
        "as GBK (GB18030)" in text  # fmt: skip
    assert "crs: EPSG:4527  # CGCS2000 / 3-degree Gauss-Kruger zone 39, the CRS of " \
        "2023年度国土变更调查.gdb|layername=DLTB" in text  # fmt: skip
    assert "code: '341126'  # from the county boundary layer" in text
    assert "name: 凤阳县\n" in text
    assert "new_construction: null  # TO DO: Q 新增建设用地计划指标 (mu)" in text
    assert "# not used" not in text  # the line layer of boundaries is not offered as a polygon
    data = yaml.safe_load(text)
    assert [t["name"] for t in data["towns"]][:3] == [
        "府城镇",
        "临淮关镇",
        "武店镇",
    ]  # GBK read right


def test_init_lists_what_it_could_not_decide(planner):
    report = planner["init"]
    assert any(u.startswith("quota.new_construction") for u in report.undecided)
    assert any(u.startswith("reclamation_budget") for u in report.undecided)
    assert not any(u.startswith("layers.") for u in report.undecided)
    assert "2023年度国土变更调查.gdb|layername=XZQJX: MultiLineString geometry: landplan uses " \
        "polygons" in "\n".join(report.notes)  # fmt: skip
    assert report.still_missing == [
        f"{report.scenario}, record quota, field `new_construction`: is empty — fill in the "
        "value (marked TO DO)"
    ]
    sheets = "\n".join(report.sheets)
    assert "项目清单 projects (项目清单, 100 rows)" in sheets
    assert "4 rows cannot be read yet; import with: landplan import-projects" in sheets


def test_import_reports_each_row_it_cannot_read(planner):
    report = planner["import"]
    assert report.counts == {"projects": 100, "linkage": 10, "reclamation": 8}
    assert report.towns_updated == 12
    got = [str(p) for p in report.problems]
    assert got == [
        "sheet 项目清单, row 103, column F (用地面积（亩）): '待定' is not a number",
        "sheet 项目清单, row 104, column D (所在乡镇): '大苗镇' matches no town; closest: 大庙镇",
        "sheet 项目清单, row 105, column E (项目类型): '其它' is not a project type landplan knows: "
        "use 重点项目, 民生项目, 基础设施, 工业, 商服 or 住宅, or add the word to `category_aliases` "
        "in the scenario (docs/bureau-data.md lists the words understood)",
        "sheet 项目清单, row 106, column I (占用耕地（亩）): `farmland` (25) must not exceed `area` (20)",
    ]
    assert len(got) == len(BAD_ROWS)
    assert "sheet 项目清单: row 107 is a total (合计) and was passed over" in report.notes
    text = planner["scenario"].read_text(encoding="utf-8")
    assert "#   sheet 项目清单, row 104, column D (所在乡镇): '大苗镇' matches no town" in text
    assert "# TO DO: the year's quota" in text  # init's comments are still there
    assert report.backup is not None and report.backup.is_file()


def test_imported_scenario_equals_the_demo_records(planner):
    mine = yaml.safe_load(planner["scenario"].read_text(encoding="utf-8"))
    demo = demo_data()
    for section in ("projects", "linkage", "reclamation"):
        assert mine[section] == [
            {k: v for k, v in r.items() if not (k == "min_share" and v == 0 and k not in m)}
            | {k: m[k] for k in m if k not in r}
            for r, m in zip(demo[section], mine[section], strict=True)
        ], section
    towns = {t["code"]: t for t in mine["towns"]}
    for t in demo["towns"]:
        assert towns[t["code"]] == t


def test_validate_runs_clean(planner):
    result = CliRunner().invoke(cli.app, ["validate", str(planner["scenario"])])
    assert result.exit_code == 0, result.output
    text = "".join(result.output.split())  # rich wraps long lines
    assert text.startswith("OK") and "100projects,10linkage,8reclamation" in text
    assert "XZQ.shp:no.cpg:readtextasGBK(GB18030)" in text


def test_allocation_equals_the_demo_scenario(bureau_run, demo_run):
    import json

    notes = "\n".join(
        json.loads((bureau_run / "summary.json").read_text(encoding="utf-8"))["notes"]
    )
    assert "without deducting field ridges" not in notes  # KCXS read from the File Geodatabase
    for name in TABLES:
        mine, demo = pd.read_csv(bureau_run / name), pd.read_csv(demo_run / name)
        pd.testing.assert_frame_equal(mine, demo, check_exact=False, rtol=1e-9, obj=name)


def test_export_fills_the_bureau_sheet(bureau_folder, bureau_run, tmp_path):
    sheet = tmp_path / WORKBOOK
    shutil.copyfile(bureau_folder / WORKBOOK, sheet)
    report = export_projects(sheet, bureau_run)
    assert report.out == tmp_path / "2026年建设项目用地需求_安排结果.xlsx"
    assert report.rows == {"项目清单": 100, "增减挂钩项目": 10, "补充耕地项目": 8, "乡镇指标": 12}
    ws = load_workbook(report.out)["项目清单"]
    heads = [c.value for c in ws[2]]
    assert heads[-7:] == ["安排面积（亩）", "其中：计划指标（亩）", "其中：挂钩指标（亩）",
                          "安排占用耕地（亩）", "安排占用水田（亩）", "保障情况", "原因说明"]  # fmt: skip
    alloc = pd.read_csv(bureau_run / "allocation.csv").set_index("project_id")
    rows = {r[1]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    assert rows["P001"][heads.index("安排面积（亩）")] == alloc.loc["P001", "allocated"]
    assert rows["P100"][heads.index("保障情况")] == "未获指标"
    assert rows["X02"][heads.index("保障情况")] == "未导入"
    assert (
        rows["X02"][heads.index("原因说明")]
        == "所在乡镇: '大苗镇' matches no town; closest: 大庙镇"
    )
    total = next(r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] == "合计")
    assert total[heads.index("安排面积（亩）")] == pytest.approx(alloc["allocated"].sum())
    assert total[5] == "=SUM(F3:F106)"  # the bureau's formula is still a formula
    assert load_workbook(sheet)["项目清单"].max_column == 15  # the original is untouched


def test_export_again_fills_the_same_columns_and_reimports(planner, bureau_run, tmp_path):
    first = export_projects(planner["import"].workbook, bureau_run, tmp_path / "a.xlsx").out
    second = export_projects(first, bureau_run, tmp_path / "b.xlsx").out
    assert (
        load_workbook(second)["项目清单"].max_column == load_workbook(first)["项目清单"].max_column
    )
    copy = tmp_path / "s.yaml"
    shutil.copyfile(planner["scenario"], copy)
    report = import_lists(second, copy)
    assert report.counts == {"projects": 100, "linkage": 10, "reclamation": 8}
    assert yaml.safe_load(copy.read_text(encoding="utf-8")) == yaml.safe_load(
        planner["scenario"].read_text(encoding="utf-8")
    )


def test_export_refuses_to_overwrite(planner, bureau_run, tmp_path):
    out = tmp_path / "done.xlsx"
    out.write_bytes(b"the bureau's file")
    from landplan.errors import RunFolderError

    with pytest.raises(RunFolderError, match="done.xlsx: already exists; nothing was written"):
        export_projects(planner["import"].workbook, bureau_run, out)
    assert out.read_bytes() == b"the bureau's file"


def _edited(src: Path, dst: Path, edit) -> Path:
    wb = load_workbook(src)
    edit(wb["项目清单"])
    wb.save(dst)
    return dst


def test_export_leaves_out_rows_that_are_not_the_runs_project(bureau_folder, bureau_run, tmp_path):
    def swap(ws):  # rows 3 and 4 trade names: the ids stay, the projects do not
        ws["C3"].value, ws["C4"].value = ws["C4"].value, ws["C3"].value
        ws["F5"] = ws["F5"].value + 7

    sheet = _edited(bureau_folder / WORKBOOK, tmp_path / "b.xlsx", swap)
    names = load_workbook(sheet)["项目清单"]
    report = export_projects(sheet, bureau_run, tmp_path / "o.xlsx")
    assert report.rows["项目清单"] == 97
    assert [d.split(":")[0] for d in report.disagree] == [
        "sheet 项目清单, row 3", "sheet 项目清单, row 4", "sheet 项目清单, row 5"]
    assert report.disagree[0] == (f"sheet 项目清单, row 3: P001: name {names['C3'].value!r} in "
                                  f"the sheet, {names['C4'].value!r} in the run")  # fmt: skip
    assert "area" in report.disagree[2] and "in the run" in report.disagree[2]
    assert any(line.startswith("3 rows differ from the run") for line in report.lines())
    ws = load_workbook(report.out)["项目清单"]
    heads = [c.value for c in ws[2]]
    assert ws.cell(3, heads.index("安排面积（亩）") + 1).value is None
    assert ws.cell(3, heads.index("保障情况") + 1).value == "与本次方案不符"
    assert ws.cell(6, heads.index("保障情况") + 1).value is not None


def test_export_of_another_lists_run_is_refused_and_writes_nothing(bureau_folder, bureau_run,
                                                                   tmp_path):  # fmt: skip
    def other_list(ws):  # another workbook, no 项目编号: P001.. by row order, other projects
        for r in range(3, 103):
            ws.cell(r, 3).value = f"另一个项目{r}"

    sheet = _edited(bureau_folder / WORKBOOK, tmp_path / "other.xlsx", other_list)
    from landplan.errors import RunFolderError

    with pytest.raises(RunFolderError) as err:
        export_projects(sheet, bureau_run, tmp_path / "o.xlsx")
    text = str(err.value)
    assert "other.xlsx, record sheet 项目清单: 100 of 100 rows differ from the run" in text
    assert "row 3: P001: name '另一个项目3' in the sheet" in text
    assert "the run was not made from this list; nothing was written" in text
    assert "give the run made from this workbook" in text
    assert not (tmp_path / "o.xlsx").exists()
    r = CliRunner().invoke(cli.app, ["export-projects", str(sheet), "--run", str(bureau_run),
                                     "--out", str(tmp_path / "o.xlsx")])  # fmt: skip
    assert r.exit_code == 6, r.output
    assert "Traceback" not in r.output and "100 of 100 rows differ" in " ".join(r.output.split())


def _with_computed_values(path: Path, values: dict[str, float]) -> None:
    """Put into each formula cell the value Excel would have computed (openpyxl writes none)."""
    import re
    import zipfile

    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                for ref, v in values.items():
                    text = re.sub(rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)<v\s*/?>(</v>)?',
                                  rf"\g<1><v>{v}</v>", text)  # fmt: skip
                data = text.encode("utf-8")
            dst.writestr(item, data)
    tmp.replace(path)


def test_areas_computed_by_formulas_survive_the_export_and_import_again(planner, bureau_folder,
                                                                        bureau_run, tmp_path):  # fmt: skip
    """用地面积 as `=P3*15` (hectares in column P): the export writes the values, so its
    re-import reads the same areas as the original."""
    src = load_workbook(bureau_folder / WORKBOOK)
    ws = src["项目清单"]
    values = {}
    for r in range(3, 103):
        area = ws.cell(r, 6).value
        ws.cell(r, 16).value = area / 15
        ws.cell(r, 6).value = f"=P{r}*15"
        values[f"F{r}"] = area
    sheet = tmp_path / "formulas.xlsx"
    src.save(sheet)
    _with_computed_values(sheet, values)
    copy = tmp_path / "s.yaml"
    shutil.copyfile(planner["scenario"], copy)
    assert import_lists(sheet, copy).counts["projects"] == 100  # the computed values are read
    report = export_projects(sheet, bureau_run, tmp_path / "out.xlsx", scenario=copy)
    assert report.rows["项目清单"] == 100 and not report.disagree
    assert report.formulas == 100
    assert "100 formula cells in columns landplan reads were written as their values, so the " \
        "workbook can be imported again" in report.lines()  # fmt: skip
    out = load_workbook(report.out)["项目清单"]
    assert out["F3"].value == values["F3"] and out["P3"].value == pytest.approx(values["F3"] / 15)
    assert out["F107"].value.startswith("=SUM(")  # the 合计 formula stays a formula
    again = tmp_path / "again.yaml"
    shutil.copyfile(planner["scenario"], again)
    assert import_lists(report.out, again).counts["projects"] == 100
    assert yaml.safe_load(again.read_text(encoding="utf-8"))["projects"] == \
        yaml.safe_load(copy.read_text(encoding="utf-8"))["projects"]  # fmt: skip


def test_export_into_a_folder_that_does_not_exist(planner, bureau_run):
    r = CliRunner().invoke(cli.app, ["export-projects", str(planner["import"].workbook), "--run",
                                     str(bureau_run), "--out", "/nonexistent/dir/o.xlsx"])  # fmt: skip
    assert r.exit_code == 6, r.output
    text = " ".join(r.output.split())
    assert "/nonexistent/dir/o.xlsx: cannot be written (No such file or directory); nothing was " \
        "written — give --out in a folder that exists and that you may write to" in text  # fmt: skip
    assert "Traceback" not in r.output and "internal error" not in r.output
