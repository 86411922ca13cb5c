"""Why did a project get less than it asked for, and what would change that?

For each unfunded or partly funded eligible project p, two re-solves:
- `value_needed`: the value per mu t at which funding p in full becomes optimal. With V_f the
  best value when p is forced to its full request (at p's own value v_p), every allocation S that
  leaves p short gives a lower bound t ≥ v_p + (V_S − V_f)/(A_p − x_S). Starting from the
  optimum, re-solve with p valued at the bound: either funding p in full is optimal there (then
  t is exact; at equality it is one of the optima) or a better short allocation appears and
  raises the bound. This ends after a few solves. Empty when no allocation can fund p in full
  under the rules (e.g. farmland credits run out whatever else is dropped). The answer is the
  cent at or above t, confirmed by a re-solve there: p is funded in full at that value (at a
  tie, funding it is one of the optima) and not at one cent less (that lies below a bound
  found). A re-solve that finds p still short raises the bound instead.
- `extra_quota_needed`: the least extra county quota with which p is funded in full while every
  other project keeps at least the land it got. Empty when quota alone is not enough (another
  rule — farmland, paddy, budget, town maximum — stops it too).
- Of a rolling plan, the quota of one year (`extra_quota_year`): for each year open to p, the
  least extra quota of that year (its Q − R rising with it, and the share carried over into
  the years after it) with which p is funded in full, in any year open to it, while every other
  project keeps at least its land in the year it got it; the least of these, the earliest year
  at a tie, confirmed by a re-solve with that much more. Empty, and quota said not to be enough,
  only when each year's re-solve proved that no extra quota of that year would do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from landplan.analysis.marginal import keyed_rows, moved_rows
from landplan.model import rules
from landplan.model.data import project_facts
from landplan.model.names import parse
from landplan.solution import year_of

if TYPE_CHECKING:
    from landplan.model.core import LandModel
    from landplan.solution import Solution
from landplan.solver import INF, HighsModel, Outcome

WHYNOT_COLUMNS = ["project_id", "value_needed", "extra_quota_needed"]


@dataclass(frozen=True)
class Short:
    """A project that got less than it asked for (picklable, for worker processes)."""

    project_id: str
    requested: float
    allocated: float
    value_per_mu: float

    @classmethod
    def rows(cls, alloc: pd.DataFrame) -> list[Short]:
        short = alloc[alloc["status"].isin(["unfunded", "partial"])]
        return [cls(str(p), float(r), float(a), float(v)) for p, r, a, v in zip(
            short["project_id"], short["requested"], short["allocated"], short["value_per_mu"],
            strict=True)]


def why_not_row(hm: HighsModel, alloc: pd.DataFrame, r, base: Outcome) -> dict:
    """value_needed and extra_quota_needed (with the year it is of, in a rolling plan) for one
    project that fell short (a row of alloc), and `seen`: what the re-solves found stops it
    (see `_extra_quota`)."""
    stopped = getattr(hm, "stopped", 0)
    weighted = _weighted_cols(hm.m, r.project_id)
    value = (_value_needed(hm, r, base) if weighted is None
             else _value_needed_by_year(hm, r, base, weighted))
    if getattr(hm, "stopped", 0) > stopped:  # its figures are left empty (explain_run)
        extra, key, seen = None, None, {}
    else:
        extra, key, seen = _extra_quota(hm, alloc, r)
    row = {"project_id": r.project_id, "value_needed": value,
           "extra_quota_needed": extra, "extra_quota_year": key, "seen": seen}
    if value is UNPROVEN or extra is UNPROVEN:
        row |= {"value_needed": None if value is UNPROVEN else value,
                "extra_quota_needed": None if extra is UNPROVEN else extra, UNPROVEN_KEY: True}
    return row


UNPROVEN = object()  # a figure the re-solves could not prove (see _value_needed_by_year)
UNPROVEN_KEY = "_unproven"


def _weighted_cols(m: LandModel, pid: str) -> list[tuple[str, float]] | None:
    """The columns that carry p's value with the weight each gives it, when they are not n_p
    and l_p at weight 1: a rolling plan with `policy.discount`, whose land of year y counts
    1/(1+d)^(y − first year) (landplan.model.objective.value)."""
    plan = m.data.plan
    if plan is None or not plan.multi or plan.discount <= 0:
        return None
    return [(var.name, plan.weight(y)) for y in plan.project_years[pid]
            for var in (m.v.ny[(pid, y)], m.v.ly[(pid, y)])]


def _value_needed_by_year(hm: HighsModel, r, base: Outcome,
                          weighted: list[tuple[str, float]]) -> object:
    """value_needed when p's land is worth less in later years: the least cent t ≥ p's value
    at which funding p in full is one of the optima, p worth t·w_y per mu of year y.

    At each cent c tried: the optimum at c (p in full: c is the answer); else the best
    allocation funding p in full at c (none: no value would fund it). When that one ties with
    the optimum, c is the answer. Else no t in [c, c + gap/(X_max − X_S)) funds p in full:
    the optimum found gains X_S (p's weighted land in it) per unit of t, and no allocation
    funding p in full gains more than X_max = A_p·(its earliest year's weight). So the next
    cent tried is there, and the answer is the least cent ≥ p's value funding it in full.
    UNPROVEN when the optimum gains at least X_max per unit (more value need not help)."""
    m, h = hm.m, hm.h
    pid = r.project_id
    a = float(r.requested)
    v = float(m.data.projects.at[pid, "value"])
    cols = [hm.col[name] for name, _ in weighted]
    w = np.array([wt for _, wt in weighted])
    total = [hm.col[m.v.n[pid].name], hm.col[m.v.l[pid].name]]
    x_max = a * float(w.max())
    saved = [float(h.getLp().col_cost_[j]) for j in cols]

    starts = {False: base.values, True: None}  # a feasible point of each: pruned from

    def at(t: float, forced: bool) -> Outcome:
        first = h.getNumRow()
        if forced:
            hm.add_row(a, INF, {m.v.n[pid].name: 1.0, m.v.l[pid].name: 1.0})
        for j, wt in zip(cols, w, strict=True):
            h.changeColCost(j, t * wt)
        out = hm.solve(starts[forced])
        if forced and out.values is not None:
            starts[True] = starts[False] = out.values  # funds p in full: feasible for both
        for j, c in zip(cols, saved, strict=True):
            h.changeColCost(j, c)
        hm.drop_rows_from(first)
        return out

    stopped = getattr(hm, "stopped", 0)

    def failed(out: Outcome) -> object:
        """Infeasible: no value funds p in full. Stopped at the node limit: None, the task is
        marked as stopped (explain_run). Else not proven."""
        proven = out.status == "infeasible" or getattr(hm, "stopped", 0) > stopped
        return None if proven else UNPROVEN

    c = _round_up(v)
    for _ in range(40):
        free = at(c, False)
        if free.objective is None:
            return failed(free)
        if float(free.values[total].sum()) >= a - 1e-6:
            return c
        full = at(c, True)
        if full.objective is None:
            return failed(full)
        gap = free.objective - full.objective
        if gap <= TIE * max(1.0, abs(full.objective)):
            return c
        x_s = float(free.values[cols] @ w)
        if x_s >= x_max - 1e-9:
            return UNPROVEN
        c = max(_round_up(c + gap / (x_max - x_s)), round(c + 0.01, 2))
    return UNPROVEN


def _value_needed(hm: HighsModel, r, base: Outcome) -> float | None:
    m = hm.m
    a = float(r.requested)
    cols = [hm.col[m.v.n[r.project_id].name], hm.col[m.v.l[r.project_id].name]]
    v = float(hm.h.getLp().col_cost_[cols[0]])  # the model's own value (the table's is rounded)
    first = hm.h.getNumRow()
    hm.add_row(a, INF, {m.v.n[r.project_id].name: 1.0, m.v.l[r.project_id].name: 1.0})
    forced = hm.solve()
    hm.drop_rows_from(first)
    if forced.objective is None:
        return None
    v_f = forced.objective
    known = [(base.objective, float(r.allocated))]

    def at(t: float) -> tuple[bool, Outcome]:
        """Is funding p in full one of the optima when p is worth t per mu?"""
        for j in cols:
            hm.h.changeColCost(j, t)
        out = hm.solve(forced.values)  # funding p in full stays feasible at any value
        for j in cols:
            hm.h.changeColCost(j, v)
        if out.objective is None:
            return False, out
        x = float(out.values[cols[0]] + out.values[cols[1]])
        full_value = v_f + (t - v) * a
        return (x >= a - 1e-6 or out.objective <= full_value + TIE * max(1.0, abs(full_value)),
                out)

    # t: the least value the short allocations found so far allow (a lower bound of the
    # threshold). Re-solve at the cent above it: funded there, that cent is the answer (one
    # cent less lies below t); else the allocation found raises t.
    last = -INF
    for _ in range(25):
        t = max([v] + [v + (val - v_f) / (a - x) for val, x in known if x < a - 1e-9])
        cent = max(_round_up(t), round(last + 0.01, 2))
        funded, out = at(cent)
        if out.objective is None:
            return None
        if funded:
            return cent
        x = float(out.values[cols[0]] + out.values[cols[1]])
        known.append((out.objective - (cent - v) * x, x))
        last = cent
    # not settled in 25 re-solves (never seen): the cent above the last bound, as found
    return max(_round_up(max([v] + [v + (val - v_f) / (a - x) for val, x in known
                                     if x < a - 1e-9])), round(last + 0.01, 2))


# Funding p in full ties with the best allocation leaving it short when their values differ by
# less than this, relative: a real difference of one cent per mu, on the few mu that make the
# difference, is far larger on the models landplan solves.
TIE = 1e-9


def quota_asks(hm: HighsModel, facts: dict) -> list[tuple[str | None, dict[str, float]]]:
    """What "more quota" can mean for a project (its facts): the resource declared `whynot`
    that the model has, as (key, row → how far its limit moves per mu). The county quota is one
    ask (its row and Q − R); a quota with a row per key (a rolling plan's year) is one ask per
    key whose row can hold the project back (the years open to it), or every key when none can
    (no year is open to it: each re-solve then shows that no quota would do). Empty when the
    model has none."""
    fams = rules.families(hm.m.data.scenario)
    for res, rows in fams.resources():
        if not res.whynot:
            continue
        own = fams.get(rows[0])
        if own.scope == "county":
            if rows[0] in hm.row:
                return [(None, moved_rows(hm, res, rows, rows[0]))]
            continue
        keyed = keyed_rows(hm, rows[0])
        if keyed:
            mine = [(name, key) for name, key in keyed if own.competes(facts, key)] or keyed
            return [(key, moved_rows(hm, res, rows, name)) for name, key in mine]
    return []


def _extra_quota(hm: HighsModel, alloc: pd.DataFrame, r) -> tuple[object, str | None, dict]:
    """The least extra quota (and, of a quota by key, the key it is of), and what the
    re-solves saw: when quota alone is not enough, the rows that stop p (`stops`: row name →
    how far its limit must move, in model units); when it is more than p's shortfall, the
    linkage credit p's funding costs others (`linkage_lost`, in mu). A re-solve stopped before
    an optimum leaves the figure empty and `seen` empty: nothing is claimed."""
    m = hm.m
    facts = project_facts(m.data.projects.loc[[r.project_id]])[r.project_id]
    asks = quota_asks(hm, facts)
    if not asks:
        return None, None, {}
    h = hm.h
    first_row, first_col = h.getNumRow(), h.getNumCol()
    _keep(hm, alloc, r)
    saved = np.array(h.getLp().col_cost_)
    found: list[tuple[float, str | None, Outcome]] = []
    proven = True  # every ask answered: an optimum or proven infeasible
    for key, rises in asks:
        e = _extra_col(hm, rises)
        hm.set_costs({e: -1.0})
        out = hm.solve()
        h.deleteCols(1, np.array([e], dtype=np.int32))
        if out.objective is not None:
            found.append((-out.objective, key, out))
        elif out.status != "infeasible":  # stopped: the least over the keys is not proven
            proven = False
            break
    seen: dict = {}
    extra, key = None, None
    if found and proven:
        extra, key, out = found[0]
        for f in found[1:]:  # the least; at a tie (within the tables' rounding) the first key
            if f[0] < extra - 1e-4:
                extra, key, out = f
        if key is None:  # the county quota: read from the solve that proves it enough
            extra = _round_up(extra)
        else:
            extra = _confirmed(hm, dict(asks)[key], extra)
        if isinstance(extra, float):  # linkage credit in use, against the run's allocation
            linked = [hm.col[m.v.l[i].name] for i in alloc["project_id"]]
            lost = float(alloc["from_linkage"].sum() - out.values[linked].sum())
            if lost > 1e-3:
                seen["linkage_lost"] = lost
    elif not found and proven:  # no extra quota of any kind would do: what else stops p
        for _, rises in asks:
            _extra_col(hm, rises)
        seen["stops"] = _stops(hm, r, {row for _, rises in asks for row in rises})
    # restore
    h.changeColsCost(len(saved), np.arange(len(saved), dtype=np.int32), saved)
    hm.drop_rows_from(first_row)
    if h.getNumCol() > first_col:
        h.deleteCols(h.getNumCol() - first_col,
                     np.arange(first_col, h.getNumCol(), dtype=np.int32))
    return extra, key, seen


def _keep(hm: HighsModel, alloc: pd.DataFrame, r) -> None:
    """Every project keeps at least its land (p: all it asked for, in any year open to it),
    as one block of rows; in a rolling plan each other project keeps it in the year it got it,
    so that more quota of one year is not paid for by moving another project's land."""
    m, h = hm.m, hm.h
    multi = m.data.plan is not None and m.data.plan.multi
    years = alloc["year"].tolist() if multi else [None] * len(alloc)
    ids = alloc["project_id"].tolist()
    need = np.where(alloc["project_id"].to_numpy() == r.project_id, float(r.requested),
                    alloc["allocated"].to_numpy(dtype=float))
    keep = np.flatnonzero(need > 0)
    pairs = []
    for i in keep:
        pid = ids[i]
        if pid == r.project_id or not years[i]:
            n, link = m.v.n[pid], m.v.l[pid]
        else:
            n, link = m.v.ny[(pid, int(years[i]))], m.v.ly[(pid, int(years[i]))]
        pairs += [hm.col[n.name], hm.col[link.name]]
    cols = np.array(pairs, dtype=np.int32)
    h.addRows(len(keep), need[keep] - 1e-4, np.full(len(keep), INF),  # tables: 1e-4 rounding
              len(cols), np.arange(0, len(cols), 2, dtype=np.int32), cols, np.ones(len(cols)))


def _extra_col(hm: HighsModel, rises: dict[str, float]) -> int:
    """A column e ≥ 0 of extra quota: each row's limit moves by its rise × e."""
    e = hm.add_col(0.0, INF)
    for row, rise in rises.items():
        hm.h.changeCoeff(hm.row[row], e, -rise)
    return e


def _confirmed(hm: HighsModel, rises: dict[str, float], least: float) -> object:
    """The cent at or above the least extra quota found, confirmed by a re-solve with exactly
    that much more (the tables' 1e-4 rounding lets a least value a hair above a cent pass at
    the cent; if it does not, the next cent). None when the confirming re-solve is stopped
    (the task is then marked as stopped); UNPROVEN when three cents do not do."""
    cent = _round_up(least)
    for _ in range(3):
        e = hm.add_col(cent, cent)
        for row, rise in rises.items():
            hm.h.changeCoeff(hm.row[row], e, -rise)
        hm.set_costs({})
        out = hm.solve()
        hm.h.deleteCols(1, np.array([e], dtype=np.int32))
        if out.status == "optimal":
            return cent
        if out.status != "infeasible":
            return None
        cent = round(cent + 0.01, 2)
    return UNPROVEN


def _stops(hm: HighsModel, r, quota: set[str]) -> dict[str, float]:
    """With quota free and every other project keeping its land, the least the upper limits p
    draws on (its town's maximum, farmland and paddy credits, the budget, the county's own
    rules) must move for p to be funded in full: one re-solve with each such row given room
    it pays for. Empty when no such room would do (a tier, a link or a minimum stops p)."""
    m, h = hm.m, hm.h
    fams = rules.families(m.data.scenario)
    facts = project_facts(m.data.projects.loc[[r.project_id]])[r.project_id]
    room: dict[str, int] = {}
    for name, i in hm.row.items():
        rule, key = parse(name)
        f = fams.get(rule)
        lo, hi = hm.bounds[name]
        if (name in quota or f is None or f.competes is None or lo > -INF or hi >= INF
                or not _holds(f, facts, key or None)):
            continue
        room[name] = hm.add_col(0.0, INF)
        h.changeCoeff(i, room[name], -1.0)
    if not room:
        return {}
    hm.set_costs({j: -1.0 for j in room.values()})
    out = hm.solve()
    if out.objective is None:
        return {}
    return {name: float(out.values[j]) for name, j in room.items() if out.values[j] > 1e-6}


def _holds(f: rules.Family, facts: dict, key: str | None) -> bool:
    """Whether a row can hold the project back: it competes on it, or, for a row counting every
    year up to its own (`cumulative`), on the row of a year before, whose land it counts."""
    if f.competes(facts, key):
        return True
    if not f.cumulative or key is None or facts.get("years") is None:
        return False
    head, _, year = key.rpartition("__")
    return any(f.competes(facts, f"{head}__{y}" if head else str(y))
               for y in facts["years"] if y <= int(year))


def _round_up(x: float) -> float:
    """Up to the next 0.01, ignoring what lies within 1e-4 above a step: a first guess only.
    A threshold is a ratio of objective differences found to the solvers' feasibility
    tolerance (1e-6 on rows of a few hundred mu); on the 500-project county of bench/ a
    threshold of exactly 29.70 came out as 29.70003 after one order of re-solves and 29.69988
    after another. `value_needed` is confirmed by a re-solve at the cent; `extra_quota_needed`
    is read from the solve that proves it enough."""
    return math.ceil(x * 100 - 1e-2) / 100


def add_seen(sol: Solution, m: LandModel, seen: dict[str, dict]) -> None:
    """Put what the why-not re-solves found into the short projects' reasons (language-free
    parts, as reasons.json keeps them): the rows that stop a project, with how far each must
    move, in place of the rows the solution alone would name; and why the extra quota a
    project needs is more than its shortfall."""
    cons = sol.constraints.set_index("name")
    a = sol.allocation.set_index("project_id")
    for pid, found in seen.items():
        parts = sol.reason_parts.get(pid)
        if parts is None:
            continue
        stops = found.get("stops") or {}
        if stops:
            fams = rules.families(m.data.scenario)
            named = []
            for name, room in stops.items():
                rule, _ = parse(name)
                c = cons.loc[name]
                scale = m.meaning.get(name, {}).get("scale", 1.0)
                # a row with room left is said as such: not "used up"
                key = fams.get(rule).reason_key if c["binding"] else "stop_room"
                named.append({"key": key, "rule": rule, "town": a.at[pid, "town_name"],
                              "used": _fmt(c["use"]), "limit": _fmt(c["limit"]),
                              "money": c["unit"] == "money", "need": _fmt(room * scale)}
                             | year_of(fams.get(rule), c["key"]))
            rest = [x for x in parts if "rule" not in x]
            head = 1 if rest and rest[0]["key"] == "partial_remaining" else 0
            parts[:] = rest[:head] + named + rest[head:]
        q = a.at[pid, "extra_quota_needed"]
        short = float(a.at[pid, "requested"] - a.at[pid, "allocated"])
        if q is not None and q == q and q > short + 0.005:
            lost = found.get("linkage_lost")
            parts.append({"key": "quota_over", "q": _fmt(q), "short": _fmt(short),
                          "linkage": _fmt(lost)} if lost else
                         {"key": "quota_over_other", "q": _fmt(q), "short": _fmt(short)})


def _fmt(x: float) -> str:
    """An amount as the reasons write it (1,449 · 8.1 · 16.45)."""
    return f"{x:,.2f}".rstrip("0").rstrip(".")
