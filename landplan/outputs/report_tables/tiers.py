"""The county's priority tiers (用地保障次序): what each tier secured, first tier first."""

from __future__ import annotations

from landplan import i18n
from landplan.outputs.report_tables.base import Fmt, Row, T, Table, _num, w


def tiers_table(tiers: list[dict], f: Fmt) -> Table | None:
    """One row per tier of summary.json `tiers`: its objective and what its stage secured,
    the land, value and projects of its categories."""
    if not tiers:
        return None
    lang = f.lang
    rows = []
    for n, t in enumerate(tiers, 1):
        cats = w("list_sep", lang).join(i18n.word(i18n.CATEGORY, c, lang)
                                        for c in t["categories"])
        kind = t["objective"]
        secured = (T(t["secured"]) if kind == "count" else
                   f.area(t["secured"]) if kind == "land" else T(_num(t["secured"], 2)))
        rows.append(Row([
            T(n), T(t["name"]), T(cats), T(w(f"tier_{kind}", lang)), secured, T(t["projects"]),
            f.area(t["requested"]), f.area(t["land"]), T(_num(t["value"], 2)),
            T(f"{t['funded']}/{t['partial']}/{t['unfunded']}/{t['ineligible']}"),
        ]))
    cols = [w("col_no", lang), w("col_tier", lang), w("col_categories", lang),
            w("col_tier_objective", lang), w("col_secured", lang), w("col_projects_n", lang),
            w("col_requested", lang), w("col_land", lang), w("col_value", lang),
            w("col_status_counts", lang)]
    return Table("tiers", w("t_tiers", lang), cols, rows, f.unit_line(), "cllcrrrrrc",
                 [0.6, 1.2, 1.6, 1.2, 1.2, 0.8, 1.3, 1.3, 1.2, 1.4],
                 [w("tiers_note", lang)])
