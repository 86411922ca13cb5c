"""Explain an infeasible scenario by relaxing it.

The rules declared relaxable in their own files (`soft`: quota, farmland conversion, pilot
earmark, occupation–compensation balance, budget, town bounds, the county's own rules, a
project's min_area, `requires` and `excludes`) are relaxed by the solver layer
(landplan.solver.relax): the fewest rules, then the least total violation relative to each
rule's limit. Priority projects, eligibility, min_share and linkage physics stay hard. Here the
rules that moved are said with their amounts, in the run's language.
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
from landplan.solver import relax


def explain_infeasible(data: ModelData, solver: str = "cbc", lang: str = "zh") -> list[Problem]:
    """The fewest rules whose relaxation makes the scenario feasible, each with the amount by
    which it must move, in the planner's language: first a lead naming them all (and, when a
    priority project weighs on them, what the priority projects need), then one problem per rule
    with its use, limit and what to do."""
    m = build_model(data)
    moved = relax(m, solver)
    if moved is None:
        return [Problem(explain_text("unresolved", lang))]
    unit = unit_word(data.scenario.units, lang)
    fams = rules.families(data.scenario)
    moves, problems, relaxed = [], [], []
    for cname, mv in sorted(moved.items()):
        amount, below = mv.amount, mv.below
        limit = -m.constraints[cname].constant
        if max(amount, below) <= 1e-6 * max(1.0, abs(limit)):
            continue
        rule, key = parse(cname)
        relaxed.append((rule, key))
        fam = fams.get(rule)
        meaning = m.meaning[cname]
        scale = meaning.get("scale", 1.0)
        use = pulp.value(meaning.get("use")) * scale if "use" in meaning else None
        lim = (pulp.value(meaning["limit"]) if "limit" in meaning
               else meaning.get("relative_to", limit)) * scale
        amount *= scale
        u = {"money": explain_text("yuan", lang), "other": explain_text("units", lang)}.get(
            meaning.get("unit"), unit)
        what = say(fam.words.limit or fam.words.name, lang, rule) if fam else rule
        names = _projects(data, meaning, lang)
        if names:
            what = explain_text("of_project", lang, project=names["project"], what=what)
        elif key:
            what = explain_text("of_town", lang, town=_town_name(data, key, lang), what=what)
        # a minimum must come down, and so must an `equals` that asks too much
        down = m.constraints[cname].sense == pulp.LpConstraintGE or below > amount
        amount = max(amount, below)
        if use is None:  # no use of its own: the row's limit, moved by the amount
            use = lim - amount if down else lim + amount
        nums = {"what": what, "u": u, "amount": _n(amount), "use": _n(use), "lim": _n(lim),
                **names}
        own = fam.words if fam else None
        moves.append(say(own.move, lang).format(**nums) if own and own.move else
                     explain_text("move_down" if down else "move_up", lang, **nums))
        msg = (say(own.relaxed, lang).format(**nums) if own and own.relaxed else
               explain_text("min" if down else "need", lang, **nums))
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


def _projects(data: ModelData, meaning: dict, lang: str) -> dict[str, str]:
    """The projects a row is about (`project`, and `other` for a link), as the planner knows
    them: id and name."""
    names = data.projects["name"]
    return {part: explain_text("project", lang, id=meaning[part], name=names[meaning[part]])
            for part in ("project", "other") if part in meaning}


def _town_name(data: ModelData, code: str, lang: str) -> str:
    """A row's key as the planner knows it: a town by name and code, else a category's word."""
    if code in data.towns.index:
        return explain_text("town", lang, name=data.towns.at[code, "name"], code=code)
    return word(CATEGORY, code, lang)


def _n(x: float | None) -> str:
    return "?" if x is None else f"{x:,.2f}".rstrip("0").rstrip(".")
