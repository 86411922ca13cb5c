"""Overlap helpers: areas by hand on unit squares."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from landplan.layers.overlay import covered_m2, outside_m2, outside_own_m2, pair_areas

SITES = np.array([shapely.box(0, 0, 10, 10), shapely.box(100, 100, 110, 110)])


def test_covered_counts_overlapping_zones_once() -> None:
    zones = np.array(
        [shapely.box(0, 0, 6, 10), shapely.box(4, 0, 8, 10), shapely.box(105, 100, 200, 200)]
    )
    assert covered_m2(SITES, zones) == pytest.approx([80, 50])
    assert outside_m2(SITES, zones) == pytest.approx([20, 50])


def test_no_zones_covers_nothing() -> None:
    empty = np.array([], dtype=object)
    assert covered_m2(SITES, empty) == pytest.approx([0, 0])
    assert outside_m2(SITES, empty) == pytest.approx([100, 100])


def test_touching_zone_covers_nothing() -> None:
    assert covered_m2(SITES, np.array([shapely.box(10, 0, 20, 10)])) == pytest.approx([0, 0])


def test_outside_own_is_pairwise_and_nan_without_a_polygon() -> None:
    own = np.array([shapely.box(0, 0, 5, 10), None], dtype=object)
    out = outside_own_m2(SITES, own)
    assert out[0] == pytest.approx(50)
    assert np.isnan(out[1])


def test_pair_areas() -> None:
    parcels = np.array(
        [shapely.box(0, 0, 5, 5), shapely.box(5, 5, 20, 20), shapely.box(50, 50, 60, 60)]
    )
    site_idx, parcel_idx, areas = pair_areas(SITES, parcels)
    assert sorted(zip(site_idx.tolist(), parcel_idx.tolist(), areas.tolist(), strict=True)) == [
        (0, 0, 25.0),
        (0, 1, 25.0),
    ]
