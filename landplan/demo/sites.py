"""Red-line sites (红线范围) for projects, linkage demolition areas and reclamation sites.

Clean sites are drawn inside the land their category allows and clear of the control lines;
the deliberate rule breakers are drawn so that they break exactly their one rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import cache

import numpy as np
import pandas as pd
import shapely

from landplan.demo.planning import Landscape
from landplan.demo.shapes import M2_PER_MU, place_template, quad_template, sample_points
from landplan.errors import OptionError, Problem

Test = Callable[[np.ndarray], np.ndarray]


class Occupancy:
    """Sites placed so far, hashed on a 1 km grid, so that a new site stays off the others."""

    def __init__(self, cell: float = 1000.0) -> None:
        self.cell = cell
        self.grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.geoms: list[shapely.Geometry] = []

    def _keys(self, geom: shapely.Geometry) -> list[tuple[int, int]]:
        x0, y0, x1, y1 = (int(np.floor(v / self.cell)) for v in geom.bounds)
        return [(i, j) for i in range(x0, x1 + 1) for j in range(y0, y1 + 1)]

    def free(self, geom: shapely.Geometry) -> bool:
        near = {k for key in self._keys(geom) for k in self.grid.get(key, ())}
        return not any(geom.intersects(self.geoms[k]) for k in near)

    def add(self, geom: shapely.Geometry) -> None:
        for key in self._keys(geom):
            self.grid[key].append(len(self.geoms))
        self.geoms.append(geom)


class Regions:
    """The land each kind of site may use, per town, computed once."""

    def __init__(self, land: Landscape) -> None:
        self.land = land
        self.get = cache(self._make)
        self.pbf = cache(self._pbf)

    def _pbf(self, town: int) -> shapely.Geometry:
        return shapely.union_all(self.land.pbf[self.land.pbf_town == town])

    def _make(self, town: int, zone: str) -> shapely.Geometry:
        land = self.land
        t_geom = land.towns.geoms[town]
        pbf = self.pbf(town)
        blocked = shapely.union_all([land.erl_union, land.water])
        if zone == "park":
            parks = shapely.union_all([g for _, t, g in land.parks if t == town])
            region = parks.difference(blocked).difference(pbf)
        elif zone in ("urban", "outside_park"):
            region = land.udb[town].difference(land.parks_union.buffer(50.0)).difference(blocked)
        elif zone == "outside_udb":
            region = (
                t_geom.difference(land.udb[town].buffer(50.0)).difference(pbf).difference(blocked)
            )
        elif zone == "off_red":  # anywhere in town but red line and water: for the PBF breakers
            region = t_geom.difference(blocked)
        elif zone == "off_pbf":  # for the red-line breaker
            region = t_geom.difference(pbf).difference(land.water)
        elif zone == "county_clear":  # for the site across a town border
            region = land.physical.county.difference(land.pbf_union).difference(blocked)
        else:  # free
            region = t_geom.difference(pbf).difference(blocked)
        shapely.prepare(region)
        return region


def _share(cands: np.ndarray, geom: shapely.Geometry) -> np.ndarray:
    return shapely.area(shapely.intersection(cands, geom)) / shapely.area(cands)


def _spec(regions: Regions, town: int, zone: str) -> tuple[shapely.Geometry, Test]:
    """Where to draw candidate centres, and the test a candidate site must pass."""
    land = regions.land
    t_geom = land.towns.geoms[town]
    if zone in ("on_pbf", "priority_on_pbf"):
        pbf = regions.pbf(town)
        inside = regions.get(town, "off_red")
        edge = pbf.boundary.buffer(80.0).intersection(inside)
        return edge, lambda c: shapely.contains(inside, c) & _between(_share(c, pbf), 0.15, 0.7)
    if zone == "on_erl":
        red = land.erl_union.intersection(t_geom)
        inside = regions.get(town, "off_pbf")
        edge = red.boundary.buffer(80.0).intersection(inside)
        return edge, lambda c: shapely.contains(inside, c) & _between(_share(c, red), 0.15, 0.7)
    if zone == "across_towns":
        border = t_geom.boundary.difference(land.physical.county.exterior.buffer(1.0))
        clear = regions.get(town, "county_clear")
        edge = border.buffer(80.0).intersection(clear)
        return edge, lambda c: shapely.contains(clear, c) & _between(_share(c, t_geom), 0.3, 0.8)
    region = regions.get(town, zone)
    return region, lambda c: shapely.contains(region, c)


def _between(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    return (x >= lo) & (x <= hi)


def draw_site(
    rng: np.random.Generator,
    where: shapely.Geometry,
    test: Test,
    area_m2: float,
    occupied: Occupancy,
    *,
    attempts: int = 40,
) -> shapely.Geometry | None:
    """A quadrilateral site of the given area centred in `where` that passes `test` and keeps
    off the sites already placed; None if none is found."""
    template = quad_template(rng, area_m2)
    for attempt in range(attempts):
        if attempt and attempt % 8 == 0:
            template = quad_template(rng, area_m2)
        centers = sample_points(rng, where, 24, max_rounds=3)
        if len(centers) == 0:
            return None
        cands = place_template(template, centers)
        for cand in cands[test(cands)]:
            if occupied.free(cand):
                occupied.add(cand)
                return cand
    return None


def place_projects(
    rng: np.random.Generator, df: pd.DataFrame, land: Landscape, occupied: Occupancy
) -> pd.DataFrame:
    """One site per project: the rule breakers first, then the rest, largest first. A breaker
    whose town offers no place for its fault moves to the town that does."""
    regions = Regions(land)
    sites = np.empty(len(df), dtype=object)
    breakers = df.index[df["role"] != "clean"].tolist()
    clean = df[df["role"] == "clean"].sort_values(["area", "id"], ascending=[False, True]).index
    for i in [*breakers, *clean]:
        town, zone = int(df.at[i, "town"]), df.at[i, "zone"]
        area = df.at[i, "area"] * M2_PER_MU
        tries = [town] if zone in ("park", "urban", "free") else _fallback_towns(land, town)
        for t in tries:
            site = draw_site(rng, *_spec(regions, t, zone), area, occupied)
            if site is not None:
                df.at[i, "town"] = t
                sites[i] = site
                break
        else:
            raise OptionError(Problem(
                f"no room for the site of project {df.at[i, 'id']} ({zone}, {df.at[i, 'area']} 亩) "
                f"in {land.towns.names[town]}", field="--projects",
                hint="give fewer projects, or another --seed"))
    df["site"] = sites
    return df


def _fallback_towns(land: Landscape, town: int) -> list[int]:
    """The project's own town first, then the others by size."""
    others = np.argsort(-shapely.area(land.towns.geoms), kind="stable")
    return [town, *(int(t) for t in others if t != town)]


def draw_blob_site(
    rng: np.random.Generator,
    region: shapely.Geometry,
    area_m2: float,
    occupied: Occupancy,
    shape: Callable[[np.ndarray, float], shapely.Geometry],
) -> shapely.Geometry | None:
    """An irregular site (reclamation) inside `region`, off the other sites."""
    shapely.prepare(region)
    for _ in range(60):
        centers = sample_points(rng, region, 1, max_rounds=3)
        if len(centers) == 0:
            return None
        geom = shape(centers[0], area_m2)
        if region.contains(geom) and occupied.free(geom):
            occupied.add(geom)
            return geom
    return None
