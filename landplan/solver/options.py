"""How the solvers are set: the held model (HiGHS) and CBC's command line read it, so the
stages, the analysis re-solves and the infeasibility relaxation solve alike."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

# Heuristics that search for incumbents a start or an earlier stage already supplies, restarts
# and symmetry detection take most of the time of a re-solve on our models (a few hundred
# binaries; bench/run.py) and change no optimum, only how it is found.
HIGHS_OPTIONS = {"mip_heuristic_run_rins": False, "mip_heuristic_run_rens": False,
                 "mip_heuristic_run_feasibility_jump": False,
                 "mip_heuristic_run_root_reduced_cost": False,
                 "mip_allow_restart": False, "mip_heuristic_effort": 0.0,
                 "mip_detect_symmetry": False, "mip_root_presolve_only": True}

# On our models CBC's primal heuristics find nothing branching does not (later stages start
# from the stage before anyway), and its LP presolve, integer preprocessing and flow-cover
# cuts cost more than they save: at 5,000 projects the three stages take 3.4 s of CBC time with
# all four off against 8.5 s with only the heuristics off (two seeds, bench/run.py); at 500–3,000
# projects the difference is within ±0.1 s. None of them changes an optimum, only how it is found.
CBC_OPTIONS = ("heuristics off", "presolve off", "preprocess off", "flow off")


@contextlib.contextmanager
def quiet(on: bool) -> Iterator[None]:
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
