"""The rules, one module each, listed in the order of the domain.

Each module exports one declaration, `RULE` (see `spec.Rule`): its define function, which adds
one or more named families of rows, and what downstream needs to know of each family. The
model is built by calling each rule's define function in this order; everything that reads
the solved model or a run folder finds a family through `families(scenario)`. A new rule is
one module registered with `register` (plus its test).
"""

from __future__ import annotations

from typing import Any

from landplan.model.rules import (
    county_quota,
    farmland_balance,
    farmland_conversion,
    linkage,
    min_area,
    pilot_earmark,
    policy,
    priority,
    project_links,
    project_share,
    project_year,
    reclamation_budget,
    town_bounds,
    urbanisation,
    year_farmland_balance,
    year_farmland_conversion,
    year_linkage,
    year_pilot_earmark,
    year_quota,
)
from landplan.model.rules.county_quota import define_county_quota
from landplan.model.rules.farmland_balance import define_farmland_balance
from landplan.model.rules.farmland_conversion import define_farmland_conversion
from landplan.model.rules.linkage import define_linkage
from landplan.model.rules.min_area import define_min_area
from landplan.model.rules.pilot_earmark import define_pilot_earmark
from landplan.model.rules.priority import define_priority
from landplan.model.rules.project_links import define_excludes, define_requires
from landplan.model.rules.project_share import define_project_share
from landplan.model.rules.reclamation_budget import define_reclamation_budget
from landplan.model.rules.spec import Families, Family, Field, Resource, Rule, Words, say
from landplan.model.rules.town_bounds import define_town_bounds

# in the order of the domain (shared/DOMAIN.md): the model adds their rows in this order
# (a rolling plan's rules follow their one-year counterparts; each adds rows only with a
# `horizon`, where the one-year rule adds none)
RULES: list[Rule] = [
    project_year.RULE,
    county_quota.RULE,
    year_quota.RULE,
    farmland_conversion.RULE,
    year_farmland_conversion.RULE,
    pilot_earmark.RULE,
    year_pilot_earmark.RULE,
    linkage.RULE,
    year_linkage.RULE,
    farmland_balance.RULE,
    year_farmland_balance.RULE,
    reclamation_budget.RULE,
    town_bounds.RULE,
    urbanisation.RULE,
    project_share.RULE,
    priority.RULE,
    min_area.RULE,
    project_links.RULE,
    policy.RULE,  # the county's own rules (policy.rules), after the built-in ones
]


def register(rule: Rule, *, after: str | None = None) -> None:
    """Add a rule to the model: last, or right after the rule named `after`. A rule of the
    same name is replaced in place. The registry is this process's: worker processes started
    by forking (Linux) inherit it; a module whose rule must also reach spawned workers or a
    Dask cluster registers it when it is imported there."""
    names = [r.name for r in RULES]
    if rule.name in names:
        RULES[names.index(rule.name)] = rule
        return
    RULES.insert(names.index(after) + 1 if after is not None else len(RULES), rule)


def unregister(name: str) -> None:
    RULES[:] = [r for r in RULES if r.name != name]


def families(scenario: Any | None = None) -> Families:
    """Every family of the registered rules (with a scenario: also those it writes itself)."""
    out = Families()
    for rule in RULES:
        for f in rule.families_for(scenario):
            out.by_name.setdefault(f.name, f)
    return out


__all__ = [
    "RULES",
    "Families",
    "Family",
    "Field",
    "Resource",
    "Rule",
    "Words",
    "define_county_quota",
    "define_excludes",
    "define_farmland_balance",
    "define_farmland_conversion",
    "define_linkage",
    "define_min_area",
    "define_pilot_earmark",
    "define_priority",
    "define_project_share",
    "define_reclamation_budget",
    "define_requires",
    "define_town_bounds",
    "families",
    "register",
    "say",
    "unregister",
]
