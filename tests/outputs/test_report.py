"""report.docx / report.md: the plan document's tables reconcile with allocation.csv, Word and
Markdown hold the same figures, and LibreOffice opens the Word file as an A4 document."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
import yaml
from docx import Document

from landplan import i18n
from landplan.errors import RunFolderError
from landplan.model.rules import families
from landplan.outputs.report import build_document, render_md, write_report
from landplan.outputs.report_tables import Fmt
from landplan.run import run
from tests.conftest import A, B, base, proj
from tests.outputs.county import EVIL, make_county

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "scenarios" / "demo.yaml"


def tiny_dict(**over) -> dict:
    d = base(
        quota={"new_construction": 100, "pilot_reserve": 30},
        reclamation_budget=1_000_000,
        towns=[
            {
                "code": A,
                "name": "大庙镇",
                "pilot": True,
                "farmland_credits": {"quantity": 10, "paddy": 2},
            },
            {"code": B, "name": "府城镇"},
        ],
        projects=[
            proj("P1", A, 50, 1, farmland=20, paddy=5),
            proj("P2", B, 80, 2, farmland=40, min_share=1),
            proj("P3", B, 30, 1, priority=True),
            proj("P4", B, 12, 0.5, min_share=1),
        ],
        linkage=[
            {
                "id": "L1",
                "name": "王庄拆旧",
                "town": A,
                "reclaim": 40,
                "farmland_gain": 35,
                "cost": 800000,
            }
        ],
        reclamation=[
            {"id": "R1", "town": B, "quantity": 30, "paddy": 5, "cost": 300000, "divisible": True}
        ],
    )
    d.update(over)
    return d


def write_scenario(folder: Path, d: dict, name: str = "tiny.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tiny")
    folder = root / "run"
    run(write_scenario(root, tiny_dict()), out=folder)
    write_report(folder)
    return folder


@pytest.fixture(scope="module")
def county_run(tmp_path_factory) -> Path:
    """The hand-drawn county with layers: a project of every status, synthetic data."""
    root = tmp_path_factory.mktemp("county")
    folder = root / "run"
    run(make_county(root / "data"), out=folder)
    write_report(folder)
    return folder


# --- reading the documents back ---------------------------------------------------------


def _unmd(cell: str) -> str:
    cell = cell.strip(" ")
    if cell.startswith("**") and cell.endswith("**") and len(cell) >= 4:
        cell = cell[2:-2]
    for a, b in (
        ("\\|", "|"),
        ("\\*", "*"),
        ("\\_", "_"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&amp;", "&"),
    ):
        cell = cell.replace(a, b)
    return cell


def md_tables(text: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) of every numbered table in report.md, in order."""
    out = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.fullmatch(r"\*\*(?:表\d+　|Table \d+\. )(.*)\*\*", line)
        if not m:
            continue
        j = i + 1
        while not lines[j].startswith("|"):
            j += 1
        block = []
        while j < len(lines) and lines[j].startswith("|"):
            block.append([_unmd(c) for c in re.split(r"(?<!\\)\|", lines[j])[1:-1]])
            j += 1
        out.append((m.group(1), block[0], block[2:]))
    return out


def docx_tables(path: Path) -> list[list[list[str]]]:
    """Cell texts of the numbered tables, header first; an area's second line becomes
    ' （…）' as in Markdown."""
    doc = Document(str(path))
    return [
        [[c.text.replace("\n", " ") for c in row.cells] for row in t.rows] for t in doc.tables
    ]


def table(folder: Path, title: str) -> tuple[list[str], list[list[str]]]:
    for name, header, rows in md_tables((folder / "report.md").read_text(encoding="utf-8")):
        if name == title:
            return header, rows
    raise AssertionError(f"no table {title!r} in report.md")


def num(cell: str) -> float:
    """The first figure of a cell: '1,234.50 （82.3000）' or '1,234.50 (82.3000)' → 1234.5."""
    return float(re.split(r" [(（]", cell)[0].replace(",", ""))


def col(header: list[str], name: str) -> int:
    return header.index(name)


def row(rows: list[list[str]], label: str) -> list[str]:
    label = label.strip()
    return next(r for r in rows if label in [c.strip() for c in r[:2]])


def allocation(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / "allocation.csv", dtype={"project_id": str, "town": str})


T = {k: i18n.word(i18n.REPORT, k, "zh") for k in i18n.REPORT}


