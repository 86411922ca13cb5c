"""map.html of a rolling plan: the year selector, opened in Chromium (Playwright with
Debian's chromium, offline). Choosing 2027 shows the sites given land in 2027 (allocation.csv)
in their status colour and a 2026 site hollow; each popup says the year; the towns' labels,
popups and legend say the chosen year's figures (towns_by_year.csv). A one-year map has none
of it."""

from __future__ import annotations

import csv
import html
import shutil

import pytest

from landplan.outputs.map import STATUS_COLORS, map_html
from landplan.outputs.map_years import OTHER_YEAR
from landplan.outputs.view import RunView
from tests.outputs.county import HOSTILE_TOWN

_SITES = """() => {
  var map = null;
  for (var k in window) { if (/^map_/.test(k) && window[k] instanceof L.Map) { map = window[k]; } }
  var out = [];
  map.eachLayer(function (l) {
    var p = l.feature && l.feature.properties;
    if (p && typeof p.y === "string") {
      out.push({tip: p.t, year: p.y, point: l.feature.geometry.type === "Point",
                fill: l.options.fillColor, dash: l.options.dashArray || null});
    }
  });
  return out;
}"""

_OPEN = """(text) => {
  var map = null;
  for (var k in window) { if (/^map_/.test(k) && window[k] instanceof L.Map) { map = window[k]; } }
  var hit = null, plain = document.createElement("textarea");
  map.eachLayer(function (l) {
    var p = l.feature && l.feature.properties;
    if (p && p.t) { plain.innerHTML = p.t; }  // the tooltip's text, character references read
    if (!hit && p && p.t && plain.value.indexOf(text) === 0 && l.feature.geometry.type !== "Point"
        && l.getElement && l.getElement()) { hit = l; }
  });
  map.fitBounds(hit.getBounds(), {maxZoom: 15, animate: false});
  hit.openPopup();
  return document.querySelector(".leaflet-popup-content").innerText;
}"""


