"""Benchmarks: `python bench/run.py` (add `--quick` for a small smoke version).

Generates its inputs with the demo generator into bench/out/, runs each case in a fresh
process (so peak memory is the case's own), and writes bench/out/results.json and
bench/out/results.md: wall time, peak memory and solver time per step. Each case also runs the
obvious way (geopandas.overlay of all parcels; the model rebuilt with PuLP and CBC per point;
counties one after another) and the table gives the ratio.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


# --- cases: each runs in its own process and prints one JSON object ---------------------------

def case_generate(args: dict) -> dict:
    from landplan.demo import generate_county

    t0 = time.perf_counter()
    generate_county(Path(args["scenario"]), Path(args["gis"]), n_projects=args["projects"],
                    n_parcels=args["parcels"], n_linkage=args.get("linkage", 10),
                    n_reclamation=args.get("reclamation", 8), seed=args.get("seed", 2026),
                    name=Path(args["scenario"]).stem)
    return {"generate": time.perf_counter() - t0}


def case_run(args: dict) -> dict:
    """`landplan run` end to end, in process, with the step timings it records."""
    import shutil

    from landplan.run import run

    shutil.rmtree(args["out"], ignore_errors=True)  # a repeated case writes the same folder
    t0 = time.perf_counter()
    r = run(args["scenario"], out=Path(args["out"]), solver=args.get("solver"),
            whynot=args.get("whynot", True), maps=args.get("map", True))
    wall = time.perf_counter() - t0
    t = r.summary["timings"]
    counts = r.summary["totals"]["projects"]
    out = {"wall": wall, **{f"step_{k}": v for k, v in t.items()},
           "objective": r.summary["objective"], "status": r.summary["status"],
           "projects": len(r.checked.scenario.projects),
           "short": counts.get("unfunded", 0) + counts.get("partial", 0)}
    if (Path(args["out"]) / "map.html").exists():
        out["map_html_mb"] = (Path(args["out"]) / "map.html").stat().st_size / 1e6
    return out


def case_farmland(args: dict) -> dict:
    """Layers read and farmland taken per project: landplan's path vs geopandas.overlay."""
    import importlib.util

    import geopandas as gpd

    from landplan.layers import check_sites
    from landplan.scenario import load_scenario

    s = load_scenario(args["scenario"])
    t0 = time.perf_counter()
    # the plain read, through Arrow as landplan reads (when pyarrow is installed)
    land = gpd.read_file(s.layer_source("landuse"), engine="pyogrio",
                         use_arrow=importlib.util.find_spec("pyarrow") is not None)
    read_only = time.perf_counter() - t0
    t0 = time.perf_counter()
    checks = check_sites(s)
    ours = time.perf_counter() - t0
    sites = checks.layers["project_sites"]
    t0 = time.perf_counter()
    cultivated = land[land["DLBM"].isin(["0101", "0102", "0103"])]
    both = gpd.overlay(sites[["id", "geometry"]], land[["DLBM", "KCXS", "geometry"]],
                       how="intersection", keep_geom_type=True)
    both = both[both["DLBM"].isin(["0101", "0102", "0103"])]
    naive = (both.geometry.area * (1 - both["KCXS"])).groupby(both["id"]).sum()
    overlay_only = time.perf_counter() - t0
    overlay = overlay_only + read_only
    from landplan.layers.farmland import farmland_taken

    t0 = time.perf_counter()
    farmland_taken(sites.geometry.to_numpy(), land, "DLBM", "KCXS")
    strtree_only = time.perf_counter() - t0
    ours_f = checks.projects["farmland"].fillna(0) * s.m2_per_unit
    naive = naive.where(naive > s.rules.area_tolerance_m2, 0.0)  # slivers count as 0, as ours
    common = naive.index.intersection(ours_f.index)
    diff = float((naive[common] - ours_f[common]).abs().max()) if len(common) else 0.0
    return {"parcels": len(land), "cultivated": len(cultivated), "sites": len(sites),
            "read_only": read_only, "checks": ours, "overlay_naive": overlay,
            "farmland_strtree": strtree_only, "farmland_overlay": overlay_only,
            "max_abs_diff_m2": diff}


