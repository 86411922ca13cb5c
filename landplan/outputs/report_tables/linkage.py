"""The linkage balance (增减挂钩) and the spending on farmland and reclamation (补充耕地与复垦资金)."""

from __future__ import annotations

import pandas as pd

from landplan.outputs import headings as H
from landplan.outputs.report_tables.base import (
    EPS,
    Fmt,
    Row,
    T,
    Table,
    _heading,
    _label,
    share,
    w,
)
from landplan.outputs.report_tables.farmland import FarmlandBalance

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
