"""The county's own linear rules (`policy.rules`): Σ coef_i · sum_i ≤ max | ≥ min | = equals,
each a named family declared like the built-in ones (so it appears in constraints.csv, gets a
marginal value, names itself in why-not reasons, is relaxed to explain an infeasible scenario,
can be swept and has its table in the report).

Amounts scale with the land a project gets: farmland, paddy, cost and attributes count
amount·x_p/A_p. `funded` counts the binary y_p: a selected project without one (min_share 0)
gets one here, with x_p ≤ A_p·y_p and x_p ≥ FUNDED_FLOOR·y_p, so it counts once it gets land.
"""

from __future__ import annotations

import pulp

from landplan.model import names
from landplan.model.core import LandModel
from landplan.model.data import project_facts
from landplan.model.rules._terms import MONEY, linear
from landplan.model.rules.spec import Family, Field, Resource, Rule, Words
from landplan.scenario.policy import family_names, matches
from landplan.scenario.schema import CATEGORIES, PolicyRule

AREA_SUMS = ("land", "quota", "linkage", "farmland", "paddy")
FUNDED_FLOOR = 0.01  # of the scenario's unit: a project with min_share 0 counts as funded from here


def unit_of(rule: PolicyRule) -> str:
    """area (every term a land amount), money (every term `cost`, 万元 in the model) or other."""
    sums = {t.sum for t in rule.terms}
    if sums <= set(AREA_SUMS):
        return "area"
    return "money" if sums == {"cost"} else "other"


def groups(m: LandModel, rule: PolicyRule) -> list[str | None]:
    """The row keys: none for a county-wide rule, else each town or category in the data."""
    if rule.per == "town":
        return list(m.data.towns.index)
    if rule.per == "category":
        present = set(m.data.projects["category"])
        return [c for c in CATEGORIES if c in present]
    return [None]


def _in_group(rule: PolicyRule, key: str | None, p: dict) -> bool:
    return key is None or p[rule.per] == key


def define_policy_rules(m: LandModel) -> None:
    rules = m.data.scenario.policy.rules
    if not rules:
        return
    facts = project_facts(m.data.projects)
    _funded_variables(m, rules, facts)
    for rule in rules:
        money = unit_of(rule) == "money"
        for key in groups(m, rule):
            coefs: dict[str, tuple[pulp.LpVariable, float]] = {}
            selected = False
            for term in rule.terms:
                for pid, p in facts.items():
                    if not (_in_group(rule, key, p) and matches(term.where, p)):
                        continue
                    selected = True
                    for var, c in _amount(m, term.sum, pid, p):
                        c *= term.coef / (MONEY if money else 1.0)
                        old = coefs.get(var.name, (var, 0.0))[1]
                        coefs[var.name] = (var, old + c)
            if not selected and key is not None:
                continue  # a town or category none of whose projects the rule selects
            expr = linear(coefs.values())
            unit = unit_of(rule)
            scale = MONEY if money else 1.0
            extra = {"scale": scale} if money else {}
            for family, sense, limit in _forms(rule):
                lim = limit / scale
                row = {"<=": expr <= lim, ">=": expr >= lim, "=": expr == lim}[sense]
                m.add(family, key, row, unit=unit, use=expr, limit=lim, **extra)


def _forms(rule: PolicyRule) -> list[tuple[str, str, float]]:
    names_ = family_names(rule)
    if rule.equals is not None:
        return [(names_[0], "=", rule.equals)]
    out = []
    if rule.min is not None:
        out.append((names_[0], ">=", rule.min))
    if rule.max is not None:
        out.append((names_[-1], "<=", rule.max))
    return out


