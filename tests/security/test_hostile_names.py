"""The hostile-name corpus (hostile.py) through every command, as a planner runs them: each
name shows literally in every output, and nothing in a name is ever evaluated.

One pair of runs for the whole corpus: `landplan run` twice (the second with more quota, to have
something to compare), then `map`, `figures`, `report` and `compare`, all as subprocesses."""

from __future__ import annotations

import csv
import html
import re
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import openpyxl
import pytest
import yaml
from docx import Document

from landplan.outputs.escape import FORMULA_START, read_csv
from tests.outputs.browser import inspect, needs_chromium, screenshot
from tests.security.hostile import (
    ATTRIBUTE,
    CORPUS,
    COUNTY,
    END_SCRIPT,
    JINJA_COMMENT,
    LINKAGE,
    NETWORK,
    PROJECTS,
    RECLAMATION,
    SCENARIO_NAME,
    SCRIPT,
    TOWNS,
    hostile_county,
)

ROOT = Path(__file__).resolve().parents[2]
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def landplan(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "landplan", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    """Folders and console output of run, run, map, figures, report and compare on the corpus."""
    top = tmp_path_factory.mktemp("hostile")
    a = hostile_county(top / "a")
    b = hostile_county(top / "b", quota=130)
    procs = {
        "run": landplan("run", str(a), "--out", "run_a", "--no-why-not", cwd=top),
        "run_b": landplan("run", str(b), "--out", "run_b", "--no-why-not", cwd=top),
    }
    procs["map"] = landplan("map", "run_a", cwd=top)
    procs["figures"] = landplan("figures", "run_a", cwd=top)
    procs["report"] = landplan("report", "run_a", cwd=top)
    procs["compare"] = landplan("compare", "run_a", "run_b", "--out", "cmp", cwd=top)
    return {"top": top, "run": top / "run_a", "cmp": top / "cmp", "procs": procs}


def _flat(text: str) -> str:
    """Console text with rich's line wrapping undone."""
    return " ".join(text.split())


def test_every_command_succeeds_and_prints_names_literally(hostile):
    for name, proc in hostile["procs"].items():
        assert proc.returncode == 0, f"{name}: {proc.stderr[-3000:]}"
        assert "Traceback" not in proc.stdout + proc.stderr
    shown = _flat(hostile["procs"]["run"].stdout)
    for name in [SCENARIO_NAME, COUNTY, *TOWNS.values()]:
        assert _flat(name) in shown, name
    assert f"priority project P5 {PROJECTS['P5']}:" in shown  # the conflict line


def test_no_name_was_run(hostile):
    """`{{ cycler.__init__.__globals__.os.system('touch PWNED') }}` touched nothing."""
    for where in (hostile["top"], hostile["run"], hostile["cmp"], ROOT, Path.cwd()):
        assert not (where / "PWNED").exists(), where


def test_map_source_holds_no_live_markup(hostile):
    text = (hostile["run"] / "map.html").read_text(encoding="utf-8")
    for raw in (SCRIPT, END_SCRIPT, "<img", ATTRIBUTE, "{{7*7}}", "{%", "{#"):
        assert raw not in text, raw
    assert "&lt;script&gt;alert(1)&lt;&#47;script&gt;" in text
    assert "&#123;&#123;7*7&#125;&#125;" in text


@needs_chromium
def test_map_shows_every_name_literally(hostile):
    page = hostile["run"] / "map.html"
    seen = inspect(page, hostile["top"], "alert(1)")  # P1 or P2: a <script> in the name
    assert seen["mapFound"] and seen["errors"] == [] and seen["stderr_console"] == []
    assert seen["resources"] == []  # `src=//…` in a name loads nothing
    assert COUNTY in seen["title"] and SCENARIO_NAME in seen["title"]
    labels = "\n".join(seen["labelTexts"])
    for town in TOWNS.values():
        assert town in labels
    assert "49" not in labels
    assert seen["popup"]["scripts"] == 0
    assert SCRIPT in seen["popup"]["text"] or END_SCRIPT in seen["popup"]["text"]
    for target, name in (("onmouseover", ATTRIBUTE), ("#c#", JINJA_COMMENT),
                         ("x.example", NETWORK)):
        seen = inspect(page, hostile["top"], target)
        assert seen["errors"] == [] and seen["popup"]["scripts"] == 0
        assert name in seen["popup"]["text"]
    print("look at:", screenshot(page, hostile["top"] / "hostile-map.png"))


@needs_chromium
def test_compare_map_shows_names_literally(hostile):
    page = hostile["cmp"] / "compare.html"
    text = page.read_text(encoding="utf-8")
    for raw in (SCRIPT, END_SCRIPT, "{{", "{%", "{#"):
        assert raw not in text, raw
    seen = inspect(page, hostile["top"], "")
    assert seen["mapFound"] and seen["errors"] == [] and seen["stderr_console"] == []
    assert COUNTY in seen["title"]
    labels = "\n".join(seen["labelTexts"])
    for town in TOWNS.values():
        assert town in labels


def test_report_docx_and_md_show_every_name(hostile):
    doc = Document(str(hostile["run"] / "report.docx"))
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    full = "\n".join(texts)
    md = (hostile["run"] / "report.md").read_text(encoding="utf-8")
    assert "<script" not in md and "<img" not in md
    shown = html.unescape(re.sub(r"\\(.)", r"\1", md))  # Markdown's escapes undone
    for name in CORPUS:
        assert name in full, name[:40]
        assert name in shown, name[:40]
    assert doc.core_properties.title.startswith(COUNTY)


def _strings(ws) -> tuple[set[str], list[str]]:
    cells = [c for row in ws.iter_rows() for c in row]
    formulas = [c.coordinate for c in cells if c.data_type == "f"]
    return {c.value for c in cells if isinstance(c.value, str)}, formulas


def test_xlsx_cells_are_the_names_as_text(hostile):
    book = openpyxl.load_workbook(hostile["run"] / "allocation.xlsx")
    expected = {"项目安排": PROJECTS, "乡镇汇总": TOWNS, "增减挂钩": LINKAGE,
                "土地整理": RECLAMATION}
    for sheet, names in expected.items():
        strings, formulas = _strings(book[sheet])
        assert formulas == []
        assert set(names.values()) <= strings, sheet
    book = openpyxl.load_workbook(hostile["cmp"] / "compare.xlsx")
    for ws in book.worksheets:
        strings, formulas = _strings(ws)
        assert formulas == [], ws.title
    strings, _ = _strings(book.worksheets[0])
    assert set(TOWNS.values()) <= strings


def _csvs(hostile) -> list[Path]:
    return sorted([*hostile["run"].glob("*.csv"), *hostile["cmp"].glob("*.csv")])


def test_no_csv_cell_is_a_formula(hostile):
    files = _csvs(hostile)
    assert {f.name for f in files} >= {"allocation.csv", "towns.csv", "linkage.csv",
                                       "reclamation.csv", "constraints.csv", "compare.csv"}
    for path in files:
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                for cell in row:
                    assert not cell.startswith(FORMULA_START) or NUMBER.fullmatch(cell), (
                        path.name, cell[:40])
    assert "'+cmd|' /C calc'!A0" in (hostile["run"] / "linkage.csv").read_text(encoding="utf-8")
    raw = (hostile["run"] / "allocation.csv").read_text(encoding="utf-8")
    assert ",'@SUM(1)," in raw and ",'-1+1," in raw and ",''=1+1," in raw


def test_csvs_read_back_exactly(hostile):
    run = hostile["run"]
    for name, key, names in (("allocation.csv", "project_id", PROJECTS),
                             ("linkage.csv", "id", LINKAGE), ("reclamation.csv", "id", RECLAMATION),
                             ("towns.csv", "code", TOWNS)):
        table = read_csv(run / name, dtype={key: str}, keep_default_na=False)
        assert dict(zip(table[key], table["name"], strict=True)) == names, name
    alloc = read_csv(run / "allocation.csv", dtype={"project_id": str})
    assert alloc["requested"].dtype.kind == "f" and alloc["allocated"].dtype.kind == "f"
    compare = read_csv(hostile["cmp"] / "compare.csv", dtype={"code": str}, keep_default_na=False)
    towns = compare[compare["code"].isin(TOWNS)]
    assert dict(zip(towns["code"], towns["name"], strict=True)) == TOWNS
    changed = compare[compare["code"].isin(PROJECTS)]
    assert len(changed) and all(PROJECTS[c] == n for c, n in zip(changed["code"],
                                                                 changed["name"], strict=True))
    change = [c for c in compare.columns if c.startswith("change_")]
    assert all(compare[c].dtype.kind == "f" for c in change)  # negative changes stay numbers


def test_gpkg_attributes_are_the_names(hostile):
    gpkg = hostile["run"] / "allocation.gpkg"
    for layer, key, names in (("project_sites", "project_id", PROJECTS),
                              ("towns", "code", TOWNS), ("linkage_parcels", "id", LINKAGE)):
        df = gpd.read_file(gpkg, layer=layer, engine="pyogrio")
        assert dict(zip(df[key], df["name"], strict=True)) == names, layer


def test_demo_town_named_with_template_syntax(tmp_path):
    """The demo county with its first town renamed 镇{{7*7}}: map.html never says 镇49."""
    demo = ROOT / "scenarios" / "demo.yaml"
    d = yaml.safe_load(demo.read_text(encoding="utf-8"))
    d["towns"][0]["name"] = "镇{{7*7}}"
    for key, value in d["layers"].items():
        if isinstance(value, str) and value.endswith(".gpkg"):
            d["layers"][key] = str((demo.parent / value).resolve())
    scenario = tmp_path / "demo.yaml"
    scenario.write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
    proc = landplan("run", str(scenario), "--out", "run", "--no-why-not", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = (tmp_path / "run" / "map.html").read_text(encoding="utf-8")
    assert "镇49" not in text
    assert "镇&#123;&#123;7*7&#125;&#125;" in text
    assert "镇{{7*7}}" in _flat(proc.stdout)
