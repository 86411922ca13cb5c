"""The demo's map.html at 1366×768, as on a county office's laptop: the popup of the key
project whose site breaks a rule (P020) opens whole, inside the window, above the title box,
and says which project it is and what became of it."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from landplan.run import run
from tests.outputs.browser import needs_chromium, run_chromium, screenshot

pytestmark = needs_chromium

DEMO = Path(__file__).resolve().parents[2] / "scenarios" / "demo.yaml"
SIZE = (1366, 768)

_PROBE = """<script>
(function () {
  var out = {errors: []};
  function rect(el) {
    var r = el.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  }
  function hidden(box, inside) {  // points of `box` where the page shows something else
    var bad = [];
    for (var i = 0; i <= 12; i++) {
      for (var j = 0; j <= 12; j++) {
        var x = box.left + 1 + (box.right - box.left - 2) * i / 12;
        var y = box.top + 1 + (box.bottom - box.top - 2) * j / 12;
        var el = document.elementFromPoint(x, y);
        if (!el || !inside.contains(el)) {
          bad.push([Math.round(x), Math.round(y), el ? (el.id || String(el.className)) : null]);
        }
      }
    }
    return bad;
  }
  try {
    var map = null;
    for (var k in window) {
      if (/^map_/.test(k) && window[k] instanceof L.Map) { map = window[k]; }
    }
    var title = document.getElementById("lp-title");
    out.titleFolded = title.classList.contains("lp-collapsed");
    out.legendFolded = document.getElementById("lp-legend").classList.contains("lp-collapsed");
    if (__UNFOLD__) { title.querySelector(".lp-toggle").click(); }
    out.titleFoldedAfter = title.classList.contains("lp-collapsed");
    var site = null;
    map.eachLayer(function (l) {
      var f = l.feature;
      if (!site && f && f.properties && f.properties.t && f.geometry.type === "Point"
          && f.properties.t.indexOf(__TARGET__) >= 0 && l.getElement && l.getElement()) {
        site = l;
      }
    });
    out.siteFound = !!site;
    var el = site.getElement(), b = el.getBoundingClientRect();
    var evt = {bubbles: true, cancelable: true, view: window,
               clientX: b.left + b.width / 2, clientY: b.top + b.height / 2};
    el.dispatchEvent(new MouseEvent("mousedown", evt));
    el.dispatchEvent(new MouseEvent("mouseup", evt));
    el.dispatchEvent(new MouseEvent("click", evt));
    var pop = document.querySelector(".leaflet-popup");
    var body = pop.querySelector(".leaflet-popup-content-wrapper");
    out.popup = rect(pop);
    out.text = pop.querySelector(".leaflet-popup-content").innerText;
    out.title = rect(title);
    out.legend = rect(document.getElementById("lp-legend"));
    out.window = {width: window.innerWidth, height: window.innerHeight};
    out.covered = hidden(rect(body), pop);
    // laid over the title box on purpose, the popup is still the one seen there
    var p = rect(body), t = rect(title);
    var dx = t.left + 30 - p.left, dy = t.top + 20 - p.top;
    map.panBy([-dx, -dy], {animate: false});
    var q = rect(body);
    var both = {left: Math.max(q.left, t.left), top: Math.max(q.top, t.top),
                right: Math.min(q.right, t.right), bottom: Math.min(q.bottom, t.bottom)};
    out.overlap = both;
    out.coveredOverTitle = hidden(both, pop);
    map.panBy([dx, dy], {animate: false});
  } catch (e) {
    out.errors.push("probe: " + e);
  }
  var pre = document.createElement("pre");
  pre.id = "lp-probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


@pytest.fixture(scope="module")
def demo_map(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo-map") / "run"
    run(DEMO, out=folder, jobs=1)
    return folder / "map.html"


def window_for(size: tuple[int, int], folder: Path) -> str:
    """The --window-size whose page is `size` inside: headless Chromium's page is shorter
    than its window by a bar it draws none of (143 px in Debian's 120–131)."""
    page = folder / "viewport.html"
    page.write_text('<html><body><pre id="v"></pre><script>document.getElementById("v")'
                    '.textContent = innerWidth + "x" + innerHeight;</script></body></html>',
                    encoding="utf-8")
    proc = run_chromium([f"--window-size={size[0]},{size[1]}", "--dump-dom",
                         page.resolve().as_uri()])
    w, h = map(int, re.search(r'<pre id="v">(\d+)x(\d+)</pre>', proc.stdout).groups())
    return f"--window-size={2 * size[0] - w},{2 * size[1] - h}"


def probe(page: Path, folder: Path, target: str, unfold: bool) -> tuple[dict, Path]:
    text = page.read_text(encoding="utf-8")
    script = _PROBE.replace("__TARGET__", json.dumps(target)).replace(
        "__UNFOLD__", "true" if unfold else "false")
    copy = folder / f"popup-{'unfolded' if unfold else 'folded'}.html"
    copy.write_text(text[: text.rindex("</html>")] + script + "</html>", encoding="utf-8")
    proc = run_chromium([window_for(SIZE, folder), "--virtual-time-budget=5000",
                         "--dump-dom", copy.resolve().as_uri()])
    found = re.search(r'<pre id="lp-probe">(.*?)</pre>', proc.stdout, re.S)
    assert found, f"the probe did not run:\n{proc.stderr[-3000:]}"
    return json.loads(html.unescape(found.group(1))), copy


@pytest.mark.parametrize("unfold", [False, True], ids=["as-opened", "title-unfolded"])
def test_conflict_popup_is_whole_and_above_the_title(demo_map, artifacts, unfold):
    seen, page = probe(demo_map, artifacts, "重点项目冲突", unfold)
    assert seen["errors"] == []
    assert seen["titleFolded"] and seen["legendFolded"], "below 1400 px the boxes start folded"
    assert seen["titleFoldedAfter"] is not unfold
    assert seen["siteFound"]
    p, w = seen["popup"], seen["window"]
    assert (w["width"], w["height"]) == SIZE
    assert p["left"] >= 0 and p["top"] >= 0, p
    assert p["right"] <= w["width"] and p["bottom"] <= w["height"], p
    assert seen["covered"] == [], "nothing lies over the popup"
    t = seen["title"]
    assert p["top"] >= t["bottom"] or p["left"] >= t["right"] or p["right"] <= t["left"], \
        "the popup opens clear of the title box"
    o = seen["overlap"]
    assert o["right"] - o["left"] > 50 and o["bottom"] - o["top"] > 20, o
    assert seen["coveredOverTitle"] == [], "over the title box, the popup is on top"
    text = seen["text"]
    assert text.splitlines()[0] == "武店镇省重点物流枢纽项目"
    assert "P020 · 武店镇" in text and "重点项目冲突" in text
    shot = screenshot(page, artifacts / f"{page.stem}.png", SIZE)
    print(f"\nlook at: {shot}")
