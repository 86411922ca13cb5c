"""The 三区三线 planning layers as the map and the figures draw them: dissolved and simplified.

A bureau's 永久基本农田 layer is at parcel level, tens of thousands of polygons per county.
Drawn as they come they would make map.html megabytes heavy and the figures slow, and the
parcel edges mean nothing at county or town scale. So each planning layer is cut by the town
boundaries (when the run has towns), dissolved to one (multi)polygon per town, and simplified
at 2 m in the scenario's projected CRS: as one coverage (`shapely.coverage_simplify`), so the
pieces of two towns keep a common edge, or each piece alone (`preserve_topology`) when the
pieces do not form a clean coverage. A layer drawn outside every town keeps that part as one
more feature with an empty town.

These drawn layers are written into allocation.gpkg (`urban_development_boundary`,
`permanent_basic_farmland`, `ecological_red_line`, `industrial_parks`), so `landplan map` and
`landplan figures` redraw from the run folder alone.

The land use (三调) the town figures draw under the sites is kept the same way, lighter still:
`landuse_classes` holds, for each pilot town's sheet, the parcels inside the sheet's frame
(`sheet_box`) dissolved by the class group the figure colours (`LANDUSE_CLASSES`), one feature
per sheet and group. A 200,000-parcel land-use layer becomes a few dozen features, and the town
figures keep their background after the land-use file has gone.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

PLANNING_KEYS = (
    "urban_development_boundary",
    "permanent_basic_farmland",
    "ecological_red_line",
    "industrial_parks",
)
TOLERANCE_M = 2.0
COLUMNS = ["layer", "town", "town_name", "area", "parts"]
LANDUSE_LAYER = "landuse_classes"
LANDUSE_COLUMNS = ["town", "town_name", "group", "area", "parts"]
LANDUSE_CLASSES = {  # group the town figures colour: 三调 class-code prefixes (GB/T 21010)
    "cultivated": ("01",),
    "forest": ("02", "03", "04"),
    "built": ("05", "06", "07", "08", "09", "10", "20"),
    "water": ("11",),
    "other_land": ("12",),
}


def planning_layers(
    layers: dict, towns: gpd.GeoDataFrame | None, scenario
) -> dict[str, gpd.GeoDataFrame]:
    """{layer key: one row per town (and one outside every town), dissolved and simplified}
    for each planning layer present in `layers` (raw, in the scenario CRS). `towns` has `code`
    and `name` (and geometry, None where a town is not drawn)."""
    drawn_towns = None
    if towns is not None and len(towns):
        ok = towns.geometry.notna() & ~towns.geometry.is_empty
        if ok.any():
            drawn_towns = towns[ok]
    out = {}
    for key in PLANNING_KEYS:
        layer = layers.get(key)
        if layer is None or not len(layer):
            continue
        out[key] = dissolved(
            layer.geometry.to_numpy(), drawn_towns, key, scenario.crs, scenario.m2_per_unit
        )
    return out


def dissolved(
    geoms: np.ndarray, towns: gpd.GeoDataFrame | None, key: str, crs: str, m2_per_unit: float
) -> gpd.GeoDataFrame:
    """The polygons `geoms` cut by town, dissolved per town and simplified."""
    keep = np.array([g is not None and not g.is_empty for g in geoms], dtype=bool)
    geoms = shapely.make_valid(geoms[keep]) if keep.any() else geoms[keep]
    groups: list[tuple[str, str, list]] = []
    if towns is None:
        groups.append(("", "", list(geoms)))
    else:
        codes = towns["code"].astype(str).to_numpy()
        names = towns["name"].astype(str).to_numpy()
        town_geoms = towns.geometry.to_numpy()
        tree = shapely.STRtree(geoms)
        within = np.zeros(len(geoms), dtype=bool)
        for code, name, town in zip(codes, names, town_geoms, strict=True):
            hit = tree.query(town, predicate="intersects")
            if not hit.size:
                continue
            inside = shapely.contains_properly(town, geoms[hit])
            within[hit[inside]] = True
            parts = list(geoms[hit[inside]])
            cut = shapely.intersection(geoms[hit[~inside]], town)
            parts += [g for g in cut if not g.is_empty]
            groups.append((code, name, parts))
        rest = geoms[~within]
        if rest.size:
            county = shapely.union_all(town_geoms)
            left = [g for g in shapely.difference(rest, county) if not g.is_empty]
            if left:
                groups.append(("", "", left))
    rows, shapes = [], []
    for code, name, parts in groups:
        shape = _polygonal(shapely.union_all(parts)) if parts else None
        if shape is None or shape.is_empty:
            continue
        rows.append([key, code, name, 0.0, len(parts)])
        shapes.append(shape)
    shapes = _simplified(np.array(shapes, dtype=object))
    gdf = gpd.GeoDataFrame(
        dict(zip(COLUMNS, zip(*rows, strict=True), strict=True)) if rows else {c: [] for c in COLUMNS},
        geometry=list(shapes),
        crs=crs,
    )
    if rows:
        gdf["area"] = np.round(shapely.area(shapes) / m2_per_unit, 4)
        gdf["parts"] = gdf["parts"].astype(int)
    return gdf


def _polygonal(g: shapely.Geometry) -> shapely.Geometry | None:
    """Only the polygons of a geometry (cutting by a town can leave lines and points)."""
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    polys = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
    if not polys:
        return None
    flat = [q for p in polys for q in shapely.get_parts(p)]
    return flat[0] if len(flat) == 1 else shapely.MultiPolygon(flat)


def _simplified(shapes: np.ndarray) -> np.ndarray:
    """As one coverage when the pieces form one, else each alone keeping its topology."""
    if not shapes.size:
        return shapes
    try:
        if shapely.coverage_is_valid(shapes):
            out = shapely.coverage_simplify(shapes, TOLERANCE_M)
            if shapely.is_valid(out).all() and not shapely.is_empty(out).any():
                return out
    except Exception:  # a GEOS without coverage functions, or pieces that overlap
        pass
    return shapely.simplify(shapes, TOLERANCE_M, preserve_topology=True)


def view_planning(view) -> dict[str, gpd.GeoDataFrame]:
    """The planning layers of a RunView whose `layers` are the scenario's, as drawn."""

    towns = None
    if view.layers.get("towns") is not None:
        towns = joined(
            view.towns[["code", "name"]], "code", view.layers["towns"], "code", view.scenario.crs
        )
    return planning_layers(view.layers, towns, view.scenario)


