/* landplan workbench, results page: a project's row opens its site's popup in the map (the
   run's own map.html, same origin) and its "why not" panel. */
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
})();
