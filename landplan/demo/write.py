"""Write the demo county: GeoPackage layers and a scenario YAML a planner can read."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import yaml

from landplan.demo.planning import Landscape
from landplan.demo.shapes import polygonal, round_coords

CRS = "EPSG:4527"
LAYER_FILES = {
    "towns": "towns.gpkg",
    "urban_development_boundary": "urban_development_boundary.gpkg",
    "permanent_basic_farmland": "permanent_basic_farmland.gpkg",
    "ecological_red_line": "ecological_red_line.gpkg",
    "industrial_parks": "industrial_parks.gpkg",
    "landuse": "landuse.gpkg",
    "project_sites": "project_sites.gpkg",
    "linkage_parcels": "linkage_parcels.gpkg",
    "reclamation_sites": "reclamation_sites.gpkg",
}


def frame(columns: dict[str, Any], geoms: np.ndarray | list) -> gpd.GeoDataFrame:
    """A layer with coordinates rounded to 0.01 m and only polygonal geometry."""
    rounded = round_coords(np.asarray(geoms, dtype=object))
    return gpd.GeoDataFrame(columns, geometry=[polygonal(g) for g in rounded], crs=CRS)


def demo_layers(
    land: Landscape,
    parcels: gpd.GeoDataFrame,
    df: pd.DataFrame,
    linkage: list[dict],
    linkage_sites: np.ndarray,
    reclamation: list[dict],
    reclamation_sites: np.ndarray,
) -> dict[str, gpd.GeoDataFrame]:
    """Every layer of the scenario, keyed as in the schema's `layers`."""
    towns = land.towns
    has_udb = [i for i, g in enumerate(land.udb) if not g.is_empty]
    pbf_order = np.lexsort((np.arange(len(land.pbf)), land.pbf_town))
    return {
        "towns": frame({"code": towns.codes, "name": towns.names}, towns.geoms),
        "urban_development_boundary": frame(
            {
                "town": [towns.codes[i] for i in has_udb],
                "name": [f"{towns.names[i]}城镇开发边界" for i in has_udb],
            },
            land.udb[has_udb],
        ),
        "permanent_basic_farmland": frame(
            {
                "id": [f"JBNT{k + 1:05d}" for k in range(len(pbf_order))],
                "town": [towns.codes[t] for t in land.pbf_town[pbf_order]],
            },
            land.pbf[pbf_order],
        ),
        "ecological_red_line": frame({"name": [n for n, _ in land.erl]}, [g for _, g in land.erl]),
        "industrial_parks": frame(
            {
                "name": [n for n, _, _ in land.parks],
                "town": [towns.codes[t] for _, t, _ in land.parks],
            },
            [g for _, _, g in land.parks],
        ),
        "landuse": parcels,
        "project_sites": frame({"id": df["id"].tolist(), "name": df["name"].tolist()}, df["site"]),
        "linkage_parcels": frame(
            {"id": [r["id"] for r in linkage], "name": [r["name"] for r in linkage]}, linkage_sites
        ),
        "reclamation_sites": frame(
            {"id": [r["id"] for r in reclamation], "name": [r["name"] for r in reclamation]},
            reclamation_sites,
        ),
    }


def write_layers(gis_dir: Path, layers: dict[str, gpd.GeoDataFrame]) -> dict[str, Path]:
    """One GeoPackage per layer, replacing what was there."""
    gis_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for key, gdf in layers.items():
        path = gis_dir / LAYER_FILES[key]
        path.unlink(missing_ok=True)
        gdf.to_file(path, layer=path.stem, driver="GPKG", engine="pyogrio")
        paths[key] = path
    return paths


def relative(path: Path, start: Path) -> str:
    """A layer's path as the scenario stores it: relative to the YAML's folder, with slashes."""
    return Path(os.path.relpath(path.resolve(), start.resolve())).as_posix()


def plain(value: Any) -> Any:
    """numpy and pandas scalars as YAML-friendly Python values; whole floats as ints."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if not _is_nan(v)}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        return int(f) if f.is_integer() else f
    return value


def _is_nan(value: Any) -> bool:
    return isinstance(value, (float, np.floating)) and bool(np.isnan(value))


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(plain(data), allow_unicode=True, sort_keys=False, width=100)


def _comment(text: str) -> str:
    return "".join(f"# {line}".rstrip() + "\n" for line in text.strip("\n").splitlines())


def write_scenario(path: Path, sections: list[tuple[str, dict[str, Any]]]) -> Path:
    """The YAML as (comment, mapping) sections, so that each part of the scenario says what
    it is; keys keep the schema's order."""
    path.parent.mkdir(parents=True, exist_ok=True)
    parts = [(_comment(note) if note else "") + _dump(data) for note, data in sections]
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def project_entries(df: pd.DataFrame, codes: list[str]) -> list[dict[str, Any]]:
    """Projects as the scenario lists them: unset fields left out, priority only when true."""
    out = []
    for r in df.itertuples(index=False):
        entry = {
            "id": r.id,
            "name": r.name,
            "town": codes[r.town],
            "category": r.category,
            "area": r.area,
            "min_share": r.min_share,
            "priority": True if r.priority else None,
            "farmland": r.farmland,
            "paddy": r.paddy,
            "value_per_mu": r.value_per_mu,
            "investment": r.investment,
            "tax": r.tax,
            "jobs": r.jobs,
        }
        out.append({k: v for k, v in entry.items() if not (v is None or _is_nan(v))})
    return out
