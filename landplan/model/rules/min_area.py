"""`min_area`: a project that gets land at all gets at least this much (more if it pays), a
semi-continuous lower bound x_p ≥ min_area_p·y_p. Relaxable: when the scenario is infeasible
because a project cannot get its minimum (the quota left for it is smaller, while a town
minimum or a county rule needs it to get land), the minimum is named with how far it must come
down, measured against the minimum itself."""

from landplan.model.core import LandModel
from landplan.model.rules.spec import Family, Rule, Words


def define_min_area(m: LandModel) -> None:
    p = m.data.projects
    for pid, least in p["min_area"].items():
        y = m.v.y.get(pid)
        if least <= 0 or y is None:
            continue
        m.add("min_area", pid, m.v.x(pid) - float(least) * y >= 0, unit="area", project=pid,
              relative_to=float(least))


RULE = Rule("min_area", define_min_area, (
    Family(
        "min_area",
        Words(
            name=("项目最小供地面积", "project minimum area"),
            limit=("最小供地面积", "the minimum area"),
            hint=("降低该项目的 min_area，或放宽限制其用地的规则（计划指标、乡镇上限）",
                  "lower the project's min_area, or relax what limits its land (the quota, "
                  "its town's maximum)"),
            relaxed=("{what}为 {lim} {u}，但各项规则同时成立时该项目最多只能获得 {use} {u}，"
                     "须降低 {amount} {u}，降至 {use} {u}",
                     "{what} is {lim} {u}, but the other rules leave the project at most {use} "
                     "{u} (short by {amount} {u}: lower it to {use} {u})"),
        ),
        scope="project",
        soft=True,
    ),
))
