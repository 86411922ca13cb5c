"""Farmland and paddy taken by a site, from 三调 parcels (DLBM codes, KCXS deduction).

The site is the 100 m square at 100–200 m. It lies on three parcels:
paddy 0101 west of x=150 (5,000 m² under the site), dry land 0103 between x=150 and 175
(2,500 m²) and forest 0301 east of x=175 (2,500 m², not cultivated).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from landplan.errors import LayerError
from landplan.layers import check_sites
from landplan.layers.farmland import normalise_codes
from tests.layers.builders import make_scenario, project, rect, write_layer

SITE = rect(100, 100, 200, 200)
PARCELS = [rect(0, 0, 150, 1000), rect(150, 0, 175, 1000), rect(175, 0, 1000, 1000)]
MU = 10_000 / 15


def farmland(
    folder: Path,
    codes: list[Any],
    layers: dict[str, str] | None = None,
    projects: list[dict[str, Any]] | None = None,
    **fields: list[Any],
) -> Any:
    """Check the site against a land-use layer with the given class codes and fields."""
    write_layer(folder / "sites.gpkg", [SITE], id=["P1"])
    write_layer(folder / "dltb.gpkg", PARCELS, **{"DLBM": codes, **fields})
    scenario = make_scenario(
        folder,
        projects or [project("P1")],
        {"project_sites": "sites.gpkg", "landuse": "dltb.gpkg", **(layers or {})},
        rules={
            "inside_town": False,
            "exclude_permanent_basic_farmland": False,
            "exclude_ecological_red_line": False,
            "park_categories": [],
        },
    )
    return check_sites(scenario)


def test_farmland_with_ridge_deduction(folder: Path) -> None:
    checks = farmland(folder, ["0101", "0103", "0301"], KCXS=[0.1, 0.2, 0.0])
    r = checks.projects.loc["P1"]
    assert r.farmland == pytest.approx((5000 * 0.9 + 2500 * 0.8) / MU)  # 9.75 mu
    assert r.paddy == pytest.approx(5000 * 0.9 / MU)  # 6.75 mu
    assert not any("KCXS" in str(n) for n in checks.notes)


def test_farmland_without_deduction_field(folder: Path) -> None:
    checks = farmland(folder, ["0101", "0103", "0301"])
    r = checks.projects.loc["P1"]
    assert r.farmland == pytest.approx(7500 / MU)  # 11.25 mu
    assert r.paddy == pytest.approx(5000 / MU)
    assert any(
        "no `KCXS` field: cultivated land counted at full parcel area" in str(n)
        for n in checks.notes
    )


def test_blank_deduction_counts_as_none(folder: Path) -> None:
    r = farmland(folder, ["0101", "0103", "0301"], KCXS=[None, 0.2, None]).projects.loc["P1"]
    assert r.farmland == pytest.approx((5000 + 2500 * 0.8) / MU)


def test_numeric_codes_lose_their_leading_zero(folder: Path) -> None:
    checks = farmland(folder, [101, 103, 301])
    r = checks.projects.loc["P1"]
    assert r.farmland == pytest.approx(7500 / MU)
    assert r.paddy == pytest.approx(5000 / MU)
    assert list(checks.layers["landuse"]["DLBM"]) == ["0101", "0103", "0301"]


def test_irrigated_land_is_cultivated_not_paddy(folder: Path) -> None:
    r = farmland(folder, ["0102", "0102", "0102"]).projects.loc["P1"]
    assert r.farmland == pytest.approx(10_000 / MU)
    assert r.paddy == pytest.approx(0)


def test_code_field_named_in_the_scenario(folder: Path) -> None:
    write_layer(folder / "lu.gpkg", PARCELS, CODE=["0101", "0101", "0101"])
    checks = farmland(folder, ["0301"] * 3, {"landuse": "lu.gpkg", "landuse_code_field": "CODE"})
    assert checks.projects.loc["P1", "paddy"] == pytest.approx(15.0)


def test_missing_code_field_lists_the_fields(folder: Path) -> None:
    write_layer(
        folder / "lu.gpkg", PARCELS, DLMC=["水田", "旱地", "乔木林地"], TBMJ=[1.0, 2.0, 3.0]
    )
    with pytest.raises(
        LayerError,
        match=r"lu\.gpkg, field `DLBM`: is missing from the layer — did you mean `DLMC`\? "
        r"fields in this layer: DLMC, TBMJ",
    ):
        farmland(folder, ["0101"] * 3, {"landuse": "lu.gpkg"})


def test_deduction_given_as_percent_is_a_problem(folder: Path) -> None:
    with pytest.raises(
        LayerError,
        match=r"field `KCXS`: 1 cultivated parcel\(s\) have a deduction "
        r"coefficient outside 0–1 \(e\.g\. 8\)",
    ):
        farmland(folder, ["0101", "0103", "0301"], KCXS=[8, 0.2, 0])


def test_layer_without_cultivated_codes_gets_a_note(folder: Path) -> None:
    checks = farmland(folder, ["011", "013", "031"])  # 二调-style codes
    assert checks.projects.loc["P1", "farmland"] == 0
    assert any(
        "no parcel has a cultivated-land code (0101, 0102, 0103)" in str(n)
        and "codes found: 011, 013, 031" in str(n)
        for n in checks.notes
    )


def test_note_when_layer_and_scenario_disagree_on_farmland(folder: Path) -> None:
    checks = farmland(
        folder, ["0101", "0103", "0301"], projects=[project("P1", farmland=2, paddy=1)]
    )
    assert any(
        "the land-use layer finds 11.25 mu of cultivated land (耕地) under the site; "
        "the scenario gives `farmland` 2 mu" in str(n)
        for n in checks.notes
    )


def test_no_site_means_no_farmland_figure(folder: Path) -> None:
    checks = farmland(folder, ["0101"] * 3, projects=[project("P1"), project("P2")])
    assert math.isnan(checks.projects.loc["P2", "farmland"])
    assert math.isnan(checks.projects.loc["P2", "paddy"])


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (101, "0101"),
        (101.0, "0101"),
        ("0101", "0101"),
        (" 0102 ", "0102"),
        ("011", "011"),
        (1202, "1202"),
        ("101", "0101"),
        ("203", "203"),
        (None, None),
    ],
)
def test_normalise_codes(raw: Any, code: str | None) -> None:
    assert normalise_codes(pd.Series([raw], dtype=object)).iloc[0] == code


@pytest.mark.parametrize(("strip_m", "paddy_m2"), [(0.05, 0.0), (0.099, 0.0), (0.2, 20.0)])
def test_farmland_up_to_the_sliver_tolerance_counts_as_none(
    folder: Path, strip_m: float, paddy_m2: float
) -> None:
    """A paddy parcel under the site's east edge by a strip 100 m long: up to
    `area_tolerance_m2` (10 m²) it is a digitising sliver and counts as 0, as overlaps do."""
    write_layer(folder / "sites.gpkg", [SITE], id=["P1"])
    parcels = [rect(0, 0, 200 - strip_m, 1000), rect(200 - strip_m, 0, 1000, 1000)]
    write_layer(folder / "dltb.gpkg", parcels, DLBM=["0301", "0101"])
    scenario = make_scenario(
        folder, [project("P1")], {"project_sites": "sites.gpkg", "landuse": "dltb.gpkg"},
        rules={"inside_town": False, "exclude_permanent_basic_farmland": False,
               "exclude_ecological_red_line": False, "park_categories": []},
    )
    r = check_sites(scenario).projects.loc["P1"]
    assert r.farmland == pytest.approx(paddy_m2 / MU, rel=1e-6, abs=1e-12)
    assert r.paddy == pytest.approx(paddy_m2 / MU, rel=1e-6, abs=1e-12)
