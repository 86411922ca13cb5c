"""The demo's plan document as the county government receives it: converted by LibreOffice to
PDF and read back page by page with pdftotext (cover, 目录, no orphan page, no "0.0001", tables
on one page, the paragraph on what went unfunded), the bureau's own Word template, and the
English document's headings and counts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pandas as pd
import pytest
from docx import Document

from landplan.outputs.figures import redraw_figures
from landplan.outputs.narrative import build_document, overview
from landplan.outputs.report import fit_widths, text_pt, write_report
from landplan.outputs.report_tables import Fmt, table_size
from landplan.run import run
from tests.data.make_bureau_template import FOOTER, HEADER, TABLE_STYLE
from tests.outputs.test_report import md_tables, section, tiny_dict, write_scenario

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "scenarios" / "demo.yaml"
TEMPLATE = REPO / "tests" / "data" / "bureau.docx"
ORG = "凤阳县自然资源和规划局"


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


needs_office = pytest.mark.skipif(  # under CI a missing LibreOffice fails instead of skipping
    (_soffice() is None or shutil.which("pdftotext") is None) and not os.environ.get("CI"),
    reason="LibreOffice and poppler-utils are not installed",
)


def to_pdf(docx: Path, out: Path) -> list[str]:
    """The document converted by LibreOffice (a profile of its own), as the text of each page
    (a page showing a figure gets "[figure]" as a line of its own)."""
    profile = Path(f"/tmp/landplan-lo-{uuid.uuid4().hex}")
    try:
        subprocess.run(
            [_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
             "--convert-to", "pdf", "--outdir", str(out), str(docx)],
            check=True, capture_output=True, timeout=300,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = out / (docx.stem + ".pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    for n in {int(line.split()[0]) for line in images if line.strip()}:
        pages[n - 1] += "\n[figure]\n"
    return pages


def lines_of(page: str) -> list[str]:
    """A page's lines of text, its page number left out."""
    return [x.strip() for x in page.splitlines()
            if x.strip() and not re.fullmatch(r"—\s*\d+\s*—", x.strip())]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    if not DEMO.is_file():
        pytest.skip("scenarios/demo.yaml is not there")
    folder = tmp_path_factory.mktemp("demo") / "run"
    run(DEMO, out=folder)
    redraw_figures(folder)
    write_report(folder, org=ORG, date="2026年5月20日")
    write_report(folder, lang="en")
    return folder


@pytest.fixture(scope="module")
def demo_pages(demo, tmp_path_factory) -> list[str]:
    return to_pdf(demo / "report.docx", tmp_path_factory.mktemp("pdf"))


@needs_office
def test_the_demo_document_as_the_county_receives_it(demo, demo_pages):
    pages = demo_pages
    flat = [re.sub(r"\s+", "", p) for p in pages]
    # the cover: title, 编制单位 and date; no hash, no solver, no page number
    assert "凤阳县（合成示例）" in flat[0] and "2026年度土地利用计划指标分解方案" in flat[0]
    assert f"编制单位：{ORG}" in flat[0] and "编制日期：2026年5月20日" in flat[0]
    assert not re.search(r"[0-9a-f]{12}", pages[0]) and "HiGHS" not in pages[0]
    assert not re.search(r"—\s*\d+\s*—", pages[0])
    # then the 目录, listing the sections and the appendices
    assert "目录" in flat[1] and "一、总体情况" in flat[1] and "附录技术说明" in flat[1]
    # the technical record is in the appendix, full SHA-256 and all, on the last pages
    assert re.search(r"[0-9a-f]{64}", "".join(pages[-2:]))
    assert "目标函数值" in "".join(flat[-2:])
    # numbers at their precision, words of a plan document, full-width brackets
    text = "\n".join(pages)
    assert "0.0001" not in text and "Q−R" not in text and "Q-R" not in text
    assert "(数量)" not in text and "(占用耕地)" not in text
    # no page holds only a closing line
    for n, page in enumerate(pages, 1):
        assert "[figure]" in page or len(lines_of(page)) >= 3, \
            f"page {n} holds only {lines_of(page)}"
    # a table that fits on a page is on one page: caption and last row together
    for caption, last in (("表3各层级用地保障情况表", "产业发展"), ("表4耕地占补平衡表", "三、补充耕地结余")):
        where = [i for i, p in enumerate(flat) if caption in p]
        assert len(where) == 1 and last in flat[where[0]], caption


