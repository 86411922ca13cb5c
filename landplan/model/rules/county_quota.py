"""新增建设用地计划指标: land from the county quota, Σ n_p ≤ Q."""

import pulp

from landplan.model.core import LandModel


def define_county_quota(m: LandModel) -> None:
    q = m.data.scenario.quota.new_construction
    used = pulp.lpSum(m.v.n.values())
    m.add("county_quota", None, used <= q, soft=True, unit="area", use=used, limit=q)
