"""Explain an infeasible scenario by relaxing it.

The county- and town-level rules (quota, farmland conversion, pilot earmark, occupation–
compensation balance, budget, town bounds) get a slack each; priority projects, eligibility,
min_share and linkage physics stay hard. First the fewest rules are relaxed (a binary per rule),
then, relaxing that many, the least total violation relative to each rule's limit: the rules
with positive slack are a smallest set that cannot hold together, and their use and limit give
the amounts.
"""

from __future__ import annotations

import pulp

from landplan.errors import Problem
from landplan.model.build import build_model
from landplan.model.data import ModelData
from landplan.model.names import parse
from landplan.solve import _quiet, make_solver

RULE_TEXT = {
    "county_quota": "the county quota (新增建设用地计划指标)",
    "farmland_conversion": "the farmland-conversion quota (农用地转用指标)",
    "pilot_earmark": "the quota left to non-pilot towns after the pilot earmark (Q − R)",
    "farmland_balance_quantity": "farmland compensation credits (耕地占补平衡)",
    "farmland_balance_paddy": "paddy compensation credits (占水田补水田)",
    "reclamation_budget": "the reclamation budget",
    "town_bounds_min": "the town minimum",
    "town_bounds_max": "the town maximum",
}


def explain_infeasible(data: ModelData, solver: str = "cbc") -> list[Problem]:
    """The rules that conflict, with amounts, in planner language."""
    m = build_model(data, elastic=True)
    ok = _fewest_rules(m, solver)
    if not ok:
        return [Problem("the rules conflict in a way the relaxation could not resolve "
                        "(priority projects, min_share and linkage cannot hold together)")]
    s = data.scenario
    unit = "ha" if s.units == "ha" else "mu"
    problems = [Problem(_context(data, unit))]
    for cname, slack in sorted(m.slacks.items()):
        amount = slack.value() or 0.0
        limit = -m.constraints[cname].constant
        if amount <= 1e-6 * max(1.0, abs(limit)):
            continue
        rule, key = parse(cname)
        meaning = m.meaning[cname]
        scale = meaning.get("scale", 1.0)
        use = pulp.value(meaning.get("use")) * scale if "use" in meaning else None
        lim = (pulp.value(meaning["limit"]) if "limit" in meaning else limit) * scale
        amount *= scale
        u = "yuan" if meaning.get("unit") == "money" else unit
        what = RULE_TEXT.get(rule, rule)
        if key:
            what = f"{what} of {_town_name(data, key)}"
        if rule == "town_bounds_min":
            msg = (f"{what} is {_n(lim)} {u}, but at most {_n(use)} {u} can be given there "
                   f"(short by {_n(amount)} {u})")
        else:
            msg = (f"the rules need {_n(use)} {u} from {what}, which allows {_n(lim)} {u} "
                   f"(short by {_n(amount)} {u})")
        problems.append(Problem(msg, record=f"rule {cname}",
                                hint=_HINTS.get(rule, "relax this rule or the demands on it")))
    return problems


_HINTS = {
    "county_quota": "raise quota.new_construction, activate more linkage, or drop a priority flag",
    "pilot_earmark": "lower quota.pilot_reserve or drop a priority flag outside the pilot towns",
    "farmland_conversion": "raise quota.farmland_conversion or move priority sites off farmland",
    "farmland_balance_quantity": "add farmland credits or reclamation projects, or raise the budget",
    "farmland_balance_paddy": "add paddy credits or reclamation projects that make paddy",
    "reclamation_budget": "raise reclamation_budget",
    "town_bounds_min": "lower the town's `min` or give it more eligible projects",
    "town_bounds_max": "raise the town's `max` or drop a priority flag there",
}


def _fewest_rules(m, solver: str) -> bool:
    """Two stages: relax as few rules as possible (a binary per rule, slack ≤ M·w), then, with
    that many, the least total relative violation. Returns whether both were solved."""
    prob = m.problem
    used = []
    for cname, s in m.slacks.items():
        w = pulp.LpVariable(f"relaxed__{cname}", cat=pulp.LpBinary)
        prob.addConstraint(s - _big_m(m.constraints[cname], s) * w <= 0, name=f"bigm__{cname}")
        used.append(w)
    violation = prob.objective
    count = pulp.lpSum(used)
    prob.sense = pulp.LpMinimize
    prob.setObjective(count)
    with _quiet(True):
        prob.solve(make_solver(solver))
    if prob.status != pulp.LpStatusOptimal:
        return False
    fewest = round(pulp.value(count) or 0)
    prob.addConstraint(count <= fewest, name="fewest_rules")
    prob.setObjective(violation)
    with _quiet(True):
        prob.solve(make_solver(solver))
    return prob.status == pulp.LpStatusOptimal


def _big_m(c: pulp.LpConstraint, slack: pulp.LpVariable) -> float:
    """An upper bound on the slack a rule can need: its left side at its largest (or, for a
    minimum, its right side), from the variables' bounds."""
    rhs = -c.constant
    if c.sense == pulp.LpConstraintGE:
        return max(rhs, 0.0) + 1.0
    top = 0.0
    for v, coef in c.items():
        if v is slack:
            continue
        bound = v.upBound if coef > 0 else v.lowBound
        if bound is None:
            return 1e9
        top += coef * bound
    return max(top - rhs, 0.0) + 1.0


def _context(data: ModelData, unit: str) -> str:
    p = data.projects
    pri = p[p["priority"] & p["eligible"]]
    q = data.scenario.quota
    outside = pri[~pri["pilot"]]["area"].sum()
    text = (f"priority projects (重点项目) need {_n(pri['area'].sum())} {unit} "
            f"({len(pri)} projects, {_n(outside)} {unit} outside pilot towns); the quota is "
            f"{_n(q.new_construction)} {unit}")
    if q.pilot_reserve:
        text += (f", of which {_n(q.pilot_reserve)} {unit} is earmarked for pilot towns, "
                 f"leaving {_n(q.new_construction - q.pilot_reserve)} {unit} elsewhere")
    link = data.linkage["reclaim"].sum()
    if link:
        text += f"; linkage could add at most {_n(link)} {unit}"
    return text


def _town_name(data: ModelData, code: str) -> str:
    if code in data.towns.index:
        return f"{data.towns.at[code, 'name']} ({code})"
    return code


def _n(x: float | None) -> str:
    return "?" if x is None else f"{x:,.2f}".rstrip("0").rstrip(".")
