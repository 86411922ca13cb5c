"""The pipeline a run follows: scenario → checks → model → solution → outputs."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pulp

from landplan import __version__, interrupt
from landplan.analysis.explain_run import analyse
from landplan.errors import InfeasibleError, Note, Problem, ScenarioError, SolverError
from landplan.explain import explain_infeasible
from landplan.inputs import LAYER_KEYS, input_hashes
from landplan.model import build_model, prepare
from landplan.model.data import ModelData
from landplan.outputs import runformat as F
from landplan.outputs.runfolder import (
    RunFolder,
    claim_dir,
    new_run_dir,
    release,
    write_scenario_copy,
    write_summary,
    write_table,
)
from landplan.outputs.tables import write_tables
from landplan.scenario import Scenario, load_scenario
from landplan.solution import Solution, extract
from landplan.solve import choose_solver, solve
from landplan.testpoints import hold


@dataclass
class Checked:
    """A scenario with its site checks: what `validate` reports and `run` builds on."""

    scenario: Scenario
    data: ModelData
    site_checks: object | None
    notes: list[Note] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class RunResult:
    folder: Path
    checked: Checked
    solution: Solution
    summary: dict
    lang: str = "zh"  # the language the run folder's tables are written in

    @property
    def allocation(self):
        """allocation.csv as written: the solution's allocation with reasons in `lang`."""
        return self.solution.allocation_in(self.lang)


Step = Callable[[str], None]


