"""Variables → tables. Every rule's use, limit and slack is read back by its `rule__key` name.

Solver values are snapped first (`snap_land`, `snap_share`): a project's land within
`land_tol` of its request or of 0, and a share activated within 1e-6 of 0 or 1, are read as
exactly that, so that a stage tolerance or a solver's rounding never shows as a 0.0001 mu
shortfall, a 2 yuan cost or a "partial" project. `project_status` is the one status rule: the
run's tables, the sweep and compare all use it. Areas are then rounded to 1e-4 of the
scenario's unit and money to whole yuan, so that identical inputs give byte-identical tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pulp

from landplan import i18n
from landplan import solution_years as sy
from landplan.model import rules
from landplan.model.core import LandModel
from landplan.model.data import project_facts
from landplan.model.names import parse
from landplan.model.rules._terms import MONEY
from landplan.model.rules.spec import Families, Family, say
from landplan.solve import SolveResult

AREA_DP = 4
SHARE_DP = 6
EPS = 1e-6
# Land within this of a request (or of 0) is the request (or 0): below the tables' last digit
# (1e-4 of the unit) or 1e-6 relative, whichever is larger.
SNAP_ABS = 10.0 ** -AREA_DP
SNAP_REL = 1e-6
# Two areas read from tables (rounded to AREA_DP) differ when they differ by more than this.
LAND_EPS = SNAP_ABS * (1 + 1e-6)


def land_tol(requested: float) -> float:
    """How close to its request (or to 0) a project's land must be to count as exactly that."""
    return max(SNAP_REL * max(1.0, abs(float(requested))), SNAP_ABS)


def snap_land(n: float, link: float, requested: float) -> tuple[float, float]:
    """A project's land from the quota and from linkage, with solver noise removed: each part
    within `land_tol` of 0 is 0, and a total within it of the request is the request (the
    difference goes to the larger part)."""
    tol = land_tol(requested)
    n = 0.0 if abs(n) <= tol else float(n)
    link = 0.0 if abs(link) <= tol else float(link)
    gap = float(requested) - (n + link)
    if n + link > 0 and abs(gap) <= tol:
        if n >= link:
            n += gap
        else:
            link += gap
    return n, link


def snap_share(z: float) -> float:
    """A share activated (0–1) within 1e-6 of 0 or 1 is 0 or 1."""
    z = float(z)
    if abs(z) <= EPS:
        return 0.0
    if abs(1.0 - z) <= EPS:
        return 1.0
    return z


def project_status(eligible: bool, priority: bool, allocated: float, requested: float) -> str:
    """funded / partial / unfunded / ineligible / conflict, from snapped land."""
    if not eligible:
        return "conflict" if priority else "ineligible"
    tol = land_tol(requested)
    if allocated >= requested - tol:
        return "funded"
    if allocated > tol:
        return "partial"
    return "unfunded"


# reason parts said after the why-not remedies: they explain the extra quota named there
AFTER_REMEDY = ("quota_over", "quota_over_other")


