"""A rolling plan's tables (三年滚动用地计划): each year's quota against the land given that
year, the land by town and year, the projects given land in each year (town by town), the
linkage credits borrowed and returned (周转指标), the farmland balance by year, and 人地挂钩.

Every figure comes from the run's own files: towns_by_year.csv, linkage_ledger.csv,
urbanisation.csv, allocation.csv's `year`, and summary.json's `quota_by_year` and `years` (each
year's rule use). A one-year run has none of them and none of these tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from landplan import i18n
from landplan.outputs import headings as H
from landplan.outputs import runformat as F
from landplan.outputs.headings import heading
from landplan.outputs.report_tables.base import (
    EPS,
    Cell,
    Fmt,
    Row,
    T,
    Table,
    _label,
    _num,
    _status,
)
from landplan.outputs.runread import read_table

ZH_COUNT = "一两三四五六七八九十"
EN_COUNT = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

# The words of a rolling plan's document (zh, en); the one-year document's are in i18n.REPORT.
WORDS: dict[str, tuple[str, str]] = {
    "doc_title": ("{county}{span}年{n}年滚动用地计划", "{county} {span}: {n}-year rolling land-use plan"),
    "cover_title_plan": ("{span}年{n}年滚动用地计划", "{N}-year rolling land-use plan {span}"),
    "span": ("{a}—{b}", "{a}–{b}"),
    "year": ("{y}年", "{y}"),
    "sec_years": ("分年度计划指标与用地安排", "Quota and land by year"),
    "sec_year_projects": ("分年度项目用地安排", "Projects by year"),
    "sec_urban": ("人地挂钩与城镇化", "Land for settled migrants (人地挂钩) and urbanisation"),
    "t_years": ("分年度计划指标与用地安排总表", "Quota and land given, year by year"),
    "t_towns_years": ("乡镇分年度用地安排表", "Land given by town and year"),
    "t_year_projects": ("{y}年度项目用地安排表", "Projects given land in {y}"),
    "t_waited": ("延后年度供地项目及原因表", "Projects given land later than their first year, and why"),
    "t_ledger": ("增减挂钩周转指标分年度台账", "Linkage credits by year: used, borrowed, returned"),
    "t_deadlines": ("增减挂钩项目验收与周转指标归还期限表", "Linkage projects: when finished, and when borrowed credits return"),
    "t_farmland_years": ("分年度耕地占补平衡表", "Farmland balance by year"),
    "t_urban": ("人地挂钩情况表", "Land for settled migrants (人地挂钩), town by town"),
    "col_year": ("年度", "Year"),
    "col_quota": ("新增建设用地计划指标", "Construction-land quota"),
    "col_carry": ("上年结转", "Carried over"),
    "col_bonus": ("人地挂钩增加", "Added for migrants"),
    "col_available": ("可用计划指标", "Quota available"),
    "col_earmark": ("其中：试点镇单列", "of which pilot earmark"),
    "col_conversion": ("农用地转用（占用耕地）指标", "Farmland-conversion quota"),
    "col_conversion_used": ("使用转用指标", "Conversion used"),
    "col_given": ("安排用地", "Land given"),
    "col_of_quota": ("其中：计划指标", "of which quota"),
    "col_of_linkage": ("其中：挂钩指标", "of which linkage"),
    "col_left": ("计划指标结余", "Quota left"),
    "col_town": ("乡镇名称", "Town"),
    "col_total": ("合计", "Total"),
    "col_no": ("序号", "No."),
    "col_project": ("项目", "Project"),
    "col_category": ("用途类别", "Category"),
    "col_requested": ("申请面积", "Requested"),
    "col_farmland": ("占用耕地", "Farmland taken"),
    "col_status": ("保障情况", "Status"),
    "col_reason": ("延后原因", "Why not earlier"),
    "col_given_year": ("供地年度", "Year given"),
    "col_linkage_project": ("挂钩项目", "Linkage project"),
    "col_in_town": ("所在乡镇", "Town"),
    "col_credits": ("节余指标", "Credits"),
    "col_ready": ("拆旧复垦验收年度", "Reclamation finished"),
    "col_term": ("周转期限（年）", "Term (years)"),
    "col_from": ("最早可借用年度", "Borrowable from"),
    "col_return_by": ("周转指标归还期限", "Borrowed credits returned by"),
    "col_taken_year": ("当年建设占用耕地", "Farmland taken that year"),
    "col_balance_use": ("累计需补充耕地", "To compensate, to date"),
    "col_balance_limit": ("累计可补充耕地", "Credits available, to date"),
    "col_balance_left": ("耕地结余", "Farmland credits left"),
    "col_paddy_use": ("累计需补充水田", "Paddy to compensate, to date"),
    "col_paddy_limit": ("累计可补充水田", "Paddy credits, to date"),
    "col_housing": ("住房及民生用地安排", "Housing and livelihood land given"),
    "finished": ("已验收", "finished"),
    "years_note": ("注：“可用计划指标”为当年新增建设用地计划指标加上年结转（结转比例 {c}）{bonus}；“计划指标结余”为可用计划指标减去当年使用的计划指标{lapse}。合计行的结余为计划期内指标合计减去使用合计。", "Note: quota available is the year's quota plus what is carried over from the year before (share carried: {c}){bonus}; quota left is what is available less the quota used that year{lapse}. The total row's quota left is the period's quota less all quota used."),
    "years_note_none": ("注：本计划当年未用的计划指标作废，不结转下年，“可用计划指标”即当年新增建设用地计划指标{bonus}；“计划指标结余”为当年未使用的计划指标。合计行的结余为计划期内指标合计减去使用合计。", "Note: in this plan a year's unused quota lapses: quota available is the year's quota{bonus}, and quota left is what the year did not use. The total row's quota left is the period's quota less all quota used."),
    "years_note_bonus": ("及人地挂钩增加的用地", " and the land added for settled migrants"),
    "years_note_lapse": ("，未结转部分作废", "; what is not carried over lapses"),
    "years_note_earmark": ("非试点镇每年使用计划指标不超过当年指标扣除试点镇单列部分。", "Non-pilot towns may use at most the year's quota less the pilot earmark, each year."),
    "towns_years_note": ("注：★为扩权强镇试点镇；各年度数为当年安排用地（含计划指标与挂钩指标），与表“{y}年度项目用地安排表”等分年度表各镇小计一致。", "Note: ★ marks pilot towns; each year's figure is the land given that year (from quota and linkage), as in the town subtotals of the tables of projects by year."),
    "year_projects_note": ("注：项目按所在乡镇分组，乡镇行为本镇当年小计。", "Note: projects are grouped by town; a town's row is its subtotal for the year."),
    "year_projects_none": ("{y}年度未安排项目用地。", "No project is given land in {y}."),
    "waited_note": ("注：项目可供地的第一年指标或挂钩指标已用尽，在后续年度足额安排；原因为该年度已用尽或余量不足的约束。", "Note: these projects are funded in full, but later than the first year open to them: that year's limits named were used up or too short."),
    "ledger_note": ("注：挂钩项目拆旧复垦验收前使用的节余指标为周转指标，须在验收年度归还（周转期限内）；各年度先使用已验收的指标，再借用最早归还的周转指标。计划期末未归还周转指标为 {end}。", "Note: linkage credits used before their project's reclamation is finished are borrowed (周转指标) and are returned in the year it is finished (within its term); each year draws on delivered credits first, then on those returned soonest. Outstanding at the end of the plan: {end}."),
    "deadlines_note": ("注：周转期限未注明的按 3 年计；“最早可借用年度”为验收年度减去周转期限（不早于计划首年）。", "Note: a term not given is 3 years; borrowable from: the year finished less the term (not before the plan's first year)."),
    "farmland_years_note": ("注：耕地、水田占补平衡按年度累计核算：至某年末累计需补充的耕地（使用计划指标的用地所占耕地）不超过至该年累计可用的补充耕地（乡镇已有指标与当年前验收的土地整理复垦新增耕地），未用指标结转下年。", "Note: the farmland and paddy balance is held year by year, cumulatively: farmland taken by land from the quota up to a year is at most the credits available by then (towns' held credits and reclamation finished by that year); credits not used carry forward."),
    "urban_note": ("注：依据《关于建立城镇建设用地增加规模同吸纳农业转移人口落户数量挂钩机制的实施意见》（国土资发〔2016〕123号），人均城镇建设用地不超过 100 m² 的乡镇按每落户 1 人新增 100 m² 安排，超过的相应降低（省级可上下浮动 10%）；新增用地优先保障住房（特别是落户人口住房）和教育、医疗、养老等民生设施及基础设施。{mode}期末人均按现状城镇建设用地加计划期内本镇新增建设用地、除以期末城镇常住人口计算。", "Note: under the 2016 opinion linking new urban construction land to rural migrants who settle in towns (国土资发〔2016〕123号), a town with at most 100 m² of urban construction land per urban resident gets 100 m² per settled migrant, a town above that less (a province may adjust by up to 10 %); the land goes first to housing (especially for the settled) and to education, health, elderly care and other livelihood uses and infrastructure. {mode}Land per resident after the plan: the current urban construction land plus the town's new land in the plan, over the urban residents at the end."),
    "urban_mode_cap": ("本计划中各镇每年住房及民生用地不超过当年落户人口所带来的挂钩用地。", "In this plan a town's housing and livelihood land in a year is at most what that year's migrants bring. "),
    "urban_mode_bonus": ("本计划中挂钩用地计入当年全县新增建设用地计划指标。", "In this plan the land the migrants bring is added to the county's quota of that year. "),
    # sentences
    "ov_quota": ("{county}{span}年新增建设用地计划指标合计 {q}（{years}）", "{county}'s new construction-land quota for {span} is {q} in all ({years})"),
    "ov_year_q": ("{y}年 {q} {u}", "{y}: {q} {u}"),
    "ov_earmark": ("，其中扩权强镇试点镇单列 {r}", ", of which {r} is earmarked for the pilot towns"),
    "ov_conversion": ("；农用地转用（占用耕地）指标合计 {qf}", "; the farmland-conversion quota is {qf} in all"),
    "ov_carry": ("；当年未用指标{how}", "; a year's unused quota {how}"),
    "ov_carry_lapse": ("作废，不结转下年", "lapses"),
    "ov_carry_share": ("按 {c} 结转下年", "carries over to the next year at {c}"),
    "ov_allocated": ("。本计划共安排建设用地 {a}，其中使用计划指标 {n}，使用增减挂钩节余及周转指标 {l}；计划期内计划指标结余 {left}。", ". The plan gives {a} of construction land: {n} from the quota and {l} from linkage credits (borrowed ones included); {left} of the period's quota is left."),
    "ov_by_year": ("分年度看：{items}（详见表{t}）。", "Year by year: {items} (see Table {t})."),
    "ov_year_item": ("{y}年可用计划指标 {avail} {u}，安排用地 {a} {u}（计划指标 {n} {u}、挂钩指标 {l} {u}），结余 {left} {u}", "{y}: {avail} {u} of quota available, {a} {u} given ({n} from quota, {l} from linkage), {left} {u} left"),
    "ov_waited": ("{n} 个项目因首个可供地年度指标不足，在后续年度足额安排（详见表{t}）。", "{n} {projects} {be} funded in full in a later year than the first open to {them}, because that year's limits were used up (see Table {t})."),
    "towns_years_text": ("各乡镇分年度用地安排见表{t}，计划期合计见表{u}。", "Table {t} gives each town's land by year, Table {u} the whole plan's."),
    "ledger_text": ("计划期内使用增减挂钩节余及周转指标 {used}，其中拆旧复垦验收前借用周转指标 {borrowed}；已归还 {returned}，计划期末未归还 {end}。", "Over the plan, {used} of linkage credits are used, {borrowed} of them borrowed before the reclamation was finished; {returned} are returned, and {end} are outstanding at the end."),
    "urban_text": ("计划期内 {k} 个镇落户农业转移人口 {m} 人，按人地挂钩标准带来新增城镇建设用地 {land}，各镇安排住房及民生用地 {housing}；{people}，人均城镇建设用地由 {a0} m² 变为 {a1} m²（各镇见表{t}）。", "Over the plan, {m} rural migrants settle in {k} towns, bringing {land} of new urban construction land under 人地挂钩; the towns get {housing} of housing and livelihood land. {people}, and urban land per resident goes from {a0} m² to {a1} m² (each town in Table {t})."),
    "urban_grow": ("城镇常住人口由 {p0} 人增至 {p1} 人", "Their urban residents grow from {p0} to {p1}"),
    "urban_same": ("城镇常住人口保持 {p0} 人", "Their urban residents stay at {p0}"),
    "urban_capped": ("人地挂钩用地已用完的有：{items}。", "The land for migrants is used up in {items}."),
    "urban_capped_item": ("{town}（{years}）", "{town} ({years})"),
    "spending_text": ("计划期内增减挂钩与土地整理复垦安排资金 {s}，预算 {b}，结余 {left}。", "Over the plan, linkage and reclamation spend {s} of a budget of {b}; {left} is left."),
    "spending_text_nobudget": ("计划期内增减挂钩与土地整理复垦安排资金 {s}（未设预算上限）。", "Over the plan, linkage and reclamation spend {s} (no budget limit)."),
    "towns_note_quota": ("{span}年全县新增建设用地计划指标合计 {q}，本计划使用 {used}，结余 {left}（分年度见表{t}）。", "County quota for {span}: {q} in all; used {used}; left {left} (by year: Table {t})."),
    "towns_note_earmark": ("其中试点镇单列合计 {r}：非试点镇各年使用计划指标不超过当年指标扣除单列部分，合计 {rest}；试点镇实际使用计划指标 {pilot}。", "Earmarked for pilot towns {r} in all: each year non-pilot towns may use at most that year's quota less the earmark, {rest} in all; pilot towns used {pilot}."),
    "towns_note_period": ("表中为计划期（{span}年）合计。", "Figures are for the whole plan ({span})."),
    "record_scenario": ("方案：{name}；计划期：{span}年；县（市、区）：{county}（{code}）", "Scenario: {name}; plan years: {span}; county: {county} ({code})"),
    "record_quota": ("{y}年：新增建设用地计划指标 {q}，其中扩权强镇试点镇单列 {r}", "{y}: new construction-land quota {q}, of which earmarked for pilot towns {r}"),
    "bind_lead_plan": ("制约本计划用地安排的稀缺资源共 {n} 项：{items}。这些资源已经用尽且边际价值大于 0，增加其中任何一项都能使方案效益提高。", "{n} {limits} {be} used up and {limit_v} the plan's allocation: {items}. Each has a marginal value above 0: more of any of them raises the plan's value."),
    "kinds_cap_plan": ("乡镇用地上限。{towns}计划期内用地已达上限，这 {n} 个项目即使亩均效益较高也不能再安排；如需保障，须调整该镇用地上限或纳入下一轮滚动计划", "town maximums: {towns} {have} reached the maximum for the whole plan, so these {n} {projects} cannot get land whatever their value per mu; to fund them the town's maximum must be raised, or they wait for the next rolling plan"),
    "bind_year": ("{y}年{rule}", "{rule} in {y}"),
    "bind_year_plan": ("{y}{rule}", "{rule} in {y}"),
    "bind_town_year": ("{y}年{town}{rule}", "{rule} of {town} in {y}"),
}


def yw(key: str, lang: str, **kw: object) -> str:
    """A rolling plan's word or sentence in the document's language."""
    return i18n.word(WORDS, key, lang).format(**kw)


def count_word(n: int, lang: str) -> str:
    """How many years the plan runs, as its title says it: 三 / three."""
    if 1 <= n <= 10:
        return ZH_COUNT[n - 1] if lang == "zh" else EN_COUNT[n - 1]
    return str(n)


@dataclass
class Rolling:
    """What the document reads of a rolling run: its years, each year's quota, each year's
    rule use, and the tables landplan.solution_years wrote."""

    years: list[int]
    quota: dict[str, dict[str, float]]  # new_construction / farmland_conversion / pilot_reserve
    carry_over: float
    use: dict[str, dict[str, dict]]  # summary.json `years`: {year: {rule: {use, limit, ...}}}
    towns: pd.DataFrame  # towns_by_year.csv
    ledger: pd.DataFrame  # linkage_ledger.csv
    urban: pd.DataFrame | None  # urbanisation.csv
    mode: str = "cap"  # urbanisation mode
    flags: dict = field(default_factory=dict)

    @property
    def span(self) -> tuple[int, int]:
        return self.years[0], self.years[-1]

    def span_text(self, lang: str) -> str:
        return yw("span", lang, a=self.years[0], b=self.years[-1])

    def q(self, kind: str, year: int) -> float | None:
        x = (self.quota.get(kind) or {}).get(str(year))
        return None if x is None else float(x)

    def row(self, rule: str, year: int) -> dict | None:
        return (self.use.get(str(year)) or {}).get(rule)


def read_rolling(folder: Path, summary: dict, scenario=None) -> Rolling | None:
    """The rolling plan's figures, or None for a one-year run (no towns_by_year.csv or no
    quotas by year)."""
    qby = summary.get("quota_by_year") or {}
    towns = read_table(folder, F.TOWNS_BY_YEAR, optional=True)
    if towns is None or not qby:
        return None
    years = sorted({int(y) for y in towns["year"].astype(str)} |
                   {int(y) for y in (qby.get("new_construction") or {})})
    ledger = read_table(folder, F.LINKAGE_LEDGER, optional=True)
    if ledger is None:
        ledger = pd.DataFrame(columns=["year", "used", "borrowed", "returned", "outstanding",
                                       "delivered"])
    urban = read_table(folder, F.URBANISATION, optional=True)
    mode = getattr(getattr(scenario, "urbanisation", None), "mode", None) or "cap"
    towns = towns.copy()
    towns["code"] = towns["code"].astype(str)
    towns["year"] = towns["year"].astype(str)
    ledger = ledger.copy()
    ledger["year"] = ledger["year"].astype(str)
    return Rolling(years, {k: v for k, v in qby.items() if isinstance(v, dict)},
                   float(qby.get("carry_over") or 0.0), summary.get("years") or {}, towns,
                   ledger, urban, str(mode))


def _f(x: object) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if v != v else v


# --- 分年度计划指标与用地安排总表 ---------------------------------------------------------


@dataclass(frozen=True)
class YearFigures:
    """One year's quota and land: the figures of a row of the overview table."""

    year: int
    quota: float
    carry: float
    bonus: float
    available: float
    earmark: float
    conversion: float | None
    conversion_used: float | None
    given: float
    from_quota: float
    from_linkage: float

    @property
    def left(self) -> float:
        return self.available - self.from_quota


