"""`landplan import-projects`: the bureau's lists into a scenario file.

The workbook stays the working document: its projects replace the scenario's `projects`
(likewise `linkage` and `reclamation` when the workbook has those lists), a towns list sets
`pilot`, `min`, `max` and `farmland_credits` of the towns it names. A field the workbook has no
column for is kept from the scenario's record of the same id (links, tags, attributes, costs
written into the YAML by hand), so importing the workbook again loses nothing. Every other
line of the scenario, comments included, is left as it was; the file before the import is kept
as `<scenario>.bak`. Rows that cannot be read are reported and listed as comments above the
section, so nothing disappears without a trace.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from landplan.errors import Problem
from landplan.ingest import yamltext
from landplan.ingest.aliases import alias_problems, category_alias_problems
from landplan.ingest.excel import RowProblem, SheetError, SheetList, Workbook, read_workbook
from landplan.scenario.load import read_scenario_data

ORDER = {
    "projects": ("id", "name", "town", "category", "area", "min_share", "min_area", "priority",
                 "farmland", "paddy", "value_per_mu", "investment", "tax", "jobs", "cost",
                 "requires", "excludes", "tags", "attributes"),
    "linkage": ("id", "name", "town", "reclaim", "farmland_gain", "paddy_gain", "cost",
                "divisible"),
    "reclamation": ("id", "name", "town", "quantity", "paddy", "cost", "divisible"),
}  # fmt: skip
_TITLES = {
    "projects": "Projects (建设项目)",
    "linkage": "Linkage (增减挂钩拆旧项目)",
    "reclamation": "Reclamation (补充耕地/土地整理项目)",
    "towns": "Towns (乡镇)",
}
_NEXT = {"projects": "linkage", "linkage": "reclamation", "reclamation": "layers"}


@dataclass
class ImportReport:
    """What an import did: records per list, rows left out (with why), notes."""

    scenario: Path
    workbook: Path
    counts: dict[str, int] = field(default_factory=dict)
    before: dict[str, int] = field(default_factory=dict)
    towns_updated: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)
    backup: Path | None = None

    def lines(self) -> list[str]:
        out = []
        for kind, n in self.counts.items():
            was = self.before.get(kind)
            out.append(f"{kind}: {n} imported" + (f" (replacing {was})" if was else ""))
        if self.towns_updated:
            out.append(f"towns: figures set for {self.towns_updated} towns")
        out += [f"note: {n}" for n in self.notes]
        out += [f"sheet {s} passed over: {why}" for s, why in self.ignored]
        out += [f"not imported: {p}" for p in self.problems]
        return out


def import_lists(
    workbook: str | Path,
    into: str | Path,
    *,
    sheets: list[str] | None = None,
    strict: bool = False,
    backup: bool = True,
) -> ImportReport:
    """Import the workbook's lists into the scenario file `into` (see the module doc).

    SheetError, with the scenario untouched, when a list lacks a required column or (with
    `strict`) when any row cannot be read."""
    into, workbook = Path(into), Path(workbook)
    data, raw = read_scenario_data(into)
    aliases = _aliases(data, into)
    towns = _towns(data)
    units = data.get("units", "mu") if data.get("units") in ("mu", "ha") else "mu"
    wb = read_workbook(workbook, towns, units=units, aliases=aliases, sheets=sheets,
                       categories=_categories(data, into))
    if not wb.lists:
        raise SheetError(
            Problem(
                "holds no list landplan recognises",
                file=str(workbook),
                hint="a project list needs headings such as 项目名称, 所在乡镇, 项目类型, "
                "用地面积(亩); sheets: " + ", ".join(s for s, _ in wb.ignored),
            )
        )
    report = ImportReport(into, workbook, ignored=wb.ignored)
    for kind in ("projects", "linkage", "reclamation"):
        _drop_repeated_ids(wb.of_kind(kind))
    report.problems = [p for s in wb.lists for p in s.problems]
    report.notes = list(dict.fromkeys(n for s in wb.lists for n in s.notes))
    report.notes += [f"sheet {s.sheet}: row {r} is a total (合计) and was passed over"
                     for s in wb.lists for r in s.totals]  # fmt: skip
    if strict and report.problems:
        raise SheetError([p.problem() for p in report.problems])
    text = raw.decode("utf-8-sig")
    for kind in ("projects", "linkage", "reclamation"):
        lists = wb.of_kind(kind)
        if not lists:
            continue
        kept = _by_id(data.get(kind))
        records = [_ordered(_keeping(r, kept, s), ORDER[kind]) for s in lists for r in s.records]
        report.before[kind] = len(data.get(kind) or [])
        report.counts[kind] = len(records)
        block = yamltext.section(kind, records, _comments(kind, lists, workbook))
        text = yamltext.replace_section(text, kind, block, before=_NEXT[kind])
    if wb.of_kind("towns"):
        text, report.towns_updated = _update_towns(text, data, wb, workbook)
    yaml.safe_load(text)  # the result must still be YAML: a bug here must not reach the file
    if backup:
        report.backup = into.with_name(into.name + ".bak")
        shutil.copyfile(into, report.backup)
    yamltext.write_atomically(into, text)
    return report


def _aliases(data: dict[str, Any], file: Path) -> dict[str, list[str]]:
    raw = data.get("project_aliases") or {}
    if not isinstance(raw, dict):
        raise SheetError(Problem("must map field names to lists of headings", file=str(file),
                                 field="project_aliases",
                                 hint="e.g. project_aliases: {area: [申请用地规模]}"))  # fmt: skip
    out = {str(k): [str(h) for h in (v if isinstance(v, list) else [v])] for k, v in raw.items()}
    bad = alias_problems(out)
    if bad:
        raise SheetError([Problem(b, file=str(file), field="project_aliases") for b in bad])
    return out


def _categories(data: dict[str, Any], file: Path) -> dict[str, str]:
    """The scenario's `category_aliases` ({word: category}), checked."""
    raw = data.get("category_aliases") or {}
    if not isinstance(raw, dict):
        raise SheetError(Problem("must map the bureau's project-type words to categories",
                                 file=str(file), field="category_aliases",
                                 hint="e.g. category_aliases: {文旅项目: commercial}"))  # fmt: skip
    out = {str(k): str(v) for k, v in raw.items()}
    bad = category_alias_problems(out)
    if bad:
        raise SheetError([Problem(b, file=str(file), field="category_aliases") for b in bad])
    return out


