"""The plan document's tables, built once from a finished run.

Both report.docx and report.md are rendered from these `Table`s, so the two hold the same
figures; every total is summed from the run's own CSV columns, so it reconciles with
allocation.csv and allocation.xlsx. Areas are shown in the scenario's unit with the other unit
beneath (亩 with 公顷, or 公顷 with 亩; 1 公顷 = 15 亩), money in 万元.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from landplan import i18n
from landplan.outputs import headings as H
from landplan.outputs.scarcity import scarcity

MU_PER_HA = 15.0
EPS = 1e-6


@dataclass(frozen=True)
class Cell:
    text: str
    alt: str = ""  # the same area in the other unit, shown under (docx) or beside (md)


@dataclass
class Row:
    cells: list[Cell]
    kind: str = "body"  # body | sub (a subtotal or heading row) | total


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[Row]
    unit: str = ""
    align: str = ""  # one of l/c/r per column
    widths: list[float] = field(default_factory=list)  # relative column widths
    notes: list[str] = field(default_factory=list)
    landscape: bool = False


def w(key: str, lang: str, **kw: object) -> str:
    return i18n.report_text(key, lang, **kw)


@dataclass(frozen=True)
class Fmt:
    """How the document writes areas, money and shares."""

    units: str  # the scenario's: "mu" or "ha"
    lang: str

    def _pair(self, x: float) -> tuple[str, str]:
        return area_pair(x, self.units)

    def area(self, x: float) -> Cell:
        return Cell(*self._pair(x))

    def area_text(self, x: float) -> str:
        """'100.00 亩（6.6667 公顷）' for the narrative."""
        main, alt = self._pair(x)
        u, v = self.unit_names
        return w("area_pair", self.lang, main=main, u=u, alt=alt, v=v)

    @property
    def unit_names(self) -> tuple[str, str]:
        other = "mu" if self.units == "ha" else "ha"
        return i18n.unit(self.units, self.lang), i18n.unit(other, self.lang)

    def unit_line(self, money: bool = False, total_only: bool = False) -> str:
        u, v = self.unit_names
        key = "unit_area_total" if total_only else "unit_area_money" if money else "unit_area"
        return w(key, self.lang, u=u, v=v)

    def money(self, yuan: float | None) -> Cell:
        return Cell("—" if yuan is None else _num(_clean(yuan) / 10_000, 2))

    def money_text(self, yuan: float) -> str:
        return w("money", self.lang, v=_num(_clean(yuan) / 10_000, 2))


def area_pair(x: float, units: str) -> tuple[str, str]:
    """An area as the document writes it: in the scenario's unit, rounded (亩 to 2 places,
    公顷 to 4), and in the other unit converted from that rounded figure, so an area shown twice
    reads the same in both units wherever it appears (1 公顷 = 15 亩)."""
    x = _clean(x)
    if units == "ha":
        ha = round(x, 4)
        return _num(ha, 4), _num(ha * MU_PER_HA, 2)
    mu = round(x, 2)
    return _num(mu, 2), _num(mu / MU_PER_HA, 4)


def _clean(x: object) -> float:
    v = float(x) if x is not None and x == x else 0.0
    return 0.0 if abs(v) < 5e-9 else v


def _num(x: float, dp: int) -> str:
    text = f"{x:,.{dp}f}"
    return "0." + "0" * dp if text.lstrip("-") == "0." + "0" * dp else text


def share(x: float) -> str:
    x = _clean(x)
    return f"{x:.0%}" if abs(x * 100 - round(x * 100)) < 1e-6 else f"{x:.2%}"


def T(text: object) -> Cell:
    return Cell("" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text))


def _status(s: str, lang: str) -> str:
    return i18n.word(i18n.STATUS, s, lang)


def _heading(table: dict, col: str, lang: str) -> str:
    return H.heading(table, col, lang)


# --- 乡镇指标分解 -------------------------------------------------------------------------


def towns_table(towns: pd.DataFrame, summary: dict, binding_max: set[str], f: Fmt) -> Table:
    """Quota by town: pilot towns ★, their subtotal with the earmark R, and the county total."""
    lang = f.lang
    rows = []
    for n, t in enumerate(towns.itertuples(index=False), 1):
        notes = []
        if t.pilot:
            notes.append(w("pilot", lang))
        if _given(t.min):
            notes.append(w("town_min", lang, v=f.area(t.min).text))
        if _given(t.max):
            notes.append(
                w(
                    "town_max_full" if t.code in binding_max else "town_max",
                    lang,
                    v=f.area(t.max).text,
                )
            )
        rows.append(
            Row(
                [
                    T(n),
                    T(f"{t.name}{'★' if t.pilot else ''}"),
                    T(t.projects),
                    f.area(t.requested),
                    f.area(t.allocated),
                    f.area(t.from_quota),
                    f.area(t.from_linkage),
                    T(f"{t.funded}/{t.partial}/{t.unfunded}/{t.ineligible}"),
                    T(w("list_sep", lang).join(notes)),
                ]
            )
        )
    quota = summary.get("quota", {})
    r = float(quota.get("pilot_reserve") or 0)
    pilots = towns[towns["pilot"]]
    if len(pilots):
        rows.append(
            _town_sum(
                pilots,
                w("pilot_subtotal", lang),
                "sub",
                f,
                w("earmark_note", lang, r=f.area(r).text) if r > 0 else "",
            )
        )
    rows.append(_town_sum(towns, w("total", lang), "total", f, ""))
    q = float(quota.get("new_construction") or 0)
    used = float(towns["from_quota"].sum())
    notes = [w("towns_note_pilot", lang)]
    notes.append(
        w(
            "towns_note_quota",
            lang,
            q=f.area_text(q),
            used=f.area_text(used),
            left=f.area_text(q - used),
        )
    )
    if r > 0:
        notes.append(
            w(
                "towns_note_earmark",
                lang,
                r=f.area_text(r),
                rest=f.area_text(q - r),
                pilot=f.area_text(float(pilots["from_quota"].sum())),
            )
        )
    cols = [
        w("col_no", lang),
        _heading(H.TOWNS, "name", lang),
        _heading(H.TOWNS, "projects", lang),
        _heading(H.TOWNS, "requested", lang),
        _heading(H.TOWNS, "allocated", lang),
        w("col_of_quota", lang),
        w("col_of_linkage", lang),
        w("col_status_counts", lang),
        w("col_remark", lang),
    ]
    return Table(
        "towns",
        w("t_towns", lang),
        cols,
        rows,
        f.unit_line(),
        "clcrrrrcl",
        [0.7, 1.5, 0.7, 1.3, 1.3, 1.3, 1.3, 1.3, 1.6],
        notes,
    )


def _town_sum(towns: pd.DataFrame, label: str, kind: str, f: Fmt, remark: str) -> Row:
    s = {
        c: int(towns[c].sum()) for c in ("projects", "funded", "partial", "unfunded", "ineligible")
    }
    return Row(
        [
            T(""),
            T(label),
            T(s["projects"]),
            f.area(towns["requested"].sum()),
            f.area(towns["allocated"].sum()),
            f.area(towns["from_quota"].sum()),
            f.area(towns["from_linkage"].sum()),
            T(f"{s['funded']}/{s['partial']}/{s['unfunded']}/{s['ineligible']}"),
            T(remark),
        ],
        kind,
    )


def _given(x: object) -> bool:
    return x is not None and x == x and str(x) != ""


# --- 重点项目用地保障 ---------------------------------------------------------------------


def priority_table(alloc: pd.DataFrame, f: Fmt) -> Table | None:
    lang = f.lang
    pri = alloc[alloc["priority"]]
    if pri.empty:
        return None
    rows, notes = [], []
    for n, p in enumerate(pri.itertuples(index=False), 1):
        rows.append(
            Row(
                [
                    T(n),
                    T(_label(p.project_id, p.name)),
                    T(p.town_name),
                    T(i18n.word(i18n.CATEGORY, p.category, lang)),
                    f.area(p.requested),
                    f.area(p.allocated),
                    f.area(p.from_quota),
                    f.area(p.from_linkage),
                    T(_status(p.status, lang)),
                ]
            )
        )
        if p.status != "funded":
            notes.append(
                w(
                    "priority_note",
                    lang,
                    id=p.project_id,
                    name=p.name,
                    status=_status(p.status, lang),
                    reason=p.reason,
                )
            )
    rows.append(
        Row(
            [
                T(""),
                T(w("total", lang)),
                T(""),
                T(""),
                f.area(pri["requested"].sum()),
                f.area(pri["allocated"].sum()),
                f.area(pri["from_quota"].sum()),
                f.area(pri["from_linkage"].sum()),
                T(w("n_of_m_funded", lang, n=int((pri["status"] == "funded").sum()), m=len(pri))),
            ],
            "total",
        )
    )
    h = H.ALLOCATION
    cols = [w("col_no", lang), w("col_project", lang)] + [
        _heading(h, c, lang)
        for c in (
            "town_name",
            "category",
            "requested",
            "allocated",
            "from_quota",
            "from_linkage",
            "status",
        )
    ]
    return Table(
        "priority",
        w("t_priority", lang),
        cols,
        rows,
        f.unit_line(),
        "clllrrrrc",
        [0.7, 3.0, 1.1, 1.1, 1.3, 1.3, 1.3, 1.3, 1.3],
        notes,
    )


# --- 耕地占补平衡 -------------------------------------------------------------------------


@dataclass(frozen=True)
class FarmlandBalance:
    """County-wide 占补平衡 in the scenario's unit: taken, and credits available and used."""

    taken: float
    taken_quota: float
    taken_linkage: float
    paddy: float
    paddy_quota: float
    paddy_linkage: float
    held: float
    held_used: float
    held_paddy: float | None  # None when the scenario is not at hand
    held_paddy_used: float
    reclaimed: float
    reclaimed_used: float
    reclaimed_paddy: float
    reclaimed_paddy_used: float
    linkage_gain: float
    linkage_paddy_gain: float

    @property
    def supply(self) -> float:
        return self.held + self.reclaimed + self.linkage_gain

    @property
    def supply_paddy(self) -> float:
        return (self.held_paddy or 0.0) + self.reclaimed_paddy + self.linkage_paddy_gain