def check(scenario_path: str | Path, step: Step | None = None) -> Checked:
    """Load the scenario and check every project site against the planning layers."""
    step = step or (lambda _s: None)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    step("load")
    hold("load")
    scenario = load_scenario(scenario_path)
    _check_rule_names(scenario, str(scenario_path))
    timings["load"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    step("spatial checks")
    site_checks = None
    notes: list[Note] = clamp_threads(scenario)
    unchecked: list[str] = []
    if any(getattr(scenario.layers, k) for k in LAYER_KEYS):
        from landplan.layers import check_sites

        site_checks = check_sites(scenario)
        notes += site_checks.notes
        unchecked += site_checks.unchecked
    else:
        unchecked.append("no GIS layers given: no project site was checked against the plan")
    timings["checks"] = time.perf_counter() - t0
    data = prepare(scenario, site_checks.projects if site_checks is not None else None)
    notes += data.notes
    return Checked(scenario, data, site_checks, notes, unchecked, timings)


def _check_rule_names(s: Scenario, file: str) -> None:
    """A county rule may not take the name of a built-in rule's family."""
    if not s.policy.rules:
        return
    from landplan.model.rules import families
    from landplan.scenario.policy import policy_problems

    bad = policy_problems(s, file, {f.name for f in families()})  # the rest passed loading
    if bad:
        raise ScenarioError(bad)


def clamp_threads(s: Scenario) -> list[Note]:
    """More solver threads than cores only slow the solver down (a million threads made it
    give up after minutes): use the cores there are, and say so."""
    cores = available_cores()
    if s.solver.threads <= cores:
        return []
    asked, s.solver.threads = s.solver.threads, cores
    return [Note(f"solver.threads is {asked:,} but this machine has {cores} core"
                 f"{'s' if cores != 1 else ''}: the solver uses {cores}", record="solver")]


def available_cores() -> int:
    """Cores this process may run on (its affinity, where the system tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run(
    scenario_path: str | Path,
    *,
    solver: str | None = None,
    out: Path | None = None,
    runs_dir: Path = Path("runs"),
    lang: str = "zh",
    step: Step | None = None,
    after_write: Callable[[Path, RunResult], list[str]] | None = None,
    whynot: bool = True,
    marginal: bool = True,
    jobs: int | None = None,
    maps: bool = True,
) -> RunResult:
    """Solve a scenario and write a new run folder; raise LandplanError on bad input.

    The folder's name is claimed before anything is solved: `out` at once (exit 6 when
    another process holds it), a new name under `runs_dir` once the scenario is read.
    `after_write` writes more files into the folder before it is published (map with a
    basemap, postgis.json); summary.json's `files` lists the declared files the folder then
    holds (runformat), each once, whatever the hooks wrote or return."""
    step = _checked(step)
    folder = claim_dir(Path(out)) if out is not None else None
    try:
        checked = check(scenario_path, step)
        if folder is None:
            folder = new_run_dir(runs_dir, checked.scenario.name)
        return _solve_and_write(checked, folder, solver=solver, lang=lang, step=step,
                                after_write=after_write, whynot=whynot, marginal=marginal,
                                jobs=jobs, maps=maps)
    finally:
        release(folder)  # nothing to release once the folder is published


def _checked(step: Step | None) -> Step:
    """Each step first makes sure no Ctrl-C was swallowed on the way (landplan.interrupt)."""

    def checked(name: str) -> None:
        interrupt.check()
        if step is not None:
            step(name)

    return checked


def _solve_and_write(checked: Checked, folder: Path, *, solver, lang, step, after_write,
                     whynot, marginal, jobs, maps) -> RunResult:
    s = checked.scenario
    requested = solver or s.solver.name
    timings = dict(checked.timings)

    # the pilot towns' land use for the town sheets depends on no solution: it is dissolved
    # in a thread (shapely releases the GIL) while the model is built, solved and explained
    landuse = None
    if maps and checked.site_checks is not None:
        from landplan.outputs.planning import scenario_landuse

        background = ThreadPoolExecutor(max_workers=1)
        landuse = background.submit(scenario_landuse, s, checked.site_checks.layers)
        background.shutdown(wait=False)
    step("build")
    t0 = time.perf_counter()
    m = build_model(checked.data)
    timings["build"] = time.perf_counter() - t0
    step("solve")
    hold("solve")
    solver, why = choose_solver(requested, m)
    result = solve(m, solver=solver, gap=s.solver.gap, time_limit=s.solver.time_limit,
                   threads=s.solver.threads)
    if why:
        result.settings["chosen"] = why
    timings["solve"] = result.seconds

    if result.status == "infeasible":
        conflicts = explain_infeasible(checked.data, solver, lang)
        summary = _summary(checked, None, result, timings, solver, conflicts)
        with RunFolder(folder) as tmp:
            write_summary(tmp, summary)
        raise InfeasibleError(conflicts, lang=lang)
    if result.status != "optimal":
        raise SolverError(Problem(
            f"the solver stopped with status `{result.status}` before proving an optimum",
            hint="raise solver.time_limit or remove it, or try the other solver"))

    step("explain")
    t0 = time.perf_counter()
    sol = extract(m, result)
    analysis = analyse(m, sol, whynot=whynot, marginal=marginal, jobs=jobs)
    timings["explain"] = time.perf_counter() - t0
    step("write")
    t0 = time.perf_counter()
    with RunFolder(folder) as tmp:
        write_tables(tmp, sol, lang)
        hold("write")
        write_table(tmp, F.MARGINAL, analysis.marginal)
        write_scenario_copy(tmp, s)
        summary = _summary(checked, sol, result, timings, solver, [])
        summary["lang"] = lang
        summary["analysis_notes"] = analysis.notes
        rr = RunResult(folder, checked, sol, summary, lang)
        if maps:
            from landplan.outputs.map import write_run_maps

            step("map")
            write_run_maps(tmp, rr, lang=lang, landuse=landuse)
        if after_write is not None:
            after_write(tmp, rr)
        summary["timings"]["write"] = round(time.perf_counter() - t0, 4)
        write_summary(tmp, summary)  # `files`: what the folder holds, as declared, each once
    return rr


def _summary(c: Checked, sol: Solution | None, result, timings: dict, solver: str,
             conflicts: list[Problem]) -> dict:
    s = c.scenario
    # a tier's stage says which tier it is and what it maximises
    tier_of = {t["stage"]: {"tier": t["name"], "kind": t["objective"]}
               for t in (sol.tiers if sol else [])}
    out: dict = {
        "scenario": {"name": s.name, "year": s.year, "county": s.county.model_dump(),
                     "file": str(s.path) if s.path else None, "units": s.units,
                     "synthetic": s.synthetic},
        "status": result.status,
        "objective": (sol.objective["value"] if sol.value_exact is None else sol.value_exact)
        if sol else None,  # full precision: the tables' 4 decimals are for reading
        "objective_parts": sol.objective if sol else None,
        "solver": solver,
        "gap": s.solver.gap,
        "solver_settings": result.settings | {"pulp": pulp.__version__},
        "stages": [st.__dict__ | {"seconds": round(st.seconds, 4)} | tier_of.get(st.name, {})
                   for st in result.stages],
        "quota": s.quota.model_dump() if s.horizon is None else s.quota.first_year(),
        "reclamation_budget": s.reclamation_budget,
        "inputs": input_hashes(s),
        "notes": [str(n) for n in c.notes],
        "unchecked": c.unchecked,
        "timings": {k: round(v, 4) for k, v in timings.items()},
        "landplan": __version__,
        "python": platform.python_version(),
    }
    if s.horizon is not None:  # a rolling plan: every year's quotas (`quota`: the first year's)
        out["quota_by_year"] = s.quota.model_dump()
    if sol is not None:
        a = sol.allocation
        cons = sol.constraints
        county = cons[cons["key"] == ""]
        out["totals"] = {
            "requested": round(float(a["requested"].sum()), 4),
            "allocated": round(float(a["allocated"].sum()), 4),
            "from_quota": round(float(a["from_quota"].sum()), 4),
            "from_linkage": round(float(a["from_linkage"].sum()), 4),
            "farmland_taken": round(float(a["farmland_taken"].sum()), 4),
            "paddy_taken": round(float(a["paddy_taken"].sum()), 4),
            "spending": sol.objective["spending"],
            "projects": {k: int(v) for k, v in a["status"].value_counts().sort_index().items()},
        }
        out["constraints"] = {
            r.name: {"use": r.use, "limit": r.limit, "slack": r.slack, "binding": r.binding,
                     "unit": r.unit}
            for r in county.itertuples(index=False)
        }
        if sol.tiers:
            out["tiers"] = sol.tiers
        fams = sol.families
        kind = [(f := fams.get(r)) is not None and ("own" if f.own_table else f.scope)
                for r in cons["rule"]]
        towns = cons[[k == "town" for k in kind]]  # each town's own rows (town bounds)
        out["town_bounds"] = {
            r.name: {"use": r.use, "limit": r.limit, "slack": r.slack, "binding": r.binding}
            for r in towns.itertuples(index=False)
        }
        by_year: dict = {}  # a rolling plan: each year's rows, by year
        for r in cons[[k == "year" for k in kind]].itertuples(index=False):
            by_year.setdefault(r.key, {})[r.rule] = {
                "use": r.use, "limit": r.limit, "slack": r.slack, "binding": r.binding,
                "unit": r.unit}
        if by_year:
            out["years"] = by_year
        own = cons[[k == "own" for k in kind]]  # the county's own rules, every row
        if len(own):
            out["policy_rules"] = {
                r.name: {"use": r.use, "limit": r.limit, "slack": r.slack, "binding": r.binding,
                         "unit": r.unit}
                for r in own.itertuples(index=False)
            }
    if conflicts:
        out["conflicts"] = [str(p) for p in conflicts]
    return out
