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
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

PLANNING_KEYS = (
    "urban_development_boundary",
    "permanent_basic_farmland",
    "ecological_red_line",
    "industrial_parks",
)
TOLERANCE_M = 2.0
COLUMNS = ["layer", "town", "town_name", "area", "parts"]


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
    from landplan.outputs.gpkg import _joined

    towns = None
    if view.layers.get("towns") is not None:
        towns = _joined(
            view.towns[["code", "name"]], "code", view.layers["towns"], "code", view.scenario.crs
        )
    return planning_layers(view.layers, towns, view.scenario)
