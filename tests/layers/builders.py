"""Hand-made layers near Fengyang in EPSG:4527 (CGCS2000 GK zone 39, false easting 39,500,000 m).

Coordinates in the tests are metres from the origin below, so overlap areas can be worked out
by hand: `rect(100, 100, 200, 200)` is a 100 m × 100 m square of 10,000 m² (15 mu).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely

from landplan.scenario import Scenario, parse_scenario

X0, Y0 = 39_550_000.0, 3_630_000.0
CRS = "EPSG:4527"
TOWN_A, TOWN_B = "341126101", "341126102"


def rect(x0: float, y0: float, x1: float, y1: float) -> shapely.Polygon:
    """A rectangle given in metres from the test origin."""
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def write_layer(
    path: Path,
    geoms: list[Any],
    crs: str | None = CRS,
    layer: str | None = None,
    driver: str | None = None,
    **fields: list[Any],
) -> Path:
    """Write polygons with attribute columns to a GeoPackage, Shapefile or GeoJSON."""
    gdf = gpd.GeoDataFrame(fields, geometry=list(geoms), crs=crs)
    kwargs = {k: v for k, v in (("layer", layer), ("driver", driver)) if v}
    gdf.to_file(path, engine="pyogrio", **kwargs)
    return path


def towns_layer(folder: Path) -> Path:
    """Town A is the square 0–1000 m, town B the square east of it (1000–2000 m)."""
    return write_layer(
        folder / "towns.gpkg",
        [rect(0, 0, 1000, 1000), rect(1000, 0, 2000, 1000)],
        code=[TOWN_A, TOWN_B],
        name=["大庙镇", "刘府镇"],
    )


def project(
    pid: str, category: str = "industrial", area: float = 15.0, town: str = TOWN_A, **extra: Any
) -> dict[str, Any]:
    """A scenario project; 15 mu is the 100 m × 100 m square used by most tests."""
    return {
        "id": pid,
        "name": f"project {pid}",
        "town": town,
        "category": category,
        "area": area,
        "value_per_mu": 1.0,
        **extra,
    }


def make_scenario(
    folder: Path,
    projects: list[dict[str, Any]],
    layers: dict[str, str],
    **extra: Any,
) -> Scenario:
    """A minimal valid scenario whose relative layer paths resolve against `folder`."""
    if "landuse" not in layers:
        projects = [{"farmland": 0, "paddy": 0, **p} for p in projects]
    data = {
        "name": "test",
        "year": 2025,
        "county": {"code": "341126", "name": "凤阳县"},
        "crs": CRS,
        "quota": {"new_construction": 100},
        "towns": [{"code": TOWN_A, "name": "大庙镇"}, {"code": TOWN_B, "name": "刘府镇"}],
        "projects": projects,
        "layers": layers,
        **extra,
    }
    scenario = parse_scenario(data)
    scenario._path = folder / "scenario.yaml"
    return scenario
