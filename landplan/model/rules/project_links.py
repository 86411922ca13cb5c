"""Projects that depend on each other or are alternatives.

`requires`: project p gets land only if each project q it requires is *funded*, which means
funded in full (its whole request, the status `funded` of the tables): x_p ≤ A_p·f_q, with
f_q = 1 only if x_q = A_q (`funded_full__q`). The road must be built whole before the park gets
any land. `excludes`: two alternatives (two sites for one school) do not both get land:
y_p + y_q ≤ 1, with y the project gets any land at all. A pair is one row, however many of its
two projects list it; an ineligible project gets no land, so its pair needs no row.

Both are relaxable: when the scenario is infeasible because a priority project requires one
that cannot be funded in full, or two priority projects are alternatives, the link is named.
A `requires` row is measured against the land of the project that waits, an `excludes` row
against its one project.
"""

from landplan.model.core import LandModel
from landplan.model.rules._terms import linear
from landplan.model.rules.spec import Family, Rule, Words
from landplan.model.variables import full_indicator


def define_requires(m: LandModel) -> None:
    p = m.data.projects
    for pid, needed in p["requires"].items():
        if not needed or not p.at[pid, "eligible"]:
            continue
        area = float(p.at[pid, "area"])
        for q in needed:
            f = full_indicator(m, q)
            m.add("requires", (pid, q), m.v.x(pid) - area * f <= 0, unit="area",
                  project=pid, other=q, relative_to=area)


def define_excludes(m: LandModel) -> None:
    p = m.data.projects
    done: set[frozenset[str]] = set()
    for pid, others in p["excludes"].items():
        for q in others:
            pair = frozenset((pid, q))
            if pair in done or pid not in m.v.y or q not in m.v.y:
                continue
            done.add(pair)
            m.add("excludes", (pid, q), linear([(m.v.y[pid], 1), (m.v.y[q], 1)]) <= 1,
                  unit="count", project=pid, other=q)


def define_project_links(m: LandModel) -> None:
    define_requires(m)
    define_excludes(m)


RULE = Rule("project_links", define_project_links, (
    Family(
        "requires",
        Words(
            name=("项目前置依赖", "project requires another"),
            hint=("从该项目的 requires 中删去所依赖的项目，或使其可足额保障（选址、计划指标）",
                  "remove the required project from `requires`, or make it fundable in full "
                  "(its site, the quota)"),
            move=("取消{project}对{other}的前置依赖（{project}须获 {amount} {u}，"
                  "而{other}无法足额保障）",
                  "drop the requirement that {project} waits for {other} ({project} needs "
                  "{amount} {u}; {other} cannot be funded in full)"),
            relaxed=("{project}须待{other}足额保障后才能供地，但各项规则同时成立时{other}"
                     "无法足额保障，而{project}须获 {amount} {u}",
                     "{project} requires {other} funded in full, but with every other rule "
                     "holding {other} cannot be, and {project} needs {amount} {u}"),
        ),
        scope="project",
        soft=True,
    ),
    Family(
        "excludes",
        Words(
            name=("项目互斥（二选一）", "alternative projects (not both)"),
            hint=("从 excludes 中删去这一对，或取消其中一个的重点项目标记",
                  "remove the pair from `excludes`, or drop the priority flag of one of them"),
            move=("允许{project}与{other}同时获配（二者现为互斥）",
                  "let both {project} and {other} get land (now alternatives)"),
            relaxed=("{project}与{other}互斥（二选一），但各项规则同时成立需要两者都获配",
                     "{project} and {other} are alternatives (not both), but the other rules "
                     "need both to get land"),
        ),
        scope="project",
        unit="count",
        soft=True,
    ),
    # the indicator f_q of a project funded in full, for `requires` and `count` tiers
    Family("funded_full", Words(name=("项目足额保障标记", "project funded in full")),
           scope="project"),
))
