"""Solve the allocation model exactly, in lexicographic stages.

Stage 1 maximises value. Stage 2 keeps that value and spends the least on linkage and
reclamation. Stage 3 keeps both and moves the fewest credits between towns. Each later stage
holds the earlier optimum with a tolerance of 1e-9 relative (1e-6 absolute), far below the
0.01 mu and 1 yuan to which outputs are rounded.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

import pulp

from landplan.errors import Problem, SolverError
from landplan.model.core import LandModel

SolverName = Literal["cbc", "highs"]
SOLVERS: tuple[str, ...] = ("cbc", "highs")


@dataclass
class Stage:
    name: str
    sense: str
    objective: float | None
    status: str
    seconds: float


@dataclass
class SolveResult:
    status: str  # optimal | infeasible | feasible (stopped early, not proven) | failed
    solver: str
    gap: float
    settings: dict
    stages: list[Stage] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.stages)

    @property
    def objective(self) -> float | None:
        return self.stages[0].objective if self.stages else None


def make_solver(name: str, *, gap: float = 0.0, time_limit: float | None = None,
                threads: int = 1, msg: bool = False, warm: bool = False) -> pulp.LpSolver:
    """The PuLP solver with the gap stated explicitly (HiGHS' own default would be 1e-4)."""
    if name == "cbc":
        return pulp.PULP_CBC_CMD(msg=msg, gapRel=gap, timeLimit=time_limit, threads=threads,
                                 warmStart=warm)
    if name == "highs":
        return pulp.HiGHS(msg=msg, gapRel=gap, timeLimit=time_limit, threads=threads)
    raise SolverError(Problem(f"unknown solver `{name}`", field="solver.name",
                              hint="use `cbc` (bundled with PuLP) or `highs`"))


def solve(m: LandModel, *, solver: str = "cbc", gap: float = 0.0,
          time_limit: float | None = None, threads: int = 1, msg: bool = False) -> SolveResult:
    """Run the stages; the model's variables hold the final allocation afterwards."""
    settings = {"solver": solver, "gap_rel": gap, "time_limit": time_limit, "threads": threads,
                "stages": ["value", "spending", "moves"], "stage_tolerance_rel": 1e-9,
                "stage_tolerance_abs": 1e-6}
    result = SolveResult("failed", solver, gap, settings)
    prob = m.problem

    def run(stage: str, sense: int, objective: pulp.LpAffineExpression) -> Stage:
        prob.sense = sense
        prob.setObjective(objective)
        warm = solver == "cbc" and stage != "value"
        t0 = time.perf_counter()
        try:
            with _quiet(not msg):
                prob.solve(make_solver(solver, gap=gap, time_limit=time_limit, threads=threads,
                                       msg=msg, warm=warm))
        except pulp.PulpSolverError as exc:
            raise SolverError(Problem(f"the {solver} solver failed: {exc}",
                                      hint="try the other solver with --solver")) from None
        st = Stage(stage, "max" if sense == pulp.LpMaximize else "min",
                   pulp.value(prob.objective), _status(prob), time.perf_counter() - t0)
        result.stages.append(st)
        return st

    first = run("value", pulp.LpMaximize, m.value)
    if first.status != "optimal":
        result.status = first.status
        return result
    v_star = first.objective or 0.0
    m.add("stage_value", None, m.value >= v_star - _tol(v_star))
    # A stage whose objective is already 0 (its lower bound) at the current solution is skipped.
    if _has_terms(m.spending) and (pulp.value(m.spending) or 0) > 1e-9:
        second = run("spending", pulp.LpMinimize, m.spending)
        if second.status != "optimal":
            raise SolverError(Problem(f"the spending stage ended `{second.status}` after the "
                                      "value stage was optimal", hint="report this scenario"))
        c_star = second.objective or 0.0
        m.add("stage_spending", None, m.spending <= c_star + _tol(c_star))
    if _has_terms(m.moves) and (pulp.value(m.moves) or 0) > 1e-9:
        third = run("moves", pulp.LpMinimize, m.moves)
        if third.status != "optimal":
            raise SolverError(Problem(f"the credit-moves stage ended `{third.status}`",
                                      hint="report this scenario"))
    result.status = "optimal"
    return result


@contextlib.contextmanager
def _quiet(on: bool) -> Iterator[None]:
    """Silence a solver's banner printed from C (HiGHS prints one even with output off)."""
    if not on:
        yield
        return
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def _tol(x: float) -> float:
    return max(1e-9 * abs(x), 1e-6)


def _has_terms(expr: pulp.LpAffineExpression | None) -> bool:
    return expr is not None and any(c != 0 for c in expr.values())


def _status(prob: pulp.LpProblem) -> str:
    if prob.status == pulp.LpStatusInfeasible:
        return "infeasible"
    if prob.status == pulp.LpStatusUnbounded:
        return "unbounded"
    if prob.status == pulp.LpStatusOptimal:
        sol = getattr(prob, "sol_status", pulp.LpSolutionOptimal)
        return "optimal" if sol == pulp.LpSolutionOptimal else "feasible"
    if prob.status == pulp.LpStatusNotSolved:
        return "not_solved"
    return "failed"