def sheet_box(geom: shapely.Geometry) -> tuple[float, float, float, float]:
    """The frame of a town's figure sheet: the town's bounds with 6 % of its size around."""
    x0, y0, x1, y1 = geom.bounds
    pad = 0.06 * max(x1 - x0, y1 - y0)
    return (x0 - pad, y0 - pad, x1 + pad, y1 + pad)


def landuse_group(codes) -> np.ndarray:
    """The figure's class group of each 三调 class code (`other_land` when none matches)."""
    prefix = np.array([str(c)[:2] for c in codes], dtype=object)
    out = np.full(len(prefix), "other_land", dtype=object)
    for group, prefixes in LANDUSE_CLASSES.items():
        out[np.isin(prefix, prefixes)] = group
    return out


def landuse_classes(
    landuse: gpd.GeoDataFrame | None, towns: gpd.GeoDataFrame | None, code_field: str,
    crs: str, m2_per_unit: float,
) -> gpd.GeoDataFrame | None:
    """Land use in the frame of each pilot town's sheet, dissolved by class group and
    simplified: one row per (pilot town, group). `towns` has `code`, `name`, `pilot` and
    geometry; None when there is no land use (or no class field) to draw."""
    if landuse is None or code_field not in landuse or towns is None:
        return None
    rows, shapes = [], []
    pilots = towns[towns["pilot"].astype(bool) & towns.geometry.notna()]
    for code, name, town in zip(pilots["code"].astype(str), pilots["name"].astype(str),
                                pilots.geometry, strict=True):
        box = shapely.box(*sheet_box(town))
        idx = landuse.sindex.query(box, predicate="intersects")
        if not idx.size:
            continue
        geoms = landuse.geometry.to_numpy()[idx].copy()
        bad = ~shapely.is_valid(geoms)
        geoms[bad] = shapely.make_valid(geoms[bad])
        groups = landuse_group(landuse[code_field].to_numpy()[idx])
        for group in LANDUSE_CLASSES:
            # whole parcels are united (a clean coverage) and the union cut to the frame once
            parts = geoms[(groups == group) & ~shapely.is_empty(geoms)]
            shape = (_polygonal(shapely.intersection(_union_parcels(parts), box))
                     if parts.size else None)
            if shape is None or shape.is_empty:
                continue
            rows.append([code, name, group, 0.0, int(parts.size)])
            shapes.append(shape)
    shapes = shapely.simplify(np.array(shapes, dtype=object), TOLERANCE_M, preserve_topology=True)
    gdf = gpd.GeoDataFrame(
        dict(zip(LANDUSE_COLUMNS, zip(*rows, strict=True), strict=True)) if rows
        else {c: [] for c in LANDUSE_COLUMNS},
        geometry=list(shapes), crs=crs,
    )
    if rows:
        gdf["area"] = np.round(shapely.area(shapes) / m2_per_unit, 4)
        gdf["parts"] = gdf["parts"].astype(int)
    return gdf


