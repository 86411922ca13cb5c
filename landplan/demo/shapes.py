"""Geometry helpers for the synthetic county: outlines, site shapes, sampling, tessellation.

Everything works on numpy arrays of shapely geometries so that a county of 200,000 parcels is
built with a handful of vectorised GEOS calls rather than a Python loop per parcel.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely import Polygon

M2_PER_MU = 10000.0 / 15.0
POLYGON_TYPE_ID = 3


def shoelace(xy: np.ndarray) -> np.ndarray:
    """Area of the ring(s) in the last two axes (…, n, 2), for scaling a shape to an exact area."""
    x, y = xy[..., 0], xy[..., 1]
    return 0.5 * np.abs((x * np.roll(y, -1, axis=-1) - np.roll(x, -1, axis=-1) * y).sum(axis=-1))


def star_polygon(
    rng: np.random.Generator,
    center: np.ndarray | tuple[float, float],
    area: float,
    *,
    roughness: float = 0.15,
    harmonics: int = 6,
    decay: float = 0.7,
    vertices: int = 96,
) -> Polygon:
    """An irregular star-shaped polygon of exactly `area` m²: a plausible outline for a town,
    a hill or a park, and always valid because the radius stays positive."""
    theta = np.linspace(0.0, 2.0 * np.pi, vertices, endpoint=False)
    k = np.arange(2, harmonics + 2)
    amp = roughness * rng.uniform(0.4, 1.0, k.size) / k**decay
    phase = rng.uniform(0.0, 2.0 * np.pi, k.size)
    radius = 1.0 + (amp[:, None] * np.cos(k[:, None] * theta + phase[:, None])).sum(axis=0)
    radius = np.maximum(radius, 0.3)
    xy = np.column_stack([radius * np.cos(theta), radius * np.sin(theta)])
    xy *= np.sqrt(area / shoelace(xy))
    return Polygon(np.asarray(center, dtype=float) + xy)


def quad_template(rng: np.random.Generator, area: float) -> np.ndarray:
    """Corner offsets (4, 2) of a rotated, slightly irregular quadrilateral of exactly `area` m²:
    the shape of a project's red-line site."""
    aspect = rng.uniform(1.0, 2.5)
    width = np.sqrt(area * aspect)
    height = area / width
    corners = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], dtype=float) * [width / 2, height / 2]
    corners *= 1.0 + rng.uniform(-0.12, 0.12, (4, 2))
    angle = rng.uniform(0.0, np.pi)
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    corners = corners @ rot.T
    return corners * np.sqrt(area / shoelace(corners))


def place_template(template: np.ndarray, centers: np.ndarray) -> np.ndarray:
    """The template translated to each centre: an array of candidate sites."""
    return shapely.polygons(centers[:, None, :] + template[None, :, :])


def sample_points(
    rng: np.random.Generator, region: shapely.Geometry, n: int, *, max_rounds: int = 60
) -> np.ndarray:
    """Up to n uniform random points (n, 2) inside `region`, by vectorised rejection sampling
    in its bounding box; fewer only if the region is (nearly) empty."""
    if n <= 0 or region.is_empty or region.area <= 0:
        return np.empty((0, 2))
    shapely.prepare(region)
    xmin, ymin, xmax, ymax = region.bounds
    fill = max(region.area / max((xmax - xmin) * (ymax - ymin), 1e-9), 1e-4)
    found: list[np.ndarray] = []
    need = n
    for _ in range(max_rounds):
        pts = rng.uniform((xmin, ymin), (xmax, ymax), (int(need / fill * 1.3) + 16, 2))
        pts = pts[shapely.contains_xy(region, pts[:, 0], pts[:, 1])][:need]
        found.append(pts)
        need -= len(pts)
        if need == 0:
            break
    return np.concatenate(found)


def voronoi_cells(points: np.ndarray, clip: shapely.Geometry) -> np.ndarray:
    """Voronoi cells of the points clipped to `clip`; cell i belongs to point i."""
    box = shapely.box(*clip.bounds).buffer(5000.0, join_style="mitre")
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(points), extend_to=box, ordered=True)
    )
    shapely.prepare(clip)
    outside = ~shapely.contains(clip, cells)
    cells[outside] = shapely.intersection(cells[outside], clip)
    return cells


def polygon_parts(geoms: np.ndarray, min_area: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Single polygons of each geometry with their owner's index, dropping lines, points and
    slivers up to `min_area` m² that overlays leave behind."""
    owner = np.arange(len(geoms))
    for _ in range(2):  # a GeometryCollection may hold a MultiPolygon
        geoms, idx = shapely.get_parts(geoms, return_index=True)
        owner = owner[idx]
    keep = (shapely.get_type_id(geoms) == POLYGON_TYPE_ID) & (shapely.area(geoms) > min_area)
    return geoms[keep], owner[keep]


def polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygonal part of a geometry (overlays may add stray lines or points)."""
    parts, _ = polygon_parts(np.array([geom]))
    return shapely.multipolygons(parts) if len(parts) != 1 else parts[0]


def round_coords(geoms: np.ndarray, decimals: int = 2) -> np.ndarray:
    """Coordinates rounded to 0.01 m (smaller files, same on every machine); the few polygons
    the rounding makes invalid are repaired."""
    out = shapely.transform(geoms, lambda xy: np.round(xy, decimals))
    bad = ~shapely.is_valid(out)
    if bad.any():
        out[bad] = shapely.make_valid(out[bad])
    return out


def split_by(geoms: np.ndarray, zones: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cut each geometry along zone borders: (pieces, owner geometry index, zone index).
    Geometries wholly inside a zone are kept as they are."""
    tree = shapely.STRtree(geoms)
    zone_idx, geom_idx = tree.query(zones, predicate="intersects")
    shapely.prepare(zones)
    whole = shapely.contains(zones[zone_idx], geoms[geom_idx])
    pieces = geoms[geom_idx].copy()
    pieces[~whole] = shapely.intersection(pieces[~whole], zones[zone_idx[~whole]])
    parts, owner = polygon_parts(pieces, min_area=0.01)
    return parts, geom_idx[owner], zone_idx[owner]