def farmland_balance(
    alloc: pd.DataFrame,
    towns: pd.DataFrame,
    linkage: pd.DataFrame,
    reclamation: pd.DataFrame,
    held_paddy: float | None,
) -> FarmlandBalance:
    """Farmland taken under the quota is compensated from the towns' held credits first, then
    from reclamation (as reclamation.csv's credits_used says); what land from linkage takes is
    compensated inside the linkage projects (耕地面积不减少)."""
    x = alloc["allocated"].astype(float)
    part = (alloc["from_quota"].astype(float) / x.where(x > 0)).fillna(0.0)
    part_l = (alloc["from_linkage"].astype(float) / x.where(x > 0)).fillna(0.0)
    taken, paddy = float(alloc["farmland_taken"].sum()), float(alloc["paddy_taken"].sum())
    taken_q = float((alloc["farmland_taken"] * part).sum())
    paddy_q = float((alloc["paddy_taken"] * part).sum())
    taken_l = float((alloc["farmland_taken"] * part_l).sum())
    paddy_l = float((alloc["paddy_taken"] * part_l).sum())
    recl_used = float(reclamation["credits_used"].sum()) if len(reclamation) else 0.0
    recl_paddy = float(reclamation["paddy_gained"].sum()) if len(reclamation) else 0.0
    held_paddy_used = min(held_paddy, paddy_q) if held_paddy is not None else 0.0
    return FarmlandBalance(
        taken=taken,
        taken_quota=taken_q,
        taken_linkage=taken_l,
        paddy=paddy,
        paddy_quota=paddy_q,
        paddy_linkage=paddy_l,
        held=float(towns["credits_held"].sum()),
        held_used=max(0.0, taken_q - recl_used),
        held_paddy=held_paddy,
        held_paddy_used=held_paddy_used,
        reclaimed=float(reclamation["credits_earned"].sum()) if len(reclamation) else 0.0,
        reclaimed_used=recl_used,
        reclaimed_paddy=recl_paddy,
        reclaimed_paddy_used=max(0.0, paddy_q - held_paddy_used),
        linkage_gain=float(linkage["farmland_gained"].sum()) if len(linkage) else 0.0,
        linkage_paddy_gain=float(linkage["paddy_gained"].sum()) if len(linkage) else 0.0,
    )