# --- the tables reconcile ---------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["tiny_run", "county_run"])
def test_totals_equal_the_sums_of_allocation_csv(fixture, request):
    folder = request.getfixturevalue(fixture)
    a = allocation(folder)
    sums = {
        c: round(float(a[c].sum()), 2)
        for c in (
            "requested",
            "allocated",
            "from_quota",
            "from_linkage",
            "farmland_taken",
            "paddy_taken",
        )
    }

    header, rows = table(folder, T["t_projects"])
    total = row(rows, T["total"])
    for c, heading in (
        ("requested", "申请面积"),
        ("allocated", "安排面积"),
        ("from_quota", "使用计划指标"),
        ("from_linkage", "使用挂钩指标"),
        ("farmland_taken", "占用耕地"),
        ("paddy_taken", "占用水田"),
    ):
        assert num(total[col(header, heading)]) == pytest.approx(sums[c], abs=0.005), c
    assert len(rows) == len(a) + 1

    header, rows = table(folder, T["t_towns"])
    total = row(rows, T["total"])
    towns = [r for r in rows if r[0].strip().isdigit()]
    for c, heading in (
        ("requested", "申请面积"),
        ("allocated", "安排面积"),
        ("from_quota", T["col_of_quota"]),
        ("from_linkage", T["col_of_linkage"]),
    ):
        k = col(header, heading)
        assert num(total[k]) == pytest.approx(sums[c], abs=0.005), c
        assert sum(num(r[k]) for r in towns) == pytest.approx(sums[c], abs=0.005 * len(towns))
    pilot = row(rows, T["pilot_subtotal"])
    pilot_towns = [r for r in towns if r[1].endswith("★")]
    k = col(header, "安排面积")
    assert num(pilot[k]) == pytest.approx(sum(num(r[k]) for r in pilot_towns), abs=0.01)

    header, rows = table(folder, T["t_priority"])
    pri = a[a["priority"]]
    total = row(rows, T["total"])
    assert num(total[col(header, "申请面积")]) == pytest.approx(pri["requested"].sum(), abs=0.005)
    assert num(total[col(header, "安排面积")]) == pytest.approx(pri["allocated"].sum(), abs=0.005)

    header, rows = table(folder, T["t_farmland"])
    taken, supply = row(rows, T["fb_taken"]), row(rows, T["fb_supply"])
    used = col(header, T["col_farmland_used"])
    paddy = col(header, T["col_paddy_used"])
    assert num(taken[used]) == pytest.approx(sums["farmland_taken"], abs=0.005)
    assert num(taken[paddy]) == pytest.approx(sums["paddy_taken"], abs=0.005)
    assert num(supply[used]) == pytest.approx(sums["farmland_taken"], abs=0.005)  # 占补平衡
    parts = [row(rows, T[k]) for k in ("fb_held", "fb_reclaimed", "fb_linkage")]
    assert sum(num(r[used]) for r in parts) == pytest.approx(sums["farmland_taken"], abs=0.02)
    for r in parts:  # no source gives more than it has
        assert num(r[used]) <= num(r[col(header, T["col_farmland_avail"])]) + 0.005

    header, rows = table(folder, T["t_linkage"])
    used_row = row(rows, T["lb_used"])
    assert num(used_row[col(header, T["col_linkage_credits"])]) == pytest.approx(
        sums["from_linkage"], abs=0.005)

    summary = pd.read_json(folder / "summary.json", typ="series")
    header, rows = table(folder, T["t_spending"])
    total = row(rows, T["total"])
    assert num(total[-1]) == pytest.approx(summary["totals"]["spending"] / 10_000, abs=0.005)

    header, rows = table(folder, T["t_short"])
    short = a[a["status"] != "funded"]
    total = row(rows, T["total"])
    assert num(total[col(header, "申请面积")]) == pytest.approx(short["requested"].sum(), abs=0.005)
    assert len(rows) == len(short) + 1


