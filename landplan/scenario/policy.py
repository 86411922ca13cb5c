"""Cross-checks of the county's policy: tiers that do not share a category or a name; project
links (`requires`, `excludes`) to known ids other than the project itself, no `requires` cycle,
no two priority projects that exclude each other; `min_area` within `area` and not beside
`min_share`."""

from __future__ import annotations

from landplan.errors import Problem
from landplan.scenario.schema import Scenario


def policy_problems(s: Scenario, file: str) -> list[Problem]:
    return _tier_problems(s, file) + _area_problems(s, file) + _link_problems(s, file)


def _tier_problems(s: Scenario, file: str) -> list[Problem]:
    out: list[Problem] = []
    if s.policy is None:
        return out
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
        excluded = set(p.excludes) | {q.id for q in s.projects if p.id in q.excludes}
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
