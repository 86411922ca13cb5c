"""A run folder and a comparison as the workbench shows them, read through runread (every
file checked as it is read; a damaged one is a clear message, never a traceback)."""

from __future__ import annotations

import json
import math
from pathlib import Path

from landplan import i18n
from landplan.errors import LandplanError
from landplan.outputs import runformat, runread
from landplan.outputs.escape import read_csv
from landplan.outputs.headings import ALLOCATION, TOWNS, heading
from landplan.outputs.map_years import year_text
from landplan.serve.paths import PathRefused, relative, resolve
from landplan.serve.text import word
from landplan.serve.years import town_years

TOWN_COLUMNS = ("name", "projects", "funded", "partial", "unfunded", "requested", "allocated",
                "from_quota", "from_linkage", "farmland_taken")
PROJECT_COLUMNS = ("project_id", "name", "town_name", "category", "year", "requested",
                   "allocated", "from_quota", "from_linkage", "status")
FILES = tuple(f.name for f in (runformat.XLSX, runformat.GPKG, runformat.REPORT_DOCX,
                               runformat.REPORT_MD, runformat.ALLOCATION, runformat.TOWNS,
                               runformat.SUMMARY))


def list_runs(root: Path, under: str, kind: str = "run") -> list[dict]:
    """Finished folders under `root/under` (hidden ones, still being written, are not)."""
    base = root / under
    if not base.is_dir():
        return []
    marker = {"run": runformat.ALLOCATION.name, "compare": "compare.csv", "sweep": "sweep.csv"}[kind]
    out = []
    for d in sorted(base.iterdir(), reverse=True):
        if d.name.startswith(".") or d.is_symlink() or not (d / marker).is_file():
            continue
        out.append({"path": relative(root, d), "name": d.name})
    return out


def _cell(v):
    if v is None or isinstance(v, float) and math.isnan(v):
        return ""
    if isinstance(v, float):
        return f"{v:,.2f}"
    return v


def run_view(root: Path, folder: Path, lang: str) -> dict:
    summary = runread.read_summary(folder)
    towns = runread.read_table(folder, runformat.TOWNS)
    alloc = runread.read_table(folder, runformat.ALLOCATION)
    tcols = [c for c in TOWN_COLUMNS if c in towns.columns]
    pcols = [c for c in PROJECT_COLUMNS if c in alloc.columns]
    projects = []
    for _, r in alloc.iterrows():
        why = None
        if r.get("status") in ("partial", "unfunded", "ineligible", "conflict"):
            why = {"reason": _cell(r.get("reason")), "value_needed": _cell(r.get("value_needed")),
                   "extra_quota_needed": _cell(r.get("extra_quota_needed")),
                   "extra_quota_year": _cell(r.get("extra_quota_year"))}
        cells = [i18n.word(i18n.STATUS, str(r[c]), lang) if c == "status"
                 else i18n.word(i18n.CATEGORY, str(r[c]), lang) if c == "category"
                 else _year(r[c], lang) if c == "year"
                 else _cell(r[c]) for c in pcols]
        projects.append({"id": r["project_id"], "status": r.get("status"), "cells": cells,
                         "why": why, "year": year_text(r.get("year"))})
    rel = relative(root, folder)
    return {
        "path": rel, "name": folder.name,
        "scenario": (summary.get("scenario") or {}).get("name", ""),
        "objective": _cell(summary.get("objective")),
        "status": solver_status(summary.get("status"), summary.get("gap"), lang),
        "town_columns": [heading(TOWNS, c, lang) for c in tcols], "towns": [[_cell(r[c]) for c in tcols] for _, r in towns.iterrows()],
        "project_columns": [heading(ALLOCATION, c, lang) for c in pcols],
        "projects": projects,
        **town_years(folder, lang, _cell),
        "has_map": (folder / runformat.MAP.name).is_file(),
        "files": [f for f in FILES if (folder / f).is_file()],
        "has_report": (folder / runformat.REPORT_DOCX.name).is_file(),
    }


def _year(value: object, lang: str) -> str:
    """A rolling plan's allocation.csv `year` as the map's popup says it (2027年), '' when the
    project is given no land."""
    y = year_text(value)
    return i18n.map_text("year_one", lang, y=y) if y else ""


