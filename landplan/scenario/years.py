"""Figures given by year (a three-year rolling plan): `{2026: 1449, 2027: 1380}`, or one number
for every year where the contract allows it.

Each figure gets the checks of a single number (a number, not a yes/no, finite, at least its
least, within its magnitude), and the message names the year, so that a planner finds the cell.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import BeforeValidator, ValidationInfo

from landplan.scenario.fields import AREA, PEOPLE, Magnitude

FIRST_YEAR, LAST_YEAR = 1990, 2100


def _number(x: Any, least: float, magnitude: Magnitude, units: str | None, where: str) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise ValueError(f"{where}must be a number, got {x!r}")
    if not math.isfinite(x):
        raise ValueError(f"{where}must be a finite number, got {x!r}: write the amount itself")
    if x < least:
        raise ValueError(f"{where}must be greater than or equal to {least:g}, got {x!r}")
    bad = magnitude.problem(float(x), units)
    if bad:
        raise ValueError(f"{where}{bad}")
    return float(x)


def _year(k: Any) -> int:
    if isinstance(k, str) and k.strip().isdigit():
        k = int(k)
    if isinstance(k, bool) or not isinstance(k, int) or not FIRST_YEAR <= k <= LAST_YEAR:
        raise ValueError(f"`{k}` is not a year: figures by year are written "
                         "{2026: 1449, 2027: 1380}")
    return k


def by_year(magnitude: Magnitude, *, scalar: bool = True, least: float = 0.0) -> BeforeValidator:
    """A figure for every year (`scalar`), or a mapping year → figure, checked figure by figure."""

    def check(v: Any, info: ValidationInfo) -> Any:
        units = (info.context or {}).get("units")
        units = units if isinstance(units, str) else None
        if v is None:  # left empty (`landplan init` marks it TO DO); an optional field
            raise ValueError("is empty")  # takes None before this runs
        if isinstance(v, dict):
            if not v:
                raise ValueError("gives no year: write {year: figure, ...}")
            return {_year(k): _number(x, least, magnitude, units, f"year {k}: ")
                    for k, x in v.items()}
        if not scalar:
            raise ValueError(f"must give figures by year, e.g. {{2025: 21000, 2028: 26500}}; "
                             f"got {v!r}")
        return _number(v, least, magnitude, units, "")

    return BeforeValidator(check)


AreaByYear = Annotated[float | dict[int, float], by_year(AREA)]
PeopleByYear = Annotated[dict[int, float], by_year(PEOPLE, scalar=False)]


def in_year(value: float | dict[int, float] | None, year: int) -> float | None:
    """The figure for one year: a single number is every year's; a year not given: None."""
    if isinstance(value, dict):
        return value.get(year)
    return value
