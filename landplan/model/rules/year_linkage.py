"""城乡建设用地增减挂钩 over the years, with 周转指标: a linkage project's credits may be used
from year ready − return_within on (borrowed before `ready`, returned when its reclamation is
finished); credits not used carry forward. For each year y, the linkage land used up to y is
at most the credits of the activated projects usable by y, and likewise the farmland and paddy
it takes against what they gain (耕地面积不减少)."""

import pulp

from landplan.model.core import LandModel
from landplan.model.rules._terms import linear
from landplan.model.rules.spec import Family, Rule, Words
from landplan.model.years import in_years, land_in, planned, taken_in


def define_year_linkage(m: LandModel) -> None:
    if not planned(m):
        return
    plan = m.data.plan
    k = m.data.linkage
    z = m.v.z

    def earned(column: str, y: int) -> pulp.LpAffineExpression:
        return linear((z[i], c) for i, c in k[column].items() if plan.linkage_from[i] <= y)

    for y in plan.years:
        before = [x for x in plan.years if x <= y]
        land = linear([pair for x in before for pid in m.data.projects.index
                       for pair in land_in(m, pid, x, "l").items()])
        farmland = pulp.lpSum(taken_in(m, "farmland", "l", x) for x in before)
        paddy = pulp.lpSum(taken_in(m, "paddy", "l", x) for x in before)
        for rule, used, gained in (
            ("year_linkage_land", land, earned("reclaim", y)),
            ("year_linkage_farmland", farmland, earned("farmland_gain", y)),
            ("year_linkage_paddy", paddy, earned("paddy_gain", y)),
        ):
            m.add(rule, str(y), used - gained <= 0, unit="area", use=used, limit=gained)


RULE = Rule("year_linkage", define_year_linkage, (
    Family("year_linkage_land",
           Words(name=("增减挂钩节余及周转指标（累计）", "linkage credits, with borrowed ones "
                       "(cumulative)")),
           scope="year", yearly=True, cumulative=True, competes=in_years,
           report_rank=3),
    Family("year_linkage_farmland",
           Words(name=("增减挂钩耕地不减少（累计）", "linkage: farmland must not decrease "
                       "(cumulative)")),
           scope="year", yearly=True, cumulative=True,
           competes=lambda p, key: p["farmland"] > 0 and in_years(p, key),
           report_rank=4),
    Family("year_linkage_paddy",
           Words(name=("增减挂钩水田不减少（累计）", "linkage: paddy must not decrease "
                       "(cumulative)")),
           scope="year", yearly=True, cumulative=True,
           competes=lambda p, key: p["paddy"] > 0 and in_years(p, key),
           report_rank=5),
))