@dataclass
class Solution:
    allocation: pd.DataFrame
    towns: pd.DataFrame
    linkage: pd.DataFrame
    reclamation: pd.DataFrame
    constraints: pd.DataFrame
    objective: dict
    result: SolveResult
    # per project short of its request: the reason's parts, language-free (reasons.json), so
    # that a report in another language says the same reasons in its own words
    reason_parts: dict = field(default_factory=dict)
    # the rules the model was built with, as declared: their words are chosen when writing
    families: Families | None = None
    units: str = "mu"
    # projects the why-not analysis answered for (landplan.analysis); None: it did not run
    analysed: set[str] | None = None
    # per priority tier (policy.tiers), in order: what it secured (empty without tiers)
    tiers: list[dict] = field(default_factory=list)
    # a rolling plan's own tables (landplan.solution_years), by table; empty for one year
    by_year: dict[str, pd.DataFrame] = field(default_factory=dict)
    # Σ value × land at full precision (objective["value"] is rounded for the tables)
    value_exact: float | None = None

    def allocation_in(self, lang: str) -> pd.DataFrame:
        """The allocation table with each project's reason said in `lang`, the why-not
        remedies after it where the analysis ran: the words are chosen here, when a table, a
        map or a message is written, never when the model is read."""
        a = self.allocation
        fams = self.families
        parts = [self.reason_parts.get(pid, []) for pid in a["project_id"]]
        reasons = [reason_text([x for x in p if x["key"] not in AFTER_REMEDY], self.units, lang,
                               fams) for p in parts]
        if self.analysed is not None and "value_needed" in a.columns:
            years = [quota_year(r) for r in a.itertuples(index=False)]
            reasons = [with_remedy(text, st, v, q, lang, analysed=pid in self.analysed, **y)
                       for text, pid, st, v, q, y in zip(
                           reasons, a["project_id"], a["status"], a["value_needed"],
                           a["extra_quota_needed"], years, strict=True)]
        sep = "；" if lang == "zh" else "; "
        reasons = [sep.join(filter(None, [text, reason_text(
            [x for x in p if x["key"] in AFTER_REMEDY], self.units, lang, fams)]))
            for text, p in zip(reasons, parts, strict=True)]
        out = a.copy()
        out.insert(out.columns.get_loc("status") + 1, "reason", reasons)
        return out


def extract(m: LandModel, result: SolveResult) -> Solution:
    """Read the solved model into the output tables (language-free: see `allocation_in`)."""
    land = _snap(m)
    years = sy.project_years(m, land) if m.data.plan is not None else None
    constraints = _constraints(m)
    alloc, parts = _allocation(m, land, constraints)
    if years is not None:  # a rolling plan: the year each project gets its land
        alloc.insert(alloc.columns.get_loc("town_name") + 1, "year",
                     [str(years[p] or "") for p in alloc["project_id"]])
    link = _activation(m, land, "linkage")
    recl = _activation(m, land, "reclamation")
    towns = _towns(m, land, alloc, link, recl)
    value = float(pulp.value(m.value) or 0.0)
    objective = {
        "value": _r(value, 4),
        "spending": _r((pulp.value(m.spending) or 0.0) * MONEY, 0),
        "credits_moved": _r(pulp.value(m.moves) or 0.0, AREA_DP),
    }
    by_year = {}
    if years is not None:
        parts.update(sy.waited(m, years, alloc, constraints, rules.families(m.data.scenario)))
        by_year = {"towns_by_year": sy.towns_by_year(m, alloc),
                   "linkage_ledger": sy.linkage_ledger(m, years, land)}
        if m.data.scenario.urbanisation is not None:
            by_year["urbanisation"] = sy.urbanisation_table(m, alloc)
    return Solution(alloc, towns, link, recl, constraints, objective, result, parts,
                    rules.families(m.data.scenario), m.data.scenario.units,
                    tiers=tier_table(m, result, alloc), by_year=by_year,
                    value_exact=value + 0.0)


def tier_table(m: LandModel, result: SolveResult, alloc: pd.DataFrame) -> list[dict]:
    """Per tier: its stage's optimum (`secured`, in the tier's own objective) and, from the
    allocation table, the land, value and projects funded of its projects."""
    found = {st.name: st.objective for st in result.stages}
    rows = []
    for t in m.tiers:
        mine = alloc[alloc["project_id"].isin(t.projects)]
        status = mine["status"].value_counts()
        secured = float(found.get(t.stage) or 0.0)
        rows.append({
            "stage": t.stage, "name": t.name, "objective": t.objective,
            "categories": list(t.categories),
            "secured": int(round(secured)) if t.objective == "count" else _r(secured, 4),
            "projects": len(mine),
            "requested": _r(mine["requested"].sum(), AREA_DP),
            "land": _r(mine["allocated"].sum(), AREA_DP),
            "value": _r(float((mine["value_per_mu"] * mine["allocated"]).sum()), 4),
            "funded": int(status.get("funded", 0)),
            "partial": int(status.get("partial", 0)),
            "unfunded": int(status.get("unfunded", 0)),
            "ineligible": int(status.get("ineligible", 0) + status.get("conflict", 0)),
        })
    return rows


