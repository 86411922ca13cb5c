"""The model's input tables, prepared once from a scenario and its site checks.

Everything the rules need is here as plain numbers in the scenario's area units, so that each
rule reads one table and the model never reaches back into YAML or GIS objects.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from landplan.errors import Note
from landplan.model.plan import YearPlan, plan_years
from landplan.scenario.policy import policy_notes
from landplan.scenario.schema import Project, Scenario


@dataclass
class ModelData:
    scenario: Scenario
    projects: pd.DataFrame  # index: project id
    towns: pd.DataFrame  # index: town code
    linkage: pd.DataFrame  # index: linkage id
    reclamation: pd.DataFrame  # index: reclamation id
    notes: list[Note] = field(default_factory=list)
    plan: YearPlan | None = None  # a rolling plan's years (`horizon`); None: one year

    @property
    def budget(self) -> float | None:
        return self.scenario.reclamation_budget


def value_per_mu(p: Project, s: Scenario) -> tuple[float, str]:
    """v_p: given, or derived from indicators: (w_inv·investment + w_tax·tax + w_jobs·jobs) / A."""
    if p.value_per_mu is not None:
        return p.value_per_mu, "given"
    w = s.valuation
    total = w.investment * (p.investment or 0) + w.tax * (p.tax or 0) + w.jobs * (p.jobs or 0)
    return total / p.area, "indicators"


def prepare(scenario: Scenario, site_checks: pd.DataFrame | None = None) -> ModelData:
    """Build the input tables; `site_checks` is SiteChecks.projects (or None when not checked)."""
    notes: list[Note] = []
    pilots = scenario.pilot_codes
    rows = []
    for p in scenario.projects:
        chk = site_checks.loc[p.id] if site_checks is not None and p.id in site_checks.index else None
        farmland, f_src = _taken(p.farmland, chk, "farmland", p.area)
        paddy, p_src = _taken(p.paddy, chk, "paddy", p.area)
        if f_src == "none" or p_src == "none":
            notes.append(
                Note(
                    "farmland/paddy taken not given and not computable (no site in the "
                    "project_sites layer): counted as 0",
                    record=f"projects {p.id}",
                )
            )
        paddy = min(paddy, farmland)
        v, v_src = value_per_mu(p, scenario)
        eligible = True if chk is None else bool(chk["eligible"])
        rows.append(
            {
                "id": p.id,
                "name": p.name,
                "town": p.town,
                "category": p.category,
                "pilot": p.town in pilots,
                "area": p.area,
                "farmland": farmland,
                "paddy": paddy,
                "farmland_source": f_src,
                "value": v,
                "value_source": v_src,
                "min_share": 1.0 if p.priority else p.min_share,
                "priority": p.priority,
                "eligible": eligible,
                "reasons": tuple(chk["reasons"]) if chk is not None else (),
                "tags": tuple(p.tags),
                "attributes": dict(p.attributes),
                "cost": p.cost,
                "min_area": float(p.min_area or 0.0),
                "requires": tuple(p.requires),
                "excludes": tuple(p.excludes),
            }
        )
    projects = pd.DataFrame(rows, columns=_PROJECT_COLUMNS).set_index("id", drop=False)
    plan = plan_years(scenario)
    if plan is not None:  # the years each may get land in, for why-not
        projects["years"] = [plan.project_years[i] for i in projects.index]
    towns = pd.DataFrame(
        [
            {
                "code": t.code,
                "name": t.name,
                "pilot": t.pilot,
                "min": t.min,
                "max": t.max,
                "credits_quantity": t.farmland_credits.quantity,
                "credits_paddy": t.farmland_credits.paddy,
            }
            for t in scenario.towns
        ],
        columns=["code", "name", "pilot", "min", "max", "credits_quantity", "credits_paddy"],
    ).set_index("code", drop=False)
    linkage = pd.DataFrame(
        [k.model_dump() for k in scenario.linkage],
        columns=["id", "town", "reclaim", "farmland_gain", "paddy_gain", "cost", "divisible", "name"],
    ).set_index("id", drop=False)
    reclamation = pd.DataFrame(
        [r.model_dump() for r in scenario.reclamation],
        columns=["id", "town", "quantity", "paddy", "cost", "divisible", "name"],
    ).set_index("id", drop=False)
    notes += policy_notes(scenario)
    return ModelData(scenario, projects, towns, linkage, reclamation, notes, plan)


_PROJECT_COLUMNS = [
    "id", "name", "town", "category", "pilot", "area", "farmland", "paddy", "farmland_source",
    "value", "value_source", "min_share", "priority", "eligible", "reasons", "tags", "attributes",
    "cost", "min_area", "requires", "excludes",
]

FACTS = ["town", "category", "pilot", "farmland", "paddy", "reasons", "tags", "attributes", "cost",
         "min_area", "years"]


def project_facts(p: pd.DataFrame) -> dict[str, dict]:
    """Per project, what a rule's `competes` may ask of it: id, town, category, pilot,
    farmland, paddy, tags, attributes, cost (plain dicts: a frame lookup costs ~20 µs)."""
    facts = p[[c for c in FACTS if c in p.columns]].to_dict("index")
    for pid, f in facts.items():
        f["id"] = pid
    return facts


LANDUSE_DP = 9


def _taken(given: float | None, chk: pd.Series | None, col: str, area: float) -> tuple[float, str]:
    """Farmland (or paddy) taken if fully built: as given, else from the land-use layer."""
    if given is not None:
        return float(given), "given"
    if chk is not None and col in chk and not _isnan(chk[col]):
        # to 1e-9 of the unit: the same survey read from a File Geodatabase, a shapefile or a
        # GeoPackage gives areas that differ in the 14th digit, and a model that differs
        # there can end on another of several equally good allocations
        return min(round(float(chk[col]), LANDUSE_DP), area), "landuse"
    return 0.0, "none"


def _isnan(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))