def year_figures(r: Rolling) -> list[YearFigures]:
    """Each year's figures: the quota of the scenario, what was carried over into it (the
    share `carry_over` of last year's unused available quota), what 人地挂钩 added (mode bonus:
    the rest of the year's quota row), and the land given that year (towns_by_year.csv)."""
    out: list[YearFigures] = []
    prev_left = 0.0
    for y in r.years:
        q = r.q("new_construction", y) or 0.0
        carry = r.carry_over * prev_left if out else 0.0
        row = r.row("year_quota", y)
        available = _f(row["limit"]) if row else q + carry
        bonus = max(available - q - carry, 0.0) if r.mode == "bonus" else 0.0
        got = r.towns[r.towns["year"] == str(y)]
        conv = r.row("year_farmland_conversion", y)
        fig = YearFigures(
            y, q, carry, bonus, available, r.q("pilot_reserve", y) or 0.0,
            r.q("farmland_conversion", y), _f(conv["use"]) if conv else None,
            float(got["allocated"].sum()), float(got["from_quota"].sum()),
            float(got["from_linkage"].sum()))
        out.append(fig)
        prev_left = max(fig.left, 0.0)
    return out


def years_table(r: Rolling, f: Fmt) -> Table:
    lang = f.lang
    figs = year_figures(r)
    bonus = any(x.bonus > EPS for x in figs)
    conv = any(x.conversion is not None for x in figs)

    def cells(label: str, x: YearFigures | None, total: list[YearFigures] | None) -> list[Cell]:
        if x is not None:
            out = [T(label), f.area(x.quota), f.area(x.carry)]
            out += [f.area(x.bonus)] if bonus else []
            out += [f.area(x.available), f.area(x.earmark)]
            if conv:
                out += [f.area(x.conversion) if x.conversion is not None else T("—"),
                        f.area(x.conversion_used) if x.conversion_used is not None else T("—")]
            out += [f.area(x.given), f.area(x.from_quota), f.area(x.from_linkage),
                    f.area(x.left)]
            return out
        s = total or []
        whole = sum(x.quota + x.bonus for x in s)
        out = [T(label), f.area(sum(x.quota for x in s)), T("—")]
        out += [f.area(sum(x.bonus for x in s))] if bonus else []
        out += [f.area(whole), f.area(sum(x.earmark for x in s))]
        if conv:
            out += [f.area(sum(x.conversion or 0.0 for x in s)),
                    f.area(sum(x.conversion_used or 0.0 for x in s))]
        out += [f.area(sum(x.given for x in s)), f.area(sum(x.from_quota for x in s)),
                f.area(sum(x.from_linkage for x in s)),
                f.area(whole - sum(x.from_quota for x in s))]
        return out

    rows = [Row(cells(yw("year", lang, y=x.year), x, None)) for x in figs]
    rows.append(Row(cells(yw("col_total", lang), None, figs), "total"))
    cols = [yw("col_year", lang), yw("col_quota", lang), yw("col_carry", lang)]
    cols += [yw("col_bonus", lang)] if bonus else []
    cols += [yw("col_available", lang), yw("col_earmark", lang)]
    cols += [yw("col_conversion", lang), yw("col_conversion_used", lang)] if conv else []
    cols += [yw("col_given", lang), yw("col_of_quota", lang), yw("col_of_linkage", lang),
             yw("col_left", lang)]
    notes = [yw("years_note" if r.carry_over > 0 else "years_note_none", lang,
                c=_share(r.carry_over),
                bonus=yw("years_note_bonus", lang) if bonus else "",
                lapse=yw("years_note_lapse", lang) if r.carry_over < 1 else "")]
    if any(x.earmark > EPS for x in figs):
        notes.append(yw("years_note_earmark", lang))
    n = len(cols)
    return Table("years", yw("t_years", lang), cols, rows, f.unit_line(),
                 "c" + "r" * (n - 1), [0.8] + [1.2] * (n - 1), notes, landscape=True)


