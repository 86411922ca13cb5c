"""Why did a project get less than it asked for, and what would change that?

For each unfunded or partly funded eligible project p, two re-solves:
- `value_needed`: the value per mu t at which funding p in full becomes optimal. With V_f the
  best value when p is forced to its full request (at p's own value v_p), every allocation S that
  leaves p short gives a lower bound t ≥ v_p + (V_S − V_f)/(A_p − x_S). Starting from the
  optimum, re-solve with p valued at the bound: either funding p in full is optimal there (then
  t is exact; at equality it is one of the optima) or a better short allocation appears and
  raises the bound. This ends after a few solves. Empty when no allocation can fund p in full
  under the rules (e.g. farmland credits run out whatever else is dropped).
- `extra_quota_needed`: the least extra county quota with which p is funded in full while every
  other project keeps at least the land it got. Empty when quota alone is not enough (another
  rule — farmland, paddy, budget, town maximum — stops it too).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landplan.model import rules
from landplan.solver import INF, HighsModel, Outcome

WHYNOT_COLUMNS = ["project_id", "value_needed", "extra_quota_needed"]


@dataclass(frozen=True)
class Short:
    """A project that got less than it asked for (picklable, for worker processes)."""

    project_id: str
    requested: float
    allocated: float
    value_per_mu: float

    @classmethod
    def rows(cls, alloc: pd.DataFrame) -> list[Short]:
        short = alloc[alloc["status"].isin(["unfunded", "partial"])]
        return [cls(str(p), float(r), float(a), float(v)) for p, r, a, v in zip(
            short["project_id"], short["requested"], short["allocated"], short["value_per_mu"],
            strict=True)]


def why_not_row(hm: HighsModel, alloc: pd.DataFrame, r, base: Outcome) -> dict:
    """value_needed and extra_quota_needed for one project that fell short (a row of alloc)."""
    return {"project_id": r.project_id, "value_needed": _value_needed(hm, r, base),
            "extra_quota_needed": _extra_quota(hm, alloc, r)}


def _value_needed(hm: HighsModel, r, base: Outcome) -> float | None:
    m = hm.m
    a, v = float(r.requested), float(r.value_per_mu)
    cols = [hm.col[m.v.n[r.project_id].name], hm.col[m.v.l[r.project_id].name]]
    first = hm.h.getNumRow()
    hm.add_row(a, INF, {m.v.n[r.project_id].name: 1.0, m.v.l[r.project_id].name: 1.0})
    forced = hm.solve()
    hm.drop_rows_from(first)
    if forced.objective is None:
        return None
    v_f = forced.objective
    known = [(base.objective, float(r.allocated))]
    t = v
    for _ in range(25):
        t = max([v] + [v + (val - v_f) / (a - x) for val, x in known if x < a - 1e-9])
        for j in cols:
            hm.h.changeColCost(j, t)
        out = hm.solve(forced.values)  # funding p in full stays feasible at any value
        for j in cols:
            hm.h.changeColCost(j, v)
        if out.objective is None:
            return None
        x = float(out.values[cols[0]] + out.values[cols[1]])
        full_value = v_f + (t - v) * a
        if x >= a - 1e-6 or out.objective <= full_value + 1e-7 * max(1.0, abs(full_value)):
            break
        known.append((out.objective - (t - v) * x, x))
    return _round_up(t)


def quota_rows(hm: HighsModel) -> tuple[str, ...]:
    """The rows that more county quota raises (the resource declared `whynot`, and the rows
    joining it: Q − R with the same earmark R); empty when the model has none."""
    for res, rows in rules.families(hm.m.data.scenario).resources():
        if res.whynot and rows[0] in hm.row:
            return tuple(row for row in rows if row in hm.row)
    return ()


def _extra_quota(hm: HighsModel, alloc: pd.DataFrame, r) -> float | None:
    rows = quota_rows(hm)
    if not rows:
        return None
    m = hm.m
    h = hm.h
    first_row, first_col = h.getNumRow(), h.getNumCol()
    e = hm.add_col(0.0, INF)
    for row in rows:  # Q + e, with the same earmark R
        h.changeCoeff(hm.row[row], e, -1.0)
    # every project keeps at least its land (p: all it asked for), as one block of rows
    ids = alloc["project_id"].tolist()
    need = np.where(alloc["project_id"].to_numpy() == r.project_id, float(r.requested),
                    alloc["allocated"].to_numpy(dtype=float))
    keep = np.flatnonzero(need > 0)
    cols = np.array([[hm.col[m.v.n[ids[i]].name], hm.col[m.v.l[ids[i]].name]] for i in keep],
                    dtype=np.int32).reshape(-1)
    h.addRows(len(keep), need[keep] - 1e-4, np.full(len(keep), INF),  # tables: 1e-4 rounding
              len(cols), np.arange(0, len(cols), 2, dtype=np.int32), cols, np.ones(len(cols)))
    saved = np.array(h.getLp().col_cost_)
    hm.set_costs({e: -1.0})
    out = hm.solve()
    # restore
    h.changeColsCost(len(saved), np.arange(len(saved), dtype=np.int32), saved)
    hm.drop_rows_from(first_row)
    h.deleteCols(h.getNumCol() - first_col, np.arange(first_col, h.getNumCol(), dtype=np.int32))
    if out.objective is None:
        return None
    return _round_up(-out.objective)


def _round_up(x: float) -> float:
    """Up to the next 0.01, ignoring what lies within 1e-4 above a step, so that solver noise
    never adds a cent. A threshold is a ratio of objective differences found to the solvers'
    feasibility tolerance (1e-6 on rows of a few hundred mu); on the 500-project county of
    bench/ a threshold of exactly 29.70 came out as 29.70003 after one order of re-solves and
    29.69988 after another."""
    return math.ceil(x * 100 - 1e-2) / 100
