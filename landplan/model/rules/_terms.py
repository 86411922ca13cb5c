"""Shared linear terms: farmland and paddy taken scale with the land a project gets."""

from __future__ import annotations

import pulp

from landplan.model.core import LandModel


def taken(m: LandModel, column: str, part: str, ids=None) -> pulp.LpAffineExpression:
    """Σ column_p · part_p / A_p, e.g. farmland taken under the quota: Σ F_p·n_p/A_p."""
    var = getattr(m.v, part)
    p = m.data.projects
    ids = p.index if ids is None else ids
    return pulp.lpSum(
        (p.at[i, column] / p.at[i, "area"]) * var[i] for i in ids if p.at[i, column] > 0
    )


def spending(m: LandModel) -> pulp.LpAffineExpression:
    """Σ cost_k·z_k + Σ cost_j·r_j (yuan)."""
    k, r = m.data.linkage, m.data.reclamation
    return pulp.lpSum(float(k.at[i, "cost"]) * m.v.z[i] for i in k.index) + pulp.lpSum(
        float(r.at[j, "cost"]) * m.v.r[j] for j in r.index
    )
