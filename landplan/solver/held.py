"""The allocation model held in HiGHS (in process): what every solve of landplan solves.

Built once from the PuLP model by reading its variables and named constraints, so the same
rules apply; rows and columns are addressed by the model's own names (`rule__key`, `n__P001`).
The stages change its objective and held rows (landplan.solver.stages), the analysis re-solves
its bounds, and the infeasibility relaxation adds slack columns to it (landplan.solver.relax).
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import pulp

from landplan.model.core import LandModel
from landplan.model.tiers import tier_parts
from landplan.solver.options import HIGHS_OPTIONS, quiet

INF = highspy.kHighsInf
# A tier counts as held at its whole when its floor is the whole less the first stage
# tolerance (landplan.solve: 1e-9 relative, at least 1e-6) and at most this much more: the
# solvers' own rounding. A floor held to a looser tolerance keeps the one row.
WHOLE_REL = 1e-9


def _held_below(whole: float) -> float:
    return max(WHOLE_REL * abs(whole), 1e-6)


@dataclass
class Outcome:
    status: str  # optimal | feasible (stopped, not proven) | infeasible | unbounded | not_solved
    objective: float | None
    values: np.ndarray | None


_SCHEDULER = {"threads": 0}  # threads of HiGHS' process-wide scheduler; 0: not started


def _scheduler_for(threads: int) -> int:
    """HiGHS starts one scheduler per process with the thread count of its first solve, and a
    later solve asking for another count stops at once (`not_solved`): start it again."""
    if _SCHEDULER["threads"] not in (0, threads):
        highspy.Highs.resetGlobalScheduler(True)
    _SCHEDULER["threads"] = threads
    return threads


class HighsModel:
    """Stage-1 (value) model in HiGHS; change bounds, add rows, solve again."""

    def __init__(self, m: LandModel, *, gap: float = 0.0, threads: int = 1):
        self.m = m
        variables = m.problem.variables()
        # the PuLP variable of each column, in column order (columns added by add_var too)
        self.variables: list[pulp.LpVariable] = list(variables)
        self.col = {v.name: j for j, v in enumerate(variables)}
        with quiet(True):
            h = highspy.Highs()
        self.h = h
        h.setOptionValue("output_flag", False)
        h.setOptionValue("mip_rel_gap", gap)
        h.setOptionValue("threads", _scheduler_for(threads))
        for option, value in HIGHS_OPTIONS.items():
            h.setOptionValue(option, value)
        lo = np.array([-INF if v.lowBound is None else v.lowBound for v in variables], float)
        hi = np.array([INF if v.upBound is None else v.upBound for v in variables], float)
        cost = np.zeros(len(variables))
        for v, c in m.value.items():
            cost[self.col[v.name]] = c
        h.addVars(len(variables), lo, hi)
        h.changeColsCost(len(variables), np.arange(len(variables), dtype=np.int32), cost)
        ints = [j for j, v in enumerate(variables) if v.cat == pulp.LpInteger]
        if ints:
            h.changeColsIntegrality(len(ints), np.array(ints, dtype=np.int32),
                                    np.array([highspy.HighsVarType.kInteger] * len(ints)))
        self.row: dict[str, int] = {}
        self.bounds: dict[str, tuple[float, float]] = {}
        for name, c in m.constraints.items():
            if not name.startswith("stage_"):  # lexicographic stage rows are not rules
                self._add_row(name, c)
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)

    def _add_row(self, name: str, c: pulp.LpConstraint) -> None:
        rhs = -c.constant
        lo, hi = {pulp.LpConstraintLE: (-INF, rhs), pulp.LpConstraintGE: (rhs, INF),
                  pulp.LpConstraintEQ: (rhs, rhs)}[c.sense]
        idx = np.array([self.col[v.name] for v in c.keys()], dtype=np.int32)
        val = np.array(list(c.values()), dtype=float)
        self.row[name] = len(self.row)
        self.bounds[name] = (lo, hi)
        self.h.addRow(lo, hi, len(idx), idx, val)

    def hold_tiers(self, floors: list[float | None]) -> None:
        """Each priority tier ranked by land or count at least what the run secured
        (`floors`, one per tier of m.tiers, less the stage tolerance; None for a tier ranked
        by value, which the value objective ranks as the run did).

        A tier held at its whole (every project of it funded in full, the usual case for key
        and livelihood projects) is held project by project, x_p ≥ A_p or f_p ≥ 1: the same
        allocations to the stage tolerance, which presolve fixes, where one dense row a hair
        below the whole leaves them free (why-not on a 500-project county with two whole
        tiers: 1.85× the time of the same county without tiers, per re-solve)."""
        for tier, lo in zip(self.m.tiers, floors, strict=True):
            if lo is None:
                continue
            parts = tier_parts(self.m, tier)
            whole = sum(most for _, most in parts)
            if parts and whole - lo <= _held_below(whole) + WHOLE_REL * max(1.0, abs(whole)):
                for expr, most in parts:
                    self.add_row(most, INF, {v.name: c for v, c in expr.items()})
                continue
            self.add_row(lo - float(tier.expr.constant or 0.0), INF,
                         {v.name: c for v, c in tier.expr.items()})

    def set_row(self, name: str, lo: float | None = None, hi: float | None = None) -> None:
        """Change a named row's bounds (None keeps the original)."""
        olo, ohi = self.bounds[name]
        self.h.changeRowBounds(self.row[name], olo if lo is None else lo,
                               ohi if hi is None else hi)

    def limit(self, name: str) -> float:
        """A named row's limit: the upper bound of a maximum, the lower of a minimum, both
        of an `=`."""
        lo, hi = self.bounds[name]
        return hi if hi < INF else lo

    def set_limit(self, name: str, value: float) -> None:
        """Move a named row's limit (sweeps, marginal values); `reset_row` puts it back."""
        lo, hi = self.bounds[name]
        if lo == hi:
            self.set_row(name, lo=value, hi=value)
        elif hi < INF:
            self.set_row(name, hi=value)
        else:
            self.set_row(name, lo=value)

    def reset_row(self, name: str) -> None:
        self.h.changeRowBounds(self.row[name], *self.bounds[name])

    def add_row(self, lo: float, hi: float, coefs: dict[str, float]) -> int:
        """A temporary row over named columns; returns its index (remove with drop_last_rows)."""
        idx = np.array([self.col[k] for k in coefs], dtype=np.int32)
        self.h.addRow(lo, hi, len(idx), idx, np.array(list(coefs.values()), dtype=float))
        return self.h.getNumRow() - 1

    def drop_rows_from(self, first: int) -> None:
        n = self.h.getNumRow()
        if n > first:
            self.h.deleteRows(n - first, np.arange(first, n, dtype=np.int32))

    def add_var(self, var: pulp.LpVariable) -> int:
        """A column for a PuLP variable that is not in the model (a slack of the relaxation),
        addressed by its name like the model's own; its values are read back with theirs."""
        j = self.add_col(-INF if var.lowBound is None else var.lowBound,
                         INF if var.upBound is None else var.upBound)
        if var.cat == pulp.LpInteger:
            self.h.changeColIntegrality(j, highspy.HighsVarType.kInteger)
        self.col[var.name] = j
        self.variables.append(var)
        return j

    def add_col(self, lo: float = 0.0, hi: float = INF, cost: float = 0.0) -> int:
        self.h.addVar(lo, hi)
        j = self.h.getNumCol() - 1
        self.h.changeColCost(j, cost)
        return j

    def set_costs(self, costs: dict[int, float]) -> None:
        """Replace the objective: zero everywhere but the given columns."""
        n = self.h.getNumCol()
        c = np.zeros(n)
        for j, v in costs.items():
            c[j] = v
        self.h.changeColsCost(n, np.arange(n, dtype=np.int32), c)

    def solve(self, start: np.ndarray | None = None) -> Outcome:
        """Solve from scratch; `start`, a feasible point, is a first incumbent to prune with
        (HiGHS checks it and ignores it where it breaks a row). The objective is given only
        when proven optimal; the values whenever there is a feasible point."""
        h = self.h
        h.clearSolver()
        if start is not None:
            self.start(start)
        h.run()
        st = h.getModelStatus()
        if st == highspy.HighsModelStatus.kInfeasible:
            return Outcome("infeasible", None, None)
        if st in (highspy.HighsModelStatus.kUnbounded,
                  highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return Outcome("unbounded", None, None)
        if h.getInfo().primal_solution_status != 2:  # no feasible point
            return Outcome("not_solved", None, None)
        values = np.array(h.getSolution().col_value)
        if st == highspy.HighsModelStatus.kOptimal:
            return Outcome("optimal", h.getInfo().objective_function_value, values)
        return Outcome("feasible", None, values)  # stopped early (time limit), not proven

    def start(self, values: np.ndarray) -> None:
        """Offer a feasible point (columns beyond it, added since, start at their lower bound)."""
        n = self.h.getNumCol()
        col = np.zeros(n)
        col[: min(n, len(values))] = values[:n]
        sol = highspy.HighsSolution()
        sol.col_value = col.tolist()
        sol.value_valid = True
        self.h.setSolution(sol)

    def current_point(self) -> np.ndarray:
        """The PuLP model's variable values (its last solve) as a HiGHS column vector."""
        return np.array([v.varValue or 0.0 for v in self.m.problem.variables()], dtype=float)

    def costs_of(self, expr: pulp.LpAffineExpression, sign: float = 1.0) -> dict[int, float]:
        return {self.col[v.name]: sign * c for v, c in expr.items()}

    def value_of(self, outcome: Outcome, var: pulp.LpVariable) -> float:
        return float(outcome.values[self.col[var.name]]) if outcome.values is not None else 0.0
