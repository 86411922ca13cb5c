"""CBC on the model as arrays: HiGHS writes the MPS file, CBC solves it, values come back.

PuLP writes the MPS file in Python for every stage; at 5,000 projects that took a third of a
second a stage, as long as CBC's own root processing. Here the model is held in HiGHS once
(analysis/highs.py reads the same PuLP variables and named rules), each stage changes only its
objective and the held rows, and HiGHS writes the file in about 0.05 s. CBC is run the way
PuLP runs it: the same binary, options, gap, time limit and threads.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import highspy
import numpy as np
import pulp

from landplan.analysis.highs import INF, HighsModel
from landplan.model.core import LandModel


class CbcStages:
    """Solve stage after stage with CBC; the PuLP variables hold each stage's values."""

    def __init__(self, m: LandModel, *, options: tuple[str, ...], gap: float,
                 time_limit: float | None, threads: int, msg: bool):
        self.m, self.msg = m, msg
        self.hm = HighsModel(m)
        self.hm.h.changeObjectiveSense(highspy.ObjSense.kMinimize)
        self.variables = m.problem.variables()
        self.args = [*_split(options), "-ratio", repr(float(gap)), "-threads", str(threads),
                     "-timeMode", "elapsed"]
        if time_limit is not None:
            self.args += ["-sec", repr(float(time_limit))]
        self.values: np.ndarray | None = None
        self._dir = tempfile.TemporaryDirectory(prefix="landplan-cbc-")

    def close(self) -> None:
        self._dir.cleanup()

    def run(self, sense: int, expr: pulp.LpAffineExpression, warm: bool) -> str:
        """One stage: minimise (or maximise) expr over the model and its held rows."""
        sign = -1.0 if sense == pulp.LpMaximize else 1.0  # the file always minimises
        self.hm.set_costs(self.hm.costs_of(expr, sign))
        d = Path(self._dir.name)
        mps, sol, mst, full = (d / f"stage.{x}" for x in ("mps", "sol", "mst", "bin"))
        sol.unlink(missing_ok=True)
        full.unlink(missing_ok=True)
        self.hm.h.writeModel(str(mps))
        args = [pulp.PULP_CBC_CMD().path, str(mps)]
        if warm and self.values is not None:
            _write_start(mst, self.values)
            args += ["-mips", str(mst)]
        args += [*self.args, "-solve", "-solution", str(sol), "-saveSolution", str(full)]
        out = None if self.msg else subprocess.DEVNULL
        done = subprocess.run(args, stdout=out, stderr=out, stdin=subprocess.DEVNULL,
                              check=False)
        if done.returncode != 0 or not sol.exists():
            raise pulp.PulpSolverError(f"CBC exited with code {done.returncode}"
                                       + ("" if self.msg else " (run with msg for its log)"))
        status = _read_status(sol)
        values = _read_values(full) if status in ("optimal", "feasible") else None
        if values is not None:
            self.values = values
            for v, x in zip(self.variables, values, strict=False):
                v.varValue = float(x)
        return status

    def hold(self, expr: pulp.LpAffineExpression) -> int:
        """A row over expr, its bounds set by `bound`; returns the row."""
        return self.hm.add_row(-INF, INF, {v.name: c for v, c in expr.items()})

    def bound(self, row: int, expr: pulp.LpAffineExpression, lo: float, hi: float) -> None:
        k = float(expr.constant or 0.0)  # the row holds the terms; the constant moves across
        self.hm.h.changeRowBounds(row, lo - k if lo > -INF else -INF, hi - k if hi < INF else INF)


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
