"""allocation.gpkg: the run's records with their drawings, for QGIS and ArcGIS.

Four layers in the scenario's CRS, one feature per record of the run's tables:

- `towns`: towns.csv and the town polygon;
- `project_sites`: allocation.csv and the project's site (red line);
- `linkage_parcels`: linkage.csv and the project's demolition parcels, dissolved;
- `reclamation_sites`: reclamation.csv and the project's sites, dissolved.

A record without a drawing keeps its row with an empty geometry, and a project's parcels are
one multi-part feature, so the attribute table holds every record exactly once and its column
sums reconcile with the tables. Field names are the tables' ASCII column names (safe in every
GIS); the Chinese headings are field aliases in `gpkg_data_columns` (the GeoPackage schema
extension, shown by QGIS, ArcGIS Pro and GDAL ≥ 3.7), with the English headings as each
column's description. The file is GeoPackage 1.2, which older GDAL and ArcGIS read without a
warning.

Four more layers hold the planning layers as the map and the figures draw them (planning.py:
cut by town, dissolved, simplified at 2 m): `urban_development_boundary`,
`permanent_basic_farmland`, `ecological_red_line` and `industrial_parks`, one feature per town
with its area. `landplan map` and `landplan figures` redraw from this file (`read_stored`), so
a run folder is self-contained. A last layer, `landuse_classes`, holds the land use the town
figures draw: per pilot town's sheet, dissolved by class group (planning.landuse_classes).

`allocation_layers` is also what the map and the figures draw, so all three agree.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import shapely

from landplan import i18n
from landplan.outputs import headings as H
from landplan.outputs.planning import LANDUSE_LAYER, PLANNING_KEYS, joined

if TYPE_CHECKING:  # gpkg is read by the view; it takes one, never builds one
    from landplan.outputs.view import RunView

LAYERS = ("towns", "project_sites", "linkage_parcels", "reclamation_sites")
PLANNING_LAYERS = PLANNING_KEYS  # the planning layers as drawn, after the record layers
LANDUSE_LAYERS = (LANDUSE_LAYER,)  # land use as the town figures draw it, last
_KEY = {"towns": ("code", "code"), "project_sites": ("project_id", "id"),
        "linkage_parcels": ("id", "id"), "reclamation_sites": ("id", "id")}  # fmt: skip

# Columns in the scenario's area unit: their alias says so, e.g. 安排面积（亩）.
AREA_COLUMNS = frozenset({
    "requested", "allocated", "from_quota", "from_linkage", "farmland_taken", "paddy_taken",
    "min", "max", "linkage_earned", "farmland_taken_quota", "compensated_own",
    "compensated_county", "credits_held", "reclamation_earned", "reclaim", "quantity",
    "credits_earned", "credits_used", "farmland_gained", "paddy_gained", "area",
})  # fmt: skip

_HEADINGS = {
    "towns": H.TOWNS,
    "project_sites": H.ALLOCATION,
    "linkage_parcels": H.LINKAGE,
    "reclamation_sites": H.LINKAGE,
} | {key: {} for key in PLANNING_KEYS + LANDUSE_LAYERS}


def allocation_layers(view: RunView, lang: str = "zh") -> dict[str, gpd.GeoDataFrame]:
    """Each table of the run joined to its drawing: {layer name: GeoDataFrame} in the
    scenario's CRS, one row per record, geometry None where the record is not drawn."""
    crs = view.scenario.crs
    town_names = dict(zip(view.towns["code"], view.towns["name"], strict=True))

    towns = view.towns.copy()
    towns["pilot"] = towns["pilot"].astype(bool)

    projects = view.allocation.copy()
    projects["reason"] = view.reasons(lang)  # in the map's language
    projects["priority"] = projects["priority"].astype(bool)
    projects["status_label"] = [i18n.word(i18n.STATUS, s, lang) for s in projects["status"]]
    projects["category_label"] = [i18n.word(i18n.CATEGORY, c, lang) for c in projects["category"]]

    out = {
        "towns": joined(towns, "code", view.layers.get("towns"), "code", crs),
        "project_sites": joined(
            projects, "project_id", view.layers.get("project_sites"), "id", crs
        ),
    }
    for name, table in (("linkage_parcels", view.linkage), ("reclamation_sites", view.reclamation)):
        records = table.copy()
        records["name"] = records["name"].fillna("").astype(str)
        records.insert(3, "town_name", [town_names.get(t, "") for t in records["town"]])
        records["activation"] = [_activation(a, lang) for a in records["activated"]]
        out[name] = joined(records, "id", view.layers.get(name), "id", crs)
    return out


def _activation(share: float, lang: str) -> str:
    key = "activated" if share >= 1 - 1e-6 else "partly" if share > 1e-6 else "not_activated"
    return i18n.map_text(key, lang)


