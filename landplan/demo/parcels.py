"""三调-like land-use parcels (DLTB 图斑): a Voronoi tessellation of the county cut along town
borders, water, railway and roads, each parcel given a GB/T 21010 class by where it lies."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from landplan.demo.planning import Landscape
from landplan.demo.shapes import polygon_parts, round_coords, sample_points, split_by, voronoi_cells

CRS = "EPSG:4527"
CULTIVATED = ("0101", "0102", "0103")
CLASS_NAMES = {
    "0101": "水田", "0102": "水浇地", "0103": "旱地", "0201": "果园", "0301": "乔木林地",
    "0305": "灌木林地", "0307": "其他林地", "0404": "其他草地", "0501": "零售商业用地",
    "0502": "批发市场用地", "0504": "旅馆用地", "0505": "商务金融用地", "0601": "工业用地",
    "0602": "采矿用地", "0604": "仓储用地", "0701": "城镇住宅用地", "0702": "农村宅基地",
    "0801": "机关团体用地", "0803": "教育用地", "0805": "医疗卫生用地", "0809": "公用设施用地",
    "0810": "公园与绿地", "0906": "殡葬用地", "1001": "铁路用地", "1003": "公路用地",
    "1004": "城镇村道路用地", "1005": "交通服务场站用地", "1006": "农村道路", "1101": "河流水面",
    "1103": "水库水面", "1104": "坑塘水面", "1106": "内陆滩涂", "1107": "沟渠", "1201": "空闲地",
    "1202": "设施农用地", "1206": "裸土地", "1207": "裸岩石砾地",
}  # fmt: skip
# Class mix (weights) by zone; "CULT" is cultivated land, split into paddy/irrigated/dry later.
ZONE_MIX: dict[str, dict[str, float]] = {
    "rural": {"CULT": 46, "0201": 7, "0301": 9, "0307": 4, "0404": 6, "1104": 9, "1107": 3,
              "1006": 4, "1202": 5, "0702": 4, "0906": 1, "1201": 2},
    "pbf": {"CULT": 91, "1104": 3, "1107": 3, "1006": 2, "1202": 1},
    "village": {"0702": 82, "1006": 5, "1104": 5, "1202": 4, "0201": 2, "0803": 1, "1201": 1},
    "river": {"1106": 25, "0301": 18, "0307": 8, "0404": 15, "1104": 12, "CULT": 22},
    "hills": {"0301": 38, "0305": 8, "0307": 8, "0404": 10, "0201": 6, "0702": 4, "1006": 2,
              "1104": 3, "0906": 1, "CULT": 20},
    "hill_core": {"0301": 60, "0305": 14, "0307": 8, "0404": 8, "1207": 3, "1104": 2, "1206": 2,
                  "CULT": 3},
    "fringe": {"CULT": 80, "0702": 7, "0201": 4, "1202": 4, "1104": 4, "0404": 3, "1006": 3,
               "0701": 3},
    "urban": {"0701": 36, "0501": 6, "0502": 2, "0504": 2, "0505": 3, "0601": 6, "0604": 2,
              "0801": 3, "0803": 4, "0805": 2, "0809": 2, "0810": 3, "1004": 12, "1005": 1,
              "0702": 8, "1104": 2, "1201": 6},
    "park": {"0601": 40, "0604": 6, "1004": 7, "0809": 3, "1201": 4, "CULT": 40},
}  # fmt: skip
MINING_TOWNS = ("大庙镇", "武店镇")  # quartz sand; limestone for cement and lime


def make_parcels(
    rng: np.random.Generator,
    land: Landscape,
    n_parcels: int,
    forced: list[tuple[np.ndarray, str]],
) -> gpd.GeoDataFrame:
    """The land-use layer; parcels under `forced` sites take that class (homesteads under a
    linkage site, abandoned mines under a reclamation site)."""
    county, towns = land.physical.county, land.towns
    cells = voronoi_cells(_seed_points(rng, land, n_parcels), county)
    pieces, _, town = split_by(cells, towns.geoms)
    codes = np.full(len(pieces), "", dtype=object)
    for geom, code in land.features:
        pieces, town, codes = _carve(pieces, town, codes, geom, code)
    pieces, owner = polygon_parts(round_coords(pieces), min_area=1.0)
    town, codes = town[owner], codes[owner]
    xy = shapely.get_coordinates(shapely.point_on_surface(pieces))
    free = codes == ""
    codes[free] = _classify(rng, land, xy[free], town[free])
    for geoms, code in forced:
        codes[_touching(pieces, geoms) & free] = code
    codes = _cultivated(rng, land, xy, codes)
    kcxs = _deduction(rng, land, xy, codes)
    village = _village_codes(land, xy, town)
    order = np.lexsort((np.round(xy[:, 0]), -np.round(xy[:, 1]), village))
    codes, village, kcxs, pieces = codes[order], village[order], kcxs[order], pieces[order]
    return gpd.GeoDataFrame(
        {
            "BSM": np.arange(1, len(pieces) + 1, dtype=np.int64),
            "DLBM": codes.astype(str),
            "DLMC": [CLASS_NAMES[c] for c in codes],
            "TBMJ": np.round(shapely.area(pieces), 2),
            "KCXS": kcxs,
            "ZLDWDM": village,
        },
        geometry=pieces,
        crs=CRS,
    )


def _seed_points(rng: np.random.Generator, land: Landscape, n: int) -> np.ndarray:
    """Parcel seeds: denser in towns and villages, where real parcels are smaller."""
    county = land.physical.county
    n_udb, n_vil = int(0.22 * n), int(0.18 * n)
    uniform = sample_points(rng, county, n - n_udb - n_vil)
    urban = sample_points(rng, shapely.union_all(land.udb), n_udb)
    v = land.villages
    pick = rng.choice(len(v.xy), n_vil, p=v.radius**2 / (v.radius**2).sum())
    r = v.radius[pick] * np.sqrt(rng.random(n_vil))
    a = rng.uniform(0.0, 2.0 * np.pi, n_vil)
    village = v.xy[pick] + np.column_stack([r * np.cos(a), r * np.sin(a)])
    pts = np.concatenate([uniform, urban, village])
    return pts[shapely.contains_xy(county, pts[:, 0], pts[:, 1])]


def _carve(
    pieces: np.ndarray, town: np.ndarray, codes: np.ndarray, geom: shapely.Geometry, code: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cut a linear feature (river, railway, road) out of the parcels it crosses; the cut-out
    parts become parcels of the feature's class."""
    if geom.is_empty:
        return pieces, town, codes
    idx = shapely.STRtree(pieces).query(geom, predicate="intersects")
    hit = pieces[idx]
    inside, o_in = polygon_parts(shapely.intersection(hit, geom), min_area=0.01)
    outside, o_out = polygon_parts(shapely.difference(hit, geom), min_area=0.01)
    keep = np.ones(len(pieces), dtype=bool)
    keep[idx] = False
    return (
        np.concatenate([pieces[keep], inside, outside]),
        np.concatenate([town[keep], town[idx][o_in], town[idx][o_out]]),
        np.concatenate([codes[keep], np.full(len(inside), code, dtype=object), codes[idx][o_out]]),
    )


