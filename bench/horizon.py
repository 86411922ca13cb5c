"""The three-year rolling plan against the one-year plan: `python bench/horizon.py`.

Builds and solves scenarios/demo.yaml and scenarios/rolling-demo-3yr.yaml (every lexicographic stage,
gap 0) with each solver, `--repeat` times, and prints a markdown row per scenario and solver:
the median solve time, each stage's time in the last repeat, and the ratio to the one-year
demo (and the fastest repeat, the figure least moved by other work on the machine), and the
CPU seconds of the solve (this process and CBC's), which other work on a shared machine moves
far less than the elapsed time. Writes bench/out/horizon.json. The goal of #14: the three-year demo solves to a proven
optimum in under 3× the one-year demo's time. `--oracle` also solves each scenario with every
stage started from its own optimum: the time the proofs alone take.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCENARIOS = ("scenarios/demo.yaml", "scenarios/rolling-demo-3yr.yaml")


def measure(path: str, solver: str, repeat: int) -> dict:
    from landplan.model import build_model
    from landplan.run import check
    from landplan.solve import solve

    checked = check(ROOT / path)
    seconds, cpu, result, m = [], [], None, None
    for _ in range(repeat):
        m = build_model(checked.data)
        t0 = _cpu()
        result = solve(m, solver=solver)
        cpu.append(_cpu() - t0)
        seconds.append(result.seconds)
    binaries = sum(1 for v in m.problem.variables() if v.cat == "Integer")
    return {"scenario": path, "solver": solver, "status": result.status,
            "objective": result.objective, "seconds": statistics.median(seconds),
            "fastest": min(seconds),
            "runs": seconds, "cpu": statistics.median(cpu), "cpu_runs": cpu,
            "binaries": binaries, "rows": len(m.constraints),
            "stages": {s.name: round(s.seconds, 2) for s in result.stages}}


def _cpu() -> float:
    """CPU seconds of this process (HiGHS in process) and of its finished children (CBC)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def oracle(path: str) -> dict:
    """The least a primal heuristic could leave to HiGHS: each stage started from its own
    optimum (recorded by a first solve), so that what remains is the proof. Returns each stage's
    seconds from a plain start and from its optimum."""
    import landplan.solver.stages as stages
    from landplan.model import build_model
    from landplan.run import check
    from landplan.solve import solve

    checked = check(ROOT / path)
    optimum: dict[int, object] = {}
    plain_run = stages.HighsStages.run
    calls = {"n": 0, "inject": False}

    def run(self, sense, expr):
        calls["n"] += 1
        if not calls["inject"]:
            status = plain_run(self, sense, expr)
            optimum[calls["n"]] = None if self.values is None else self.values.copy()
            return status
        self.objective(sense, expr)
        out = self.hm.solve(optimum.get(calls["n"]))
        if out.values is not None:
            self.keep(out.values)
        return out.status

    stages.HighsStages.run = run
    try:
        plain = solve(build_model(checked.data), solver="highs")
        calls.update(n=0, inject=True)
        started = solve(build_model(checked.data), solver="highs")
    finally:
        stages.HighsStages.run = plain_run
    assert abs(plain.objective - started.objective) <= 1e-6 * max(1.0, abs(plain.objective))
    return {"plain": {s.name: round(s.seconds, 2) for s in plain.stages},
            "from_optimum": {s.name: round(s.seconds, 2) for s in started.stages},
            "seconds": [plain.seconds, started.seconds]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--solvers", default="highs,cbc")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--oracle", action="store_true",
                    help="also solve the three-year demo with each stage started from its "
                         "own optimum (HiGHS): the time left to proving alone")
    args = ap.parse_args()
    if args.oracle:
        for path in SCENARIOS:
            o = oracle(path)
            print(f"{path}: plain {o['seconds'][0]:.2f} s {o['plain']}; each stage from its "
                  f"optimum {o['seconds'][1]:.2f} s {o['from_optimum']}")
    rows = [measure(path, solver, args.repeat) for solver in args.solvers.split(",")
            for path in SCENARIOS]
    base = {r["solver"]: r["seconds"] for r in rows if r["scenario"] == SCENARIOS[0]}
    fastest = {r["solver"]: r["fastest"] for r in rows if r["scenario"] == SCENARIOS[0]}
    cpu = {r["solver"]: r["cpu"] for r in rows if r["scenario"] == SCENARIOS[0]}
    print("| scenario | solver | binaries | rows | solve (median; fastest) | × one year "
          "(median; fastest) | CPU (median) | × one year (CPU) | stages |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        r["ratio"] = r["seconds"] / base[r["solver"]]
        r["ratio_fastest"] = r["fastest"] / fastest[r["solver"]]
        r["ratio_cpu"] = r["cpu"] / cpu[r["solver"]]
        stages = ", ".join(f"{k} {v:g}" for k, v in r["stages"].items())
        print(f"| {r['scenario']} | {r['solver']} | {r['binaries']} | {r['rows']} | "
              f"{r['seconds']:.2f} s; {r['fastest']:.2f} s | {r['ratio']:.1f}; "
              f"{r['ratio_fastest']:.1f} | {r['cpu']:.2f} s | {r['ratio_cpu']:.1f} | {stages} |")
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "horizon.json").write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
