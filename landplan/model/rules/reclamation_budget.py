"""Reclamation budget B: linkage and reclamation spending, Σ cost_k·z_k + Σ cost_j·r_j ≤ B
(in 万元 inside the model; reported in yuan)."""

from landplan.model.core import LandModel
from landplan.model.rules._terms import MONEY, spending


def define_reclamation_budget(m: LandModel) -> None:
    budget = m.data.scenario.reclamation_budget
    if budget is None:
        return
    used = spending(m)
    m.add("reclamation_budget", None, used <= budget / MONEY, soft=True, unit="money",
          use=used, limit=budget / MONEY, scale=MONEY)
