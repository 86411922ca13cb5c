"""Which kinds of projects went unfunded, and why, said openly in one paragraph a county
government reads: the order of precedence (a tier), a town at its cap, value per mu, a project
that must be given whole, a site that breaks the plan.

Each project short of its request is counted once, under the first of: its site breaks the
plan (ineligible, conflict); its town is at its cap (the rule that stops it, whatever else is
used up); its value per mu is below the lowest funded competitor's (reasons.json
`lower_value`); it must be given whole (`min_share`). The tier sentence counts the same
projects by the tier they belong to.
"""

from __future__ import annotations

import pandas as pd

from landplan import i18n
from landplan.outputs.report_tables.base import Fmt, _true, w
from landplan.outputs.report_tables.years import yw

SITE_ORDER = ("permanent_basic_farmland", "ecological_red_line", "outside_udb", "outside_park",
              "outside_town")


def unfunded_kinds(alloc: pd.DataFrame, capped: set[str], cons: pd.DataFrame,
                   town_names: dict[str, str], tiers: list[dict], reasons: dict | None,
                   f: Fmt, rolling: bool = False) -> str:
    """The paragraph, or "" when every project is funded in full. In a `rolling` plan a
    town's maximum holds over the whole plan, and the paragraph says so."""
    lang = f.lang
    short = alloc[alloc["status"] != "funded"]
    if short.empty:
        return ""
    parts = (reasons or {}).get("projects") or {}

    def keys(pid: str) -> dict[str, dict]:
        return {p.get("key"): p for p in parts.get(str(pid), []) if isinstance(p, dict)}

    site = short[short["status"].isin(("ineligible", "conflict"))]
    rest = short.drop(site.index)
    cap = rest[rest["town"].astype(str).isin(capped)]
    rest = rest.drop(cap.index)
    low = rest[[("lower_value" in keys(p)) for p in rest["project_id"]]]
    rest = rest.drop(low.index)
    whole = rest[[("min_share" in keys(p)) for p in rest["project_id"]]]

    items: list[str] = []
    tier = _tier_item(short.drop(site.index), alloc, tiers, f)
    if tier:
        items.append(tier)
    if len(cap):
        towns = []
        for code, group in cap.groupby(cap["town"].astype(str), sort=False):
            use, limit = _cap(cons, code, f)
            towns.append(w("kinds_cap_town", lang, town=town_names.get(code, code), use=use,
                           limit=limit, u=f.unit_names[0], n=len(group),
                           projects=_projects(len(group), lang)))
        say, key = (yw, "kinds_cap_plan") if rolling else (w, "kinds_cap")
        items.append(say(key, lang, towns=w("item_sep_short", lang).join(towns),
                         n=len(cap), projects=_projects(len(cap), lang),
                         have="has" if len(towns) == 1 else "have"))
    if len(low):
        vs = [_number(keys(p)["lower_value"].get("v"), v)
              for p, v in zip(low["project_id"], low["value_per_mu"], strict=True)]
        ws = [x for x in (_number(keys(p)["lower_value"].get("w"), None)
                          for p in low["project_id"]) if x is not None]
        funded = alloc.loc[alloc["status"] == "funded", "value_per_mu"]
        lowest = min(ws) if ws else float(funded.min()) if len(funded) else max(vs)
        items.append(w("kinds_value", lang, n=len(low), lo=f"{min(vs):,.2f}",
                       hi=f"{max(vs):,.2f}", w=f"{lowest:,.2f}",
                       projects=_projects(len(low), lang), be=_be(len(low))))
    if len(whole):
        items.append(w("kinds_whole", lang, n=len(whole), projects=_projects(len(whole), lang),
                       be=_be(len(whole))))
    if len(site):
        codes = {s.get("code") for p in site["project_id"] for part in keys(p).values()
                 for s in part.get("sites", []) or [] if isinstance(s, dict)}
        what = [w(f"kinds_site_{c}", lang) for c in SITE_ORDER if c in codes]
        items.append(w("kinds_site", lang, n=len(site), projects=_projects(len(site), lang),
                       what=w("kinds_or", lang).join(what) if what else w("kinds_site_any", lang),
                       be=_be(len(site))))
    if not items:
        return ""
    numbered = [w("kinds_item", lang, i=_ordinal(i, lang), text=t)
                for i, t in enumerate(items, 1)]
    return w("kinds_lead", lang, n=len(short), projects=_projects(len(short), lang)) + \
        w("item_sep_kinds", lang).join(numbered) + w("sentence_end", lang)


def _tier_item(short: pd.DataFrame, alloc: pd.DataFrame, tiers: list[dict], f: Fmt) -> str:
    """The order of precedence: the tiers before the one the shortfall falls in were funded
    (their projects short only of a site that breaks the plan), the shortfall is in the later
    ones."""
    if not tiers or short.empty:
        return ""
    lang = f.lang
    tier_of = {c: i for i, t in enumerate(tiers) for c in t.get("categories", [])}
    where = short["category"].map(lambda c: tier_of.get(c, len(tiers)))
    first = int(where.min())
    if first == 0:
        return ""  # the first tier itself falls short: the order explains nothing here
    done = w("list_sep_short", lang).join(t["name"] for t in tiers[:first])
    later = [t for t in tiers[first:]]
    cats = w("list_sep_short", lang).join(
        i18n.word(i18n.CATEGORY, c, lang) for t in later for c in t.get("categories", []))
    names = w("list_sep_short", lang).join(t["name"] for t in later)
    m = int((where >= first).sum())
    return w("kinds_tier", lang, done=done, later=names, cats=cats, n=m,
             projects=_projects(m, lang), be=_be(m))


def _cap(cons: pd.DataFrame, town: str, f: Fmt) -> tuple[str, str]:
    caps = {x.name for x in f.rules if x.caps_town}
    rows = cons[cons["rule"].isin(caps) & (cons["key"].astype(str) == town)
                & cons["binding"].map(_true)]
    if rows.empty:
        return "—", "—"
    r = rows.iloc[0]
    return f.area(r["use"]).text, f.area(r["limit"]).text


def _projects(n: int, lang: str) -> str:
    return "project" if n == 1 else "projects"


def _be(n: int) -> str:
    return "is" if n == 1 else "are"


def _ordinal(i: int, lang: str) -> str:
    return "一二三四五六七八九十"[i - 1] if lang == "zh" else str(i)


def _number(text: object, default):
    """A figure as reasons.json writes it ("1,449.00"), or `default` when it is not one."""
    try:
        x = float(str(text).replace(",", ""))
    except (TypeError, ValueError):
        return default
    return x if x == x else default
