"""The workbench in a real browser: the demo folder opened, edited, checked, run, looked at,
downloaded and compared; `../` and a wrong password refused. Tests run in file order and
share one server (and its runs)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from tests.serve.conftest import PASSWORD, serving

SCENARIO = "scenarios/demo.yaml"
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "workbench.png"


def open_scenario(page, server):
    page.goto(server + "/")
    page.click(f"text={SCENARIO}")
    # the grids are drawn by the page's script: once they are, its editors listen too
    page.wait_for_selector("#grid-projects .vgrid-row", state="attached")


def run_from_page(page, server) -> tuple[str, list[str]]:
    """Start a run on the scenario page; the states and steps the progress bar showed, and
    the run folder."""
    open_scenario(page, server)
    page.click("#run-button")
    seen: list[str] = []
    panel = page.locator("#run-panel")
    for _ in range(600):
        state = panel.get_attribute("data-state") or ""
        steps = page.locator("#run-steps li.done, #run-steps li.now").evaluate_all(
            "items => items.map(li => li.dataset.step)")
        seen.append(f"{state}:{','.join(steps)}")
        if state in ("done", "failed", "cancelled"):
            break
        page.wait_for_timeout(200)
    assert panel.get_attribute("data-state") == "done", (seen[-1], page.inner_text("#run-panel"))
    href = page.get_attribute("#run-link", "href")
    return href.split("path=", 1)[1].replace("%2F", "/"), seen


def test_open_the_demo(page, server):
    page.goto(server + "/")
    assert page.inner_text("h2 >> nth=0") == "方案"  # Chinese by default
    open_scenario(page, server)
    assert "quota.new_construction" in page.inner_text("#tab-settings")
    page.click("#tabs button[data-tab=projects]")
    first = page.locator("#grid-projects .vgrid-row[data-row='0'] .data").first
    assert first.inner_text() == "P001"
    assert page.locator("#grid-projects .vgrid-row").count() < 60  # only the rows in view
    page.wait_for_selector("#problems li.ok")
    assert page.inner_text("#problems") == "没有发现问题。"
    page.goto(server + "/?lang=en")
    assert page.inner_text("h2 >> nth=0") == "Scenarios"
    page.goto(server + "/?lang=zh")


def test_change_the_county_quota(page, server, demo_folder):
    open_scenario(page, server)
    field = page.locator("tr[data-path='quota.new_construction'] input")
    field.fill("1400")
    page.click("#save-button")
    page.wait_for_selector("#diff-panel:not([hidden])")
    diff = page.inner_text("#diff-text")
    assert "-  new_construction: 1329" in diff and "+  new_construction: 1400" in diff
    changed = [x for x in diff.splitlines()
               if x[:1] in "+-" and not x.startswith(("+++", "---"))]
    assert changed == ["-  new_construction: 1329", "+  new_construction: 1400"]
    with page.expect_navigation():
        page.click("#confirm-save")
    page.wait_for_selector("tr[data-path='quota.new_construction'] input")
    text = (demo_folder / SCENARIO).read_text(encoding="utf-8")
    assert "  new_construction: 1400\n" in text
    assert "# Quota for the year." in text  # the comments are kept
    assert page.locator("tr[data-path='quota.new_construction'] input").input_value() == "1400"


def test_validation_catches_a_bad_value(page, server, demo_folder):
    before = (demo_folder / SCENARIO).read_bytes()
    open_scenario(page, server)
    page.click("#tabs button[data-tab=projects]")
    area = page.locator("#grid-projects .vgrid-row[data-row='0'] .data[data-col='area']")
    area.click()
    page.locator("#grid-projects input.vgrid-editor").fill("abc")
    why = page.locator("#grid-projects .vgrid-row[data-row='0'] .why")
    why.filter(has_text="area").wait_for()
    expected = ("scenarios/demo.yaml, record projects #1 (P001), field `area`: must be a valid "
                "number, unable to parse string as a number, got 'abc'")
    assert why.inner_text() == expected  # the words of `landplan validate`
    assert "bad" in (area.get_attribute("class") or "")
    assert page.inner_text("#grid-projects .vgrid-tip") == expected  # right under the cell
    assert expected in page.inner_text("#problems")
    page.click("#validate-button")  # `landplan validate` itself, on the file as saved
    page.locator("#validate-text[data-exit='0']").wait_for()
    assert page.inner_text("#validate-text").startswith("OK scenarios/demo.yaml: demo (2026)")
    quota = page.locator("tr[data-path='quota.new_construction'] input")
    page.click("#tabs button[data-tab=settings]")
    quota.fill("-5")
    page.locator("tr[data-path='quota.new_construction'] .cell-problem").filter(
        has_text="must be greater than or equal to 0").wait_for()
    assert (demo_folder / SCENARIO).read_bytes() == before  # nothing saved


def test_run_with_progress(page, server, demo_folder):
    run, seen = run_from_page(page, server)
    assert any(s.startswith("running:") and s != "running:" for s in seen), seen
    assert "map" in seen[-1].split(":", 1)[1].split(",")
    assert page.locator("#run-steps li").all_inner_texts() == [
        "读取方案与图层", "用地空间核查", "建立模型", "求解", "分析原因", "写出结果", "绘制地图"]
    assert (demo_folder / run / "summary.json").is_file()
    assert not list((demo_folder / "runs").glob(".*"))  # nothing half-written beside it
    page.click("#run-link")
    page.wait_for_selector("#project-table")
    assert "P001" in page.inner_text("#project-table")
    # the solver's status and the projects' categories in the page's words, not the files'
    assert "状态: 已证明最优 · 目标值" in page.inner_text("main")
    table = page.inner_text("#project-table")
    assert "民生项目" in table and "livelihood" not in table and "funded" not in table


def _latest_run(demo_folder: Path) -> str:
    runs = sorted(p for p in (demo_folder / "runs").iterdir() if not p.name.startswith("."))
    return f"runs/{runs[-1].name}"


def test_open_a_popup_on_the_map(page, server, demo_folder, tmp_path):
    page.goto(f"{server}/run?path={_latest_run(demo_folder)}")
    frame = page.frame_locator("#run-map")
    frame.locator(".leaflet-container").wait_for()
    page.click("#p-P001 a.on-map")
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "P001" in popup.inner_text()
    page.set_viewport_size({"width": 1600, "height": 960})
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(500)
    # the README's picture of the workbench: LANDPLAN_SCREENSHOTS=1 writes it into docs/
    shot = SCREENSHOT if os.environ.get("LANDPLAN_SCREENSHOTS") else tmp_path / SCREENSHOT.name
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 50_000
    # the why-not panel of a project that fell short: its reason, in the run's words
    page.locator("a.why-link").first.click()
    panel = page.locator("tr.why-row:not([hidden])").first
    assert "原因" in panel.inner_text() and len(panel.inner_text()) > 20


def test_download_the_xlsx(page, server, demo_folder, tmp_path):
    run = _latest_run(demo_folder)
    page.goto(f"{server}/run?path={run}")
    with page.expect_download() as dl:
        page.click("#dl-allocation-xlsx")
    path = tmp_path / "allocation.xlsx"
    dl.value.save_as(path)
    wb = load_workbook(path, read_only=True)
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    head = list(rows[0])
    p001 = next(r for r in rows[1:] if r[0] == "P001")
    alloc = pd.read_csv(demo_folder / run / "allocation.csv", dtype={"project_id": str})
    want = alloc.loc[alloc["project_id"] == "P001", "allocated"].item()
    allocated = next(i for i, h in enumerate(head) if h and "安排" in str(h))
    assert p001[allocated] == pytest.approx(want), head


def test_compare_two_runs(page, server, demo_folder):
    first = _latest_run(demo_folder)
    open_scenario(page, server)
    page.locator("tr[data-path='quota.new_construction'] input").fill("1200")
    page.click("#save-button")
    page.wait_for_selector("#diff-panel:not([hidden])")
    with page.expect_navigation():
        page.click("#confirm-save")
    second, _ = run_from_page(page, server)
    assert second != first
    page.goto(server + "/")
    page.check(f"input[name=run][value='{first}']")
    page.check(f"input[name=run][value='{second}']")
    page.click("#compare-button")
    page.wait_for_selector("#compare-table")
    table = page.inner_text("#compare-table")
    assert "341126101" in table  # towns are compared
    assert page.locator("#compare-table tr").count() > 5
    head = page.inner_text("#compare-table tr >> nth=0")
    assert head.startswith("层级\t") and "town" not in table and "\tmu\t" not in table
    assert list((demo_folder / "compares").glob("compare-*/compare.csv"))


def test_a_sweep_set_with_sliders_fills_its_chart(page, server, demo_folder):
    open_scenario(page, server)
    for slider, value in (("#sweep-from", "-20"), ("#sweep-to", "10"), ("#sweep-steps", "4")):
        page.eval_on_selector(slider, "(el, v) => { el.value = v; "
                              "el.dispatchEvent(new Event('input')); }", value)
    assert page.inner_text("#sweep-from-out") == "-20%"
    page.click("#sweep-button")
    panel = page.locator("#sweep-panel")
    seen = set()
    for _ in range(900):
        seen.add(page.locator("#sweep-svg circle").count())
        if panel.get_attribute("data-state") in ("done", "failed", "cancelled"):
            break
        page.wait_for_timeout(200)
    assert panel.get_attribute("data-state") == "done", page.inner_text("#sweep-state")
    assert page.locator("#sweep-svg circle").count() == 4
    page.click("#sweep-link")
    page.wait_for_selector("#sweep-table")
    assert page.locator("#sweep-table tr").count() == 5  # heading and four points
    sweep = page.inner_text("#sweep-table")
    assert "求解状态" in sweep and "已证明最优" in sweep and "optimal" not in sweep
    assert list((demo_folder / "sweeps").glob("sweep-demo-*/sweep.png"))


def test_a_project_added_and_one_deleted_in_the_grid(page, server, demo_folder, tmp_path):
    before = (demo_folder / SCENARIO).read_bytes()
    open_scenario(page, server)
    page.click("#tabs button[data-tab=projects]")
    grid = page.locator("#grid-projects")
    page.click("#grid-projects .vgrid-add")
    new = grid.locator(".vgrid-row[data-row='100']")  # after the demo's 100 projects
    assert "added" in (new.get_attribute("class") or "")
    assert page.inner_text("#tabs button[data-tab=projects] .count") == "101"
    page.locator("#grid-projects input.vgrid-editor").fill("P101")  # its id cell is open
    # each missing field is marked in its own cell, in the words of `landplan validate`
    grid.locator(".vgrid-tip").wait_for(state="hidden")
    why = new.locator(".why")
    why.filter(has_text="`area`").wait_for()
    for col in ("name", "town", "category", "area"):
        cell = new.locator(f".data[data-col='{col}']")
        assert "bad" in (cell.get_attribute("class") or ""), col
        assert cell.get_attribute("title") == (
            f"scenarios/demo.yaml, record projects #101 (P101), field `{col}`: is required "
            "but missing")
    assert ("scenarios/demo.yaml, record projects #101 (P101), field `name`: is required but "
            "missing") in page.inner_text("#problems")
    shot = tmp_path / "rows.png"
    if os.environ.get("LANDPLAN_SCREENSHOTS"):
        shot = SCREENSHOT.with_name("workbench-rows.png")
    page.screenshot(path=str(shot))
    new.locator(".data[data-col='name']").click()
    for col, value in (("name", "府城镇冷链<物流>中心"), ("town", "341126101"),
                       ("category", "commercial"), ("area", "12.5")):
        editor = page.locator("#grid-projects input.vgrid-editor")
        assert editor.get_attribute("data-col") == col  # Tab went to the next cell
        editor.fill(value)
        editor.press("Tab")
    # the fields there, the cross-check follows: a value per mu, or what to derive it from
    why.filter(has_text="`value_per_mu`").wait_for()
    new.locator(".data[data-col='investment']").click()
    page.locator("#grid-projects input.vgrid-editor").fill("3000")
    page.wait_for_selector("#problems li.ok")
    assert not new.locator(".bad").count() and why.inner_text() == ""
    # delete P002: struck through, restorable, and gone from the count
    page.eval_on_selector("#grid-projects .vgrid-view", "v => { v.scrollTop = 0; }")
    p002 = grid.locator(".vgrid-row[data-row='1']")
    p002.locator(".vgrid-del").click()
    assert "deleted" in (p002.get_attribute("class") or "")
    assert page.inner_text("#tabs button[data-tab=projects] .count") == "100"
    page.wait_for_selector("#problems li.ok")
    page.click("#save-button")
    page.wait_for_selector("#diff-panel:not([hidden])")
    diff = page.inner_text("#diff-text")
    changed = [x for x in diff.splitlines() if x[:1] in "+-" and not x.startswith(("+++", "---"))]
    assert changed[:2] == ["-- id: P002", "-  name: 刘府镇养老服务中心"], changed
    assert len(changed) == 14 and all(x[0] == "-" for x in changed[:8])  # P002's own lines
    assert changed[-6:] == ["+- id: P101", "+  name: 府城镇冷链<物流>中心", "+  town: '341126101'",
                            "+  category: commercial", "+  area: 12.5", "+  investment: 3000"]
    with page.expect_navigation():
        page.click("#confirm-save")
    page.wait_for_selector("#tab-settings")
    text = (demo_folder / SCENARIO).read_text(encoding="utf-8")
    assert "# Quota for the year." in text  # the comments are kept
    assert "- id: P002\n" not in text and text.count("\n- id: P") == 100
    data = yaml.safe_load(text)
    assert data["projects"][-1] == {"id": "P101", "name": "府城镇冷链<物流>中心",
                                    "town": "341126101", "category": "commercial",
                                    "area": 12.5, "investment": 3000}
    assert page.inner_text("#tabs button[data-tab=projects] .count") == "100"
    (demo_folder / SCENARIO).write_bytes(before)  # the tests after use the demo as it was


@pytest.mark.parametrize("path", ["../../../../etc/passwd", "/etc/passwd",
                                  "scenarios/../../outside.yaml"])
def test_a_path_out_of_the_folder_is_refused(page, server, path):
    response = page.goto(f"{server}/scenario?path={path}")
    assert response.status == 403
    assert "工作台文件夹" in page.inner_text("#refusal-message")
    response = page.goto(f"{server}/file?path={path}")
    assert response.status == 403


def test_a_wrong_password_is_refused(page, demo_folder):
    with serving(demo_folder, "--password", env={"LANDPLAN_PASSWORD": PASSWORD}) as url:
        page.goto(url + "/")
        assert page.url.endswith("/login")
        page.fill("input[name=password]", "wrong-password")
        page.click("#login-button")
        assert page.inner_text("#login-refused") == "用户名或密码不正确。"
        response = page.goto(url + f"/scenario?path={SCENARIO}")
        assert page.url.endswith("/login") and response.status == 200
        page.fill("input[name=password]", PASSWORD)
        page.click("#login-button")
        page.wait_for_selector("ul.scenarios")
        cookie = next(c for c in page.context.cookies() if c["name"] == "landplan_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        assert re.search(r"scenarios/demo\.yaml", page.inner_text("ul.scenarios"))
