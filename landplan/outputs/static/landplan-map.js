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
        if (popup) { layer.bindPopup(popup, { maxWidth: 400, minWidth: 260, autoPanPadding: [40, 40] }); }
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
      line.setAttribute("width", "3.2");
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

  return { panes: panes, patterns: patterns, options: options, labels: labels,
           nearClass: nearClass, north: north };
})();
