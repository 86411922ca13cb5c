"""A sweep from the workbench, in a worker process: `python -m landplan.serve.sweeper
SCENARIO FIELD FROM TO STEPS OUT_DIR PROGRESS LANG`.

The points are those of `landplan sweep SCENARIO --vary FIELD=FROM..TO --steps STEPS`, solved
by the sweep's own code (landplan.analysis.sweep) a few at a time, so that each finished
point is a line of PROGRESS and the page's chart fills in as they come. The sweep folder
(sweep.csv, sweep.png, summary.json) is written whole at the end, like the command's."""

from __future__ import annotations

import sys
from pathlib import Path

from landplan import interrupt
from landplan.serve.worker import finish, line

FIELDS = ("quota.new_construction", "quota.farmland_conversion", "quota.pilot_reserve",
          "reclamation_budget")


def sweep(scenario: str, field: str, lo: str, hi: str, steps: int, out_dir: Path,
          progress: Path, lang: str) -> Path:
    import pandas as pd

    from landplan.analysis.sweep import Job, plan_points, solve_points
    from landplan.analysis.sweep_outputs import write_sweep
    from landplan.analysis.vary import parse_vary, rhs_fields
    from landplan.outputs.runfolder import new_run_dir, release
    from landplan.run import check
    from landplan.scenario.load import read_scenario_data

    line(progress, step="load")
    checked = check(scenario)
    data, _ = read_scenario_data(scenario)
    varies = [parse_vary(f"{field}={lo}..{hi}", data, steps)]
    points = plan_points(varies)
    paths = tuple(v.path for v in varies)
    fast = all(p in rhs_fields(checked.scenario) for p in paths)
    sites = checked.site_checks.projects if checked.site_checks is not None else None
    folder = new_run_dir(out_dir, f"sweep-{checked.scenario.name}")
    try:
        line(progress, step="solve", total=len(points))
        rows: list[dict] = []
        for i in range(0, len(points), 2):
            job = Job(data, str(Path(scenario).resolve()), sites, paths,
                      tuple(points[i:i + 2]), "highs", fast)
            for row in solve_points(job):
                rows.append(row)
                line(progress, point={"x": row[field], "objective": row["objective"],
                                      "funded": row.get("funded"), "status": row["status"]})
        line(progress, step="write")
        table = pd.DataFrame(rows).sort_values(list(paths), kind="stable").reset_index(drop=True)
        s = checked.scenario
        meta = {"scenario": str(Path(scenario).resolve()), "solver": "highs",
                "gap": s.solver.gap, "scheduler": "one process (landplan serve)",
                "synthetic": s.synthetic}
        write_sweep(folder, table, varies, meta, {t.code: t.name for t in s.towns}, lang)
    finally:
        release(folder)
    return folder


def main(argv: list[str]) -> int:
    interrupt.handle_signals()
    scenario, field, lo, hi, steps, out_dir, progress, lang = argv
    progress = Path(progress)
    return finish(progress, lambda: sweep(scenario, field, lo, hi, int(steps), Path(out_dir),
                                          progress, lang))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
