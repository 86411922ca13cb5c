"""Shared linear terms. Farmland and paddy taken scale with the land a project gets.

Expressions are built from (variable, coefficient) lists in one go: for 5,000 projects this
is an order of magnitude faster than summing products term by term.
"""

from __future__ import annotations

from collections.abc import Iterable

import pulp

from landplan.model.core import LandModel


def linear(pairs: Iterable[tuple[pulp.LpVariable, float]]) -> pulp.LpAffineExpression:
    """Σ coef·var from pairs, skipping zero coefficients."""
    return pulp.LpAffineExpression([(v, float(c)) for v, c in pairs if c != 0])


def taken(m: LandModel, column: str, part: str, ids: Iterable[str] | None = None
          ) -> pulp.LpAffineExpression:
    """Σ column_p · part_p / A_p, e.g. farmland taken under the quota: Σ F_p·n_p/A_p."""
    var = getattr(m.v, part)
    p = m.data.projects
    ratio = (p[column] / p["area"]).to_dict()
    ids = p.index if ids is None else ids
    return linear((var[i], ratio[i]) for i in ids)


# Money enters the model in 万元 (10,000 yuan): costs of millions of yuan next to areas of tens of
# mu would otherwise leave the budget row badly scaled and the solvers' tolerances loose.
MONEY = 10_000.0


def spending(m: LandModel) -> pulp.LpAffineExpression:
    """Σ cost_k·z_k + Σ cost_j·r_j, in 万元."""
    k, r = m.data.linkage, m.data.reclamation
    return linear([(m.v.z[i], c / MONEY) for i, c in k["cost"].items()]
                  + [(m.v.r[j], c / MONEY) for j, c in r["cost"].items()])
