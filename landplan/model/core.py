"""The model container and the one way constraints enter it.

Every constraint is added through `LandModel.add(rule, key, constraint)`, which names it
`rule__key`, refuses a repeated name, and fails early on non-finite coefficients — so a bad
number surfaces with the rule's name, not as a solver crash.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pulp

from landplan.model import names
from landplan.model.data import ModelData


@dataclass
class Variables:
    """Decision variables by id. x_p = n_p + l_p is the land a project gets."""

    n: dict[str, pulp.LpVariable] = field(default_factory=dict)  # from the county quota
    l: dict[str, pulp.LpVariable] = field(default_factory=dict)  # from linkage credits  # noqa: E741
    y: dict[str, pulp.LpVariable] = field(default_factory=dict)  # project funded (min_share > 0)
    z: dict[str, pulp.LpVariable] = field(default_factory=dict)  # linkage activation 0..1
    r: dict[str, pulp.LpVariable] = field(default_factory=dict)  # reclamation activation 0..1
    f: dict[str, pulp.LpVariable] = field(default_factory=dict)  # funded in full (policy)
    # a rolling plan over several years (landplan.model.years): land by (project, year) and
    # the year chosen
    ny: dict[tuple[str, int], pulp.LpVariable] = field(default_factory=dict)
    ly: dict[tuple[str, int], pulp.LpVariable] = field(default_factory=dict)
    w: dict[tuple[str, int], pulp.LpVariable] = field(default_factory=dict)

    def x(self, pid: str) -> pulp.LpAffineExpression:
        return self.n[pid] + self.l[pid]


@dataclass
class LandModel:
    data: ModelData
    problem: pulp.LpProblem
    v: Variables = field(default_factory=Variables)
    # rule__key -> how the rule is described to a planner (filled by each define_ function):
    # unit, use and limit (when they differ from the row's own terms and right-hand side),
    # scale (model units → the planner's), project and other (a row about projects) and
    # relative_to (what a relaxation of the row is measured against; default its right-hand
    # side)
    meaning: dict[str, dict] = field(default_factory=dict)
    # rule__key -> constraint, in the order added (our own registry, independent of PuLP's API)
    constraints: dict[str, pulp.LpConstraint] = field(default_factory=dict)
    # objective parts, set by build_model
    value: pulp.LpAffineExpression | None = None
    spending: pulp.LpAffineExpression | None = None
    moves: pulp.LpAffineExpression | None = None
    # the county's priority tiers (landplan.model.tiers.TierStage), solved before value
    tiers: list = field(default_factory=list)

    def add(
        self,
        rule: str,
        key: str | tuple[str, ...] | None,
        constraint: pulp.LpConstraint,
        **meaning: object,
    ) -> None:
        """Add one named constraint (whether it may be relaxed is its family's declaration,
        `Family.soft`: the solver layer adds the slack, landplan.solver.relax)."""
        cname = names.name(rule, key)
        if cname in self.constraints:
            raise ValueError(f"constraint {cname} is defined twice")
        for var, coef in constraint.items():
            if not math.isfinite(coef):
                raise ValueError(f"constraint {cname}: coefficient of {var.name} is {coef}")
        if not math.isfinite(constraint.constant):
            raise ValueError(f"constraint {cname}: right-hand side is {-constraint.constant}")
        self.problem.addConstraint(constraint, name=cname)
        self.constraints[cname] = constraint
        self.meaning[cname] = {"rule": rule, "key": key, **meaning}