def solver_status(status: object, gap: object, lang: str) -> str:
    """What the solver said, in the planner's words: proven optimal, or within a gap of it,
    as the map's title block says; otherwise what went wrong."""
    if status == "optimal":
        try:
            g = float(gap or 0)
        except (TypeError, ValueError):
            g = 0.0
        return (i18n.map_text("optimal", lang) if g == 0
                else i18n.map_text("optimal_gap", lang, gap=f"{g:g}"))
    return word(f"solver_{status}", lang) if status else ""


def compare_view(root: Path, folder: Path, lang: str = "zh") -> dict:
    table = read_csv(folder / "compare.csv", dtype=str, keep_default_na=False)
    table = _compare_words(table, lang)
    return {
        "path": relative(root, folder), "name": folder.name,
        "columns": list(table.columns),
        "rows": table.head(2000).values.tolist(),
        "has_chart": (folder / "compare.png").is_file(),
        "has_map": (folder / "compare.html").is_file(),
        "files": [f for f in ("compare.xlsx", "compare.csv", "compare.png")
                  if (folder / f).is_file()],
    }


def _compare_words(table, lang: str):
    """compare.csv with the headings and words of compare.xlsx (landplan compare's own)."""
    from landplan.outputs.compare import _localized

    labels = [c.removeprefix("allocated_") for c in table.columns if c.startswith("allocated_")]
    if "level" not in table.columns or not labels:
        return table
    units = next((u for u in table.get("unit", []) if u), "mu")
    table = table.copy()
    if "pilot" in table.columns:
        table["pilot"] = table["pilot"].map(lambda s: s == "True")
    if "unit" in table.columns:
        table["unit"] = table["unit"].map(lambda u: i18n.unit(u, lang) if u else u)
    return _localized(table, labels, units, lang)


def sweep_view(root: Path, folder: Path, lang: str = "zh") -> dict:
    table = read_csv(folder / "sweep.csv", dtype=str, keep_default_na=False)
    meta = _sweep_meta(folder)
    gap = meta.get("gap")
    if "status" in table.columns:
        table["status"] = table["status"].map(lambda s: solver_status(s, gap, lang))
    towns, units = _town_names(root, meta.get("scenario"))
    return {
        "path": relative(root, folder), "name": folder.name,
        "columns": [_sweep_heading(c, lang, towns, units) for c in table.columns],
        "rows": table.head(2000).values.tolist(),
        "has_chart": (folder / "sweep.png").is_file(),
        "files": [f for f in ("sweep.csv", "sweep.png", runformat.SUMMARY.name)
                  if (folder / f).is_file()],
    }


def _sweep_meta(folder: Path) -> dict:
    """A sweep's summary.json (the solver's gap, the scenario swept); {} when unreadable."""
    try:
        meta = json.loads((folder / runformat.SUMMARY.name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _sweep_heading(col: str, lang: str, towns: dict[str, str], units: str) -> str:
    """A column of sweep.csv as a planner reads it: the varied field by its declared label,
    the counts and land per town by name."""
    from landplan.analysis.sweep_outputs import LABELS, field_label

    fixed = {"status": word("sweep_status", lang), "objective": LABELS[lang]["objective"],
             "funded": LABELS[lang]["funded"], "partial": word("sweep_partial", lang),
             "spending": word("sweep_spending", lang),
             "credits_moved": word("sweep_credits_moved", lang)}
    if col in fixed:
        return fixed[col]
    if col.startswith("tier:"):
        return word("sweep_tier", lang, tier=col[5:])
    if col.startswith("land_"):
        code = col[5:]
        return word("sweep_land", lang, town=towns.get(code, code), unit=i18n.unit(units, lang))
    return field_label(col, lang) if "." in col else col


def _town_names(root: Path, scenario: object) -> tuple[dict[str, str], str]:
    """Town names and the units of the swept scenario, when it is a file of the served
    folder."""
    if not isinstance(scenario, str) or not scenario:
        return {}, "mu"
    try:
        rel = Path(scenario).resolve().relative_to(root.resolve()).as_posix()
        path = resolve(root, rel, kind="file")
        from landplan.serve import edit

        data = edit.load(path).data
    except (ValueError, OSError, PathRefused, LandplanError):
        return {}, "mu"
    towns = data.get("towns") if isinstance(data.get("towns"), list) else []
    return ({str(t.get("code")): str(t.get("name", t.get("code"))) for t in towns
             if isinstance(t, dict)}, "ha" if data.get("units") == "ha" else "mu")