def farmland_table(b: FarmlandBalance, f: Fmt) -> Table:
    lang = f.lang
    a, dash = f.area, T("—")
    hp = a(b.held_paddy) if b.held_paddy is not None else dash
    rows = [
        Row([T(w("fb_taken", lang)), dash, a(b.taken), dash, a(b.paddy)], "sub"),
        Row([T(w("fb_taken_quota", lang)), dash, a(b.taken_quota), dash, a(b.paddy_quota)]),
        Row([T(w("fb_taken_linkage", lang)), dash, a(b.taken_linkage), dash, a(b.paddy_linkage)]),
        Row(
            [T(w("fb_supply", lang)), a(b.supply), a(b.taken), a(b.supply_paddy), a(b.paddy)], "sub"
        ),
        Row([T(w("fb_held", lang)), a(b.held), a(b.held_used), hp, a(b.held_paddy_used)]),
        Row(
            [
                T(w("fb_reclaimed", lang)),
                a(b.reclaimed),
                a(b.reclaimed_used),
                a(b.reclaimed_paddy),
                a(b.reclaimed_paddy_used),
            ]
        ),
        Row(
            [
                T(w("fb_linkage", lang)),
                a(b.linkage_gain),
                a(b.taken_linkage),
                a(b.linkage_paddy_gain),
                a(b.paddy_linkage),
            ]
        ),
        Row(
            [
                T(w("fb_left", lang)),
                a(b.supply - b.taken),
                dash,
                a(b.supply_paddy - b.paddy) if b.held_paddy is not None else dash,
                dash,
            ],
            "total",
        ),
    ]
    cols = [
        w("col_item", lang),
        w("col_farmland_avail", lang),
        w("col_farmland_used", lang),
        w("col_paddy_avail", lang),
        w("col_paddy_used", lang),
    ]
    notes = [w("fb_note", lang)]
    if b.held_paddy is None:
        notes.append(w("fb_note_no_scenario", lang))
    return Table(
        "farmland",
        w("t_farmland", lang),
        cols,
        rows,
        f.unit_line(),
        "lrrrr",
        [3.6, 1.4, 1.4, 1.4, 1.4],
        notes,
    )