def _share(x: float) -> str:
    return f"{x:.0%}" if abs(x * 100 - round(x * 100)) < 1e-9 else f"{x:.2%}"


# --- 乡镇分年度用地安排表 -----------------------------------------------------------------


def towns_years_table(r: Rolling, towns: pd.DataFrame, f: Fmt) -> Table:
    """Land given per town (rows, in towns.csv's order) and year (columns), with the total."""
    lang = f.lang
    pilot = dict(zip(towns["code"].astype(str), towns["pilot"], strict=True))
    by = r.towns
    rows = []
    for n, code in enumerate(towns["code"].astype(str), 1):
        mine = by[by["code"] == code]
        name = str(towns.loc[towns["code"].astype(str) == code, "name"].iloc[0])
        per = [float(mine.loc[mine["year"] == str(y), "allocated"].sum()) for y in r.years]
        rows.append(Row([T(n), T(f"{name}{'★' if pilot.get(code) else ''}")]
                        + [f.area(x) for x in per]
                        + [f.area(sum(per)), f.area(mine["from_quota"].sum()),
                           f.area(mine["from_linkage"].sum())]))
    per = [float(by.loc[by["year"] == str(y), "allocated"].sum()) for y in r.years]
    rows.append(Row([T(""), T(yw("col_total", lang))] + [f.area(x) for x in per]
                    + [f.area(sum(per)), f.area(by["from_quota"].sum()),
                       f.area(by["from_linkage"].sum())], "total"))
    cols = ([yw("col_no", lang), yw("col_town", lang)]
            + [yw("year", lang, y=y) for y in r.years]
            + [yw("col_total", lang), yw("col_of_quota", lang), yw("col_of_linkage", lang)])
    k = len(r.years)
    return Table("towns_years", yw("t_towns_years", lang), cols, rows, f.unit_line(),
                 "cl" + "r" * (k + 3), [0.6, 1.5] + [1.2] * (k + 3),
                 [yw("towns_years_note", lang, y=r.years[0])])


