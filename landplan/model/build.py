"""build_model(): the registered rules in the order of the domain, one define call each."""

from __future__ import annotations

import pulp

from landplan.model import objective, rules, tiers
from landplan.model.core import LandModel
from landplan.model.data import ModelData
from landplan.model.variables import define_activation_variables, define_project_variables
from landplan.model.years import define_year_variables


def build_model(data: ModelData) -> LandModel:
    """The allocation MILP with the value objective (stage 1)."""
    m = LandModel(data, pulp.LpProblem("landplan", pulp.LpMaximize))
    define_project_variables(m)
    define_activation_variables(m)
    define_year_variables(m)
    for rule in rules.RULES:
        rule.define(m)
    m.value = objective.value(m)
    m.spending = objective.spending(m)
    m.moves = objective.define_credit_moves(m)
    m.tiers = tiers.define_tiers(m)
    m.problem.setObjective(m.value)
    return m

