"""m² to the scenario's units."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from landplan.layers import area_m2_to_units
from tests.layers.builders import make_scenario


@pytest.mark.parametrize(("units", "expected"), [("mu", 15.0), ("ha", 1.0)])
def test_area_m2_to_units(folder: Path, units: str, expected: float) -> None:
    scenario = make_scenario(folder, [], {}, units=units)
    assert area_m2_to_units(10_000.0, scenario) == pytest.approx(expected)
    assert area_m2_to_units(np.array([10_000.0, 0.0]), scenario) == pytest.approx([expected, 0.0])
