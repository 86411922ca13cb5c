"""The county's farmland balance (耕地占补平衡) and the farmland by town."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from landplan.outputs import headings as H
from landplan.outputs.report_tables.base import Fmt, Row, T, Table, _heading, w

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
