"""Explain an infeasible scenario by relaxing it.

The county- and town-level rules (quota, farmland conversion, pilot earmark, occupation–
compensation balance, budget, town bounds) get a slack each; priority projects, eligibility,
min_share and linkage physics stay hard. First the fewest rules are relaxed (a binary per rule),
then, relaxing that many, the least total violation relative to each rule's limit: the rules
with positive slack are a smallest set whose relaxation restores feasibility, and their use and
limit give the amounts by which each must move. Messages are in the run's language.
"""

from __future__ import annotations

import pulp

from landplan.errors import Problem
from landplan.i18n import EXPLAIN_HINT, EXPLAIN_RULE, explain_text, word
from landplan.i18n import unit as unit_word
from landplan.model.build import build_model
from landplan.model.data import ModelData
from landplan.model.names import parse
from landplan.solve import _quiet, make_solver


def explain_infeasible(data: ModelData, solver: str = "cbc", lang: str = "zh") -> list[Problem]:
    """The fewest rules whose relaxation makes the scenario feasible, each with the amount by
    which it must move, in the planner's language: first a lead naming them all (and, when a
    priority project weighs on them, what the priority projects need), then one problem per rule
    with its use, limit and what to do."""
    m = build_model(data, elastic=True)
    if not _fewest_rules(m, solver):
        return [Problem(explain_text("unresolved", lang))]
    unit = unit_word(data.scenario.units, lang)
    moves, problems, rules = [], [], []
    for cname, slack in sorted(m.slacks.items()):
        amount = slack.value() or 0.0
        limit = -m.constraints[cname].constant
        if amount <= 1e-6 * max(1.0, abs(limit)):
            continue
        rule, key = parse(cname)
        rules.append((rule, key))
        meaning = m.meaning[cname]
        scale = meaning.get("scale", 1.0)
        use = pulp.value(meaning.get("use")) * scale if "use" in meaning else None
        lim = (pulp.value(meaning["limit"]) if "limit" in meaning else limit) * scale
        amount *= scale
        u = explain_text("yuan", lang) if meaning.get("unit") == "money" else unit
        what = word(EXPLAIN_RULE, rule, lang)
        if key:
            what = explain_text("of_town", lang, town=_town_name(data, key, lang), what=what)
        down = rule == "town_bounds_min"
        nums = {"what": what, "u": u, "amount": _n(amount), "use": _n(use), "lim": _n(lim)}
        moves.append(explain_text("move_down" if down else "move_up", lang, **nums))
        msg = explain_text("min" if down else "need", lang, **nums)
        hint = word(EXPLAIN_HINT, rule if rule in EXPLAIN_HINT else "other", lang)
        if lang == "zh":  # the rule's name in the message: no English "record" in the line
            problems.append(Problem(f"{msg}（{explain_text('rule', lang, name=cname)}）",
                                    hint=hint))
        else:
            problems.append(Problem(msg, record=explain_text("rule", lang, name=cname),
                                    hint=hint))
    lead = explain_text("lead", lang, moves=explain_text("sep", lang).join(moves))
    if _priority_involved(data, rules):
        lead += explain_text("sep", lang) + _priority_context(data, unit, lang)
    return [Problem(lead), *problems]


def _priority_involved(data: ModelData, rules: list[tuple[str, str]]) -> bool:
    """Whether an eligible priority project draws on one of the relaxed rules."""
    p = data.projects
    pri = p[p["priority"] & p["eligible"] & (p["area"] > 0)]
    for rule, key in rules:
        if rule == "county_quota" and len(pri):
            return True
        if rule == "pilot_earmark" and (~pri["pilot"]).any():
            return True
        if rule in ("farmland_conversion", "farmland_balance_quantity") and \
                (pri["farmland"] > 0).any():
            return True
        if rule == "farmland_balance_paddy" and (pri["paddy"] > 0).any():
            return True
        if rule == "town_bounds_max" and (pri["town"] == key).any():
            return True
    return False


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


def _priority_context(data: ModelData, unit: str, lang: str) -> str:
    p = data.projects
    pri = p[p["priority"] & p["eligible"]]
    q = data.scenario.quota
    text = explain_text("priority", lang, need=_n(pri["area"].sum()), n=len(pri), u=unit,
                        outside=_n(pri[~pri["pilot"]]["area"].sum()), q=_n(q.new_construction))
    if q.pilot_reserve:
        text += explain_text("priority_reserve", lang, r=_n(q.pilot_reserve), u=unit,
                             rest=_n(q.new_construction - q.pilot_reserve))
    link = data.linkage["reclaim"].sum()
    if link:
        text += explain_text("priority_linkage", lang, link=_n(link), u=unit)
    return text


def _town_name(data: ModelData, code: str, lang: str) -> str:
    if code in data.towns.index:
        return explain_text("town", lang, name=data.towns.at[code, "name"], code=code)
    return code


def _n(x: float | None) -> str:
    return "?" if x is None else f"{x:,.2f}".rstrip("0").rstrip(".")
