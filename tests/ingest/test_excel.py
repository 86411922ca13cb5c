"""Project lists from Excel: headings by the alias table, units, towns by name or code, and a
clear message for every row or column that cannot be read; a failed import changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from landplan.errors import ScenarioError
from landplan.ingest import SheetError, import_lists, read_workbook
from landplan.ingest.aliases import TABLES, normalise
from landplan.ingest.towns import TownIndex
from landplan.scenario.load import parse_scenario

TOWNS = {
    "341126101": "府城镇",
    "341126102": "临淮关镇",
    "341126105": "大庙镇",
    "341126110": "板桥镇",
}
HEADS = ["项目名称", "所在乡镇", "项目类型", "用地面积(亩)", "总投资(万元)"]


def workbook(path: Path, rows: list[list], heads: list[str] = HEADS, title: str = "项目清单",
             more: dict[str, list[list]] | None = None) -> Path:  # fmt: skip
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(heads)
    for r in rows:
        ws.append(r)
    for name, sheet_rows in (more or {}).items():
        extra = wb.create_sheet(name)
        for r in sheet_rows:
            extra.append(r)
    wb.save(path)
    return path


def scenario(path: Path, **extra) -> Path:
    data = {"name": "t", "year": 2026, "county": {"code": "341126", "name": "凤阳县"},
            "crs": "EPSG:4527", "quota": {"new_construction": 100},
            "towns": [{"code": c, "name": n} for c, n in TOWNS.items()], "projects": []} | extra  # fmt: skip
    path.write_text("# my own notes\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")  # fmt: skip
    return path


def read(path: Path, **kw):
    return read_workbook(path, TOWNS, **kw)


# --- headings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "expected"),
    [("用地面积（亩）", ("用地面积", "亩")), ("用地面积\n(公顷)", ("用地面积", "公顷")),
     ("其中：水田（亩）", ("水田", "亩")), (" 项目 名称 ", ("项目名称", None)),
     ("总投资/万元", ("总投资", "万元")), ("Area", ("area", None))],
)  # fmt: skip
def test_headings_are_compared_without_width_spaces_or_units(heading, expected):
    assert normalise(heading) == expected


def test_every_alias_table_names_real_fields():
    from landplan.scenario.schema import Linkage, Project, Reclamation

    models = {"projects": Project, "linkage": Linkage, "reclamation": Reclamation}
    for kind, model in models.items():
        extra = {"town_code"}
        assert {c.field for c in TABLES[kind]} - extra <= set(model.model_fields), kind


def test_title_row_above_the_headings_and_a_total_row(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["凤阳县2026年度建设项目用地需求表"])
    ws.append([])
    ws.append(["序号", *HEADS])
    ws.append([1, "大庙镇石英砂项目", "大庙镇", "工业", 120, 36000])
    ws.append(["合计", None, None, None, 120, 36000])
    wb.save(tmp_path / "a.xlsx")
    (sheet,) = read(tmp_path / "a.xlsx").lists
    assert (sheet.kind, sheet.header_row, sheet.totals) == ("projects", 3, [5])
    assert sheet.records == [{"name": "大庙镇石英砂项目", "category": "industrial", "area": 120,
                              "investment": 36000, "town": "341126105", "id": "P001"}]  # fmt: skip


def test_units_in_headings_are_converted(tmp_path):
    path = workbook(tmp_path / "u.xlsx", [["一号项目", "府城镇", "商服", 2, 3]],
                    ["项目名称", "乡镇", "类型", "申请面积（公顷）", "投资额（亿元）"])  # fmt: skip
    (sheet,) = read(path).lists
    assert sheet.records[0]["area"] == 30 and sheet.records[0]["investment"] == 30000
    (sheet,) = read(path, units="ha").lists
    assert sheet.records[0]["area"] == 2


def test_heading_without_unit_is_read_in_the_contract_unit_with_a_note(tmp_path):
    path = workbook(tmp_path / "n.xlsx", [["一号项目", "府城镇", "商服", 2, 3]],
                    ["项目名称", "乡镇", "类型", "用地面积", "总投资"])  # fmt: skip
    (sheet,) = read(path).lists
    assert sheet.notes == [
        "`用地面积` has no unit: read as 亩",
        "`总投资` has no unit: read as 万元",
    ]


def test_min_area_and_land_cost_columns(tmp_path):
    path = workbook(tmp_path / "c.xlsx", [["一号项目", "府城镇", "商服", 30, 1.5, 120]],
                    ["项目名称", "乡镇", "类型", "用地面积(亩)", "最小供地面积(公顷)",
                     "征地补偿(万元)"])  # fmt: skip
    (sheet,) = read(path).lists
    rec = sheet.records[0]
    assert (rec["min_area"], rec["cost"]) == (22.5, 1_200_000)


def test_unknown_unit_stops_the_import(tmp_path):
    path = workbook(tmp_path / "x.xlsx", [["一号项目", "府城镇", "商服", 2, 3]],
                    ["项目名称", "乡镇", "类型", "用地面积(亩)", "总投资(美元)"])  # fmt: skip
    with pytest.raises(
        SheetError, match=r"the unit `美元` of `总投资\(美元\)` is not a unit of money"
    ):
        read(path)


def test_shares_flags_and_category_words(tmp_path):
    heads = [
        "项目名称",
        "乡镇",
        "项目类别",
        "用地面积(亩)",
        "最低供地比例",
        "是否重点项目",
        "就业人数",
    ]
    rows = [["A", "府城镇", "工矿仓储用地", 10, "50%", "是", "120人"],
            ["B", "府城镇", "公共服务", 10, "整体供地", "否", 3],
            ["C", "府城镇", "保障性住房", 10, 0.25, "√", None]]  # fmt: skip
    (sheet,) = read(workbook(tmp_path / "s.xlsx", rows, heads)).lists
    got = [(r["category"], r["min_share"], r["priority"]) for r in sheet.records]
    assert got == [("industrial", 0.5, True), ("livelihood", 1, False), ("residential", 0.25, True)]
    assert sheet.records[0]["jobs"] == 120


# --- towns ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["大庙镇", "大庙", " 大庙镇 ", 341126105, 341126105.0,
                                   "341126105", "341126105003"])  # fmt: skip
def test_town_by_name_or_code(value):
    assert TownIndex(TOWNS).match(value).code == "341126105"


def test_town_that_matches_none_names_the_closest():
    m = TownIndex(TOWNS).match("大苗镇")
    assert m.code is None and m.why == "matches no town; closest: 大庙镇"
    m = TownIndex(TOWNS).match("341126109")
    assert m.why == (
        "is not the code of a town of the scenario; closest: 341126110 (板桥镇), "
        "341126105 (大庙镇), 341126102 (临淮关镇)"
    )


# --- bad input ------------------------------------------------------------------------------


def test_missing_required_column_says_which_and_changes_nothing(tmp_path):
    path = workbook(tmp_path / "m.xlsx", [["一号项目", "府城镇", "商服", 2]],
                    ["项目名称", "所在乡镇", "项目类型", "面 积 说 明", "总投资(万元)"])  # fmt: skip
    target = scenario(tmp_path / "s.yaml")
    before = target.read_bytes()
    with pytest.raises(SheetError) as exc:
        import_lists(path, target)
    assert str(exc.value) == (
        f"{path}, record sheet 项目清单: has no column for 用地面积 (`area`), which a 项目清单 "
        "projects list needs — did you mean `面 积 说 明`? name a column 用地面积(亩), or add the heading the sheet uses to "
        "`project_aliases.area` in the scenario; headings in row 1: 项目名称, 所在乡镇, 项目类型, "
        "面 积 说 明, 总投资(万元)"
    )
    assert exc.value.exit_code == 2
    assert target.read_bytes() == before and not (tmp_path / "s.yaml.bak").exists()


def test_project_aliases_in_the_scenario_extend_the_table(tmp_path):
    path = workbook(tmp_path / "m.xlsx", [["一号项目", "府城镇", "商服", 2, 3]],
                    ["项目名称", "所在乡镇", "项目类型", "申请用地规模（亩）", "总投资(万元)"])  # fmt: skip
    target = scenario(tmp_path / "s.yaml", project_aliases={"area": ["申请用地规模"]})
    report = import_lists(path, target)
    assert report.counts == {"projects": 1}
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["projects"][0]["area"] == 2


def test_unknown_alias_key(tmp_path):
    path = workbook(tmp_path / "m.xlsx", [["一号项目", "府城镇", "商服", 2, 3]])
    target = scenario(tmp_path / "s.yaml", project_aliases={"areas": ["申请用地规模"]})
    with pytest.raises(SheetError, match=r"`project_aliases.areas` names no field of a list; did "
                       r"you mean `area`\?"):  # fmt: skip
        import_lists(path, target)


def test_category_aliases_in_the_scenario_add_the_bureaus_words(tmp_path):
    rows = [["古城文旅综合体", "府城镇", "文旅项目", 20, 3000],
            ["老街文旅街区", "府城镇", "文旅", 5, 800],
            ["康养中心", "临淮关镇", "康养用地", 8, 900],
            ["一号厂房", "大庙镇", "工业", 10, 100]]  # fmt: skip
    target = scenario(tmp_path / "s.yaml", category_aliases={"文旅项目": "commercial",
                                                             "康养": "livelihood"})
    report = import_lists(workbook(tmp_path / "c.xlsx", rows), target)
    assert report.problems == []
    projects = yaml.safe_load(target.read_text(encoding="utf-8"))["projects"]
    assert [p["category"] for p in projects] == [
        "commercial", "commercial", "livelihood", "industrial"
    ]
    data = yaml.safe_load(target.read_text(encoding="utf-8")) | {"projects": []}
    assert parse_scenario(data).category_aliases == {"文旅项目": "commercial", "康养": "livelihood"}


def test_an_unknown_project_type_names_the_closest_known_words(tmp_path):
    rows = [["古城文旅综合体", "府城镇", "文旅项目", 20, 3000],
            ["一号厂房", "大庙镇", "工业", 10, 100]]  # fmt: skip
    report = import_lists(workbook(tmp_path / "c.xlsx", rows), scenario(tmp_path / "s.yaml"))
    assert [str(p) for p in report.problems] == [
        "sheet 项目清单, row 2, column C (项目类型): '文旅项目' is not a project type landplan "
        "knows; closest: 旅游 (commercial), 文化 (livelihood): use 重点项目, 民生项目, 基础设施, "
        "工业, 商服 or 住宅, or add the word to `category_aliases` in the scenario "
        "(docs/bureau-data.md lists the words understood)"
    ]
    assert report.counts == {"projects": 1}


def test_category_aliases_closest_words_include_the_scenarios_own():
    from landplan.ingest.excel import category

    with pytest.raises(ValueError, match=r"'?closest: 文旅项目 \(commercial\)"):
        category("文旅用地区", {"文旅项目": "commercial"})


def test_a_category_alias_must_name_a_category(tmp_path):
    path = workbook(tmp_path / "m.xlsx", [["一号项目", "府城镇", "文旅项目", 2, 3]])
    target = scenario(tmp_path / "s.yaml", category_aliases={"文旅项目": "comercial"})
    with pytest.raises(SheetError, match=r"`category_aliases.文旅项目` is `comercial`, not a "
                       r"category: use one of key, livelihood, infrastructure, industrial, "
                       r"commercial, residential; did you mean `commercial`\?"):  # fmt: skip
        import_lists(path, target)
    with pytest.raises(ScenarioError, match=r"category_aliases"):
        parse_scenario(yaml.safe_load(target.read_text(encoding="utf-8")))


def test_bad_rows_are_reported_and_left_out_the_rest_imported(tmp_path):
    rows = [["好项目", "府城镇", "工业", 10, 100],
            ["坏面积", "府城镇", "工业", "十亩", 100],
            ["坏乡镇", "大苗镇", "工业", 10, 100],
            [None, "府城镇", "工业", 10, 100],
            ["负数", "府城镇", "工业", -3, 100]]  # fmt: skip
    target = scenario(tmp_path / "s.yaml")
    report = import_lists(workbook(tmp_path / "b.xlsx", rows), target)
    assert [str(p) for p in report.problems] == [
        "sheet 项目清单, row 3, column D (用地面积(亩)): '十亩' is not a number",
        "sheet 项目清单, row 4, column B (所在乡镇): '大苗镇' matches no town; closest: 大庙镇",
        "sheet 项目清单, row 5, column A (项目名称): is empty: a value is required",
        "sheet 项目清单, row 6, column D (用地面积(亩)): -3 is negative: areas, money and counts "
        "are 0 or more",
    ]
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# my own notes\n")
    assert yaml.safe_load(text)["projects"] == [
        {"id": "P001", "name": "好项目", "town": "341126101", "category": "industrial", "area": 10,
         "investment": 100}]  # fmt: skip
    assert "#   sheet 项目清单, row 4, column B (所在乡镇): '大苗镇' matches no town" in text


def test_strict_imports_nothing_when_a_row_is_bad(tmp_path):
    target = scenario(tmp_path / "s.yaml")
    before = target.read_bytes()
    path = workbook(tmp_path / "b.xlsx", [["好项目", "府城镇", "工业", 10, 100],
                                          ["坏乡镇", "大苗镇", "工业", 10, 100]])  # fmt: skip
    with pytest.raises(SheetError, match=r"b.xlsx, record sheet 项目清单 row 3, field `B \(所在乡镇\)`: "
                       r"'大苗镇' matches no town; closest: 大庙镇"):  # fmt: skip
        import_lists(path, target, strict=True)
    assert target.read_bytes() == before


def test_repeated_project_ids(tmp_path):
    heads = ["项目编号", *HEADS]
    path = workbook(tmp_path / "d.xlsx", [["P1", "甲", "府城镇", "工业", 1, 1],
                                          ["P1", "乙", "府城镇", "工业", 1, 1]], heads)  # fmt: skip
    report = import_lists(path, scenario(tmp_path / "s.yaml"))
    assert [str(p) for p in report.problems] == [
        "sheet 项目清单, row 3, column A (项目编号): 'P1' repeats a 项目编号 of an earlier row: "
        "every row needs its own"]  # fmt: skip


def test_not_a_workbook_and_old_xls(tmp_path):
    (tmp_path / "a.xlsx").write_text("not excel")
    with pytest.raises(SheetError, match="cannot be read as an Excel workbook"):
        read(tmp_path / "a.xlsx")
    (tmp_path / "b.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(SheetError, match=r"is in the old Excel format \(.xls\) — open it in Excel "
                       "or WPS and save it as .xlsx"):  # fmt: skip
        read(tmp_path / "b.xls")


def test_no_list_in_the_workbook(tmp_path):
    path = workbook(tmp_path / "e.xlsx", [["x", 1]], ["说明", "数值"], title="封面")
    with pytest.raises(SheetError, match="holds no list landplan recognises"):
        import_lists(path, scenario(tmp_path / "s.yaml"))


def test_only_the_sheet_asked_for(tmp_path):
    path = workbook(tmp_path / "t.xlsx", [["甲", "府城镇", "工业", 1, 1]], more={
        "乡镇指标": [["乡镇名称", "试点镇", "用地上限(亩)"], ["大庙镇", "是", 50]]})  # fmt: skip
    target = scenario(tmp_path / "s.yaml")
    report = import_lists(path, target, sheets=["乡镇指标"])
    assert report.counts == {} and report.towns_updated == 1
    towns = yaml.safe_load(target.read_text(encoding="utf-8"))["towns"]
    assert towns[2] == {"code": "341126105", "name": "大庙镇", "pilot": True, "max": 50}
    with pytest.raises(SheetError, match=r"has no sheet `乡镇` — did you mean `乡镇指标`\?"):
        import_lists(path, target, sheets=["乡镇"])


# --- merged cells and two-row headings -----------------------------------------------------


def test_a_town_merged_down_a_group_of_rows_names_the_town_of_each(tmp_path):
    path = workbook(tmp_path / "m.xlsx", [["甲项目", "大庙镇", "工业", 10, 1],
                                          ["乙项目", None, "工业", 20, 2],
                                          ["丙项目", None, "商服", 30, 3],
                                          ["丁项目", "府城镇", "商服", 40, 4]])  # fmt: skip
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb.active.merge_cells("B2:B4")
    wb.save(path)
    (sheet,) = read(path).lists
    assert not sheet.problems
    assert [(r["id"], r["town"]) for r in sheet.records] == [
        ("P001", "341126105"), ("P002", "341126105"), ("P003", "341126105"),
        ("P004", "341126101")]  # fmt: skip


def test_a_two_row_heading_gives_each_column_its_heading_and_ids_do_not_shift(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "项目清单"
    ws.append(["凤阳县2026年度建设项目用地需求表"])
    ws.append(["序号", "项目名称", "所在乡镇", "项目类型", "用地面积（亩）", None, None, "总投资（万元）"])
    ws.append([None, None, None, None, "合计", "其中：耕地", "其中：水田", None])
    ws.append([1, "甲项目", "大庙镇", "工业", 30, 12, 5, 9000])
    ws.append([2, "乙项目", "府城镇", "商服", 20, 0, 0, 6000])
    ws.merge_cells("A1:H1")
    for col in "ABCDH":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("E2:G2")
    wb.save(tmp_path / "two.xlsx")
    (sheet,) = read(tmp_path / "two.xlsx").lists
    assert sheet.header_row == 2 and not sheet.problems
    assert {f: c.letter for f, c in sheet.columns.items() if f in ("area", "farmland", "paddy")} \
        == {"area": "E", "farmland": "F", "paddy": "G"}  # fmt: skip
    assert sheet.columns["farmland"].heading == "其中：耕地（亩）"
    assert [r["id"] for r in sheet.records] == ["P001", "P002"]
    assert sheet.records[0] | {} == {"name": "甲项目", "town": "341126105", "category": "industrial",
                                     "area": 30, "farmland": 12, "paddy": 5, "investment": 9000,
                                     "id": "P001"}  # fmt: skip
    assert [r.row for r in sheet.rows] == [4, 5]


@pytest.mark.parametrize(
    ("word", "cat"),
    [("交通运输用地", "infrastructure"), ("公共管理与公共服务用地", "livelihood"),
     ("商服用地", "commercial"), ("工矿仓储用地", "industrial"), ("住宅用地", "residential"),
     ("水域及水利设施用地", "infrastructure"), ("公用设施用地", "infrastructure")],
)  # fmt: skip
def test_gbt_21010_first_level_class_names_are_project_types(word, cat):
    from landplan.ingest.excel import category

    assert category(word) == cat


@pytest.mark.parametrize("word", ["重点类项目", "重点类", " 重点类项目 "])
def test_the_plan_documents_category_word_imports_as_key(word):
    """The plan document prints the `key` category as 重点类项目: pasted back, it imports."""
    from landplan.ingest.excel import category

    assert category(word) == "key"
