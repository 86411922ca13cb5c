"""扩权强镇 单列指标 by year: projects outside pilot towns use at most Q_y − R_y of year y's
quota (plus the 人地挂钩 bonus in `bonus` mode; quota carried over stays with the pilot towns)."""

import pulp

from landplan.model.core import LandModel
from landplan.model.rules.spec import Family, Rule, Words
from landplan.model.rules.year_quota import urban_bonus
from landplan.model.years import in_years, land_in, planned


def define_year_pilot_earmark(m: LandModel) -> None:
    if not planned(m):
        return
    plan = m.data.plan
    p = m.data.projects
    others = p.index[~p["pilot"]]
    for y in plan.years:
        reserve = float(plan.quota["pilot_reserve"][y] or 0.0)
        if reserve <= 0:
            continue
        used = pulp.lpSum(land_in(m, i, y, "n") for i in others)
        limit = float(plan.quota["new_construction"][y]) - reserve + urban_bonus(m, y)
        m.add("year_pilot_earmark", str(y), used <= limit, unit="area", use=used,
              limit=limit)


RULE = Rule("year_pilot_earmark", define_year_pilot_earmark, (
    Family(
        "year_pilot_earmark",
        Words(
            name=("年度试点镇单列指标(非试点镇可用 Q−R)",
                  "yearly pilot-town earmark (non-pilot towns may use Q−R)"),
            limit=("该年度扣除试点镇单列指标后非试点镇可用的指标（Q − R）",
                   "the year's quota left to non-pilot towns after the pilot earmark (Q − R)"),
            hint=("降低该年度 quota.pilot_reserve", "lower the year's quota.pilot_reserve"),
        ),
        scope="year",
        yearly=True,
        soft=True,
        competes=lambda p, key: not p["pilot"] and in_years(p, key),
        joins=("year_quota",),
        report_rank=1,
    ),
))
