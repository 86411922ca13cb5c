"""The land-use classes' union: exact for a tiling, and still right where parcels overlap or
are not noded as a coverage (GEOS refuses those for the coverage union)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from landplan.outputs.planning import _union_parcels


def test_tiling_is_unioned_exactly():
    parts = np.array([shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)], dtype=object)
    assert _union_parcels(parts).area == pytest.approx(2.0)


def test_overlapping_parcels_not_noded_fall_back_to_the_general_union():
    # the second square overlaps the first and its edge crosses it off the first's vertices
    parts = np.array([shapely.box(0, 0, 2, 2), shapely.box(1, 0.5, 3, 1.5)], dtype=object)
    shape = _union_parcels(parts)
    assert shape.is_valid and shape.area == pytest.approx(4.0 + 2.0 - 1.0)
