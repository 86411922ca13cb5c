"""Decision variables. Eligibility enters here, as bounds: an ineligible project's land is fixed
at zero, so no rule has to special-case it."""

from __future__ import annotations

import pulp

from landplan.model import names
from landplan.model.core import LandModel


def define_project_variables(m: LandModel) -> None:
    """n_p (from quota) and l_p (from linkage), each in [0, A_p]; 0 when ineligible."""
    p = m.data.projects
    for pid, area, eligible, share, priority in zip(
        p.index, p["area"], p["eligible"], p["min_share"], p["priority"], strict=True
    ):
        ub = float(area) if eligible else 0.0
        m.v.n[pid] = pulp.LpVariable(names.name("n", pid), lowBound=0, upBound=ub)
        m.v.l[pid] = pulp.LpVariable(names.name("l", pid), lowBound=0, upBound=ub)
        if eligible and 0 < share and not priority:
            m.v.y[pid] = pulp.LpVariable(names.name("y", pid), cat=pulp.LpBinary)


def define_activation_variables(m: LandModel) -> None:
    """z_k for linkage and r_j for reclamation: share activated, binary when not divisible."""
    for table, var, prefix in ((m.data.linkage, m.v.z, "z"), (m.data.reclamation, m.v.r, "r")):
        for i, divisible in table["divisible"].items():
            cat = pulp.LpContinuous if divisible else pulp.LpBinary
            var[i] = pulp.LpVariable(names.name(prefix, i), lowBound=0, upBound=1, cat=cat)
