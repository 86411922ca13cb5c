"""Solve the allocation model exactly, in lexicographic stages.

Stage 1 maximises value. Stage 2 keeps that value and spends the least on linkage and
reclamation. Stage 3 keeps both and moves the fewest credits between towns. A scenario with
`policy.tiers` solves its tiers first, each held by the next (landplan.model.tiers). Each
later stage holds the earlier optima within 1e-9 relative (1e-6 absolute). Where a held row is that thin a
solver's own feasibility tolerance can make it look infeasible; then all held rows are loosened
together, to 1e-8, 1e-7, 1e-6 and at most 1e-5, and summary.json records the tolerance used.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

import pulp

from landplan.errors import Problem, SolverError
from landplan.model.core import LandModel
from landplan.solver import CBC_OPTIONS, HIGHS_OPTIONS, Stages, check_solver, open_stages

SolverName = Literal["cbc", "highs"]
SOLVERS: tuple[str, ...] = ("cbc", "highs")

# `auto` (the default): HiGHS in process up to this many binaries, CBC above. Measured with
# bench/run.py on our models (three stages, gap 0): HiGHS is faster on the demo (100 projects,
# 50 binaries) and about even at 500–2,000 projects; CBC is twice as fast at 5,000 (2,372).
AUTO_HIGHS_MAX_BINARIES = 1500


def choose_solver(name: str, m: LandModel) -> tuple[str, str | None]:
    """The solver to use, and for `auto` why it was chosen."""
    if name != "auto":
        return name, None
    binaries = sum(1 for v in m.problem.variables() if v.cat == pulp.LpInteger)
    chosen = "highs" if binaries <= AUTO_HIGHS_MAX_BINARIES else "cbc"
    sign = "≤" if chosen == "highs" else ">"
    return chosen, f"auto: {chosen} ({binaries} binaries {sign} {AUTO_HIGHS_MAX_BINARIES})"


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
        """The value stage's optimum (Σ v·x), whether or not tiers came before it."""
        return next((s.objective for s in self.stages if s.name == "value"),
                    self.stages[0].objective if self.stages else None)


def solve(m: LandModel, *, solver: str = "cbc", gap: float = 0.0,
          time_limit: float | None = None, threads: int = 1, msg: bool = False) -> SolveResult:
    """Run the stages; the model's variables hold the final allocation afterwards."""
    settings = {"solver": solver, "gap_rel": gap, "time_limit": time_limit, "threads": threads,
                "stages": [t.stage for t in m.tiers] + ["value", "spending", "moves"],
                "stage_tolerances_rel": list(STAGE_TOLERANCES), "stage_tolerance_abs": 1e-6}
    if solver == "highs":
        settings["highs_options"] = dict(HIGHS_OPTIONS)
    elif solver == "cbc":
        settings["cbc_options"] = list(CBC_OPTIONS)
        settings["cbc_model_file"] = "MPS written by HiGHS from the model's arrays"
    else:
        check_solver(solver)  # the message for an unknown name
    settings["model"] = "held in HiGHS once; each stage starts from the one before"
    result = SolveResult("failed", solver, gap, settings)
    with open_stages(m, solver, gap=gap, time_limit=time_limit, threads=threads,
                     msg=msg) as stages:
        lexicographic(m, stages, result)
    return result


def lexicographic(m: LandModel, stages: Stages, result: SolveResult) -> None:
    """The stages on the solver layer (landplan.solver); sweeps call this once per point on
    one held model whose rows they change, dropping the held rows in between."""
    def run(stage: str, sense: int, objective: pulp.LpAffineExpression) -> Stage:
        t0 = time.perf_counter()
        try:
            status = stages.run(sense, objective)
        except pulp.PulpSolverError as exc:
            raise SolverError(Problem(f"the {result.solver} solver failed: {exc}",
                                      hint="try the other solver with --solver")) from None
        value = pulp.value(objective) if status in ("optimal", "feasible") else None
        st = Stage(stage, "max" if sense == pulp.LpMaximize else "min",
                   value, status, time.perf_counter() - t0)
        result.stages.append(st)
        return st

    order = [(t.stage, pulp.LpMaximize, t.expr) for t in m.tiers]
    order += [("value", pulp.LpMaximize, m.value), ("spending", pulp.LpMinimize, m.spending),
              ("moves", pulp.LpMinimize, m.moves)]
    (name, sense, expr), later = order[0], order[1:]
    first = run(name, sense, expr)
    if first.status != "optimal":
        result.status = first.status
        return
    holds = [_Hold(stages, f"stage_{name}", expr, first.objective or 0.0, pulp.LpConstraintGE)]
    for name, sense, expr in later:
        # A least-of stage whose objective is already 0 (its lower bound) is skipped.
        if sense == pulp.LpMinimize and (not _has_terms(expr)
                                         or (pulp.value(expr) or 0) <= 1e-9):
            continue
        # An earlier stage may have used its held row's tolerance to the full; when the
        # solver then finds the rows too thin to meet, every held row is loosened together.
        for rel in STAGE_TOLERANCES:
            for held in holds:
                held.loosen(max(rel, held.rel))
            st = run(name, sense, expr)
            if st.status == "optimal":
                break
        else:
            raise SolverError(Problem(
                f"the {name} stage ended `{st.status}` after the earlier stages were optimal, "
                f"even holding them to {STAGE_TOLERANCES[-1]:g} relative",
                hint="try the other solver with --solver, and report this scenario"))
        holds.append(_Hold(stages, f"stage_{name}", expr, st.objective or 0.0,
                           pulp.LpConstraintGE if sense == pulp.LpMaximize
                           else pulp.LpConstraintLE))
    for held in holds[:-1]:
        result.settings[f"tolerance_{held.name}"] = held.rel
    result.status = "optimal"


# Later stages hold the earlier optimum within this relative tolerance; if a solver finds the
# held row infeasible by its own rounding, the next, looser tolerance is tried.
STAGE_TOLERANCES = (1e-9, 1e-8, 1e-7, 1e-6, 1e-5)


class _Hold:
    """The row that keeps an earlier stage's optimum while the next stage is solved."""

    def __init__(self, stages: Stages, name: str, expr, best: float, sense: int):
        self.stages, self.name, self.expr, self.best, self.sense = stages, name, expr, best, sense
        self.row = stages.hold(expr)
        self.loosen(STAGE_TOLERANCES[0])

    def loosen(self, rel: float) -> None:
        self.rel = rel
        tol = max(rel * abs(self.best), 1e-6)
        if self.sense == pulp.LpConstraintGE:
            self.stages.bound(self.row, self.expr, self.best - tol, float("inf"))
        else:
            self.stages.bound(self.row, self.expr, float("-inf"), self.best + tol)


def _has_terms(expr: pulp.LpAffineExpression | None) -> bool:
    return expr is not None and any(c != 0 for c in expr.values())
