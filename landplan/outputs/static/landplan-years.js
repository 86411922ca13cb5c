/* landplan map.html of a rolling plan: the year selector (landplan/outputs/map_years.py).
   Every text was HTML-escaped in Python; this file only shows the chosen year: it sets the
   body's data-lp-year (CSS shows that year's variants) and restyles the sites and towns. */
var landplanYears = (function () {
  "use strict";

  var KEYS = ["color", "fillColor", "fillOpacity", "opacity", "dashArray", "weight", "radius"];

  /* A site (properties.y: the year its land is given, "" for none) or a town
     (properties.yc: its fill per year key). */
  function init(map, opts) {
    var sites = [], towns = [];
    map.eachLayer(function (l) {
      var p = l.feature && l.feature.properties;
      if (!p || !l.setStyle) { return; }
      if (typeof p.y === "string") {
        var base = {};
        KEYS.forEach(function (k) { if (k in l.options) { base[k] = l.options[k]; } });
        l.lpBase = base;
        sites.push(l);
      } else if (p.yc) {
        towns.push(l);
      }
    });

    function site(l, year) {
      var y = l.feature.properties.y;
      if (year === "all" || y === "" || y === year) {
        l.setStyle(l.lpBase);
        return;
      }
      var other = Object.assign({}, opts.other);
      if (l.feature.geometry.type === "Point") {  // a hollow ring in the status colour
        other.color = l.lpBase.fillColor;
        other.dashArray = null;
        other.weight = 2;
        other.radius = 4.5;
      }
      l.setStyle(other);
    }

    function show(year) {
      document.body.setAttribute("data-lp-year", year);
      sites.forEach(function (l) { site(l, year); });
      towns.forEach(function (l) { l.setStyle({ fillColor: l.feature.properties.yc[year] }); });
      document.querySelectorAll('input[name="lp-year"]').forEach(function (input) {
        input.checked = input.value === year;
      });
    }

    document.querySelectorAll('input[name="lp-year"]').forEach(function (input) {
      input.addEventListener("change", function () { if (input.checked) { show(input.value); } });
    });
    show(opts.start);
    return { show: show };
  }

  return { init: init };
})();
