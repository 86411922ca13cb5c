"""Town bounds: `min` ≤ land given to the town's projects ≤ `max`."""

import pulp

from landplan.model.core import LandModel


def define_town_bounds(m: LandModel) -> None:
    p = m.data.projects
    for code, t in m.data.towns.iterrows():
        land = pulp.lpSum(m.v.x(i) for i in p.index[p["town"] == code])
        if t["min"] is not None and t["min"] == t["min"]:
            m.add("town_bounds_min", code, land >= float(t["min"]), soft=True, unit="area",
                  use=land, limit=float(t["min"]))
        if t["max"] is not None and t["max"] == t["max"]:
            m.add("town_bounds_max", code, land <= float(t["max"]), soft=True, unit="area",
                  use=land, limit=float(t["max"]))
