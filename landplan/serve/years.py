"""A rolling run's per-town table by year: the horizon's totals (towns.csv) and each year's
figures (towns_by_year.csv), all rendered by the page and switched by a year selector that
speaks the map's words (全部年度 / 2026年 …) and keeps in step with the map's own selector.

A one-year run has no towns_by_year.csv: no selector, the page as it always was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from landplan import i18n
from landplan.outputs import runformat, runread
from landplan.outputs.headings import TOWNS_BY_YEAR, heading
from landplan.outputs.map_years import ALL

# the totals table's columns (results.TOWN_COLUMNS) that a year's row also has, in its order
YEAR_COLUMNS = ("name", "projects", "allocated", "from_quota", "from_linkage", "farmland_taken")


def town_years(folder: Path, lang: str, cell: Callable[[object], object]) -> dict:
    """{"years": the selector's choices, "year_label", "town_years": one table per year};
    empty choices and tables for a one-year run."""
    table = runread.read_table(folder, runformat.TOWNS_BY_YEAR, optional=True)
    if table is None or table.empty:
        return {"years": [], "year_label": "", "town_years": []}
    years = sorted({str(y).strip() for y in table["year"]}, key=_year_order)
    cols = [c for c in YEAR_COLUMNS if c in table.columns]
    choices = [{"key": ALL, "label": i18n.map_text("year_all", lang)}] + [
        {"key": y, "label": i18n.map_text("year_one", lang, y=y)} for y in years]
    tables = []
    for y in years:
        rows = table[table["year"].astype(str).str.strip() == y]
        tables.append({"key": y, "label": i18n.map_text("year_one", lang, y=y),
                       "columns": [heading(TOWNS_BY_YEAR, c, lang) for c in cols],
                       "rows": [[cell(r[c]) for c in cols] for _, r in rows.iterrows()]})
    return {"years": choices, "year_label": i18n.map_text("year_select", lang),
            "town_years": tables}


def _year_order(year: str) -> tuple[int, str]:
    return (int(year), year) if year.isdigit() else (10**6, year)