@needs_office
def test_key_table_holds_must_fund_and_key_category(demo):
    a = pd.read_csv(demo / "allocation.csv", dtype={"project_id": str})
    md = (demo / "report.md").read_text(encoding="utf-8")
    title, header, rows = next(t for t in md_tables(md) if t[0] == "重点项目用地保障表")
    listed = {r[1].split(" ")[0] for r in rows[:-1]}
    key = set(a.loc[(a["category"] == "key") | a["priority"], "project_id"])
    assert listed == key and len(key) == 15  # 9 must-fund, 6 more of the key category
    kinds = {r[1].split(" ")[0]: r[header.index("类别")] for r in rows[:-1]}
    assert kinds["P009"] == "重点类" and kinds["P002"] == "必保" and kinds["P020"] == "必保、重点类"
    assert "“必保”项目是方案中标明必须足额保障的项目" in md


@needs_office
def test_the_paragraph_on_what_went_unfunded_names_tier_cap_value_and_site(demo):
    short = section((demo / "report.md").read_text(encoding="utf-8"), "未足额保障项目及原因")
    paras = [p.strip() for p in short.split("\n\n") if p.strip()]
    assert paras[0].startswith("未获足额保障的")  # the section opens with it
    para = paras[0]
    assert "（一）用地保障次序" in para and "产业发展层级（工业、商服、住宅）" in para
    assert "府城镇（已用 435.00/435.00 亩" in para and "临淮关镇（已用 217.00/217.00 亩" in para
    assert "亩均效益偏低" in para and "低于已获指标的同类项目（最低 21.81）" in para
    assert "选址不符合规划。6 个项目" in para and "占用永久基本农田" in para
    en = section((demo / "report.en.md").read_text(encoding="utf-8"),
                 "Projects not funded in full, and why")
    assert "town maximums: 府城镇 (435.00 of 435.00 mu used; 11 projects), 临淮关镇 (217.00 " \
        "of 217.00 mu used; 4 projects) have reached this year's maximum" in en


@needs_office
def test_town_sheets_a_page_each_with_every_name_whole(demo, demo_pages):
    """Each pilot town's sheet fills a landscape page; its projects follow in a table at 9 pt,
    names whole."""
    doc = Document(str(demo / "report.docx"))
    wide = [s for s in doc.sections if s.page_width > s.page_height]
    assert len(wide) >= 5  # four town sheets and the annex
    a = pd.read_csv(demo / "allocation.csv", dtype={"town": str})
    md = (demo / "report.md").read_text(encoding="utf-8")
    sheet = next(t for t in md_tables(md) if t[0] == "刘府镇项目用地安排一览表")
    names = [r[2] for r in sheet[2][:-1]]
    assert names == sorted(a.loc[a["town"] == "341126104", "name"],
                           key=lambda n: a.loc[a["name"] == n, "project_id"].iloc[0])
    assert sum("汽车零部件再制造项目" in n for n in names) == 4 and len(set(names)) == len(names)
    assert not any("…" in p for p in demo_pages)


