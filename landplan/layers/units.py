"""Square metres (what GIS measures) to the scenario's units (what planners count in)."""

from __future__ import annotations

from typing import TypeVar

import numpy as np

from landplan.scenario.schema import Scenario

Area = TypeVar("Area", float, np.ndarray)


def area_m2_to_units(m2: Area, scenario: Scenario) -> Area:
    """m² → mu (1 mu = 10,000/15 m²) or ha, as the scenario counts; works on arrays too."""
    return m2 / scenario.m2_per_unit
