"""新增建设用地计划指标 by year: the quota land given in year y, Σ_p n_py ≤ A_y, what the
year may use: its quota Q_y (plus the 人地挂钩 bonus B_y in `bonus` mode) and, with
`quota.carry_over` c > 0, the share c of what the year before left unused,
A_y = Q_y + B_y + c·(A_y−1 − used_y−1); c = 0 (the default): unused quota lapses."""

import pulp

from landplan.model import names
from landplan.model.core import LandModel
from landplan.model.rules._terms import linear
from landplan.model.rules.spec import Family, Resource, Rule, Words
from landplan.model.years import in_years, land_in, planned


def urban_bonus(m: LandModel, year: int) -> float:
    """The land settled migrants bring to the county's quota in `year` (`bonus` mode)."""
    plan = m.data.plan
    if plan.urban_mode != "bonus":
        return 0.0
    return sum(v for (_, y), v in plan.urban_land.items() if y == year)


def used_in(m: LandModel, year: int) -> pulp.LpAffineExpression:
    terms = []
    for pid in m.data.projects.index:
        terms += list(land_in(m, pid, year, "n").items())
    return linear(terms)


def define_year_quota(m: LandModel) -> None:
    if not planned(m):
        return
    plan = m.data.plan
    c = plan.carry_over
    carried = pulp.LpAffineExpression()  # c·(A_y−1 − used_y−1), into this year
    for y in plan.years:
        q = float(plan.quota["new_construction"][y]) + urban_bonus(m, y)
        used = used_in(m, y)
        m.add("year_quota", str(y), used - carried <= q, unit="area", use=used,
              limit=carried + q)
        if c > 0:
            carried = c * (carried + q - used)


def carried(m: LandModel, key: str) -> dict[str, float]:
    """One more mu of year `key`'s quota, left unused, raises what each later year may use by
    c, c², … (c = `quota.carry_over`): A_y+k moves by c^k. Nothing without carry-over."""
    plan = m.data.plan
    c = plan.carry_over
    if c <= 0:
        return {}
    later = [y for y in plan.years if y > int(key)]
    return {names.name("year_quota", str(y)): c ** k for k, y in enumerate(later, 1)}


RULE = Rule("year_quota", define_year_quota, (
    Family(
        "year_quota",
        Words(
            name=("年度新增建设用地计划指标", "yearly new construction-land quota"),
            limit=("该年度新增建设用地计划指标", "the year's quota (新增建设用地计划指标)"),
            hint=("提高该年度 quota.new_construction、允许结转（quota.carry_over），或推迟部分项目",
                  "raise the year's quota.new_construction, allow quota.carry_over, or let "
                  "projects wait a year"),
        ),
        scope="year",
        yearly=True,
        soft=True,
        competes=lambda p, key: in_years(p, key),
        prices=Resource("year_quota", ("年度新增建设用地计划指标", "yearly county quota"),
                        whynot=True, carries=carried),
        priced_by=("year_quota", "key"),
        report_rank=0,
    ),
))