def farmland_towns_table(towns: pd.DataFrame, f: Fmt) -> Table:
    lang = f.lang
    rows = []
    cols_sum = (
        "farmland_taken",
        "paddy_taken",
        "farmland_taken_quota",
        "compensated_own",
        "compensated_county",
        "credits_held",
        "reclamation_earned",
    )
    for n, t in enumerate(towns.itertuples(index=False), 1):
        rows.append(
            Row(
                [T(n), T(f"{t.name}{'★' if t.pilot else ''}")]
                + [f.area(getattr(t, c)) for c in cols_sum]
            )
        )
    rows.append(
        Row([T(""), T(w("total", lang))] + [f.area(towns[c].sum()) for c in cols_sum], "total")
    )
    cols = [w("col_no", lang), _heading(H.TOWNS, "name", lang)] + [
        _heading(H.TOWNS, c, lang) for c in cols_sum
    ]
    return Table(
        "farmland_towns",
        w("t_farmland_towns", lang),
        cols,
        rows,
        f.unit_line(),
        "clrrrrrrr",
        [0.7, 1.3, 1.2, 1.2, 1.3, 1.2, 1.2, 1.2, 1.2],
        [w("fbt_note", lang)],
    )


# --- 增减挂钩 -----------------------------------------------------------------------------


