"""The sweep command's steps: parse --vary, check sites once, solve the points, write."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from landplan.analysis.sweep import run_sweep
from landplan.analysis.sweep_outputs import write_sweep
from landplan.analysis.vary import parse_vary
from landplan.cluster import check_jobs, check_scheduler
from landplan.errors import Problem, ScenarioError
from landplan.outputs.chart_labels import chart_about
from landplan.outputs.runfolder import claim_dir, new_run_dir, release
from landplan.scenario.load import read_scenario_data


def sweep_command(scenario: Path, vary: list[str], steps: int, solver: str, jobs: int | None,
                  scheduler: str | None, out: Path | None, lang: str, progress
                  ) -> tuple[Path, pd.DataFrame]:
    from landplan.run import check

    if not 1 <= len(vary) <= 2:
        raise ScenarioError(Problem("give one --vary for a range or two for a grid"))
    check_jobs(jobs)
    if scheduler:
        check_scheduler(scheduler)  # in seconds, before the scenario's checks
    folder = claim_dir(out) if out is not None else None  # before anything is solved
    try:
        checked = check(scenario)  # every problem of the scenario and its layers
        data, _ = read_scenario_data(scenario)
        varies = [parse_vary(v, data, steps) for v in vary]
        if any(v.path.startswith(("rules.", "layers.")) for v in varies):
            raise ScenarioError(Problem("sweeps vary numbers of the model, not spatial rules "
                                        "or layers", hint="vary quota, budget, towns or projects"))
        s = checked.scenario
        if folder is None:
            folder = new_run_dir(Path("runs"), f"sweep-{s.name}")
        sc = checked.site_checks.projects if checked.site_checks is not None else None
        table = run_sweep(scenario, varies, solver=solver, jobs=jobs, scheduler=scheduler,
                          site_checks=sc, progress=progress)
        meta = {"scenario": str(Path(scenario).resolve()), "solver": solver,
                "gap": s.solver.gap,
                "scheduler": scheduler or f"local processes ({jobs or 'all cores'})",
                "synthetic": s.synthetic}
        write_sweep(folder, table, varies, meta, {t.code: t.name for t in s.towns}, lang,
                    chart_about(s))
        return folder, table
    finally:
        release(folder)  # nothing to release once the folder is written
