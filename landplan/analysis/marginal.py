"""Marginal values: what one more unit of a scarce resource is worth.

Computed by re-solving the mixed-integer model at +1 unit (an exact finite difference). Duals
of the LP with the integer decisions fixed would be cheaper, but they price a single vertex and
miss the jumps that all-or-nothing projects and linkage villages cause — a +1 mu that lets a
binary project in is worth more than any dual says, and a +1 mu that lets none in is worth less.
"""

from __future__ import annotations

from dataclasses import dataclass

from landplan.model import rules
from landplan.model.names import parse
from landplan.model.rules import Resource
from landplan.model.rules._terms import MONEY
from landplan.solver import INF, HighsModel, Outcome

METHOD = "re-solve at +Δ (MIP, gap 0)"


@dataclass(frozen=True)
class MarginalTask:
    resource: str
    scope: str  # "county" or a town code
    rows: tuple[str, ...]
    delta: float
    unit: str
    town_share: bool = False  # +Δ of a county resource that only the town's projects may use
    rises: tuple[float, ...] = ()  # how far each row's limit moves per unit (empty: 1 each)


def _unit(resource_unit: str, units: str) -> str:
    if resource_unit == "money":
        return "yuan"
    if resource_unit == "other":  # a county rule's own amount (water, projects…)
        return ""
    return "ha" if units == "ha" else "mu"


def marginal_tasks(hm: HighsModel) -> list[MarginalTask]:
    """Each declared resource the model has (its own row present), at each declared step;
    then, for a resource priced per town, +1 of it for each town."""
    s = hm.m.data.scenario
    fams = rules.families(s)
    resources = fams.resources()
    tasks = []
    for r, rows in resources:
        own = fams.get(rows[0])
        if own is not None and own.scope != "county":  # one row per key: priced per key
            for name, key in keyed_rows(hm, rows[0]):
                moved = moved_rows(hm, r, rows, name)
                tasks += [MarginalTask(r.name, key, tuple(moved), d, _unit(r.unit, s.units),
                                       rises=tuple(moved.values())) for d in r.deltas]
        elif rows[0] in hm.row:
            tasks += [MarginalTask(r.name, "county", _present(hm, rows), d,
                                   _unit(r.unit, s.units)) for d in r.deltas]
    for r, rows in resources:
        if r.town is None or rows[0] not in hm.row:
            continue
        for code in hm.m.data.towns.index:
            tasks.append(MarginalTask(r.town[0], code, _town_rows(hm, _present(hm, rows), code),
                                      1.0, _unit(r.unit, s.units), town_share=True))
    return tasks


def keyed_rows(hm: HighsModel, family: str) -> list[tuple[str, str]]:
    """The rows of a family with one row per key (a year, a town), with their keys, in the
    model's order."""
    return [(name, key) for name in hm.row
            if (parsed := parse(name))[0] == family and (key := parsed[1])]


def moved_rows(hm: HighsModel, resource: Resource, rows: tuple[str, ...],
               own: str) -> dict[str, float]:
    """How far each row's limit moves with one more unit of a resource: its own row `own`
    (the county's, or one key's), the rows of the families joining it with the same key (the
    year's Q − R rises with the year's quota) and the rows the resource declares it carries
    into (a year's quota carried over into the years after it), where the model has them."""
    family, *joined = rows
    suffix = own[len(family):]  # "" for a county row, "__key" for one key's
    out = {own: 1.0}
    out.update({j + suffix: 1.0 for j in joined if j + suffix in hm.row})
    if resource.carries is not None and suffix:
        key = parse(own)[1]
        out.update({name: rise for name, rise in resource.carries(hm.m, key).items()
                    if name in hm.row and name not in out})
    return out


def _present(hm: HighsModel, rows: tuple[str, ...]) -> tuple[str, ...]:
    """The first row (the resource itself) and those that move with it, where the model has
    them (no Q − R row without an earmark)."""
    return tuple(r for r in rows if r in hm.row)


def _members(hm: HighsModel, row: str) -> dict[str, float]:
    """The projects whose quota land is in a row, with its coefficient, in project order."""
    coef = {v.name: a for v, a in hm.m.constraints[row].items()}
    n = hm.m.v.n
    return {pid: coef[n[pid].name] for pid in hm.m.data.projects.index if n[pid].name in coef}


def _town_rows(hm: HighsModel, rows: tuple[str, ...], code: str) -> tuple[str, ...]:
    """The resource's own row, and the rows moving with it that the town's projects are in
    (more Q − R is a town's only when its projects draw on Q − R)."""
    towns = hm.m.data.projects["town"]
    own, *joined = rows
    return (own, *[r for r in joined if any(towns[i] == code for i in _members(hm, r))])


def marginal_row(hm: HighsModel, task: MarginalTask, base: Outcome) -> dict:
    """The objective gained by +Δ of one resource (for a town: Δ only its projects may use)."""
    first = hm.h.getNumRow()
    if task.town_share:
        # The extra mu is the town's alone: every other project keeps the limits it had.
        towns = hm.m.data.projects["town"]
        for row in task.rows:
            others = {hm.m.v.n[i].name: c for i, c in _members(hm, row).items()
                      if towns[i] != task.scope}
            hm.add_row(-float("inf"), hm.bounds[row][1], others)
    delta = task.delta / MONEY if task.unit == "yuan" else task.delta  # the model counts 万元
    gain = _gain(hm, task.rows, delta, base, task.rises)
    hm.drop_rows_from(first)
    signed = any(hm.bounds[r][0] == hm.bounds[r][1] for r in task.rows)  # an `equals` row
    return _row(task.resource, task.scope, task.unit, task.delta, gain, signed)


MARGINAL_COLUMNS = ["resource", "scope", "unit", "delta", "value", "gain", "method"]


def _gain(hm: HighsModel, rows: tuple[str, ...], delta: float, base: Outcome,
          rises: tuple[float, ...] = ()) -> float | None:
    """The objective gained with each row relaxed by Δ (times its rise, when given): a limit
    up, a minimum down, an `equals` moved up."""
    for name, rise in zip(rows, rises or (1.0,) * len(rows), strict=True):
        step = delta * rise
        minimum = hm.bounds[name][1] == INF
        hm.set_limit(name, hm.limit(name) - step if minimum else hm.limit(name) + step)
    out = hm.solve(base.values)  # the optimum without +Δ stays feasible with it (bar `equals`)
    for name in rows:
        hm.reset_row(name)
    return None if out.objective is None else out.objective - base.objective


def _row(resource: str, scope: str, unit: str, delta: float, gain: float | None,
         signed: bool = False) -> dict:
    """Per unit; clipped at 0 (more of a limit never costs), but for an `equals` row, whose
    move up may cost."""
    if gain is not None and not signed:
        gain = max(gain, 0.0)
    value = None if gain is None else round(gain / delta, 6)
    return {"resource": resource, "scope": scope, "unit": unit, "delta": delta,
            "value": value, "gain": None if gain is None else round(gain, 4),
            "method": METHOD}