def _union_parcels(parts: np.ndarray) -> shapely.Geometry:
    """Parcels of a land-use layer tile the county without overlapping: the coverage union
    (some 7× faster than a general union on the demo) is exact for them; where a layer's
    parcels overlap or their edges do not meet exactly, the general union is used instead."""
    try:
        shape = shapely.coverage_union_all(parts)
    except shapely.errors.GEOSException:  # edges that do not meet exactly
        return shapely.union_all(parts)
    return shape if shape.is_valid else shapely.union_all(parts)


def view_landuse(view) -> gpd.GeoDataFrame | None:
    """The land-use classes of a RunView whose `layers` hold the scenario's land-use layer."""
    return _pilot_landuse(view.towns[["code", "name", "pilot"]], view.layers, view.scenario)


def scenario_landuse(scenario, layers: dict) -> gpd.GeoDataFrame | None:
    """The same from a checked scenario's layers, before solving: the pilot towns are the
    scenario's, so a run can dissolve land use while it solves."""
    table = pd.DataFrame({"code": [t.code for t in scenario.towns],
                          "name": [t.name for t in scenario.towns],
                          "pilot": [bool(t.pilot) for t in scenario.towns]})
    return _pilot_landuse(table, layers, scenario)


def _pilot_landuse(towns: pd.DataFrame, layers: dict, scenario) -> gpd.GeoDataFrame | None:

    if layers.get("towns") is None or layers.get("landuse") is None:
        return None
    framed = joined(towns, "code", layers["towns"], "code", scenario.crs)
    return landuse_classes(layers["landuse"], framed, scenario.layers.landuse_code_field,
                           scenario.crs, scenario.m2_per_unit)


def joined(
    table: pd.DataFrame, key: str, layer: gpd.GeoDataFrame | None, layer_key: str, crs: str
) -> gpd.GeoDataFrame:
    """The table with one (multi)polygon per record: the layer's parts for its id, dissolved."""
    geoms = np.full(len(table), None, dtype=object)
    if layer is not None and len(layer) and layer_key in layer:
        ids = layer[layer_key].astype(str).to_numpy()
        parts = layer.geometry.to_numpy()
        by_id: dict[str, list] = {}
        for i, g in zip(ids, parts, strict=True):
            if g is not None and not g.is_empty:
                by_id.setdefault(i, []).append(g)
        for n, record in enumerate(table[key].astype(str)):
            found = by_id.get(record)
            if found:
                geoms[n] = found[0] if len(found) == 1 else shapely.union_all(found)
    return gpd.GeoDataFrame(table.reset_index(drop=True), geometry=geoms, crs=crs)
