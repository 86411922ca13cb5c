/* landplan workbench: an editable grid that draws only the rows in view, so a list of
   5,000 projects scrolls as fast as one of 50. Text goes in with textContent and input
   values only, never as HTML. */
var LandplanGrid = (function () {
  "use strict";
  var ROW = 28;       /* px per row: fixed, so the row under any scroll offset is known */
  var EXTRA = 8;      /* rows drawn above and below the view */

  function Grid(el, spec, onEdit) {
    this.el = el;
    this.section = spec.section;
    this.columns = spec.columns;
    this.rows = spec.rows;
    this.onEdit = onEdit;
    this.edited = {};     /* "row:col" → text */
    this.problems = {};   /* "row:col" or "row:" → [text] */
    this.build();
  }

  Grid.prototype.build = function () {
    var self = this;
    this.el.textContent = "";
    this.el.classList.add("vgrid");
    var head = document.createElement("div");
    head.className = "vgrid-head";
    var cols = ["#"].concat(this.columns).concat(["\u26a0"]);
    cols.forEach(function (c, i) {
      var h = document.createElement("div");
      h.className = "vgrid-cell" + (i === 0 ? " num" : "") + (i === cols.length - 1 ? " why" : "");
      h.textContent = c;
      head.appendChild(h);
    });
    this.view = document.createElement("div");
    this.view.className = "vgrid-view";
    this.space = document.createElement("div");
    this.space.className = "vgrid-space";
    this.space.style.height = (this.rows.length * ROW) + "px";
    this.view.appendChild(this.space);
    this.el.appendChild(head);
    this.el.appendChild(this.view);
    this.view.addEventListener("scroll", function () {
      head.scrollLeft = self.view.scrollLeft;
      self.draw();
    });
    this.drawn = {};
    this.draw();
  };

  Grid.prototype.draw = function () {
    var h = this.view.clientHeight || 480;
    var first = Math.max(0, Math.floor(this.view.scrollTop / ROW) - EXTRA);
    var last = Math.min(this.rows.length, Math.ceil((this.view.scrollTop + h) / ROW) + EXTRA);
    var keep = {};
    for (var r = first; r < last; r++) {
      keep[r] = true;
      if (!this.drawn[r]) { this.drawn[r] = this.rowEl(r); this.space.appendChild(this.drawn[r]); }
    }
    for (var k in this.drawn) {
      if (!keep[k]) { this.space.removeChild(this.drawn[k]); delete this.drawn[k]; }
    }
  };

  Grid.prototype.rowEl = function (r) {
    var self = this;
    var row = document.createElement("div");
    row.className = "vgrid-row";
    row.style.top = (r * ROW) + "px";
    row.dataset.row = r;
    var num = document.createElement("div");
    num.className = "vgrid-cell num";
    num.textContent = String(r + 1);
    row.appendChild(num);
    this.columns.forEach(function (c, ci) {
      var cell = document.createElement("input");
      cell.className = "vgrid-cell";
      cell.dataset.col = c;
      var key = r + ":" + c;
      cell.value = key in self.edited ? self.edited[key] : self.rows[r][ci];
      if (key in self.edited) { cell.classList.add("edited"); }
      if (self.problems[key]) { cell.classList.add("bad"); cell.title = self.problems[key].join("\n"); }
      cell.addEventListener("input", function () {
        self.edited[key] = cell.value;
        cell.classList.add("edited");
        self.onEdit([self.section, r].concat(c.split(".")), cell.value);
      });
      row.appendChild(cell);
    });
    var why = document.createElement("div");
    why.className = "vgrid-cell why";
    var texts = [];
    for (var k in self.problems) { if (k.split(":")[0] === String(r)) { texts = texts.concat(self.problems[k]); } }
    why.textContent = texts.join(" · ");
    if (texts.length) { row.classList.add("has-problem"); why.title = texts.join("\n"); }
    row.appendChild(why);
    return row;
  };

  Grid.prototype.setProblems = function (list) {
    this.problems = {};
    var self = this;
    list.forEach(function (p) {
      var key = p.row + ":" + (p.column || "");
      (self.problems[key] = self.problems[key] || []).push(p.text);
    });
    this.redraw();
  };

  Grid.prototype.redraw = function () {
    for (var k in this.drawn) { this.space.removeChild(this.drawn[k]); }
    this.drawn = {};
    this.draw();
  };

  Grid.prototype.reset = function () { this.edited = {}; this.redraw(); };

  Grid.prototype.scrollTo = function (r) {
    this.view.scrollTop = Math.max(0, r * ROW - 2 * ROW);
    this.draw();
  };

  return { Grid: Grid, ROW: ROW };
})();
