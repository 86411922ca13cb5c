"""Geometry checks of a polygon layer: missing outlines, points or lines, invalid rings.

Overlap areas are only as good as the polygons: a bow-tie or a self-touching ring gives
wrong or failing intersections, so invalid polygons are repaired (and said so), and records
that cannot be a piece of land (no geometry, a point, a line) stop the run.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import shapely

from landplan.errors import Note, Problem
from landplan.layers._text import listing, row_labels

_POLYGONAL = {"Polygon", "MultiPolygon"}


def check_polygons(
    geoms: np.ndarray, ids: np.ndarray | None, file: str
) -> tuple[np.ndarray, list[Problem], list[Note]]:
    """Repaired geometries, problems (missing or non-polygon geometry) and repair notes.

    Records are named by `ids` when the layer has an id field, else by row number.
    """
    problems: list[Problem] = []
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if missing.any():
        problems.append(
            Problem(
                f"{missing.sum()} record(s) have no geometry (null or empty): "
                f"{listing(_pick(ids, missing))}",
                file=file,
                hint="draw their outline or delete these records",
            )
        )
    kinds = shapely.get_type_id(geoms)
    collections = ~missing & (kinds == shapely.GeometryType.GEOMETRYCOLLECTION)
    geoms = geoms.copy()
    geoms[collections] = [polygonal_part(g) for g in geoms[collections]]
    wrong = ~missing & ~np.isin(
        shapely.get_type_id(geoms),
        [shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON],
    )
    if wrong.any():
        found = sorted({g.geom_type for g in geoms[wrong]})
        problems.append(
            Problem(
                f"{wrong.sum()} record(s) are {' or '.join(found)} where polygons are expected: "
                f"{listing(_pick(ids, wrong))}",
                file=file,
                hint="a site, zone or parcel must be drawn as the outline of the land it covers",
            )
        )
    geoms, repair_problems, notes = _repair(geoms, ~missing & ~wrong, ids, file)
    return geoms, problems + repair_problems, notes


def polygonal_part(geom: shapely.Geometry) -> shapely.Geometry:
    """Only the polygons of a geometry (a repair may leave stray lines or points behind)."""
    if geom is None or geom.geom_type in _POLYGONAL:
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in _POLYGONAL]
    if not parts:
        return shapely.get_parts(geom)[0] if not geom.is_empty else geom
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def _repair(
    geoms: np.ndarray, usable: np.ndarray, ids: np.ndarray | None, file: str
) -> tuple[np.ndarray, list[Problem], list[Note]]:
    invalid = usable.copy()
    invalid[usable] = ~_is_valid(geoms[usable])
    if not invalid.any():
        return geoms, [], []
    fixed = np.array([polygonal_part(g) for g in shapely.make_valid(geoms[invalid])], dtype=object)
    collapsed = ~np.isin(
        shapely.get_type_id(fixed),
        [shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON],
    ) | shapely.is_empty(fixed)
    geoms[invalid] = fixed
    bad = _pick(ids, invalid)
    problems, notes = [], []
    if collapsed.any():
        problems.append(
            Problem(
                "invalid polygon(s) that shrink to lines or points when repaired: "
                f"{listing(np.asarray(bad, dtype=object)[collapsed])}",
                file=file,
                hint="redraw these outlines; they enclose no area",
            )
        )
    repaired = np.asarray(bad, dtype=object)[~collapsed]
    if len(repaired):
        notes.append(
            Note(
                f"repaired {len(repaired)} invalid polygon(s) (self-intersecting or badly "
                f"nested rings): {listing(repaired)}",
                file=file,
            )
        )
    return geoms, problems, notes


def _is_valid(geoms: np.ndarray, split_from: int = 50_000) -> np.ndarray:
    """shapely.is_valid over all cores: GEOS releases the GIL, and on a 200,000-parcel land-use
    layer the check is a quarter of the reading time."""
    workers = os.cpu_count() or 1
    if len(geoms) < split_from or workers == 1:
        return shapely.is_valid(geoms)
    parts = np.array_split(geoms, workers)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return np.concatenate(list(pool.map(shapely.is_valid, parts)))


def _pick(ids: np.ndarray | None, mask: np.ndarray) -> list[str]:
    if ids is None:
        return row_labels(np.flatnonzero(mask))
    return [str(i) for i in ids[mask]]
