"""The plan of a scenario with a `horizon`: its years and what each record may do in them.

Prepared once, with the model's other input tables (landplan.model.data), from the scenario
alone; landplan.model.years builds the year-indexed variables from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from landplan.scenario.horizon import RETURN_WITHIN
from landplan.scenario.schema import YEARLY_QUOTAS, Scenario

# 人地挂钩 (国土资发〔2016〕123号): the standard per settled migrant falls with the town's current
# urban construction land per urban resident: up to 100 m², the full standard; above 100 up to
# 150 m², 80 %; above 150 m², 50 %.
URBAN_STEPS = ((100.0, 1.0), (150.0, 0.8), (float("inf"), 0.5))
# the categories the land for settled migrants goes to first: housing and livelihood uses
URBAN_CATEGORIES = ("residential", "livelihood")


@dataclass
class YearPlan:
    """The plan's years and what each record may do in them, in the scenario's units."""

    years: tuple[int, ...]
    project_years: dict[str, tuple[int, ...]]
    linkage_from: dict[str, int]  # the first year a linkage project's credits may be used
    linkage_ready: dict[str, int]  # the year they are delivered (returned, when borrowed)
    reclamation_from: dict[str, int]
    quota: dict[str, dict[int, float | None]]  # quota name → year → figure
    carry_over: float
    discount: float
    urban_mode: str | None = None
    urban_standard: dict[str, float] = field(default_factory=dict)  # town → m² per migrant
    urban_land: dict[tuple[str, int], float] = field(default_factory=dict)  # (town, year) → land
    land_per_resident: dict[str, float] = field(default_factory=dict)  # town → m², before

    @property
    def multi(self) -> bool:
        return len(self.years) > 1

    def weight(self, year: int) -> float:
        """What a mu given in `year` is worth against one given in the first year."""
        return 1.0 / (1.0 + self.discount) ** (year - self.years[0])


def plan_years(s: Scenario) -> YearPlan | None:
    if s.horizon is None:
        return None
    years = tuple(s.years)
    first = years[0]
    ready = {k.id: k.ready if k.ready is not None else first for k in s.linkage}
    plan = YearPlan(
        years=years,
        project_years={p.id: tuple(y for y in years if (p.earliest or first) <= y
                                   <= (p.latest or years[-1])) for p in s.projects},
        linkage_from={k.id: max(first, ready[k.id] - (k.return_within or RETURN_WITHIN))
                      for k in s.linkage},
        linkage_ready=ready,
        reclamation_from={r.id: r.ready if r.ready is not None else first
                          for r in s.reclamation},
        quota={name: {y: s.quota.in_year(name, y) for y in years} for name in YEARLY_QUOTAS},
        carry_over=float(s.quota.carry_over or 0.0),
        discount=float(s.policy.discount or 0.0),
    )
    if s.urbanisation is not None:
        _urban(s, plan)
    return plan


def _urban(s: Scenario, plan: YearPlan) -> None:
    """Each town's standard per settled migrant, and the land its migrants bring per year."""
    u = s.urbanisation
    plan.urban_mode = u.mode
    base = plan.years[0] - 1
    for t in s.towns:
        if not t.settled_migrants or t.urban_population is None:
            continue
        people = t.urban_population.get(base) or 0.0
        per_resident = ((t.urban_construction_land or 0.0) * s.m2_per_unit / people
                        if people > 0 else 0.0)
        step = next(f for most, f in URBAN_STEPS if per_resident <= most)
        standard = u.per_migrant_m2 * step * (1.0 + u.adjust)
        plan.land_per_resident[t.code] = per_resident
        plan.urban_standard[t.code] = standard
        for y, migrants in t.settled_migrants.items():
            plan.urban_land[(t.code, y)] = migrants * standard / s.m2_per_unit