def write_gpkg(view: RunView, path: Path, *, lang: str = "zh") -> Path:
    """Write allocation.gpkg (written beside and renamed into place: whole or not at all)."""
    path = Path(path)
    tmp = path.with_name(f".{path.stem}.partial{path.suffix}")
    tmp.unlink(missing_ok=True)
    units = i18n.unit(view.scenario.units, "zh")
    units_en = i18n.unit(view.scenario.units, "en")
    aliases: dict[str, dict[str, tuple[str, str]]] = {}
    try:
        frames = allocation_layers(view, lang) | view.planning()
        landuse = view.landuse()
        if landuse is not None and len(landuse):
            frames[LANDUSE_LAYER] = landuse
        for name, gdf in frames.items():
            gdf = gdf.set_geometry(_multi(gdf.geometry.to_numpy()), crs=gdf.crs)
            gdf.to_file(
                tmp,
                layer=name,
                driver="GPKG",
                engine="pyogrio",
                geometry_type="MultiPolygon",
                VERSION="1.2",
                IDENTIFIER=f"{i18n.word(i18n.GPKG_LAYERS, name, 'zh')} {name}",
                DESCRIPTION=i18n.word(i18n.GPKG_LAYERS, name, "en"),
            )
            aliases[name] = _aliases(
                name, [c for c in gdf.columns if c != "geometry"], units, units_en
            )
        _write_aliases(tmp, aliases)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def read_stored(path: Path, planning: list[str]) -> tuple[dict, dict]:
    """The drawings a run kept in allocation.gpkg: ({layer key: id and geometry} as the
    scenario's layers would give them, and `landuse_classes` when kept; {planning key: layer
    as drawn})."""
    import pyogrio

    have = {name for name, _ in pyogrio.list_layers(path)}
    layers = {}
    for name in LAYERS:
        if name not in have:
            continue
        column, key = _KEY[name]
        gdf = gpd.read_file(path, layer=name, columns=[column], engine="pyogrio")
        gdf[column] = gdf[column].astype(str)
        layers[name] = gdf.rename(columns={column: key})[[key, "geometry"]]
    if LANDUSE_LAYER in have:
        gdf = gpd.read_file(path, layer=LANDUSE_LAYER, engine="pyogrio")
        gdf["town"] = gdf["town"].fillna("").astype(str)
        layers[LANDUSE_LAYER] = gdf
    drawn = {}
    for name in planning:
        if name in have:
            gdf = gpd.read_file(path, layer=name, engine="pyogrio")
            gdf["town"] = gdf["town"].fillna("").astype(str)
            gdf["town_name"] = gdf["town_name"].fillna("").astype(str)
            drawn[name] = gdf
    return layers, drawn


def _multi(geoms: np.ndarray) -> np.ndarray:
    """Every drawing as a MultiPolygon, so each layer has one geometry type."""
    out = geoms.copy()
    single = np.flatnonzero([g is not None and g.geom_type == "Polygon" for g in geoms])
    if single.size:
        out[single] = shapely.multipolygons(geoms[single], indices=np.arange(single.size))
    return out


def _aliases(
    layer: str, columns: list[str], units: str, units_en: str
) -> dict[str, tuple[str, str]]:
    """{column: (Chinese alias, English description)}; aliases unique within the layer."""
    out: dict[str, tuple[str, str]] = {}
    seen: set[str] = set()
    table = _HEADINGS[layer]
    for col in columns:
        zh = H.heading(table, col, "zh") if col in table else i18n.word(i18n.FIELDS, col, "zh")
        en = H.heading(table, col, "en") if col in table else i18n.word(i18n.FIELDS, col, "en")
        if col in AREA_COLUMNS:
            zh, en = f"{zh}（{units}）", f"{en} ({units_en})"
        if zh in seen:
            zh = f"{zh}（{col}）"
        seen.add(zh)
        out[col] = (zh, en)
    return out


_DATA_COLUMNS = """CREATE TABLE IF NOT EXISTS gpkg_data_columns (
    table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT, title TEXT,
    description TEXT, mime_type TEXT, constraint_name TEXT,
    CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name),
    CONSTRAINT gdc_tn UNIQUE (table_name, name))"""
_EXTENSION = (
    "gpkg_data_columns", None, "gpkg_schema",
    "http://www.geopackage.org/spec121/#extension_schema", "read-write",
)  # fmt: skip


def _write_aliases(path: Path, aliases: dict[str, dict[str, tuple[str, str]]]) -> None:
    """Field aliases into gpkg_data_columns and the schema extension into gpkg_extensions."""
    con = sqlite3.connect(path)
    try:
        with con:
            con.execute(_DATA_COLUMNS)
            have = con.execute(
                "SELECT 1 FROM gpkg_extensions WHERE table_name = 'gpkg_data_columns'"
            ).fetchone()
            if not have:
                con.execute("INSERT INTO gpkg_extensions VALUES (?, ?, ?, ?, ?)", _EXTENSION)
            con.executemany(
                "INSERT OR REPLACE INTO gpkg_data_columns "
                "(table_name, column_name, name, title, description) VALUES (?, ?, ?, ?, ?)",
                [
                    (layer, col, zh, zh, en)
                    for layer, cols in aliases.items()
                    for col, (zh, en) in cols.items()
                ],
            )
    finally:
        con.close()
