"""The relaxation that explains an infeasible scenario, solved like every other stage.

Each row of a family declared relaxable (`Family.soft` in its rule's file) gets a slack column
in the held model (an `equals` row one each way) and a binary saying it moved. Two stages on
the same solver layer as a run's: first the fewest rules relaxed, then, holding that many, the
least total violation, each relative to the row's limit (`relative_to` in its meaning, else its
right-hand side). The rows with positive slack are a smallest set whose relaxation restores
feasibility; their slacks are the amounts by which each must move.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulp

from landplan.model import rules
from landplan.model.core import LandModel
from landplan.model.names import parse
from landplan.solver.held import INF
from landplan.solver.stages import open_stages


@dataclass(frozen=True)
class Moved:
    """How far one relaxed row had to move: beyond its limit the way the row points (above a
    maximum, below a minimum; above, for an `equals`) and, for an `equals`, below it."""

    amount: float
    below: float = 0.0


def relax(m: LandModel, solver: str) -> dict[str, Moved] | None:
    """Every relaxable row of the model by name, with how far it moved in the smallest
    relaxation; None when even relaxing them all leaves the model infeasible. The model's
    variables hold the relaxed solution afterwards."""
    fams = rules.families(m.data.scenario)
    with open_stages(m, solver) as stages:
        hm = stages.hm
        slacks: dict[str, tuple[pulp.LpVariable, pulp.LpVariable | None]] = {}
        used, violation = [], []
        for cname, c in m.constraints.items():
            fam = fams.get(parse(cname)[0])
            if fam is None or not fam.soft or cname not in hm.row:
                continue
            up = pulp.LpVariable(f"relax_up__{cname}", lowBound=0)
            down = (pulp.LpVariable(f"relax_down__{cname}", lowBound=0)
                    if c.sense == pulp.LpConstraintEQ else None)
            row = hm.row[cname]
            # a maximum: lhs − s ≤ rhs; a minimum: lhs + s ≥ rhs; `=`: lhs − s + down = rhs
            hm.h.changeCoeff(row, hm.add_var(up), 1.0 if c.sense == pulp.LpConstraintGE else -1.0)
            parts = [up]
            big = _big_m(c)
            if down is not None:
                hm.h.changeCoeff(row, hm.add_var(down), 1.0)
                parts.append(down)
                big = max(_big_m(c, pulp.LpConstraintLE), _big_m(c, pulp.LpConstraintGE))
            moved = pulp.LpVariable(f"relaxed__{cname}", cat=pulp.LpBinary)
            hm.add_var(moved)
            hm.add_row(-INF, 0.0, {**{v.name: 1.0 for v in parts}, moved.name: -big})  # s ≤ M·w
            scale = abs(m.meaning[cname].get("relative_to", -c.constant))
            violation += [(v, 1.0 / max(scale, 1.0)) for v in parts]
            used.append(moved)
            slacks[cname] = (up, down)
        count = pulp.lpSum(used)
        if stages.run(pulp.LpMinimize, count) != "optimal":
            return None
        fewest = round(pulp.value(count) or 0)
        stages.bound(stages.hold(count), count, -INF, fewest)
        if stages.run(pulp.LpMinimize, pulp.LpAffineExpression(violation)) != "optimal":
            return None
    return {cname: Moved(up.value() or 0.0, (down.value() or 0.0) if down is not None else 0.0)
            for cname, (up, down) in slacks.items()}


def _big_m(c: pulp.LpConstraint, sense: int | None = None) -> float:
    """An upper bound on the slack a row can need: its left side at its largest (or, for a
    minimum, its right side), from the variables' bounds."""
    rhs = -c.constant
    sense = c.sense if sense is None else sense
    if sense == pulp.LpConstraintGE:
        bottom = 0.0
        for v, coef in c.items():
            if coef >= 0:
                continue
            if v.upBound is None:
                return 1e9
            bottom += coef * v.upBound
        return max(rhs - bottom, 0.0) + 1.0
    top = 0.0
    for v, coef in c.items():
        bound = v.upBound if coef > 0 else v.lowBound
        if bound is None:
            return 1e9
        top += coef * bound
    return max(top - rhs, 0.0) + 1.0
