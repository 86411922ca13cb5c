/* landplan workbench: an editable grid that draws only the rows in view (row elements are
   reused as they scroll out), so a list of 5,000 projects scrolls as fast as one of 50.
   Cells are plain text; the cell clicked gets the one editor input. Text goes in with
   textContent and input values only, never as HTML. Rows keep their numbers while the page
   is open: a row added goes at the end, a row deleted stays in place, struck through, until
   it is restored or the edits are saved. */
var LandplanGrid = (function () {
  "use strict";
  var ROW = 28;       /* px per row: fixed, so the row under any scroll offset is known */
  var EXTRA = 6;      /* rows drawn above and below the view */

  function Grid(el, spec, onEdit, onRow, words) {
    this.el = el;
    this.section = spec.section;
    this.columns = spec.columns;
    this.rows = spec.rows;
    this.base = spec.rows.length;  /* rows from the file; the ones after are new */
    this.onEdit = onEdit;
    this.onRow = onRow || function () {};
    this.words = words || {};
    this.deleted = {};    /* row → true */
    this.edited = {};     /* "row:col" → text */
    this.problems = {};   /* "row:col" → [text] */
    this.rowProblems = {};/* row → [text] */
    this.drawn = {};      /* row → element */
    this.pool = [];
    this.build();
  }

  Grid.prototype.build = function () {
    var self = this;
    this.el.textContent = "";
    this.el.classList.add("vgrid");
    var tools = document.createElement("div");
    tools.className = "vgrid-tools";
    this.addButton = document.createElement("button");
    this.addButton.type = "button";
    this.addButton.className = "vgrid-add";
    this.addButton.textContent = "+ " + (this.words.add_row || "Add a row");
    this.addButton.addEventListener("click", function () { self.addRow(); });
    tools.appendChild(this.addButton);
    var hint = document.createElement("span");
    hint.className = "vgrid-hint";
    hint.textContent = this.words.row_hint || "";
    tools.appendChild(hint);
    this.el.appendChild(tools);
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
    this.editor = document.createElement("input");
    this.editor.className = "vgrid-editor";
    this.editor.addEventListener("input", function () {
      var at = self.editing;
      if (!at) { return; }
      self.edited[at.key] = self.editor.value;
      self.onEdit([self.section, at.row].concat(at.col.split(".")), self.editor.value);
    });
    this.editor.addEventListener("blur", function () { self.stopEditing(); });
    this.tip = document.createElement("div");  /* the problem of the cell being edited */
    this.tip.className = "vgrid-tip";
    this.tip.hidden = true;
    this.editor.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === "Escape") { self.editor.blur(); }
      if (e.key === "Tab") { e.preventDefault(); self.moveEditing(e.shiftKey ? -1 : 1); }
    });
    this.view.addEventListener("scroll", function () {
      head.scrollLeft = self.view.scrollLeft;
      self.draw();
    });
    this.space.addEventListener("mousedown", function (e) {
      var cell = e.target.closest(".vgrid-cell.data");
      if (!cell || self.deleted[+cell.parentNode.dataset.row]) { return; }
      e.preventDefault();
      self.startEditing(cell);
    });
    this.space.addEventListener("click", function (e) {
      var button = e.target.closest(".vgrid-del");
      if (button) { self.toggleDeleted(+button.parentNode.parentNode.dataset.row); }
    });
    this.draw();
  };

  Grid.prototype.value = function (r, ci) {
    var key = r + ":" + this.columns[ci];
    return key in this.edited ? this.edited[key] : this.rows[r][ci];
  };

  Grid.prototype.draw = function () {
    var h = this.view.clientHeight || 480;
    var first = Math.max(0, Math.floor(this.view.scrollTop / ROW) - EXTRA);
    var last = Math.min(this.rows.length, Math.ceil((this.view.scrollTop + h) / ROW) + EXTRA);
    for (var k in this.drawn) {
      var n = +k;
      if (n < first || n >= last) {
        if (this.editing && this.editing.row === n) { continue; }
        this.pool.push(this.drawn[k]);
        delete this.drawn[k];
      }
    }
    for (var r = first; r < last; r++) {
      if (this.drawn[r]) { continue; }
      var row = this.pool.pop() || this.newRow();
      this.fill(row, r);
      if (!row.parentNode) { this.space.appendChild(row); }
      this.drawn[r] = row;
    }
    for (var i = 0; i < this.pool.length; i++) { this.pool[i].style.display = "none"; }
  };

  Grid.prototype.newRow = function () {
    var row = document.createElement("div");
    row.className = "vgrid-row";
    var num = document.createElement("div");
    num.className = "vgrid-cell num";
    var del = document.createElement("button");  /* delete the row, or restore it */
    del.type = "button";
    del.className = "vgrid-del";
    num.appendChild(del);
    num.appendChild(document.createElement("span"));
    row.appendChild(num);
    for (var ci = 0; ci < this.columns.length; ci++) {
      var cell = document.createElement("div");
      cell.className = "vgrid-cell data";
      cell.dataset.col = this.columns[ci];
      row.appendChild(cell);
    }
    var why = document.createElement("div");
    why.className = "vgrid-cell why";
    row.appendChild(why);
    return row;
  };

  Grid.prototype.fill = function (row, r) {
    row.style.display = "";
    row.style.top = (r * ROW) + "px";
    row.dataset.row = r;
    var cells = row.children, gone = !!this.deleted[r];
    var del = cells[0].firstChild;
    del.textContent = gone ? "\u21ba" : "\u2715";
    del.title = gone ? (this.words.restore_row || "Restore") : (this.words.delete_row || "Delete");
    cells[0].lastChild.textContent = String(r + 1);
    row.classList.toggle("deleted", gone);
    row.classList.toggle("added", r >= this.base);
    for (var ci = 0; ci < this.columns.length; ci++) {
      var cell = cells[ci + 1], key = r + ":" + this.columns[ci];
      cell.textContent = this.value(r, ci);
      cell.classList.toggle("edited", key in this.edited);
      var bad = this.problems[key];
      cell.classList.toggle("bad", !!bad);
      cell.title = bad ? bad.join("\n") : "";
    }
    var texts = this.rowProblems[r] || [];
    var why = cells[cells.length - 1];
    why.textContent = texts.join(" \u00b7 ");
    why.title = texts.join("\n");
    row.classList.toggle("has-problem", texts.length > 0);
  };

  Grid.prototype.startEditing = function (cell) {
    this.stopEditing();
    var row = +cell.parentNode.dataset.row, col = cell.dataset.col;
    this.editing = { row: row, col: col, key: row + ":" + col, cell: cell };
    this.editor.value = this.value(row, this.columns.indexOf(col));
    this.editor.dataset.col = col;
    cell.textContent = "";
    cell.appendChild(this.editor);
    this.editor.focus();
  };

  /* Tab and Shift+Tab: the next or previous cell of the row, as in a spreadsheet */
  Grid.prototype.moveEditing = function (step) {
    var at = this.editing;
    if (!at) { return; }
    var ci = this.columns.indexOf(at.col) + step;
    if (ci < 0 || ci >= this.columns.length) { this.editor.blur(); return; }
    this.stopEditing();
    var row = this.drawn[at.row];
    if (row) { this.startEditing(row.children[ci + 1]); }
  };

  Grid.prototype.stopEditing = function () {
    var at = this.editing;
    if (!at) { return; }
    this.editing = null;
    this.tip.hidden = true;
    if (this.editor.parentNode) { this.editor.parentNode.removeChild(this.editor); }
    var row = this.drawn[at.row];
    if (row) { this.fill(row, at.row); }
    this.draw();
  };

  Grid.prototype.setProblems = function (list) {
    this.problems = {};
    this.rowProblems = {};
    var self = this;
    list.forEach(function (p) {
      if (p.column) { (self.problems[p.row + ":" + p.column] = self.problems[p.row + ":" + p.column] || []).push(p.text); }
      (self.rowProblems[p.row] = self.rowProblems[p.row] || []).push(p.text);
    });
    for (var k in this.drawn) {
      if (!(this.editing && this.editing.row === +k)) { this.fill(this.drawn[k], +k); }
      else { this.markEditing(); }
    }
  };

  /* the row being edited keeps its editor; its marks and problem text are updated around it */
  Grid.prototype.markEditing = function () {
    var at = this.editing, row = this.drawn[at.row];
    for (var ci = 0; ci < this.columns.length; ci++) {
      var cell = row.children[ci + 1], problem = this.problems[at.row + ":" + this.columns[ci]];
      cell.classList.toggle("bad", !!problem);
      cell.title = problem ? problem.join("\n") : "";
    }
    var bad = this.problems[at.key];
    this.showTip(at, bad);
    var texts = this.rowProblems[at.row] || [];
    var why = row.children[row.children.length - 1];
    why.textContent = texts.join(" \u00b7 ");
    row.classList.toggle("has-problem", texts.length > 0);
  };

  Grid.prototype.showTip = function (at, texts) {
    if (!texts) { this.tip.hidden = true; return; }
    this.tip.textContent = texts.join("\n");
    this.tip.style.top = ((at.row + 1) * ROW + 2) + "px";
    this.tip.style.left = at.cell.offsetLeft + "px";
    if (!this.tip.parentNode) { this.space.appendChild(this.tip); }
    this.tip.hidden = false;
  };

  /* a new record at the end: drawn, scrolled to, and its first cell open for typing; the
     checks then say which fields it still needs */
  Grid.prototype.addRow = function () {
    var r = this.rows.length;
    this.rows.push(this.columns.map(function () { return ""; }));
    this.space.style.height = (this.rows.length * ROW) + "px";
    this.onRow(this.section, r, "add");
    this.scrollTo(r);
    var row = this.drawn[r];
    if (row) { this.startEditing(row.children[1]); }
  };

  Grid.prototype.toggleDeleted = function (r) {
    if (this.editing && this.editing.row === r) { this.stopEditing(); }
    if (this.deleted[r]) { delete this.deleted[r]; } else { this.deleted[r] = true; }
    this.onRow(this.section, r, this.deleted[r] ? "delete" : "restore");
    if (this.drawn[r]) { this.fill(this.drawn[r], r); }
  };

  /* records the file will hold once saved */
  Grid.prototype.count = function () {
    return this.rows.length - Object.keys(this.deleted).length;
  };

  Grid.prototype.scrollTo = function (r) {
    this.view.scrollTop = Math.max(0, r * ROW - 2 * ROW);
    this.draw();
  };

  return { Grid: Grid, ROW: ROW };
})();