def linkage_table(
    alloc: pd.DataFrame, linkage: pd.DataFrame, b: FarmlandBalance, town_names: dict[str, str],
    f: Fmt,
) -> Table | None:
    """The linkage balance: per linkage project what it reclaims, the credits it earns and the
    farmland and paddy it gains; then, county-wide (credits are pooled in the model), the credits
    used by new construction (Σ from_linkage), the farmland and paddy that land takes, and what
    is left (gained − taken ≥ 0)."""
    lang = f.lang
    if linkage.empty and float(alloc["from_linkage"].sum()) <= EPS:
        return None
    gain_cols = ("credits_earned", "farmland_gained", "paddy_gained")
    rows = []
    for n, k in enumerate(linkage.itertuples(index=False), 1):
        rows.append(
            Row(
                [T(n), T(_label(k.id, k.name)), T(town_names.get(k.town, k.town)),
                 T(share(k.activated)), f.area(k.reclaim)]
                + [f.area(getattr(k, c)) for c in gain_cols]
                + [f.money(k.cost)]
            )
        )
    earned = float(linkage["credits_earned"].sum()) if len(linkage) else 0.0
    used = float(alloc["from_linkage"].sum())
    blank = [T(""), T("")]
    rows += [
        Row(
            [T(""), T(w("lb_earned", lang)), T(""), T(""), f.area(linkage["reclaim"].sum())]
            + [f.area(linkage[c].sum()) for c in gain_cols]
            + [f.money(linkage["cost"].sum())],
            "sub",
        ),
        Row([T(""), T(w("lb_used", lang)), *blank, T("—"), f.area(used), f.area(b.taken_linkage),
             f.area(b.paddy_linkage), T("")], "sub"),
        Row([T(""), T(w("lb_left", lang)), *blank, T("—"), f.area(earned - used),
             f.area(b.linkage_gain - b.taken_linkage),
             f.area(b.linkage_paddy_gain - b.paddy_linkage), T("")], "total"),
    ]
    h = H.LINKAGE
    cols = [
        w("col_no", lang),
        w("col_linkage_project", lang),
        w("col_town", lang),
        _heading(h, "activated", lang),
        w("col_reclaim_full", lang),
        w("col_linkage_credits", lang),
        w("col_linkage_farmland", lang),
        w("col_linkage_paddy", lang),
        w("col_cost", lang),
    ]
    return Table(
        "linkage",
        w("t_linkage", lang),
        cols,
        rows,
        f.unit_line(money=True),
        "cllcrrrrr",
        [0.5, 2.3, 1.0, 0.9, 1.2, 1.25, 1.25, 1.2, 1.3],
        [w("linkage_note", lang)],
    )


# --- 补充耕地与复垦资金 -------------------------------------------------------------------


def spending_table(
    linkage: pd.DataFrame,
    reclamation: pd.DataFrame,
    budget: float | None,
    town_names: dict[str, str],
    f: Fmt,
) -> Table | None:
    lang = f.lang
    if linkage.empty and reclamation.empty:
        return None
    rows = []
    n = 0
    for kind, df, gained in (
        ("kind_linkage", linkage, "farmland_gained"),
        ("kind_reclamation", reclamation, "credits_earned"),
    ):
        for r in df.itertuples(index=False):
            n += 1
            rows.append(
                Row(
                    [
                        T(n),
                        T(_label(r.id, r.name)),
                        T(w(kind, lang)),
                        T(town_names.get(r.town, r.town)),
                        T(share(r.activated)),
                        f.area(getattr(r, gained)),
                        f.area(r.paddy_gained),
                        f.money(r.cost),
                    ]
                )
            )
    total = float(linkage["cost"].sum() if len(linkage) else 0) + float(
        reclamation["cost"].sum() if len(reclamation) else 0
    )
    gained = float(linkage["farmland_gained"].sum() if len(linkage) else 0) + float(
        reclamation["credits_earned"].sum() if len(reclamation) else 0
    )
    paddy = float(linkage["paddy_gained"].sum() if len(linkage) else 0) + float(
        reclamation["paddy_gained"].sum() if len(reclamation) else 0
    )
    blank = [T("")] * 4
    rows.append(
        Row(
            [
                T(""),
                T(w("total", lang)),
                T(""),
                T(""),
                T(""),
                f.area(gained),
                f.area(paddy),
                f.money(total),
            ],
            "total",
        )
    )
    if budget is not None:
        rows.append(Row([T(""), T(w("budget", lang))] + blank + [T(""), f.money(budget)], "sub"))
        rows.append(
            Row(
                [T(""), T(w("budget_left", lang))] + blank + [T(""), f.money(budget - total)], "sub"
            )
        )
    cols = [
        w("col_no", lang),
        w("col_project", lang),
        w("col_kind", lang),
        w("col_town", lang),
        _heading(H.LINKAGE, "activated", lang),
        _heading(H.LINKAGE, "farmland_gained", lang),
        _heading(H.LINKAGE, "paddy_gained", lang),
        w("col_cost", lang),
    ]
    return Table(
        "spending",
        w("t_spending", lang),
        cols,
        rows,
        f.unit_line(money=True),
        "cllllrrr",
        [0.7, 2.6, 1.2, 1.0, 0.8, 1.3, 1.3, 1.3],
    )


