"""Projects that depend on each other or are alternatives.

`requires`: project p gets land only if each project q it requires is *funded*, which means
funded in full (its whole request, the status `funded` of the tables): x_p ≤ A_p·f_q, with
f_q = 1 only if x_q = A_q (`funded_full__q`). The road must be built whole before the park gets
any land. `excludes`: two alternatives (two sites for one school) do not both get land:
y_p + y_q ≤ 1, with y the project gets any land at all. A pair is one row, however many of its
two projects list it; an ineligible project gets no land, so its pair needs no row.
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
                  project=pid, other=q)


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
    Family("requires", Words(name=("项目前置依赖", "project requires another")),
           scope="project"),
    Family("excludes", Words(name=("项目互斥（二选一）", "alternative projects (not both)")),
           scope="project", unit="count"),
    # the indicator f_q of a project funded in full, for `requires` and `count` tiers
    Family("funded_full", Words(name=("项目足额保障标记", "project funded in full")),
           scope="project"),
))
