"""build_model(): the rules in the order of the domain, one define_ call each."""

from __future__ import annotations

import pulp

from landplan.model import objective, policy, rules
from landplan.model.core import LandModel
from landplan.model.data import ModelData
from landplan.model.variables import define_activation_variables, define_project_variables


def build_model(data: ModelData, *, elastic: bool = False) -> LandModel:
    """The allocation MILP with the value objective (stage 1).

    With `elastic=True`, the county- and town-level rules get slack variables and the objective
    becomes their least total relative violation: used to explain an infeasible scenario.
    """
    m = LandModel(data, pulp.LpProblem("landplan", pulp.LpMaximize), elastic=elastic)
    define_project_variables(m)
    define_activation_variables(m)
    rules.define_county_quota(m)
    rules.define_farmland_conversion(m)
    rules.define_pilot_earmark(m)
    rules.define_linkage(m)
    rules.define_farmland_balance(m)
    rules.define_reclamation_budget(m)
    rules.define_town_bounds(m)
    rules.define_project_share(m)
    rules.define_priority(m)
    rules.define_min_area(m)
    rules.define_requires(m)
    rules.define_excludes(m)
    m.value = objective.value(m)
    m.spending = objective.spending(m)
    m.moves = objective.define_credit_moves(m)
    if not elastic:
        m.tiers = policy.define_tiers(m)
    if elastic:
        m.problem.sense = pulp.LpMinimize
        m.problem.setObjective(_relative_violation(m))
    else:
        m.problem.setObjective(m.value)
    return m


def _relative_violation(m: LandModel) -> pulp.LpAffineExpression:
    """Σ slack / scale: each rule's violation relative to its own right-hand side."""
    terms = []
    for cname, s in m.slacks.items():
        rhs = abs(-m.constraints[cname].constant)
        terms.append(s * (1.0 / max(rhs, 1.0)))
    return pulp.lpSum(terms)
