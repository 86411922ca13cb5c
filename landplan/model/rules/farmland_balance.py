"""耕地占补平衡, balanced county-wide: cultivated land taken under the quota is compensated by
the towns' credits plus activated reclamation; the same for paddy (占水田补水田)."""


from landplan.model.core import LandModel
from landplan.model.rules._terms import linear, taken
from landplan.model.rules.spec import Family, Resource, Rule, Words
from landplan.model.years import planned


def define_farmland_balance(m: LandModel) -> None:
    if planned(m):  # a rolling plan: rules/year_*.py
        return
    t = m.data.towns
    rec = m.data.reclamation
    for kind, column, credit in (
        ("quantity", "farmland", "credits_quantity"),
        ("paddy", "paddy", "credits_paddy"),
    ):
        supplied = linear((m.v.r[j], c) for j, c in rec[kind].items())
        held = float(t[credit].sum())
        used = taken(m, column, "n")
        m.add(f"farmland_balance_{kind}", None, used - supplied <= held, unit="area",
              use=used, limit=supplied + held)


RULE = Rule("farmland_balance", define_farmland_balance, (
    Family(
        "farmland_balance_quantity",
        Words(
            name=("耕地占补平衡(数量)", "farmland occupation–compensation balance (quantity)"),
            limit=("补充耕地指标（耕地占补平衡）", "farmland compensation credits (耕地占补平衡)"),
            hint=("增加补充耕地指标或复垦整理项目，或提高资金预算",
                  "add farmland credits or reclamation projects, or raise the budget"),
        ),
        soft=True,
        competes=lambda p, key: p["farmland"] > 0,
        prices=Resource("farmland_credit", ("补充耕地指标（数量）", "farmland credit (quantity)")),
        joins=("paddy_credit",),  # a paddy credit is also a farmland credit
        priced_by=("farmland_credit", "county"),
        report_rank=6,
    ),
    Family(
        "farmland_balance_paddy",
        Words(
            name=("占水田补水田", "paddy occupation–compensation balance"),
            limit=("补充水田指标（占水田补水田）", "paddy compensation credits (占水田补水田)"),
            hint=("增加水田指标或可产出水田的复垦整理项目",
                  "add paddy credits or reclamation projects that make paddy"),
        ),
        soft=True,
        competes=lambda p, key: p["paddy"] > 0,
        prices=Resource("paddy_credit", ("补充耕地指标（水田）", "farmland credit (paddy)")),
        priced_by=("paddy_credit", "county"),
        report_rank=7,
    ),
))
