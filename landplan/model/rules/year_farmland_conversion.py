"""农用地转用(占用耕地)指标 by year: cultivated land taken under the quota in year y,
Σ F_p·n_py/A_p ≤ Qf_y."""

from landplan.model.core import LandModel
from landplan.model.rules.spec import Family, Resource, Rule, Words
from landplan.model.years import in_years, planned, taken_in


def define_year_farmland_conversion(m: LandModel) -> None:
    if not planned(m):
        return
    plan = m.data.plan
    for y in plan.years:
        qf = plan.quota["farmland_conversion"][y]
        if qf is None:
            continue
        used = taken_in(m, "farmland", "n", y)
        m.add("year_farmland_conversion", str(y), used <= float(qf), unit="area",
              use=used, limit=float(qf))


RULE = Rule("year_farmland_conversion", define_year_farmland_conversion, (
    Family(
        "year_farmland_conversion",
        Words(
            name=("年度农用地转用(占用耕地)指标", "yearly farmland-conversion quota"),
            limit=("该年度农用地转用（占用耕地）指标", "the year's farmland-conversion quota"),
            hint=("提高该年度 quota.farmland_conversion，或推迟占用耕地的项目",
                  "raise the year's quota.farmland_conversion, or let projects on farmland "
                  "wait a year"),
        ),
        scope="year",
        yearly=True,
        soft=True,
        competes=lambda p, key: p["farmland"] > 0 and in_years(p, key),
        prices=Resource("year_farmland_conversion",
                        ("年度农用地转用指标", "yearly farmland-conversion quota")),
        report_rank=2,
    ),
))
