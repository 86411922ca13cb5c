"""The plan document's text: short paragraphs in plain Chinese (or English) generated from the
run's figures — what was allocated, which limits were used up, and why projects fell short.

A rolling run (towns_by_year.csv and summary.json `quota_by_year`) is written up as a
三年滚动用地计划: its own title, the tables of report_tables/years.py and the sentences of
narrative_years.py, each year's quota set against that year's land."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from landplan import __version__, i18n
from landplan.model.rules import Families, families
from landplan.outputs import narrative_years as NY
from landplan.outputs import report_tables as RT
from landplan.outputs import runformat as F
from landplan.outputs.figures_years import figure_title
from landplan.outputs.report_tables import (
    EPS,
    FarmlandBalance,
    Fmt,
    Table,
    _true,
    short_projects,
    w,
)
from landplan.outputs.report_tables import years as RY
from landplan.outputs.report_tables.kinds import unfunded_kinds
from landplan.outputs.report_tables.tiers import tiers_table
from landplan.outputs.runread import read_reasons, read_summary, read_table
from landplan.outputs.scarcity import scarcity, with_marginal
from landplan.outputs.view import RunView
from landplan.outputs.view import reasons_in as view_reasons_in

ZH_NUMERALS = "一二三四五六七八九十"


@dataclass
class Heading:
    text: str
    landscape: bool = False


@dataclass
class Para:
    text: str
    kind: str = "body"  # body | item | note
    landscape: bool = False


@dataclass
class TableBlock:
    table: Table
    number: int


@dataclass
class Figure:
    path: Path  # relative to the run folder
    caption: str
    number: int
    landscape: bool = False


@dataclass
class Document:
    """The plan document: a cover (title, 编制单位, date), a table of contents of its headings,
    the body blocks, and the technical record of the run as the last appendix (附录)."""

    title: str
    subtitle: str
    warning: str  # the synthetic-data note, or ""
    record_title: str  # the appendix holding the run's technical record
    record: list[str]  # its lines: solver, objective, timings, run folder, input hashes, notes
    blocks: list = field(default_factory=list)
    lang: str = "zh"
    org: str = ""  # 编制单位; "" leaves a line to fill in
    date: str = ""
    toc_title: str = ""
    cover_title: list[str] = field(default_factory=list)  # the title in lines, for the cover

    def headings(self) -> list[str]:
        """The table of contents: every heading in order, then the technical appendix."""
        out = [b.text for b in self.blocks if isinstance(b, Heading)]
        return out + ([self.record_title] if self.record_title else [])


# --- reading the run --------------------------------------------------------------------


def _constraints(folder: Path) -> pd.DataFrame:
    df = read_table(folder, F.CONSTRAINTS, optional=True)
    if df is None:
        return pd.DataFrame(
            columns=["name", "rule", "key", "sense", "use", "limit", "slack", "binding", "unit"]
        )
    df["key"] = df["key"].fillna("").astype(str)
    return df


def _marginal(folder: Path) -> pd.DataFrame | None:
    return read_table(folder, F.MARGINAL, optional=True)


SOLVER_NAMES = {"cbc": "CBC", "highs": "HiGHS"}


def run_language(folder: Path) -> str:
    """The language the run wrote its tables and reasons in (summary.json's `lang`, else
    reasons.json's; older runs: Chinese)."""
    lang = read_summary(folder).get("lang")
    if lang is None:
        lang = (read_reasons(folder) or {}).get("lang")
    return str(lang or "zh")


reasons_in = view_reasons_in  # reasons said again in another language (view.py)


def _figures(folder: Path) -> list[Path]:
    """The county sheet first, then a rolling plan's year figures, then the town sheets."""
    fig = folder / F.FIGURES.name
    if not fig.is_dir():
        return []
    order = {"county": 0, "county-years": 1, "migrants": 2}
    return sorted((p.relative_to(folder) for p in fig.glob("*.png") if not p.name.startswith(".")),
                  key=lambda p: (order.get(p.stem, 3), p.name))


def _held_paddy(view: RunView) -> float | None:
    try:
        return float(sum(t.farmland_credits.paddy for t in view.scenario.towns))
    except AttributeError:
        return None


# --- the document -----------------------------------------------------------------------


def build_document(folder: str | Path, *, lang: str = "zh", org: str | None = None,
                   date: str | None = None) -> Document:
    """Everything the report says, as blocks; both renderers draw these. `org` (编制单位) and
    `date` go on the cover; the date defaults to the day the run was made."""
    folder = Path(folder)
    view = RunView.from_folder(folder, with_layers=False)
    summ = view.summary
    scen = summ.get("scenario", {})
    county = scen.get("county", {})
    fams = families(view.scenario)
    f = Fmt(scen.get("units") or "mu", lang, fams)
    alloc = view.allocation.copy()
    alloc["priority"] = alloc["priority"].map(RT._true)
    alloc["reason"] = alloc["reason"].astype(object).fillna("").astype(str)
    if run_language(folder) != lang:
        alloc["reason"] = reasons_in(folder, alloc, f.units, lang, fams)
    towns = view.towns.copy()
    towns["pilot"] = towns["pilot"].map(RT._true)
    cons = with_marginal(_constraints(folder), _marginal(folder), fams)
    names = dict(zip(towns["code"], towns["name"], strict=True))
    caps = [x.name for x in fams if x.caps_town]
    binding_max = set(cons.loc[cons["rule"].isin(caps) & cons["binding"].map(RT._true), "key"])
    roll = RY.read_rolling(folder, summ, view.scenario)

    doc = Document(
        title=w("doc_title", lang, county=county.get("name", ""), year=scen.get("year", "")),
        subtitle=w("doc_subtitle", lang, name=scen.get("name", "")),
        warning=i18n.text("synthetic", lang) if scen.get("synthetic") else "",
        record_title=w("sec_record", lang),
        record=_record(view, folder, f, roll),
        lang=lang,
        org=w("cover_org", lang, org=org.strip() if org and org.strip() else w("blank", lang)),
        date=w("cover_date", lang, date=date.strip() if date and date.strip()
               else _run_date(folder, lang)),
        toc_title=w("toc", lang),
        cover_title=[w("cover_title_county", lang, county=county.get("name", "")),
                     w("cover_title_plan", lang, year=scen.get("year", ""))],
    )
    if roll is not None:  # a rolling plan: 三年滚动用地计划, its years on the cover
        doc.title = NY.title(roll, county.get("name", ""), lang)
        doc.cover_title[1] = NY.cover_plan(roll, lang)
    tables = 0
    figures = 0
    sections = 0
    blocks = doc.blocks

    def section(key: str, text: str | None = None) -> None:
        nonlocal sections
        sections += 1
        num = (_zh_number(sections) + "、") if lang == "zh" else f"{sections}. "
        blocks.append(Heading(num + (text if text is not None else w(key, lang))))

    def table(t: Table | None) -> int | None:
        nonlocal tables
        if t is None:
            return None
        if not t.landscape and sum(RT.column_needs(t)) > RT.PORTRAIT_PT:
            t.landscape = True  # its words do not fit across a portrait page (English)
        tables += 1
        blocks.append(TableBlock(t, tables))
        return tables

    balance = RT.farmland_balance(alloc, towns, view.linkage, view.reclamation, _held_paddy(view))
    section("sec_overview")
    said = overview(summ, alloc, county.get("name", ""), scen.get("year", ""), f)
    if roll is not None:  # the period's quota against the plan's land
        said[0] = NY.overview_quota(roll, alloc, county.get("name", ""), f)
    blocks += [Para(p) for p in said]

    years_no = 0
    if roll is not None:
        years_no = _years_sections(roll, alloc, towns, f, section, table, blocks)

    section("sec_towns")
    t_towns = RT.towns_table(towns, summ, binding_max, f)
    if roll is not None:  # each town's land by year, then the whole plan's
        t_towns.notes[1:] = NY.towns_notes(roll, towns, years_no, f)
        blocks.append(Para(RY.yw("towns_years_text", lang, t=tables + 1, u=tables + 2)))
        table(RY.towns_years_table(roll, towns, f))
    table(t_towns)

    section("sec_priority")
    if table(RT.priority_table(alloc, f, tiers=summ.get("tiers") or [])) is None:
        blocks.append(Para(w("priority_none", lang)))

    tiers = summ.get("tiers") or []
    if tiers:
        section("sec_tiers")
        blocks.append(Para(tiers_text(tiers, f)))
        table(tiers_table(tiers, f))

    section("sec_farmland")
    blocks.append(Para(farmland_text(balance, f)))
    table(RT.farmland_table(balance, f))
    table(RT.farmland_towns_table(towns, f))
    if roll is not None:
        table(RY.farmland_years_table(roll, f))

    section("sec_linkage")
    if table(RT.linkage_table(alloc, view.linkage, balance, names, f)) is None:
        blocks.append(Para(w("linkage_none", lang)))
    if roll is not None:
        ledger = RY.ledger_table(roll, f)
        if ledger is not None:
            blocks.append(Para(NY.ledger_text(roll, f)))
            table(ledger)
        table(RY.deadlines_table(view.linkage, view.scenario, roll, names, f))

    if roll is not None and (urban := RY.urban_table(roll, f)) is not None:
        section("", RY.yw("sec_urban", lang))
        blocks.append(Para(NY.urban_text(roll, cons, names, tables + 1, f)))
        table(urban)

    section("sec_spending")
    spent = float(view.linkage["cost"].sum() if len(view.linkage) else 0) + float(
        view.reclamation["cost"].sum() if len(view.reclamation) else 0
    )
    budget = summ.get("reclamation_budget")
    blocks.append(Para(spending_text(spent, budget, f) if roll is None
                       else NY.spending_text(spent, budget, f)))
    table(RT.spending_table(view.linkage, view.reclamation, budget, names, f))

    section("sec_short")
    shared = RT.shared_reasons(RT.short_projects(alloc), cons, names, lang, fams)
    idle = RT.idle_reasons(RT.short_projects(alloc), cons, names, lang, fams)
    short = RT.short_table(alloc, shared, f, idle)
    said = short_text(alloc, shared, tables + 1 if short else None, f, idle)
    # what kinds of projects went unfunded and why, said first; then project by project
    kinds = unfunded_kinds(alloc, binding_max, cons, names, tiers, read_reasons(folder), f,
                           rolling=roll is not None)
    if kinds:
        blocks.append(Para(kinds))
    blocks.append(Para(said[0]))
    blocks += [Para(p, "item") for p in said[1:]]
    table(short)

    section("sec_constraints")
    blocks.append(Para(binding_text(cons, names, f, years=roll is not None)))
    table(RT.constraints_table(cons, f, years=roll is not None))
    table(RT.policy_table(cons, names, f))
    table(RT.marginal_table(_marginal(folder), names, f))

    figs = _figures(folder)
    if figs:
        # each figure on a page of its own, a town sheet on a landscape page at full size
        for i, path in enumerate(figs):
            figures += 1
            wide = path.stem.startswith("town-")
            if i == 0:
                blocks.append(Heading(w("sec_figures", lang), landscape=wide))
            caption = _figure_name(
                path.stem, county.get("name", ""), scen.get("year", ""), names, lang,
                sorted(view.summary.get("years") or {}),
            )
            blocks.append(Figure(path, w("figure_caption", lang, n=figures, name=caption), figures,
                                 landscape=wide))
            if wide and path.stem[5:] in names:  # the sheet's sites, every name whole
                table(RT.town_sites_table(alloc, path.stem[5:], names[path.stem[5:]], f))

    blocks.append(Heading(w("sec_annex", lang), landscape=True))
    table(RT.projects_table(alloc, f))
    doc.record.append(w("made_by", lang, version=__version__))
    _one_orientation(blocks)
    return doc


def _zh_number(n: int) -> str:
    """一 … 十, 十一 … 十九: a section's number in a Chinese heading."""
    if n <= 10:
        return ZH_NUMERALS[n - 1]
    return "十" + ZH_NUMERALS[n - 11] if n < 20 else str(n)


def _years_sections(roll: RY.Rolling, alloc: pd.DataFrame, towns: pd.DataFrame, f: Fmt,
                    section, table, blocks: list) -> int:
    """A rolling plan's sections: each year's quota against its land and each town's land by
    year; then the projects given land in each year and those that waited for a later one.
    Returns the number of the table of years."""
    lang = f.lang
    section("", RY.yw("sec_years", lang))
    text = Para("")
    blocks.append(text)
    years_no = table(RY.years_table(roll, f))
    text.text = NY.by_year_text(roll, years_no, f)
    section("", RY.yw("sec_year_projects", lang))
    for y in roll.years:
        if table(RY.year_projects_table(alloc, towns, y, f)) is None:
            blocks.append(Para(RY.yw("year_projects_none", lang, y=y)))
    waited = RY.waited_table(alloc, f)
    if waited is not None:
        tables_before = sum(isinstance(b, TableBlock) for b in blocks)
        blocks.append(Para(NY.waited_text(alloc, tables_before + 1, f)))
        table(waited)
    return years_no


def _one_orientation(blocks: list) -> None:
    """A section with a landscape table is set landscape whole (its heading and text too), so
    no heading or paragraph is left alone on a portrait page before it; sections of figures
    keep their own (each sheet on a page of its own)."""
    groups: list[list] = []
    for b in blocks:
        if isinstance(b, Heading) or not groups:
            groups.append([])
        groups[-1].append(b)
    for g in groups:
        if any(isinstance(b, Figure) for b in g):
            continue
        if any(isinstance(b, TableBlock) and b.table.landscape for b in g):
            for b in g:
                if isinstance(b, TableBlock):
                    b.table.landscape = True
                else:
                    b.landscape = True


def _figure_name(stem: str, county: str, year: object, towns: dict[str, str], lang: str,
                 years: list[str] | None = None) -> str:
    """figures/county.png, figures/town-<code>.png and a rolling plan's year figures
    (landplan figures) by the titles the figures carry; a rolling plan's sheets by its years."""
    span = None
    if years and len(years) > 1:
        a, b = years[0], years[-1]
        span = f"{a}—{b}" if lang == "zh" else f"{a}–{b}"
    if stem == "county":
        if span:
            return i18n.map_text("figure_county_horizon", lang, county=county, span=span)
        return i18n.map_text("title", lang, county=county, year=year)
    if stem.startswith("town-") and stem[5:] in towns:
        return i18n.map_text("figure_town", lang, town=towns[stem[5:]], year=span or year)
    return figure_title(stem, lang) or stem


def _record(view: RunView, folder: Path, f: Fmt, roll: RY.Rolling | None = None) -> list[str]:
    """The run's technical record (附录): scenario, solver and objective, timings, run folder,
    the full SHA-256 of every input file, and the notes of the run."""
    lang = f.lang
    s = view.summary
    scen = s.get("scenario", {})
    county = scen.get("county", {})
    quota = s.get("quota", {})
    lines = [
        w(
            "cover_scenario",
            lang,
            name=scen.get("name", ""),
            year=scen.get("year", ""),
            county=county.get("name", ""),
            code=county.get("code", ""),
        )
    ]
    q = w(
        "cover_quota",
        lang,
        q=f.area_text(quota.get("new_construction") or 0),
        r=f.area_text(quota.get("pilot_reserve") or 0),
    )
    if quota.get("farmland_conversion") is not None:
        q += w("cover_conversion", lang, qf=f.area_text(quota["farmland_conversion"]))
    budget = s.get("reclamation_budget")
    q += (
        w("cover_budget", lang, b=f.money_text(budget))
        if budget is not None
        else w("cover_no_budget", lang)
    )
    lines.append(q)
    if roll is not None:  # the plan's years and each year's quota, then the budget
        lines[:2] = NY.record_lines(roll, s, f) + [budget_line(budget, f)]
    gap = float(s.get("gap") or 0)
    status = (
        i18n.map_text("optimal", lang)
        if gap == 0 and s.get("status") == "optimal"
        else i18n.map_text("optimal_gap", lang, gap=f"{gap:g}")
    )
    parts = s.get("objective_parts") or {}
    lines.append(
        w(
            "cover_objective",
            lang,
            v=f"{float(s.get('objective') or 0):,.4f}",
            solver=SOLVER_NAMES.get(str(s.get("solver", "")), str(s.get("solver", ""))),
            gap=f"{gap:g}",
            status=status,
            spend=f.money_text(parts.get("spending") or 0),
        )
    )
    t = s.get("timings", {})
    lines.append(
        w(
            "cover_run",
            lang,
            when=_run_time(folder),
            total=f"{sum(t.values()):.2f}",
            solve=f"{float(t.get('solve', 0)):.2f}",
            version=s.get("landplan", ""),
            folder=folder.resolve().name,
        )
    )
    inputs = s.get("inputs") or {}
    lines.append(w("cover_inputs", lang) + ("" if inputs else "—"))
    lines += [w("cover_input", lang, file=k.removeprefix("layers."), sha=v)
              for k, v in inputs.items()]
    for note in view.notes:
        lines.append(w("cover_note", lang, note=str(note)))
    for u in s.get("unchecked") or []:
        lines.append(w("cover_unchecked", lang, note=u))
    return lines


def budget_line(budget: float | None, f: Fmt) -> str:
    """The reclamation budget as a line of its own (a rolling plan's record)."""
    text = (w("cover_budget", f.lang, b=f.money_text(budget)) if budget is not None
            else w("cover_no_budget", f.lang))
    return text.lstrip("；; ")


def _run_time(folder: Path) -> str:
    stamp = (folder / F.SUMMARY.name).stat().st_mtime
    return dt.datetime.fromtimestamp(stamp).strftime("%Y-%m-%d %H:%M")


def _run_date(folder: Path, lang: str) -> str:
    """The day the run was made, as a document dates itself: 2026年5月20日 / 20 May 2026."""
    d = dt.datetime.fromtimestamp((folder / F.SUMMARY.name).stat().st_mtime)
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else f"{d.day} {d:%B} {d.year}"


# --- sentences ------------------------------------------------------------------------


SHORT_LISTED = 10  # beyond this many, the text lists the first and points to the table
def overview(summary: dict, alloc: pd.DataFrame, county: str, year: int, f: Fmt) -> list[str]:
    lang = f.lang
    quota = summary.get("quota", {})
    q = float(quota.get("new_construction") or 0)
    r = float(quota.get("pilot_reserve") or 0)
    qf = quota.get("farmland_conversion")
    n = float(alloc["from_quota"].sum())
    first = w("ov_quota", lang, county=county, year=year, q=f.area_text(q))
    if r > 0:
        first += w("ov_earmark", lang, r=f.area_text(r))
    if qf is not None:
        first += w("ov_conversion", lang, qf=f.area_text(float(qf)))
    first += w(
        "ov_allocated",
        lang,
        a=f.area_text(alloc["allocated"].sum()),
        n=f.area_text(n),
        l=f.area_text(alloc["from_linkage"].sum()),
        left=f.area_text(q - n),
    )
    counts = alloc["status"].value_counts()
    pri = alloc[alloc["priority"]]
    n = {k: int(counts.get(k, 0)) for k in ("funded", "partial", "unfunded", "ineligible",
                                             "conflict")}
    second = w(
        "ov_projects",
        lang,
        n=len(alloc),
        req=f.area_text(alloc["requested"].sum()),
        f=n["funded"],
        p=n["partial"],
        u=n["unfunded"],
        i=n["ineligible"],
        c=n["conflict"],
        f_be=be(n["funded"]),
        i_be=be(n["ineligible"]),
        c_be=be(n["conflict"]),
        c_noun=plural(n["conflict"], "a key project", "key projects"),
    )
    if len(pri):
        kf = int((pri["status"] == "funded").sum())
        second += w("ov_priority", lang, k=len(pri), kf=kf, kf_be=be(kf),
                    k_noun=plural(len(pri), "must-fund key project", "must-fund key projects"))
        c = int((pri["status"] == "conflict").sum())
        if c:
            second += w("ov_conflict", lang, c=c, c_verb=plural(c, "cannot", "cannot"),
                        c_its=plural(c, "its site breaks", "their sites break"),
                        c_need=plural(c, "needs", "need"))
        second += w("sentence_end", lang)
    key = alloc[(alloc["category"] == "key") & ~alloc["priority"]]
    if len(key):
        kf = int((key["status"] == "funded").sum())
        second += w("ov_key", lang, k=len(key), kf=kf, kf_be=be(kf),
                    k_noun=plural(len(key), "other project", "other projects"),
                    k_be=be(len(key)))
    return [first, second]


def plural(n: int, one: str, many: str) -> str:
    """English agreement: "1 key project", "3 key projects" (Chinese needs none)."""
    return one if n == 1 else many


def be(n: int) -> str:
    return plural(n, "is", "are")


def binding_rows(cons: pd.DataFrame, fams: Families, years: bool = False) -> pd.DataFrame:
    """The county-wide and town rules that are used up (per-project rows are left out), the
    families with a declared `report_rank` first, in that order; with `years` (a rolling
    plan), each year's rows too."""
    if cons.empty:
        return cons
    key = cons["key"].fillna("").astype(str)
    scopes = ("town", "category", "year") if years else ("town", "category")
    town = [(f := fams.get(r)) is not None and f.scope in scopes
            for r in cons["rule"]]
    mask = cons["binding"].map(_true) & ((key == "") | pd.Series(town, index=cons.index))
    out = cons[mask].copy()
    ranks = [f.report_rank for f in fams if f.report_rank is not None]
    last = max(ranks, default=-1) + 1

    def rank(rule: str) -> int:
        f = fams.get(rule)
        return last if f is None or f.report_rank is None else f.report_rank

    out["_o"] = out["rule"].map(rank)
    return out.sort_values(["_o", "key"], kind="stable")


def binding_text(cons: pd.DataFrame, town_names: dict[str, str], f: Fmt,
                 years: bool = False) -> str:
    lang = f.lang
    rows = binding_rows(cons, f.rules, years)
    if rows.empty:
        return w("bind_none", lang)
    groups: dict[str, list[str]] = {"scarce": [], "full": [], "unknown": []}
    for r in rows.itertuples(index=False):
        label = NY.binding_label(r, town_names, f) if years else None
        groups[scarcity(r)].append(_binding_item(r, town_names, f, label))
    sep = w("item_sep", lang)
    out = []
    for key, group in (("bind_lead", "scarce"), ("bind_full", "full"),
                       ("bind_unknown", "unknown")):
        m = len(groups[group])
        if m:
            say = (RY.yw if years and key == "bind_lead" else w)
            key = "bind_lead_plan" if years and key == "bind_lead" else key
            out.append(say(key, lang, n=m, items=sep.join(groups[group]), be=be(m),
                         has=plural(m, "has", "have"), limits=plural(m, "limit", "limits"),
                         limit_v=plural(m, "limits", "limit"),
                         them=plural(m, "it", "them"), its=plural(m, "its", "their")))
    return ("" if lang == "zh" else " ").join(out)


def _binding_item(r, town_names: dict[str, str], f: Fmt, label: str | None = None) -> str:
    lang = f.lang
    rule = f.rule(r.rule)
    key = str(r.key) if r.key == r.key else ""
    if label is not None:  # a rolling plan's row of one year
        rule = label
    elif key:
        where = town_names.get(key, i18n.word(i18n.CATEGORY, key, lang))
        rule = w("bind_town", lang, town=where, rule=rule)
    if abs(float(r.limit)) <= EPS and abs(float(r.use)) <= EPS:
        return w("bind_zero", lang, rule=rule)
    if r.unit not in ("money", "area"):  # a county rule's own amount
        return w("bind_item_plain", lang, rule=rule, use=_plain(r.use), limit=_plain(r.limit))
    if r.unit == "money":
        use, limit = f.money(r.use).text, f.money(r.limit).text
        unit = w("wan_yuan", lang)
    else:
        use, limit = f.area(r.use).text, f.area(r.limit).text
        unit = f.unit_names[0]
    return w("bind_item", lang, rule=rule, use=use, limit=limit, u=unit)


def tiers_text(tiers: list[dict], f: Fmt) -> str:
    """The order of precedence in a sentence: each tier, its objective, what it secured."""
    lang = f.lang
    sep = w("item_sep", lang)
    order = sep.join(f"{t['name']}（{w('tier_' + t['objective'], lang)}）" if lang == "zh"
                     else f"{t['name']} ({w('tier_' + t['objective'], lang)})" for t in tiers)
    covered = {c for t in tiers for c in t["categories"]}
    rest = sorted(set(i18n.CATEGORY) - covered)
    rest_text = w("tiers_rest", lang, cats=w("list_sep", lang).join(
        i18n.word(i18n.CATEGORY, c, lang) for c in rest)) if rest else ""
    return w("tiers_text", lang, order=order, rest=rest_text)


def _plain(x: object) -> str:
    return f"{float(x):,.4f}".rstrip("0").rstrip(".")


def farmland_text(b: FarmlandBalance, f: Fmt) -> str:
    lang = f.lang
    if b.taken <= EPS:
        return w("fb_text_none", lang)
    text = w("fb_text", lang, t=f.area_text(b.taken), p=f.area_text(b.paddy))
    if b.taken_quota > EPS:
        text += w(
            "fb_text_quota",
            lang,
            tq=f.area_text(b.taken_quota),
            h=f.area_text(b.held_used),
            r=f.area_text(b.reclaimed_used),
        )
    if b.taken_linkage > EPS:
        text += w(
            "fb_text_linkage", lang, tl=f.area_text(b.taken_linkage), g=f.area_text(b.linkage_gain)
        )
    return text


def spending_text(total: float, budget: float | None, f: Fmt) -> str:
    lang = f.lang
    if budget is None:
        return w("sp_text_nobudget", lang, s=f.money_text(total))
    return w(
        "sp_text",
        lang,
        s=f.money_text(total),
        b=f.money_text(budget),
        left=f.money_text(budget - total),
    )


def short_text(alloc: pd.DataFrame, shared: list[str], table_no: int | None, f: Fmt,
               idle: list[str] = ()) -> list[str]:
    """The projects that fell short, most pressing first; the limits they share are said once."""
    lang = f.lang
    short = short_projects(alloc)
    if short.empty:
        return [w("short_none", lang)]
    ref = w("see_table", lang, n=table_no) if table_no else ""
    out = [w("short_lead", lang, n=len(short), ref=ref, be=be(len(short)),
             projects=plural(len(short), "project", "projects"))]
    if shared:
        out[0] += w("short_shared", lang, items=w("list_sep", lang).join(f.reason(x) for x in shared))
    for i, p in enumerate(short.head(SHORT_LISTED).itertuples(index=False), 1):
        out.append(
            w(
                "short_item",
                lang,
                i=i,
                name=p.name,
                id=p.project_id,
                town=p.town_name,
                req=f.area(p.requested).text,
                got=f.area(p.allocated).text,
                u=f.unit_names[0],
                status=i18n.word(i18n.STATUS, p.status, lang),
                reason=f.reason(RT.specific_reason(p.reason, [*shared, *idle], lang)).rstrip("。.")
                or w("no_reason", lang),
            )
        )
    if len(short) > SHORT_LISTED:
        out.append(w("short_more", lang, m=len(short) - SHORT_LISTED, ref=ref))
    return out
