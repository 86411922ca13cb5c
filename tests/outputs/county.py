"""A small county drawn by hand, whose run has a project of every status.

Three towns of 3 km × 3 km side by side in EPSG:4527 near Fengyang (大庙镇 is a pilot town),
each with its planning layers; seven projects; two linkage and one reclamation project. With a
quota of 100 mu the solution is worked out by hand:

| project | town | category | mu | value | site | status |
|---|---|---|---|---|---|---|
| P1 | 大庙镇 | industrial | 40 | 10 | inside the park | funded |
| P2 | 府城镇 | commercial | 80 | 8 | inside the UDB | partial (55 of 80) |
| P3 | 府城镇 | residential | 30, min share 1 | 1 | inside the UDB | unfunded |
| P4 | 刘府镇 | industrial | 15 | 20 | outside every park | ineligible |
| P5 | 刘府镇 | key, priority | 15 | 5 | in the ecological red line | conflict |
| P6 | 大庙镇 | livelihood | 5 | 9 | `<script>` in its name | funded |
| P7 | 刘府镇 | infrastructure | 5 | 0.5 | no site drawn | unfunded |
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import shapely
import yaml

X0, Y0 = 39_550_000.0, 3_630_000.0
CRS = "EPSG:4527"
A, B, C = "341126101", "341126102", "341126103"  # 大庙镇 (pilot), 府城镇, 刘府镇
EVIL = "<script>alert(1)</script>"
MU = 10_000 / 15


def rect(x0: float, y0: float, x1: float, y1: float) -> shapely.Polygon:
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def square(cx: float, cy: float, mu: float) -> shapely.Polygon:
    half = (mu * MU) ** 0.5 / 2
    return rect(cx - half, cy - half, cx + half, cy + half)


def _write(path: Path, geoms: list, **fields: list) -> str:
    gpd.GeoDataFrame(fields, geometry=geoms, crs=CRS).to_file(path, engine="pyogrio")
    return path.name


def make_county(folder: Path, *, synthetic: bool = True, name: str = "hand-county") -> Path:
    """Write the layers and scenario.yaml into `folder`; return the scenario's path."""
    folder.mkdir(parents=True, exist_ok=True)
    towns = [rect(0, 0, 3000, 3000), rect(3000, 0, 6000, 3000), rect(6000, 0, 9000, 3000)]
    layers = {
        "towns": _write(
            folder / "towns.gpkg", towns, code=[A, B, C], name=["大庙镇", "府城镇", "刘府镇"]
        ),
        "urban_development_boundary": _write(
            folder / "udb.gpkg",
            [rect(3400, 400, 5600, 2600), rect(800, 1800, 2200, 2800)],
            name=["府城镇开发边界", "大庙镇开发边界"],
        ),
        "permanent_basic_farmland": _write(
            folder / "pbf.gpkg",
            [rect(200, 200, 1400, 1400), rect(6200, 1800, 8800, 2800)],
            name=["基本农田一", "基本农田二"],
        ),
        "ecological_red_line": _write(
            folder / "erl.gpkg", [rect(7000, 200, 8800, 1400)], name=["凤阳山生态保护红线"]
        ),
        "industrial_parks": _write(
            folder / "parks.gpkg", [rect(1800, 200, 2800, 1200)], name=["大庙镇硅基新材料产业园"]
        ),
        "landuse": _write(
            folder / "landuse.gpkg",
            [
                rect(0, 0, 1600, 3000),
                rect(1600, 0, 3000, 1800),
                rect(1600, 1800, 3000, 3000),
                rect(3000, 0, 6000, 3000),
                rect(6000, 0, 9000, 1500),
                rect(6000, 1500, 9000, 3000),
            ],
            DLBM=["0101", "0103", "0702", "0701", "0301", "0102"],
            DLMC=["水田", "旱地", "农村宅基地", "城镇住宅用地", "乔木林地", "水浇地"],
        ),
        "project_sites": _write(
            folder / "sites.gpkg",
            [
                square(2300, 700, 40),
                square(4500, 1500, 80),
                square(4000, 800, 30),
                square(6600, 1000, 15),
                square(7800, 800, 15),
                square(2500, 2500, 5),
            ],
            id=["P1", "P2", "P3", "P4", "P5", "P6"],
        ),
        "linkage_parcels": _write(
            folder / "linkage.gpkg",
            [square(600, 2500, 8), square(900, 2600, 6), square(8500, 2600, 10)],
            id=["L1", "L1", "L2"],
        ),
        "reclamation_sites": _write(
            folder / "reclamation.gpkg", [square(5500, 300, 20)], id=["R1"]
        ),
    }
    scenario = {
        "name": name,
        "year": 2026,
        "county": {"code": "341126", "name": "凤阳县（测试）"},
        "crs": CRS,
        "synthetic": synthetic,
        "quota": {"new_construction": 100, "pilot_reserve": 20},
        "reclamation_budget": 2_000_000,
        "towns": [
            {
                "code": A,
                "name": "大庙镇",
                "pilot": True,
                "farmland_credits": {"quantity": 60, "paddy": 45},
            },
            {"code": B, "name": "府城镇"},
            {"code": C, "name": "刘府镇"},
        ],
        "projects": [
            _p("P1", "大庙镇硅砂深加工项目", A, "industrial", 40, 10),
            _p("P2", "府城镇商业综合体", B, "commercial", 80, 8),
            _p("P3", "府城镇安置小区", B, "residential", 30, 1, min_share=1),
            _p("P4", "刘府镇汽车拆解项目", C, "industrial", 15, 20),
            _p("P5", "刘府镇重点物流园", C, "key", 15, 5, priority=True),
            _p("P6", EVIL, A, "livelihood", 5, 9),
            _p("P7", "刘府镇道路", C, "infrastructure", 5, 0.5, farmland=0, paddy=0),
        ],
        "linkage": [
            {
                "id": "L1",
                "name": "大庙镇王庄拆旧",
                "town": A,
                "reclaim": 14,
                "farmland_gain": 12,
                "cost": 300_000,
            },
            {
                "id": "L2",
                "name": "刘府镇李郢拆旧",
                "town": C,
                "reclaim": 10,
                "farmland_gain": 9,
                "cost": 9_000_000,
            },
        ],
        "reclamation": [
            {
                "id": "R1",
                "name": "府城镇土地整理",
                "town": B,
                "quantity": 20,
                "paddy": 5,
                "cost": 0,
                "divisible": True,
            },
        ],
        "layers": layers,
    }
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _p(pid: str, name: str, town: str, category: str, area: float, value: float, **extra) -> dict:
    return {
        "id": pid,
        "name": name,
        "town": town,
        "category": category,
        "area": area,
        "value_per_mu": value,
        **extra,
    }


HOSTILE_TOWN = "府城镇{{7*7}}<b>x</b>"


def make_rolling_county(folder: Path) -> Path:
    """The same county as a two-year rolling plan (2026–2027, 60 mu a year): P1 must have its
    land in 2026, P2 and P6 in 2027; 府城镇 is named with markup (HOSTILE_TOWN), 大庙镇 has
    settled migrants (人地挂钩, mode cap)."""
    path = make_county(folder, name="hand-rolling")
    s = yaml.safe_load(path.read_text(encoding="utf-8"))
    s["horizon"] = {"from": 2026, "to": 2027}
    s["quota"] = {"new_construction": {2026: 60, 2027: 60}, "pilot_reserve": {2026: 10, 2027: 10}}
    s["urbanisation"] = {"mode": "cap"}
    s["towns"][0] |= {"urban_population": {2025: 10000}, "urban_construction_land": 1200,
                      "settled_migrants": {2026: 100, 2027: 120}}
    s["towns"][1]["name"] = HOSTILE_TOWN
    byid = {p["id"]: p for p in s["projects"]}
    byid["P1"]["latest"] = 2026
    byid["P2"]["earliest"] = 2027
    byid["P6"]["earliest"] = 2027
    path.write_text(yaml.safe_dump(s, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
