"""Explain an infeasible scenario by relaxing it.

The rules declared soft (quota, farmland conversion, pilot earmark, occupation–compensation
balance, budget, town bounds, the county's own rules) get a slack each, an `equals` one each
way; priority projects, eligibility, min_share and linkage physics stay hard. First the fewest rules are relaxed (a binary per rule),
then, relaxing that many, the least total violation relative to each rule's limit: the rules
with positive slack are a smallest set whose relaxation restores feasibility, and their use and
limit give the amounts by which each must move. Messages are in the run's language.
"""

from __future__ import annotations

import pulp

from landplan.errors import Problem
from landplan.i18n import CATEGORY, explain_text, word
from landplan.i18n import unit as unit_word
from landplan.model import rules
from landplan.model.build import build_model
from landplan.model.data import ModelData, project_facts
from landplan.model.names import parse
from landplan.model.rules.spec import Families, say
from landplan.solve import make_solver
from landplan.solver_options import quiet


def explain_infeasible(data: ModelData, solver: str = "cbc", lang: str = "zh") -> list[Problem]:
    """The fewest rules whose relaxation makes the scenario feasible, each with the amount by
    which it must move, in the planner's language: first a lead naming them all (and, when a
    priority project weighs on them, what the priority projects need), then one problem per rule
    with its use, limit and what to do."""
    m = build_model(data, elastic=True)
    if not _fewest_rules(m, solver):
        return [Problem(explain_text("unresolved", lang))]
    unit = unit_word(data.scenario.units, lang)
    fams = rules.families(data.scenario)
    moves, problems, relaxed = [], [], []
    for cname, slack in sorted(m.slacks.items()):
        amount = slack.value() or 0.0
        below = m.slacks_down[cname].value() or 0.0 if cname in m.slacks_down else 0.0
        limit = -m.constraints[cname].constant
        if max(amount, below) <= 1e-6 * max(1.0, abs(limit)):
            continue
        rule, key = parse(cname)
        relaxed.append((rule, key))
        fam = fams.get(rule)
        meaning = m.meaning[cname]
        scale = meaning.get("scale", 1.0)
        use = pulp.value(meaning.get("use")) * scale if "use" in meaning else None
        lim = (pulp.value(meaning["limit"]) if "limit" in meaning else limit) * scale
        amount *= scale
        u = {"money": explain_text("yuan", lang), "other": explain_text("units", lang)}.get(
            meaning.get("unit"), unit)
        what = say(fam.words.limit or fam.words.name, lang, rule) if fam else rule
        if key:
            what = explain_text("of_town", lang, town=_town_name(data, key, lang), what=what)
        # a minimum must come down, and so must an `equals` that asks too much
        down = m.constraints[cname].sense == pulp.LpConstraintGE or below > amount
        amount = max(amount, below)
        nums = {"what": what, "u": u, "amount": _n(amount), "use": _n(use), "lim": _n(lim)}
        moves.append(explain_text("move_down" if down else "move_up", lang, **nums))
        msg = explain_text("min" if down else "need", lang, **nums)
        hint = (say(fam.words.hint, lang) if fam and fam.words.hint
                else explain_text("hint_other", lang))
        if lang == "zh":  # the rule's name in the message: no English "record" in the line
            problems.append(Problem(f"{msg}（{explain_text('rule', lang, name=cname)}）",
                                    hint=hint))
        else:
            problems.append(Problem(msg, record=explain_text("rule", lang, name=cname),
                                    hint=hint))
    lead = explain_text("lead", lang, moves=explain_text("sep", lang).join(moves))
    if _priority_involved(data, relaxed, fams):
        lead += explain_text("sep", lang) + _priority_context(data, unit, lang)
    return [Problem(lead), *problems]


def _priority_involved(data: ModelData, relaxed: list[tuple[str, str]], fams: Families) -> bool:
    """Whether an eligible priority project draws on one of the relaxed rules itself."""
    p = data.projects
    pri = project_facts(p[p["priority"] & p["eligible"] & (p["area"] > 0)])
    for rule, key in relaxed:
        f = fams.get(rule)
        if f is None or f.competes is None or not f.direct:
            continue
        if any(f.competes(facts, key) for facts in pri.values()):
            return True
    return False


def _fewest_rules(m, solver: str) -> bool:
    """Two stages: relax as few rules as possible (a binary per rule, slack ≤ M·w), then, with
    that many, the least total relative violation. Returns whether both were solved."""
    prob = m.problem
    used = []
    for cname, s in m.slacks.items():
        w = pulp.LpVariable(f"relaxed__{cname}", cat=pulp.LpBinary)
        c = m.constraints[cname]
        if cname in m.slacks_down:  # `=`: either slack, bounded as for a maximum and a minimum
            down = m.slacks_down[cname]
            big = max(_big_m(c, s, pulp.LpConstraintLE, down),
                      _big_m(c, s, pulp.LpConstraintGE, down))
            prob.addConstraint(s + down - big * w <= 0, name=f"bigm__{cname}")
        else:
            prob.addConstraint(s - _big_m(c, s) * w <= 0, name=f"bigm__{cname}")
        used.append(w)
    violation = prob.objective
    count = pulp.lpSum(used)
    prob.sense = pulp.LpMinimize
    prob.setObjective(count)
    with quiet(True):
        prob.solve(make_solver(solver))
    if prob.status != pulp.LpStatusOptimal:
        return False
    fewest = round(pulp.value(count) or 0)
    prob.addConstraint(count <= fewest, name="fewest_rules")
    prob.setObjective(violation)
    with quiet(True):
        prob.solve(make_solver(solver))
    return prob.status == pulp.LpStatusOptimal


def _big_m(c: pulp.LpConstraint, slack: pulp.LpVariable, sense: int | None = None,
           other: pulp.LpVariable | None = None) -> float:
    """An upper bound on the slack a rule can need: its left side at its largest (or, for a
    minimum, its right side), from the variables' bounds."""
    rhs = -c.constant
    sense = c.sense if sense is None else sense
    if sense == pulp.LpConstraintGE:
        bottom = 0.0
        for v, coef in c.items():
            if v is slack or v is other or coef >= 0:
                continue
            bound = v.upBound
            if bound is None:
                return 1e9
            bottom += coef * bound
        return max(rhs - bottom, 0.0) + 1.0
    top = 0.0
    for v, coef in c.items():
        if v is slack or v is other:
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
    """A row's key as the planner knows it: a town by name and code, else a category's word."""
    if code in data.towns.index:
        return explain_text("town", lang, name=data.towns.at[code, "name"], code=code)
    return word(CATEGORY, code, lang)


def _n(x: float | None) -> str:
    return "?" if x is None else f"{x:,.2f}".rstrip("0").rstrip(".")
