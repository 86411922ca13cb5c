"""Decision variables. Eligibility enters here, as bounds: an ineligible project's land is fixed
at zero, so no rule has to special-case it."""

from __future__ import annotations

import pulp

from landplan.model import names
from landplan.model.core import LandModel


def define_project_variables(m: LandModel) -> None:
    """n_p (from quota) and l_p (from linkage), each in [0, A_p]; 0 when ineligible."""
    for pid, p in m.data.projects.iterrows():
        ub = float(p["area"]) if p["eligible"] else 0.0
        m.v.n[pid] = pulp.LpVariable(names.name("n", pid), lowBound=0, upBound=ub)
        m.v.l[pid] = pulp.LpVariable(names.name("l", pid), lowBound=0, upBound=ub)
        if p["eligible"] and 0 < p["min_share"] and not p["priority"]:
            m.v.y[pid] = pulp.LpVariable(names.name("y", pid), cat=pulp.LpBinary)


def define_activation_variables(m: LandModel) -> None:
    """z_k for linkage and r_j for reclamation: share activated, binary when not divisible."""
    for kid, k in m.data.linkage.iterrows():
        cat = pulp.LpContinuous if k["divisible"] else pulp.LpBinary
        m.v.z[kid] = pulp.LpVariable(names.name("z", kid), lowBound=0, upBound=1, cat=cat)
    for jid, j in m.data.reclamation.iterrows():
        cat = pulp.LpContinuous if j["divisible"] else pulp.LpBinary
        m.v.r[jid] = pulp.LpVariable(names.name("r", jid), lowBound=0, upBound=1, cat=cat)