@pytest.mark.parametrize("fixture", ["tiny_run", "county_run"])
def test_linkage_balance_reconciles_with_linkage_and_allocation_csv(fixture, request):
    """Per linkage project what linkage.csv says it reclaims, earns and gains; county-wide the
    credits used (Σ from_linkage), the farmland and paddy that land takes (each project's in
    proportion from_linkage / allocated) and the balance gained − taken ≥ 0."""
    folder = request.getfixturevalue(fixture)
    a = allocation(folder)
    link = pd.read_csv(folder / "linkage.csv", dtype={"id": str, "town": str})
    header, rows = table(folder, T["t_linkage"])
    assert "使用指标" not in header  # credits are pooled: no per-project use
    credits = col(header, T["col_linkage_credits"])
    farm, paddy = col(header, T["col_linkage_farmland"]), col(header, T["col_linkage_paddy"])
    body = [r for r in rows if r[0].strip().isdigit()]
    assert len(body) == len(link)
    for r, k in zip(body, link.itertuples(index=False), strict=True):
        assert r[1].startswith(str(k.id))
        assert num(r[col(header, T["col_reclaim_full"])]) == pytest.approx(k.reclaim, abs=0.005)
        assert num(r[credits]) == pytest.approx(k.credits_earned, abs=0.005)
        assert num(r[farm]) == pytest.approx(k.farmland_gained, abs=0.005)
        assert num(r[paddy]) == pytest.approx(k.paddy_gained, abs=0.005)
    earned, used, left = (row(rows, T[k]) for k in ("lb_earned", "lb_used", "lb_left"))
    assert num(earned[credits]) == pytest.approx(link["credits_earned"].sum(), abs=0.005)
    assert num(earned[farm]) == pytest.approx(link["farmland_gained"].sum(), abs=0.005)
    assert num(earned[paddy]) == pytest.approx(link["paddy_gained"].sum(), abs=0.005)
    share = (a["from_linkage"] / a["allocated"].where(a["allocated"] > 0)).fillna(0.0)
    taken, taken_paddy = (a["farmland_taken"] * share).sum(), (a["paddy_taken"] * share).sum()
    assert num(used[credits]) == pytest.approx(a["from_linkage"].sum(), abs=0.005)
    assert num(used[farm]) == pytest.approx(taken, abs=0.005)
    assert num(used[paddy]) == pytest.approx(taken_paddy, abs=0.005)
    assert num(left[credits]) == pytest.approx(
        link["credits_earned"].sum() - a["from_linkage"].sum(), abs=0.01)
    assert num(left[farm]) == pytest.approx(link["farmland_gained"].sum() - taken, abs=0.01)
    assert num(left[paddy]) == pytest.approx(link["paddy_gained"].sum() - taken_paddy, abs=0.01)
    assert num(left[farm]) >= 0 and num(left[paddy]) >= 0
    assert a["from_linkage"].sum() > 0  # the case exercises linkage-funded land


@pytest.mark.parametrize("fixture", ["tiny_run", "county_run"])
def test_word_and_markdown_tables_hold_the_same_figures(fixture, request):
    folder = request.getfixturevalue(fixture)
    md = md_tables((folder / "report.md").read_text(encoding="utf-8"))
    dx = docx_tables(folder / "report.docx")
    assert len(md) == len(dx) >= 9
    for (title, header, rows), cells in zip(md, dx, strict=True):
        assert cells[0] == header, title
        assert cells[1:] == rows, title


def test_the_docx_is_a4_with_the_title_and_page_numbers(tiny_run):
    doc = Document(str(tiny_run / "report.docx"))
    s = doc.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    title = [p for p in doc.paragraphs if p.text][:2]  # the cover: county, then the plan
    assert [p.text for p in title] == ["测试县", "2026年度土地利用计划指标分解方案"]
    assert title[0].runs[0].font.size.pt == 22  # 2号
    assert 'instr="PAGE"' in s.footer._element.xml
    assert s.different_first_page_header_footer  # no page number on the cover
    landscape = [x for x in doc.sections if x.page_width > x.page_height]
    assert landscape  # the wide tables (reasons, annex) are on landscape pages


# --- what the text says -----------------------------------------------------------------


def test_the_cover_names_org_and_date_and_the_appendix_holds_the_run(tiny_run):
    """Cover: title, 编制单位 (a line to fill in unless given) and date, then the 目录; the
    technical record (solver, objective, hashes) only in the last appendix."""
    text = (tiny_run / "report.md").read_text(encoding="utf-8")
    summary = pd.read_json(tiny_run / "summary.json", typ="series")
    cover, rest = text.split("**目　　录**")
    assert "编制单位：＿＿" in cover and "编制日期：" in cover and "年" in cover
    assert not re.search(r"[0-9a-f]{12}", cover) and "HiGHS" not in cover
    toc = rest.split("\n## ")[0]
    assert "- 一、总体情况" in toc and "- 附录　技术说明" in toc
    record = section(text, "附录　技术说明")
    digest = summary["inputs"]["tiny.yaml"]
    assert f"tiny.yaml：{digest}" in record  # the whole SHA-256
    text = record
    assert summary["solver"] == "highs"  # auto: a small model goes to HiGHS
    assert "求解器 HiGHS，最优性差距 0（已证明最优）" in text
    assert f"目标函数值 {summary['objective']:,.4f}" in text
    assert "新增建设用地计划指标 100.00 亩（6.6667 公顷），其中扩权强镇试点镇单列 30.00 亩" in text
    assert i18n.text("synthetic", "zh") not in text  # not synthetic


