"""Town bounds: `min` ≤ land given to the town's projects ≤ `max`."""

from landplan.model.core import LandModel
from landplan.model.rules._terms import linear


def define_town_bounds(m: LandModel) -> None:
    groups = m.data.projects.groupby("town").groups
    for code, t in m.data.towns.iterrows():
        ids = groups.get(code, [])
        land = linear([(m.v.n[i], 1) for i in ids] + [(m.v.l[i], 1) for i in ids])
        if t["min"] is not None and t["min"] == t["min"]:
            m.add("town_bounds_min", code, land >= float(t["min"]), soft=True, unit="area",
                  use=land, limit=float(t["min"]))
        if t["max"] is not None and t["max"] == t["max"]:
            m.add("town_bounds_max", code, land <= float(t["max"]), soft=True, unit="area",
                  use=land, limit=float(t["max"]))
