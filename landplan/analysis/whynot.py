"""Why did a project get less than it asked for, and what would change that?

For each unfunded or partly funded eligible project p, two re-solves:
- `value_needed`: force p to be fully funded and re-solve; the value lost elsewhere, spread over
  p's request, is what p's value per mu must rise by: v_p + (V* − V_forced)/A_p. At that value
  funding p in full is optimal (at equality, one of the optima). Empty when no allocation can
  fund p in full under the rules (e.g. farmland credits run out whatever else is dropped).
- `extra_quota_needed`: the least extra county quota with which p is funded in full while every
  other project keeps at least the land it got. Empty when quota alone is not enough (another
  rule — farmland, paddy, budget, town maximum — stops it too).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from landplan.analysis.highs import INF, HighsModel


def why_not(hm: HighsModel, alloc: pd.DataFrame, base_value: float) -> pd.DataFrame:
    """Columns project_id, value_needed, extra_quota_needed for the projects that fell short."""
    m = hm.m
    short = alloc[alloc["status"].isin(["unfunded", "partial"])]
    rows = []
    for r in short.itertuples(index=False):
        pid = r.project_id
        cols = {m.v.n[pid].name: 1.0, m.v.l[pid].name: 1.0}
        first = hm.h.getNumRow()
        hm.add_row(float(r.requested), INF, cols)
        out = hm.solve()
        hm.drop_rows_from(first)
        needed = None
        if out.objective is not None:
            needed = r.value_per_mu + max(0.0, base_value - out.objective) / r.requested
            needed = math.ceil(needed * 100 - 1e-6) / 100  # round up to 0.01
        rows.append({"project_id": pid, "value_needed": needed,
                     "extra_quota_needed": _extra_quota(hm, alloc, r)})
    return pd.DataFrame(rows, columns=["project_id", "value_needed", "extra_quota_needed"])


def _extra_quota(hm: HighsModel, alloc: pd.DataFrame, r) -> float | None:
    if "county_quota" not in hm.row:
        return None
    m = hm.m
    h = hm.h
    first_row, first_col = h.getNumRow(), h.getNumCol()
    e = hm.add_col(0.0, INF)
    h.changeCoeff(hm.row["county_quota"], e, -1.0)
    for q in alloc.itertuples(index=False):
        need = float(r.requested) if q.project_id == r.project_id else float(q.allocated)
        if need > 0:
            hm.add_row(need - 1e-4, INF,  # tables are rounded to 1e-4
                        {m.v.n[q.project_id].name: 1.0,
                                          m.v.l[q.project_id].name: 1.0})
    saved = np.array(h.getLp().col_cost_)
    hm.set_costs({e: -1.0})
    out = hm.solve()
    # restore
    h.changeColsCost(len(saved), np.arange(len(saved), dtype=np.int32), saved)
    hm.drop_rows_from(first_row)
    h.deleteCols(h.getNumCol() - first_col, np.arange(first_col, h.getNumCol(), dtype=np.int32))
    if out.objective is None:
        return None
    return math.ceil(-out.objective * 100 - 1e-6) / 100