def section(text: str, title: str) -> str:
    """The text of the section whose heading ends with `title`, up to the next heading."""
    return re.split(rf"\n## [^\n]*{re.escape(title)}\n", text)[1].split("\n## ")[0]


def test_narrative_names_binding_limits_and_the_projects_that_fell_short(tiny_run):
    text = (tiny_run / "report.md").read_text(encoding="utf-8")
    overview = section(text, "约束使用与边际价值")
    cons = pd.read_csv(tiny_run / "constraints.csv", keep_default_na=False)
    binding = cons[(cons["binding"]) & (cons["key"] == "")]
    assert len(binding) >= 3
    words = Fmt("mu", "zh")
    for rule in binding["rule"]:
        assert words.rule(rule) in overview, rule
        assert "Q−R" not in words.rule(rule) and "(" not in words.rule(rule)
    # every county rule at its limit is counted once: scarce (marginal value > 0), fully used
    # with no value in more (marginal value 0), or not valued
    groups = scarcity_groups(tiny_run, binding)
    assert sum(len(g) for g in groups.values()) == len(binding)
    if groups["scarce"]:
        assert f"稀缺资源共 {len(groups['scarce'])} 项" in overview
    if groups["full"]:
        assert f"另有 {len(groups['full'])} 项约束已经用满，但边际价值为 0" in overview
    if groups["unknown"]:
        assert f"另有 {len(groups['unknown'])} 项约束已经用满（未计算其边际价值）" in overview
    slack = cons[(~cons["binding"]) & (cons["key"] == "")]
    for rule in slack["rule"]:
        assert f"{words.rule(rule)}（已用" not in overview
    short = text.split("## 七、")[1].split("## 八、")[0]
    a = allocation(tiny_run)
    for r in a[a["status"] != "funded"].itertuples():
        assert f"{r.name}（{r.project_id}" in short
    # the reason of P4 (all or nothing, lowest value) is in its own words
    assert "须至少供地 12 亩（最低比例 1）" in short


def scarcity_groups(folder: Path, binding: pd.DataFrame) -> dict[str, list[str]]:
    """The binding county rules by what marginal.csv says one unit more of them is worth."""
    marg = pd.read_csv(folder / "marginal.csv")
    res = {"county_quota": "county_quota", "farmland_conversion": "farmland_conversion",
           "farmland_balance_quantity": "farmland_credit",
           "farmland_balance_paddy": "paddy_credit", "reclamation_budget": "reclamation_budget"}
    out: dict[str, list[str]] = {"scarce": [], "full": [], "unknown": []}
    for rule in binding["rule"]:
        m = marg[(marg["resource"] == res.get(rule)) & (marg["scope"] == "county")]
        kind = "unknown" if m.empty else "scarce" if m["value"].max() > 1e-9 else "full"
        out[kind].append(rule)
    return out


