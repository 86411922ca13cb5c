"""`min_area`: a project that gets land at all gets at least this much (more if it pays), a
semi-continuous lower bound x_p ≥ min_area_p·y_p."""

from landplan.model.core import LandModel
from landplan.model.rules.spec import Family, Rule, Words


def define_min_area(m: LandModel) -> None:
    p = m.data.projects
    for pid, least in p["min_area"].items():
        y = m.v.y.get(pid)
        if least <= 0 or y is None:
            continue
        m.add("min_area", pid, m.v.x(pid) - float(least) * y >= 0, unit="area")


RULE = Rule("min_area", define_min_area, (
    Family("min_area", Words(name=("项目最小供地面积", "project minimum area")), scope="project"),
))