def test_english_counts_agree_in_number():
    f = Fmt("mu", "en")
    alloc = pd.DataFrame({
        "status": ["funded", "conflict", "ineligible", "funded"],
        "priority": [True, True, False, False], "category": ["key", "key", "industrial", "key"],
        "requested": [10.0] * 4, "allocated": [10, 0, 0, 10], "from_quota": [10, 0, 0, 10],
        "from_linkage": [0.0] * 4,
    })
    one = " ".join(overview({"quota": {"new_construction": 30}}, alloc, "X", 2026, f))
    assert "2 are funded in full" in one and "1 is ineligible and 1 is a key project in " \
        "conflict" in one
    assert "Of 2 must-fund key projects, 1 is funded in full; 1 cannot be funded because its " \
        "site breaks the plan, and needs a new site" in one
    assert "1 other project of the key category is not marked must-fund; 1 is funded" in one
    alloc["status"] = ["conflict"] * 3 + ["funded"]
    three = " ".join(overview({"quota": {"new_construction": 30}}, alloc, "X", 2026, f))
    assert "3 are key projects in conflict" in three


def test_english_headings_never_break_inside_a_word(demo):
    """Every word of every heading of the English tables fits its column (widths at A4)."""
    doc = build_document(demo, lang="en")
    from docx.shared import Mm

    from landplan.outputs.narrative import TableBlock
    for b in doc.blocks:
        if not isinstance(b, TableBlock):
            continue
        t = b.table
        width = Mm(297 - 58) if t.landscape else Mm(210 - 54)
        size = table_size(t, width / 12700)
        assert size >= 7  # smaller than 小五 only for a table too wide at it, never below 7 pt
        widths = fit_widths(t, width, size)
        for head, wd in zip(t.columns, widths, strict=True):
            for word in re.findall(r"[^\s/]+", head):
                assert text_pt(word, size, bold=True) + 5.7 <= wd / 12700 + 1e-6, (
                    t.title, head, word)


def test_the_bureau_template_gives_header_footer_and_table_style(tmp_path):
    """report --template: the template's 红头 header and footer, its page setup, and its own
    table style on every table; its body text is gone."""
    root = tmp_path / "tiny"
    folder = root / "run"
    run(write_scenario(root, tiny_dict()), out=folder)
    write_report(folder, template=TEMPLATE, org=ORG)
    doc = Document(str(folder / "report.docx"))
    assert doc.tables and {t.style.name for t in doc.tables} == {TABLE_STYLE}
    assert HEADER in doc.sections[0].header.paragraphs[0].text
    assert FOOTER in doc.sections[0].footer.paragraphs[0].text
    for s in doc.sections:
        if s.page_height > s.page_width:
            assert round(s.top_margin.mm) == 30 and round(s.left_margin.mm) == 25
    texts = [p.text for p in doc.paragraphs]
    assert "（正文由 landplan 写入时替换）" not in texts
    assert f"编制单位：{ORG}" in texts and "一、总体情况" in texts


@needs_office
def test_the_template_header_shows_in_the_pdf(tmp_path):
    root = tmp_path / "tiny"
    folder = root / "run"
    run(write_scenario(root, tiny_dict()), out=folder)
    write_report(folder, template=TEMPLATE)
    pages = to_pdf(folder / "report.docx", tmp_path / "pdf")
    assert all(HEADER in p for p in pages)


def test_the_paragraph_without_reasons_json_still_names_caps_and_sites(demo):
    """An older run without reasons.json: the town caps and the sites are still said, from
    allocation.csv and constraints.csv alone."""
    from landplan.outputs.narrative import _constraints
    from landplan.outputs.report_tables.kinds import unfunded_kinds

    a = pd.read_csv(demo / "allocation.csv", dtype={"project_id": str, "town": str})
    a["priority"] = a["priority"].astype(bool)
    towns = pd.read_csv(demo / "towns.csv", dtype={"code": str})
    names = dict(zip(towns["code"], towns["name"], strict=True))
    text = unfunded_kinds(a, {"341126101", "341126102"}, _constraints(demo), names,
                          [], None, Fmt("mu", "zh"))
    assert text.startswith("未获足额保障的 26 个项目")
    assert "（一）乡镇用地上限。" in text and "选址不符合规划。6 个项目选址不符合用地规划" in text
