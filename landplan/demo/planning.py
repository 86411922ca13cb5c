"""The planning geography drawn on the county: 三区三线 (UDB, PBF, ERL), industrial parks,
villages, and the linear features (river, railway, roads) that cut the land-use parcels."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import shapely
from shapely import LineString

from landplan.demo.county import COUNTY_SEAT, Physical, Towns
from landplan.demo.shapes import (
    polygonal,
    sample_points,
    split_by,
    star_polygon,
    voronoi_cells,
)

PARK_NAMES = {
    "府城镇": ("凤阳经济开发区", "府城镇智能制造产业园"),
    "大庙镇": ("大庙镇硅基新材料产业园", "大庙镇石英砂加工集中区"),
    "刘府镇": ("刘府镇汽车再制造产业园", "刘府镇再生资源产业园"),
    "临淮关镇": ("临淮关镇临港工业园", "临淮关镇物流产业园"),
    "武店镇": ("武店镇绿色建材产业园", "武店镇钙基新材料产业园"),
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢"
PLACE_SUFFIXES = "庄郢湾岗圩集店桥湖巷楼洼营寨塘岭"
UDB_BASE_M2 = {"seat": 30e6, "pilot": 9e6, "other": 2.5e6}
PARK_BASE_M2 = {"seat": 5e6, "pilot": 2e6}
VILLAGE_RADIUS = (220.0, 420.0)  # m, the homestead cluster around a village centre
DEMAND_ROOM = 4.0  # urban area per m² of site demand, so that every site finds room


@dataclass
class Villages:
    xy: np.ndarray
    radius: np.ndarray
    town: np.ndarray
    codes: list[str]  # 12-digit village code (town code + 2xx)
    names: list[str]


@dataclass
class Landscape:
    physical: Physical
    erl: list[tuple[str, shapely.Geometry]]
    udb: np.ndarray  # per town, maybe empty
    udb_radius: np.ndarray
    parks: list[tuple[str, int, shapely.Geometry]]  # name, town index, geometry
    villages: Villages
    features: list[tuple[shapely.Geometry, str]]  # (polygon, DLBM) carved out of parcels
    pbf: np.ndarray
    pbf_town: np.ndarray

    @property
    def towns(self) -> Towns:
        return self.physical.towns

    @property
    def hill_red_line(self) -> shapely.Geometry:
        return self.erl[0][1]

    @property
    def river_red_line(self) -> shapely.Geometry:
        return self.erl[1][1]

    @cached_property
    def erl_union(self) -> shapely.Geometry:
        return shapely.union_all([g for _, g in self.erl])

    @cached_property
    def water(self) -> shapely.Geometry:
        return shapely.union_all([g for g, code in self.features if code.startswith("11")])

    @cached_property
    def pbf_union(self) -> shapely.Geometry:
        return shapely.union_all(self.pbf)

    @cached_property
    def parks_union(self) -> shapely.Geometry:
        return shapely.union_all([g for _, _, g in self.parks])

    def paddy_share(self, xy: np.ndarray) -> np.ndarray:
        """Chance that cultivated land at xy is paddy: more in the south and near the Huai."""
        xmin, ymin, xmax, ymax = self.physical.county.bounds
        north = (xy[:, 1] - ymin) / (ymax - ymin)
        to_river = shapely.distance(self.physical.river, shapely.points(xy))
        return np.clip(0.75 - 0.6 * north + 0.45 * np.exp(-to_river / 2500.0), 0.05, 0.9)


def make_landscape(
    rng: np.random.Generator,
    phys: Physical,
    erl: list[tuple[str, shapely.Geometry]],
    urban_m2: np.ndarray,
    industrial_m2: np.ndarray,
) -> Landscape:
    """Draw the planning layers; urban areas and parks grow with the demand placed in them."""
    erl_union = shapely.union_all([g for _, g in erl])
    udb, udb_radius = make_udb(rng, phys, erl_union, urban_m2)
    parks = make_parks(rng, phys, udb, udb_radius, industrial_m2)
    villages = make_villages(rng, phys, udb, erl_union)
    features = make_features(rng, phys)
    pbf, pbf_town = make_pbf(rng, phys, udb, erl_union, villages, features)
    return Landscape(phys, erl, udb, udb_radius, parks, villages, features, pbf, pbf_town)


def make_erl(rng: np.random.Generator, phys: Physical) -> list[tuple[str, shapely.Geometry]]:
    """生态保护红线: the hill core and the Huai corridor, which leaves room for riverside towns."""
    c = phys.hill_center
    core_area = 0.36 * phys.hills.area
    core = star_polygon(rng, c, core_area, roughness=0.25).intersection(phys.hills)
    corridor = phys.river.buffer(1000.0).intersection(phys.county)
    seats = phys.towns.seats
    near = shapely.distance(phys.river, shapely.points(seats)) < 4000.0
    if near.any():
        corridor = corridor.difference(
            shapely.union_all(shapely.buffer(shapely.points(seats[near]), 3000.0))
        )
    return [  # hills first, river second: Landscape reads them in this order
        ("凤阳山水源涵养生态保护红线", polygonal(core)),
        ("淮河干流生态保护红线", polygonal(corridor)),
    ]


def _town_kind(phys: Physical, i: int) -> str:
    name = phys.towns.names[i]
    return "seat" if name == COUNTY_SEAT else "pilot" if phys.towns.pilot[i] else "other"


def make_udb(
    rng: np.random.Generator, phys: Physical, erl: shapely.Geometry, urban_m2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """城镇开发边界: a blob around each seat, larger for the county seat and the pilot towns."""
    towns = phys.towns
    udb, radius = [], []
    for i, seat in enumerate(towns.seats):
        area = UDB_BASE_M2[_town_kind(phys, i)] + DEMAND_ROOM * urban_m2[i]
        blob = star_polygon(rng, seat, area, roughness=0.3, harmonics=5)
        udb.append(polygonal(blob.intersection(towns.geoms[i]).difference(erl)))
        radius.append(np.sqrt(area / np.pi))
    return np.array(udb), np.array(radius)


def make_parks(
    rng: np.random.Generator,
    phys: Physical,
    udb: np.ndarray,
    udb_radius: np.ndarray,
    industrial_m2: np.ndarray,
) -> list[tuple[str, int, shapely.Geometry]]:
    """工业集中区: one or two per pilot town and the county seat, inside its urban area."""
    parks = []
    for i, name in enumerate(phys.towns.names):
        kind = _town_kind(phys, i)
        if kind == "other":
            continue
        k = int(rng.integers(1, 3))
        area = (PARK_BASE_M2[kind] + DEMAND_ROOM * industrial_m2[i]) / k
        turn = rng.uniform(0.0, 2.0 * np.pi)
        for j in range(k):
            angle = turn + j * np.pi
            center = phys.towns.seats[i] + 0.5 * udb_radius[i] * np.array(
                [np.cos(angle), np.sin(angle)]
            )
            geom = polygonal(star_polygon(rng, center, area, roughness=0.2).intersection(udb[i]))
            if geom.area > 0.05e6:
                label = PARK_NAMES.get(name, (f"{name}工业集中区", f"{name}产业园"))[j]
                parks.append((label, i, geom))
    return parks


def make_villages(
    rng: np.random.Generator, phys: Physical, udb: np.ndarray, erl: shapely.Geometry
) -> Villages:
    """Village centres (about one per 6 km²) whose homesteads (0702) cluster around them."""
    xy, town, codes = [], [], []
    for i, geom in enumerate(phys.towns.geoms):
        region = geom.difference(udb[i].buffer(700.0)).difference(erl.buffer(VILLAGE_RADIUS[1]))
        region = region.difference(phys.river.buffer(200.0 + VILLAGE_RADIUS[1]))
        pts = sample_points(rng, region, max(3, round(geom.area / 6e6)))
        pts = pts[np.lexsort((pts[:, 0], -pts[:, 1]))]
        xy.append(pts)
        town += [i] * len(pts)
        codes += [f"{phys.towns.codes[i]}{200 + j:03d}" for j in range(len(pts))]
    xy_all = np.concatenate(xy)
    radius = rng.uniform(*VILLAGE_RADIUS, len(xy_all))
    return Villages(xy_all, radius, np.array(town), codes, _village_names(rng, len(xy_all)))


def _village_names(rng: np.random.Generator, n: int) -> list[str]:
    combos = [s + p for s in SURNAMES for p in PLACE_SUFFIXES]
    combos = [combos[i] for i in rng.permutation(len(combos))]
    return [("新" * (i // len(combos))) + combos[i % len(combos)] + "村" for i in range(n)]


def make_features(rng: np.random.Generator, phys: Physical) -> list[tuple[shapely.Geometry, str]]:
    """Water, railway and roads as polygons with their land-use class, mutually disjoint."""
    county, towns = phys.county, phys.towns
    river = phys.river.buffer(200.0).intersection(county)
    reservoir = star_polygon(rng, phys.hill_center, 2.5e6, roughness=0.35).intersection(phys.hills)
    water = shapely.union_all([river, reservoir])
    xmin, ymin, xmax, ymax = county.bounds
    port = towns.seats[towns.index("临淮关镇") or 0]
    rail = LineString(
        [
            (port[0] - 4000.0, ymin - 5000.0),
            (port[0] - 900.0, port[1]),
            (port[0] + 2500.0, ymax + 5000.0),
        ]
    ).buffer(20.0)
    seat = towns.seats[towns.seat_index]
    span = np.array([-1.0, -0.5, 0.0, 0.5, 1.0])[:, None] * 80_000.0
    way = seat + 2000.0 * np.array([0.87, 0.5]) + span * np.array([-0.5, 0.87])
    way[1:-1] += rng.normal(0.0, 1500.0, (3, 2))
    roads = [LineString(way).buffer(30.0)]
    for target in np.delete(towns.seats, towns.seat_index, axis=0):
        roads.append(_wiggly(rng, seat, target).buffer(12.0))
    road = shapely.union_all(roads).intersection(county).difference(water)
    rail = rail.intersection(county).difference(water)
    road = road.difference(rail)
    return [(polygonal(water.difference(reservoir)), "1101"), (polygonal(reservoir), "1103"),
            (polygonal(rail), "1001"), (polygonal(road), "1003")]  # fmt: skip


def _wiggly(rng: np.random.Generator, a: np.ndarray, b: np.ndarray) -> LineString:
    """A county road from a to b that bends a little, as roads do."""
    t = np.array([0.0, 0.25, 0.5, 0.75, 1.0])[:, None]
    pts = a + t * (b - a)
    normal = np.array([-(b - a)[1], (b - a)[0]]) / max(np.hypot(*(b - a)), 1.0)
    pts[1:-1] += rng.normal(0.0, 0.06 * np.hypot(*(b - a)), (3, 1)) * normal
    return LineString(pts)


def make_pbf(
    rng: np.random.Generator,
    phys: Physical,
    udb: np.ndarray,
    erl: shapely.Geometry,
    villages: Villages,
    features: list[tuple[shapely.Geometry, str]],
) -> tuple[np.ndarray, np.ndarray]:
    """永久基本农田: large blocks of farmland away from towns, villages, hills and the red line,
    split by town and by the roads and water that cross them."""
    county = phys.county
    pts = sample_points(rng, county, max(40, round(county.area / 4e6)))
    cells = voronoi_cells(pts, county)
    blocks = shapely.union_all(cells[rng.random(len(cells)) < 0.55])
    discs = shapely.buffer(shapely.points(villages.xy), villages.radius + 60.0)
    keep_out = shapely.union_all(
        [shapely.union_all(udb).buffer(300.0), phys.hills, erl, shapely.union_all(discs)]
        + [g for g, _ in features]
    )
    blocks = (
        blocks.difference(keep_out)
        .buffer(-20.0, join_style="mitre")
        .buffer(20.0, join_style="mitre")
    )
    parts = shapely.get_parts(blocks)
    pieces, _, town = split_by(parts, phys.towns.geoms)
    big = shapely.area(pieces) > 0.2e6
    return pieces[big], town[big]


def red_line_town(phys: Physical, erl: list[tuple[str, shapely.Geometry]]) -> tuple[int, str]:
    """The town with the most river red line (else hill red line), for the red-line breaker."""
    for (_, geom), kind in zip(erl[::-1], ("river", "hills"), strict=True):
        share = shapely.area(shapely.intersection(phys.towns.geoms, geom))
        if share.max() > 0.2e6:
            return int(np.argmax(share)), kind
    return 0, "hills"
