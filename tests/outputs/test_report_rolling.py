"""The plan document of a rolling run: a 滚动用地计划 whose tables agree with the run's own
files (each year's quota and land with towns_by_year.csv, the projects of each year town by
town, the linkage ledger, 人地挂钩 with urbanisation.csv), whose sentences never set the first
year's quota against the whole plan's land, with hostile names escaped; and, converted by
LibreOffice, a document holding the tables of each year and the 人地挂钩 table."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from docx import Document

from landplan.outputs.report import write_report
from landplan.run import run
from tests.conftest import A, B, base, proj
from tests.outputs.county import EVIL
from tests.outputs.test_report import md_tables, section, write_scenario
from tests.outputs.test_report_document import lines_of, needs_office, to_pdf

HOSTILE_TOWN = "大庙镇|**粗**[链接](http://x)"


def rolling_dict() -> dict:
    """Three years: P1 takes 2026's quota, P2 waits for 2027 and borrows linkage credits
    returned in 2028, P5 may start only in 2028, P4 goes unfunded, housing in town A is capped by
    its migrants, and names are hostile."""
    d = base(horizon={"from": 2026, "to": 2028},
             quota={"new_construction": {2026: 40, 2027: 50, 2028: 25},
                    "pilot_reserve": {2026: 5, 2027: 5, 2028: 5}},
             urbanisation={"mode": "cap"}, policy={"discount": 0.1},
             linkage=[{"id": "L1", "name": f"拆旧{EVIL}", "town": B, "reclaim": 10,
                       "farmland_gain": 10, "ready": 2028}],
             projects=[proj("P1", A, 40, 3.0, min_share=1, name=f"园区{EVIL}", priority=True),
                       proj("P2", B, 40, 2.0, min_share=1, name="物流|园*"),
                       proj("H1", A, 20, 1.0, category="residential", earliest=2027),
                       proj("P4", B, 60, 0.5, min_share=1),
                       proj("P5", B, 10, 1.5, earliest=2028)])
    d["towns"][0] |= {"name": HOSTILE_TOWN, "urban_population": {2025: 10000, 2028: 10400},
                      "urban_construction_land": 1200,
                      "settled_migrants": {2026: 100, 2027: 150, 2028: 150}}
    return d


@pytest.fixture(scope="module")
def rolled(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("rolling")
    out = folder / "run"
    run(write_scenario(folder, rolling_dict(), "roll.yaml"), out=out, solver="highs",
        maps=False)
    write_report(out, org="测试县自然资源和规划局", date="2026年5月20日")
    write_report(out, lang="en")
    return out


def rows_of(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def num(cell: str) -> float:
    """The main figure of a cell ("1,581.20 （105.4133）" -> 1581.2)."""
    return float(cell.split()[0].replace(",", ""))


def unescaped(cell: str) -> str:
    """A name as written, from its Markdown cell (md_tables leaves brackets escaped)."""
    return cell.replace("\\", "")


def tables_by_title(folder: Path, name: str = "report.md") -> dict[str, tuple[list, list]]:
    text = (folder / name).read_text(encoding="utf-8")
    return {t: (h, r) for t, h, r in md_tables(text)}


def test_title_cover_and_sections_say_a_rolling_plan(rolled):
    text = (rolled / "report.md").read_text(encoding="utf-8")
    assert text.startswith("# 测试县2026—2028年三年滚动用地计划\n")
    assert "2026年度土地利用计划" not in text
    heads = re.findall(r"^## (.*)$", text, flags=re.M)
    for h in ("二、分年度计划指标与用地安排", "三、分年度项目用地安排", "人地挂钩与城镇化"):
        assert any(h in x for x in heads), h
    doc = Document(str(rolled / "report.docx"))
    cover = [p.text for p in doc.paragraphs[:8]]
    assert "2026—2028年三年滚动用地计划" in cover
    en = (rolled / "report.en.md").read_text(encoding="utf-8")
    assert en.startswith("# 测试县 2026–2028: three-year rolling land-use plan\n")
    assert "## 2. Quota and land by year" in en and "Projects given land in 2027" in en


def test_each_year_quota_against_that_year_land(rolled):
    summary = json.loads((rolled / "summary.json").read_text(encoding="utf-8"))
    by_year = rows_of(rolled / "towns_by_year.csv")
    header, rows = tables_by_title(rolled)["分年度计划指标与用地安排总表"]
    col = {h: i for i, h in enumerate(header)}
    q = summary["quota_by_year"]["new_construction"]
    for r in rows[:-1]:
        y = r[0].removesuffix("年")
        mine = [x for x in by_year if x["year"] == y]
        assert num(r[col["新增建设用地计划指标"]]) == pytest.approx(q[y])
        assert num(r[col["安排用地"]]) == pytest.approx(sum(float(x["allocated"]) for x in mine))
        quota_used = sum(float(x["from_quota"]) for x in mine)
        assert num(r[col["其中：计划指标"]]) == pytest.approx(quota_used, abs=0.005)
        assert num(r[col["其中：计划指标"]]) == pytest.approx(
            summary["years"][y]["year_quota"]["use"], abs=0.005)
        limit = summary["years"][y]["year_quota"]["limit"]
        assert num(r[col["计划指标结余"]]) == pytest.approx(limit - quota_used, abs=0.01)
        assert num(r[col["计划指标结余"]]) >= 0
    total = rows[-1]
    assert num(total[col["新增建设用地计划指标"]]) == pytest.approx(sum(q.values()))
    alloc = rows_of(rolled / "allocation.csv")
    given = sum(float(a["allocated"]) for a in alloc)
    assert num(total[col["安排用地"]]) == pytest.approx(given)
    # the overview: the period's quota against the plan's land, never the first year's
    overview = section((rolled / "report.md").read_text(encoding="utf-8"), "总体情况")
    used = sum(float(a["from_quota"]) for a in alloc)
    assert f"2026—2028年新增建设用地计划指标合计 {sum(q.values()):.2f} 亩" in overview
    assert f"计划期内计划指标结余 {sum(q.values()) - used:.2f} 亩" in overview
    assert "2026年度新增建设用地计划指标" not in overview and "-" not in overview


def test_each_year_table_sums_to_towns_by_year(rolled):
    tables = tables_by_title(rolled)
    by_year = {(x["name"], x["year"]): x for x in rows_of(rolled / "towns_by_year.csv")}
    alloc = rows_of(rolled / "allocation.csv")
    for y in ("2026", "2027", "2028"):
        header, rows = tables[f"{y}年度项目用地安排表"]
        col = {h: i for i, h in enumerate(header)}
        towns = [r for r in rows[:-1] if r[0] == ""]
        projects = [r for r in rows[:-1] if r[0] != ""]
        for r in towns:
            name = unescaped(r[col["项目"]]).rstrip("★")
            row = by_year[(name, y)]
            for c, key in (("安排用地", "allocated"), ("其中：计划指标", "from_quota"),
                           ("其中：挂钩指标", "from_linkage"), ("占用耕地", "farmland_taken")):
                assert num(r[col[c]]) == pytest.approx(float(row[key]), abs=0.005), (y, name, c)
        mine = [a for a in alloc if a["year"] == y and float(a["allocated"]) > 0]
        assert sorted(r[col["项目"]].split()[0] for r in projects) == sorted(
            a["project_id"] for a in mine)
        assert num(rows[-1][col["安排用地"]]) == pytest.approx(
            sum(float(by_year[(n, yy)]["allocated"]) for n, yy in by_year if yy == y))
    # the towns by year: each cell is towns_by_year.csv's
    header, rows = tables["乡镇分年度用地安排表"]
    for r in rows[:-1]:
        name = unescaped(r[1]).rstrip("★")
        for i, y in enumerate(("2026", "2027", "2028"), 2):
            assert num(r[i]) == pytest.approx(float(by_year[(name, y)]["allocated"]))


def test_waited_project_and_its_reason(rolled):
    alloc = {a["project_id"]: a for a in rows_of(rolled / "allocation.csv")}
    assert (alloc["P1"]["year"], alloc["P2"]["year"]) == ("2026", "2027")
    header, rows = tables_by_title(rolled)["延后年度供地项目及原因表"]
    col = {h: i for i, h in enumerate(header)}
    late = {r[col["项目"]].split()[0]: r for r in rows}
    assert late["P2"][col["供地年度"]] == "2027年"
    assert late["P2"][col["延后原因"]].startswith("2027年供地，未能在2026年")
    assert "Q−R" not in late["P2"][col["延后原因"]]


def test_linkage_ledger_and_deadlines(rolled):
    tables = tables_by_title(rolled)
    header, rows = tables["增减挂钩周转指标分年度台账"]
    ledger = rows_of(rolled / "linkage_ledger.csv")
    for r, x in zip(rows[:-1], ledger, strict=True):
        assert r[0] == f"{x['year']}年"
        assert [num(c) for c in r[1:]] == pytest.approx(
            [float(x[k]) for k in ("used", "borrowed", "returned", "outstanding", "delivered")])
    assert num(rows[-1][2]) == pytest.approx(sum(float(x["borrowed"]) for x in ledger))
    assert sum(float(x["borrowed"]) for x in ledger) > 0  # P2 borrows L1's credits
    header, rows = tables["增减挂钩项目验收与周转指标归还期限表"]
    col = {h: i for i, h in enumerate(header)}
    (l1,) = rows
    assert (l1[col["拆旧复垦验收年度"]], l1[col["周转期限（年）"]], l1[col["最早可借用年度"]],
            l1[col["周转指标归还期限"]]) == ("2028年", "3", "2026年", "2028年")


def test_urbanisation_table_from_urbanisation_csv(rolled):
    header, rows = tables_by_title(rolled)["人地挂钩情况表"]
    col = {h: i for i, h in enumerate(header)}
    (u,) = rows_of(rolled / "urbanisation.csv")
    (town, total) = rows
    assert num(town[col["落户农业转移人口（人）"]]) == float(u["settled_migrants"]) == 400
    assert num(town[col["人均城镇建设用地：基期（m²）"]]) == pytest.approx(
        float(u["m2_per_resident_before"]))
    assert num(town[col["人均城镇建设用地：期末（m²）"]]) == pytest.approx(
        float(u["m2_per_resident_after"]))
    assert num(town[col["挂钩标准（m²/人）"]]) == pytest.approx(
        float(u["standard_m2_per_migrant"]))
    assert num(town[col["挂钩新增用地"]]) == pytest.approx(float(u["migrant_land"]))
    housing = sum(float(x["housing_livelihood"]) for x in rows_of(rolled / "towns_by_year.csv")
                  if x["code"] == A)
    assert num(town[col["住房及民生用地安排"]]) == pytest.approx(housing)
    assert town[col["期末城镇常住人口（人）"]] == "10,400（2028年）"
    assert total[1] == "合计"


def test_hostile_names_escaped(rolled):
    text = (rolled / "report.md").read_text(encoding="utf-8")
    assert EVIL not in text and "&lt;script&gt;" in text
    assert "**粗**" not in text and "大庙镇\\|\\*\\*粗\\*\\*\\[链接\\](http://x)" in text
    assert not re.search(r"(?<!\\)\[链接", text)  # never a link
    doc = Document(str(rolled / "report.docx"))
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert f"园区{EVIL}" in cells and HOSTILE_TOWN in cells  # shown as written, never run


def test_a_one_year_run_keeps_its_one_year_document(tmp_path):
    d = base(projects=[proj("P1", A, 40, 3.0), proj("P2", B, 80, 2.0)])
    out = tmp_path / "run"
    run(write_scenario(tmp_path, d), out=out, solver="highs", maps=False)
    write_report(out)
    text = (out / "report.md").read_text(encoding="utf-8")
    assert text.startswith("# 测试县2026年度土地利用计划指标分解方案\n")
    assert "滚动" not in text and "供地年度" not in text and "人地挂钩" not in text


@needs_office
def test_the_rolling_document_in_pdf(rolled, tmp_path):
    pages = to_pdf(rolled / "report.docx", tmp_path)
    flat = [re.sub(r"\s+", "", p) for p in pages]
    assert "2026—2028年三年滚动用地计划" in flat[0] and "编制单位：测试县自然资源和规划局" in flat[0]
    whole = "".join(flat)
    for caption in ("分年度计划指标与用地安排总表", "2026年度项目用地安排表",
                    "2027年度项目用地安排表", "2028年度项目用地安排表", "乡镇分年度用地安排表",
                    "增减挂钩周转指标分年度台账", "分年度耕地占补平衡表", "人地挂钩情况表"):
        assert re.search(rf"表\d+{caption}", whole), caption
    assert "0.0001" not in "\n".join(pages) and "Q−R" not in whole
    for n, page in enumerate(pages, 1):
        assert "[figure]" in page or len(lines_of(page)) >= 3, \
            f"page {n} holds only {lines_of(page)}"


def test_carry_over_in_the_table_of_years(tmp_path):
    """Quota unused in 2026 carries over whole (carry_over 1): 2027's quota available is its
    own and 2026's rest, as the year's quota row says, and the total row does not count the
    carried quota twice."""
    d = base(horizon={"from": 2026, "to": 2027},
             quota={"new_construction": {2026: 50, 2027: 20}, "carry_over": 1},
             projects=[proj("P1", A, 30, 3.0, min_share=1, latest=2026),
                       proj("P2", B, 40, 2.0, min_share=1, earliest=2027)])
    out = tmp_path / "run"
    run(write_scenario(tmp_path, d, "carry.yaml"), out=out, solver="highs", maps=False,
        whynot=False, marginal=False)
    write_report(out)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    header, rows = tables_by_title(out)["分年度计划指标与用地安排总表"]
    col = {h: i for i, h in enumerate(header)}
    y26, y27, total = rows
    assert num(y26[col["计划指标结余"]]) == pytest.approx(20)
    assert num(y27[col["上年结转"]]) == pytest.approx(20)
    assert num(y27[col["可用计划指标"]]) == pytest.approx(
        summary["years"]["2027"]["year_quota"]["limit"]) == pytest.approx(40)
    assert num(y27[col["安排用地"]]) == pytest.approx(40)
    assert num(total[col["可用计划指标"]]) == pytest.approx(70)
    assert num(total[col["计划指标结余"]]) == pytest.approx(0)
    text = (out / "report.md").read_text(encoding="utf-8")
    assert "当年未用指标按 100% 结转下年" in text and "（结转比例 100%）" in text


def test_a_rolling_plans_figures_are_captioned_by_their_years_county_first(tmp_path):
    from landplan.outputs.narrative import _figure_name, _figures

    years = ["2026", "2027", "2028"]
    assert _figure_name("county", "凤阳县", 2026, {}, "zh", years) == \
        "凤阳县 2026—2028年用地计划指标分配图"
    assert _figure_name("town-1", "凤阳县", 2026, {"1": "刘府镇"}, "zh", years) == \
        "刘府镇 2026—2028年度用地安排图"
    assert _figure_name("county-years", "凤阳县", 2026, {}, "zh", years) == "乡镇分年度用地安排"
    assert _figure_name("migrants", "x", 2026, {}, "en", years).startswith("人地挂钩")
    assert _figure_name("county", "凤阳县", 2026, {}, "zh", []) == \
        "凤阳县 2026年度新增建设用地计划指标分配图"
    (tmp_path / "figures").mkdir()
    for stem in ("town-1", "migrants", "county-years", "county"):
        (tmp_path / "figures" / f"{stem}.png").write_bytes(b"")
    assert [p.stem for p in _figures(tmp_path)] == ["county", "county-years", "migrants",
                                                    "town-1"]


def test_a_rolling_plans_extra_quota_says_its_year():
    from landplan.outputs.report_tables.base import Cell
    from landplan.outputs.report_tables.short import _in_year

    assert _in_year(Cell("15.00", "1.0000"), "2027", "zh") == Cell("15.00（2027年）", "1.0000")
    assert _in_year(Cell("15.00"), 2027.0, "en") == Cell("15.00 (2027)")
    assert _in_year(Cell("15.00"), None, "zh") == Cell("15.00")
    assert _in_year(Cell("15.00"), float("nan"), "zh") == Cell("15.00")