def _label(pid: object, name: object) -> str:
    name = "" if name is None or name != name else str(name)
    return f"{pid} {name}".strip()


# --- 未足额保障项目 -----------------------------------------------------------------------

SHORT_ORDER = ("conflict", "partial", "unfunded", "ineligible")


def short_projects(alloc: pd.DataFrame) -> pd.DataFrame:
    short = alloc[alloc["status"] != "funded"].copy()
    short["_o"] = short["status"].map({s: i for i, s in enumerate(SHORT_ORDER)})
    return short.sort_values(["_o", "value_per_mu"], ascending=[True, False], kind="stable")


def shared_reasons(
    short: pd.DataFrame, cons: pd.DataFrame, town_names: dict[str, str], lang: str
) -> list[str]:
    """Parts of the projects' reasons that name a used-up county or town limit and recur in
    several projects: the document states them once instead of in every row."""
    prefixes = _rule_prefixes(cons, town_names, lang, idle=False)
    if not prefixes:
        return []
    seen: dict[str, int] = {}
    for reason in short["reason"]:
        for part in dict.fromkeys(_parts(reason, lang)):
            seen[part] = seen.get(part, 0) + 1
    return [p for p, n in seen.items() if n >= 2 and p.startswith(tuple(prefixes))]


def idle_reasons(
    short: pd.DataFrame, cons: pd.DataFrame, town_names: dict[str, str], lang: str
) -> list[str]:
    """Parts of the reasons that name a limit at its limit but with a marginal value of 0: it
    holds no project back, so the document leaves it out of the reasons."""
    prefixes = _rule_prefixes(cons, town_names, lang, idle=True)
    if not prefixes:
        return []
    parts = dict.fromkeys(p for r in short["reason"] for p in _parts(r, lang))
    return [p for p in parts if p.startswith(tuple(prefixes))]


def _rule_prefixes(cons: pd.DataFrame, town_names: dict[str, str], lang: str, *,
                   idle: bool) -> list[str]:
    """How a reason part naming a used-up county or town rule begins; `idle`: the rules at
    their limit with a marginal value of 0, else the others."""

    if not len(cons):
        return []
    key = cons["key"].fillna("").astype(str)
    bind = cons[cons["binding"].map(_true)]
    bind = bind[[(scarcity(r) == "full") == idle for r in bind.itertuples(index=False)]]
    prefixes = [i18n.word(i18n.RULES, r, lang) for r in bind.loc[key[bind.index] == "", "rule"]]
    prefixes += [town_names.get(k, k) for k in bind.loc[bind["rule"] == "town_bounds_max", "key"]]
    return prefixes


def _parts(reason: object, lang: str) -> list[str]:
    text = "" if reason is None or reason != reason else str(reason)
    return [p.strip() for p in text.split(w("list_sep", lang).strip()) if p.strip()]


