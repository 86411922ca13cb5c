"""Solving the model held as arrays in HiGHS, by HiGHS in process or by CBC on the MPS file
HiGHS writes: a stage (an objective over the model and its held rows) at a time.

The lexicographic stages (landplan.solve), sweeps and the infeasibility relaxation
(landplan.solver.relax) all solve through `open_stages`. The model is read into HiGHS once
(landplan.solver.held: the same PuLP variables and named rules); each stage changes only the
objective and the held rows, and starts from the stage before. Through PuLP every stage rebuilt the solver's model (HiGHS) or wrote the MPS file in
Python (CBC: a third of a second a stage at 5,000 projects), and HiGHS got no start, so on
the tie-break stages it searched for a first solution inside rows held to 1e-9: 1.5 s of a
500-project county's 1.9 s. CBC is run as PuLP runs it: the same binary, gap, time limit and
threads; its values are read in full precision.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import highspy
import numpy as np
import pulp

from landplan.errors import Problem, SolverError
from landplan.model.core import LandModel
from landplan.solver.held import INF, HighsModel
from landplan.solver.options import CBC_OPTIONS
from landplan.workers import child_setup

Status = str  # optimal | infeasible | feasible (stopped, not proven) | unbounded | not_solved


def check_solver(name: str) -> None:
    """Refuse a solver landplan does not know, with the planner's message."""
    if name not in ("cbc", "highs"):
        raise SolverError(Problem(f"unknown solver `{name}`", field="solver.name",
                                  hint="use `cbc` (bundled with PuLP) or `highs`"))


def open_stages(m: LandModel, solver: str, *, gap: float = 0.0,
                time_limit: float | None = None, threads: int = 1,
                msg: bool = False) -> HighsStages | CbcStages:
    """The model held in HiGHS, solved by `solver` (cbc or highs) a stage at a time; close it
    when done (CBC's files)."""
    check_solver(solver)
    how = {"gap": gap, "time_limit": time_limit, "threads": threads, "msg": msg}
    return CbcStages(m, options=CBC_OPTIONS, **how) if solver == "cbc" else HighsStages(m, **how)


class Stages:
    """Held rows and values shared by both solvers; the PuLP variables hold each stage's
    values, so the solution is read from the model as before."""

    def __init__(self, m: LandModel, *, gap: float, threads: int):
        self.hm = HighsModel(m, gap=gap, threads=threads)
        self.hm.h.changeObjectiveSense(highspy.ObjSense.kMinimize)
        self.values: np.ndarray | None = None
        # a rolling plan's integer columns (year choice, funded): fixed for a stage's start
        self.choices = np.array([j for j, v in enumerate(self.variables)
                                 if v.cat == pulp.LpInteger] if m.v.w else [], dtype=np.int32)

    @property
    def variables(self) -> list[pulp.LpVariable]:
        return self.hm.variables

    def objective(self, sense: int, expr: pulp.LpAffineExpression) -> None:
        sign = -1.0 if sense == pulp.LpMaximize else 1.0  # always minimised
        self.hm.set_costs(self.hm.costs_of(expr, sign))

    def keep(self, values: np.ndarray) -> None:
        self.values = values
        for v, x in zip(self.variables, values.tolist(), strict=False):
            v.varValue = x

    def hold(self, expr: pulp.LpAffineExpression) -> int:
        """A row over expr, its bounds set by `bound`; returns the row."""
        return self.hm.add_row(-INF, INF, {v.name: c for v, c in expr.items()})

    def bound(self, row: int, expr: pulp.LpAffineExpression, lo: float, hi: float) -> None:
        k = float(expr.constant or 0.0)  # the row holds the terms; the constant moves across
        self.hm.h.changeRowBounds(row, lo - k if lo > -INF else -INF, hi - k if hi < INF else INF)

    def start_in_years(self, sense: int) -> None:
        """A rolling plan's tie-break stage (least-of) starts from the best point with the
        previous stage's year choice kept: an LP over the continuous columns, solved in HiGHS
        in process (about 0.01 s on the three-year demo). The earlier optima are held, so the
        year choice rarely changes from here on (the demo's never does), and the full stage
        that follows then mostly has its optimum as a start and only proves it; it still
        searches every year choice, so the optimum stays exact. Without a start, without year
        choices, or when the LP fails, the start is kept: the LP fails where the stage before
        left a binary within the integrality tolerance (8e-7) under land its held row counts
        on (the demo's moves stage). Keeping such values unrounded made the `discount: 0`
        variant slower (README, Speed).
        A one-year model is solved as before. HiGHS only: it checks a start as given, while
        CBC's MIP start already fixes the integer columns and solves this LP itself."""
        if sense != pulp.LpMinimize or self.values is None or not self.choices.size:
            return
        h, cols = self.hm.h, self.choices
        lp = h.getLp()
        lo, hi = np.array(lp.col_lower_)[cols], np.array(lp.col_upper_)[cols]
        chosen = np.clip(np.round(self.values[cols]), lo, hi)
        h.changeColsBounds(len(cols), cols, chosen, chosen)
        try:
            out = self.hm.solve(self.values)
        finally:
            h.changeColsBounds(len(cols), cols, lo, hi)
        if out.status == "optimal" and out.values is not None:
            self.values = out.values

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class HighsStages(Stages):
    """HiGHS in process; each tie-break stage starts from the stage before."""

    def __init__(self, m: LandModel, *, gap: float, time_limit: float | None, threads: int,
                 msg: bool):
        super().__init__(m, gap=gap, threads=threads)
        h = self.hm.h
        if time_limit is not None:
            h.setOptionValue("time_limit", float(time_limit))
        h.setOptionValue("output_flag", bool(msg))

    def run(self, sense: int, expr: pulp.LpAffineExpression) -> Status:
        """One stage, from the last stage's (or sweep point's) values when there are any:
        HiGHS checks a start and ignores it where it breaks a row."""
        self.objective(sense, expr)
        self.start_in_years(sense)
        out = self.hm.solve(self.values)
        if out.values is not None:
            self.keep(out.values)
        return out.status