# --- 某年度项目用地安排表 -----------------------------------------------------------------


def year_projects_table(alloc: pd.DataFrame, towns: pd.DataFrame, year: int,
                        f: Fmt) -> Table | None:
    """The projects given land in `year`, grouped by town (towns.csv's order), each town's
    subtotal first, then the county total; None when no project gets land that year."""
    lang = f.lang
    given = alloc[(alloc["year"].astype(str) == str(year))
                  & (alloc["allocated"].astype(float) > 0)]
    if given.empty:
        return None
    rows: list[Row] = []
    n = 0
    for t in towns.itertuples(index=False):
        mine = given[given["town"].astype(str) == str(t.code)].sort_values(
            "project_id", kind="stable")
        if mine.empty:
            continue
        rows.append(Row([T(""), T(f"{t.name}{'★' if t.pilot else ''}"),
                         T(i18n.report_text("n_projects", lang, n=len(mine))),
                         *_sums(mine, f), T("")], "sub"))
        for p in mine.itertuples(index=False):
            n += 1
            rows.append(Row([T(n), T(_label(p.project_id, p.name)),
                             T(i18n.word(i18n.CATEGORY, p.category, lang)),
                             *_sums(pd.DataFrame([p._asdict()]), f),
                             T(_status(p.status, lang))]))
    rows.append(Row([T(""), T(yw("col_total", lang)),
                     T(i18n.report_text("n_projects", lang, n=len(given))), *_sums(given, f),
                     T("")], "total"))
    cols = [yw("col_no", lang), yw("col_project", lang), yw("col_category", lang),
            yw("col_requested", lang), yw("col_given", lang), yw("col_of_quota", lang),
            yw("col_of_linkage", lang), yw("col_farmland", lang), yw("col_status", lang)]
    return Table(f"year_projects_{year}", yw("t_year_projects", lang, y=year), cols, rows,
                 f.unit_line(), "cllrrrrrc", [0.5, 3.2, 0.9, 1.1, 1.1, 1.1, 1.1, 1.1, 0.9],
                 [yw("year_projects_note", lang)])


