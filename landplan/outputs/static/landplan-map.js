/* landplan map.html helpers: panes, layer options, labels. Every text a feature carries was
   HTML-escaped in Python (landplan/outputs/map.py); this file only places it. */
var landplan = (function () {
  "use strict";

  /* One pane per kind of layer, stacked in this order whatever is switched on or off. */
  function panes(map, names) {
    names.forEach(function (name, i) {
      map.createPane(name).style.zIndex = String(410 + 10 * i);
    });
  }

  /* L.geoJSON options. Polygons take `style` and points (circle markers) `dot`, unless a
     feature has its own style (properties.s). properties.p is the popup, or its index in
     `popups` when several features (a site's outline and its dot) share one; properties.t is
     the tooltip. */
  function options(pane, style, dot, popups) {
    function styleOf(f) {
      var p = f.properties || {};
      return p.s || (f.geometry && f.geometry.type === "Point" ? dot : style) || {};
    }
    return {
      pane: pane,
      interactive: !(style && style.interactive === false),
      style: styleOf,
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, Object.assign({ pane: pane }, styleOf(f)));
      },
      onEachFeature: function (f, layer) {
        var p = f.properties || {};
        var popup = typeof p.p === "number" ? popups[p.p] : p.p;
        if (popup) { layer.bindPopup(popup, { maxWidth: 400, minWidth: 260, autoPan: false }); }
        if (p.t) { layer.bindTooltip(p.t, { sticky: true, direction: "top", opacity: 0.95 }); }
      }
    };
  }

  /* Hatch patterns for zones drawn over the town shading (permanent basic farmland, red line):
     a feature whose fillColor is "url(#lp-hatch-NAME)" is filled with stripes and the town's
     colour shows between them. `hatches` is {name: [colour, angle]}. */
  function patterns(hatches) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "0");
    svg.setAttribute("height", "0");
    svg.style.position = "absolute";
    var defs = document.createElementNS(ns, "defs");
    Object.keys(hatches).forEach(function (name) {
      var p = document.createElementNS(ns, "pattern");
      p.setAttribute("id", "lp-hatch-" + name);
      p.setAttribute("patternUnits", "userSpaceOnUse");
      p.setAttribute("width", "8");
      p.setAttribute("height", "8");
      p.setAttribute("patternTransform", "rotate(" + hatches[name][1] + ")");
      var line = document.createElementNS(ns, "rect");
      line.setAttribute("width", String(hatches[name][2] || 3.2));
      line.setAttribute("height", "8");
      line.setAttribute("fill", hatches[name][0]);
      p.appendChild(line);
      defs.appendChild(p);
    });
    svg.appendChild(defs);
    document.body.appendChild(svg);
  }

  /* Text labels (town names) that never catch the mouse. */
  function labels(rows, pane) {
    return L.layerGroup(rows.map(function (r) {
      return L.marker(r[0], {
        pane: pane, interactive: false, keyboard: false,
        icon: L.divIcon({ className: "lp-label", html: r[1], iconSize: null })
      });
    }));
  }

  /* `lp-near` on the map container when zoomed in: site dots give way to the site outlines. */
  function nearClass(map, zoom) {
    function update() {
      map.getContainer().classList.toggle("lp-near", map.getZoom() >= zoom);
    }
    map.on("zoomend", update);
    update();
  }

  /* A north arrow among the map's controls (the page is in Web Mercator: north is up). */
  function north(map, title) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "lp-north");
      div.title = title;
      div.innerHTML = '<svg width="26" height="38" viewBox="0 0 26 38" aria-hidden="true">' +
        '<text x="13" y="11" text-anchor="middle" font-size="12" font-weight="700">N</text>' +
        '<path d="M13 13 L21 36 L13 30 Z" fill="#111"/>' +
        '<path d="M13 13 L5 36 L13 30 Z" fill="#fff" stroke="#111" stroke-width="1"/></svg>';
      return div;
    };
    control.addTo(map);
    return control;
  }

  /* The title and legend boxes (.lp-fold): a button folds each to its first line, and below
     `narrow` px of window width they start folded. */
  function panels(narrow, words) {
    document.querySelectorAll(".lp-fold").forEach(function (box) {
      var button = box.querySelector(".lp-toggle");
      function set(folded) {
        box.classList.toggle("lp-collapsed", folded);
        button.textContent = folded ? "▸" : "▾";
        button.title = folded ? words[1] : words[0];
        button.setAttribute("aria-expanded", folded ? "false" : "true");
      }
      box.lpFold = set;
      button.addEventListener("click", function (e) {
        e.stopPropagation();
        set(!box.classList.contains("lp-collapsed"));
      });
      set(window.innerWidth < narrow);
    });
  }

  function boxes() {
    return Array.prototype.filter.call(document.querySelectorAll(".lp-panel"), function (b) {
      return b.getBoundingClientRect().width > 0;
    });
  }

  /* Fit the county in the part of the map the title box leaves free. */
  function fit(map, bounds) {
    var top = 20, c = map.getContainer().getBoundingClientRect();
    var title = document.getElementById("lp-title");
    if (title) { top = Math.max(top, title.getBoundingClientRect().bottom - c.top + 10); }
    map.fitBounds(bounds, { paddingTopLeft: [20, top], paddingBottomRight: [20, 20],
                            animate: false });
  }

  /* An open popup is moved (the map panned) inside the map and clear of the title and legend
     boxes: the least move that clears each box; a box it cannot clear is folded. */
  function clearOf(map) {
    var pad = 10;
    function shift(r, dx, dy) {
      return { left: r.left + dx, right: r.right + dx, top: r.top + dy, bottom: r.bottom + dy };
    }
    function overlaps(a, b) {
      return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    }
    function inside(r, c) {
      return r.left >= c.left + pad - 0.5 && r.right <= c.right - pad + 0.5 &&
             r.top >= c.top + pad - 0.5 && r.bottom <= c.bottom - pad + 0.5;
    }
    map.on("popupopen", function (e) {
      var el = e.popup.getElement();
      if (!el) { return; }
      var r = el.getBoundingClientRect(), c = map.getContainer().getBoundingClientRect();
      var dx = 0, dy = 0;
      if (r.right > c.right - pad) { dx = c.right - pad - r.right; }
      if (r.left + dx < c.left + pad) { dx = c.left + pad - r.left; }
      if (r.bottom > c.bottom - pad) { dy = c.bottom - pad - r.bottom; }
      if (r.top + dy < c.top + pad) { dy = c.top + pad - r.top; }
      for (var round = 0; round < 2; round++) {
        boxes().forEach(function (box) {
          var b = box.getBoundingClientRect(), s = shift(r, dx, dy);
          if (!overlaps(s, b)) { return; }
          var moves = [[0, b.bottom + pad - s.top], [0, b.top - pad - s.bottom],
                       [b.right + pad - s.left, 0], [b.left - pad - s.right, 0]]
            .filter(function (m) { return inside(shift(s, m[0], m[1]), c); })
            .sort(function (m, n) {
              return Math.abs(m[0]) + Math.abs(m[1]) - Math.abs(n[0]) - Math.abs(n[1]);
            });
          if (moves.length) {
            dx += moves[0][0];
            dy += moves[0][1];
          } else if (box.lpFold) {
            box.lpFold(true);
          }
        });
      }
      if (dx || dy) { map.panBy([-dx, -dy], { animate: false }); }
    });
  }

  return { panes: panes, patterns: patterns, options: options, labels: labels,
           nearClass: nearClass, north: north, panels: panels, fit: fit, clearOf: clearOf };
})();
