"""人地挂钩 (`urbanisation`, mode `cap`): in each town and year, the new land for housing and
livelihood uses is at most the land its settled migrants bring, migrants × the town's standard
(landplan.model.plan). In mode `bonus` the same land is added to the county's quota of the year
instead (rules/year_quota.py)."""

from landplan.model.core import LandModel
from landplan.model.plan import URBAN_CATEGORIES
from landplan.model.rules._terms import linear
from landplan.model.rules.spec import Family, Rule, Words
from landplan.model.years import in_years, land_in, planned


def define_urban_land_cap(m: LandModel) -> None:
    if not planned(m) or m.data.plan.urban_mode != "cap":
        return
    p = m.data.projects
    urban = p[p["category"].isin(URBAN_CATEGORIES)]
    by_town = urban.groupby("town").groups
    for (code, y), land in sorted(m.data.plan.urban_land.items()):
        ids = by_town.get(code, [])
        used = linear([pair for pid in ids for pair in land_in(m, pid, y).items()])
        m.add("urban_land_cap", (code, str(y)), used <= land, unit="area",
              use=used, limit=land)


def _competes(p: dict, key: str | None) -> bool:
    code = str(key).split("__")[0] if key else None
    return p["town"] == code and p["category"] in URBAN_CATEGORIES and in_years(p, key)


RULE = Rule("urbanisation", define_urban_land_cap, (
    Family(
        "urban_land_cap",
        Words(
            name=("人地挂钩新增城镇建设用地", "land for settled migrants (人地挂钩)"),
            limit=("落户人口对应的新增城镇建设用地", "the land the town's settled migrants bring"),
            hint=("核实该镇 settled_migrants，或调整 urbanisation（per_migrant_m2、adjust、mode）",
                  "check the town's settled_migrants, or urbanisation (per_migrant_m2, adjust, "
                  "mode)"),
            reason=("{town}{rule}已用完（{used}/{limit} {unit}）",
                    "{town}: {rule} used up ({used} of {limit} {unit})"),
        ),
        scope="town",
        yearly=True,
        soft=True,
        competes=_competes,
    ),
))
