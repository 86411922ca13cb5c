"""A rolling run's page in the workbench: the per-town table follows a year selector in the
map's words, in step with the map's own selector both ways; the project table says the year
each project's land is given; a one-year run's page has neither. The county is the hand county
of tests/outputs as a three-year plan (a few seconds to solve), one town named with a script."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from landplan.serve.results import run_view
from tests.outputs.county import make_county, make_rolling_county
from tests.security.hostile import SCRIPT
from tests.serve.conftest import serving

ROLLING, ONE_YEAR, NO_MAP = "runs/rolling", "runs/one-year", "runs/rolling-no-map"
SCRIPT_TOWN = f"{SCRIPT}刘府镇"


def three_year_county(folder: Path) -> Path:
    """The two-year hand county (make_rolling_county) over 2026–2028: P4 may wait for 2028, so
    every year gives land; 刘府镇 is named with a script."""
    path = make_rolling_county(folder)
    s = yaml.safe_load(path.read_text(encoding="utf-8"))
    s["horizon"] = {"from": 2026, "to": 2028}
    s["quota"] = {"new_construction": {2026: 60, 2027: 50, 2028: 40},
                  "pilot_reserve": {2026: 10, 2027: 10, 2028: 10}}
    s["towns"][0]["settled_migrants"] = {2026: 100, 2027: 120, 2028: 90}
    s["towns"][2]["name"] = SCRIPT_TOWN
    next(p for p in s["projects"] if p["id"] == "P4")["earliest"] = 2028
    path.write_text(yaml.safe_dump(s, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _run(top: Path, scenario: Path, out: str) -> None:
    done = subprocess.run([sys.executable, "-m", "landplan", "run", str(scenario), "--out", out,
                           "--no-why-not", "-q"], cwd=top, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.fixture(scope="module")
def years_folder(tmp_path_factory) -> Path:
    top = tmp_path_factory.mktemp("years-workbench")
    _run(top, three_year_county(top / "rolling"), ROLLING)
    _run(top, make_county(top / "one-year"), ONE_YEAR)
    shutil.copytree(top / ROLLING, top / NO_MAP)
    (top / NO_MAP / "map.html").unlink()
    return top


@pytest.fixture(scope="module")
def years_server(years_folder):
    with serving(years_folder) as url:
        yield url


def _by_year(folder: Path, year: str) -> list[list[str]]:
    """towns_by_year.csv's rows of `year` as the page writes them (names, counts, land with
    two decimals)."""
    t = pd.read_csv(folder / ROLLING / "towns_by_year.csv", dtype={"code": str, "year": str})
    t = t[t["year"] == year]
    return [[r["name"], str(r["projects"])] + [f"{r[c]:,.2f}" for c in (
        "allocated", "from_quota", "from_linkage", "farmland_taken")] for _, r in t.iterrows()]


def _rows(page, table: str) -> list[list[str]]:
    return page.locator(f"{table} tr").evaluate_all(
        "rows => rows.slice(1).map(r => [...r.cells].map(c => c.textContent))")


def _shown(page) -> list[str]:
    return page.locator("[data-town-year]").evaluate_all(
        "ds => ds.filter(d => !d.hidden).map(d => d.dataset.townYear)")


def test_the_view_of_a_rolling_run_and_of_a_one_year_run(years_folder):
    rolling = run_view(years_folder, years_folder / ROLLING, "zh")
    assert [y["label"] for y in rolling["years"]] == ["全部年度", "2026年", "2027年", "2028年"]
    assert [t["key"] for t in rolling["town_years"]] == ["2026", "2027", "2028"]
    assert rolling["town_years"][0]["columns"] == [
        "乡镇名称", "当年供地项目数", "安排面积", "计划指标", "挂钩指标", "占用耕地"]
    assert "供地年度" in rolling["project_columns"]
    english = run_view(years_folder, years_folder / ROLLING, "en")
    assert [y["label"] for y in english["years"]] == ["All years", "2026", "2027", "2028"]
    assert "Year land is given" in english["project_columns"]
    one = run_view(years_folder, years_folder / ONE_YEAR, "zh")
    assert one["years"] == [] and one["town_years"] == []
    assert "供地年度" not in one["project_columns"]


def test_the_town_table_follows_the_year_in_step_with_the_map(page, years_server, years_folder,
                                                              tmp_path):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{years_server}/run?path={ROLLING}")
    frame = page.frame_locator("#run-map")
    frame.locator(".leaflet-container").wait_for()
    assert page.locator("#town-years label").all_inner_texts() == [
        "全部年度", "2026年", "2027年", "2028年"]
    assert _shown(page) == ["all"]
    totals = pd.read_csv(years_folder / ROLLING / "towns.csv", dtype={"code": str})
    assert [r[0] for r in _rows(page, "#town-table")] == totals["name"].tolist()

    # the table's selector: 2027's figures, and the map shows 2027 too
    page.locator("#town-years label", has_text="2027年").click()
    assert _shown(page) == ["2027"]
    assert _rows(page, "#town-table-2027") == _by_year(years_folder, "2027")
    assert page.locator("#town-table-2027 tr th").all_inner_texts() == [
        "乡镇名称", "当年供地项目数", "安排面积", "计划指标", "挂钩指标", "占用耕地"]
    frame.locator("body[data-lp-year='2027']").wait_for(state="attached")
    assert frame.locator("input[name=lp-year][value='2027']").is_checked()
    page.set_viewport_size({"width": 1600, "height": 960})
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(300)
    shot = tmp_path / "workbench-years.png"  # a person should look at it
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 30_000

    # the map's selector: 2028 in the map, 2028 in the table
    frame.locator(".lp-years label", has_text="2028年").click()
    page.locator("#town-table-2028").wait_for()
    assert _shown(page) == ["2028"]
    assert page.locator("#town-years input[value='2028']").is_checked()
    assert _rows(page, "#town-table-2028") == _by_year(years_folder, "2028")
    frame.locator(".lp-years label", has_text="全部年度").click()
    page.locator("#town-table").wait_for()
    assert _shown(page) == ["all"]

    # the year each project's land is given, in the project table
    heads = page.locator("#project-table tr >> nth=0").locator("th").all_inner_texts()
    year = heads.index("供地年度")
    alloc = pd.read_csv(years_folder / ROLLING / "allocation.csv", dtype=str,
                        keep_default_na=False)
    for pid, given in zip(alloc["project_id"], alloc["year"], strict=True):
        cell = page.locator(f"#p-{pid} td").nth(year).inner_text()
        assert cell == (f"{given}年" if given else ""), pid
    assert {"2026", "2027", "2028", ""} <= set(alloc["year"])  # each year, and none

    # a project shown on the map while the map shows another single year: its year is shown
    # (its site would be drawn hollow otherwise); with every year shown, the map stays so
    given = dict(zip(alloc["project_id"], alloc["year"], strict=True))
    pid = next(p for p, y in given.items() if y == "2026")
    page.locator("#town-years label", has_text="2028年").click()
    frame.locator("body[data-lp-year='2028']").wait_for(state="attached")
    page.locator(f"#p-{pid} a.on-map").click()
    frame.locator("body[data-lp-year='2026']").wait_for(state="attached")
    assert page.locator("#town-years input[value='2026']").is_checked()
    assert _shown(page) == ["2026"]
    frame.locator(".leaflet-popup-content").wait_for()
    assert f"{pid} ·" in frame.locator(".leaflet-popup-content").inner_text()
    page.locator("#town-years label", has_text="全部年度").click()
    frame.locator("body[data-lp-year='all']").wait_for(state="attached")
    other = next(p for p, y in given.items() if y == "2027")
    page.locator(f"#p-{other} a.on-map").click()
    frame.locator(".leaflet-popup-content", has_text=f"{other} ·").wait_for()
    assert frame.locator("input[name=lp-year][value='all']").is_checked()
    assert _shown(page) == ["all"]

    # a town named with a script: text in every year's table, never a script
    for table in ("#town-table", "#town-table-2026", "#town-table-2027", "#town-table-2028"):
        assert SCRIPT_TOWN in [r[0] for r in _rows(page, table)], table
    assert page.locator("section.towns script").count() == 0
    assert SCRIPT not in page.content()  # escaped, as the totals are
    assert dialogs == []


def test_the_year_selector_works_without_the_map(page, years_server, years_folder):
    page.goto(f"{years_server}/run?path={NO_MAP}&lang=en")
    assert page.locator("#run-map").count() == 0
    assert page.locator("#town-years label").all_inner_texts() == [
        "All years", "2026", "2027", "2028"]
    page.locator("#town-years label", has_text="2026").click()
    assert _shown(page) == ["2026"]
    assert page.locator("#town-table-2026 tr th").all_inner_texts() == [
        "Town", "Projects given land", "Allocated", "From quota", "From linkage",
        "Farmland taken"]
    assert _rows(page, "#town-table-2026") == _by_year(years_folder, "2026")
    assert "Year land is given" in page.inner_text("#project-table tr >> nth=0")


def test_a_one_year_run_has_no_year_selector(page, years_server):
    page.goto(f"{years_server}/run?path={ONE_YEAR}")
    page.frame_locator("#run-map").locator(".leaflet-container").wait_for()
    assert page.locator("#town-years").count() == 0
    assert _shown(page) == ["all"]
    assert "供地年度" not in page.inner_text("#project-table tr >> nth=0")
    assert page.locator("#town-table tr").count() == 4  # heading and three towns