def _sums(df: pd.DataFrame, f: Fmt) -> list[Cell]:
    return [f.area(df[c].astype(float).sum())
            for c in ("requested", "allocated", "from_quota", "from_linkage", "farmland_taken")]


# --- 延后年度供地项目 ---------------------------------------------------------------------


def waited_projects(alloc: pd.DataFrame) -> pd.DataFrame:
    """Projects funded in full whose reason says why their land came later than the first
    year open to them (landplan.solution_years.waited writes it)."""
    reason = alloc["reason"].fillna("").astype(str)
    return alloc[(alloc["status"] == "funded") & (reason.str.strip() != "")
                 & alloc["year"].notna() & (alloc["year"].astype(str) != "")]


def waited_table(alloc: pd.DataFrame, f: Fmt) -> Table | None:
    lang = f.lang
    late = waited_projects(alloc)
    if late.empty:
        return None
    late = late.assign(_y=late["year"].astype(str)).sort_values(["_y", "project_id"],
                                                                 kind="stable")
    rows = [Row([T(n), T(_label(p.project_id, p.name)), T(p.town_name), f.area(p.allocated),
                 T(yw("year", lang, y=_year_text(p.year))), T(f.reason(p.reason))])
            for n, p in enumerate(late.itertuples(index=False), 1)]
    cols = [yw("col_no", lang), yw("col_project", lang), yw("col_in_town", lang),
            yw("col_given", lang), yw("col_given_year", lang), yw("col_reason", lang)]
    return Table("waited", yw("t_waited", lang), cols, rows, f.unit_line(), "cllrcl",
                 [0.5, 2.4, 0.9, 1.1, 0.8, 5.0], [yw("waited_note", lang)], landscape=True)


