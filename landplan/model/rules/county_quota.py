"""新增建设用地计划指标: land from the county quota, Σ n_p ≤ Q."""

import pulp

from landplan.model.core import LandModel
from landplan.model.rules.spec import Family, Field, Resource, Rule, Words
from landplan.model.years import planned


def define_county_quota(m: LandModel) -> None:
    if planned(m):  # a rolling plan: rules/year_*.py
        return
    q = m.data.scenario.quota.new_construction
    used = pulp.lpSum(m.v.n.values())
    m.add("county_quota", None, used <= q, unit="area", use=used, limit=q)


RULE = Rule("county_quota", define_county_quota, (
    Family(
        "county_quota",
        Words(
            name=("县级新增建设用地计划指标", "county new construction-land quota"),
            limit=("县级新增建设用地计划指标", "the county quota (新增建设用地计划指标)"),
            hint=("提高 quota.new_construction、实施更多增减挂钩项目，或取消部分重点项目标记",
                  "raise quota.new_construction, activate more linkage, or drop a priority flag"),
        ),
        soft=True,
        competes=lambda p, key: True,
        limit=lambda s: s.quota.new_construction,
        fields=(Field("quota.new_construction", ("新增建设用地计划指标(亩)", "county quota (mu)")),),
        prices=Resource("county_quota", ("县级新增建设用地计划指标", "county quota"),
                        town=("town_quota", ("乡镇专用计划指标", "quota for one town only")),
                        whynot=True),
        priced_by=("county_quota", "county"),
        report_rank=0,
    ),
))
