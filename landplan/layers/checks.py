"""Check each project site against its town and the planning layers (三区三线).

A site is ineligible when it leaves its town, takes permanent basic farmland or red-line
land, or (for the listed categories) leaves the urban development boundary or the
industrial parks. Overlaps up to `rules.area_tolerance_m2` are digitising slivers and do not
count; every overlap is still reported in m² so the planner sees how close a site came.
Cultivated land (耕地) and paddy under a site up to that area are slivers too and count as 0:
besides meaning nothing, 0.002 m² of farmland on a 100-mu project is a model coefficient of
1e-8 beside coefficients of 1,000, on which HiGHS and CBC both returned wrong optima.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from landplan.errors import Note
from landplan.layers._text import area_text, listing
from landplan.layers.farmland import farmland_taken
from landplan.layers.overlay import covered_m2, outside_m2, outside_own_m2
from landplan.layers.records import geometries_by_id, parcel_checks, town_geometries
from landplan.layers.scenario_layers import LAYERS, read_scenario_layers
from landplan.layers.source import display_source
from landplan.scenario.schema import Project, Rules, Scenario

_AREA_MISMATCH = 0.10  # a drawn site this far from the requested area is worth a note
COLUMNS = (
    "has_site",
    "site_area",
    "outside_town_m2",
    "pbf_m2",
    "erl_m2",
    "outside_udb_m2",
    "outside_park_m2",
    "farmland",
    "paddy",
    "eligible",
    "reasons",
)


@dataclass(frozen=True)
class Reason:
    """Why a site is ineligible: a rule code, the offending area and a sentence for the planner."""

    code: str
    area_m2: float | None = None
    detail: str | None = None

    def __str__(self) -> str:
        return self.detail or self.code


@dataclass
class SiteChecks:
    """Per-project results, what could not be checked, notes, and the layers as read."""

    projects: pd.DataFrame
    unchecked: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    layers: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)


def check_sites(scenario: Scenario) -> SiteChecks:
    """Read the scenario's layers (one LayerError for all their problems) and check every site."""
    layers, notes = read_scenario_layers(scenario)
    ids = [p.id for p in scenario.projects]
    sites_file = display_source(scenario.layer_source("project_sites"))
    sites, site_notes = geometries_by_id(
        layers.get("project_sites"), ids, "project sites", sites_file
    )
    table = measure(scenario, layers, sites)
    reasons = [
        site_reasons(scenario, p, measured)
        for p, measured in zip(scenario.projects, table.to_dict("records"), strict=True)
    ]
    table["reasons"] = pd.Series(reasons, index=table.index, dtype=object)
    table["eligible"] = table["reasons"].map(len).eq(0).astype(bool)
    parcel_unchecked, parcel_notes = parcel_checks(scenario, layers)
    notes += site_notes + _area_notes(scenario, table, sites_file) + parcel_notes
    unchecked = _unchecked(scenario, layers, table) + parcel_unchecked
    return SiteChecks(table[list(COLUMNS)], unchecked, notes, layers)


def measure(
    scenario: Scenario, layers: dict[str, gpd.GeoDataFrame], sites: pd.Series
) -> pd.DataFrame:
    """Areas of every site: its own, outside its town, on each planning layer, farmland taken."""
    has = sites.notna().to_numpy()
    geoms = sites.to_numpy(dtype=object)[has]
    drawn = [p for p, h in zip(scenario.projects, has, strict=True) if h]
    zones = {key: gdf.geometry.to_numpy() for key, gdf in layers.items()}
    m2_per_unit = scenario.m2_per_unit

    def outside(key: str, categories: list[str]) -> np.ndarray:
        among = np.array([p.category in categories for p in drawn], dtype=bool)
        if key not in zones or not among.any():
            return _spread(has)
        return _spread(has, outside_m2(geoms[among], zones[key]), among)

    table = pd.DataFrame(index=sites.index)
    table["has_site"] = has
    table["site_area"] = _spread(has, shapely.area(geoms) / m2_per_unit)
    towns = layers.get("towns")
    table["outside_town_m2"] = _spread(
        has,
        None
        if towns is None
        else outside_own_m2(geoms, town_geometries(towns, [p.town for p in drawn])),
    )
    for key, name in (("permanent_basic_farmland", "pbf_m2"), ("ecological_red_line", "erl_m2")):
        table[name] = _spread(has, covered_m2(geoms, zones[key]) if key in zones else None)
    table["outside_udb_m2"] = outside("urban_development_boundary", scenario.rules.udb_categories)
    table["outside_park_m2"] = outside("industrial_parks", scenario.rules.park_categories)
    farmland = paddy = None
    if "landuse" in layers:
        farmland, paddy = farmland_taken(
            geoms,
            layers["landuse"],
            scenario.layers.landuse_code_field,
            scenario.layers.landuse_deduction_field,
        )
    sliver = scenario.rules.area_tolerance_m2
    table["farmland"] = _spread(has, _beyond(farmland, sliver, m2_per_unit))
    table["paddy"] = _spread(has, _beyond(paddy, sliver, m2_per_unit))
    return table


def _beyond(m2: np.ndarray | None, sliver: float, m2_per_unit: float) -> np.ndarray | None:
    """Areas in m² as the scenario's unit, those up to `sliver` m² counted as 0."""
    if m2 is None:
        return None
    m2 = np.asarray(m2, dtype=float)
    return np.where(m2 > sliver, m2, 0.0) / m2_per_unit