def _year_text(x: object) -> str:
    s = str(x)
    return s[:-2] if s.endswith(".0") else s


def given_year(x: object) -> str:
    """allocation.csv's `year` as the document writes it: 2027, or "—" for no land."""
    s = "" if x is None or x != x else _year_text(x)
    return s or "—"


# --- 增减挂钩周转指标 ---------------------------------------------------------------------


def ledger_table(r: Rolling, f: Fmt) -> Table | None:
    lang = f.lang
    led = r.ledger
    if led.empty or float(led[["used", "delivered"]].astype(float).abs().sum().sum()) <= EPS:
        return None
    rows = [Row([T(yw("year", lang, y=x.year)), f.area(x.used), f.area(x.borrowed),
                 f.area(x.returned), f.area(x.outstanding), f.area(x.delivered)])
            for x in led.itertuples(index=False)]
    last = led.iloc[-1]
    rows.append(Row([T(yw("col_total", lang)), f.area(led["used"].sum()),
                     f.area(led["borrowed"].sum()), f.area(led["returned"].sum()),
                     f.area(last["outstanding"]), f.area(last["delivered"])], "total"))
    cols = [yw("col_year", lang)] + [heading(H.LINKAGE_LEDGER, c, lang) for c in (
        "used", "borrowed", "returned", "outstanding", "delivered")]
    return Table("ledger", yw("t_ledger", lang), cols, rows, f.unit_line(), "crrrrr",
                 [0.8, 1.2, 1.2, 1.2, 1.2, 1.3],
                 [yw("ledger_note", lang, end=f.area_text(_f(last["outstanding"])))])


