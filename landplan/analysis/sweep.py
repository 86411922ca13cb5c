"""Scenario sweeps: solve a scenario over a range (or a grid) of one or two numbers.

Each point is solved exactly as a single run would be (value, then spending, then credit
moves). When every varied field is a right-hand side of the model (the quota, the
farmland-conversion quota, the budget), a worker builds the model once in HiGHS and only
changes that row's bound between points, starting each point from the one before; otherwise it
rebuilds the model at each point. Points go in chunks of consecutive points, of a fixed size,
to local processes or to a Dask cluster given its address: a chunk is solved the same way
wherever it runs, so the results do not depend on the number of workers or the scheduler.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from concurrent.futures import as_completed
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from landplan.analysis.vary import Vary, get_field, rhs_bounds, rhs_fields, set_field
from landplan.cluster import dask_client
from landplan.model import build_model, prepare
from landplan.model.names import parse
from landplan.model.rules._terms import MONEY
from landplan.scenario import parse_scenario
from landplan.scenario.load import read_scenario_data
from landplan.solution import AREA_DP, project_status, snap_land
from landplan.solve import SolveResult, lexicographic, solve
from landplan.solver import open_stages
from landplan.testpoints import hold
from landplan.workers import process_pool


@dataclass(frozen=True)
class Job:
    """What a worker needs: the scenario mapping, its checked sites, and the points to solve."""

    data: dict
    path: str
    site_checks: pd.DataFrame | None
    paths: tuple[str, ...]
    points: tuple[tuple[float, ...], ...]
    solver: str
    fast: bool


def plan_points(varies: list[Vary]) -> list[tuple[float, ...]]:
    return list(itertools.product(*(v.values for v in varies)))


def run_sweep(
    scenario_path: str | Path,
    varies: list[Vary],
    *,
    solver: str = "cbc",
    jobs: int | None = None,
    scheduler: str | None = None,
    site_checks: pd.DataFrame | None = None,
    progress: Callable[[int, int], None] | None = None,
    chunk: int = 10,
) -> pd.DataFrame:
    """One row per point: the varied values, status, objective parts, counts, land per town."""
    data, _ = read_scenario_data(scenario_path)
    if solver == "auto":  # one model changed in place: HiGHS (bench/)
        solver = "highs"
    points = plan_points(varies)
    paths = tuple(v.path for v in varies)
    fast = solver == "highs" and all(p in rhs_fields(parse_scenario(data)) for p in paths)
    workers = jobs or os.cpu_count() or 1
    chunks = [tuple(points[i:i + chunk]) for i in range(0, len(points), chunk)]
    job_list = [Job(data, str(Path(scenario_path).resolve()), site_checks, paths, c, solver, fast)
                for c in chunks if c]
    done = 0
    rows: list[dict] = []

    def collect(result: list[dict]) -> None:
        nonlocal done
        rows.extend(result)
        done += len(result)
        if progress:
            progress(done, len(points))

    if scheduler:
        from dask.distributed import as_completed as dask_completed
        with dask_client(scheduler) as client:
            futures = client.map(solve_points, job_list, pure=False)
            for fut in dask_completed(futures):
                collect(fut.result())
    elif workers == 1 or len(job_list) == 1:
        for job in job_list:
            collect(solve_points(job))
    else:
        with process_pool(workers) as pool:
            for fut in as_completed([pool.submit(solve_points, j) for j in job_list]):
                collect(fut.result())
    table = pd.DataFrame(rows)
    return table.sort_values(list(paths), kind="stable").reset_index(drop=True)


def solve_points(job: Job) -> list[dict]:
    """Solve a chunk of points (runs in a worker process)."""
    hold("sweep")
    if job.fast:
        return _solve_points_fast(job)
    return [_solve_point_rebuilt(job, point) for point in job.points]


def _scenario_at(job: Job, point: tuple[float, ...]):
    data = job.data
    for path, value in zip(job.paths, point, strict=True):
        data = set_field(data, path, value)
    s = parse_scenario(data, file=job.path)
    s._path = Path(job.path)
    return s


def _solve_point_rebuilt(job: Job, point: tuple[float, ...]) -> dict:
    s = _scenario_at(job, point)
    m = build_model(prepare(s, job.site_checks))
    res = solve(m, solver=job.solver, gap=s.solver.gap, threads=1)
    values = {v.name: (v.value() or 0.0) for v in m.problem.variables()}
    stages = {st.name: st.objective for st in res.stages}
    if res.status == "optimal":
        stages["value"] = res.objective
    return _row(job, point, m, res.status, stages, values)


def _solve_points_fast(job: Job) -> list[dict]:
    """One model in HiGHS for the chunk: each point changes the rows the varied fields set,
    runs the same stages as a single run (landplan.solve) and drops its held rows; each
    starts from the point before."""
    base = _scenario_at(job, tuple(_base_value(job.data, p) for p in job.paths))
    m = build_model(prepare(base, job.site_checks))
    stages = open_stages(m, "highs", gap=base.solver.gap)
    hm = stages.hm
    out_rows = []
    limited = set(rhs_bounds(base))
    rows = [(row, family) for row in hm.row if (family := parse(row)[0]) in limited]
    for point in job.points:
        limits = rhs_bounds(_scenario_at(job, point))
        for row, family in rows:
            if family in limits:
                hm.set_limit(row, limits[family])
        first_row = hm.h.getNumRow()
        res = SolveResult("failed", "highs", base.solver.gap, {})
        lexicographic(m, stages, res)
        hm.drop_rows_from(first_row)
        found = {st.name: st.objective for st in res.stages}
        values = ({v.name: float(x) for v, x in zip(stages.variables, stages.values, strict=True)}
                  if res.status == "optimal" else {})
        out_rows.append(_row(job, point, m, res.status, found, values))
    return out_rows


def _base_value(data: dict, path: str) -> float:
    return get_field(data, path)


def _row(job: Job, point, m, status: str, stages: dict, values: dict[str, float]) -> dict:
    row: dict = dict(zip(job.paths, point, strict=True))
    row["status"] = status
    ok = status == "optimal"
    row["objective"] = round(stages.get("value") or 0.0, 4) if ok else None
    row["spending"] = round((stages.get("spending") or 0.0) * MONEY, 0) if ok else None
    row["credits_moved"] = round(stages.get("moves") or 0.0, 4) if ok else None
    for t in m.tiers:  # what each priority tier secured at this point
        row[f"tier:{t.name}"] = round(stages.get(t.stage) or 0.0, 4) if ok else None
    p = m.data.projects
    funded = partial = 0
    town_land: dict[str, float] = dict.fromkeys(m.data.towns.index, 0.0)
    for pid in p.index:
        # the same snapping, status and rounding as a single run's tables
        a = float(p.at[pid, "area"])
        n, link = snap_land(values.get(m.v.n[pid].name, 0.0),
                            values.get(m.v.l[pid].name, 0.0), a)
        status = project_status(bool(p.at[pid, "eligible"]), bool(p.at[pid, "priority"]),
                                n + link, a)
        funded += status == "funded"
        partial += status == "partial"
        town_land[p.at[pid, "town"]] += round(n + link, AREA_DP)
    row["funded"] = funded if ok else None
    row["partial"] = partial if ok else None
    for code, land in town_land.items():
        row[f"land_{code}"] = round(land, AREA_DP) if ok else None
    return row
