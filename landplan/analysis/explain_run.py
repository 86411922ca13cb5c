"""The analysis a run adds to its tables: why-not per short project, and marginal values.

With priority tiers the questions are asked of value (Σ v·x) with every tier ranked by land or
count held at what it secured: a marginal value is the value gained with those tiers held
there, and a project in such a tier can be stopped by its tier's own optimum. A tier ranked by
value is not held; value ranks its projects as the run did (with the standard policy, the
run's allocation is the value optimum under the held tiers).

Each question is a few re-solves of the model held in HiGHS. They are independent, so they are
split over local processes in fixed shares (this process answers the first, each worker
rebuilds the model from the same prepared data for another); each solve starts from scratch.
A rolling plan's re-solves stop at ROLLING_RESOLVE_NODES nodes each: what a stopped one would
have given is left empty and named in a note, never taken from an unproven incumbent.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pulp

from landplan.analysis.marginal import MARGINAL_COLUMNS, marginal_row, marginal_tasks
from landplan.analysis.whynot import (
    UNPROVEN_KEY,
    WHYNOT_COLUMNS,
    Short,
    add_seen,
    why_not_row,
)
from landplan.model import build_model
from landplan.model.core import LandModel
from landplan.model.data import ModelData
from landplan.solution import Solution
from landplan.solve import STAGE_TOLERANCES, SolveResult
from landplan.solver import HighsModel, Outcome
from landplan.testpoints import hold
from landplan.workers import process_pool

# A rolling plan's re-solve (the value stage over the horizon, a few hundred year binaries) can
# take seconds or minutes where a one-year one takes milliseconds; each is stopped after this
# many branch-and-bound nodes (a count, not seconds, so that a run's tables do not depend on how
# busy the machine is) and its figure is left empty, with a note. A one-year plan has no limit.
ROLLING_RESOLVE_NODES = 3000
NOT_PROVEN = "not proven: a re-solve stopped at the node limit"
STOPPED = "_stopped"  # a result key, dropped before the tables: its task had a stopped re-solve
MAX_SHORT = 400  # beyond this many short projects the why-not analysis is skipped, with a note
PARALLEL_FROM = 24  # tasks below which one process is faster than starting others
LARGE_MODEL = 500  # binaries from which a single re-solve outweighs starting a process


@dataclass
class Analysis:
    marginal: pd.DataFrame
    whynot: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def analyse(m: LandModel, sol: Solution, *, whynot: bool = True,
            marginal: bool = True, jobs: int | None = None) -> Analysis:
    """Add value_needed / extra_quota_needed to the allocation and return marginal values
    (language-free: the remedies are worded with the reasons, by `Solution.allocation_in`)."""
    notes: list[str] = []
    a = sol.allocation
    rows = Short.rows(a)
    if not whynot:
        rows = []
    elif len(rows) > MAX_SHORT:
        notes.append(f"why-not analysis skipped: {len(rows)} projects fell short "
                     f"(limit {MAX_SHORT})")
        rows = []
    if not marginal:
        notes.append("marginal values not computed (asked for without them)")
    hm = _highs_model(m) if marginal or rows else None
    floors = tier_floors(m, sol.result)
    if hm is not None:
        hm.hold_tiers(floors)
    tasks = ([("marginal", t) for t in marginal_tasks(hm)] if marginal else []) + [
        ("whynot", r) for r in rows]
    start = hm.current_point() if hm else None  # the run's optimum: each re-solve's start
    jobs = jobs or os.cpu_count() or 1
    if not tasks:
        results, stopped = [], 0
    elif jobs > 1 and (len(tasks) >= PARALLEL_FROM
                       or (len(tasks) > 1 and _binaries(m) >= LARGE_MODEL)):
        # this process answers the first share on its own model while workers take the rest
        chunks = [tasks[i::jobs] for i in range(jobs)]
        rest = len(chunks) - 1
        with process_pool(rest) as pool:
            later = pool.map(_work, [m.data] * rest, [a] * rest, chunks[1:], [start] * rest,
                             [floors] * rest)
            parts = [(_run_tasks(hm, a, chunks[0], start), hm.stopped), *later]
        results = [None] * len(tasks)
        for i, (part, _) in enumerate(parts):
            results[i::jobs] = part
        stopped = sum(n for _, n in parts)
    else:
        results = _run_tasks(hm, a, tasks, start)
        stopped = hm.stopped if hm is not None else 0
    unproven = [task.project_id for (kind, task), r in zip(tasks, results, strict=True)
                if kind == "whynot" and r is not None and r.get(STOPPED)]
    if stopped:
        notes.append(f"{stopped} analysis re-solves stopped at the limit of "
                     f"{hm.node_limit:,} nodes "
                     "of a rolling plan before proving an optimum: their marginal values are left "
                     "empty (method `not proven`), and so is the why-not of "
                     f"{len(unproven)} short projects ({', '.join(unproven) or 'none'})")
    odd = [task.project_id for (kind, task), r in zip(tasks, results, strict=True)
           if kind == "whynot" and r is not None and r.get(UNPROVEN_KEY)]
    if odd:
        notes.append(f"why-not of {len(odd)} short projects ({', '.join(odd)}) left empty: "
                     "the re-solves did not prove a figure (in a rolling plan with "
                     "policy.discount, more value per mu may favour land given earlier in "
                     "part over land later in full)")
    results = [r if r is None else {k: v for k, v in r.items() if k not in (STOPPED,
                                                                           UNPROVEN_KEY)}
               for r in results]
    if results and results[0] is None:
        notes.append("analysis skipped: HiGHS did not prove the value stage optimal")
        return Analysis(pd.DataFrame(columns=MARGINAL_COLUMNS),
                        pd.DataFrame(columns=WHYNOT_COLUMNS), notes)
    marginal = pd.DataFrame([r for (kind, _), r in zip(tasks, results, strict=True)
                             if kind == "marginal"], columns=MARGINAL_COLUMNS)
    # a plan by year also says which year's quota (extra_quota_year)
    columns = WHYNOT_COLUMNS + (["extra_quota_year"] if m.data.plan is not None else [])
    wn = pd.DataFrame([r for (kind, _), r in zip(tasks, results, strict=True)
                       if kind == "whynot"], columns=columns)
    merged = a.drop(columns=columns[1:], errors="ignore").merge(
        wn, on="project_id", how="left")
    sol.analysed = set(wn["project_id"]) - set(unproven)
    sol.allocation = merged
    add_seen(sol, m, {r["project_id"]: r.get("seen", {}) for (kind, _), r in
                      zip(tasks, results, strict=True) if kind == "whynot"})
    return Analysis(marginal, wn, notes)


def _binaries(m: LandModel) -> int:
    return sum(1 for v in m.problem.variables() if v.cat == pulp.LpInteger)


class LimitedHighsModel(HighsModel):
    """The value-stage model with a limit of branch-and-bound nodes on each re-solve once
    `limited` (None: none), counting the re-solves it stopped: their outcome is not optimal, so
    their figure is left empty."""

    def __init__(self, m: LandModel, *, node_limit: int | None, gap: float = 0.0):
        super().__init__(m, gap=gap)
        self.node_limit, self.stopped, self.limited = node_limit, 0, False
        self.unlimited = self.h.getOptionValue("mip_max_nodes")[1]

    def solve(self, start: np.ndarray | None = None) -> Outcome:
        limited = self.node_limit is not None and self.limited
        nodes = int(self.node_limit) if limited else self.unlimited
        self.h.setOptionValue("mip_max_nodes", nodes)
        out = super().solve(start)
        if limited and out.status not in ("optimal", "infeasible"):
            self.stopped += 1
        return out


def _highs_model(m: LandModel) -> LimitedHighsModel:
    plan = m.data.plan
    limit = ROLLING_RESOLVE_NODES if plan is not None and plan.multi else None
    return LimitedHighsModel(m, node_limit=limit, gap=m.data.scenario.solver.gap)


def _work(data: ModelData, alloc: pd.DataFrame, tasks: list, start: np.ndarray,
          floors: list[float | None]) -> tuple[list, int]:
    """In a worker process: rebuild the same model and answer a share of the questions."""
    m = build_model(data)
    hm = _highs_model(m)
    hm.hold_tiers(floors)
    return _run_tasks(hm, alloc, tasks, start), hm.stopped


def tier_floors(m: LandModel, result: SolveResult) -> list[float | None]:
    """What each priority tier ranked by land or count secured in the run, less the tolerance
    its held row had: the why-not and marginal questions keep those tiers at least there. A
    tier ranked by value is not held (None): the questions are asked of value."""
    found = {st.name: st.objective for st in result.stages}
    out: list[float | None] = []
    for tier in m.tiers:
        if tier.objective == "value":
            out.append(None)
            continue
        best = float(found.get(tier.stage) or 0.0)
        rel = float(result.settings.get(f"tolerance_stage_{tier.stage}", STAGE_TOLERANCES[0]))
        out.append(best - max(rel * abs(best), 1e-6))
    return out


def _run_tasks(hm: HighsModel, alloc: pd.DataFrame, tasks: list, start: np.ndarray) -> list:
    hold("analysis")
    base = hm.solve(start)  # the run's optimum again: never stopped
    if base.objective is None:
        return [None] * len(tasks)
    hm.limited = True
    out = []
    for kind, task in tasks:
        before = getattr(hm, "stopped", 0)
        if kind == "marginal":
            row = marginal_row(hm, task, base)
        else:
            row = why_not_row(hm, alloc, task, base)
        unproven = row.pop(UNPROVEN_KEY, False)  # no claim from it either
        if getattr(hm, "stopped", 0) > before or unproven:  # a figure from it would not be proven
            row = {**row, **({"value": None, "gain": None, "method": NOT_PROVEN}
                             if kind == "marginal" else
                             {"value_needed": None, "extra_quota_needed": None,
                              "extra_quota_year": None, "seen": {}}),
                   STOPPED: True, **({UNPROVEN_KEY: True} if unproven else {})}
        out.append(row)
    return out
