"""Many scenarios in one batch (a province's counties): each runs exactly as `landplan run`
would, in parallel over local processes or on a Dask cluster; one failing county does not stop
the others, and every county's problems are reported at the end."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import pandas as pd

from landplan.cluster import check_jobs, check_scheduler, dask_client
from landplan.errors import LandplanError, Problem, ScenarioError


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
    scenarios = find_scenarios(folder)
    check_jobs(jobs)
    if scheduler:
        check_scheduler(scheduler)  # before the batch folder is made
    out.mkdir(parents=True, exist_ok=True)
    args = [(str(s), str(out / s.stem), solver, lang, extras, whynot, marginal)
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
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for fut in as_completed([pool.submit(run_one, *a) for a in args]):
                collect(fut.result())
    table = pd.DataFrame(rows).sort_values("scenario").reset_index(drop=True)
    table.to_csv(out / "batch.csv", index=False, lineterminator="\n")
    return table
