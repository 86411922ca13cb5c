"""Reclamation budget B: linkage and reclamation spending, Σ cost_k·z_k + Σ cost_j·r_j ≤ B
(in 万元 inside the model; reported in yuan)."""

from landplan.model.core import LandModel
from landplan.model.rules._terms import MONEY, spending
from landplan.model.rules.spec import Family, Field, Resource, Rule, Words


def define_reclamation_budget(m: LandModel) -> None:
    budget = m.data.scenario.reclamation_budget
    if budget is None:
        return
    used = spending(m)
    m.add("reclamation_budget", None, used <= budget / MONEY, unit="money",
          use=used, limit=budget / MONEY, scale=MONEY)


def _limit(s) -> float | None:
    return None if s.reclamation_budget is None else s.reclamation_budget / MONEY


RULE = Rule("reclamation_budget", define_reclamation_budget, (
    Family(
        "reclamation_budget",
        Words(
            name=("复垦整理资金预算", "reclamation budget"),
            limit=("复垦整理资金预算", "the reclamation budget"),
            hint=("提高 reclamation_budget", "raise reclamation_budget"),
        ),
        soft=True,
        unit="money",
        competes=lambda p, key: True,
        direct=False,  # it holds projects back only through the linkage it pays for
        limit=_limit,
        fields=(Field("reclamation_budget",
                      ("复垦整理资金预算(万元)", "reclamation budget (万元, 10,000 yuan)"), 1e-4),),
        prices=Resource("reclamation_budget", ("复垦整理资金预算", "reclamation budget"),
                        unit="money", deltas=(1.0, 10_000.0)),
        priced_by=("reclamation_budget", "county"),
        report_rank=8,
    ),
))
