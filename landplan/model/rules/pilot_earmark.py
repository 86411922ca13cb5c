"""扩权强镇 单列指标: projects outside pilot towns use at most Q − R of the quota."""

import pulp

from landplan.model.core import LandModel


def define_pilot_earmark(m: LandModel) -> None:
    quota = m.data.scenario.quota
    if quota.pilot_reserve <= 0:
        return
    p = m.data.projects
    others = p.index[~p["pilot"]]
    used = pulp.lpSum(m.v.n[i] for i in others)
    limit = quota.new_construction - quota.pilot_reserve
    m.add("pilot_earmark", None, used <= limit, soft=True, unit="area", use=used, limit=limit)