def test_a_rule_at_its_limit_with_zero_marginal_value_is_not_called_scarce(tmp_path):
    """占水田补水田 at its limit only because the least-spending stage reclaims no more paddy
    than needed: fully used, no value in more, and no project's reason in the document."""
    d = tiny_dict()
    d["quota"] = {"new_construction": 60}
    d["projects"] = [proj("P1", A, 50, 1, farmland=20, paddy=5), proj("P3", B, 30, 1, priority=True),
                     proj("P5", B, 100, 0.5)]
    d["towns"][0]["farmland_credits"] = {"quantity": 100, "paddy": 0}
    d["reclamation"] = [{"id": "R1", "town": d["towns"][0]["code"], "quantity": 30,
                         "paddy": 30, "cost": 100000, "divisible": True}]
    d["reclamation_budget"] = 10_000_000
    folder = tmp_path / "run"
    run(write_scenario(tmp_path, d), out=folder)
    cons = pd.read_csv(folder / "constraints.csv", keep_default_na=False).set_index("name")
    marg = pd.read_csv(folder / "marginal.csv").set_index("resource")
    assert cons.at["farmland_balance_paddy", "binding"]
    assert marg.at["paddy_credit", "value"] == 0 and marg.at["county_quota", "value"] > 0
    paddy = families().word("farmland_balance_paddy", "zh")
    quota = families().word("county_quota", "zh")
    for lang in ("zh", "en"):
        write_report(folder, lang=lang)
    text = (folder / "report.md").read_text(encoding="utf-8")
    overview = section(text, "约束使用与边际价值")
    scarce, full = overview.split("另有 ")[0], overview.split("但边际价值为 0")[1]
    assert quota in scarce and paddy not in scarce
    assert paddy in full.split("。")[0]
    short = text.split("## 七、")[1].split("## 八、")[0]
    assert f"{paddy}已用尽" not in short
    en = (folder / "report.en.md").read_text(encoding="utf-8")
    # one limit, said in the singular
    assert "1 limit is fully used but has a marginal value of 0, so more of it would add " \
        "nothing" in en


def test_synthetic_note_escaping_and_every_status(county_run):
    text = (county_run / "report.md").read_text(encoding="utf-8")
    assert f"> **⚠ {i18n.text('synthetic', 'zh')}**" in text
    assert EVIL not in text and "&lt;script&gt;" in text
    doc = Document(str(county_run / "report.docx"))
    assert any(i18n.text("synthetic", "zh") in p.text for p in doc.paragraphs)
    assert EVIL in "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    header, rows = table(county_run, T["t_short"])
    statuses = {r[col(header, "保障情况")] for r in rows}
    assert {"部分保障", "未获指标", "用地不合规", "重点项目冲突"} <= statuses
    header, rows = table(county_run, T["t_priority"])
    assert "重点项目冲突" in {r[col(header, "保障情况")] for r in rows}
    assert "注：P5 刘府镇重点物流园重点项目冲突：" in text


