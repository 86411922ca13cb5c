"""The projects not fully provided for (未足额保障项目) and how their reasons are stated."""

from __future__ import annotations

import math

import pandas as pd

from landplan.model.rules import Families, families
from landplan.outputs import headings as H
from landplan.outputs.report_tables.base import (
    Cell,
    Fmt,
    Row,
    T,
    Table,
    _has,
    _heading,
    _label,
    _opt,
    _status,
    _true,
    w,
)
from landplan.outputs.scarcity import scarcity
from landplan.solution import reason_template

# --- 未足额保障项目 -----------------------------------------------------------------------

SHORT_ORDER = ("conflict", "partial", "unfunded", "ineligible")


def short_projects(alloc: pd.DataFrame) -> pd.DataFrame:
    short = alloc[alloc["status"] != "funded"].copy()
    short["_o"] = short["status"].map({s: i for i, s in enumerate(SHORT_ORDER)})
    return short.sort_values(["_o", "value_per_mu"], ascending=[True, False], kind="stable")


def shared_reasons(
    short: pd.DataFrame, cons: pd.DataFrame, town_names: dict[str, str], lang: str,
    fams: Families | None = None,
) -> list[str]:
    """Parts of the projects' reasons that name a used-up county or town limit and recur in
    several projects: the document states them once instead of in every row."""
    prefixes = _rule_prefixes(cons, town_names, lang, fams or families(), idle=False)
    if not prefixes:
        return []
    seen: dict[str, int] = {}
    for reason in short["reason"]:
        for part in dict.fromkeys(_parts(reason, lang)):
            seen[part] = seen.get(part, 0) + 1
    return [p for p, n in seen.items() if n >= 2 and p.startswith(tuple(prefixes))]


def idle_reasons(
    short: pd.DataFrame, cons: pd.DataFrame, town_names: dict[str, str], lang: str,
    fams: Families | None = None,
) -> list[str]:
    """Parts of the reasons that name a limit at its limit but with a marginal value of 0: it
    holds no project back, so the document leaves it out of the reasons."""
    prefixes = _rule_prefixes(cons, town_names, lang, fams or families(), idle=True)
    if not prefixes:
        return []
    parts = dict.fromkeys(p for r in short["reason"] for p in _parts(r, lang))
    return [p for p in parts if p.startswith(tuple(prefixes))]


def _rule_prefixes(cons: pd.DataFrame, town_names: dict[str, str], lang: str, fams: Families,
                   *, idle: bool) -> list[str]:
    """How a reason part naming a used-up county or town rule begins (its declared reason up
    to the figures); `idle`: the rules at their limit with a marginal value of 0, else the
    others."""

    if not len(cons):
        return []
    bind = cons[cons["binding"].map(_true)]
    prefixes = []
    for r in bind.itertuples(index=False):
        f = fams.get(r.rule)
        if f is None or f.competes is None or (scarcity(r) == "full") != idle:
            continue
        key = "" if r.key != r.key else str(r.key)
        head = reason_template(f, lang).split("{used}")[0]
        head = head.format(rule=fams.word(r.rule, lang), town=town_names.get(key, key))
        if head not in prefixes:
            prefixes.append(head)
    return prefixes


def _parts(reason: object, lang: str) -> list[str]:
    text = "" if reason is None or reason != reason else str(reason)
    return [p.strip() for p in text.split(w("list_sep", lang).strip()) if p.strip()]


def specific_reason(reason: object, shared: list[str], lang: str) -> str:
    """The reason without the parts stated once for all (see shared_reasons)."""
    parts = [p for p in _parts(reason, lang) if p not in shared]
    return w("list_sep", lang).join(parts)


def _in_year(cell: Cell, year: object, lang: str) -> Cell:
    """A rolling plan's extra quota with the year it is of: 15.00（2027年）."""
    y = "" if year is None or (isinstance(year, float) and math.isnan(year)) else str(year)
    if not y:
        return cell
    y = y[:-2] if y.endswith(".0") else y
    return Cell(cell.text + (f"（{y}年）" if lang == "zh" else f" ({y})"), cell.alt)


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
                _in_year(f.area(q), getattr(p, "extra_quota_year", None), lang)
                if _has(q) else T("—"),
            ]
        rows.append(Row(cells + [T(f.reason(specific_reason(p.reason, [*shared, *idle], lang)))]))
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
        notes.append(w("short_note_shared", lang,
                       items=w("list_sep", lang).join(f.reason(x) for x in shared)))
    if extra:
        notes.append(w("short_note_extra", lang))
    return Table(
        "short", w("t_short", lang), cols, rows, f.unit_line(), align, widths, notes, landscape=True
    )