def _r(x: float, dp: int) -> float:
    """Round and clear negative zero."""
    v = round(float(x), dp)
    return 0.0 if v == 0 else v


def _snap(m: LandModel) -> dict[str, tuple[float, float]]:
    """Snap the solved land and activation values in the model itself, so that every table,
    rule's use and the spending read the same numbers; per project: (from quota, linkage)."""
    area = m.data.projects["area"].to_dict()
    land = {i: snap_land(_val(m.v.n[i]), _val(m.v.l[i]), float(area[i])) for i in area}
    for i, (n, link) in land.items():
        m.v.n[i].varValue, m.v.l[i].varValue = n, link
    for var in (*m.v.z.values(), *m.v.r.values()):
        var.varValue = snap_share(_val(var))
    return land


def _val(x: object) -> float:
    v = pulp.value(x) if not isinstance(x, (int, float)) else x
    return float(v or 0.0)


def _constraints(m: LandModel) -> pd.DataFrame:
    """One row per named constraint: rule, key, use, limit, slack, binding. A row with
    nothing on it, every term 0 and its limit 0 (a project given nothing, whose own bound
    reads 0 ≤ 0; linkage rows without linkage), is not binding: it holds nothing back. A
    county rule whose terms cancel at its limit of 0 (industry ≤ 0.4 × all) is."""
    rows = []
    for cname, c in m.constraints.items():
        rule, key = parse(cname)
        if rule.startswith(("stage_", "moves_")):
            continue
        meaning = m.meaning.get(cname, {})
        if "use" in meaning:
            scale = meaning.get("scale", 1.0)  # money: model 万元 → yuan
            use, limit = _val(meaning["use"]) * scale, _val(meaning["limit"]) * scale
        else:
            limit = -c.constant
            use = _val(c) - c.constant
        sense = {pulp.LpConstraintLE: "<=", pulp.LpConstraintGE: ">=", pulp.LpConstraintEQ: "="}
        s = sense[c.sense]
        slack = limit - use if s == "<=" else use - limit if s == ">=" else 0.0
        scale = max(1.0, abs(limit))
        dp = 0 if meaning.get("unit") == "money" else AREA_DP
        if dp == AREA_DP and s != "=" and abs(slack) <= land_tol(limit):
            # at the limit within the snapping tolerance of the land it counts
            use, slack = limit, 0.0
        # nothing on the row (every term 0) and a limit of 0: it holds nothing back
        idle = limit == 0 and all(abs(_val(v) * a) <= 1e-12 for v, a in c.items())
        rows.append({
            "name": cname, "rule": rule, "key": key or "", "sense": s,
            "use": _r(use, dp), "limit": _r(limit, dp), "slack": _r(slack, dp),
            "binding": bool(abs(slack) <= EPS * scale) and not idle,
            "unit": meaning.get("unit", "area"),
        })
    return pd.DataFrame(rows, columns=["name", "rule", "key", "sense", "use", "limit", "slack",
                                       "binding", "unit"])