def deadlines_table(linkage: pd.DataFrame, scenario, r: Rolling, town_names: dict[str, str],
                    f: Fmt) -> Table | None:
    """Per linkage project: the year its reclamation is finished (the credits borrowed
    against it are returned then), its term and the first year it may be borrowed against."""
    lang = f.lang
    if linkage.empty:
        return None
    given = {str(k.id): k for k in (getattr(scenario, "linkage", None) or [])}
    first = r.years[0]
    rows = []
    for n, k in enumerate(linkage.itertuples(index=False), 1):
        rec = given.get(str(k.id))
        ready = getattr(rec, "ready", None)
        term = getattr(rec, "return_within", None) or 3
        if ready is None or ready <= first:
            ready_t = (yw("finished", lang) if ready is None else yw("year", lang, y=ready))
            frm, back = yw("year", lang, y=first), "—"
        else:
            ready_t = yw("year", lang, y=ready)
            frm = yw("year", lang, y=max(first, ready - term))
            back = yw("year", lang, y=ready)
        rows.append(Row([T(n), T(_label(k.id, k.name)), T(town_names.get(k.town, k.town)),
                         f.area(k.credits_earned), T(ready_t), T(term), T(frm), T(back)]))
    cols = [yw("col_no", lang), yw("col_linkage_project", lang), yw("col_in_town", lang),
            yw("col_credits", lang), yw("col_ready", lang), yw("col_term", lang),
            yw("col_from", lang), yw("col_return_by", lang)]
    return Table("deadlines", yw("t_deadlines", lang), cols, rows, f.unit_line(), "cllrcccc",
                 [0.5, 3.0, 1.0, 1.2, 1.1, 0.9, 1.1, 1.1], [yw("deadlines_note", lang)])


# --- 分年度耕地占补平衡 -------------------------------------------------------------------


