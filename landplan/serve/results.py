"""A run folder and a comparison as the workbench shows them, read through runread (every
file checked as it is read; a damaged one is a clear message, never a traceback)."""

from __future__ import annotations

import math
from pathlib import Path

from landplan import i18n
from landplan.outputs import runformat, runread
from landplan.outputs.escape import read_csv
from landplan.outputs.headings import ALLOCATION, TOWNS, heading
from landplan.serve.paths import relative

TOWN_COLUMNS = ("name", "projects", "funded", "partial", "unfunded", "requested", "allocated",
                "from_quota", "from_linkage", "farmland_taken")
PROJECT_COLUMNS = ("project_id", "name", "town_name", "category", "requested", "allocated",
                   "from_quota", "from_linkage", "status")
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
                   "extra_quota_needed": _cell(r.get("extra_quota_needed"))}
        cells = [i18n.word(i18n.STATUS, str(r[c]), lang) if c == "status" else _cell(r[c])
                 for c in pcols]
        projects.append({"id": r["project_id"], "status": r.get("status"), "cells": cells,
                         "why": why})
    rel = relative(root, folder)
    return {
        "path": rel, "name": folder.name,
        "scenario": (summary.get("scenario") or {}).get("name", ""),
        "objective": summary.get("objective"), "status": summary.get("status"),
        "town_columns": [heading(TOWNS, c, lang) for c in tcols], "towns": [[_cell(r[c]) for c in tcols] for _, r in towns.iterrows()],
        "project_columns": [heading(ALLOCATION, c, lang) for c in pcols],
        "projects": projects,
        "has_map": (folder / runformat.MAP.name).is_file(),
        "files": [f for f in FILES if (folder / f).is_file()],
        "has_report": (folder / runformat.REPORT_DOCX.name).is_file(),
    }


def compare_view(root: Path, folder: Path) -> dict:
    table = read_csv(folder / "compare.csv", dtype=str, keep_default_na=False)
    return {
        "path": relative(root, folder), "name": folder.name,
        "columns": list(table.columns),
        "rows": table.head(2000).values.tolist(),
        "has_chart": (folder / "compare.png").is_file(),
        "has_map": (folder / "compare.html").is_file(),
        "files": [f for f in ("compare.xlsx", "compare.csv", "compare.png")
                  if (folder / f).is_file()],
    }


def sweep_view(root: Path, folder: Path) -> dict:
    table = read_csv(folder / "sweep.csv", dtype=str, keep_default_na=False)
    return {
        "path": relative(root, folder), "name": folder.name,
        "columns": list(table.columns), "rows": table.head(2000).values.tolist(),
        "has_chart": (folder / "sweep.png").is_file(),
        "files": [f for f in ("sweep.csv", "sweep.png", runformat.SUMMARY.name)
                  if (folder / f).is_file()],
    }
