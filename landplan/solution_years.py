"""A rolling plan's tables, read from the solved year variables: the year each project gets
its land, each town's land by year (with the 人地挂钩 figures), the linkage ledger of credits
borrowed and returned (周转指标), and each town's urban land per resident before and after.

Only a scenario with a `horizon` has them; a one-year run's tables are untouched.
"""

from __future__ import annotations

import pandas as pd
import pulp

from landplan.model.core import LandModel
from landplan.model.data import project_facts
from landplan.model.plan import URBAN_CATEGORIES, YearPlan
from landplan.model.rules.spec import Families

AREA_DP = 4


def _r(x: float, dp: int = AREA_DP) -> float:
    v = round(float(x), dp)
    return 0.0 if v == 0 else v


def project_years(m: LandModel, land: dict[str, tuple[float, float]]) -> dict[str, int | None]:
    """The year each project gets its (snapped) land in, None when it gets none; the year
    variables are snapped with it: the year chosen holds the land, the others none, and its
    year binary is 1, the others 0 (a solver may leave 7e-7 mu in another year under a binary
    of 8e-9, within its integrality tolerance, which would flag that year's row)."""
    plan: YearPlan = m.data.plan
    out: dict[str, int | None] = {}
    for pid, (n, link) in land.items():
        if n + link <= 0:
            out[pid] = None
        elif not plan.multi:
            out[pid] = plan.years[0]
        else:
            years = plan.project_years[pid]
            got = {y: (m.v.ny[(pid, y)].varValue or 0.0) + (m.v.ly[(pid, y)].varValue or 0.0)
                   for y in years}
            out[pid] = max(years, key=lambda y: (got[y], -y))
        if plan.multi:
            for y in plan.project_years[pid]:
                mine = y == out[pid]
                m.v.ny[(pid, y)].varValue = n if mine else 0.0
                m.v.ly[(pid, y)].varValue = link if mine else 0.0
                if (pid, y) in m.v.w:  # 0 or 1, as the land: not 8e-9 within a tolerance
                    m.v.w[(pid, y)].varValue = 1.0 if mine else 0.0
    return out


def towns_by_year(m: LandModel, alloc: pd.DataFrame) -> pd.DataFrame:
    """Per town and year: land given, from quota and linkage, farmland taken; the land for
    housing and livelihood and, under 人地挂钩, the migrants and the land they bring."""
    plan: YearPlan = m.data.plan
    s = m.data.scenario
    towns = {t.code: t for t in s.towns}
    rows = []
    for code, name in m.data.towns["name"].items():
        mine = alloc[alloc["town"] == code]
        for y in plan.years:
            got = mine[mine["year"] == str(y)]
            urban = got[got["category"].isin(URBAN_CATEGORIES)]
            migrants = (towns[code].settled_migrants or {}).get(y)
            brings = plan.urban_land.get((code, y))
            rows.append({
                "code": code, "name": name, "year": y,
                "projects": int((got["allocated"] > 0).sum()),
                "allocated": _r(got["allocated"].sum()),
                "from_quota": _r(got["from_quota"].sum()),
                "from_linkage": _r(got["from_linkage"].sum()),
                "farmland_taken": _r(got["farmland_taken"].sum()),
                "housing_livelihood": _r(urban["allocated"].sum()),
                "settled_migrants": migrants,
                "migrant_land": None if brings is None else _r(brings),
            })
    return pd.DataFrame(rows, columns=TOWNS_BY_YEAR_COLUMNS)


TOWNS_BY_YEAR_COLUMNS = ["code", "name", "year", "projects", "allocated", "from_quota",
                         "from_linkage", "farmland_taken", "housing_livelihood",
                         "settled_migrants", "migrant_land"]


