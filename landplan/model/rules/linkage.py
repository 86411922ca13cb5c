"""城乡建设用地增减挂钩: land from linkage credits is bounded by what activated projects reclaim,
and the farmland (and paddy) it takes by the farmland they gain (耕地面积不减少)."""

import pulp

from landplan.model.core import LandModel
from landplan.model.rules._terms import linear, taken
from landplan.model.rules.spec import Family, Rule, Words
from landplan.model.years import planned


def define_linkage(m: LandModel) -> None:
    if planned(m):  # a rolling plan: rules/year_*.py
        return
    k = m.data.linkage
    z = m.v.z

    def earned(column: str) -> pulp.LpAffineExpression:
        return linear((z[i], c) for i, c in k[column].items())

    for rule, used, gained in (
        ("linkage_land", pulp.lpSum(m.v.l.values()), earned("reclaim")),
        ("linkage_farmland", taken(m, "farmland", "l"), earned("farmland_gain")),
        ("linkage_paddy", taken(m, "paddy", "l"), earned("paddy_gain")),
    ):
        m.add(rule, None, used - gained <= 0, unit="area", use=used, limit=gained)


RULE = Rule("linkage", define_linkage, (
    Family("linkage_land", Words(name=("增减挂钩节余指标", "linkage credits (增减挂钩)")),
           competes=lambda p, key: True, report_rank=3),
    Family("linkage_farmland",
           Words(name=("增减挂钩耕地不减少", "linkage: farmland must not decrease")),
           competes=lambda p, key: p["farmland"] > 0, report_rank=4),
    Family("linkage_paddy", Words(name=("增减挂钩水田不减少", "linkage: paddy must not decrease")),
           competes=lambda p, key: p["paddy"] > 0, report_rank=5),
))