def farmland_years_table(r: Rolling, f: Fmt) -> Table | None:
    lang = f.lang
    if not any(r.row("year_farmland_balance_quantity", y) for y in r.years):
        return None
    rows = []
    for y in r.years:
        got = r.towns[r.towns["year"] == str(y)]
        q = r.row("year_farmland_balance_quantity", y) or {}
        p = r.row("year_farmland_balance_paddy", y) or {}
        rows.append(Row([
            T(yw("year", lang, y=y)), f.area(got["farmland_taken"].sum()),
            _maybe(q.get("use"), f), _maybe(q.get("limit"), f),
            _maybe(_f(q.get("limit")) - _f(q.get("use")) if q else None, f),
            _maybe(p.get("use"), f), _maybe(p.get("limit"), f)]))
    rows.append(Row([T(yw("col_total", lang)), f.area(r.towns["farmland_taken"].sum())]
                    + [T("—")] * 5, "total"))
    cols = [yw("col_year", lang), yw("col_taken_year", lang), yw("col_balance_use", lang),
            yw("col_balance_limit", lang), yw("col_balance_left", lang),
            yw("col_paddy_use", lang), yw("col_paddy_limit", lang)]
    return Table("farmland_years", yw("t_farmland_years", lang), cols, rows, f.unit_line(),
                 "crrrrrr", [0.8] + [1.2] * 6, [yw("farmland_years_note", lang)])


def _maybe(x: object, f: Fmt) -> Cell:
    return T("—") if x is None else f.area(_f(x))


# --- 人地挂钩 -----------------------------------------------------------------------------


def urban_table(r: Rolling, f: Fmt) -> Table | None:
    """Per town with population figures: residents before and after, migrants settled, the
    standard and the land it brings, housing and livelihood land given, all new land, and urban
    land per resident before and after (urbanisation.csv and towns_by_year.csv)."""
    lang = f.lang
    u = r.urban
    if u is None or u.empty:
        return None
    rows = []
    for n, t in enumerate(u.itertuples(index=False), 1):
        housing = float(r.towns.loc[r.towns["code"] == str(t.code), "housing_livelihood"].sum())
        rows.append(Row([
            T(n), T(t.name), T(_people(t.urban_population_base)),
            T(_people(t.urban_population) + _at(t.population_year, lang)),
            T(_people(t.settled_migrants)), T(_m2(t.m2_per_resident_before)),
            T(_m2(t.standard_m2_per_migrant)), f.area(_f(t.migrant_land)), f.area(housing),
            f.area(_f(t.new_land)), T(_m2(t.m2_per_resident_after))]))
    housing = float(r.towns.loc[r.towns["code"].isin(u["code"].astype(str)),
                                "housing_livelihood"].sum())
    rows.append(Row([T(""), T(yw("col_total", lang)), T(_people(u["urban_population_base"].sum())),
                     T(_people(u["urban_population"].sum())),
                     T(_people(u["settled_migrants"].sum())), T("—"), T("—"),
                     f.area(u["migrant_land"].sum()), f.area(housing),
                     f.area(u["new_land"].sum()), T("—")], "total"))
    mode = yw("urban_mode_bonus" if r.mode == "bonus" else "urban_mode_cap", lang)
    urban = [heading(H.URBANISATION, c, lang) for c in (
        "urban_population_base", "urban_population", "settled_migrants",
        "m2_per_resident_before", "standard_m2_per_migrant", "migrant_land")]
    cols = ([yw("col_no", lang), yw("col_town", lang)] + urban
            + [yw("col_housing", lang), heading(H.URBANISATION, "new_land", lang),
               heading(H.URBANISATION, "m2_per_resident_after", lang)])
    return Table("urban", yw("t_urban", lang), cols, rows, f.unit_line(), "clrrrrrrrrr",
                 [0.5, 1.2, 1.2, 1.3, 1.1, 1.2, 1.0, 1.2, 1.2, 1.2, 1.2],
                 [yw("urban_note", lang, mode=mode)], landscape=True)


def _people(x: object) -> str:
    return "—" if x is None or x != x or str(x) == "" else f"{_f(x):,.0f}"


def _m2(x: object) -> str:
    return "—" if x is None or x != x or str(x) == "" else _num(_f(x), 2)


def _at(year: object, lang: str) -> str:
    if year is None or year != year or str(year) == "":
        return ""
    return f"（{_year_text(year)}年）" if lang == "zh" else f" ({_year_text(year)})"


def year_rule(year: object, rule: str, lang: str) -> str:
    """A rule of one year: "2026年度新增建设用地计划指标" (a rule named 年度… takes the year
    before it), "2026年增减挂钩节余及周转指标（累计）"; "… in 2026" in English."""
    if lang == "zh" and rule.startswith("年度"):
        return yw("bind_year_plan", lang, y=year, rule=rule)
    return yw("bind_year", lang, y=year, rule=rule)
