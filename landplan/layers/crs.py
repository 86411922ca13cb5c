"""Bring a layer into the scenario's projected CRS, and notice when its coordinates cannot be right.

Areas only mean something in metres, and a layer whose `.prj` does not match its coordinates
(a missing zone prefix, projected numbers labelled as degrees) would silently miss every site.
"""

from __future__ import annotations

import functools
import math

import geopandas as gpd
from pyproj import CRS, Transformer

from landplan.errors import Note, Problem

_MARGIN_DEG = 2.0  # slack around a CRS's area of use: county layers reach a little past zone edges
_ZONE_HINT = (
    "check the layer's projection (.prj): Gauss–Krüger coordinates with the zone number in "
    "front (x ≈ 39,500,000) are e.g. EPSG:4527, without it (x ≈ 500,000) EPSG:4548"
)


def to_scenario_crs(
    gdf: gpd.GeoDataFrame, crs: str, file: str, key: str
) -> tuple[gpd.GeoDataFrame, list[Problem], list[Note]]:
    """The layer in `crs`, with a note when it was reprojected and problems when it cannot be."""
    target = CRS.from_user_input(crs)
    if gdf.crs is None:
        return gdf, [_no_crs(file, key, target)], []
    source = CRS.from_user_input(gdf.crs)
    if same_crs(source, target):
        return gdf.set_crs(target, allow_override=True), _placement(gdf, target, file), []
    if source.is_geographic and _looks_projected(gdf):
        return gdf, [_degrees_mislabelled(file, key, source)], []
    moved = gdf.to_crs(target)
    note = Note(f"reprojected from {crs_label(source)} to {crs_label(target)}", file=file)
    old = old_datum(source)
    if old and old_datum(target) != old:
        note = Note(ballpark_warning(source, target), file=file)
    return moved, _placement(moved, target, file), [note]


OLD_DATUMS = ("Xian 1980", "Beijing 1954")


def old_datum(crs: CRS) -> str | None:
    """`Xian 1980` or `Beijing 1954` when the CRS is on one of the old national datums."""
    name = (crs.geodetic_crs.name if crs.geodetic_crs else crs.name) or ""
    datum = crs.datum.name if crs.datum else ""
    return next((d for d in OLD_DATUMS if d in name or d in datum), None)


def ballpark_warning(source: CRS, target: CRS | None = None) -> str:
    """What reprojecting from an old datum costs: there are no public conversion parameters."""
    to = f" to {crs_label(target)}" if target is not None else ""
    return (
        f"warning: reprojected from {crs_label(source)}{to} with a ballpark transformation "
        f"(no {old_datum(source)} → CGCS2000 parameters are public): positions may be off by "
        "tens of metres; for survey-grade work convert the layer with the province's "
        "conversion parameters (坐标转换参数) and use the converted layer"
    )


def same_crs(a: CRS, b: CRS) -> bool:
    """Equal up to axis order or naming (an ESRI .prj of EPSG:4527 names it differently)."""
    if a.equals(b, ignore_axis_order=True):
        return True
    code_a, code_b = a.to_epsg(min_confidence=90), b.to_epsg(min_confidence=90)
    return code_a is not None and code_a == code_b


def crs_label(crs: CRS) -> str:
    code = crs.to_epsg(min_confidence=90)
    return f"{crs.name} (EPSG:{code})" if code else crs.name


@functools.lru_cache(maxsize=8)
def _to_degrees(wkt: str) -> Transformer:
    """Building a transformer takes ~30 ms; every layer of a scenario needs the same one."""
    return Transformer.from_crs(CRS.from_wkt(wkt), CRS.from_epsg(4326), always_xy=True)


def _no_crs(file: str, key: str, target: CRS) -> Problem:
    return Problem(
        "has no coordinate reference system (CRS), so it cannot be placed on the map",
        file=file,
        field=f"layers.{key}",
        hint="define its projection: put the survey's .prj file next to the .shp, or use "
        f"QGIS 'Assign Projection'; the scenario works in {crs_label(target)}",
    )


def _looks_projected(gdf: gpd.GeoDataFrame) -> bool:
    if gdf.empty:
        return False
    x0, y0, x1, y1 = gdf.total_bounds
    return any(math.isfinite(v) and abs(v) > 360 for v in (x0, y0, x1, y1))


def _degrees_mislabelled(file: str, key: str, source: CRS) -> Problem:
    return Problem(
        f"says its coordinates are degrees ({crs_label(source)}) but they look like metres",
        file=file,
        field=f"layers.{key}",
        hint="GeoJSON without a `crs` member is read as WGS84 degrees; save the layer as a "
        "GeoPackage, or define its projected CRS",
    )


def _placement(gdf: gpd.GeoDataFrame, target: CRS, file: str) -> list[Problem]:
    """Coordinates far outside where the CRS is used mean a wrong .prj or a missing zone prefix."""
    area = target.area_of_use
    if gdf.empty or area is None or not target.is_projected:
        return []
    bounds = gdf.total_bounds
    if all(math.isfinite(v) for v in bounds):
        west, south, east, north = _to_degrees(target.to_wkt()).transform_bounds(*bounds)
        if all(math.isfinite(v) for v in (west, south, east, north)) and (
            east >= area.west - _MARGIN_DEG
            and west <= area.east + _MARGIN_DEG
            and north >= area.south - _MARGIN_DEG
            and south <= area.north + _MARGIN_DEG
        ):
            return []
    return [
        Problem(
            f"lies outside the area where {crs_label(target)} is used ({area.name.rstrip('.')})",
            file=file,
            hint=_ZONE_HINT,
        )
    ]
