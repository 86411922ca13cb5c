"""What a rule declares, once: how its rows are built and what everything downstream needs.

A rule module (`landplan/model/rules/<rule>.py`) exports one `Rule`: its define function and
the `Family` of each named group of rows it adds (`family__key`). The solution tables, the
infeasibility explanation, why-not, marginal values, sweeps, scarcity, the report and the map
read these declarations; none of them names a rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from landplan.model.core import LandModel

Pair = tuple[str, str]  # (Chinese, English)


def say(pair: Pair | None, lang: str, default: str = "") -> str:
    """A declared word in the planner's language (`default` when none is declared)."""
    if pair is None:
        return default
    return pair[0] if lang == "zh" else pair[1]


@dataclass(frozen=True)
class Words:
    """How a family is spoken of, in Chinese and English."""

    name: Pair  # in tables, reasons and the report
    limit: Pair | None = None  # what must move when the scenario is infeasible
    hint: Pair | None = None  # what the planner can do about it
    # the why-not reason when it binds, with {rule} {town} {used} {limit} {unit}; when absent,
    # the common "{rule} used up ({used} of {limit} {unit})"
    reason: Pair | None = None
    # when the scenario is infeasible and a row of the family is relaxed: the lead's phrase
    # (`move`) and the problem's sentence (`relaxed`), with {what} {amount} {use} {lim} {u}, and
    # {project} {other} for a row about projects; when absent, the common "{what} up by
    # {amount} {u}" and "the rules need {use} {u} from {what}, which allows {lim} {u} …"
    move: Pair | None = None
    relaxed: Pair | None = None


@dataclass(frozen=True)
class Field:
    """A scenario number behind a family's limit: sweeps move it, a chart labels it."""

    path: str  # dotted, as `--vary` takes it
    label: Pair | None = None
    scale: float = 1.0  # from the scenario's unit to the chart's (yuan → 万元: 1e-4)


@dataclass(frozen=True)
class Resource:
    """What one more unit of a family's limit is worth (marginal.csv).

    `deltas` are the steps tried; `town`, when set, names the same
    resource given to one town only (priced per town); `whynot` marks the resource the why-not
    analysis asks more of (`extra_quota_needed`; of a resource with a row per key, the key it is
    asked of, e.g. the year, is `extra_quota_year`). `carries`: beyond its own row and the rows
    joining it (of the same key), the rows whose limit one more unit of the resource of a key
    also raises, and by how much each (model, key → row name → rise): a year's quota carried
    over into the years after it.
    """

    name: str
    words: Pair
    unit: str = "area"  # area | money (yuan in marginal.csv, 万元 in the model) | other
    deltas: tuple[float, ...] = (1.0,)
    town: tuple[str, Pair] | None = None
    whynot: bool = False
    carries: Callable[[Any, str], dict[str, float]] | None = None


# facts of one project (id, town, category, pilot, farmland, paddy…) and a row's key → whether
# the project draws on that row, i.e. the row can hold it back
Competes = Callable[[Mapping[str, Any], "str | None"], bool]


@dataclass(frozen=True)
class Family:
    """One named group of rows (`name__key`)."""

    name: str
    words: Words
    scope: str = "county"  # what the key is: county (no key) | town | category | project
    soft: bool = False  # relaxed (with its amount) to explain an infeasible scenario
    unit: str = "area"  # area | money
    # why-not: which projects this row holds back when it binds (None: it explains no
    # shortfall, e.g. a project's own request); `direct`: a priority project draws on it itself
    # (the budget limits projects only through the linkage it pays for)
    competes: Competes | None = None
    direct: bool = True
    # the row's limit in model units from the scenario (county rows), and the fields it reads
    limit: Callable[[Any], float | None] | None = None
    fields: tuple[Field, ...] = ()
    prices: Resource | None = None  # the resource its marginal value is of
    # resources whose +Δ also raises this family's limit (Q − R rises with the county quota)
    joins: tuple[str, ...] = ()
    priced_by: tuple[str, str] | None = None  # (resource, "county" | "key") for scarcity
    reason_key: str = "binding"  # the part's key in reasons.json (stable for older runs)
    caps_town: bool = False  # a binding row marks its town as full in the towns table
    report_rank: int | None = None  # place among the used-up limits the report lists first
    own_table: bool = False  # the report lists its rows in a table of their own (county rules)
    yearly: bool = False  # a rolling plan's row: its key ends with the year, which reasons say
    # a rolling plan's row counting every year up to its own (credits used up to y): it also
    # holds back the land of the years before, which why-not gives room to
    cumulative: bool = False


@dataclass(frozen=True)
class Rule:
    """One rule: its define function and the families it adds, in the order it adds them.

    `dynamic`, for rules the scenario writes (policy rules), gives the families of one
    scenario."""

    name: str
    define: Callable[[LandModel], None]
    families: tuple[Family, ...] = ()
    dynamic: Callable[[Any], tuple[Family, ...]] | None = None

    def families_for(self, scenario: Any | None) -> tuple[Family, ...]:
        if self.dynamic is None or scenario is None:
            return self.families
        return self.families + tuple(self.dynamic(scenario))


@dataclass
class Families:
    """The families of a scenario, by name, in the order the model adds them."""

    by_name: dict[str, Family] = field(default_factory=dict)

    def get(self, name: str) -> Family | None:
        return self.by_name.get(name)

    def __iter__(self):
        return iter(self.by_name.values())

    def word(self, name: str, lang: str) -> str:
        """The family's name in `lang`; an unknown name (an older run's) as it is."""
        f = self.by_name.get(name)
        return say(f.words.name, lang, name) if f else name

    def resources(self) -> list[tuple[Resource, tuple[str, ...]]]:
        """Each priced resource with the rows that move with it (its own first)."""
        out = []
        for f in self:
            if f.prices is not None:
                rows = (f.name, *[g.name for g in self if f.prices.name in g.joins])
                out.append((f.prices, rows))
        return out

    def resource_word(self, name: str, lang: str) -> str:
        for f in self:
            r = f.prices
            if r is not None and r.name == name:
                return say(r.words, lang, name)
            if r is not None and r.town is not None and r.town[0] == name:
                return say(r.town[1], lang, name)
        return name

    def fields(self) -> dict[str, Field]:
        """Scenario fields behind the limits, first declaration (with a label) first."""
        out: dict[str, Field] = {}
        for f in self:
            for fld in f.fields:
                if fld.path not in out or (out[fld.path].label is None and fld.label):
                    out[fld.path] = fld
        return out

