"""农用地转用(占用耕地)指标: cultivated land taken under the quota, Σ F_p·n_p/A_p ≤ Qf."""

from landplan.model.core import LandModel
from landplan.model.rules._terms import taken
from landplan.model.rules.spec import Family, Field, Resource, Rule, Words
from landplan.model.years import planned


def define_farmland_conversion(m: LandModel) -> None:
    if planned(m):  # a rolling plan: rules/year_*.py
        return
    qf = m.data.scenario.quota.farmland_conversion
    if qf is None:
        return
    used = taken(m, "farmland", "n")
    m.add("farmland_conversion", None, used <= qf, unit="area", use=used, limit=qf)


RULE = Rule("farmland_conversion", define_farmland_conversion, (
    Family(
        "farmland_conversion",
        Words(
            name=("农用地转用(占用耕地)指标", "farmland-conversion quota"),
            limit=("农用地转用（占用耕地）指标", "the farmland-conversion quota (农用地转用指标)"),
            hint=("提高 quota.farmland_conversion，或将重点项目选址调出耕地",
                  "raise quota.farmland_conversion or move priority sites off farmland"),
        ),
        soft=True,
        competes=lambda p, key: p["farmland"] > 0,
        limit=lambda s: s.quota.farmland_conversion,
        fields=(Field("quota.farmland_conversion",
                      ("农用地转用指标(亩)", "farmland-conversion quota (mu)")),),
        prices=Resource("farmland_conversion",
                        ("农用地转用（占用耕地）指标", "farmland-conversion quota")),
        priced_by=("farmland_conversion", "county"),
        report_rank=2,
    ),
))
