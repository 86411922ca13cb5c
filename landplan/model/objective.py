"""The objective, in lexicographic order: value first, then least spending on linkage and
reclamation, then the fewest credits moved between towns (towns use their own credits first)."""

from __future__ import annotations

import pulp

from landplan.model import names
from landplan.model.core import LandModel
from landplan.model.rules._terms import linear, spending, taken

__all__ = ["define_credit_moves", "spending", "value"]


def value(m: LandModel) -> pulp.LpAffineExpression:
    """Σ v_p · x_p; in a rolling plan with `policy.discount` d, land given in year y counts
    1/(1+d)^(y − first year)."""
    v = m.data.projects["value"]
    plan = m.data.plan
    if plan is not None and plan.multi and plan.discount > 0:
        return linear([(var, v[pid] * plan.weight(y))
                       for (pid, y), var in (*m.v.ny.items(), *m.v.ly.items())])
    return linear([(m.v.n[i], c) for i, c in v.items()] + [(m.v.l[i], c) for i, c in v.items()])


def define_credit_moves(m: LandModel) -> pulp.LpAffineExpression:
    """Credits a town uses beyond what it earns itself, per account; returns their sum.

    For each town t and account a (linkage land, farmland quantity, paddy), moved_a,t ≥
    used_a,t − own_a,t and moved ≥ 0. Minimising Σ moved picks, among equally good
    allocations, the one in which towns use their own credits first.
    """
    p, t = m.data.projects, m.data.towns
    k, r = m.data.linkage, m.data.reclamation
    total = []
    by_town = p.groupby("town").groups
    k_by, r_by = k.groupby("town").groups, r.groupby("town").groups
    for code in t.index:
        mine = list(by_town.get(code, []))
        own_k, own_r = list(k_by.get(code, [])), list(r_by.get(code, []))
        accounts = {
            "linkage": (
                linear((m.v.l[i], 1) for i in mine),
                linear((m.v.z[i], k.at[i, "reclaim"]) for i in own_k),
            ),
            "quantity": (
                taken(m, "farmland", "n", mine),
                float(t.at[code, "credits_quantity"])
                + linear((m.v.r[j], r.at[j, "quantity"]) for j in own_r),
            ),
            "paddy": (
                taken(m, "paddy", "n", mine),
                float(t.at[code, "credits_paddy"])
                + linear((m.v.r[j], r.at[j, "paddy"]) for j in own_r),
            ),
        }
        for account, (used, own) in accounts.items():
            moved = pulp.LpVariable(names.name(f"moved_{account}", code), lowBound=0)
            m.add(f"moves_{account}", code, moved - used + own >= 0, unit="area")
            total.append(moved)
    return pulp.lpSum(total)