def linkage_ledger(m: LandModel, land_years: dict[str, int | None],
                   land: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """Per year: linkage credits used, of which borrowed before their project's `ready`
    (周转指标), returned (the reclamation finished that year), and outstanding at the year's end.

    Each year's use draws first on delivered credits, then on borrowed ones, those returned
    soonest first: the cumulative rows of the model guarantee that this covers every use."""
    plan: YearPlan = m.data.plan
    k = m.data.linkage
    credit = {i: float(k.at[i, "reclaim"]) * float(pulp.value(m.v.z[i]) or 0.0) for i in k.index}
    left = dict(credit)
    drawn_early: dict[str, float] = {i: 0.0 for i in k.index}  # borrowed before ready
    rows = []
    for y in plan.years:
        need = sum(link for pid, (_, link) in land.items() if land_years.get(pid) == y)
        used = need
        borrowed = 0.0
        usable = sorted((i for i in k.index if plan.linkage_from[i] <= y and left[i] > 0),
                        key=lambda i: (plan.linkage_ready[i] > y, plan.linkage_ready[i], i))
        for i in usable:
            take = min(need, left[i])
            if take <= 0:
                continue
            left[i] -= take
            need -= take
            if plan.linkage_ready[i] > y:
                borrowed += take
                drawn_early[i] += take
        returned = sum(v for i, v in drawn_early.items() if plan.linkage_ready[i] == y)
        outstanding = sum(v for i, v in drawn_early.items() if plan.linkage_ready[i] > y)
        delivered = sum(c for i, c in credit.items() if plan.linkage_ready[i] <= y)
        rows.append({"year": y, "used": _r(used), "borrowed": _r(borrowed),
                     "returned": _r(returned), "outstanding": _r(outstanding),
                     "delivered": _r(delivered)})
    return pd.DataFrame(rows, columns=["year", "used", "borrowed", "returned", "outstanding",
                                       "delivered"])


def urbanisation_table(m: LandModel, alloc: pd.DataFrame) -> pd.DataFrame:
    """人地挂钩 per town with figures: urban land per urban resident before the plan (base
    year) and after it (its new land over the last year's population given)."""
    plan: YearPlan = m.data.plan
    s = m.data.scenario
    base = plan.years[0] - 1
    rows = []
    for t in s.towns:
        if t.urban_population is None or t.urban_construction_land is None:
            continue
        last = max(t.urban_population)
        before_people, after_people = t.urban_population.get(base), t.urban_population[last]
        new_land = float(alloc.loc[alloc["town"] == t.code, "allocated"].sum())
        m2 = s.m2_per_unit
        rows.append({
            "code": t.code, "name": t.name,
            "urban_construction_land": _r(t.urban_construction_land),
            "urban_population_base": before_people, "population_year": last,
            "urban_population": after_people,
            "m2_per_resident_before": (_r(t.urban_construction_land * m2 / before_people, 2)
                                       if before_people else None),
            "standard_m2_per_migrant": (_r(plan.urban_standard[t.code], 2)
                                        if t.code in plan.urban_standard else None),
            "settled_migrants": sum((t.settled_migrants or {}).values()),
            "migrant_land": _r(sum(v for (c, _), v in plan.urban_land.items() if c == t.code)),
            "new_land": _r(new_land),
            "m2_per_resident_after": (_r((t.urban_construction_land + new_land) * m2
                                         / after_people, 2) if after_people else None),
        })
    return pd.DataFrame(rows, columns=URBANISATION_COLUMNS)


URBANISATION_COLUMNS = ["code", "name", "urban_construction_land", "urban_population_base",
                        "population_year", "urban_population", "m2_per_resident_before",
                        "standard_m2_per_migrant", "settled_migrants", "migrant_land", "new_land",
                        "m2_per_resident_after"]


def waited(m: LandModel, land_years: dict[str, int | None], alloc: pd.DataFrame,
           constraints: pd.DataFrame, fams: Families) -> dict[str, list[dict]]:
    """Why a project funded in full got its land in a later year than the horizon's first
    ("funded in 2027, not 2026, because …"): its `earliest`, when the first year open to it is
    the year it got; else, for each year open to it before that one, the rows of the year that
    bind and hold it back, in the parts `solution.reason_text` says (`year` names the year a
    row is of), and, when no row does and every year is worth the same, that."""
    plan: YearPlan = m.data.plan
    if not plan.multi:
        return {}
    facts = project_facts(m.data.projects)
    yearly = [b for b in constraints.itertuples(index=False)
              if (f := fams.get(b.rule)) is not None and f.competes is not None and f.yearly]
    out: dict[str, list[dict]] = {}
    for row in alloc.itertuples(index=False):
        year = land_years.get(row.project_id)
        open_years = plan.project_years[row.project_id]
        if row.status != "funded" or year is None or year <= plan.years[0]:
            continue
        before = [y for y in open_years if y < year]
        if not before:  # its land may be given from this year on
            out[row.project_id] = [{"key": "waited_earliest", "year": str(year),
                                    "first": str(plan.years[0])}]
            continue
        parts: list[dict] = [
            {"key": "waited", "year": str(year), "first": str(before[0])} if len(before) == 1
            else {"key": "waited_span", "year": str(year), "first": str(before[0]),
                  "last": str(before[-1])}]
        for y in before:
            parts += _held_in(str(y), row, yearly, facts[row.project_id], fams)
        if len(parts) == 1 and plan.discount == 0:
            parts.append({"key": "waited_no_discount"})
        out[row.project_id] = parts
    return out


def _held_in(year: str, row, yearly: list, facts: dict, fams: Families) -> list[dict]:
    """The rows of one year that hold a project back: at their limit (or shut, 0 of 0), or
    with less room left than the project takes."""
    parts = []
    for b in yearly:
        if str(b.key).rsplit("__", 1)[-1] != year or not fams.get(b.rule).competes(facts, b.key):
            continue
        if b.binding or b.use == 0 == b.limit:  # at its limit (or shut) that year
            parts.append({"key": fams.get(b.rule).reason_key, "rule": b.rule,
                          "town": row.town_name, "used": _fmt(b.use), "limit": _fmt(b.limit),
                          "money": b.unit == "money", "year": year})
        elif b.unit == "area" and b.limit and b.slack < row.allocated - 1e-6:
            # room left, but less than the project takes (an all-or-nothing project)
            parts.append({"key": "stop_room", "rule": b.rule, "used": _fmt(b.use),
                          "limit": _fmt(b.limit), "money": False, "year": year})
    return parts


def _fmt(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".")
