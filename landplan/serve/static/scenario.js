/* landplan workbench, scenario page: edits, checks as you type, save with a diff first, run
   with progress. Every text from the server is put in with textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("scenario-data").textContent);
  var csrf = document.querySelector('meta[name="csrf"]').content;
  var W = data.words;
  var edits = {};            /* JSON of the path → {path, value} */
  var grids = {};
  var sha = data.sha;
  var timer = null;
  var checking = 0;

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body || {})
    }).then(function (r) {
      return r.json().then(function (j) { if (!r.ok) { throw j; } return j; });
    });
  }
  function q(path) { return "?path=" + encodeURIComponent(data.path); }
  function el(id) { return document.getElementById(id); }
  function list() { return Object.keys(edits).map(function (k) { return edits[k]; }); }

  function edited(path, value) {
    edits[JSON.stringify(path)] = { path: path, value: value };
    changed();
  }

  /* a row added, deleted or restored: a restored row drops its deletion; a row added and
     deleted again is sent as both, which writes nothing */
  function rowEdited(section, row, op) {
    var del = JSON.stringify(["delete", section, row]);
    if (op === "add") { edits[JSON.stringify(["add", section, row])] = { path: [section, row], row: "add" }; }
    else if (op === "delete") { edits[del] = { path: [section, row], row: "delete" }; }
    else { delete edits[del]; }
    var count = document.querySelector('#tabs button[data-tab="' + section + '"] .count');
    if (count) { count.textContent = String(grids[section].count()); }
    changed();
  }

  function changed() {
    var n = Object.keys(edits).length;
    el("edit-count").textContent = n ? n + " " + W.edits : "";
    el("save-button").disabled = !n;
    el("discard-button").disabled = !n;
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  }

  function check() {
    var mine = ++checking;
    el("problem-count").textContent = W.checking;
    post("/api/check" + q(), { edits: list() }).then(function (r) {
      if (mine === checking) { show(r.problems); }
    }, function (e) { show([{ text: e.error || String(e) }]); });
  }

  function show(problems) {
    var ul = el("problems");
    ul.textContent = "";
    el("problem-count").textContent = problems.length ? "(" + problems.length + ")" : "";
    if (!problems.length) {
      var li = document.createElement("li"); li.className = "ok"; li.textContent = W.no_problems;
      ul.appendChild(li);
    }
    var bySection = {};
    problems.forEach(function (p) {
      var li = document.createElement("li");
      li.textContent = p.text;
      if (p.section !== undefined && p.row !== null && p.row !== undefined) {
        (bySection[p.section] = bySection[p.section] || []).push(p);
        li.className = "link";
        li.addEventListener("click", function () { openTab(p.section); grids[p.section].scrollTo(p.row); });
      }
      ul.appendChild(li);
    });
    Object.keys(grids).forEach(function (s) { grids[s].setProblems(bySection[s] || []); });
    document.querySelectorAll("#tab-settings tr[data-path]").forEach(function (tr) {
      var mine = problems.filter(function (p) { return p.path === tr.dataset.path; });
      var box = tr.querySelector(".cell-problem");
      box.textContent = mine.map(function (p) { return p.text; }).join(" · ");
      var input = tr.querySelector("input");
      if (input) { input.classList.toggle("bad", mine.length > 0); }
    });
  }

  function openTab(name) {
    document.querySelectorAll("#tabs button").forEach(function (b) { b.classList.toggle("on", b.dataset.tab === name); });
    document.querySelectorAll("section.tab").forEach(function (s) { s.hidden = s.id !== "tab-" + name; });
    if (grids[name]) { grids[name].draw(); }
  }

  document.querySelectorAll("#tabs button").forEach(function (b) {
    b.addEventListener("click", function () { openTab(b.dataset.tab); });
  });
  data.grids.forEach(function (g) {
    grids[g.section] = new LandplanGrid.Grid(el("grid-" + g.section), g, edited, rowEdited, W);
  });
  document.querySelectorAll("input.field").forEach(function (input) {
    input.addEventListener("input", function () {
      input.classList.add("edited");
      edited(JSON.parse(input.dataset.path), input.value);
    });
  });
  check();  /* the file as it is: its problems come in once the page is drawn */

  /* save: the diff first, then the write */
  el("save-button").addEventListener("click", function () {
    post("/api/diff" + q(), { edits: list() }).then(function (r) {
      el("diff-text").textContent = r.diff || W.no_changes;
      el("diff-panel").hidden = false;
      show(r.problems);
    }, function (e) { alert(e.error || e); });
  });
  el("close-diff").addEventListener("click", function () { el("diff-panel").hidden = true; });
  el("confirm-save").addEventListener("click", function () {
    post("/api/save" + q(), { edits: list(), sha: sha }).then(function () {
      location.reload();
    }, function (e) { alert(e.error || e); });
  });
  el("discard-button").addEventListener("click", function () { location.reload(); });

  /* the whole of `landplan validate`, layers included, on the file as saved */
  el("validate-button").addEventListener("click", function () {
    var pre = el("validate-text");
    pre.hidden = false;
    pre.textContent = W.checking;
    post("/api/validate" + q()).then(function (r) { pre.textContent = r.text; pre.dataset.exit = r.exit; },
      function (e) { pre.textContent = e.error || String(e); });
  });

  /* run, with progress */
  var job = null;
  el("run-button").addEventListener("click", function () {
    post("/api/run" + q()).then(function (j) { job = j; el("run-panel").hidden = false; progress(j); poll(); });
  });
  el("cancel-button").addEventListener("click", function () {
    if (job) { post("/api/jobs/" + job.id + "/cancel").then(progress); }
  });
  function poll() {
    fetch("/api/jobs/" + job.id, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (j) {
      progress(j);
      if (j.state === "queued" || j.state === "running") { setTimeout(poll, 400); }
    });
  }
  function progress(j) {
    el("run-bar").style.width = Math.round(100 * j.fraction) + "%";
    el("run-panel").dataset.state = j.state;
    var ol = el("run-steps");
    ol.textContent = "";
    j.all_steps.forEach(function (s) {
      var li = document.createElement("li");
      li.textContent = W.steps[s] || s;
      li.dataset.step = s;
      if (j.steps.indexOf(s) >= 0) { li.className = s === j.step && j.state === "running" ? "now" : "done"; }
      ol.appendChild(li);
    });
    var words = W[j.state] + (j.state === "queued" && j.position ? " (" + j.position + ")" : "");
    el("run-state").textContent = words + (j.title ? ": " + j.title : "");
    var ul = el("run-problems");
    ul.textContent = "";
    (j.problems || []).forEach(function (p) { var li = document.createElement("li"); li.textContent = p; ul.appendChild(li); });
    el("cancel-button").hidden = !(j.state === "queued" || j.state === "running");
    var link = el("run-link");
    link.hidden = !j.run;
    if (j.run) { link.href = "/run?path=" + encodeURIComponent(j.run); }
  }
})();