class CbcStages(Stages):
    """CBC on the MPS file HiGHS writes (about 0.05 s at 5,000 projects)."""

    def __init__(self, m: LandModel, *, options: tuple[str, ...], gap: float,
                 time_limit: float | None, threads: int, msg: bool):
        super().__init__(m, gap=gap, threads=threads)
        self.msg = msg
        self.args = [*_split(options), "-ratio", repr(float(gap)), "-threads", str(threads),
                     "-timeMode", "elapsed"]
        if time_limit is not None:
            self.args += ["-sec", repr(float(time_limit))]
        self._dir = tempfile.TemporaryDirectory(prefix="landplan-cbc-")

    def close(self) -> None:
        self._dir.cleanup()

    def run(self, sense: int, expr: pulp.LpAffineExpression) -> Status:
        """One stage: minimise (or maximise) expr over the model and its held rows, from the
        stage before when there is one."""
        self.objective(sense, expr)
        d = Path(self._dir.name)
        mps, sol, mst, full = (d / f"stage.{x}" for x in ("mps", "sol", "mst", "bin"))
        sol.unlink(missing_ok=True)
        full.unlink(missing_ok=True)
        self.hm.h.writeModel(str(mps))
        args = [pulp.PULP_CBC_CMD().path, str(mps)]
        if self.values is not None:
            _write_start(mst, self.values)
            args += ["-mips", str(mst)]
        tail = ["-solve", "-solution", str(sol), "-saveSolution", str(full)]
        done = self._cbc(args + self.args + tail)
        if done.returncode < 0 and "-preprocess" in self.args:
            # CBC without its integer preprocessing dies (SIGSEGV) on some integer-infeasible
            # models (a town minimum only a min_area project can meet, with too little quota):
            # the same stage again with CBC's own preprocessing, which changes no optimum
            sol.unlink(missing_ok=True)
            done = self._cbc(args + _without(self.args, "-preprocess") + tail)
        if done.returncode != 0 or not sol.exists():
            raise pulp.PulpSolverError(f"CBC exited with code {done.returncode}"
                                       + ("" if self.msg else " (run with msg for its log)"))
        status = _read_status(sol)
        values = _read_values(full) if status in ("optimal", "feasible") else None
        if values is not None:
            self.keep(values)
        return status


    def _cbc(self, args: list[str]) -> subprocess.CompletedProcess:
        out = None if self.msg else subprocess.DEVNULL
        return subprocess.run(args, stdout=out, stderr=out, stdin=subprocess.DEVNULL,
                              check=False, preexec_fn=child_setup())


def _without(args: list[str], option: str) -> list[str]:
    """CBC's arguments without one option and its value."""
    i = args.index(option)
    return args[:i] + args[i + 2:]


def _split(options: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for option in options:
        first, *rest = option.split()
        out += ["-" + first, *rest]
    return out


def _write_start(path: Path, values: np.ndarray) -> None:
    """A MIP start in CBC's solution format, by the column names HiGHS wrote (c0, c1, …)."""
    lines = ["Stopped on time - objective value 0\n"]
    lines += [f"{j:>7} c{j} {x!r:>15} 0\n" for j, x in enumerate(values.tolist())]
    path.write_text("".join(lines), encoding="ascii")


# The first word of CBC's solution file, as PuLP reads it.
_STATUS = {"Optimal": "optimal", "Infeasible": "infeasible", "Integer": "infeasible",
           "Unbounded": "unbounded", "Stopped": "not_solved"}


def _read_status(path: Path) -> str:
    """The first line of CBC's solution file, read as PuLP reads it."""
    with path.open(encoding="ascii", errors="replace") as f:
        words = f.readline().split()
    status = _STATUS.get(words[0] if words else "", "failed")
    if status == "not_solved" and len(words) >= 5 and words[4] == "objective":
        status = "feasible"  # stopped early with a solution, not proven optimal
    return status


def _read_values(path: Path) -> np.ndarray | None:
    """Column values from CBC's `-saveSolution` file, in full precision: its text solution
    prints 8 significant digits (69.170663), which moves a value of 66,967.92 in its tenth
    digit and can leave a held row a hair short. The file holds the row and column counts,
    the objective, then row activities and duals, column values and reduced costs."""
    if not path.exists():
        return None
    data = path.read_bytes()
    rows, cols = np.frombuffer(data[:8], dtype=np.int32)
    body = np.frombuffer(data[16:], dtype=np.float64)
    if body.size != 2 * (int(rows) + int(cols)):
        return None
    return body[2 * rows:2 * rows + cols].copy()
