"""The sentences of a rolling plan's document (三年滚动用地计划): each year's quota against the
land given that year (never the first year's quota against the whole plan's land), the
linkage credits borrowed and returned, 人地挂钩, and the limits used up year by year."""

from __future__ import annotations

import pandas as pd

from landplan.outputs.report_tables import Fmt, w
from landplan.outputs.report_tables.years import (
    EPS,
    Rolling,
    count_word,
    waited_projects,
    year_figures,
    year_rule,
    yw,
)


def title(r: Rolling, county: str, lang: str) -> str:
    return yw("doc_title", lang, county=county, span=r.span_text(lang),
              n=count_word(len(r.years), lang))


def cover_plan(r: Rolling, lang: str) -> str:
    n = count_word(len(r.years), lang)
    return yw("cover_title_plan", lang, span=r.span_text(lang), n=n, N=n.capitalize())


def overview_quota(r: Rolling, alloc: pd.DataFrame, county: str, f: Fmt) -> str:
    """The first paragraph of the overview: the period's quota, year by year, against the
    land the plan gives."""
    lang = f.lang
    figs = year_figures(r)
    whole = sum(x.quota + x.bonus for x in figs)
    u = f.unit_names[0]
    years = w("list_sep_short", lang).join(
        yw("ov_year_q", lang, y=x.year, q=f.area(x.quota).text, u=u) for x in figs)
    first = yw("ov_quota", lang, county=county, span=r.span_text(lang),
               q=f.area_text(whole), years=years)
    earmark = sum(x.earmark for x in figs)
    if earmark > 0:
        first += yw("ov_earmark", lang, r=f.area_text(earmark))
    conv = [x.conversion for x in figs if x.conversion is not None]
    if conv:
        first += yw("ov_conversion", lang, qf=f.area_text(sum(conv)))
    how = (yw("ov_carry_lapse", lang) if r.carry_over <= 0
           else yw("ov_carry_share", lang, c=_pct(r.carry_over)))
    first += yw("ov_carry", lang, how=how)
    n = sum(x.from_quota for x in figs)
    first += yw("ov_allocated", lang, a=f.area_text(alloc["allocated"].sum()),
                n=f.area_text(n), l=f.area_text(alloc["from_linkage"].sum()),
                left=f.area_text(whole - n))
    return first


def by_year_text(r: Rolling, table_no: int, f: Fmt) -> str:
    """Each year's quota available against the land given that year."""
    lang = f.lang
    u = f.unit_names[0]
    items = w("list_sep", lang).join(
        yw("ov_year_item", lang, y=x.year, avail=f.area(x.available).text, u=u,
           a=f.area(x.given).text, n=f.area(x.from_quota).text, l=f.area(x.from_linkage).text,
           left=f.area(x.left).text) for x in year_figures(r))
    return yw("ov_by_year", lang, items=items, t=table_no)


def _pct(x: float) -> str:
    return f"{x:.0%}" if abs(x * 100 - round(x * 100)) < 1e-9 else f"{x:.2%}"


def waited_text(alloc: pd.DataFrame, table_no: int, f: Fmt) -> str:
    n = len(waited_projects(alloc))
    return yw("ov_waited", f.lang, n=n, t=table_no, projects="project" if n == 1 else "projects",
              be="is" if n == 1 else "are", them="it" if n == 1 else "them")


def towns_notes(r: Rolling, towns: pd.DataFrame, years_table_no: int, f: Fmt) -> list[str]:
    """The towns table's notes on the quota, for the whole period (its figures are)."""
    lang = f.lang
    figs = year_figures(r)
    whole = sum(x.quota + x.bonus for x in figs)
    used = float(towns["from_quota"].sum())
    out = [yw("towns_note_period", lang, span=r.span_text(lang)),
           yw("towns_note_quota", lang, span=r.span_text(lang), q=f.area_text(whole),
              used=f.area_text(used), left=f.area_text(whole - used), t=years_table_no)]
    earmark = sum(x.earmark for x in figs)
    if earmark > 0:
        pilots = towns[towns["pilot"]]
        out.append(yw("towns_note_earmark", lang, r=f.area_text(earmark),
                      rest=f.area_text(sum(x.quota - x.earmark for x in figs)),
                      pilot=f.area_text(float(pilots["from_quota"].sum()))))
    return out


def ledger_text(r: Rolling, f: Fmt) -> str:
    led = r.ledger
    end = float(led["outstanding"].iloc[-1]) if len(led) else 0.0
    return yw("ledger_text", f.lang, used=f.area_text(led["used"].sum()),
              borrowed=f.area_text(led["borrowed"].sum()),
              returned=f.area_text(led["returned"].sum()), end=f.area_text(end))