def specific_reason(reason: object, shared: list[str], lang: str) -> str:
    """The reason without the parts stated once for all (see shared_reasons)."""
    parts = [p for p in _parts(reason, lang) if p not in shared]
    return w("list_sep", lang).join(parts)


def short_table(alloc: pd.DataFrame, shared: list[str], f: Fmt,
                idle: list[str] = ()) -> Table | None:
    lang = f.lang
    short = short_projects(alloc)
    if short.empty:
        return None
    extra = "value_needed" in alloc.columns or "extra_quota_needed" in alloc.columns
    rows = []
    for n, p in enumerate(short.itertuples(index=False), 1):
        cells = [
            T(n),
            T(_label(p.project_id, p.name)),
            T(p.town_name),
            f.area(p.requested),
            f.area(p.allocated),
            T(_status(p.status, lang)),
        ]
        if extra:
            q = getattr(p, "extra_quota_needed", None)
            cells += [
                T(_opt(getattr(p, "value_needed", None), 2)),
                f.area(q) if _has(q) else T("—"),
            ]
        rows.append(Row(cells + [T(specific_reason(p.reason, [*shared, *idle], lang))]))
    tail = [T("")] * (2 if extra else 0)
    rows.append(
        Row(
            [
                T(""),
                T(w("total", lang)),
                T(""),
                f.area(short["requested"].sum()),
                f.area(short["allocated"].sum()),
                T(""),
            ]
            + tail
            + [T("")],
            "total",
        )
    )
    h = H.ALLOCATION
    cols = [
        w("col_no", lang),
        w("col_project", lang),
        _heading(h, "town_name", lang),
        _heading(h, "requested", lang),
        _heading(h, "allocated", lang),
        _heading(h, "status", lang),
    ]
    if extra:
        cols += [w("col_value_needed", lang), w("col_extra_quota", lang)]
    cols.append(_heading(h, "reason", lang))
    align = "cllrrc" + ("rr" if extra else "") + "l"
    widths = [0.6, 2.2, 0.9, 1.1, 1.1, 0.9] + ([1.0, 1.1] if extra else []) + [6.5]
    notes = []
    if shared:
        notes.append(w("short_note_shared", lang, items=w("list_sep", lang).join(shared)))
    if extra:
        notes.append(w("short_note_extra", lang))
    return Table(
        "short", w("t_short", lang), cols, rows, f.unit_line(), align, widths, notes, landscape=True
    )


def _has(x: object) -> bool:
    try:
        return x is not None and str(x) != "" and math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def _opt(x: object, dp: int) -> str:
    return _num(float(x), dp) if _has(x) else "—"


# --- 约束与边际价值 -----------------------------------------------------------------------


def constraints_table(cons: pd.DataFrame, f: Fmt) -> Table | None:
    lang = f.lang
    county = cons[cons["key"].fillna("").astype(str) == ""]
    if county.empty:
        return None
    rows = []
    for r in county.itertuples(index=False):
        money = r.unit == "money"
        name = i18n.word(i18n.RULES, r.rule, lang)
        if money:
            name += w("in_money", lang)
        val = f.money if money else f.area
        rows.append(
            Row(
                [
                    T(name),
                    val(r.use),
                    val(r.limit),
                    val(r.slack),
                    T(w("yes" if _true(r.binding) else "no", lang)),
                    T(_opt(_per_unit(getattr(r, "marginal_value", None), money), 4)),
                ],
                "sub" if _true(r.binding) else "body",
            )
        )
    h = H.CONSTRAINTS
    cols = [
        _heading(h, "rule", lang),
        _heading(h, "use", lang),
        _heading(h, "limit", lang),
        _heading(h, "slack", lang),
        w("col_used_up", lang),
        w("col_marginal_value", lang),
    ]
    return Table(
        "constraints",
        w("t_constraints", lang),
        cols,
        rows,
        f.unit_line(money=True),
        "lrrrcr",
        [3.2, 1.3, 1.3, 1.3, 0.9, 1.2],
        [w("constraints_note", lang)],
    )


def _per_unit(value: object, money: bool) -> object:
    """A marginal value per yuan is shown per 万元, as the document counts money."""
    return float(value) * 10_000 if money and _has(value) else value


