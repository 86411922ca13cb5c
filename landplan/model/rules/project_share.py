"""Each project gets at most its request A_p; with min_share m_p > 0 it gets nothing or at
least m_p·A_p (semi-continuous, through the binary y_p; m_p = 1 is all or nothing)."""

from landplan.model.core import LandModel
from landplan.model.rules._terms import linear
from landplan.model.rules.spec import Family, Rule, Words


def define_project_share(m: LandModel) -> None:
    p = m.data.projects
    for pid, a, share in zip(p.index, p["area"], p["min_share"], strict=True):
        n, link, y = m.v.n[pid], m.v.l[pid], m.v.y.get(pid)
        if y is None:
            m.add("project_area", pid, linear([(n, 1), (link, 1)]) <= float(a), unit="area")
            continue
        m.add("project_area", pid, linear([(n, 1), (link, 1), (y, -a)]) <= 0, unit="area")
        if share > 0:
            m.add("min_share", pid, linear([(n, 1), (link, 1), (y, -share * a)]) >= 0,
                  unit="area")


RULE = Rule("project_share", define_project_share, (
    Family("project_area", Words(name=("项目申请面积", "project request")), scope="project"),
    Family("min_share", Words(name=("项目最低供地比例", "project minimum share")),
           scope="project"),
))
