"""The objective, in lexicographic order: value first, then least spending on linkage and
reclamation, then the fewest credits moved between towns (towns use their own credits first)."""

from __future__ import annotations

import pulp

from landplan.model import names
from landplan.model.core import LandModel
from landplan.model.rules._terms import spending, taken

__all__ = ["define_credit_moves", "spending", "value"]


def value(m: LandModel) -> pulp.LpAffineExpression:
    """Σ v_p · x_p."""
    p = m.data.projects
    return pulp.lpSum(float(p.at[i, "value"]) * m.v.x(i) for i in p.index if p.at[i, "value"] > 0)


def define_credit_moves(m: LandModel) -> pulp.LpAffineExpression:
    """Credits a town uses beyond what it earns itself, per account; returns their sum.

    For each town t and account a (linkage land, farmland quantity, paddy), moved_a,t ≥
    used_a,t − own_a,t and moved ≥ 0. Minimising Σ moved picks, among equally good
    allocations, the one in which towns use their own credits first.
    """
    p, t = m.data.projects, m.data.towns
    k, r = m.data.linkage, m.data.reclamation
    total = []
    for code in t.index:
        mine = p.index[p["town"] == code]
        own_k = k.index[k["town"] == code]
        own_r = r.index[r["town"] == code]
        accounts = {
            "linkage": (
                pulp.lpSum(m.v.l[i] for i in mine),
                pulp.lpSum(float(k.at[i, "reclaim"]) * m.v.z[i] for i in own_k),
            ),
            "quantity": (
                taken(m, "farmland", "n", mine),
                float(t.at[code, "credits_quantity"])
                + pulp.lpSum(float(r.at[j, "quantity"]) * m.v.r[j] for j in own_r),
            ),
            "paddy": (
                taken(m, "paddy", "n", mine),
                float(t.at[code, "credits_paddy"])
                + pulp.lpSum(float(r.at[j, "paddy"]) * m.v.r[j] for j in own_r),
            ),
        }
        for account, (used, own) in accounts.items():
            moved = pulp.LpVariable(names.name(f"moved_{account}", code), lowBound=0)
            m.add(f"moves_{account}", code, moved - used + own >= 0, unit="area")
            total.append(moved)
    return pulp.lpSum(total)