def case_solve(args: dict) -> dict:
    """Build and solve a large model with one solver; all three stages."""
    from landplan.model import build_model, prepare
    from landplan.run import check
    from landplan.solve import solve

    c = check(args["scenario"])
    t0 = time.perf_counter()
    m = build_model(prepare(c.scenario, c.site_checks.projects if c.site_checks else None))
    build = time.perf_counter() - t0
    r = solve(m, solver=args["solver"], gap=0.0)
    binaries = sum(1 for v in m.problem.variables() if v.cat == "Integer")
    return {"build": build, "solve": r.seconds, "status": r.status, "objective": r.objective,
            "stages": {s.name: round(s.seconds, 3) for s in r.stages}, "binaries": binaries,
            "projects": len(c.scenario.projects), "settings": r.settings}


def case_sweep(args: dict) -> dict:
    """A quota sweep, both paths in parallel: one HiGHS model with bounds changed, and PuLP+CBC
    rebuilt at each point; then the obvious way: PuLP+CBC rebuilt, one point after another."""
    from landplan.analysis.sweep import run_sweep
    from landplan.analysis.vary import parse_vary
    from landplan.run import check
    from landplan.scenario.load import read_scenario_data

    c = check(args["scenario"])
    data, _ = read_scenario_data(args["scenario"])
    v = parse_vary("quota.new_construction=-30%..+30%", data, args["points"])
    sc = c.site_checks.projects if c.site_checks else None
    t0 = time.perf_counter()
    fast = run_sweep(args["scenario"], [v], solver="highs", jobs=args.get("jobs"),
                     site_checks=sc)
    t_fast = time.perf_counter() - t0
    out = {"points": len(fast), "fast": t_fast}
    if args.get("chart"):
        from landplan.analysis.sweep_outputs import chart

        t0 = time.perf_counter()
        chart(fast, [v], {t.code: t.name for t in c.scenario.towns}, "zh",
              Path(args["chart"]))
        out["chart"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    slow = run_sweep(args["scenario"], [v], solver="cbc", jobs=1, site_checks=sc)
    out["naive"] = time.perf_counter() - t0
    tol = 1e-8 * slow["objective"].abs().clip(lower=1.0)
    out["same_objective"] = bool(((fast["objective"] - slow["objective"]).abs() <= tol).all())
    return out


def case_batch(args: dict) -> dict:
    """A province as one batch, parallel, vs the counties one after another."""
    import pandas as pd

    from landplan.batch import run_batch

    folder = Path(args["folder"])
    t0 = time.perf_counter()
    par = run_batch(folder, Path(args["out"]) / "parallel", jobs=args.get("jobs"))
    t_par = time.perf_counter() - t0
    t0 = time.perf_counter()
    run_batch(folder, Path(args["out"]) / "sequential", jobs=1)
    t_seq = time.perf_counter() - t0
    same = True
    for name in par["scenario"]:
        stem = Path(name).stem
        a = pd.read_csv(Path(args["out"]) / "parallel" / stem / "allocation.csv")
        b = pd.read_csv(Path(args["out"]) / "sequential" / stem / "allocation.csv")
        same &= a.equals(b)
    return {"counties": len(par), "parallel": t_par, "sequential": t_seq,
            "all_optimal": bool((par["status"] == "optimal").all()), "same_tables": bool(same)}


def case_serve_open(args: dict) -> dict:
    """The workbench opening a scenario: the page (forms and the grid's data) from a cold
    start and once parsed, a check as the planner types; then in Chromium the first open of
    a workbench just started (nothing parsed yet: until the projects grid shows its rows), the
    same page again, and the grid scrolled."""
    import re
    import shutil
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from landplan.serve.app import Settings, create_app
    from landplan.serve.auth import Users

    scen = Path(args["scenario"]).resolve()
    rel = scen.name
    c = TestClient(create_app(Settings(scen.parent, Users(None))), base_url="http://127.0.0.1")
    t0 = time.perf_counter()
    r = c.get(f"/scenario?path={rel}")
    cold = time.perf_counter() - t0
    assert r.status_code == 200, r.text[:500]
    t0 = time.perf_counter()
    c.get(f"/scenario?path={rel}")
    warm = time.perf_counter() - t0
    token = re.search(r'name="csrf" content="([^"]+)"', r.text).group(1)
    t0 = time.perf_counter()
    checked = c.post(f"/api/check?path={rel}", headers={"X-CSRF-Token": token},
                     json={"edits": [{"path": ["projects", 4000, "area"], "value": "abc"}]})
    check = time.perf_counter() - t0
    out = {"open_cold": cold, "open_warm": warm, "check": check, "page_mb": len(r.content) / 1e6,
           "rows": r.text.count('"id"') and len(re.findall(r'\["P\d+', r.text)),
           "problems": len(checked.json()["problems"])}
    chromium = shutil.which("chromium")
    if chromium:
        out.update(_grid_frames(chromium, c.app, rel))
    return out


def _grid_frames(chromium: str, app, rel: str) -> dict:
    """The page in Chromium, served by uvicorn: time until the projects grid shows its rows,
    first with nothing parsed (the workbench just started, its warm-up parsing under way),
    then again; then the grid scrolled from top to bottom in 60 animation frames (mean and
    longest frame, ms)."""
    import socket
    import threading

    import uvicorn
    from playwright.sync_api import sync_playwright

    from landplan.serve import edit

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    url = f"http://127.0.0.1:{port}/scenario?path={rel}"

    def opened(page) -> float:
        t0 = time.perf_counter()
        page.goto(url)
        page.click("#tabs button[data-tab=projects]")
        page.wait_for_selector("#grid-projects .vgrid-row")
        return time.perf_counter() - t0

    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=chromium,
                                  args=["--no-sandbox", "--disable-gpu",
                                        "--disable-background-networking"])
            page = b.new_page(viewport={"width": 1400, "height": 900})
            edit._cache.clear()  # as started: the warm-up parse begins with the server
            threading.Thread(target=server.run, daemon=True).start()
            while not server.started:
                time.sleep(0.01)
            first = opened(page)
            time.sleep(1)  # the page's own first check, as typing would
            drawn = opened(page)
            scroll = """(by) => new Promise(done => {
                const view = document.querySelector('#grid-projects .vgrid-view');
                view.scrollTop = 0;
                const times = []; let i = 0, last = performance.now();
                function step(now) {
                    times.push(now - last); last = now;
                    view.scrollTop = by ? i * by : view.scrollHeight * (i / 60);
                    if (++i <= 60) requestAnimationFrame(step); else done(times.slice(1));
                }
                requestAnimationFrame(step);
            })"""
            jumps = page.evaluate(scroll, 0)  # top to bottom in 60 frames: every row new
            wheel = page.evaluate(scroll, 84)  # three rows a frame, as a mouse wheel does
            b.close()
    finally:
        server.should_exit = True
    return {"browser_first_open": first, "browser_open": drawn, "frame_mean_ms": sum(jumps) / len(jumps),
            "frame_max_ms": max(jumps), "wheel_mean_ms": sum(wheel) / len(wheel),
            "wheel_max_ms": max(wheel)}