def _towns(data: dict[str, Any]) -> dict[str, str]:
    out = {}
    for t in data.get("towns") or []:
        if isinstance(t, dict) and t.get("code") is not None:
            code = str(t["code"])
            out[code] = str(t.get("name") or code)
    return out


def _drop_repeated_ids(lists: list[SheetList]) -> None:
    seen: Counter[str] = Counter()
    for sheet in lists:
        for row in sheet.rows:
            if row.record is None:
                continue
            rid = str(row.record["id"])
            seen[rid] += 1
            if seen[rid] > 1:
                col = sheet.columns.get("id")
                row.problems.append(
                    RowProblem(
                        sheet.file.name,
                        sheet.sheet,
                        row.row,
                        col.label if col else None,
                        rid,
                        "repeats a 项目编号 of an earlier row: every row needs its own",
                    )  # fmt: skip
                )
                row.record = None


def _ordered(record: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    """The contract's fields in its order, then any other field kept from the scenario."""
    return {k: record[k] for k in order if k in record} | {
        k: v for k, v in record.items() if k not in order}


# fields that stand for another: a sheet with one of these columns carries the field too
_CARRIED_WITH = {"town_code": ("town",), "investment": ("value_per_mu",),
                 "tax": ("value_per_mu",), "jobs": ("value_per_mu",)}


def _by_id(records: Any) -> dict[str, dict[str, Any]]:
    """The scenario's records of a list, by id."""
    out: dict[str, dict[str, Any]] = {}
    for r in records if isinstance(records, list) else []:
        if isinstance(r, dict) and r.get("id") is not None:
            out.setdefault(str(r["id"]), r)
    return out


def _keeping(record: dict[str, Any], scenario: dict[str, dict[str, Any]],
             sheet: SheetList) -> dict[str, Any]:
    """`record` with every field of the scenario's record of the same id that the sheet has
    no column for. A sheet without a 项目编号 column numbers its rows, so there the names must
    agree too: a row that moved is not given another project's links."""
    old = scenario.get(str(record.get("id")))
    if old is None or ("id" not in sheet.columns and old.get("name") != record.get("name")):
        return record
    carried = set(sheet.columns)
    for f in list(carried):
        carried.update(_CARRIED_WITH.get(f, ()))
    out = dict(record)
    for key, value in old.items():
        if key == "attributes" and isinstance(value, dict):  # a column per attribute
            kept = {k: v for k, v in value.items() if f"attributes.{k}" not in carried}
            if kept or out.get("attributes"):
                out["attributes"] = kept | out.get("attributes", {})
        elif key not in carried and key not in out:
            out[key] = value
    return out


def _comments(kind: str, lists: list[SheetList], workbook: Path) -> list[str]:
    where = "; ".join(f"sheet {s.sheet} (headings in row {s.header_row})" for s in lists)
    n = sum(len(s.records) for s in lists)
    problems = [p for s in lists for p in s.problems]
    generated = any("id" not in s.columns for s in lists)
    out = [
        f"{_TITLES[kind]}: imported by `landplan import-projects` from {workbook.name},",
        f"{where}: {n} records" + (f"; {len(problems)} rows not imported:" if problems else "."),
    ]
    out += [f"  {p}" for p in problems]
    if generated:
        out.append("The sheet has no 项目编号 column: ids were numbered in row order; add the column "
                   "to keep them when rows move.")  # fmt: skip
    out.append(
        "The sheet is the working document: change it and import again rather than edit here."
    )
    return out


def _update_towns(text: str, data: dict[str, Any], wb: Workbook, workbook: Path) -> tuple[str, int]:
    towns = [dict(t) for t in (data.get("towns") or []) if isinstance(t, dict)]
    by_code = {str(t.get("code")): t for t in towns}
    updated = 0
    for sheet in wb.of_kind("towns"):
        for rec in sheet.records:
            town = by_code.get(rec["town"])
            if town is None:
                continue
            updated += 1
            if "pilot" in sheet.columns:
                town["pilot"] = bool(rec.get("pilot", False))
            for bound in ("min", "max"):
                if bound in sheet.columns:
                    if rec.get(bound) is None:
                        town.pop(bound, None)
                    else:
                        town[bound] = rec[bound]
            if "credits_quantity" in sheet.columns or "credits_paddy" in sheet.columns:
                credits = {"quantity": rec.get("credits_quantity", 0) or 0,
                           "paddy": rec.get("credits_paddy", 0) or 0}  # fmt: skip
                if credits["quantity"] or credits["paddy"]:
                    town["farmland_credits"] = credits
                else:
                    town.pop("farmland_credits", None)
    order = ("code", "name", "pilot", "min", "max", "farmland_credits")
    towns = [{k: t[k] for k in order if k in t} | {k: v for k, v in t.items() if k not in order}
             for t in towns]  # fmt: skip
    sheets = ", ".join(s.sheet for s in wb.of_kind("towns"))
    comments = [
        f"{_TITLES['towns']}: codes and names from the towns layer; pilot, min, max and",
        f"farmland_credits imported by `landplan import-projects` from {workbook.name}, sheet {sheets}.",
        "pilot: 扩权强镇 pilot town. min / max: bounds on the land the town's projects get "
        f"({data.get('units') or 'mu'}).",
    ]
    problems = [p for s in wb.of_kind("towns") for p in s.problems]
    comments += [f"  not imported: {p}" for p in problems]
    block = yamltext.section("towns", towns, comments)
    return yamltext.replace_section(text, "towns", block, before="projects"), updated
