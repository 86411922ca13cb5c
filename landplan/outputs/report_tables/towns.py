"""The quota by town (乡镇指标分解) and the priority projects (重点项目用地保障)."""

from __future__ import annotations

import pandas as pd

from landplan.outputs import headings as H
from landplan.outputs.report_tables.base import Fmt, Row, T, Table, _heading, _label, _status, w
from landplan.outputs.report_tables.years import given_year, yw

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


def priority_table(alloc: pd.DataFrame, f: Fmt, tiers: list[dict] = ()) -> Table | None:
    """Key projects: those marked must-fund (priority, 必保) and those of the key category
    (重点类项目), each with which it is; a note says how the two differ."""
    lang = f.lang
    pri = alloc[alloc["priority"] | (alloc["category"] == "key")]
    if pri.empty:
        return None
    rows, notes = [], []
    rolling = "year" in pri.columns
    for n, p in enumerate(pri.itertuples(index=False), 1):
        kind = ("key_both" if p.priority and p.category == "key" else
                "key_must" if p.priority else "key_cat")
        rows.append(
            Row(
                [
                    T(n),
                    T(_label(p.project_id, p.name)),
                    T(p.town_name),
                    T(w(kind, lang)),
                ]
                + ([T(given_year(p.year))] if rolling else [])
                + [
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
                    reason=f.reason(p.reason),
                )
            )
    rows.append(
        Row(
            [
                T(""),
                T(w("total", lang)),
                T(""),
                T(""),
            ]
            + ([T("")] if rolling else [])
            + [
                f.area(pri["requested"].sum()),
                f.area(pri["allocated"].sum()),
                f.area(pri["from_quota"].sum()),
                f.area(pri["from_linkage"].sum()),
                T(w("n_of_m_funded", lang, n=int((pri["status"] == "funded").sum()), m=len(pri))),
            ],
            "total",
        )
    )
    tier = next((t["name"] for t in tiers if "key" in t.get("categories", ())), None)
    how = (w("key_note_tier", lang, tier=tier) if tier else w("key_note_value", lang))
    notes.insert(0, w("key_note", lang, how=how))
    h = H.ALLOCATION
    cols = [w("col_no", lang), w("col_project", lang), _heading(h, "town_name", lang),
            w("col_key_kind", lang)] + [
        _heading(h, c, lang)
        for c in ("requested", "allocated", "from_quota", "from_linkage", "status")
    ]
    align, widths = "cllcrrrrc", [0.7, 3.0, 1.1, 1.1, 1.3, 1.3, 1.3, 1.3, 1.3]
    if rolling:  # the year its land is given, after its kind
        cols.insert(4, yw("col_given_year", lang))
        align, widths = align[:4] + "c" + align[4:], widths[:4] + [0.9] + widths[4:]
    return Table(
        "priority",
        w("t_priority", lang),
        cols,
        rows,
        f.unit_line(),
        align,
        widths,
        notes,
        landscape=rolling,  # one more column: full names on one line
    )


# --- 附图: a town sheet's sites ----------------------------------------------------------


def town_sites_table(alloc: pd.DataFrame, code: str, town: str, f: Fmt) -> Table | None:
    """The projects of one town sheet, full names at the table's size (the sheet's own list
    is small and may end with a count)."""
    lang = f.lang
    mine = alloc[alloc["town"].astype(str) == str(code)].sort_values("project_id", kind="stable")
    if mine.empty:
        return None
    rows = [
        Row([T(n), T(p.project_id), T(p.name), f.area(p.requested), f.area(p.allocated),
             T(_status(p.status, lang))])
        for n, p in enumerate(mine.itertuples(index=False), 1)
    ]
    rows.append(Row([T(""), T(w("total", lang)), T(w("n_projects", lang, n=len(mine))),
                     f.area(mine["requested"].sum()), f.area(mine["allocated"].sum()), T("")],
                    "total"))
    h = H.ALLOCATION
    cols = [w("col_no", lang)] + [_heading(h, c, lang) for c in (
        "project_id", "name", "requested", "allocated", "status")]
    return Table("town_sites", w("t_town_sites", lang, town=town), cols, rows, f.unit_line(),
                 "cllrrc", [0.6, 1.0, 4.6, 1.4, 1.4, 1.2])
