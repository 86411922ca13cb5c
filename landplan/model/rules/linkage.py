"""城乡建设用地增减挂钩: land from linkage credits is bounded by what activated projects reclaim,
and the farmland (and paddy) it takes by the farmland they gain (耕地面积不减少)."""

import pulp

from landplan.model.core import LandModel
from landplan.model.rules._terms import linear, taken


def define_linkage(m: LandModel) -> None:
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
