"""`--vary FIELD=FROM..TO`: which scenario number to change, and over which values.

FIELD is a dotted path into the scenario: `quota.new_construction`, `reclamation_budget`,
`towns.341126101.max`, `towns.341126101.farmland_credits.quantity`, `projects.P001.area`.
`rules.industry_cap.max` (or `policy.rules.industry_cap.max`) moves a county rule's limit.
Lists are addressed by the entry's `code` (towns), `name` (county rules) or `id` (the others). FROM and TO are
numbers or percentages of the scenario's own value (`-30%..+30%`).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from landplan.errors import Problem, ScenarioError
from landplan.model import rules

_RANGE = re.compile(r"^\s*([^=]+?)\s*=\s*([-+]?[\d.]+%?)\s*\.\.\s*([-+]?[\d.]+%?)\s*$")

def rhs_fields(s=None) -> set[str]:
    """Fields that only move a right-hand side of the model (the fields the rules declare
    behind their limits): a sweep over them can keep one model and change bounds. Others
    rebuild the model at each point."""
    return set(rules.families(s).fields())


def rhs_bounds(s) -> dict[str, float]:
    """The limits these fields set, by family, for a scenario (model units): for a family
    with a key (a county rule `per` town) every row of it has that limit."""
    out = {}
    for f in rules.families(s):
        if f.limit is not None and f.fields:
            value = f.limit(s)
            if value is not None:
                out[f.name] = value
    return out


@dataclass(frozen=True)
class Vary:
    path: str
    values: tuple[float, ...]
    base: float

    @property
    def label(self) -> str:
        return self.path


def parse_vary(spec: str, data: dict, steps: int) -> Vary:
    """Parse `path=from..to` against the scenario mapping; `steps` points, ends included."""
    m = _RANGE.match(spec)
    if not m:
        raise ScenarioError(Problem(f"`--vary {spec}` is not of the form FIELD=FROM..TO",
                                    hint="e.g. --vary quota.new_construction=-30%..+30%"))
    path, lo, hi = m.groups()
    path = policy_path(path, data)
    base = get_field(data, path)
    if isinstance(base, dict) and base and all(isinstance(k, int) for k in base):
        year = next(iter(base))  # a rolling plan's figure by year: one year at a time
        raise ScenarioError(Problem(f"`{path}` is {base!r}, a figure for each year, not a number",
                                    field=path, hint=f"vary one year's figure, e.g. {path}.{year}"))
    if not isinstance(base, (int, float)) or isinstance(base, bool):
        raise ScenarioError(Problem(f"`{path}` is {base!r}, not a number", field=path,
                                    hint="vary a numeric field such as quota.new_construction"))
    if steps < 2:
        raise ScenarioError(Problem("`--steps` must be at least 2", field="steps"))

    def value(text: str) -> float:
        return base * (1 + float(text[:-1]) / 100) if text.endswith("%") else float(text)

    values = np.linspace(value(lo), value(hi), steps)
    if (values < 0).any():
        raise ScenarioError(Problem(f"`--vary {spec}` reaches negative values", field=path))
    return Vary(path, tuple(round(float(v), 6) for v in values), float(base))


def policy_path(path: str, data: dict) -> str:
    """`rules.NAME.FIELD` for a county rule NAME (policy.rules) is `policy.rules.NAME.FIELD`;
    `rules.` alone names the spatial rules."""
    head, _, rest = path.partition(".")
    names = {str(r.get("name")) for r in ((data.get("policy") or {}).get("rules") or [])
             if isinstance(r, dict)}
    if head == "rules" and rest.partition(".")[0] in names:
        return f"policy.rules.{rest}"
    return path


def get_field(data: dict, path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        node = _step(node, part, path)
    return node


def set_field(data: dict, path: str, value: float) -> dict:
    """A copy of the scenario mapping with one field changed."""
    out = copy.deepcopy(data)
    parts = path.split(".")
    node: Any = out
    for part in parts[:-1]:
        node = _step(node, part, path)
    node[_key(node, parts[-1])] = value
    return out


def _key(node: Any, part: str) -> Any:
    """A mapping's key as the scenario spells it: a year (`quota.new_construction.2027`) is
    an integer key in YAML."""
    if isinstance(node, dict) and part not in node and part.isdigit() and int(part) in node:
        return int(part)
    return part


def _step(node: Any, part: str, path: str) -> Any:
    if isinstance(node, dict):
        part = _key(node, part)
        if part not in node:
            # optional fields (farmland_conversion, max, budget…) may be absent: treat as missing
            raise ScenarioError(Problem(f"`{path}`: the scenario has no `{part}` here",
                                        field=path,
                                        hint="vary a field that the scenario sets"))
        return node[part]
    if isinstance(node, list):
        for entry in node:
            key = entry.get("code", entry.get("id", entry.get("name"))) \
                if isinstance(entry, dict) else None
            if key is not None and str(key) == part:
                return entry
        raise ScenarioError(Problem(f"`{path}`: no entry with code or id `{part}`", field=path))
    raise ScenarioError(Problem(f"`{path}` does not lead to a number", field=path))
