"""Marginal values: what one more unit of a scarce resource is worth.

Computed by re-solving the mixed-integer model at +1 unit (an exact finite difference). Duals
of the LP with the integer decisions fixed would be cheaper, but they price a single vertex and
miss the jumps that all-or-nothing projects and linkage villages cause — a +1 mu that lets a
binary project in is worth more than any dual says, and a +1 mu that lets none in is worth less.
"""

from __future__ import annotations

from dataclasses import dataclass

from landplan.analysis.highs import HighsModel
from landplan.model.rules._terms import MONEY

METHOD = "re-solve at +Δ (MIP, gap 0)"


@dataclass(frozen=True)
class Resource:
    resource: str
    rows: tuple[str, ...]
    delta: float
    unit: str


def county_resources(units: str) -> list[Resource]:
    u = "ha" if units == "ha" else "mu"
    return [
        Resource("county_quota", ("county_quota",), 1.0, u),
        Resource("farmland_conversion", ("farmland_conversion",), 1.0, u),
        Resource("farmland_credit", ("farmland_balance_quantity",), 1.0, u),
        Resource("paddy_credit", ("farmland_balance_quantity", "farmland_balance_paddy"), 1.0, u),
        Resource("reclamation_budget", ("reclamation_budget",), 1.0, "yuan"),
        Resource("reclamation_budget", ("reclamation_budget",), 10_000.0, "yuan"),
    ]


@dataclass(frozen=True)
class MarginalTask:
    resource: str
    scope: str  # "county" or a town code
    rows: tuple[str, ...]
    delta: float
    unit: str


def marginal_tasks(hm: HighsModel) -> list[MarginalTask]:
    """County-wide resources present in the model, then +1 mu of quota for each town."""
    s = hm.m.data.scenario
    tasks = [MarginalTask(r.resource, "county", r.rows, r.delta, r.unit)
             for r in county_resources(s.units) if all(name in hm.row for name in r.rows)]
    if "county_quota" in hm.row:
        u = "ha" if s.units == "ha" else "mu"
        tasks += [MarginalTask("town_quota", code, ("county_quota",), 1.0, u)
                  for code in hm.m.data.towns.index]
    return tasks


def marginal_row(hm: HighsModel, task: MarginalTask, base_value: float) -> dict:
    """The objective gained by +Δ of one resource (for a town: Δ only its projects may use)."""
    first = hm.h.getNumRow()
    if task.scope != "county":
        p = hm.m.data.projects
        others = {hm.m.v.n[i].name: 1.0 for i in p.index[p["town"] != task.scope]}
        hm.add_row(-float("inf"), hm.bounds["county_quota"][1], others)
    delta = task.delta / MONEY if task.unit == "yuan" else task.delta  # the model counts 万元
    gain = _gain(hm, task.rows, delta, base_value)
    hm.drop_rows_from(first)
    return _row(task.resource, task.scope, task.unit, task.delta, gain)


MARGINAL_COLUMNS = ["resource", "scope", "unit", "delta", "value", "gain", "method"]


def _gain(hm: HighsModel, rows: tuple[str, ...], delta: float, base: float) -> float | None:
    for name in rows:
        hm.set_row(name, hi=hm.bounds[name][1] + delta)
    out = hm.solve()
    for name in rows:
        hm.reset_row(name)
    return None if out.objective is None else out.objective - base


def _row(resource: str, scope: str, unit: str, delta: float, gain: float | None) -> dict:
    value = None if gain is None else round(max(gain, 0.0) / delta, 6)
    return {"resource": resource, "scope": scope, "unit": unit, "delta": delta,
            "value": value, "gain": None if gain is None else round(max(gain, 0.0), 4),
            "method": METHOD}
