"""Marginal values: what one more unit of a scarce resource is worth.

Computed by re-solving the mixed-integer model at +1 unit (an exact finite difference). Duals
of the LP with the integer decisions fixed would be cheaper, but they price a single vertex and
miss the jumps that all-or-nothing projects and linkage villages cause — a +1 mu that lets a
binary project in is worth more than any dual says, and a +1 mu that lets none in is worth less.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from landplan.analysis.highs import HighsModel

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


def marginal_values(hm: HighsModel, base_value: float) -> pd.DataFrame:
    """County-wide and per-town marginal values; columns resource, scope, unit, delta, value
    (objective gained per unit), gain (objective gained by the whole Δ), method."""
    s = hm.m.data.scenario
    rows = []
    for r in county_resources(s.units):
        if not all(name in hm.row for name in r.rows):
            continue
        gain = _gain(hm, r.rows, r.delta, base_value)
        rows.append(_row(r.resource, "county", r.unit, r.delta, gain))
    if "county_quota" in hm.row:
        p = hm.m.data.projects
        for code in hm.m.data.towns.index:
            # +1 mu that only this town's projects may use
            others = {hm.m.v.n[i].name: 1.0 for i in p.index[p["town"] != code]}
            first = hm.h.getNumRow()
            hm.add_row(-float("inf"), hm.bounds["county_quota"][1], others)
            gain = _gain(hm, ("county_quota",), 1.0, base_value)
            hm.drop_rows_from(first)
            rows.append(_row("town_quota", code, "ha" if s.units == "ha" else "mu", 1.0, gain))
    return pd.DataFrame(rows, columns=["resource", "scope", "unit", "delta", "value", "gain",
                                       "method"])


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
