"""The county's physical geography: outline, towns and their seats, the Huai river, the hills.

Shaped loosely on 凤阳县 (Fengyang, Anhui): the Huai runs along the north, the hills lie in the
south, the county seat 府城镇 sits north of the centre. Nothing here is surveyed data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely import LineString, Polygon

from landplan.demo.shapes import polygonal, sample_points, star_polygon, voronoi_cells

COUNTY_CODE = "341126"
COUNTY_NAME = "凤阳县（合成示例）"
CENTER = np.array([39_550_000.0, 3_630_000.0])  # CGCS2000 GK zone 39 (EPSG:4527), ~117.5°E 32.8°N
COUNTY_AREA = 1.9e9  # m²
EXTENT = (39_520_000.0, 3_600_000.0, 39_580_000.0, 3_660_000.0)

# The county seat and the four 扩权强镇 pilot towns come first so that every county has them;
# codes follow this order (341126101 = 府城镇).
TOWN_NAMES = (
    "府城镇", "临淮关镇", "武店镇", "刘府镇", "大庙镇", "西泉镇", "殷涧镇", "总铺镇",
    "红心镇", "板桥镇", "小溪河镇", "官塘镇", "枣巷镇", "大溪河镇", "黄湾乡",
)  # fmt: skip
COUNTY_SEAT = "府城镇"
PILOTS = frozenset({"大庙镇", "刘府镇", "临淮关镇", "武店镇"})
# Where the named towns lie, in units of the county's radius from its centre (x east, y north).
ANCHORS = {
    "府城镇": (0.0, 0.3),
    "临淮关镇": (0.45, 0.55),
    "武店镇": (-0.55, -0.3),
    "刘府镇": (-0.5, 0.35),
    "大庙镇": (0.5, -0.4),
}


@dataclass
class Towns:
    codes: list[str]
    names: list[str]
    geoms: np.ndarray
    seats: np.ndarray  # (n, 2): the town's seat (镇区), centre of its urban area

    @property
    def pilot(self) -> np.ndarray:
        return np.array([n in PILOTS for n in self.names])

    @property
    def seat_index(self) -> int:
        return self.names.index(COUNTY_SEAT)

    def index(self, name: str) -> int | None:
        return self.names.index(name) if name in self.names else None


@dataclass
class Physical:
    county: Polygon
    towns: Towns
    river: LineString  # centre line of the Huai
    hills: Polygon
    hill_center: np.ndarray


def make_physical(rng: np.random.Generator, n_towns: int) -> Physical:
    """Outline, towns, river and hills: everything that does not depend on the project list."""
    county = county_outline(rng)
    towns = make_towns(rng, county, n_towns)
    river = huai_river(rng, county)
    hill_center, hill_radius = _hills_site(county, towns.seats)
    hills = polygonal(
        star_polygon(rng, hill_center, np.pi * hill_radius**2, roughness=0.3).intersection(county)
    )
    return Physical(county, towns, river, hills, hill_center)


def county_outline(rng: np.random.Generator) -> Polygon:
    """An irregular outline of ~1,900 km² that fits the zone-39 extent of CGCS2000 3° Gauss–Krüger (EPSG:4527)."""
    box = shapely.box(*EXTENT)
    for _ in range(100):
        shape = star_polygon(
            rng, CENTER, COUNTY_AREA, roughness=0.5, harmonics=60, decay=1.2, vertices=600
        )
        if box.contains(shape):
            return shape
    factor = (
        0.97
        * min(  # no luck: shrink the last one to fit
            (EXTENT[2] - EXTENT[0]) / 2 / max(abs(np.array(shape.bounds[::2]) - CENTER[0])),
            (EXTENT[3] - EXTENT[1]) / 2 / max(abs(np.array(shape.bounds[1::2]) - CENTER[1])),
        )
    )
    return shapely.affinity.scale(shape, factor, factor, origin=tuple(CENTER))


def make_towns(rng: np.random.Generator, county: Polygon, n: int) -> Towns:
    """Voronoi cells of evenly spread seeds (a few Lloyd steps), named by position."""
    seeds = sample_points(rng, county, n)
    for _ in range(12):
        seeds = shapely.get_coordinates(shapely.centroid(voronoi_cells(seeds, county)))
    cells = np.array([polygonal(c) for c in voronoi_cells(seeds, county)])
    inside = shapely.contains_xy(cells, seeds[:, 0], seeds[:, 1])
    seeds[~inside] = shapely.get_coordinates(shapely.point_on_surface(cells[~inside]))
    order = _name_order(seeds, county)
    names = [TOWN_NAMES[i] if i < len(TOWN_NAMES) else f"示例镇{i + 1}" for i in range(n)]
    codes = [f"{COUNTY_CODE}{101 + i:03d}" for i in range(n)]
    return Towns(codes, names, cells[order], seeds[order])


def _name_order(seeds: np.ndarray, county: Polygon) -> np.ndarray:
    """Seed index for each name: the named towns take the seed nearest their anchor, the rest
    follow clockwise from north."""
    center = np.array(county.centroid.coords[0])
    radius = np.sqrt(county.area / np.pi)
    free = list(range(len(seeds)))
    order: list[int] = []
    for name in TOWN_NAMES[: min(len(seeds), len(ANCHORS))]:
        target = center + radius * np.array(ANCHORS[name])
        best = min(free, key=lambda i: float(np.hypot(*(seeds[i] - target))))
        order.append(best)
        free.remove(best)
    bearing = np.arctan2(seeds[:, 0] - center[0], seeds[:, 1] - center[1]) % (2 * np.pi)
    order += sorted(free, key=lambda i: float(bearing[i]))
    return np.array(order)


def huai_river(rng: np.random.Generator, county: Polygon) -> LineString:
    """A meandering west–east centre line across the north of the county."""
    xmin, ymin, xmax, ymax = county.bounds
    x = np.linspace(xmin - 3000.0, xmax + 3000.0, 300)
    phase = rng.uniform(0.0, 2.0 * np.pi, 2)
    y = (
        ymax
        - 0.2 * (ymax - ymin)
        + 1800.0 * np.sin(2 * np.pi * (x - xmin) / 26_000.0 + phase[0])
        + 600.0 * np.sin(2 * np.pi * (x - xmin) / 7_000.0 + phase[1])
    )
    return LineString(np.column_stack([x, y]))


def _hills_site(county: Polygon, seats: np.ndarray) -> tuple[np.ndarray, float]:
    """Centre and radius of the hill forest: in the south, as far from every town seat as
    possible, so that no town's urban area falls into the red line."""
    xmin, ymin, xmax, ymax = county.bounds
    radius = np.sqrt(county.area / np.pi)
    gx, gy = np.meshgrid(np.linspace(xmin, xmax, 48), np.linspace(ymin, ymax, 48))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    cy = county.centroid.y
    ok = shapely.contains_xy(county, grid[:, 0], grid[:, 1]) & (grid[:, 1] < cy - 0.2 * radius)
    grid = grid[ok]
    to_edge = shapely.distance(county.exterior, shapely.points(grid))
    grid = grid[to_edge >= 0.15 * radius]
    to_seat = np.min(np.hypot(*(grid[:, None, :] - seats[None, :, :]).transpose(2, 0, 1)), axis=1)
    best = int(np.argmax(to_seat))
    return grid[best], float(min(0.3 * radius, 0.8 * to_seat[best]))
