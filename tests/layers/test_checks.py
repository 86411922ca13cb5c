"""check_sites: each eligibility rule binding and not binding, the sliver tolerance, what is
left unchecked, notes, and all problems of all layers reported together.

Town A is the square 0–1000 m, town B lies east of it. The usual site is the 100 m square
at 100–200 m (10,000 m², 15 mu), well inside town A.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from landplan.errors import LayerError
from landplan.layers import Reason, SiteChecks, check_sites
from tests.layers.builders import TOWN_A, make_scenario, project, rect, towns_layer, write_layer

SITE = rect(100, 100, 200, 200)


def run(
    folder: Path,
    projects: list[dict[str, Any]],
    sites: dict[str, Any],
    zones: dict[str, list[Any]] | None = None,
    **extra: Any,
) -> SiteChecks:
    """Write the sites, the towns and the given planning zones, then check the sites."""
    write_layer(folder / "sites.gpkg", list(sites.values()), id=list(sites))
    towns_layer(folder)
    layers = {"project_sites": "sites.gpkg", "towns": "towns.gpkg"}
    for key, geoms in (zones or {}).items():
        write_layer(folder / f"{key}.gpkg", geoms, kind=[key] * len(geoms))
        layers[key] = f"{key}.gpkg"
    return check_sites(make_scenario(folder, projects, layers, **extra))


def row(checks: SiteChecks, pid: str = "P1") -> Any:
    return checks.projects.loc[pid]


# --- the table -----------------------------------------------------------------------------


def test_table_has_every_project_in_scenario_order(folder: Path) -> None:
    checks = run(folder, [project("P2"), project("P1"), project("P3")], {"P1": SITE, "P2": SITE})
    table = checks.projects
    assert list(table.index) == ["P2", "P1", "P3"]
    assert list(table.columns) == [
        "has_site",
        "site_area",
        "outside_town_m2",
        "pbf_m2",
        "erl_m2",
        "outside_udb_m2",
        "outside_park_m2",
        "farmland",
        "paddy",
        "eligible",
        "reasons",
    ]
    assert table.loc["P1", "site_area"] == pytest.approx(15.0)
    assert not table.loc["P3", "has_site"] and table.loc["P3", "eligible"]
    assert table.loc["P3", "reasons"] == ()


def test_site_area_in_hectares(folder: Path) -> None:
    checks = run(folder, [project("P1", area=1.0)], {"P1": SITE}, units="ha")
    assert row(checks).site_area == pytest.approx(1.0)


# --- inside its own town -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("site", "outside", "eligible"),
    [
        (SITE, 0.0, True),
        (rect(900.05, 100, 1000.05, 200), 5.0, True),  # a sliver over the border
        (rect(901, 100, 1001, 200), 100.0, False),
        (rect(950, 100, 1050, 200), 5000.0, False),
    ],
    ids=["inside", "5 m² sliver", "100 m² outside", "half outside"],
)
def test_inside_town(folder: Path, site: Any, outside: float, eligible: bool) -> None:
    r = row(run(folder, [project("P1")], {"P1": site}))
    assert r.outside_town_m2 == pytest.approx(outside, abs=1e-3)
    assert r.eligible == eligible


def test_outside_town_reason_names_the_town_and_area(folder: Path) -> None:
    r = row(run(folder, [project("P1")], {"P1": rect(950, 100, 1050, 200)}))
    assert r.reasons == (
        Reason(
            "outside_town",
            5000.0,
            f"5,000 m² (7.50 mu) of the site lies outside its town {TOWN_A} (大庙镇)",
        ),
    )


def test_a_site_in_the_other_town_is_outside_its_own(folder: Path) -> None:
    r = row(run(folder, [project("P1")], {"P1": rect(1100, 100, 1200, 200)}))
    assert r.outside_town_m2 == pytest.approx(10_000)
    assert not r.eligible


def test_inside_town_rule_switched_off(folder: Path) -> None:
    r = row(
        run(
            folder, [project("P1")], {"P1": rect(950, 100, 1050, 200)}, rules={"inside_town": False}
        )
    )
    assert r.outside_town_m2 == pytest.approx(5000)
    assert r.eligible


# --- permanent basic farmland and ecological red line ---------------------------------------


OVERLAPS = [
    (rect(300, 300, 400, 400), 0.0, True),
    (rect(199, 100, 300, 105), 5.0, True),  # 1 m × 5 m sliver
    (rect(190, 100, 300, 105), 50.0, False),  # 10 m × 5 m
    (rect(0, 0, 1000, 1000), 10_000.0, False),
]
OVERLAP_IDS = ["apart", "5 m² sliver", "50 m²", "covers the site"]


@pytest.mark.parametrize(("zone", "overlap", "eligible"), OVERLAPS, ids=OVERLAP_IDS)
def test_permanent_basic_farmland(folder: Path, zone: Any, overlap: float, eligible: bool) -> None:
    r = row(run(folder, [project("P1")], {"P1": SITE}, {"permanent_basic_farmland": [zone]}))
    assert r.pbf_m2 == pytest.approx(overlap)
    assert r.eligible == eligible
    assert [x.code for x in r.reasons] == ([] if eligible else ["permanent_basic_farmland"])


@pytest.mark.parametrize(("zone", "overlap", "eligible"), OVERLAPS, ids=OVERLAP_IDS)
def test_ecological_red_line(folder: Path, zone: Any, overlap: float, eligible: bool) -> None:
    r = row(run(folder, [project("P1")], {"P1": SITE}, {"ecological_red_line": [zone]}))
    assert r.erl_m2 == pytest.approx(overlap)
    assert r.eligible == eligible
    assert [x.code for x in r.reasons] == ([] if eligible else ["ecological_red_line"])


def test_reason_reports_the_overlap(folder: Path) -> None:
    r = row(
        run(
            folder,
            [project("P1")],
            {"P1": SITE},
            {"permanent_basic_farmland": [rect(190, 100, 300, 105)]},
        )
    )
    assert r.reasons == (
        Reason(
            "permanent_basic_farmland",
            50.0,
            "the site overlaps permanent basic farmland (永久基本农田) by 50 m² (0.08 mu)",
        ),
    )
    assert str(r.reasons[0]).startswith("the site overlaps permanent basic farmland")


def test_reason_in_a_hectare_scenario_gives_mu_too(folder: Path) -> None:
    r = row(
        run(
            folder,
            [project("P1", area=1.0)],
            {"P1": SITE},
            {"permanent_basic_farmland": [rect(150, 100, 300, 200)]},
            units="ha",
        )
    )
    assert [str(x) for x in r.reasons] == [
        "the site overlaps permanent basic farmland (永久基本农田) by 5,000 m² (7.50 mu, 0.5000 ha)"
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("code", ["outside_town", "permanent_basic_farmland",
                                  "ecological_red_line", "outside_udb", "outside_park"])
def test_every_site_reason_gives_mu_beside_square_metres(code: str, lang: str) -> None:
    """The reasons of allocation.csv, the map and the report, in both languages."""
    from landplan.solution import reason_text

    text = reason_text([{"key": "ineligible", "sites": [{"code": code, "area_m2": 22_582.0}]}],
                       "ha", lang)
    assert "22,582 m²" in text
    assert ("（33.87 亩）" if lang == "zh" else "(33.87 mu)") in text


def test_overlapping_zones_are_counted_once(folder: Path) -> None:
    zones = [rect(150, 100, 300, 200), rect(180, 100, 300, 200)]  # both cover x 180–200
    r = row(run(folder, [project("P1")], {"P1": SITE}, {"permanent_basic_farmland": zones}))
    assert r.pbf_m2 == pytest.approx(5000)


def test_tolerance_is_a_scenario_setting(folder: Path) -> None:
    r = row(
        run(
            folder,
            [project("P1")],
            {"P1": SITE},
            {"permanent_basic_farmland": [rect(190, 100, 300, 105)]},
            rules={"area_tolerance_m2": 100},
        )
    )
    assert r.pbf_m2 == pytest.approx(50)
    assert r.eligible


def test_farmland_and_red_line_rules_switched_off(folder: Path) -> None:
    zone = [rect(0, 0, 1000, 1000)]
    r = row(
        run(
            folder,
            [project("P1")],
            {"P1": SITE},
            {"permanent_basic_farmland": zone, "ecological_red_line": zone},
            rules={"exclude_permanent_basic_farmland": False, "exclude_ecological_red_line": False},
        )
    )
    assert r.pbf_m2 == pytest.approx(10_000) and r.erl_m2 == pytest.approx(10_000)
    assert r.eligible


def test_several_reasons_at_once(folder: Path) -> None:
    zone = [rect(0, 0, 1000, 1000)]
    r = row(
        run(
            folder,
            [project("P1")],
            {"P1": rect(950, 100, 1050, 200)},
            {"permanent_basic_farmland": zone, "ecological_red_line": zone},
        )
    )
    assert [x.code for x in r.reasons] == [
        "outside_town",
        "permanent_basic_farmland",
        "ecological_red_line",
    ]


# --- urban development boundary and industrial parks ----------------------------------------


@pytest.mark.parametrize(
    ("udb", "outside", "eligible"),
    [
        (rect(0, 0, 1000, 1000), 0.0, True),
        (rect(0, 0, 199.95, 1000), 5.0, True),
        (rect(0, 0, 150, 1000), 5000.0, False),
    ],
    ids=["inside", "5 m² sliver outside", "half outside"],
)
def test_urban_development_boundary(folder: Path, udb: Any, outside: float, eligible: bool) -> None:
    r = row(
        run(
            folder,
            [project("P1", "commercial")],
            {"P1": SITE},
            {"urban_development_boundary": [udb]},
        )
    )
    assert r.outside_udb_m2 == pytest.approx(outside, abs=1e-3)
    assert r.eligible == eligible
    assert [x.code for x in r.reasons] == ([] if eligible else ["outside_udb"])


def test_udb_applies_only_to_its_categories(folder: Path) -> None:
    udb = [rect(0, 0, 150, 1000)]
    checks = run(
        folder,
        [project("P1", "residential"), project("P2", "infrastructure")],
        {"P1": SITE, "P2": SITE},
        {"urban_development_boundary": udb},
    )
    assert not row(checks, "P1").eligible
    assert math.isnan(row(checks, "P2").outside_udb_m2)
    assert row(checks, "P2").eligible


def test_udb_categories_are_a_scenario_setting(folder: Path) -> None:
    udb = [rect(0, 0, 150, 1000)]
    checks = run(
        folder,
        [project("P1", "commercial"), project("P2", "infrastructure")],
        {"P1": SITE, "P2": SITE},
        {"urban_development_boundary": udb},
        rules={"udb_categories": ["infrastructure"]},
    )
    assert math.isnan(row(checks, "P1").outside_udb_m2) and row(checks, "P1").eligible
    assert not row(checks, "P2").eligible


def test_industrial_site_inside_two_adjacent_parks(folder: Path) -> None:
    parks = [rect(0, 0, 150, 1000), rect(150, 0, 1000, 1000)]
    r = row(run(folder, [project("P1", "industrial")], {"P1": SITE}, {"industrial_parks": parks}))
    assert r.outside_park_m2 == pytest.approx(0, abs=1e-6)
    assert r.eligible


def test_industrial_site_half_outside_the_park(folder: Path) -> None:
    r = row(
        run(
            folder,
            [project("P1", "industrial")],
            {"P1": SITE},
            {"industrial_parks": [rect(0, 0, 150, 1000)]},
        )
    )
    assert r.reasons == (
        Reason(
            "outside_park",
            5000.0,
            "5,000 m² (7.50 mu) of this industrial site lies outside every industrial park (工业集中区)",
        ),
    )


def test_park_rule_does_not_touch_other_categories(folder: Path) -> None:
    r = row(
        run(
            folder,
            [project("P1", "livelihood")],
            {"P1": SITE},
            {"industrial_parks": [rect(500, 500, 600, 600)]},
        )
    )
    assert math.isnan(r.outside_park_m2)
    assert r.eligible


def test_park_rule_switched_off(folder: Path) -> None:
    r = row(
        run(
            folder,
            [project("P1", "industrial")],
            {"P1": SITE},
            {"industrial_parks": [rect(500, 500, 600, 600)]},
            rules={"park_categories": []},
        )
    )
    assert math.isnan(r.outside_park_m2)
    assert r.eligible


# --- what could not be checked ---------------------------------------------------------------


def test_absent_layers_are_listed_as_unchecked(folder: Path) -> None:
    checks = run(folder, [project("P1", "commercial"), project("P2", "industrial")], {"P1": SITE})
    assert checks.unchecked == [
        "projects without a site in the project sites (项目用地红线) layer (counted eligible, "
        "not checked): P2",
        "permanent basic farmland (永久基本农田): layer not given — sites not checked for "
        "permanent basic farmland",
        "ecological red line (生态保护红线): layer not given — sites not checked against the "
        "ecological red line",
        "urban development boundary (城镇开发边界): layer not given — commercial sites not checked",
    ]
    r = row(checks)
    assert math.isnan(r.pbf_m2) and math.isnan(r.outside_udb_m2) and math.isnan(r.farmland)
    assert r.eligible


def test_switched_off_rules_are_not_unchecked(folder: Path) -> None:
    checks = run(
        folder,
        [project("P1", "livelihood")],
        {"P1": SITE},
        rules={"exclude_permanent_basic_farmland": False, "exclude_ecological_red_line": False},
    )
    assert checks.unchecked == []


def test_without_a_sites_layer_nothing_is_checked(folder: Path) -> None:
    towns_layer(folder)
    checks = check_sites(make_scenario(folder, [project("P1")], {"towns": "towns.gpkg"}))
    assert checks.unchecked == [
        "project sites (项目用地红线): layer not given — no project site was checked "
        "(projects counted eligible)"
    ]
    assert not row(checks).has_site and row(checks).eligible
    assert set(checks.layers) == {"towns"}


def test_without_a_towns_layer_outside_town_is_unknown(folder: Path) -> None:
    write_layer(folder / "sites.gpkg", [SITE], id=["P1"])
    checks = check_sites(
        make_scenario(
            folder,
            [project("P1", "livelihood")],
            {"project_sites": "sites.gpkg"},
            rules={"exclude_permanent_basic_farmland": False, "exclude_ecological_red_line": False},
        )
    )
    assert math.isnan(row(checks).outside_town_m2)
    assert checks.unchecked == [
        "towns (乡镇): layer not given — sites not checked against their town's boundary"
    ]


# --- notes ----------------------------------------------------------------------------------


def test_note_when_site_area_differs_from_request(folder: Path) -> None:
    checks = run(
        folder, [project("P1", area=20.0), project("P2", area=16.0)], {"P1": SITE, "P2": SITE}
    )
    text = [str(n) for n in checks.notes]
    assert any(
        t.endswith(
            "record projects P1: the site measures 15.00 mu but the project requests 20 mu (-25%)"
        )
        for t in text
    )
    assert not any("projects P2" in t for t in text)  # 6% off is fine


def test_note_for_sites_not_in_the_scenario(folder: Path) -> None:
    checks = run(folder, [project("P1")], {"P1": SITE, "X9": SITE})
    assert any(
        "1 project sites in the layer are not in the scenario and were ignored: X9" in str(n)
        for n in checks.notes
    )


# --- problems of the layers ------------------------------------------------------------------


def test_scenario_town_missing_from_towns_layer(folder: Path) -> None:
    write_layer(folder / "towns.gpkg", [rect(0, 0, 1000, 1000)], code=[TOWN_A])
    with pytest.raises(
        LayerError,
        match=r"towns\.gpkg, field `code`: town 341126102 \(刘府镇\) of the scenario is not in the towns layer",
    ):
        check_sites(make_scenario(folder, [project("P1")], {"towns": "towns.gpkg"}))


def test_all_problems_of_all_layers_are_reported_together(folder: Path) -> None:
    write_layer(folder / "towns.gpkg", [rect(0, 0, 1000, 1000)], code=[TOWN_A])
    write_layer(folder / "sites.gpkg", [SITE], name=["P1"])
    write_layer(folder / "dltb.gpkg", [SITE], DLBM_1=["0101"])
    layers = {
        "towns": "towns.gpkg",
        "project_sites": "sites.gpkg",
        "landuse": "dltb.gpkg",
        "permanent_basic_farmland": "jbnt.gpkg",
        "ecological_red_line": "postgresql://gis@db/stbhhx",
    }
    with pytest.raises(LayerError) as exc:
        check_sites(make_scenario(folder, [project("P1")], layers))
    text = str(exc.value)
    assert len(exc.value.problems) == 5
    assert "town 341126102 (刘府镇) of the scenario is not in the towns layer" in text
    assert "sites.gpkg, field `id`: is missing from the layer" in text
    assert "dltb.gpkg, field `DLBM`: is missing from the layer — did you mean `DLBM_1`?" in text
    assert "jbnt.gpkg, field `layers.permanent_basic_farmland`: layer file not found" in text
    assert "names no table: say which table or query holds the layer" in text
