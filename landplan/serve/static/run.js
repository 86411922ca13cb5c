/* landplan workbench, results page: a project's row opens its site's popup in the map (the
   run's own map.html, same origin) and its "why not" panel. A rolling run's per-town table
   shows the year its selector names (every year's rows are in the page), in step with the
   map's own year selector (map_years.py: radios input[name=lp-year]) both ways. */
(function () {
  "use strict";
  document.querySelectorAll("a.why-link").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      var row = document.getElementById("why-" + a.dataset.id);
      row.hidden = !row.hidden;
    });
  });
  function leafletMap(win) {
    for (var k in win) {
      if (k.indexOf("map_") === 0 && win[k] && win.L && win[k] instanceof win.L.Map) { return win[k]; }
    }
    return null;
  }
  document.querySelectorAll("a.on-map").forEach(function (a) {
    a.addEventListener("click", function () {
      var frame = document.getElementById("run-map");
      var win = frame && frame.contentWindow;
      var map = win && leafletMap(win);
      if (!map) { return; }
      var id = a.dataset.id, found = null;
      /* a rolling run's map showing one other year draws this site hollow: show its year */
      if (a.dataset.year && typeof window.landplanShowYear === "function") {
        window.landplanShowYear(a.dataset.year);
      }
      map.eachLayer(function (layer) {
        if (found || !layer.getPopup || !layer.getPopup() || !layer.feature) { return; }
        var div = win.document.createElement("div");
        div.innerHTML = String(layer.getPopup().getContent());
        if ((div.textContent || "").indexOf(id + " \u00b7") >= 0) { found = layer; }
      });
      if (found) {
        var ll = found.getLatLng ? found.getLatLng() : found.getBounds().getCenter();
        /* the site a quarter of the map below the centre: the popup opens clear of the
           map's title block */
        map.setView(ll, Math.max(map.getZoom(), 14), { animate: false });
        map.panBy([0, -map.getSize().y * 0.25], { animate: false });
        found.openPopup(ll);
      }
    });
  });

  /* the per-town table of a rolling run: the horizon's totals or one year's figures */
  var choices = document.querySelectorAll('#town-years input[name="town-year"]');
  var frame = document.getElementById("run-map");
  function showTownYear(year) {
    var known = false;
    choices.forEach(function (input) {
      input.checked = input.value === year;
      known = known || input.checked;
    });
    if (!known) { return; }
    document.querySelectorAll("[data-town-year]").forEach(function (div) {
      div.hidden = div.dataset.townYear !== year;
    });
  }
  function mapRadios() {
    var doc = null;
    try { doc = frame && frame.contentWindow && frame.contentWindow.document; } catch (e) { doc = null; }
    return doc ? doc.querySelectorAll('input[name="lp-year"]') : [];
  }
  function showMapYear(year) {  /* map_years' own handler runs on the radio's change */
    mapRadios().forEach(function (input) {
      if (input.value === year && !input.checked) { input.click(); }
    });
  }
  function chosen() {
    var year = "all";
    choices.forEach(function (input) { if (input.checked) { year = input.value; } });
    return year;
  }
  function hookMap() {
    var radios = mapRadios();
    radios.forEach(function (input) {
      if (input.dataset.lpWorkbench) { return; }
      input.dataset.lpWorkbench = "1";
      input.addEventListener("change", function () {
        if (input.checked) { showTownYear(input.value); }
      });
    });
    if (radios.length) { showMapYear(chosen()); }  /* a year chosen before the map loaded */
  }
  /* the project links' call: the project's year in the map and the table, unless the map
     shows every year (the site is then drawn as it is) */
  window.landplanShowYear = function (year) {
    var shown = null;
    mapRadios().forEach(function (input) { if (input.checked) { shown = input.value; } });
    if (shown === null || shown === "all" || shown === year) { return; }
    showMapYear(year);
    showTownYear(year);
  };
  if (choices.length) {
    choices.forEach(function (input) {
      input.addEventListener("change", function () {
        if (!input.checked) { return; }
        showTownYear(input.value);
        showMapYear(input.value);
      });
    });
    showTownYear(chosen());  /* a choice the browser kept on going back to the page */
    if (frame) {
      frame.addEventListener("load", hookMap);
      if (frame.contentDocument && frame.contentDocument.readyState === "complete") { hookMap(); }
    }
  }
})();