CASES = {"generate": case_generate, "run": case_run, "farmland": case_farmland,
         "solve": case_solve, "sweep": case_sweep, "batch": case_batch,
         "serve_open": case_serve_open}


def in_process(case: str, args: dict) -> None:
    import resource

    result = CASES[case](args)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps(result, default=str))


# --- orchestration ------------------------------------------------------------------------------

def measure(case: str, **args) -> dict:
    """Run a case in a fresh process; its wall time includes interpreter start."""
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, __file__, "--case", case, json.dumps(args)],
                       capture_output=True, text=True, cwd=HERE.parent)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"case {case} failed:\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}")
    line = next(x for x in p.stdout.splitlines() if x.startswith("RESULT "))
    out = json.loads(line[7:])
    out["process_wall"] = wall
    print(f"  {case}: {json.dumps({k: _short(v) for k, v in out.items()})}", flush=True)
    return out


def median_of(n: int, key: str, case: str, **args) -> dict:
    """The run with the median `key` of n fresh runs (short cases, where one run's noise on a
    shared machine is a tenth of the figure); `key_runs` lists all n."""
    runs = sorted((measure(case, **args) for _ in range(n)), key=lambda r: r[key])
    out = runs[n // 2]
    out[f"{key}_runs"] = [r[key] for r in runs]
    return out


def _short(v):
    return round(v, 3) if isinstance(v, float) else v


def county(name: str, projects: int, parcels: int, linkage: int = 10, seed: int = 2026) -> str:
    """A generated county, cached under a name that carries every size."""
    name = f"{name}-p{projects}-n{parcels}-l{linkage}-s{seed}"
    scen = OUT / "inputs" / f"{name}.yaml"
    if not scen.exists():
        measure("generate", scenario=str(scen), gis=str(OUT / "inputs" / f"gis-{name}"),
                projects=projects, parcels=parcels, linkage=linkage, seed=seed)
    return str(scen)


def province(folder: Path, n_counties: int, n_projects: int, n_bases: int = 4) -> None:
    """`n_counties` scenarios of `n_projects` each: a few generated counties, and the rest
    derived from them with their own quota, budget and project values (seeded), sharing the
    bases' layers. Generating 100 counties would take the benchmark's whole budget; a batch
    solves every county on its own either way."""
    import random

    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    bases = []
    for i in range(min(n_bases, n_counties)):
        scen = folder / f"county{i:03d}.yaml"
        if not scen.exists():
            measure("generate", scenario=str(scen), gis=str(folder / f"gis{i:03d}"),
                    projects=n_projects, parcels=2_000, seed=1000 + i)
        bases.append(yaml.safe_load(scen.read_text(encoding="utf-8")))
    for i in range(len(bases), n_counties):
        scen = folder / f"county{i:03d}.yaml"
        if scen.exists():
            continue
        rng = random.Random(5000 + i)
        d = copy.deepcopy(bases[i % len(bases)])
        d["name"] = scen.stem
        d["quota"]["new_construction"] = round(d["quota"]["new_construction"]
                                               * rng.uniform(0.85, 1.15))
        if d.get("reclamation_budget"):
            d["reclamation_budget"] = round(d["reclamation_budget"] * rng.uniform(0.8, 1.2), -4)
        for proj in d["projects"]:
            for key in ("investment", "tax", "value_per_mu"):
                if key in proj:
                    proj[key] = round(proj[key] * rng.uniform(0.7, 1.3), 1)
        head = ("# SYNTHETIC DEMO DATA, NOT REAL SURVEY DATA: derived by bench/run.py from "
                f"{d['layers']['towns'].split('/')[0]}'s county with other numbers.\n")
        scen.write_text(head + yaml.safe_dump(d, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    ap.add_argument("--case", help=argparse.SUPPRESS)
    ap.add_argument("args", nargs="?", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.case:
        in_process(a.case, json.loads(a.args))
        return
    q = a.quick
    OUT.mkdir(exist_ok=True)
    runs = OUT / f"runs-{time.strftime('%Y%m%d-%H%M%S')}"
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                 "platform": platform.platform()},
                     "quick": q, "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    print("demo county, landplan run end to end")
    results["demo_run"] = median_of(3, "wall", "run", scenario="scenarios/demo.yaml",
                                    out=str(runs / "demo"), map=True)
    results["demo_run_cbc"] = median_of(3, "wall", "run", scenario="scenarios/demo.yaml",
                                        out=str(runs / "demo-cbc"), map=True, solver="cbc")
    print("county: 200,000 parcels, 500 projects, 100 linkage")
    big = county("county200k", 100 if q else 500, 20_000 if q else 200_000,
                 linkage=20 if q else 100)
    results["county_farmland"] = median_of(3, "checks", "farmland", scenario=big)
    results["county_run"] = measure("run", scenario=big, out=str(runs / "county200k"),
                                    map=True)
    results["county_run_nowhy"] = measure("run", scenario=big, whynot=False, map=True,
                                          out=str(runs / "county200k-nowhy"))
    print("growth in parcels")
    results["growth_parcels"] = {}
    for n in ([5_000, 20_000] if q else [20_000, 50_000, 100_000, 200_000]):
        path = county(f"parcels{n}", 500 if not q else 100, n)
        results["growth_parcels"][n] = measure("farmland", scenario=path)
    print("growth in projects, both solvers")
    results["growth_projects"] = {}
    for n in ([200, 500] if q else [500, 1000, 2000, 5000]):
        path = county(f"projects{n}", n, 20_000 if not q else 5_000, linkage=max(10, n // 25))
        results["growth_projects"][n] = {s: measure("solve", scenario=path, solver=s)
                                         for s in ("cbc", "highs")}
    print("the workbench opening a 5,000-project scenario")
    results["serve_open"] = measure("serve_open", scenario=county(
        "projects5000", 5000, 20_000 if not q else 5_000, linkage=200))
    print("quota sweep of the demo")
    results["sweep"] = measure("sweep", scenario="scenarios/demo.yaml",
                               points=20 if q else 200, chart=str(OUT / "sweep.png"))
    print("province batch")
    prov = OUT / "inputs" / ("province-quick" if q else "province-500p-v2")
    province(prov, 4 if q else 100, 100 if q else 500)
    results["batch"] = measure("batch", folder=str(prov), out=str(runs / "batch"))
    (OUT / "results.json").write_text(json.dumps(results, indent=2, default=str))
    table = render(results)
    (OUT / "results.md").write_text(table)
    print(table)


def render(r: dict) -> str:
    """The README table."""
    d, cf, cr, sw, b = (r["demo_run"], r["county_farmland"], r["county_run"], r["sweep"],
                        r["batch"])
    dh, cn = r.get("demo_run_cbc"), r.get("county_run_nowhy")
    rows = [
        ("Demo county: `landplan run` end to end (in process; solver auto → HiGHS)",
         f"{d['wall']:.2f} s",
         f"median of {_runs(d, 'wall')}; solve {d['step_solve']:.2f} s, why-not and marginal values for {d['short']} short "
         f"projects {d['step_explain']:.2f} s, tables + map + gpkg {d['step_write']:.2f} s",
         f"{d['peak_mb']:.0f} MB", ""),
    ]
    if dh:
        rows.append(("Demo county, `--solver cbc`", f"{dh['wall']:.2f} s",
                     f"median of {_runs(dh, 'wall')}; solve {dh['step_solve']:.2f} s, explain {dh['step_explain']:.2f} s, "
                     f"write {dh['step_write']:.2f} s", f"{dh['peak_mb']:.0f} MB", ""))
    rows += [
        (f"County {cf['parcels']:,} parcels: layers read + farmland per project",
         f"{cf['checks']:.2f} s", f"median of {_runs(cf, 'checks')}; read alone "
         f"{cf['read_only']:.2f} s; "
         f"ratio {cf['checks'] / cf['read_only']:.1f}× the read", f"{cf['peak_mb']:.0f} MB",
         f"read + overlay {cf['overlay_naive']:.2f} s → "
         f"{cf['overlay_naive'] / cf['checks']:.1f}×; farmland step alone: STRtree "
         f"{cf['farmland_strtree']:.2f} s vs overlay {cf['farmland_overlay']:.2f} s → "
         f"{cf['farmland_overlay'] / cf['farmland_strtree']:.1f}×"),
        (f"Same county, {cr['projects']} projects: whole run (tables, analysis"
         + (", map)" if "map_html_mb" in cr else ")"),
         f"{cr['wall']:.2f} s", f"solve {cr['step_solve']:.2f} s, why-not for {cr['short']} "
         f"short projects and marginal values {cr['step_explain']:.2f} s"
         + (f", map.html {cr['map_html_mb']:.1f} MB" if "map_html_mb" in cr else ""),
         f"{cr['peak_mb']:.0f} MB", ""),
    ]
    if cn:
        rows.append(("Same county, `--no-why-not` (marginal values kept)", f"{cn['wall']:.2f} s",
                     f"solve {cn['step_solve']:.2f} s, marginal values "
                     f"{cn['step_explain']:.2f} s, write {cn['step_write']:.2f} s",
                     f"{cn['peak_mb']:.0f} MB", ""))
    for by in r["growth_projects"].values():
        c, h = by["cbc"], by["highs"]
        rows.append((f"{c['projects']:,} projects ({c['binaries']:,} binaries): build + solve, "
                     f"{len(c['stages'])} stages, gap 0", f"CBC {c['solve']:.2f} s",
                     f"HiGHS {h['solve']:.2f} s; "
                     f"build {c['build']:.2f} s; CBC stages {c['stages']}",
                     f"{c['peak_mb']:.0f} MB", ""))
    so = r.get("serve_open")
    if so:
        first = (f"the workbench just started (nothing parsed), {so['browser_first_open']:.2f} s "
                 "until the grid shows its rows in Chromium, then "
                 if "browser_first_open" in so else "in Chromium ")
        scroll = (f"; {first}the grid shows after {so['browser_open']:.2f} s and scrolls top to "
                  f"bottom in 60 frames of {so['frame_mean_ms']:.0f} ms (longest "
                  f"{so['frame_max_ms']:.0f} ms), three rows a frame (a mouse wheel) "
                  f"{so['wheel_mean_ms']:.0f} ms (longest {so['wheel_max_ms']:.0f} ms)" if "frame_mean_ms" in so else "")
        rows.append((f"Workbench: open a {so['rows']:,}-project scenario (`landplan serve`)",
                     f"{so['open_cold']:.2f} s",
                     f"page {so['page_mb']:.2f} MB; once parsed {so['open_warm']:.2f} s; a check "
                     f"as you type {so['check']:.2f} s" + scroll, f"{so['peak_mb']:.0f} MB", ""))
    best = sw["fast"]
    rows.append((f"Quota sweep of the demo, {sw['points']} points (+ chart)",
                 f"{best + sw.get('chart', 0):.2f} s",
                 f"local processes, one HiGHS model each with bounds changed "
                 f"{sw['fast']:.2f} s, chart {sw.get('chart', 0):.2f} s; "
                 f"same objectives as CBC rebuilt: {sw['same_objective']}",
                 f"{sw['peak_mb']:.0f} MB",
                 f"one after another, PuLP+CBC rebuilt: {sw['naive']:.2f} s → "
                 f"{sw['naive'] / best:.1f}×"))
    rows.append((f"Province batch: {b['counties']} counties", f"{b['parallel']:.2f} s",
                 f"all optimal: {b['all_optimal']}, tables equal one-by-one: {b['same_tables']}",
                 f"{b['peak_mb']:.0f} MB",
                 f"one after another {b['sequential']:.2f} s → "
                 f"{b['sequential'] / b['parallel']:.2f}×"))
    growth = " · ".join(f"{int(n):,}: {g['checks']:.2f} s, {g['peak_mb']:.0f} MB" for n, g in
                        r["growth_parcels"].items())
    rows.append(("Growth in parcels (spatial checks)", "", growth, "", ""))
    head = "| case | time | detail | peak memory | obvious way |\n|---|---|---|---|---|\n"
    return head + "\n".join("| " + " | ".join(x) + " |" for x in rows) + "\n"


def _runs(r: dict, key: str) -> str:
    return " / ".join(f"{x:.2f}" for x in r.get(f"{key}_runs", [r[key]])) + " s"


if __name__ == "__main__":
    main()
