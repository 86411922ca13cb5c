"""The synthetic demo county: it loads, the same arguments give the same county, and its
layers hold what the scenario says, including the sites that break a rule on purpose."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal

from landplan.demo import generate_county
from landplan.errors import OptionError
from landplan.scenario import load_scenario
from landplan.scenario.schema import Scenario

REPO = Path(__file__).resolve().parents[1]
SMALL = {"n_parcels": 2000, "n_projects": 30}
LAYER_KEYS = (
    "towns",
    "urban_development_boundary",
    "permanent_basic_farmland",
    "ecological_red_line",
    "industrial_parks",
    "landuse",
    "project_sites",
    "linkage_parcels",
    "reclamation_sites",
)
REQUIRED_FIELDS = {
    "towns": {"code", "name"},
    "industrial_parks": {"name", "town"},
    "landuse": {"BSM", "DLBM", "DLMC", "TBMJ", "KCXS", "ZLDWDM"},
    "project_sites": {"id", "name"},
    "linkage_parcels": {"id"},
    "reclamation_sites": {"id"},
}
M2_PER_MU = 10000 / 15
TOLERANCE_M2 = 10.0


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("county")
    return generate_county(root / "scenarios" / "demo.yaml", root / "gis", **SMALL)


@pytest.fixture(scope="module")
def scenario(county: Path) -> Scenario:
    return load_scenario(county)


def _layer(s: Scenario, key: str) -> gpd.GeoDataFrame:
    return gpd.read_file(s.layer_source(key))


def test_small_county_loads_and_says_it_is_synthetic(scenario: Scenario) -> None:
    assert scenario.synthetic
    assert "not real survey data" in scenario.description
    assert (scenario.county.code, scenario.crs, scenario.units) == ("341126", "EPSG:4527", "mu")
    assert [t.code for t in scenario.towns] == [f"341126{101 + i}" for i in range(12)]
    assert {t.name for t in scenario.towns if t.pilot} == {"大庙镇", "刘府镇", "临淮关镇", "武店镇"}
    assert len(scenario.projects) == 30
    assert [p.id for p in scenario.projects] == [f"P{i:02d}" for i in range(1, 31)]
    assert len(scenario.linkage) == 10 and len(scenario.reclamation) == 8


def test_quota_is_scarce_and_priority_fits(scenario: Scenario) -> None:
    demand = sum(p.area for p in scenario.projects)
    q = scenario.quota.new_construction
    assert 0.35 * demand <= q <= 0.45 * demand
    assert sum(p.area for p in scenario.projects if p.priority) < 0.5 * q
    assert scenario.quota.pilot_reserve <= 0.25 * q + 1
    assert scenario.reclamation_budget < sum(k.cost for k in scenario.linkage) + sum(
        r.cost for r in scenario.reclamation
    )


def test_same_arguments_give_the_same_county(county: Path, tmp_path: Path) -> None:
    again = generate_county(tmp_path / "scenarios" / "demo.yaml", tmp_path / "gis", **SMALL)
    assert again.read_bytes() == county.read_bytes()
    first, second = load_scenario(county), load_scenario(again)
    for key in LAYER_KEYS:
        assert_geodataframe_equal(_layer(first, key), _layer(second, key))


def test_another_seed_gives_another_county(county: Path, tmp_path: Path) -> None:
    other = generate_county(tmp_path / "s.yaml", tmp_path / "gis", seed=7, **SMALL)
    assert other.read_bytes() != county.read_bytes()


@pytest.mark.parametrize("key", LAYER_KEYS)
def test_layer_exists_in_the_scenario_crs_with_its_fields(scenario: Scenario, key: str) -> None:
    path = Path(scenario.layer_source(key))
    assert path.is_file() and path.suffix == ".gpkg"
    assert getattr(scenario.layers, key) == f"../gis/{path.name}"
    info = pyogrio.read_info(path)
    assert info["crs"] == "EPSG:4527"
    assert REQUIRED_FIELDS.get(key, set()) <= set(info["fields"])


def test_landuse_fields_follow_the_survey(scenario: Scenario) -> None:
    lu = _layer(scenario, "landuse")
    assert lu["BSM"].is_unique
    assert lu["DLBM"].str.fullmatch(r"\d{4}").all()
    assert lu["ZLDWDM"].str.fullmatch(r"341126\d{6}").all()
    cultivated = lu["DLBM"].isin(["0101", "0102", "0103"])
    assert lu.loc[cultivated, "KCXS"].between(0.02, 0.15).all()
    assert (lu.loc[~cultivated, "KCXS"] == 0).all()
    assert (lu["TBMJ"] - lu.area).abs().max() < 0.01
    share = lu.loc[cultivated, "TBMJ"].sum() / lu["TBMJ"].sum()
    assert 0.45 < share < 0.7


def test_parcels_cover_the_county_without_gaps(scenario: Scenario) -> None:
    county = _layer(scenario, "towns").union_all()
    lu = _layer(scenario, "landuse")
    assert len(lu) >= SMALL["n_parcels"]
    assert lu["TBMJ"].sum() == pytest.approx(county.area, rel=1e-6)
    gaps = shapely.get_parts(county.difference(lu.union_all()))
    assert max(shapely.area(gaps), default=0.0) < 100.0


def test_every_project_has_exactly_one_site_of_its_area(scenario: Scenario) -> None:
    sites = _layer(scenario, "project_sites")
    assert sorted(sites["id"]) == sorted(p.id for p in scenario.projects)
    area = dict(zip(sites["id"], sites.area / M2_PER_MU, strict=True))
    for p in scenario.projects:
        assert area[p.id] == pytest.approx(p.area, abs=0.01)


def test_linkage_sites_lie_on_homesteads(scenario: Scenario) -> None:
    sites = _layer(scenario, "linkage_parcels")
    assert sorted(sites["id"]) == [k.id for k in scenario.linkage]
    lu = _layer(scenario, "landuse")
    homesteads = lu[lu["DLBM"] == "0702"].union_all()
    for k, geom in zip(sites["id"], sites.geometry, strict=True):
        assert geom.difference(homesteads).area < 0.01 * geom.area, k
    reclaim = dict(zip(sites["id"], sites.area / M2_PER_MU, strict=True))
    for k in scenario.linkage:
        assert reclaim[k.id] == pytest.approx(k.reclaim, abs=0.01)


def test_linkage_and_reclamation_sites_keep_clear_of_the_control_lines(scenario: Scenario) -> None:
    sites = gpd.GeoDataFrame(
        pd.concat([_layer(scenario, "linkage_parcels"), _layer(scenario, "reclamation_sites")])
    )
    for key in ("permanent_basic_farmland", "ecological_red_line"):
        lines = _layer(scenario, key).union_all()
        assert sites.intersection(lines).area.max() <= TOLERANCE_M2, key


def _faults(s: Scenario) -> dict[str, set[str]]:
    """The rules each project's site breaks, with the default 10 m² tolerance."""
    towns = _layer(s, "towns").set_index("code").geometry
    sites = _layer(s, "project_sites").set_index("id").geometry
    udb, pbf, erl, parks = (
        _layer(s, k).union_all()
        for k in ("urban_development_boundary", "permanent_basic_farmland", "ecological_red_line",
                  "industrial_parks")
    )  # fmt: skip
    out = {}
    for p in s.projects:
        g = sites[p.id]
        tests = {
            "town": g.difference(towns[p.town]).area,
            "pbf": g.intersection(pbf).area,
            "erl": g.intersection(erl).area,
            "udb": g.difference(udb).area if p.category in ("commercial", "residential") else 0,
            "park": g.difference(parks).area if p.category == "industrial" else 0,
        }
        out[p.id] = {rule for rule, area in tests.items() if area > TOLERANCE_M2}
    return out


def test_six_sites_break_one_rule_each_and_the_rest_are_clean(scenario: Scenario) -> None:
    faults = {pid: rules for pid, rules in _faults(scenario).items() if rules}
    assert sorted(r for rules in faults.values() for r in rules) == [
        "erl", "park", "pbf", "pbf", "town", "udb",
    ]  # fmt: skip
    assert all(len(rules) == 1 for rules in faults.values())
    conflict = [p.id for p in scenario.projects if p.priority and p.id in faults]
    assert len(conflict) == 1 and faults[conflict[0]] == {"pbf"}


def test_out_of_range_arguments_are_named(tmp_path: Path) -> None:
    with pytest.raises(OptionError, match="field `--towns`: is 3; it must be from 5 to 40"):
        generate_county(tmp_path / "s.yaml", tmp_path / "gis", n_towns=3)


def test_shipped_demo_loads() -> None:
    s = load_scenario(REPO / "scenarios" / "demo.yaml")
    assert s.synthetic and s.name == "demo"
    assert len(s.towns) == 12 and len(s.projects) == 100
    for key in LAYER_KEYS:
        assert Path(s.layer_source(key)).is_file(), key
    assert pyogrio.read_info(s.layer_source("landuse"))["features"] >= 20_000
