"""A rolling plan: each project gets its land in at most one year of the horizon.

n_p = Σ_y n_py and l_p = Σ_y l_py (`year_split_quota`, `year_split_linkage`), so that every
project-level rule (request, min_share, priority, links, tiers) reads the totals as it does in
one year; where a project may take more than one year, its land in year y needs the year's
binary w_py (`year_land`) and it has one year at most (`one_year`). An all-or-nothing project
therefore gets all of it in that year.
"""

from landplan.model.core import LandModel
from landplan.model.rules._terms import linear
from landplan.model.rules.spec import Family, Rule, Words
from landplan.model.years import multi_year


def define_project_year(m: LandModel) -> None:
    if not multi_year(m):
        return
    plan = m.data.plan
    p = m.data.projects
    for pid, area in p["area"].items():
        years = plan.project_years[pid]
        for part, split in (("n", m.v.ny), ("l", m.v.ly)):
            total = getattr(m.v, part)[pid]
            m.add(f"year_split_{'quota' if part == 'n' else 'linkage'}", pid,
                  linear([(total, 1)] + [(split[(pid, y)], -1) for y in years]) == 0,
                  unit="area")
        chosen = [m.v.w[(pid, y)] for y in years if (pid, y) in m.v.w]
        if not chosen:
            continue
        for y in years:
            m.add("year_land", (pid, str(y)),
                  linear([(m.v.ny[(pid, y)], 1), (m.v.ly[(pid, y)], 1),
                          (m.v.w[(pid, y)], -float(area))]) <= 0, unit="area")
        funded = m.v.y.get(pid)
        if funded is None:
            m.add("one_year", pid, linear((w, 1) for w in chosen) <= 1, unit="count")
        else:  # a year is chosen exactly when the project is funded at all: Σ_y w_py = y_p
            m.add("one_year", pid, linear([(w, 1) for w in chosen] + [(funded, -1)]) == 0,
                  unit="count")


RULE = Rule("project_year", define_project_year, (
    Family("year_split_quota", Words(name=("项目分年度用地（计划指标）",
                                           "project land by year (quota)")), scope="project"),
    Family("year_split_linkage", Words(name=("项目分年度用地（挂钩指标）",
                                             "project land by year (linkage)")),
           scope="project"),
    Family("year_land", Words(name=("项目当年供地", "project land in the year chosen")),
           scope="project"),
    Family("one_year", Words(name=("项目只在一个年度供地", "project land in one year only")),
           scope="project", unit="count"),
))