@pytest.fixture
def page(browser):
    """A page that may load nothing but the file itself: every other request is refused and
    recorded, and every script error and alert() is recorded."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.lp_errors, pg.lp_requests = [], []
    pg.on("pageerror", lambda e: pg.lp_errors.append(str(e)))
    pg.on("console", lambda m: pg.lp_errors.append(m.text) if m.type == "error" else None)
    pg.on("dialog", lambda d: (pg.lp_errors.append(f"dialog: {d.message}"), d.dismiss()))

    def only_files(route):
        if route.request.url.startswith("file:"):
            return route.continue_()
        pg.lp_requests.append(route.request.url)
        return route.abort()

    pg.route("**/*", only_files)
    yield pg
    context.close()


def allocation(folder) -> dict[str, dict]:
    with open(folder / "allocation.csv", encoding="utf-8-sig") as f:
        return {r["project_id"]: r for r in csv.DictReader(f)}


def by_site(sites: list[dict], name: str) -> dict:
    """The outline (not the dot) of the site whose tooltip starts with `name`."""
    return next(s for s in sites if html.unescape(s["tip"]).startswith(name) and not s["point"])


def choose(page, year: str) -> None:
    page.click(f'.lp-years label:has(input[value="{year}"])')


def test_choosing_a_year_shows_that_years_sites_as_funded(rolling_run, page, artifacts):
    alloc = allocation(rolling_run)
    given = {pid: r["year"] for pid, r in alloc.items()}
    assert given["P1"] == "2026" and given["P2"] == given["P6"] == "2027"  # the hand plan
    page.goto((rolling_run / "map.html").resolve().as_uri())
    page.wait_for_function("document.body.getAttribute('data-lp-year') === 'all'")
    radios = page.eval_on_selector_all(".lp-years input", "els => els.map(e => e.value)")
    assert radios == ["all", "2026", "2027"]
    assert page.inner_text(".lp-years").split() == ["年度", "全部年度", "2026年", "2027年"]
    assert "2026—2027年" in page.inner_text("#lp-title .lp-h1")

    sites = page.evaluate(_SITES)
    name = {pid: r["name"] for pid, r in alloc.items()}
    status = {pid: r["status"] for pid, r in alloc.items()}
    for pid in ("P1", "P2", "P6"):  # the whole horizon: every site in its status colour
        assert by_site(sites, name[pid])["fill"] == STATUS_COLORS[status[pid]]

    choose(page, "2027")
    assert page.get_attribute("body", "data-lp-year") == "2027"
    sites = page.evaluate(_SITES)
    for pid, year in given.items():
        if pid not in ("P1", "P2", "P3", "P6"):  # P4, P5 and P7 are checked below or undrawn
            continue
        site = by_site(sites, name[pid])
        assert site["year"] == year
        if year == "2027":
            assert site["fill"] == STATUS_COLORS[status[pid]], pid
            assert site["dash"] is None
        elif year:
            assert site["fill"] == OTHER_YEAR["fillColor"], pid  # hollow: another year's
            assert site["dash"] == OTHER_YEAR["dashArray"]
            assert "2026年供地" in site["tip"]
        else:  # no land in either year: drawn as it always is
            assert site["fill"] == STATUS_COLORS[status[pid]], pid
    assert by_site(sites, name["P1"])["fill"] != STATUS_COLORS["funded"]

    text = page.evaluate(_OPEN, name["P1"])
    assert "供地年度 2026年\n" in text.replace("\t", " ")
    text = page.evaluate(_OPEN, name["P3"])
    assert "规划期内未供地" in text
    shot = page.screenshot(path=str(artifacts / "rolling-2027-popup.png"))
    assert shot

    # the towns: the chosen year's land in labels, legend and popup (towns_by_year.csv)
    labels = page.eval_on_selector_all(".lp-label", "els => els.map(e => e.innerText)")
    hostile = next(t for t in labels if HOSTILE_TOWN in t)  # shown as text, never markup
    assert "2027年 64 亩" in hostile
    assert page.locator(".lp-label b b").count() == 0
    assert "乡镇2027年安排面积" in page.inner_text("#lp-legend")
    assert "2027年计划指标 60 亩" in page.inner_text("#lp-title")
    page.evaluate(_OPEN, HOSTILE_TOWN + " ·")
    marked = page.eval_on_selector_all(
        ".leaflet-popup-content .lp-yt tr",
        "rows => rows.filter(r => getComputedStyle(r).fontWeight === '700')"
        ".map(r => r.innerText.split('\\t')[0])")
    assert marked == ["2027"]
    page.screenshot(path=str(artifacts / "rolling-2027-town.png"))

    choose(page, "all")  # back to the whole horizon
    sites = page.evaluate(_SITES)
    assert by_site(sites, name["P1"])["fill"] == STATUS_COLORS["funded"]
    assert "2026—2027年计划指标合计 120 亩" in page.inner_text("#lp-title")
    assert page.lp_errors == [] and page.lp_requests == []
    print(f"\nlook at: {artifacts}/rolling-2027-popup.png, rolling-2027-town.png")


def test_the_selector_speaks_english(rolling_run):
    view = RunView.from_folder(rolling_run)
    text = map_html(view, lang="en")
    assert ">All years<" in text and "Year land is given" in text
    assert "2026–2027: construction-land quota allocation (rolling plan)" in text
    assert "{{7*7}}" not in text  # braces as character references, markup escaped
    assert "&lt;b&gt;x&lt;&#47;b&gt;" in text and HOSTILE_TOWN not in text


def test_a_one_year_map_has_no_selector(view):
    text = map_html(view, lang="zh")
    for mark in ("lp-years", "landplanYears", "data-lp-show", "data-lp-year", "供地年度"):
        assert mark not in text, mark
    assert "凤阳县（测试） 2026年度新增建设用地计划指标分配图" in text


def test_the_redrawn_rolling_map_is_the_runs(rolling_run, tmp_path):
    """`landplan map` draws from the run folder (towns_by_year.csv read back) exactly the page
    the run drew from its solution."""
    from landplan.outputs.map import redraw_map

    copy = tmp_path / "run"
    shutil.copytree(rolling_run, copy)
    redraw_map(copy)
    assert (copy / "map.html").read_bytes() == (rolling_run / "map.html").read_bytes()