/* sweep: sliders for the range, the chart filling in as points finish */
(function () {
  "use strict";
  var form = document.getElementById("sweep-form");
  if (!form) { return; }
  var data = JSON.parse(document.getElementById("scenario-data").textContent);
  var csrf = document.querySelector('meta[name="csrf"]').content;
  var W = data.words;
  var SVG = "http://www.w3.org/2000/svg";
  function el(id) { return document.getElementById(id); }
  function pct(v) { return (v > 0 ? "+" : "") + v + "%"; }
  [["sweep-from", pct], ["sweep-to", pct], ["sweep-steps", String]].forEach(function (p) {
    var input = el(p[0]);
    input.addEventListener("input", function () { el(p[0] + "-out").textContent = p[1](+input.value); });
  });
  el("sweep-button").addEventListener("click", function () {
    var body = { field: el("sweep-field").value, from: +el("sweep-from").value,
                 to: +el("sweep-to").value, steps: +el("sweep-steps").value };
    fetch("/api/sweep?path=" + encodeURIComponent(data.path), {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body)
    }).then(function (r) { return r.json(); }).then(function (job) {
      el("sweep-panel").hidden = false;
      if (job.error) { el("sweep-state").textContent = job.error; return; }
      poll(job.id);
    });
  });
  function poll(id) {
    fetch("/api/jobs/" + id, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (j) {
      el("sweep-panel").dataset.state = j.state;
      el("sweep-state").textContent = W[j.state] + " " + j.points.length + "/" + (j.total || "?") +
        (j.title ? ": " + j.title : "") + (j.problems.length ? " — " + j.problems.join("; ") : "");
      draw(j.points);
      var link = el("sweep-link");
      link.hidden = !j.run;
      if (j.run) { link.href = "/swept?path=" + encodeURIComponent(j.run); }
      if (j.state === "queued" || j.state === "running") { setTimeout(function () { poll(id); }, 300); }
    });
  }
  function draw(points) {
    var svg = el("sweep-svg");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var ok = points.filter(function (p) { return p.objective !== null; });
    if (!points.length) { return; }
    var xs = points.map(function (p) { return p.x; });
    var ys = ok.map(function (p) { return p.objective; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = ys.length ? Math.min.apply(null, ys) : 0, y1 = ys.length ? Math.max.apply(null, ys) : 1;
    if (x1 === x0) { x1 = x0 + 1; }
    if (y1 === y0) { y1 = y0 + 1; }
    function sx(x) { return 40 + 270 * (x - x0) / (x1 - x0); }
    function sy(y) { return 180 - 160 * (y - y0) / (y1 - y0); }
    function text(x, y, s, anchor) {
      var t = document.createElementNS(SVG, "text");
      t.setAttribute("x", x); t.setAttribute("y", y); t.setAttribute("text-anchor", anchor || "start");
      t.textContent = s; svg.appendChild(t);
    }
    var axis = document.createElementNS(SVG, "path");
    axis.setAttribute("d", "M40 20 V180 H310");
    axis.setAttribute("stroke", "#999"); axis.setAttribute("fill", "none");
    svg.appendChild(axis);
    text(36, 24, Math.round(y1).toLocaleString(), "end");
    text(36, 180, Math.round(y0).toLocaleString(), "end");
    text(40, 196, String(Math.round(x0)), "middle");
    text(310, 196, String(Math.round(x1)), "end");
    text(44, 14, W.objective);
    points.forEach(function (p) {
      var c = document.createElementNS(SVG, "circle");
      c.setAttribute("cx", sx(p.x));
      c.setAttribute("cy", p.objective === null ? 180 : sy(p.objective));
      c.setAttribute("r", 3.5);
      if (p.objective === null) { c.setAttribute("class", "bad"); }
      svg.appendChild(c);
    });
  }
})();
