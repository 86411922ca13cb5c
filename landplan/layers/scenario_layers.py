"""Read every layer a scenario names and report the problems of all of them at once.

`landplan validate` must list everything wrong in one go: a missing file, a towns layer
without one of the scenario's towns, a land-use layer without its class-code field.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import geopandas as gpd

from landplan.errors import LayerError, Note, Problem, Problems
from landplan.layers._text import listing
from landplan.layers.farmland import landuse_checks, normalise_codes
from landplan.layers.read import read_layer
from landplan.layers.source import display_source
from landplan.scenario.schema import Scenario


@dataclass(frozen=True)
class LayerSpec:
    """How a scenario layer is read: its label for messages, id field and whether ids repeat."""

    label: str
    id_field: str | None = None
    unique_ids: bool = True


LAYERS: dict[str, LayerSpec] = {
    "towns": LayerSpec("towns (乡镇)", "code"),
    "urban_development_boundary": LayerSpec("urban development boundary (城镇开发边界)"),
    "permanent_basic_farmland": LayerSpec("permanent basic farmland (永久基本农田)"),
    "ecological_red_line": LayerSpec("ecological red line (生态保护红线)"),
    "industrial_parks": LayerSpec("industrial parks (工业集中区)"),
    "landuse": LayerSpec("land use (三调 地类图斑)"),
    "project_sites": LayerSpec("project sites (项目用地红线)", "id"),
    # a linkage project demolishes many scattered homesteads: several parcels share an id
    "linkage_parcels": LayerSpec("linkage parcels (增减挂钩拆旧地块)", "id", unique_ids=False),
    "reclamation_sites": LayerSpec("reclamation sites (补充耕地项目)", "id", unique_ids=False),
}


def read_scenario_layers(scenario: Scenario) -> tuple[dict[str, gpd.GeoDataFrame], list[Note]]:
    """Every given layer in the scenario CRS; one LayerError listing the problems of all layers."""
    layers: dict[str, gpd.GeoDataFrame] = {}
    notes: list[Note] = []
    problems = Problems()
    for key in LAYERS:
        source = scenario.layer_source(key)
        if source is None:
            continue
        try:
            layers[key], layer_notes = _read(scenario, key, source)
        except LayerError as exc:
            problems.extend(exc.problems)
            continue
        notes += layer_notes
        layer_problems, more_notes = _contents(scenario, key, layers[key], display_source(source))
        problems.extend(layer_problems)
        notes += more_notes
    problems.extend(empty_layer_problems(scenario, layers))
    problems.raise_if_any(LayerError)
    return layers, notes


def empty_layer_problems(scenario: Scenario, layers: dict[str, gpd.GeoDataFrame]) -> list[Problem]:
    """A layer with no features where projects depend on it: farmland computed from an empty
    site or land-use layer would be 0 for all of them, and an empty park or boundary layer
    would rule out every site that must lie inside it. An empty table, a wrong filter or
    `|layername=` is the usual cause."""
    need_farmland = [p.id for p in scenario.projects if p.farmland is None or p.paddy is None]
    depends = {
        "project_sites": (need_farmland, "take their farmland and paddy from it (no `farmland` "
                          "or `paddy` given)", "or give `farmland` and `paddy` for them"),
        "landuse": (need_farmland, "take their farmland and paddy from it (no `farmland` or "
                    "`paddy` given)", "or give `farmland` and `paddy` for them"),
        "urban_development_boundary": (
            [p.id for p in scenario.projects if p.category in scenario.rules.udb_categories],
            "must lie inside it (rules.udb_categories): every one would be ineligible",
            "or change rules.udb_categories"),
        "industrial_parks": (
            [p.id for p in scenario.projects if p.category in scenario.rules.park_categories],
            "must lie inside a park (rules.park_categories): every one would be ineligible",
            "or change rules.park_categories"),
    }
    sites = layers.get("project_sites")
    drawn = sites is not None and not sites.empty
    out = []
    for key, (ids, why, instead) in depends.items():
        gdf = layers.get(key)
        if gdf is None or not gdf.empty or not ids:
            continue
        if key in ("urban_development_boundary", "industrial_parks") and not drawn:
            continue  # no site is measured against it
        out.append(Problem(
            f"the {LAYERS[key].label} layer has no features, yet {len(ids)} project"
            f"{'s' if len(ids) != 1 else ''} ({listing(ids)}) {why}",
            file=display_source(scenario.layer_source(key) or ""), field=f"layers.{key}",
            hint="check the file, its filter or `|layername=` (is it the right table?), "
            + instead))
    return out


def _read(scenario: Scenario, key: str, source: str) -> tuple[gpd.GeoDataFrame, list[Note]]:
    spec = LAYERS[key]
    options: dict = {}
    if key == "landuse":
        code, kcxs = scenario.layers.landuse_code_field, scenario.layers.landuse_deduction_field
        options = {"required": [code], "columns": [code, kcxs, "DLMC"]}
    return read_layer(
        source,
        key=key,
        crs=scenario.crs,
        encoding=scenario.layers.encoding,
        id_field=spec.id_field,
        unique_ids=spec.unique_ids,
        **options,
    )


def _contents(
    scenario: Scenario, key: str, gdf: gpd.GeoDataFrame, source: str
) -> tuple[list[Problem], list[Note]]:
    """Checks that need the scenario: town codes, land-use codes and coefficients."""
    if key == "towns":
        return _town_problems(scenario, gdf, source), []
    if key == "landuse":
        code_field = scenario.layers.landuse_code_field
        gdf[code_field] = normalise_codes(gdf[code_field])
        return landuse_checks(gdf, code_field, scenario.layers.landuse_deduction_field, source)
    return [], []


def _town_problems(scenario: Scenario, towns: gpd.GeoDataFrame, source: str) -> list[Problem]:
    codes = sorted(c for c in towns["code"].dropna().unique())
    out = []
    for town in scenario.towns:
        if town.code in codes:
            continue
        close = difflib.get_close_matches(town.code, codes, n=1, cutoff=0.8)
        hint = f"did you mean `{close[0]}`? " if close else ""
        out.append(
            Problem(
                f"town {town.code} ({town.name}) of the scenario is not in the towns layer",
                file=source,
                field="code",
                hint=hint + f"codes in the layer: {listing(codes) or '(none)'}",
            )
        )
    return out
