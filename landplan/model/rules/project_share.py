"""Each project gets at most its request A_p; with min_share m_p > 0 it gets nothing or at
least m_p·A_p (semi-continuous, through the binary y_p; m_p = 1 is all or nothing)."""

from landplan.model.core import LandModel


def define_project_share(m: LandModel) -> None:
    p = m.data.projects
    for pid in p.index:
        a = float(p.at[pid, "area"])
        x = m.v.x(pid)
        y = m.v.y.get(pid)
        if y is None:
            m.add("project_area", pid, x <= a, unit="area")
            continue
        m.add("project_area", pid, x - a * y <= 0, unit="area")
        m.add("min_share", pid, x - float(p.at[pid, "min_share"]) * a * y >= 0, unit="area")
