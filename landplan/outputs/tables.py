"""CSV tables, the spreadsheet with Chinese headings, and reasons.json."""

from __future__ import annotations

import io
import numbers
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from landplan import i18n
from landplan.model.rules import Families, families
from landplan.outputs import headings as H
from landplan.outputs import runformat as F
from landplan.outputs.escape import xml_text
from landplan.outputs.runfolder import write_json, write_reasons, write_table
from landplan.solution import Solution

YEAR_TABLES = {"towns_by_year": F.TOWNS_BY_YEAR, "linkage_ledger": F.LINKAGE_LEDGER,
               "urbanisation": F.URBANISATION}

YEAR_SHEETS = {"towns_by_year": ("分年度乡镇", "Towns by year", H.TOWNS_BY_YEAR),
               "linkage_ledger": ("挂钩周转台账", "Linkage ledger", H.LINKAGE_LEDGER),
               "urbanisation": ("人地挂钩", "Urbanisation", H.URBANISATION)}


def write_tables(folder: Path, sol: Solution, lang: str = "zh") -> list[str]:
    """Write the allocation, towns, linkage, reclamation and constraints tables, the
    spreadsheet and reasons.json, as runformat declares them."""
    allocation = sol.allocation_in(lang)  # the words are chosen here
    files = [write_table(folder, table, df) for table, df in (
        (F.ALLOCATION, allocation), (F.TOWNS, sol.towns), (F.LINKAGE, sol.linkage),
        (F.RECLAMATION, sol.reclamation), (F.CONSTRAINTS, sol.constraints))]
    # a rolling plan's own tables (none for one year)
    files += [write_table(folder, YEAR_TABLES[name], df) for name, df in sol.by_year.items()]
    write_xlsx(folder / F.XLSX.name, sol, lang, allocation)
    return [*files, F.XLSX.name, write_reasons(folder, lang, sol.reason_parts)]


def localized(df: pd.DataFrame, table: dict, lang: str, fams: Families | None = None
              ) -> pd.DataFrame:
    """Chinese (or English) headings, and status/category/rule words in the same language
    (rules in their declared words: `fams`, the run's families, by default the built-in)."""
    out = df.copy()
    if "status" in out:
        out["status"] = out["status"].map(lambda s: i18n.word(i18n.STATUS, s, lang))
    if "category" in out:
        out["category"] = out["category"].map(lambda s: i18n.word(i18n.CATEGORY, s, lang))
    if "rule" in out:
        fams = fams if fams is not None else families()
        out["rule"] = out["rule"].map(lambda s: fams.word(s, lang))
    for col in ("priority", "pilot", "binding"):
        if col in out:
            yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
            out[col] = out[col].map(lambda b, y=yes, n=no: y if b else n)
    return out.rename(columns={c: H.heading(table, c, lang) for c in out.columns})


def write_xlsx(path: Path, sol: Solution, lang: str = "zh",
               allocation: pd.DataFrame | None = None) -> None:
    """One sheet per table; written byte-for-byte the same for the same solution."""
    if allocation is None:
        allocation = sol.allocation_in(lang)
    sheets = [
        ("项目安排" if lang == "zh" else "Projects", allocation, H.ALLOCATION),
        ("乡镇汇总" if lang == "zh" else "Towns", sol.towns, H.TOWNS),
        ("增减挂钩" if lang == "zh" else "Linkage", sol.linkage, H.LINKAGE),
        ("土地整理" if lang == "zh" else "Reclamation", sol.reclamation, H.LINKAGE),
        ("约束使用" if lang == "zh" else "Constraints", sol.constraints, H.CONSTRAINTS),
    ]
    # a rolling plan's own tables, after the allocation's (none for one year)
    sheets += [(YEAR_SHEETS[name][0 if lang == "zh" else 1], df, YEAR_SHEETS[name][2])
               for name, df in sol.by_year.items()]
    buf = io.BytesIO()
    fixed = pd.Timestamp("2000-01-01").to_pydatetime()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    book.set_properties({"created": fixed, "author": "landplan"})
    head = book.add_format({"bold": True, "border": 1, "align": "center", "valign": "top"})
    for title, df, table in sheets:
        _write_sheet(book.add_worksheet(title), localized(df, table, lang, sol.families), head)
    book.close()
    path.write_bytes(_fixed_zip_times(buf.getvalue()))


def _write_sheet(ws, df: pd.DataFrame, head) -> None:
    """Cells by type, written directly: pandas' `to_excel` formats cell by cell and took most of
    a 500-project run's table writing. Text is always text (never a formula or a link), and
    characters XML cannot hold are dropped."""
    ws.freeze_panes(1, 0)
    for j, c in enumerate(df.columns):
        ws.write_string(0, j, xml_text(str(c)), head)
    for j, name in enumerate(df.columns):
        values = df[name].tolist()
        for i, v in enumerate(values, start=1):
            if v is None or v != v or v == "":
                continue
            if isinstance(v, (bool, np.bool_)):
                ws.write_boolean(i, j, bool(v))
            elif isinstance(v, numbers.Real):
                ws.write_number(i, j, float(v))
            else:
                ws.write_string(i, j, xml_text(str(v)))
        cells = [str(name)] + ["" if v is None or v != v else str(v) for v in values[:199]]
        ws.set_column(j, j, min(60, max(8, max(len(c) for c in cells) * 1.6)))


def _fixed_zip_times(data: bytes) -> bytes:
    """Re-pack an xlsx with fixed member timestamps so identical tables give identical bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z",
                              body)
            dst.writestr(fixed, body)
    return out.getvalue()


__all__ = ["localized", "write_json", "write_tables", "write_xlsx"]