def _spread(
    has: np.ndarray, values: np.ndarray | None = None, among: np.ndarray | None = None
) -> np.ndarray:
    """Values measured on the drawn sites (or a subset `among` of them) laid out over all
    projects, NaN where nothing was measured."""
    out = np.full(len(has), np.nan)
    if values is not None:
        slots = np.flatnonzero(has)
        out[slots if among is None else slots[among]] = values
    return out


@dataclass(frozen=True)
class _Rule:
    """One eligibility rule: the measured column it reads and the sentence it writes."""

    code: str
    column: str
    switched_on: Callable[[Rules], bool]
    template: str


_RULES = (
    _Rule(
        "outside_town",
        "outside_town_m2",
        lambda r: r.inside_town,
        "{area} of the site lies outside its town {town}",
    ),
    _Rule(
        "permanent_basic_farmland",
        "pbf_m2",
        lambda r: r.exclude_permanent_basic_farmland,
        "the site overlaps permanent basic farmland (永久基本农田) by {area}",
    ),
    _Rule(
        "ecological_red_line",
        "erl_m2",
        lambda r: r.exclude_ecological_red_line,
        "the site overlaps the ecological red line (生态保护红线) by {area}",
    ),
    # measured only for rules.udb_categories / rules.park_categories, NaN for the others
    _Rule(
        "outside_udb",
        "outside_udb_m2",
        lambda r: True,
        "{area} of this {category} site lies outside the urban development boundary (城镇开发边界)",
    ),
    _Rule(
        "outside_park",
        "outside_park_m2",
        lambda r: True,
        "{area} of this {category} site lies outside every industrial park (工业集中区)",
    ),
)


def site_reasons(
    scenario: Scenario, project: Project, measured: Mapping[str, float]
) -> tuple[Reason, ...]:
    """The rules a site breaks, each only when switched on and beyond the sliver tolerance."""
    town = scenario.town(project.town)
    words = {"town": f"{town.code} ({town.name})", "category": project.category}
    out = []
    for rule in _RULES:
        m2 = float(measured[rule.column])
        if rule.switched_on(scenario.rules) and m2 > scenario.rules.area_tolerance_m2:
            area = area_text(m2, scenario.m2_per_unit, scenario.units)
            out.append(Reason(rule.code, m2, rule.template.format(area=area, **words)))
    return tuple(out)


def _area_notes(scenario: Scenario, table: pd.DataFrame, file: str | None) -> list[Note]:
    """Drawn area far from requested area, and land-use farmland far from the stated figure."""
    notes = []
    units = scenario.units
    for p, (site_area, farmland) in zip(
        scenario.projects, table[["site_area", "farmland"]].itertuples(index=False), strict=True
    ):
        if not math.isnan(site_area) and abs(site_area - p.area) > _AREA_MISMATCH * p.area:
            notes.append(
                Note(
                    f"the site measures {site_area:,.2f} {units} but the project requests "
                    f"{p.area:g} {units} ({site_area / p.area - 1:+.0%})",
                    file=file,
                    record=f"projects {p.id}",
                )
            )
        if (
            p.farmland is not None
            and not math.isnan(farmland)
            and _differ(farmland, p.farmland, scenario)
        ):
            notes.append(
                Note(
                    f"the land-use layer finds {farmland:,.2f} {units} of cultivated land (耕地) under "
                    f"the site; the scenario gives `farmland` {p.farmland:g} {units}",
                    file=display_source(scenario.layer_source("landuse")),
                    record=f"projects {p.id}",
                )
            )
    return notes


def _differ(measured: float, stated: float, scenario: Scenario) -> bool:
    gap = abs(measured - stated)
    return gap > _AREA_MISMATCH * max(measured, stated) and (
        gap * scenario.m2_per_unit > scenario.rules.area_tolerance_m2
    )


def _unchecked(
    scenario: Scenario, layers: dict[str, gpd.GeoDataFrame], table: pd.DataFrame
) -> list[str]:
    """Checks that could not be made because a layer or a site is missing."""
    if not scenario.projects:
        return []
    sites_label = LAYERS["project_sites"].label
    if "project_sites" not in layers:
        return [
            f"{sites_label}: layer not given — no project site was checked (projects counted eligible)"
        ]
    out = []
    missing = list(table.index[~table["has_site"]])
    if missing:
        out.append(
            f"projects without a site in the {sites_label} layer "
            f"(counted eligible, not checked): {listing(missing)}"
        )
    drawn = {p.category for p, h in zip(scenario.projects, table["has_site"], strict=True) if h}
    for key, what in _needed_layers(scenario.rules, drawn).items():
        if key not in layers:
            out.append(f"{LAYERS[key].label}: layer not given — {what}")
    return out


def _needed_layers(rules: Rules, drawn: set[str]) -> dict[str, str]:
    """Layers the switched-on rules need for the drawn sites, with what goes unchecked without them."""
    if not drawn:
        return {}
    needed = {}
    if rules.inside_town:
        needed["towns"] = "sites not checked against their town's boundary"
    if rules.exclude_permanent_basic_farmland:
        needed["permanent_basic_farmland"] = "sites not checked for permanent basic farmland"
    if rules.exclude_ecological_red_line:
        needed["ecological_red_line"] = "sites not checked against the ecological red line"
    for key, categories in (
        ("urban_development_boundary", rules.udb_categories),
        ("industrial_parks", rules.park_categories),
    ):
        concerned = [c for c in categories if c in drawn]
        if concerned:
            needed[key] = "/".join(concerned) + " sites not checked"
    return needed
