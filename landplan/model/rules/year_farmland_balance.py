"""耕地占补平衡 every year, balanced county-wide: the cultivated land taken under the quota up to
year y is compensated by the towns' credits plus the reclamation finished by y (its credits
count from `ready`; credits not used carry forward); the same for paddy (占水田补水田)."""

import pulp

from landplan.model.core import LandModel
from landplan.model.rules._terms import linear
from landplan.model.rules.spec import Family, Resource, Rule, Words
from landplan.model.years import in_years, planned, taken_in


def define_year_farmland_balance(m: LandModel) -> None:
    if not planned(m):
        return
    plan = m.data.plan
    t, rec = m.data.towns, m.data.reclamation
    for kind, column, credit in (("quantity", "farmland", "credits_quantity"),
                                 ("paddy", "paddy", "credits_paddy")):
        held = float(t[credit].sum())
        for y in plan.years:
            supplied = linear((m.v.r[j], c) for j, c in rec[kind].items()
                              if plan.reclamation_from[j] <= y)
            used = pulp.lpSum(taken_in(m, column, "n", x) for x in plan.years if x <= y)
            m.add(f"year_farmland_balance_{kind}", str(y), used - supplied <= held,
                  unit="area", use=used, limit=supplied + held)


RULE = Rule("year_farmland_balance", define_year_farmland_balance, (
    Family(
        "year_farmland_balance_quantity",
        Words(
            name=("耕地占补平衡(数量，累计)", "farmland balance (quantity, cumulative)"),
            limit=("至该年度可用的补充耕地指标", "farmland credits available by the year"),
            hint=("增加补充耕地指标，或让复垦整理项目提前完成（ready）",
                  "add farmland credits, or finish reclamation earlier (ready)"),
        ),
        scope="year",
        yearly=True, cumulative=True,
        soft=True,
        competes=lambda p, key: p["farmland"] > 0 and in_years(p, key),
        prices=Resource("year_farmland_credit",
                        ("年度补充耕地指标（数量）", "farmland credit by year (quantity)")),
        report_rank=6,
    ),
    Family(
        "year_farmland_balance_paddy",
        Words(
            name=("占水田补水田(累计)", "paddy balance (cumulative)"),
            limit=("至该年度可用的补充水田指标", "paddy credits available by the year"),
            hint=("增加水田指标或可产出水田的复垦整理项目",
                  "add paddy credits or reclamation projects that make paddy"),
        ),
        scope="year",
        yearly=True, cumulative=True,
        soft=True,
        competes=lambda p, key: p["paddy"] > 0 and in_years(p, key),
        report_rank=7,
    ),
))
