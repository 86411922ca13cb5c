"""build_model(): the registered rules in the order of the domain, one define call each."""

from __future__ import annotations

import pulp

from landplan.model import objective, rules, tiers
from landplan.model.core import LandModel
from landplan.model.data import ModelData
from landplan.model.variables import define_activation_variables, define_project_variables
from landplan.model.years import define_year_variables


def build_model(data: ModelData, *, elastic: bool = False) -> LandModel:
    """The allocation MILP with the value objective (stage 1).

    With `elastic=True`, the county- and town-level rules get slack variables and the objective
    becomes their least total relative violation: used to explain an infeasible scenario.
    """
    m = LandModel(data, pulp.LpProblem("landplan", pulp.LpMaximize), elastic=elastic)
    define_project_variables(m)
    define_activation_variables(m)
    define_year_variables(m)
    for rule in rules.RULES:
        rule.define(m)
    m.value = objective.value(m)
    m.spending = objective.spending(m)
    m.moves = objective.define_credit_moves(m)
    if not elastic:
        m.tiers = tiers.define_tiers(m)
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
        if cname in m.slacks_down:
            terms.append(m.slacks_down[cname] * (1.0 / max(rhs, 1.0)))
    return pulp.lpSum(terms)
