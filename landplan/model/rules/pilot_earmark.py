"""扩权强镇 单列指标: projects outside pilot towns use at most Q − R of the quota."""

import pulp

from landplan.model.core import LandModel
from landplan.model.rules.spec import Family, Field, Rule, Words
from landplan.model.years import planned


def define_pilot_earmark(m: LandModel) -> None:
    if planned(m):  # a rolling plan: rules/year_*.py
        return
    quota = m.data.scenario.quota
    if quota.pilot_reserve <= 0:
        return
    p = m.data.projects
    others = p.index[~p["pilot"]]
    used = pulp.lpSum(m.v.n[i] for i in others)
    limit = quota.new_construction - quota.pilot_reserve
    m.add("pilot_earmark", None, used <= limit, unit="area", use=used, limit=limit)


RULE = Rule("pilot_earmark", define_pilot_earmark, (
    Family(
        "pilot_earmark",
        Words(
            name=("试点镇单列指标(非试点镇可用 Q−R)",
                  "pilot-town earmark (non-pilot towns may use Q−R)"),
            limit=("扣除试点镇单列指标后非试点镇可用的指标（Q − R）",
                   "the quota left to non-pilot towns after the pilot earmark (Q − R)"),
            hint=("降低 quota.pilot_reserve，或取消试点镇以外部分重点项目标记",
                  "lower quota.pilot_reserve or drop a priority flag outside the pilot towns"),
        ),
        soft=True,
        competes=lambda p, key: not p["pilot"],
        limit=lambda s: s.quota.new_construction - s.quota.pilot_reserve,
        fields=(Field("quota.new_construction"),
                Field("quota.pilot_reserve", ("试点镇单列指标(亩)", "pilot earmark (mu)"))),
        joins=("county_quota",),  # more county quota with the same R also raises Q − R
        report_rank=1,
    ),
))