def _amount(m: LandModel, what: str, pid: str, p: dict) -> list[tuple[pulp.LpVariable, float]]:
    """A project's contribution to `sum: what` as (variable, coefficient) pairs."""
    n, link = m.v.n[pid], m.v.l[pid]
    area = float(m.data.projects.at[pid, "area"])
    if what == "land":
        return [(n, 1.0), (link, 1.0)]
    if what == "quota":
        return [(n, 1.0)]
    if what == "linkage":
        return [(link, 1.0)]
    if what == "funded":
        return [(m.v.y[pid], 1.0)]
    if what in ("farmland", "paddy"):
        amount = float(p[what])
    elif what == "cost":
        amount = float(p["cost"] or 0.0)
    else:
        amount = float((p.get("attributes") or {}).get(what, 0.0))
    return [(n, amount / area), (link, amount / area)]


def _funded_variables(m: LandModel, rules: list[PolicyRule], facts: dict[str, dict]) -> None:
    """y_p for every project a `funded` term selects that has none (min_share 0, priority)."""
    for pid, p in facts.items():
        if pid in m.v.y:
            continue
        if not any(t.sum == "funded" and matches(t.where, p) for r in rules for t in r.terms):
            continue
        y = pulp.LpVariable(names.name("y", pid), cat=pulp.LpBinary)
        m.v.y[pid] = y
        a = float(m.data.projects.at[pid, "area"])
        x = [(m.v.n[pid], 1.0), (m.v.l[pid], 1.0)]
        m.add("policy_funded", pid, linear([*x, (y, -a)]) <= 0, unit="area")
        m.add("policy_funded_min", pid, linear([*x, (y, -min(FUNDED_FLOOR, a))]) >= 0,
              unit="area")


def _families(s) -> tuple[Family, ...]:
    """The families one scenario's rules add."""
    out = []
    for rule in s.policy.rules:
        unit = unit_of(rule)
        per = rule.per
        for family, sense, _ in _forms(rule):
            field = {"=": "equals", ">=": "min", "<=": "max"}[sense]
            words = _words(rule, family, unit)
            out.append(Family(
                family,
                words,
                scope=per or "county",
                soft=True,
                unit="money" if unit == "money" else "area" if unit == "area" else "other",
                competes=_competes(rule),
                limit=_limit(rule.name, field, unit),
                fields=(Field(f"policy.rules.{rule.name}.{field}"),),
                prices=Resource(family, words.name,
                                unit=unit, deltas=(1.0, 10_000.0) if unit == "money" else (1.0,)),
                priced_by=(family, "key" if per else "county"),
                own_table=True,
            ))
    return tuple(out)


def _limit(name: str, field: str, unit: str):
    def limit(s) -> float | None:
        rule = next((r for r in s.policy.rules if r.name == name), None)
        value = None if rule is None else getattr(rule, field)
        return None if value is None else value / (MONEY if unit == "money" else 1.0)
    return limit


def _competes(rule: PolicyRule):
    def competes(p, key) -> bool:
        return _in_group(rule, key, p) and any(matches(t.where, p) for t in rule.terms)
    return competes


def _words(rule: PolicyRule, family: str, unit: str) -> Words:
    about = f"（{rule.description}）" if rule.description else ""
    about_en = f" ({rule.description})" if rule.description else ""
    figures = " {unit}" if unit in ("area", "money") else ""
    head, head_en = ("{town}" if rule.per == "town" else "", "{town}: " if rule.per == "town"
                     else "")
    return Words(
        name=(f"县定规则 {family}{about}", f"county rule {family}{about_en}"),
        hint=(f"调整 policy.rules 中 {rule.name} 的 max/min/equals，或它所选的项目",
              f"change max/min/equals of {rule.name} in policy.rules, or the projects it selects"),
        reason=(head + "{rule}已达限值（{used}/{limit}" + figures + "）",
                head_en + "{rule} at its limit ({used} of {limit}" + figures + ")"),
    )


RULE = Rule(
    "policy",
    define_policy_rules,
    (
        Family("policy_funded", Words(name=("县定规则：项目计入已安排", "county rule: project counted as funded")),
               scope="project"),
        Family("policy_funded_min",
               Words(name=("县定规则：计入已安排须供地", "county rule: counted as funded only with land")),
               scope="project"),
    ),
    dynamic=_families,
)
