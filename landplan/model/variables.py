"""Decision variables. Eligibility enters here, as bounds: an ineligible project's land is fixed
at zero, so no rule has to special-case it."""

from __future__ import annotations

import pulp

from landplan.model import names
from landplan.model.core import LandModel


def define_project_variables(m: LandModel) -> None:
    """n_p (from quota) and l_p (from linkage), each in [0, A_p]; 0 when ineligible. y_p, the
    project gets land at all, where a rule needs it: min_share, min_area, excludes."""
    p = m.data.projects
    alternatives = excluding(p)
    for pid, area, eligible, share, priority, least in zip(
        p.index, p["area"], p["eligible"], p["min_share"], p["priority"], p["min_area"],
        strict=True
    ):
        ub = float(area) if eligible else 0.0
        m.v.n[pid] = pulp.LpVariable(names.name("n", pid), lowBound=0, upBound=ub)
        m.v.l[pid] = pulp.LpVariable(names.name("l", pid), lowBound=0, upBound=ub)
        if eligible and ((0 < share and not priority) or least > 0 or pid in alternatives):
            m.v.y[pid] = pulp.LpVariable(names.name("y", pid), cat=pulp.LpBinary)


def excluding(p) -> set[str]:
    """Eligible projects in an `excludes` pair whose other side is eligible too."""
    eligible = set(p.index[p["eligible"]])
    out: set[str] = set()
    for pid, others in p["excludes"].items():
        for q in others:
            if pid in eligible and q in eligible:
                out |= {pid, q}
    return out


def full_indicator(m: LandModel, pid: str) -> pulp.LpVariable:
    """f_p = 1 only if project p gets its full request: x_p ≥ A_p·f_p (`funded_full__P001`).
    Made once per project, for a `count` tier or a `requires` link that needs it."""
    if pid not in m.v.f:
        f = pulp.LpVariable(names.name("f", pid), cat=pulp.LpBinary)
        m.v.f[pid] = f
        area = float(m.data.projects.at[pid, "area"])
        m.add("funded_full", pid, m.v.x(pid) - area * f >= 0, unit="area")
    return m.v.f[pid]


def define_activation_variables(m: LandModel) -> None:
    """z_k for linkage and r_j for reclamation: share activated, binary when not divisible."""
    for table, var, prefix in ((m.data.linkage, m.v.z, "z"), (m.data.reclamation, m.v.r, "r")):
        for i, divisible in table["divisible"].items():
            cat = pulp.LpContinuous if divisible else pulp.LpBinary
            var[i] = pulp.LpVariable(names.name(prefix, i), lowBound=0, upBound=1, cat=cat)
