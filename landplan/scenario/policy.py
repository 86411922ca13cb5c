"""The county's own rules (`policy.rules`): which projects a term selects, and the checks that
span records (names, sums, towns, ids), so a bad rule is refused before anything is solved."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landplan.errors import Note, Problem
from landplan.scenario.schema import POLICY_SUMS, PolicyRule, Scenario, Where


def matches(where: Where | None, p: Mapping[str, Any]) -> bool:
    """Whether a project (its facts: id, town, category, pilot, tags) is selected."""
    if where is None:
        return True
    if where.category is not None and p["category"] not in where.category:
        return False
    if where.town is not None and p["town"] not in where.town:
        return False
    if where.pilot is not None and bool(p["pilot"]) not in where.pilot:
        return False
    if where.tags is not None and not set(where.tags) & set(p.get("tags") or ()):
        return False
    return where.ids is None or p["id"] in where.ids


def scenario_facts(s: Scenario) -> list[dict[str, Any]]:
    pilots = s.pilot_codes
    return [{"id": p.id, "town": p.town, "category": p.category, "pilot": p.town in pilots,
             "tags": tuple(p.tags)} for p in s.projects]


def family_names(rule: PolicyRule) -> tuple[str, ...]:
    """The families a rule adds: its name, or `<name>_min` and `<name>_max` for a range."""
    if rule.min is not None and rule.max is not None:
        return (f"{rule.name}_min", f"{rule.name}_max")
    return (rule.name,)


def policy_problems(s: Scenario, file: str, taken: set[str] = frozenset()) -> list[Problem]:
    """Every problem of the scenario's policy rules at once; `taken` are names a county rule
    may not reuse (the built-in rules', checked by the run before it builds the model)."""
    out: list[Problem] = []
    attributes = {k for p in s.projects for k in p.attributes}
    towns = {t.code for t in s.towns}
    ids = {p.id for p in s.projects}
    seen: set[str] = set()
    for i, rule in enumerate(s.policy.rules, 1):
        record = f"policy.rules #{i} ({rule.name})"
        for name in family_names(rule):
            if name in taken or name in seen:
                out.append(Problem(f"the rule name `{name}` is already used", file=file,
                                   record=record, field="name",
                                   hint="give each county rule a name of its own"))
            seen.add(name)
        for j, term in enumerate(rule.terms, 1):
            where = f"terms #{j}"
            if term.sum not in POLICY_SUMS and term.sum not in attributes:
                known = ", ".join(f"`{x}`" for x in (*POLICY_SUMS, *sorted(attributes)))
                out.append(Problem(f"`sum: {term.sum}` is neither a built-in sum nor an "
                                   "attribute of any project", file=file, record=record,
                                   field=f"{where} sum", hint=f"use one of {known}"))
            w = term.where
            for code in (w.town or []) if w else []:
                if code not in towns:
                    out.append(Problem(f"town `{code}` is not among the scenario's towns",
                                       file=file, record=record, field=f"{where} where town",
                                       hint="give the 9-digit town code"))
            for pid in (w.ids or []) if w else []:
                if pid not in ids:
                    out.append(Problem(f"project `{pid}` is not among the scenario's projects",
                                       file=file, record=record, field=f"{where} where ids"))
    return out


def policy_notes(s: Scenario) -> list[Note]:
    """A warning for each rule whose terms select no project at all."""
    facts = scenario_facts(s)
    out = []
    for i, rule in enumerate(s.policy.rules, 1):
        for j, term in enumerate(rule.terms, 1):
            if not any(matches(term.where, p) for p in facts):
                out.append(Note(f"term #{j} (`sum: {term.sum}`) selects no project: it adds "
                                "nothing to the rule", record=f"policy.rules #{i} ({rule.name})"))
    return out
