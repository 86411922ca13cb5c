"""增减挂钩 demolition areas on village homesteads and 补充耕地 reclamation sites, with the
records that go with them."""

from __future__ import annotations

import numpy as np
import shapely

from landplan.demo.planning import Landscape
from landplan.demo.shapes import M2_PER_MU, polygonal, star_polygon
from landplan.demo.sites import Occupancy, draw_blob_site
from landplan.errors import OptionError, Problem

# kind: (name suffix, land-use class under the site before reclamation)
RECLAMATION_KINDS = {
    "mine": ("废弃矿山复垦项目", "0602"),
    "consolidate": ("土地综合整治项目", "1206"),
    "develop": ("未利用地开发项目", "0404"),
}
MINING_TOWNS = ("大庙镇", "武店镇")


def make_linkage(
    rng: np.random.Generator, land: Landscape, n: int, occupied: Occupancy
) -> tuple[list[dict], np.ndarray]:
    """n demolition areas (拆旧区), each the homestead core of one village, spread over the towns."""
    v, towns = land.villages, land.towns
    features = shapely.union_all([g for g, _ in land.features])
    width = max(2, len(str(n)))
    records, geoms = [], []
    for j in _spread(rng, v.town):
        if len(records) == n:
            break
        target = rng.uniform(20.0, 150.0) * M2_PER_MU
        geom = polygonal(star_polygon(rng, v.xy[j], target, roughness=0.25).difference(features))
        if not occupied.free(geom):
            continue
        occupied.add(geom)
        reclaim = round(geom.area / M2_PER_MU, 2)
        gain = round(reclaim * rng.uniform(0.85, 0.95), 2)
        paddy = round(gain * float(land.paddy_share(v.xy[j][None])[0]) * rng.uniform(0.5, 1.0), 2)
        town = int(v.town[j])
        records.append(
            {
                "id": f"L{len(records) + 1:0{width}d}",
                "name": f"{towns.names[town]}{v.names[j]}增减挂钩拆旧项目",
                "town": towns.codes[town],
                "reclaim": reclaim,
                "farmland_gain": gain,
                "paddy_gain": paddy,
                "cost": int(round(reclaim * rng.uniform(30_000.0, 60_000.0))),
                "divisible": bool(rng.random() < 0.2),
            }
        )
        geoms.append(geom)
    if len(records) < n:
        raise OptionError(Problem(
            f"is {n:,}; this county has {len(records)} villages to pull down, so it must be at "
            f"most {len(records)}", field="--linkage", hint="give fewer, or another --seed"))
    return records, np.array(geoms)


def _spread(rng: np.random.Generator, town: np.ndarray) -> list[int]:
    """Village indices in random order, taking the towns in turn."""
    order = rng.permutation(len(town))
    by_town: dict[int, list[int]] = {}
    for j in order:
        by_town.setdefault(int(town[j]), []).append(int(j))
    queues = list(by_town.values())
    out: list[int] = []
    while any(queues):
        for q in queues:
            if q:
                out.append(q.pop(0))
    return out


def make_reclamation(
    rng: np.random.Generator, land: Landscape, n: int, occupied: Occupancy
) -> tuple[list[dict], np.ndarray, list[str]]:
    """n reclamation sites: the abandoned quarries of the mining towns first, then land
    consolidation and development of unused land across the towns."""
    towns = land.towns
    mining = [i for i in (towns.index(m) for m in MINING_TOWNS) if i is not None]
    order = [int(t) for t in rng.permutation(len(towns.codes))]
    width = max(2, len(str(n)))
    records, geoms, classes = [], [], []
    for k in range(n):
        kind = "mine" if k < len(mining) else str(rng.choice(["consolidate", "develop"]))
        first = mining[k] if k < len(mining) else order[(k - len(mining)) % len(order)]
        quantity = round(float(rng.uniform(50.0, 400.0)), 1)
        area = quantity / rng.uniform(0.8, 0.92) * M2_PER_MU
        for town in [first, *(t for t in order if t != first)]:
            geom = draw_blob_site(
                rng, _rural_region(land, town, kind), area, occupied,
                lambda c, a: star_polygon(rng, c, a, roughness=0.2),
            )  # fmt: skip
            if geom is not None:
                break
        else:
            raise OptionError(Problem(f"no room for reclamation site {k + 1} in this county",
                                      field="--reclamation",
                                      hint="give fewer, or another --seed"))
        suffix, dlbm = RECLAMATION_KINDS[kind]
        share = float(land.paddy_share(np.array(geom.centroid.coords))[0])
        records.append(
            {
                "id": f"R{k + 1:0{width}d}",
                "name": f"{towns.names[town]}{suffix}",
                "town": towns.codes[town],
                "quantity": quantity,
                "paddy": round(quantity * share * rng.uniform(0.3, 0.8), 1),
                "cost": int(round(quantity * rng.uniform(20_000.0, 40_000.0))),
                "divisible": bool(rng.random() < 0.5),
            }
        )
        geoms.append(geom)
        classes.append(dlbm)
    return records, np.array(geoms), classes


def _rural_region(land: Landscape, town: int, kind: str) -> shapely.Geometry:
    """Open country of the town away from towns, villages, farmland reserves and red lines;
    quarries lie 1.5–8 km from the seat."""
    v = land.villages
    discs = shapely.buffer(shapely.points(v.xy[v.town == town]), v.radius[v.town == town] + 60.0)
    keep_out = shapely.union_all(
        [land.udb[town].buffer(300.0), land.pbf_union, land.erl_union, shapely.union_all(discs)]
        + [g for g, _ in land.features]
    )
    region = land.towns.geoms[town].difference(keep_out)
    if kind == "mine":
        seat = shapely.Point(land.towns.seats[town])
        region = region.intersection(seat.buffer(8000.0).difference(seat.buffer(1500.0)))
    return region