def test_english(tiny_run, tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(tiny_run, folder)
    zh = (folder / "report.md").read_text(encoding="utf-8")
    paths = write_report(folder, lang="en")
    # the run is in Chinese: the English document is written beside the Chinese one
    assert [p.name for p in paths] == ["report.en.docx", "report.en.md"]
    assert (folder / "report.md").read_text(encoding="utf-8") == zh
    text = (folder / "report.en.md").read_text(encoding="utf-8")
    # the reasons are said again in English, none is left in Chinese (names aside)
    short = text.split("\n## 7.")[1].split("\n## 8.")[0]
    names = pd.read_csv(folder / "allocation.csv")["name"]
    for n in [*names, "大庙镇", "府城镇"]:
        short = short.replace(n, "")
    short = re.sub(r"\([\u4e00-\u9fff]+\)", "", short)  # glossary terms, as in the rules
    assert not re.search(r"[\u4e00-\u9fff]", short), short
    assert "used up (" in short and "is below the lowest funded competitor's" in short
    assert text.startswith("# 测试县 2026: annual land-use plan, quota allocation")
    assert "## 1. Overview" in text and "**Table 1. Construction land by town**" in text
    assert "| **Total** |" in text
    assert "limits are used up and limit this year's allocation" in text
    assert not re.search(
        r"[\u4e00-\u9fff]{2,}",
        text.replace("测试县", "")
        .replace("大庙镇", "")
        .replace("府城镇", "")
        .replace("王庄拆旧", "")
        .split("\n## 7.")[0]
        .replace("增减挂钩", "")
        .replace("占补平衡", "")
        .replace("占水田补水田", "")
        .replace("扩权强镇", "")
        .replace("土地整理复垦", "")
        .replace("项目", ""),
    )


def test_scenario_in_hectares_shows_hectares_with_mu_alongside(tmp_path):
    d = tiny_dict(
        units="ha",
        quota={"new_construction": 10, "pilot_reserve": 3},
        projects=[proj("P1", A, 5, 1), proj("P2", B, 8, 2)],
        linkage=[],
        reclamation=[],
    )
    folder = tmp_path / "run"
    run(write_scenario(tmp_path, d), out=folder)
    write_report(folder)
    text = (folder / "report.md").read_text(encoding="utf-8")
    assert "单位：公顷（括号内为亩）" in text
    assert "新增建设用地计划指标 10.0000 公顷（150.00 亩）" in text
    header, rows = table(folder, T["t_towns"])
    total = row(rows, T["total"])
    assert total[col(header, "安排面积")] == "10.0000 （150.00）"


def test_without_marginal_values_and_why_not_columns(tiny_run, tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(tiny_run, folder)
    (folder / "marginal.csv").unlink()
    a = allocation(folder).drop(columns=["value_needed", "extra_quota_needed"], errors="ignore")
    a.to_csv(folder / "allocation.csv", index=False)
    write_report(folder)
    text = (folder / "report.md").read_text(encoding="utf-8")
    assert T["t_marginal"] not in text
    assert T["col_value_needed"] not in text
    header, rows = table(folder, T["t_short"])
    assert header[-1] == "原因说明"


def test_marginal_values_and_why_not_when_present(tiny_run):
    marginal = pd.read_csv(tiny_run / "marginal.csv")
    header, rows = table(tiny_run, T["t_marginal"])
    assert len(rows) == len(marginal)
    budget = [r for r in rows if r[0] == "复垦整理资金预算"]
    assert budget and all(r[2] == "万元" for r in budget)  # per 万元, not per yuan
    header, rows = table(tiny_run, T["t_short"])
    a = allocation(tiny_run).set_index("project_id")
    p1 = row(rows, "P1 项目P1")
    assert num(p1[col(header, T["col_value_needed"])]) == pytest.approx(a.at["P1", "value_needed"])


def test_figures_are_placed_with_their_titles(tiny_run, tmp_path):
    from PIL import Image

    folder = tmp_path / "run"
    shutil.copytree(tiny_run, folder)
    (folder / "figures").mkdir()
    Image.new("RGB", (900, 600), "white").save(folder / "figures" / "county.png")
    Image.new("RGB", (600, 900), "white").save(folder / "figures" / f"town-{A}.png")
    write_report(folder)
    text = (folder / "report.md").read_text(encoding="utf-8")
    assert "![图1　测试县 2026年度新增建设用地计划指标分配图](figures/county.png)" in text
    assert f"![图2　大庙镇 2026年度用地安排图](figures/town-{A}.png)" in text
    doc = Document(str(folder / "report.docx"))
    assert len(doc.inline_shapes) == 2
    tall = doc.inline_shapes[1]
    assert tall.height.mm <= 200.5  # a tall figure is scaled to fit the page


def test_written_whole_and_rewritten_in_place(tiny_run, tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(tiny_run, folder)
    before = (folder / "report.md").read_text(encoding="utf-8")
    paths = write_report(folder)
    assert [p.name for p in paths] == ["report.docx", "report.md"]
    assert (folder / "report.md").read_text(encoding="utf-8") == before
    assert not [p for p in folder.iterdir() if ".partial" in p.name]


def test_a_failed_report_leaves_no_file(tiny_run, tmp_path, monkeypatch):
    from landplan.outputs import report as R

    folder = tmp_path / "run"
    shutil.copytree(tiny_run, folder)
    for name in ("report.docx", "report.md"):
        (folder / name).unlink()

    def broken(doc):
        raise RuntimeError("boom")

    monkeypatch.setattr(R, "render_md", broken)
    with pytest.raises(RuntimeError):
        write_report(folder)
    assert not [p for p in folder.iterdir() if p.name.startswith((".report", "report"))]


def test_not_a_run_folder(tmp_path):
    with pytest.raises(RunFolderError, match="is not a run folder"):
        write_report(tmp_path)


def test_document_is_built_once_for_both_renderers(tiny_run):
    doc = build_document(tiny_run)
    assert render_md(doc) == (tiny_run / "report.md").read_text(encoding="utf-8")


# --- LibreOffice ------------------------------------------------------------------------


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(  # under CI a missing LibreOffice fails instead of skipping
    (_soffice() is None or shutil.which("pdftotext") is None) and not os.environ.get("CI"),
    reason="LibreOffice and poppler-utils are not installed",
)
def test_libreoffice_opens_it_as_an_a4_document(county_run, tmp_path):
    out = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(county_run / "report.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = out / "report.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 5 <= pages <= 30
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert (round(w), round(h)) == (595, 842)  # A4 portrait, first page
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", text)
    assert "凤阳县（测试）2026年度土地利用计划指标分解方案" in flat
    assert i18n.text("synthetic", "zh") in flat
    a = allocation(county_run)
    assert f"{a['allocated'].sum():,.2f}" in text
    for title in ("乡镇新增建设用地计划指标分解表", "耕地占补平衡表", "项目用地安排明细表"):
        assert title in flat
    numbers = [re.findall(r"—\s*(\d+)\s*—", page) for page in text.split("\f")[:pages]]
    assert numbers[0] == [] and numbers[1] == ["2"] and numbers[-1] == [str(pages)]  # no number
    # on the cover


# --- the shipped demo -------------------------------------------------------------------


@pytest.mark.skipif(not DEMO.is_file(), reason="scenarios/demo.yaml is not there")
def test_the_demo_report_reconciles(tmp_path):
    folder = tmp_path / "demo"
    run(DEMO, out=folder)
    write_report(folder)
    a = allocation(folder)
    header, rows = table(folder, T["t_projects"])
    total = row(rows, T["total"])
    assert num(total[col(header, "安排面积")]) == pytest.approx(a["allocated"].sum(), abs=0.005)
    assert len(rows) == len(a) + 1
    md = md_tables((folder / "report.md").read_text(encoding="utf-8"))
    dx = docx_tables(folder / "report.docx")
    assert [t[2] for t in md] == [t[1:] for t in dx]


def test_reasons_said_again_in_the_runs_language_are_the_runs_own(tiny_run):
    """The report recomposes each reason from reasons.json with the same remedy wording the
    run wrote into allocation.csv."""
    from landplan.outputs.narrative import reasons_in

    a = allocation(tiny_run)
    again = reasons_in(tiny_run, a, "mu", "zh")
    short = a["status"].isin(["unfunded", "partial"])
    assert short.any()
    assert [x for x, s in zip(again, short, strict=True) if s] == list(a.loc[short, "reason"])
    assert all("亩均效益达到" in r or "无论效益多高" in r for r in a.loc[short, "reason"])


def test_without_why_not_no_remedy_is_claimed(tmp_path):
    folder = tmp_path / "run"
    run(write_scenario(tmp_path, tiny_dict()), out=folder, whynot=False, maps=False)
    a = allocation(folder)
    short = a[a["status"].isin(["unfunded", "partial"])]
    assert len(short) == 2
    for reason in short["reason"]:
        assert "无论效益多高" not in reason and "仅增加县级指标" not in reason
        assert "亩均效益达到" not in reason and "追加县级指标" not in reason
    assert short.iloc[0]["reason"].startswith("获配 25/50 亩；")


@pytest.mark.parametrize("fixture", ["tiny_run", "county_run"])
def test_hectares_are_the_shown_mu_converted_everywhere(fixture, request):
    """Every area in the document, in tables and text, shows as 公顷 exactly its shown 亩 / 15
    (so 379.79 亩 is 25.3193 公顷 in every table, never 25.3191 in one and 25.3192 in another)."""
    folder = request.getfixturevalue(fixture)
    text = (folder / "report.md").read_text(encoding="utf-8")
    pairs = re.findall(r"(-?[\d,]+\.\d{2}) (?:（|亩（)(-?[\d,]+\.\d{4})(?:）| 公顷）)", text)
    assert len(pairs) > 50
    for mu, ha in pairs:
        assert f"{float(mu.replace(',', '')) / 15:,.4f}" == ha, (mu, ha)


def test_area_pair_converts_the_rounded_figure():
    from landplan.outputs.report_tables import area_pair

    assert area_pair(379.7866, "mu") == ("379.79", "25.3193")  # 379.7866 / 15 = 25.3191
    assert area_pair(25.31912, "ha") == ("25.3191", "379.79")
    assert area_pair(-1e-12, "mu") == ("0.00", "0.0000")


def test_xlsx_headings_are_all_chinese_and_key_category_is_not_the_priority_flag(tiny_run):
    sheets = pd.read_excel(tiny_run / "allocation.xlsx", sheet_name=None)
    for name, df in sheets.items():
        english = [c for c in df.columns if re.fullmatch(r"[A-Za-z_0-9 ]+", str(c))]
        assert english == [], name
    p = sheets["项目安排"]
    assert "足额保障所需亩均效益" in p.columns and "足额保障需追加县级指标" in p.columns
    assert "重点项目（必保）" in p.columns
    assert i18n.word(i18n.CATEGORY, "key", "zh") == "重点类项目"