def _share_of(land: pd.Series, people: pd.Series, f: Fmt) -> str:
    """Urban land per resident of the towns together, in m² (land in the scenario's unit)."""
    m2 = 10_000.0 / 15 if f.units == "mu" else 10_000.0  # 1 亩 = 1/15 公顷
    ok = people.astype(float) > 0
    total = float(people[ok].astype(float).sum())
    return "—" if total <= 0 else _m2(float(land[ok].astype(float).sum()) * m2 / total)


def urban_text(r: Rolling, cons: pd.DataFrame, names: dict[str, str], table_no: int,
               f: Fmt) -> str:
    """The towns' migrants, the land they bring and the housing and livelihood land given,
    residents and land per resident before and after; then the towns and years whose land
    for migrants is used up (their figures are in the table of limits used)."""
    lang = f.lang
    u = r.urban
    if u is None or u.empty:
        return ""
    codes = set(u["code"].astype(str))
    housing = float(r.towns.loc[r.towns["code"].isin(codes), "housing_livelihood"].sum())
    before = _share_of(u["urban_construction_land"], u["urban_population_base"], f)
    after = _share_of(u["urban_construction_land"] + u["new_land"], u["urban_population"], f)
    p0, p1 = _people(u["urban_population_base"].sum()), _people(u["urban_population"].sum())
    text = yw("urban_text", lang, k=len(u), m=_people(u["settled_migrants"].sum()),
              land=f.area_text(u["migrant_land"].sum()), housing=f.area_text(housing),
              people=yw("urban_grow" if p1 != p0 else "urban_same", lang, p0=p0, p1=p1),
              a0=before, a1=after, t=table_no)
    capped = cons[(cons["rule"] == "urban_land_cap") & cons["binding"].map(_true)
                  & (cons["limit"].astype(float) > EPS)]
    if len(capped):
        years: dict[str, list[str]] = {}  # town -> its years at the limit, in order
        for c in capped.itertuples(index=False):
            code, _, year = str(c.key).partition("__")
            years.setdefault(code, []).append(yw("year", lang, y=year))
        items = [yw("urban_capped_item", lang, town=names.get(code, code),
                    years=w("list_sep_short", lang).join(ys)) for code, ys in years.items()]
        text += ("" if lang == "zh" else " ") + yw("urban_capped", lang,
                                                   items=w("list_sep", lang).join(items))
    return text


def _true(x: object) -> bool:
    return x is True or str(x).strip().lower() in ("true", "1", "yes")


def _people(x: object) -> str:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return "—"
    return "—" if v != v else f"{v:,.0f}"


def _m2(x: object) -> str:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return "—"
    return "—" if v != v else f"{v:,.2f}"


def spending_text(total: float, budget: float | None, f: Fmt) -> str:
    if budget is None:
        return yw("spending_text_nobudget", f.lang, s=f.money_text(total))
    return yw("spending_text", f.lang, s=f.money_text(total), b=f.money_text(budget),
              left=f.money_text(budget - total))


def binding_label(r, town_names: dict[str, str], f: Fmt) -> str | None:
    """A limit of one year (`2026`) or of a town in one year (`341126102__2026`) as the
    document names it: "2026年年度新增建设用地计划指标", "2026年临淮关镇人地挂钩…"; None for
    the others (named as in a one-year plan)."""
    lang = f.lang
    key = str(r.key) if r.key == r.key else ""
    fam = f.rules.get(r.rule)
    if fam is None or not getattr(fam, "yearly", False):
        return None
    rule = f.rule(r.rule)
    town, _, year = key.rpartition("__")
    if town:
        return yw("bind_town_year", lang, y=year, town=town_names.get(town, town), rule=rule)
    return year_rule(key, rule, lang)


def record_lines(r: Rolling, summary: dict, f: Fmt) -> list[str]:
    """The technical record's first lines for a rolling plan: the scenario with its years,
    and each year's quota (not the first year's alone)."""
    lang = f.lang
    scen = summary.get("scenario", {})
    county = scen.get("county", {})
    lines = [yw("record_scenario", lang, name=scen.get("name", ""), span=r.span_text(lang),
                county=county.get("name", ""), code=county.get("code", ""))]
    for x in year_figures(r):
        line = yw("record_quota", lang, y=x.year, q=f.area_text(x.quota),
                  r=f.area_text(x.earmark))
        if x.conversion is not None:
            line += w("cover_conversion", lang, qf=f.area_text(x.conversion))
        lines.append(line)
    return lines