def _zones(
    rng: np.random.Generator, land: Landscape, xy: np.ndarray, town: np.ndarray
) -> np.ndarray:
    """Which mix applies where; later tests win (a park inside a town inside the hills is a park)."""
    phys = land.physical
    x, y = xy[:, 0], xy[:, 1]
    zone = np.full(len(xy), "rural", dtype=object)
    zone[shapely.contains_xy(land.pbf_union, x, y)] = "pbf"
    near, dist = shapely.STRtree(shapely.points(land.villages.xy)).query_nearest(
        shapely.points(xy), return_distance=True, all_matches=False
    )
    zone[near[0][dist <= land.villages.radius[near[1]]]] = "village"
    zone[shapely.contains_xy(land.river_red_line, x, y)] = "river"
    zone[shapely.contains_xy(phys.hills, x, y)] = "hills"
    zone[shapely.contains_xy(land.hill_red_line, x, y)] = "hill_core"
    in_udb = shapely.contains_xy(shapely.union_all(land.udb), x, y)
    to_seat = np.hypot(*(xy - phys.towns.seats[town]).T) / land.udb_radius[town]
    built = rng.random(len(xy)) < np.clip(1.1 - 1.1 * to_seat, 0.05, 0.9)
    zone[in_udb] = np.where(built[in_udb], "urban", "fringe")
    zone[shapely.contains_xy(land.parks_union, x, y)] = "park"
    return zone


