"""Marginal values: what one more unit of a scarce resource is worth.

Computed by re-solving the mixed-integer model at +1 unit (an exact finite difference). Duals
of the LP with the integer decisions fixed would be cheaper, but they price a single vertex and
miss the jumps that all-or-nothing projects and linkage villages cause — a +1 mu that lets a
binary project in is worth more than any dual says, and a +1 mu that lets none in is worth less.
"""

from __future__ import annotations

from dataclasses import dataclass

from landplan.analysis.highs import HighsModel, Outcome
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
        # More county quota with the same earmark R also raises Q − R for non-pilot towns.
        Resource("county_quota", ("county_quota", "pilot_earmark"), 1.0, u),
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
    tasks = [MarginalTask(r.resource, "county", _present(hm, r.rows), r.delta, r.unit)
             for r in county_resources(s.units) if r.rows[0] in hm.row]
    if "county_quota" in hm.row:
        u = "ha" if s.units == "ha" else "mu"
        towns = hm.m.data.towns
        tasks += [MarginalTask("town_quota", code,
                               _present(hm, ("county_quota",) if pilot
                                        else ("county_quota", "pilot_earmark")), 1.0, u)
                  for code, pilot in towns["pilot"].items()]
    return tasks


def _present(hm: HighsModel, rows: tuple[str, ...]) -> tuple[str, ...]:
    """The first row (the resource itself) and those that move with it, where the model has
    them (no `pilot_earmark` row without an earmark)."""
    return tuple(r for r in rows if r in hm.row)


def marginal_row(hm: HighsModel, task: MarginalTask, base: Outcome) -> dict:
    """The objective gained by +Δ of one resource (for a town: Δ only its projects may use)."""
    first = hm.h.getNumRow()
    if task.scope != "county":
        # The extra mu is the town's alone: every other project keeps the limits it had.
        p = hm.m.data.projects
        for row, members in (("county_quota", p.index[p["town"] != task.scope]),
                             ("pilot_earmark", p.index[(p["town"] != task.scope) & ~p["pilot"]])):
            if row in task.rows:
                hm.add_row(-float("inf"), hm.bounds[row][1],
                           {hm.m.v.n[i].name: 1.0 for i in members})
    delta = task.delta / MONEY if task.unit == "yuan" else task.delta  # the model counts 万元
    gain = _gain(hm, task.rows, delta, base)
    hm.drop_rows_from(first)
    return _row(task.resource, task.scope, task.unit, task.delta, gain)


MARGINAL_COLUMNS = ["resource", "scope", "unit", "delta", "value", "gain", "method"]


def _gain(hm: HighsModel, rows: tuple[str, ...], delta: float, base: Outcome) -> float | None:
    for name in rows:
        hm.set_row(name, hi=hm.bounds[name][1] + delta)
    out = hm.solve(base.values)  # the optimum without +Δ stays feasible with it
    for name in rows:
        hm.reset_row(name)
    return None if out.objective is None else out.objective - base.objective


def _row(resource: str, scope: str, unit: str, delta: float, gain: float | None) -> dict:
    value = None if gain is None else round(max(gain, 0.0) / delta, 6)
    return {"resource": resource, "scope": scope, "unit": unit, "delta": delta,
            "value": value, "gain": None if gain is None else round(max(gain, 0.0), 4),
            "method": METHOD}
