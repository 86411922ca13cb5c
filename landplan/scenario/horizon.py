"""A rolling plan's years, cross-checked across records: every yearly figure inside the
horizon, a quota for every year, a project's years in order, a linkage or reclamation project
finished within the plan, population figures from the base year on that do not fall.

Without `horizon` a scenario plans one year, as it always has: a field that only makes sense
over several years is refused there, so that nobody believes it was taken into account.
"""

from __future__ import annotations

from landplan.errors import Problem
from landplan.scenario.schema import YEARLY_QUOTAS, Scenario

RETURN_WITHIN = 3  # years: a borrowed linkage credit (周转指标) is returned in principle in three


def horizon_problems(s: Scenario, file: str) -> list[Problem]:
    if s.horizon is None:
        return _without_horizon(s, file)
    out: list[Problem] = []
    first, last = s.horizon.first, s.horizon.last
    span = f"{first}–{last}"
    if s.year != first:
        out.append(Problem(f"`year` ({s.year}) must be the horizon's first year ({first})",
                           file=file, field="year",
                           hint=f"set `year: {first}`, or `horizon.from: {s.year}`"))
    for name in YEARLY_QUOTAS:
        given = s.quota.by_year(name)
        if given is None:
            continue
        missing = [y for y in s.years if y not in given]
        outside = [y for y in given if y not in s.years]
        if missing:
            out.append(Problem(
                f"gives no figure for {_years(missing)}", file=file, record="quota", field=name,
                hint=f"give one for every year of the horizon {span}, or one number for all"))
        if outside:
            out.append(Problem(
                f"gives a figure for {_years(outside)}, outside the horizon {span}", file=file,
                record="quota", field=name, hint="remove it, or widen `horizon`"))
    for p in s.projects:
        rec = f"projects {p.id}"
        for field in ("earliest", "latest"):
            y = getattr(p, field)
            if y is not None and not first <= y <= last:
                out.append(Problem(f"`{field}` ({y}) is outside the horizon {span}", file=file,
                                   record=rec, field=field,
                                   hint="give a year of the horizon, or leave it out"))
        if p.earliest is not None and p.latest is not None and p.earliest > p.latest:
            out.append(Problem(f"`earliest` ({p.earliest}) is after `latest` ({p.latest})",
                               file=file, record=rec, field="earliest",
                               hint="swap them, or give the same year for both"))
    for k in s.linkage:
        if k.ready is not None and k.ready < first:
            out.append(Problem(
                f"`ready` ({k.ready}) is before the horizon {span}", file=file,
                record=f"linkage {k.id}", field="ready",
                hint="a linkage project finished before the plan earns credits from its first "
                "year: leave `ready` out"))
    for r in s.reclamation:
        if r.ready is not None and not first <= r.ready <= last:
            where = "before" if r.ready < first else "after"
            out.append(Problem(
                f"`ready` ({r.ready}) is {where} the horizon {span}", file=file,
                record=f"reclamation {r.id}", field="ready",
                hint="leave `ready` out for credits that count from the first year; a project "
                "finished after the plan earns it nothing: leave it out"))
    out += _town_problems(s, file)
    return out


def _town_problems(s: Scenario, file: str) -> list[Problem]:
    out: list[Problem] = []
    first, last = s.horizon.first, s.horizon.last
    base = first - 1
    for t in s.towns:
        rec = f"towns {t.code} ({t.name})"
        pop = t.urban_population
        if pop is not None:
            if base not in pop:
                out.append(Problem(
                    f"has no figure for the base year {base}, the year before the horizon",
                    file=file, record=rec, field="urban_population",
                    hint=f"give the urban population of {base}: it sets the town's land per "
                    "resident before the plan"))
            late = [y for y in pop if not base <= y <= last]
            if late:
                out.append(Problem(f"gives a figure for {_years(late)}, outside {base}–{last}",
                                   file=file, record=rec, field="urban_population",
                                   hint="give the base year and years of the horizon only"))
            years = sorted(pop)
            for a, b in zip(years, years[1:], strict=False):
                if pop[b] < pop[a]:
                    out.append(Problem(
                        f"falls from {pop[a]:,.0f} in {a} to {pop[b]:,.0f} in {b}", file=file,
                        record=rec, field="urban_population",
                        hint="the urban population of a town that takes in migrants does not "
                        "fall: check the figures"))
        migrants = t.settled_migrants
        if migrants is not None:
            outside = [y for y in migrants if not first <= y <= last]
            if outside:
                out.append(Problem(
                    f"gives a figure for {_years(outside)}, outside the horizon {first}–{last}",
                    file=file, record=rec, field="settled_migrants",
                    hint="give migrants for years of the horizon only"))
            if s.urbanisation is not None:
                for field, have in (("urban_construction_land", t.urban_construction_land),
                                    ("urban_population", pop)):
                    if have is None:
                        out.append(Problem(
                            "is needed for 人地挂钩: the standard per settled migrant follows "
                            "the town's urban construction land per urban resident",
                            file=file, record=rec, field=field,
                            hint=f"give `urban_construction_land` (mu, now) and "
                            f"`urban_population` from the base year {base}"))
    return out


def _without_horizon(s: Scenario, file: str) -> list[Problem]:
    """Fields of a rolling plan in a one-year scenario."""
    hint = (f"add `horizon: {{from: {s.year}, to: {s.year + 2}}}` for a rolling plan, or "
            "leave the field out")
    out: list[Problem] = []

    def refuse(record: str | None, field: str) -> None:
        out.append(Problem("is a field of a rolling plan, but the scenario has no `horizon`",
                           file=file, record=record, field=field, hint=hint))

    for name in YEARLY_QUOTAS:
        if s.quota.by_year(name) is not None:
            refuse("quota", name)
    if s.quota.carry_over is not None:
        refuse("quota", "carry_over")
    if s.urbanisation is not None:
        refuse(None, "urbanisation")
    if s.policy.discount is not None:
        refuse("policy", "discount")
    for section, fields in (("projects", ("earliest", "latest")),
                            ("linkage", ("ready", "return_within")),
                            ("reclamation", ("ready",)),
                            ("towns", ("urban_population", "settled_migrants"))):
        for rec in getattr(s, section):
            for field in fields:
                if getattr(rec, field) is not None:
                    ident = rec.code if section == "towns" else rec.id
                    refuse(f"{section} {ident}", field)
    return out


def _years(years: list[int]) -> str:
    return ", ".join(str(y) for y in sorted(years))