def _classify(
    rng: np.random.Generator, land: Landscape, xy: np.ndarray, town: np.ndarray
) -> np.ndarray:
    """A class for each parcel drawn from its zone's mix; quarries near the mining towns."""
    zone = _zones(rng, land, xy, town)
    u = rng.random(len(xy))
    codes = np.empty(len(xy), dtype=object)
    for name, mix in ZONE_MIX.items():
        m = zone == name
        keys = np.array(list(mix), dtype=object)
        cum = np.cumsum(list(mix.values())) / sum(mix.values())
        codes[m] = keys[np.minimum(np.searchsorted(cum, u[m], side="right"), len(keys) - 1)]
    towns = land.towns
    for name in MINING_TOWNS:
        i = towns.index(name)
        if i is None:
            continue
        d = np.hypot(*(xy - towns.seats[i]).T)
        quarry = (
            np.isin(zone, ["rural", "hills"])
            & (d > 1500)
            & (d < 6000)
            & (rng.random(len(xy)) < 0.1)
        )
        codes[quarry] = "0602"
    return codes


def _cultivated(
    rng: np.random.Generator, land: Landscape, xy: np.ndarray, codes: np.ndarray
) -> np.ndarray:
    """Split cultivated land into paddy (0101), irrigated (0102) and dry land (0103)."""
    m = codes == "CULT"
    p = land.paddy_share(xy[m])
    u = rng.random(m.sum())
    codes[m] = np.where(u < p, "0101", np.where(u < p + 0.08, "0102", "0103"))
    return codes


def _deduction(
    rng: np.random.Generator, land: Landscape, xy: np.ndarray, codes: np.ndarray
) -> np.ndarray:
    """KCXS (田坎 deduction) on cultivated land: higher on slopes near the hills, lower on paddy."""
    kcxs = np.zeros(len(codes))
    m = np.isin(codes, CULTIVATED)
    hill = np.exp(-shapely.distance(land.physical.hills, shapely.points(xy[m])) / 4000.0)
    k = 0.02 + 0.07 * hill + rng.uniform(0.0, 0.05, m.sum())
    k = np.where(codes[m] == "0101", 0.8 * k, k)
    kcxs[m] = np.round(np.clip(k, 0.02, 0.15), 4)
    return kcxs


def _touching(pieces: np.ndarray, geoms: np.ndarray) -> np.ndarray:
    """Parcels that share more than 1 m² with any of the geometries."""
    out = np.zeros(len(pieces), dtype=bool)
    if len(geoms) == 0:
        return out
    g, p = shapely.STRtree(pieces).query(geoms, predicate="intersects")
    overlap = shapely.area(shapely.intersection(geoms[g], pieces[p])) > 1.0
    out[p[overlap]] = True
    return out


def _village_codes(land: Landscape, xy: np.ndarray, town: np.ndarray) -> np.ndarray:
    """ZLDWDM: the nearest village of the parcel's own town, or the town's community (001)."""
    v, towns = land.villages, land.towns
    out = np.empty(len(xy), dtype=object)
    for t, code in enumerate(towns.codes):
        m = town == t
        own = v.town == t
        centers = np.vstack([towns.seats[t][None, :], v.xy[own]])
        labels = np.array([f"{code}001", *np.array(v.codes, dtype=object)[own]], dtype=object)
        src, hit = shapely.STRtree(shapely.points(centers)).query_nearest(
            shapely.points(xy[m]), all_matches=False
        )
        within = np.flatnonzero(m)
        out[within[src]] = labels[hit]
    return out.astype(str)
