"""Many scenarios in one batch (a province's counties): each runs exactly as `landplan run`
would, in parallel over local processes or on a Dask cluster; one failing county does not stop
the others, and every county's problems are reported at the end."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import as_completed
from pathlib import Path

import pandas as pd

from landplan.cluster import check_jobs, check_scheduler, dask_client
from landplan.errors import LandplanError, Problem, ScenarioError
from landplan.outputs.escape import write_csv
from landplan.outputs.runfolder import RunFolder, release
from landplan.testpoints import hold
from landplan.workers import process_pool


def find_scenarios(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise ScenarioError(Problem("is not a folder of scenarios", file=str(folder)))
    found = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml"))
    if not found:
        raise ScenarioError(Problem("holds no .yaml scenario files", file=str(folder)))
    return found


def run_one(scenario: str, out: str, solver: str | None, lang: str, extras: bool,
            whynot: bool = False, marginal: bool = False) -> dict:
    """Run one scenario into `out`; never raises for bad input, returns a row for batch.csv."""
    import time

    from landplan.run import run

    hold("batch")
    t0 = time.perf_counter()
    row = {"scenario": Path(scenario).name, "folder": out}
    try:
        # one process per county already: the analysis inside each stays in that process
        r = run(scenario, solver=solver, out=Path(out), lang=lang, jobs=1, whynot=whynot,
                marginal=marginal, maps=extras)
        row |= {"status": r.summary["status"], "objective": r.summary["objective"],
                "county": r.checked.scenario.county.code, "error": ""}
    except LandplanError as exc:
        row |= {"status": type(exc).__name__, "objective": None, "county": "",
                "error": " | ".join(str(p) for p in exc.problems)}
    row["seconds"] = round(time.perf_counter() - t0, 3)
    return row


def run_batch(folder: Path, out: Path, *, solver: str | None = None, lang: str = "zh",
              jobs: int | None = None, scheduler: str | None = None, extras: bool = False,
              whynot: bool = False, marginal: bool = False,
              progress: Callable[[int, int], None] | None = None) -> pd.DataFrame:
    """Run every scenario of `folder` into the batch folder `out`, written whole or not at
    all (a RunFolder: the runs and batch.csv appear together)."""
    check_jobs(jobs)
    if scheduler:
        check_scheduler(scheduler)  # before the batch folder is claimed
    try:
        scenarios = find_scenarios(folder)
        with RunFolder(out) as tmp:
            table = _run_all(scenarios, tmp, solver=solver, lang=lang, jobs=jobs,
                             scheduler=scheduler, extras=extras, whynot=whynot,
                             marginal=marginal, progress=progress)
            table["folder"] = [str(Path(out) / Path(name).stem) for name in table["scenario"]]
            write_csv(table, tmp / "batch.csv")
        return table
    finally:
        release(out)  # nothing to release once the folder is published


def _run_all(scenarios: list[Path], tmp: Path, *, solver, lang, jobs, scheduler, extras,
             whynot, marginal, progress) -> pd.DataFrame:
    args = [(str(s), str(tmp / s.stem), solver, lang, extras, whynot, marginal)
            for s in scenarios]
    rows: list[dict] = []

    def collect(row: dict) -> None:
        rows.append(row)
        if progress:
            progress(len(rows), len(args))

    workers = jobs or os.cpu_count() or 1
    if scheduler:
        from dask.distributed import as_completed as dask_completed
        with dask_client(scheduler) as client:
            futures = [client.submit(run_one, *a, pure=False) for a in args]
            for fut in dask_completed(futures):
                collect(fut.result())
    elif workers == 1:
        for a in args:
            collect(run_one(*a))
    else:
        with process_pool(workers) as pool:
            for fut in as_completed([pool.submit(run_one, *a) for a in args]):
                collect(fut.result())
    return pd.DataFrame(rows).sort_values("scenario").reset_index(drop=True)
