"""Headless Chromium as a planner's browser, cut off from every network.

`screenshot` saves what a person sees. `inspect` opens a copy of the page with a small probe:
one script at the top of <head> records every error (uncaught exceptions, console.error,
failed resource loads), one at the end of <body> waits for the map, clicks a project site the
way a mouse does and writes what it finds into the page as JSON, which `--dump-dom` returns.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# No DNS and a dead proxy: any request that leaves the machine fails, and shows as an error.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    "--hide-scrollbars",
    "--lang=zh-CN",
]

# Under CI the tools are installed by .ci/run: a missing one fails the test instead of skipping.
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="Debian's chromium is not installed (apt-get install chromium)"
)

_ERRORS = """<script>
window.__lpErrors = [];
window.addEventListener("error", function (e) {
  var t = e.target && e.target !== window ? (e.target.src || e.target.href || e.target.tagName) : "";
  window.__lpErrors.push(t ? "resource failed: " + t : String(e.message));
}, true);
window.addEventListener("unhandledrejection", function (e) { window.__lpErrors.push(String(e.reason)); });
["alert", "confirm", "prompt"].forEach(function (f) {  // a name that ran would call one
  window[f] = function (m) { window.__lpErrors.push(f + " called: " + m); };
});
(function () {
  var orig = console.error;
  console.error = function () {
    window.__lpErrors.push(Array.prototype.join.call(arguments, " "));
    return orig.apply(console, arguments);
  };
})();
</script>"""

_PROBE = """<script>
(function () {
  var out = {errors: [], layers: [], overlays: [], paths: 0, labels: 0, popup: null};
  function find(map, text) {
    var hit = null;
    map.eachLayer(function (l) {
      var f = l.feature;
      if (!hit && f && f.properties && f.properties.t && f.properties.t.indexOf(text) >= 0
          && l.getElement && l.getElement() && f.geometry.type !== "Point") { hit = l; }
    });
    return hit;
  }
  try {
    var map = null;
    for (var k in window) {
      if (/^map_/.test(k) && window[k] instanceof L.Map) { map = window[k]; }
    }
    out.mapFound = !!map;
    document.querySelectorAll(".leaflet-control-layers-overlays label").forEach(function (el) {
      out.overlays.push({name: el.textContent.trim(),
                         checked: el.querySelector("input").checked});
    });
    out.paths = document.querySelectorAll(".leaflet-overlay-pane path, .leaflet-pane path").length;
    out.labels = document.querySelectorAll(".lp-label").length;
    out.labelTexts = Array.prototype.map.call(document.querySelectorAll(".lp-label"),
                                              function (el) { return el.innerText; });
    out.title = (document.getElementById("lp-title") || {}).innerText || null;
    out.legend = (document.getElementById("lp-legend") || {}).innerText || null;
    out.north = !!document.querySelector(".leaflet-control-container .lp-north");
    out.zoom = map.getZoom();
    function shown(sel) {
      return Array.prototype.filter.call(document.querySelectorAll(sel), function (el) {
        return getComputedStyle(el).display !== "none";
      }).length;
    }
    out.ruralDots = shown(".leaflet-lp-rural-pane path.lp-rdot");  // at the opening zoom
    var target = find(map, __TARGET__);
    if (target) {
      map.fitBounds(target.getBounds(), {maxZoom: 16, animate: false});
      var el = target.getElement();
      var box = el.getBoundingClientRect();
      var x = box.left + box.width / 2, y = box.top + box.height / 2;
      var evt = {bubbles: true, cancelable: true, clientX: x, clientY: y, view: window};
      el.dispatchEvent(new MouseEvent("mousedown", evt));
      el.dispatchEvent(new MouseEvent("mouseup", evt));
      el.dispatchEvent(new MouseEvent("click", evt));
    }
    out.ruralDotsNear = shown(".leaflet-lp-rural-pane path.lp-rdot");  // zoomed to the target
    var pop = document.querySelector(".leaflet-popup-content");
    if (pop) {
      out.popup = {text: pop.innerText, scripts: pop.querySelectorAll("script").length,
                   html: pop.innerHTML};
    }
    out.resources = performance.getEntriesByType("resource").map(function (e) { return e.name; });
  } catch (e) {
    out.errors.push("probe: " + e);
  }
  out.errors = out.errors.concat(window.__lpErrors);
  var pre = document.createElement("pre");
  pre.id = "lp-probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


def run_chromium(args: list[str], timeout: float = 90) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="lp-chromium-") as profile:
        env = dict(os.environ, HOME=profile)
        return subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
        )


def screenshot(page: Path, png: Path, size: tuple[int, int] = (1600, 1000)) -> Path:
    """What the page looks like after it settles (5 s of virtual time)."""
    proc = run_chromium(
        [
            f"--window-size={size[0]},{size[1]}",
            "--virtual-time-budget=5000",
            f"--screenshot={png}",
            page.resolve().as_uri(),
        ]
    )
    assert png.is_file(), proc.stderr[-2000:]
    return png


def probed_copy(page: Path, folder: Path, target: str) -> Path:
    """A copy of the page with the error recorder and the probe (clicking `target`)."""
    text = page.read_text(encoding="utf-8")
    text = text.replace("<head>", "<head>" + _ERRORS, 1)
    probe = _PROBE.replace("__TARGET__", json.dumps(target))
    text = text[: text.rindex("</html>")] + probe + "</html>"
    copy = folder / f"probed-{page.name}"
    copy.write_text(text, encoding="utf-8")
    return copy


def inspect(page: Path, folder: Path, target: str) -> dict:
    """Open the page, click the site whose tooltip contains `target`; what the probe saw."""
    copy = probed_copy(page, folder, target)
    proc = run_chromium(
        [
            "--window-size=1600,1000",
            "--virtual-time-budget=5000",
            "--dump-dom",
            copy.resolve().as_uri(),
        ]
    )
    found = re.search(r'<pre id="lp-probe">(.*?)</pre>', proc.stdout, re.S)
    assert found, f"the probe did not run:\n{proc.stderr[-3000:]}"
    result = json.loads(html.unescape(found.group(1)))
    result["stderr_console"] = [
        line for line in proc.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line
    ]
    return result
