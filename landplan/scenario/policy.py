"""The county's policy, cross-checked across records so that a bad policy is refused before
anything is solved: its own rules (`policy.rules`: which projects a term selects; names, sums,
towns, ids); its order of precedence (`policy.tiers`: a category in one tier, a name once);
`min_area` within `area` and not beside `min_share`; project links (`requires`, `excludes`) to
known ids other than the project itself, no `requires` cycle, no two priority projects that
exclude each other, no project that requires one it excludes."""

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


def order_problems(s: Scenario, file: str) -> list[Problem]:
    """Tiers, `min_area` and project links, every problem at once."""
    return _tier_problems(s, file) + _area_problems(s, file) + _link_problems(s, file)


def _tier_problems(s: Scenario, file: str) -> list[Problem]:
    out: list[Problem] = []
    seen: dict[str, str] = {}
    names: set[str] = set()
    for i, tier in enumerate(s.policy.tiers, start=1):
        record = f"policy tiers #{i} ({tier.name})"
        if tier.name in names:
            out.append(Problem(f"tier name `{tier.name}` is used twice", file=file,
                               record=record, field="name", hint="give each tier its own name"))
        names.add(tier.name)
        for c in tier.categories:
            if c in seen and seen[c] != tier.name:
                out.append(Problem(
                    f"category `{c}` is already in tier `{seen[c]}`", file=file, record=record,
                    field="categories",
                    hint="a category belongs to one tier: remove it from one of the two"))
            seen.setdefault(c, tier.name)
    return out


def _area_problems(s: Scenario, file: str) -> list[Problem]:
    out: list[Problem] = []
    for p in s.projects:
        if p.min_area is None:
            continue
        if p.min_area > p.area + 1e-9:
            out.append(Problem(f"`min_area` ({p.min_area:g}) is above `area` ({p.area:g})",
                               file=file, record=f"projects {p.id}", field="min_area",
                               hint="lower `min_area` to at most the land requested"))
        if p.min_share > 0:
            out.append(Problem(
                f"`min_area` ({p.min_area:g}) and `min_share` ({p.min_share:g}) both set the "
                "least land the project takes", file=file, record=f"projects {p.id}",
                field="min_area", hint="give one of them (min_share 1 is all or nothing)"))
    return out


def _link_problems(s: Scenario, file: str) -> list[Problem]:
    ids = {p.id for p in s.projects}
    priority = {p.id for p in s.projects if p.priority}
    excluded_by: dict[str, set[str]] = {}  # once, not per project: 5,000 projects took 16 s
    for q in s.projects:
        for x in q.excludes:
            excluded_by.setdefault(x, set()).add(q.id)
    out: list[Problem] = []
    for p in s.projects:
        for field in ("requires", "excludes"):
            for q in getattr(p, field):
                if q == p.id:
                    out.append(Problem(f"`{field}` names the project itself", file=file,
                                       record=f"projects {p.id}", field=field,
                                       hint=f"remove {q} from its own `{field}` list"))
                elif q not in ids:
                    out.append(Problem(f"`{field}` names `{q}`, which is not a project id",
                                       file=file, record=f"projects {p.id}", field=field,
                                       hint="use the `id` of a project listed under `projects`"))
        for q in p.excludes:
            if p.id in priority and q in priority and q != p.id:
                out.append(Problem(
                    f"`excludes` names {q}, but both are priority projects, which must both be "
                    "funded in full", file=file, record=f"projects {p.id}", field="excludes",
                    hint="drop the link, or `priority: true` from one of them"))
        excluded = set(p.excludes) | excluded_by.get(p.id, set())
        for q in p.requires:
            if q in excluded and q != p.id:
                out.append(Problem(
                    f"`requires` names {q}, which it also excludes: it could never get land",
                    file=file, record=f"projects {p.id}", field="requires",
                    hint=f"keep one of the two links between {p.id} and {q}"))
    out += _cycles(s, ids, file)
    return out


def _cycles(s: Scenario, ids: set[str], file: str) -> list[Problem]:
    """Each `requires` cycle once, named in order (P1 → P2 → P1): none of its projects could
    ever be funded, as each waits for the next."""
    graph = {p.id: [q for q in p.requires if q in ids and q != p.id] for p in s.projects}
    state: dict[str, int] = {}  # 1 on the path, 2 done
    found: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        path.append(node)
        for q in graph[node]:
            if state.get(q) == 1:
                found.append(path[path.index(q):] + [q])
            elif q not in state:
                visit(q, path)
        path.pop()
        state[node] = 2

    for pid in graph:
        if pid not in state:
            visit(pid, [])
    return [Problem(f"`requires` goes round in a cycle: {' → '.join(c)}", file=file,
                    record=f"projects {c[0]}", field="requires",
                    hint="a project cannot wait for one that waits for it: remove one link "
                    "of the cycle") for c in found]


# The order of precedence of a county's annual plan (shared/DOMAIN.md §8a): 重点项目 and 民生
# first, by land; infrastructure and public facilities next, by land; industry, commerce and
# housing for sale share what is left, by return (亩均效益). The demo county uses it, and
# `landplan init` writes it as a guess for the planner to check.
STANDARD_TIERS: list[dict] = [
    {"name": "民生保障", "categories": ["key", "livelihood"], "objective": "land"},
    {"name": "基础设施", "categories": ["infrastructure"], "objective": "land"},
    {"name": "产业发展", "categories": ["industrial", "commercial", "residential"],
     "objective": "value"},
]
