"""A scenario as the workbench shows it: forms for its settings, grids for its lists.

Pages are drawn from the fast YAML parser's plain data (a 5,000-project scenario in well
under a second); only saving goes through the comment-keeping round trip (edit.py)."""

from __future__ import annotations

from typing import Any

LISTS = ("towns", "projects", "linkage", "reclamation")
# settings shown as forms, in this order; the rest of the file is kept as it is
FORMS = ("quota", "reclamation_budget", "county", "year", "units", "policy", "valuation",
         "rules", "solver")
FIRST = {  # columns shown first in each grid; the other fields follow as they appear
    "towns": ("code", "name", "pilot", "min", "max"),
    "projects": ("id", "name", "town", "category", "area", "min_share", "priority",
                 "investment", "tax", "jobs", "value_per_mu", "farmland", "paddy"),
    "linkage": ("id", "name", "town"),
    "reclamation": ("id", "name", "town"),
}


def is_scalar(v: Any) -> bool:
    return v is None or isinstance(v, (str, int, float, bool))


def columns(section: str, records: list) -> list[str]:
    """Field names of a list, nested mappings one level deep as `a.b`; lists are left out
    (they stay in the file untouched)."""
    seen: dict[str, None] = dict.fromkeys(FIRST.get(section, ()))
    present: set[str] = set()
    for rec in records:
        if not isinstance(rec, dict):
            continue
        for k, v in rec.items():
            k = str(k)
            if isinstance(v, dict):
                for k2, v2 in v.items():
                    if is_scalar(v2):
                        seen.setdefault(f"{k}.{k2}")
                        present.add(f"{k}.{k2}")
            elif is_scalar(v):
                seen.setdefault(k)
                present.add(k)
    return [c for c in seen if c in present or c in FIRST.get(section, ())[:3]]


def cell(rec: Any, col: str) -> Any:
    if not isinstance(rec, dict):
        return None
    head, _, tail = col.partition(".")
    v = rec.get(head)
    if tail:
        v = v.get(tail) if isinstance(v, dict) else None
    return v if is_scalar(v) else None


def grid(section: str, records: list) -> dict:
    """What the grid script draws: columns and rows of text (None as '')."""
    cols = columns(section, records)
    flat = [c for c in cols if "." not in c]
    if len(flat) < len(cols):
        rows = [[_text(cell(r, c)) for c in cols] for r in records]
    else:  # no nested columns: a field is the record's own value (5,000 rows twice as fast)
        rows = [[_text(v) if is_scalar(v := r.get(c)) else "" for c in cols]
                if isinstance(r, dict) else [""] * len(cols) for r in records]
    return {"section": section, "columns": cols, "rows": rows}


def form_fields(data: dict) -> list[dict]:
    """The settings as form fields: every scalar leaf of the FORMS sections, with its path;
    lists inside them are shown, not edited."""
    out: list[dict] = []
    for key in FORMS:
        if key in data:
            _leaves(data[key], [key], out)
    return out


def _leaves(value: Any, path: list, out: list[dict]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _leaves(v, [*path, str(k)], out)
    elif is_scalar(value):
        out.append({"path": path, "label": ".".join(path), "value": _text(value), "readonly": False})
    elif len(out) < 100_000:
        out.append({"path": path, "label": ".".join(path), "value": _text(_short(value)),
                    "readonly": True})


def _short(value: Any) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 300 else text[:297] + "…"


def _text(v: Any) -> str:
    if v.__class__ is str:
        return v
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)
