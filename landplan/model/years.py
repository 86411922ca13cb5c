"""A rolling plan (`horizon`): the years, and the land each project gets in each year.

Without a horizon there is no plan (`ModelData.plan` is None) and the model is the one-year
model, row for row. With one, the per-year rules (rules/year_*.py, urbanisation.py) replace the
one-year quota, earmark, linkage and farmland-balance rows. Over more than one year each project
gets its land in at most one year: n_p = Σ_y n_py and l_p = Σ_y l_py, with a binary w_py that
opens year y (Σ_y w_py ≤ 1); every project-level rule keeps reading the totals n_p, l_p.
"""

from __future__ import annotations

import pulp

from landplan.model import names
from landplan.model.rules._terms import linear


def define_year_variables(m) -> None:
    """n_py, l_py in [0, A_p] for the years a project may get land; w_py, the year chosen,
    where it has more than one; n_p and l_p the sums (`year_split_quota`, `year_split_linkage`)
    and at most one year each (`one_year`)."""
    plan = m.data.plan
    if plan is None or not plan.multi:
        return
    p = m.data.projects
    for pid, area, eligible in zip(p.index, p["area"], p["eligible"], strict=True):
        ub = float(area) if eligible else 0.0
        years = plan.project_years[pid]
        for y in years:
            m.v.ny[(pid, y)] = pulp.LpVariable(names.name("n", (pid, str(y))), 0, ub)
            m.v.ly[(pid, y)] = pulp.LpVariable(names.name("l", (pid, str(y))), 0, ub)
            if len(years) > 1 and eligible:
                m.v.w[(pid, y)] = pulp.LpVariable(names.name("w", (pid, str(y))),
                                                  cat=pulp.LpBinary)
        if not years:  # no year of the horizon is open to it
            m.v.n[pid].upBound = m.v.l[pid].upBound = 0.0


def land_in(m, pid: str, year: int, part: str = "x") -> pulp.LpAffineExpression:
    """The land project `pid` gets in `year`: from the quota (`n`), linkage (`l`) or both."""
    plan = m.data.plan
    if not plan.multi:
        n, link = m.v.n[pid], m.v.l[pid]
    elif (pid, year) in m.v.ny:
        n, link = m.v.ny[(pid, year)], m.v.ly[(pid, year)]
    else:
        return pulp.LpAffineExpression()
    pairs = {"n": [(n, 1)], "l": [(link, 1)], "x": [(n, 1), (link, 1)]}[part]
    return linear(pairs)


def taken_in(m, column: str, part: str, year: int, ids=None) -> pulp.LpAffineExpression:
    """Σ column_p · part_py / A_p: farmland (or paddy) taken in one year."""
    p = m.data.projects
    ratio = (p[column] / p["area"]).to_dict()
    terms = []
    for pid in (p.index if ids is None else ids):
        if ratio[pid]:
            terms += [(v, c * ratio[pid]) for v, c in land_in(m, pid, year, part).items()]
    return linear(terms)


def multi_year(m) -> bool:
    return m.data.plan is not None and m.data.plan.multi


def planned(m) -> bool:
    """The model plans by year (a horizon): the per-year rules replace the one-year ones."""
    return m.data.plan is not None


def in_years(p: dict, key: str | None) -> bool:
    """Whether a project (its facts) may get land in the year a row's key names (`2027`, or
    `341126101__2027` for a town's row): a year row holds back only the projects it could fund."""
    years = p.get("years")
    if key is None or years is None:
        return True
    return int(str(key).rsplit("__", 1)[-1]) in years
