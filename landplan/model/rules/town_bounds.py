"""Town bounds: `min` ≤ land given to the town's projects ≤ `max`."""

from landplan.model.core import LandModel
from landplan.model.rules._terms import linear
from landplan.model.rules.spec import Family, Rule, Words


def define_town_bounds(m: LandModel) -> None:
    groups = m.data.projects.groupby("town").groups
    for code, t in m.data.towns.iterrows():
        ids = groups.get(code, [])
        land = linear([(m.v.n[i], 1) for i in ids] + [(m.v.l[i], 1) for i in ids])
        if t["min"] is not None and t["min"] == t["min"]:
            m.add("town_bounds_min", code, land >= float(t["min"]), unit="area",
                  use=land, limit=float(t["min"]))
        if t["max"] is not None and t["max"] == t["max"]:
            m.add("town_bounds_max", code, land <= float(t["max"]), unit="area",
                  use=land, limit=float(t["max"]))


RULE = Rule("town_bounds", define_town_bounds, (
    Family(
        "town_bounds_min",
        Words(
            name=("乡镇用地下限", "town minimum"),
            limit=("乡镇用地下限", "the town minimum"),
            hint=("降低该镇的 `min`，或为其增加合规项目",
                  "lower the town's `min` or give it more eligible projects"),
        ),
        scope="town",
        soft=True,
    ),
    Family(
        "town_bounds_max",
        Words(
            name=("乡镇用地上限", "town maximum"),
            limit=("乡镇用地上限", "the town maximum"),
            hint=("提高该镇的 `max`，或取消该镇部分重点项目标记",
                  "raise the town's `max` or drop a priority flag there"),
            reason=("{town}用地上限已满（{used}/{limit} {unit}）",
                    "{town} is at its maximum ({used} of {limit} {unit})"),
        ),
        scope="town",
        soft=True,
        competes=lambda p, key: key == p["town"],
        priced_by=("town_quota", "key"),
        reason_key="town_max",
        caps_town=True,
    ),
))
