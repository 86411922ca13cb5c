"""Small text helpers so that every message lists records and areas the same way."""

from __future__ import annotations

from collections.abc import Iterable


def listing(items: Iterable[object], limit: int = 10) -> str:
    """`a, b, c and 12 more`: long lists stay readable in a terminal."""
    items = [str(i) for i in items]
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + f" and {len(items) - limit} more"


def row_labels(positions: Iterable[int]) -> list[str]:
    """Row numbers as a planner counts them in a table: the first row is 1."""
    return [f"row {p + 1}" for p in positions]


def area_text(m2: float, m2_per_unit: float, units: str) -> str:
    """`1,234 m² (1.85 mu)`: square metres for the GIS people, 亩 for the planners, and the
    scenario's hectares too when it counts in them (`1,234 m² (1.85 mu, 0.12 ha)`)."""
    mu = f"{m2 / (10_000 / 15):,.2f} mu"
    if units == "mu":
        return f"{m2:,.0f} m² ({mu})"
    return f"{m2:,.0f} m² ({mu}, {m2 / m2_per_unit:,.4f} {units})"