def _allocation(m: LandModel, land: dict, cons: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    p = m.data.projects
    if p.empty:
        return pd.DataFrame(columns=SOLVED_COLUMNS), {}
    n = pd.Series({i: land[i][0] for i in p.index}).to_numpy()
    link = pd.Series({i: land[i][1] for i in p.index}).to_numpy()
    x = n + link
    a = p["area"].to_numpy(dtype=float)
    status = [project_status(e, pr, xi, ai) for e, pr, xi, ai in
              zip(p["eligible"], p["priority"], x, a, strict=True)]
    alloc = pd.DataFrame({
        "project_id": p.index,
        "name": p["name"].to_numpy(),
        "town": p["town"].to_numpy(),
        "town_name": p["town"].map(m.data.towns["name"]).fillna("").to_numpy(),
        "category": p["category"].to_numpy(),
        "priority": p["priority"].to_numpy(dtype=bool),
        "min_share": p["min_share"].to_numpy(dtype=float),
        "value_per_mu": [_r(v, 4) for v in p["value"]],
        "requested": [_r(v, AREA_DP) for v in a],
        "allocated": [_r(v, AREA_DP) for v in x],
        "from_quota": [_r(v, AREA_DP) for v in n],
        "from_linkage": [_r(v, AREA_DP) for v in link],
        "farmland_taken": [_r(v, AREA_DP) for v in p["farmland"].to_numpy() * x / a],
        "paddy_taken": [_r(v, AREA_DP) for v in p["paddy"].to_numpy() * x / a],
        "farmland_source": p["farmland_source"].to_numpy(),
        "status": status,
    })
    # Only the families that declare who competes on them explain a shortfall (county- and
    # town-level rules); per-project rows do not.
    fams = rules.families(m.data.scenario)
    shared = [b for b in cons[cons["binding"]].itertuples(index=False)
              if (f := fams.get(b.rule)) is not None and f.competes is not None]
    # rows at 0 of 0 (not "binding": nothing on them) still stop a project that would need
    # them (a year before a credit exists); they are named where no binding row is
    idle = [b for b in cons[~cons["binding"] & (cons["use"] == 0) & (cons["limit"] == 0)
                            & (cons["slack"] == 0)].itertuples(index=False)
            if (f := fams.get(b.rule)) is not None and f.competes is not None]
    # value is compared among the projects value ranks: not those of a tier ranked by land
    # or count (policy.tiers), nor priority projects
    by_land = {pid for t in m.tiers if t.objective != "value" for pid in t.projects}
    got = alloc[(alloc["allocated"] > 0) & (~alloc["priority"])
                & ~alloc["project_id"].isin(by_land)]
    facts = project_facts(p)
    funded = [(facts[q], float(v)) for q, v in zip(got["project_id"], got["value_per_mu"],
                                                   strict=True)]
    links = _links(m, alloc)
    reach = {b.name: sum(1 for f in facts.values() if fams.get(b.rule).competes(f, b.key or None))
             for b in shared} if (alloc["status"] != "funded").any() else {}
    parts = {row.project_id: _reason_parts(facts[row.project_id], row, shared, funded, fams,
                                           links.get(row.project_id, []), reach, idle)
             for row in alloc.itertuples(index=False) if row.status != "funded"}
    return alloc[SOLVED_COLUMNS], parts


ALLOCATION_COLUMNS = [
    "project_id", "name", "town", "town_name", "category", "priority", "min_share",
    "value_per_mu", "requested", "allocated", "from_quota", "from_linkage", "farmland_taken",
    "paddy_taken", "farmland_source", "status", "reason",
]
# the allocation as solved, before its reasons are said in a language
SOLVED_COLUMNS = [c for c in ALLOCATION_COLUMNS if c != "reason"]
# Added by landplan.analysis when the why-not analysis runs.
WHYNOT_COLUMNS = ["value_needed", "extra_quota_needed"]


def _links(m: LandModel, alloc: pd.DataFrame) -> dict[str, list[dict]]:
    """Per project, the policy links that stop it in this allocation: a project it requires
    that is not funded in full, an alternative it excludes that got land; and, for a project in
    a tier ranked by land or count, that tier (its value is not what ranked it)."""
    status = dict(zip(alloc["project_id"], alloc["status"], strict=True))
    got = dict(zip(alloc["project_id"], alloc["allocated"], strict=True))
    name = dict(zip(alloc["project_id"], alloc["name"], strict=True))
    out: dict[str, list[dict]] = {}
    for meaning in m.meaning.values():
        rule, pid, q = meaning["rule"], meaning.get("project"), meaning.get("other")
        if rule == "requires" and status.get(q) != "funded":
            out.setdefault(pid, []).append({"key": "requires", "other": q, "name": name[q]})
        elif rule == "excludes":
            for a, b in ((pid, q), (q, pid)):
                if got.get(b, 0) > 0:
                    out.setdefault(a, []).append({"key": "excludes", "other": b,
                                                  "name": name[b]})
    for t in m.tiers:
        if t.objective in ("land", "count"):
            for pid in t.projects:
                out.setdefault(pid, []).append({"key": "tier", "tier": t.name,
                                                "what": f"tier_{t.objective}"})
    return out


def stopping_rows(p: dict, binding: list, fams: Families, reach: dict[str, int]) -> list:
    """The binding row that holds project p back, the narrowest: its town's (or its
    category's, its own) row when one binds — more county quota cannot help it then — else
    the county quota's rows (the pilot earmark before the quota itself for a project outside
    the pilot towns), else the county row fewest projects draw on (a county rule on
    industry). `reach`: per row, how many projects draw on it. Never every row at its limit:
    the reason names what stops the project."""
    mine = [b for b in binding if fams.get(b.rule).competes(p, b.key or None)]
    local = [b for b in mine if fams.get(b.rule).scope != "county"]
    if local:
        return sorted(local, key=lambda b: reach.get(b.name, 0))[:1]
    quota = next((rows for res, rows in fams.resources() if res.whynot), ())
    county = [b for b in mine if b.rule in quota] or mine
    return sorted(county, key=lambda b: reach.get(b.name, 0))[:1]


def _reason_parts(p: dict, row, binding: list, funded: list[tuple[dict, float]],
                  fams: Families, links: list[dict] = (),
                  reach: dict[str, int] | None = None, idle: list = ()) -> list[dict]:
    """The reason as language-free parts: an i18n key and its values (numbers formatted,
    rules and site checks by code); `reason_text` says them in either language. `funded`:
    (facts, value per mu) of the projects value ranked that got land."""
    if row.status in ("ineligible", "conflict"):
        sites = [{"code": r.code, "area_m2": getattr(r, "area_m2", None)} for r in p["reasons"]]
        return [{"key": row.status, "sites": sites}]
    if row.status == "funded":
        return []
    parts: list[dict] = []
    if row.status == "partial":
        parts.append({"key": "partial_remaining", "got": _fmt(row.allocated),
                      "req": _fmt(row.requested)})
    # with no binding row, each empty row (0 of 0) it would draw on: land through the quota
    # and through linkage credits may both be shut (a year before any credit exists)
    stops = (stopping_rows(p, binding, fams, reach or {})
             or [b for b in idle if fams.get(b.rule).competes(p, b.key or None)])
    for b in stops:
        f = fams.get(b.rule)
        parts.append({"key": f.reason_key, "rule": b.rule, "town": row.town_name,
                      "used": _fmt(b.use), "limit": _fmt(b.limit), "money": b.unit == "money"}
                     | year_of(f, b.key))
    if row.status == "unfunded" and 0 < row.min_share:
        parts.append({"key": "min_share", "need": _fmt(row.min_share * row.requested),
                      "share": f"{row.min_share:g}"})
    if row.status == "unfunded" and p.get("min_area", 0) > 0:
        parts.append({"key": "min_area", "need": _fmt(p["min_area"])})
    parts += [x for x in links if x["key"] != "tier"]
    v = row.value_per_mu
    tier = [x for x in links if x["key"] == "tier"]
    if tier:  # ranked by its tier's land or count, not by value
        parts += tier
    elif v <= 0:
        parts.append({"key": "no_value"})
    else:
        # the lowest value per mu among the other funded projects that draw on what stops it
        # (its town's projects when the town's maximum does): those it would have to displace
        local = [b for b in stops if fams.get(b.rule).scope == "town"]
        rivals = [w for q, w in funded if q["id"] != p["id"] and (not stops or any(
            fams.get(b.rule).competes(q, b.key or None) for b in stops))]
        if rivals:
            w = min(rivals)
            key = "lower_value" if v < w - 1e-9 else "held_by_rules"
            part = {"key": key, "v": f"{v:.2f}", "w": f"{w:.2f}"}
            if local and key == "lower_value":
                part |= {"key": "lower_value_town", "town": row.town_name}
            parts.append(part)
    return parts


def year_of(f: Family, key: str) -> dict:
    """The year a rolling plan's row is of (`2027`, `341126101__2027`), for its reason."""
    if f.yearly:
        return {"year": str(key).rsplit("__", 1)[-1]}
    return {}


def reason_text(parts: list[dict], units: str, lang: str, fams: Families | None = None) -> str:
    """The reason's parts in one language (see `_reason_parts`); a part naming a rule is said
    in that rule's declared words (`fams`, the scenario's families; default: the built-in)."""
    fams = fams if fams is not None else rules.families()
    u = i18n.unit(units, lang)
    sep = "；" if lang == "zh" else "; "
    out = []
    for part in parts:
        kw = {k: v for k, v in part.items() if k != "key"}
        key = part["key"]
        if key in ("ineligible", "conflict"):
            why = sep.join(_site_reason(_Site(**x), lang) for x in kw["sites"])
            out.append(i18n.text("conflict", lang, why=why) if key == "conflict" else why)
        elif "rule" in kw:
            unit = i18n.text("unit_yuan", lang) if kw.pop("money") else u
            empty = kw.get("limit") == "0"  # a year before any credit exists, a quota of 0
            template = (i18n.word(i18n.TEXT, "binding_none" if empty else key, lang)
                        if key == "stop_room"
                        else reason_template(fams.get(kw["rule"]), lang, empty=empty))
            said = template.format(unit=unit, **(kw | {"rule": fams.word(kw["rule"], lang)}))
            if "need" in kw:  # found by the why-not re-solves: how far the limit must move
                said += i18n.text("stop_need", lang, need=kw["need"], unit=unit)
            if "year" in kw:  # a rolling plan's row: the year it is of, first
                said = i18n.text("in_year", lang, year=kw["year"]) + said
            out.append(said)
        elif key == "tier":
            out.append(i18n.text(key, lang, tier=kw["tier"], what=i18n.text(kw["what"], lang)))
        else:
            out.append(i18n.text(key, lang, unit=u, **kw))
    return sep.join(out)


def reason_template(f: Family | None, lang: str, empty: bool = False) -> str:
    """The reason a binding family gives a project it holds back: its own declared words, or
    the common "{rule} used up ({used} of {limit} {unit})"; a row with nothing in it yet
    (`empty`: a year before any credit exists) has none available rather than used up."""
    if f is not None and f.words.reason:
        return say(f.words.reason, lang)
    return i18n.word(i18n.TEXT, "binding_none" if empty else "binding", lang)


def quota_year(row: object) -> dict:
    """`with_remedy`'s words for the extra quota of an allocation row (a table's itertuples):
    of a rolling plan (an `extra_quota_year` column), the year it is of."""
    if not hasattr(row, "extra_quota_year"):
        return {}
    year = row.extra_quota_year
    return {"by_year": True, "year": year if isinstance(year, str) and year else None}


def with_remedy(reason: object, status: str, value_needed: object, extra_quota_needed: object,
                lang: str, analysed: bool | None = None, *, by_year: bool = False,
                year: str | None = None) -> str:
    """A short project's reason with the why-not remedies after it: the value per mu that
    would fund it in full (or that none would), and the extra county quota that would (or that
    quota alone cannot). `analysed` says whether the why-not analysis ran for the project; left
    out, it ran when either figure is given (allocation.csv cannot tell "not analysed" from
    "neither helps"). `by_year`: a rolling plan, whose extra quota is of one `year` (see
    `quota_year`). Used by the run and by a report that says the reasons again in another
    language, so both say it the same way."""
    parts = [reason] if isinstance(reason, str) and reason else []
    has_v = value_needed is not None and value_needed == value_needed
    has_q = extra_quota_needed is not None and extra_quota_needed == extra_quota_needed
    if analysed is None:
        analysed = has_v or has_q
    if status in ("unfunded", "partial") and analysed:
        parts.append(i18n.text("remedy_value", lang, v=f"{value_needed:.2f}") if has_v
                     else i18n.text("remedy_no_value", lang))
        q = f"{extra_quota_needed:,.2f}" if has_q else ""
        if has_q:
            parts.append(i18n.text("remedy_quota_year", lang, q=q, year=year) if year
                         else i18n.text("remedy_quota", lang, q=q))
        else:
            parts.append(i18n.text("remedy_no_quota_year" if by_year else "remedy_no_quota",
                                   lang))
    return ("；" if lang == "zh" else "; ").join(parts)


@dataclass
class _Site:
    code: str
    area_m2: float | None = None


def _site_reason(reason, lang: str) -> str:
    """In the planner's language: the rule and the overlap in m² and mu."""
    area = getattr(reason, "area_m2", None)
    text = i18n.word(i18n.SITE_REASON, reason.code, lang)
    if area is None:
        return text.format(area="?")
    mu = area * 15 / 10000
    return text.format(area=f"{area:,.0f}") + (f"（{mu:,.2f} 亩）" if lang == "zh"
                                               else f" ({mu:,.2f} mu)")


def _fmt(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _activation(m: LandModel, land: dict, kind: str) -> pd.DataFrame:
    """Linkage or reclamation: share activated, credits earned and used (own town first), cost."""
    p = m.data.projects.to_dict("index")  # plain dicts: .at costs ~20 µs a lookup
    used_total = {t: 0.0 for t in m.data.towns.index}
    if kind == "linkage":
        df, var, credit = m.data.linkage, m.v.z, "reclaim"
        for pid, (_, lv) in land.items():
            used_total[p[pid]["town"]] += lv
    else:
        df, var, credit = m.data.reclamation, m.v.r, "quantity"
        for pid, (nv, _) in land.items():
            used_total[p[pid]["town"]] += float(p[pid]["farmland"]) * nv / float(p[pid]["area"])
        # a town's own held credits are spent before its reclamation credits
        for code, held in m.data.towns["credits_quantity"].items():
            used_total[code] = max(0.0, used_total[code] - float(held))
    rows = []
    items = df.to_dict("index")
    earned = {i: float(items[i][credit]) * snap_share(_val(var[i])) for i in items}
    used = _credits_used(items, earned, used_total)
    for i, d in items.items():
        share = snap_share(_val(var[i]))
        row = {"id": i, "name": d["name"] or "", "town": d["town"],
               "activated": _r(share, SHARE_DP)}
        if kind == "linkage":
            row |= {
                "reclaim": _r(float(d["reclaim"]), AREA_DP),
                "credits_earned": _r(earned[i], AREA_DP),
                "credits_used": _r(used[i], AREA_DP),
                "farmland_gained": _r(float(d["farmland_gain"]) * share, AREA_DP),
                "paddy_gained": _r(float(d["paddy_gain"]) * share, AREA_DP),
            }
        else:
            row |= {
                "quantity": _r(float(d["quantity"]), AREA_DP),
                "credits_earned": _r(earned[i], AREA_DP),
                "credits_used": _r(used[i], AREA_DP),
                "paddy_gained": _r(float(d["paddy"]) * share, AREA_DP),
            }
        row["cost"] = _r(float(d["cost"]) * share, 0)
        rows.append(row)
    cols = ["id", "name", "town", "activated"] + (
        ["reclaim", "credits_earned", "credits_used", "farmland_gained", "paddy_gained"]
        if kind == "linkage" else ["quantity", "credits_earned", "credits_used", "paddy_gained"]
    ) + ["cost"]
    return pd.DataFrame(rows, columns=cols)


def _credits_used(items: dict[str, dict], earned: dict[str, float],
                  demand: dict[str, float]) -> dict[str, float]:
    """Split the credits used among the projects that earned them: own town first, then the
    county's remaining demand pro rata over what is left."""
    used = {i: 0.0 for i in items}
    left = dict(earned)
    outstanding = 0.0
    for town, need in demand.items():
        own = [i for i in items if items[i]["town"] == town]
        supply = sum(left[i] for i in own)
        take = min(need, supply)
        for i in own:
            part = take * left[i] / supply if supply > 0 else 0.0
            used[i] += part
            left[i] -= part
        outstanding += need - take
    spare = sum(left.values())
    if spare > 0 and outstanding > 0:
        f = min(1.0, outstanding / spare)
        for i in items:
            used[i] += left[i] * f
    return used


def _towns(m: LandModel, land: dict, alloc: pd.DataFrame, link: pd.DataFrame,
           recl: pd.DataFrame) -> pd.DataFrame:
    farmland, area = m.data.projects["farmland"].to_dict(), m.data.projects["area"].to_dict()
    by_town = dict(tuple(alloc.groupby("town", sort=False)))
    none = alloc.iloc[0:0]
    link_earned = link.groupby("town")["credits_earned"].sum().to_dict()
    recl_earned = recl.groupby("town")["credits_earned"].sum().to_dict()
    rows = []
    for code, t in m.data.towns.iterrows():
        mine = by_town.get(code, none)
        taken_quota = sum(
            float(farmland[i]) * land[i][0] / float(area[i]) for i in mine["project_id"]
        )
        own_supply = float(t["credits_quantity"]) + float(recl_earned.get(code, 0.0))
        own_comp = min(taken_quota, own_supply)
        if taken_quota - own_comp <= SNAP_ABS:  # a last-digit difference is not a transfer
            own_comp = taken_quota
        counts = mine["status"].value_counts()
        rows.append({
            "code": code, "name": t["name"], "pilot": bool(t["pilot"]),
            "projects": len(mine),
            "funded": int(counts.get("funded", 0)),
            "partial": int(counts.get("partial", 0)),
            "unfunded": int(counts.get("unfunded", 0)),
            "ineligible": int(counts.get("ineligible", 0) + counts.get("conflict", 0)),
            "requested": _r(mine["requested"].sum(), AREA_DP),
            "allocated": _r(mine["allocated"].sum(), AREA_DP),
            "from_quota": _r(mine["from_quota"].sum(), AREA_DP),
            "from_linkage": _r(mine["from_linkage"].sum(), AREA_DP),
            "linkage_earned": _r(link_earned.get(code, 0.0), AREA_DP),
            "farmland_taken": _r(mine["farmland_taken"].sum(), AREA_DP),
            "paddy_taken": _r(mine["paddy_taken"].sum(), AREA_DP),
            "farmland_taken_quota": _r(taken_quota, AREA_DP),
            "compensated_own": _r(own_comp, AREA_DP),
            "compensated_county": _r(taken_quota - own_comp, AREA_DP),
            "credits_held": _r(float(t["credits_quantity"]), AREA_DP),
            "reclamation_earned": _r(recl_earned.get(code, 0.0), AREA_DP),
            "min": t["min"] if t["min"] == t["min"] else None,
            "max": t["max"] if t["max"] == t["max"] else None,
        })
    return pd.DataFrame(rows)
