"""The county's priority tiers (`policy.tiers`): lexicographic stages solved before value.

A county's plan secures key and livelihood projects first, infrastructure next, and only then
ranks industry by return (shared/DOMAIN.md §8a). Each tier is one stage that maximises, over the
projects of its categories, their land (`land`), their value Σ v_p·x_p (`value`) or the number
funded in full (`count`, through the indicator f_p of `funded_full`). After the tiers comes the
value stage over all projects, as without a policy: it ranks within what the tiers secured and
values the projects of categories in no tier. Then the least spending and the fewest credit
moves. Without tiers the stages are exactly value, spending, moves.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulp

from landplan.model.core import LandModel
from landplan.model.rules._terms import linear
from landplan.model.variables import full_indicator


@dataclass
class TierStage:
    """One tier: its stage name (`tier_1`, …), the planner's name, the objective kind, the
    categories and projects it covers, and the expression the stage maximises."""

    stage: str
    name: str
    objective: str
    categories: tuple[str, ...]
    projects: tuple[str, ...]
    expr: pulp.LpAffineExpression


def define_tiers(m: LandModel) -> list[TierStage]:
    policy = m.data.scenario.policy
    if policy is None or not policy.tiers:
        return []
    p = m.data.projects
    out = []
    for i, tier in enumerate(policy.tiers, start=1):
        ids = tuple(p.index[p["category"].isin(tier.categories)])
        live = [pid for pid in ids if p.at[pid, "eligible"]]
        if tier.objective == "land":
            expr = linear([(m.v.n[i_], 1) for i_ in live] + [(m.v.l[i_], 1) for i_ in live])
        elif tier.objective == "value":
            v = p["value"]
            expr = linear([(m.v.n[i_], v[i_]) for i_ in live]
                          + [(m.v.l[i_], v[i_]) for i_ in live])
        else:  # count
            expr = linear((full_indicator(m, i_), 1) for i_ in live)
        out.append(TierStage(f"tier_{i}", tier.name, tier.objective, tuple(tier.categories),
                             ids, expr))
    return out



def tier_parts(m: LandModel, tier: TierStage) -> list[tuple[pulp.LpAffineExpression, float]]:
    """A tier ranked by land or count as its projects' terms, each with the most it can be
    (A_p, or 1 funded in full); the tier's whole is their sum. Empty for a tier ranked by value.
    Held at its whole, a tier is every one of its terms at its most."""
    if tier.objective == "value":
        return []
    p = m.data.projects
    live = [pid for pid in tier.projects if p.at[pid, "eligible"]]
    if tier.objective == "land":
        return [(linear([(m.v.n[pid], 1), (m.v.l[pid], 1)]), float(p.at[pid, "area"]))
                for pid in live]
    return [(linear([(full_indicator(m, pid), 1)]), 1.0) for pid in live]
