"""重点项目: priority projects are funded in full. An ineligible priority project is not forced
(its land is fixed at zero by eligibility) and is reported as a conflict instead."""

from landplan.model.core import LandModel
from landplan.model.rules.spec import Family, Rule, Words


def define_priority(m: LandModel) -> None:
    p = m.data.projects
    for pid in p.index[p["priority"] & p["eligible"]]:
        m.add("priority", pid, m.v.x(pid) == float(p.at[pid, "area"]), unit="area")


RULE = Rule("priority", define_priority, (
    Family("priority", Words(name=("重点项目足额保障", "priority project funded in full")),
           scope="project"),
))
