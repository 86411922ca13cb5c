"""The one solver layer: every solve of landplan goes through the model held in HiGHS.

- `held`: the PuLP model read once into HiGHS as arrays, rows and columns by the model's names;
  bound changes and temporary rows for the analysis re-solves (why-not, marginal values).
- `stages`: an objective over the held model and its held rows, solved by HiGHS in process or
  by CBC on the MPS file HiGHS writes: the lexicographic stages (landplan.solve) and sweeps.
- `relax`: the infeasibility relaxation, slack columns on the rows of relaxable families,
  solved in two stages by the same code.
- `options`: how the solvers are set.

PuLP stays the modelling API; nothing else in landplan calls a solver.
"""

from landplan.solver.held import INF, HighsModel, Outcome
from landplan.solver.options import CBC_OPTIONS, HIGHS_OPTIONS, quiet
from landplan.solver.relax import Moved, relax
from landplan.solver.stages import CbcStages, HighsStages, Stages, check_solver, open_stages

__all__ = [
    "CBC_OPTIONS",
    "HIGHS_OPTIONS",
    "INF",
    "CbcStages",
    "HighsModel",
    "HighsStages",
    "Moved",
    "Outcome",
    "Stages",
    "check_solver",
    "open_stages",
    "quiet",
    "relax",
]