def _true(x: object) -> bool:
    return x is True or str(x).strip().lower() in ("true", "1", "yes")


def marginal_table(
    marginal: pd.DataFrame | None, town_names: dict[str, str], f: Fmt
) -> Table | None:
    """marginal.csv: objective gained per unit more of each resource (money per 万元)."""
    lang = f.lang
    if marginal is None or marginal.empty or "value" not in marginal:
        return None
    rows, methods = [], []
    for r in marginal.itertuples(index=False):
        scope = str(getattr(r, "scope", "") or "")
        scope = w("county", lang) if scope == "county" else town_names.get(scope, scope)
        unit = str(getattr(r, "unit", "") or "")
        delta, value = getattr(r, "delta", None), r.value
        if unit == "yuan":  # the document speaks of money in 万元
            unit = "wan_yuan"
            delta = float(delta) / 10_000 if _has(delta) else delta
            value = float(value) * 10_000 if _has(value) else value
        method = str(getattr(r, "method", "") or "")
        if method and method not in methods:
            methods.append(method)
        rows.append(
            Row(
                [
                    T(i18n.word(i18n.REPORT_RESOURCE, str(r.resource), lang)),
                    T(scope),
                    T(_unit_word(unit, lang)),
                    T(f"{float(delta):,.4g}" if _has(delta) else "—"),
                    T(_opt(value, 4)),
                ]
            )
        )
    cols = [
        w("col_resource", lang),
        w("col_scope", lang),
        w("col_unit", lang),
        w("col_delta", lang),
        w("col_marginal", lang),
    ]
    method = w("list_sep", lang).join(i18n.word(i18n.REPORT_METHOD, m, lang) for m in methods)
    return Table(
        "marginal",
        w("t_marginal", lang),
        cols,
        rows,
        "",
        "llcrr",
        [3.0, 1.4, 0.9, 1.0, 2.0],
        [w("marginal_note", lang, method=method or "—")],
    )


def _unit_word(unit: str, lang: str) -> str:
    if unit in ("mu", "ha"):
        return i18n.unit(unit, lang)
    if unit == "yuan":
        return i18n.text("unit_yuan", lang)
    if unit == "wan_yuan":
        return w("wan_yuan", lang)
    return unit


# --- 附表: 项目用地安排明细 ---------------------------------------------------------------


PROJECT_SUMS = (
    "requested",
    "allocated",
    "from_quota",
    "from_linkage",
    "farmland_taken",
    "paddy_taken",
)


def projects_table(alloc: pd.DataFrame, f: Fmt) -> Table:
    lang = f.lang
    rows = []
    for n, p in enumerate(alloc.itertuples(index=False), 1):
        rows.append(
            Row(
                [
                    T(n),
                    T(p.project_id),
                    T(p.name),
                    T(p.town_name),
                    T(i18n.word(i18n.CATEGORY, p.category, lang)),
                    T(w("yes", lang) if p.priority else ""),
                    T(_num(p.value_per_mu, 2)),
                ]
                + [Cell(f.area(getattr(p, c)).text) for c in PROJECT_SUMS]
                + [T(_status(p.status, lang))]
            )
        )
    rows.append(
        Row(
            [T(""), T(w("total", lang))]
            + [T("")] * 5
            + [f.area(alloc[c].sum()) for c in PROJECT_SUMS]
            + [T(w("n_projects", lang, n=len(alloc)))],
            "total",
        )
    )
    h = H.ALLOCATION
    cols = [w("col_no", lang)] + [
        _heading(h, c, lang)
        for c in (
            "project_id",
            "name",
            "town_name",
            "category",
            "priority",
            "value_per_mu",
            *PROJECT_SUMS,
            "status",
        )
    ]
    return Table(
        "projects",
        w("t_projects", lang),
        cols,
        rows,
        f.unit_line(total_only=True),
        "clllcccrrrrrrc",
        [8, 12, 50, 18, 17, 9, 12, 15, 15, 15, 15, 15, 15, 18],
        landscape=True,
    )
