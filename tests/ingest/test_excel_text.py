"""A workbook cell with control characters or a line break in a name, id or town is reported
with its row and column, and the row is not written into the scenario."""

from __future__ import annotations

import yaml

from landplan.ingest import import_lists
from tests.ingest.test_excel import HEADS, read, scenario, workbook


def test_control_characters_in_a_row_are_reported(tmp_path):
    book = workbook(tmp_path / "p.xlsx", [
        ["石英砂深加工", "大庙镇", "工业", 40, 1000],
        ["物流\n园区", "府城镇", "工业", 20, 500],
        ["商业\x85综合体", "府城镇", "商业", 10, 800],
        ["安置小区", "府城镇", "住宅\t", 10, 800],
    ])
    wb = read(book)
    [sheet] = wb.lists
    assert [r["name"] for r in sheet.records] == ["石英砂深加工", "安置小区"]
    problems = [str(p) for p in sheet.problems]
    assert len(problems) == 2
    assert "row 3" in problems[0] and "项目名称" in problems[0]
    assert "holds a line break at character 3" in problems[0]
    assert "row 4" in problems[1] and "holds the control character U+0085" in problems[1]


def test_import_writes_no_control_character(tmp_path):
    book = workbook(tmp_path / "p.xlsx", [
        ["石英砂深加工", "大庙镇", "工业", 40, 1000],
        ["商业\x85综合体", "府城镇", "商业", 10, 800],
    ], heads=HEADS)
    into = scenario(tmp_path / "s.yaml")
    report = import_lists(book, into)
    data = yaml.safe_load(into.read_text(encoding="utf-8"))
    assert [p["name"] for p in data["projects"]] == ["石英砂深加工"]
    assert "\x85" not in into.read_text(encoding="utf-8")
    assert any("U+0085" in line for line in report.lines())


def test_absurd_area_in_a_row_is_reported_with_its_bound(tmp_path):
    book = workbook(tmp_path / "p.xlsx", [
        ["石英砂深加工", "大庙镇", "工业", 40, 1000],
        ["物流园区", "府城镇", "工业", 1e15, 500],
    ])
    [sheet] = read(book).lists
    assert [r["name"] for r in sheet.records] == ["石英砂深加工"]
    [problem] = [str(p) for p in sheet.problems]
    assert "row 3" in problem and "用地面积" in problem
    assert "must be at most 10,000,000 mu" in problem
