"""`landplan export-projects`: the bureau's own workbook back, with the allocation filled in.

The workbook is read again exactly as `import-projects` read it (same sheets, same heading
rows, same ids), and result columns are written to the right of each list: 安排面积,
其中计划指标, 其中挂钩指标, 安排占用耕地, 安排占用水田, 保障情况, 原因说明 for projects;
实施比例 and the credits used for linkage and reclamation; the land given for towns. A second
export of the same sheet fills the same columns again. Rows that could not be imported say so
in 保障情况, so every row of the sheet has an answer. Formatting, formulas and other sheets
stay as they were; the original file is not touched unless asked to be.
"""

from __future__ import annotations

import copy
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from landplan import i18n
from landplan.errors import Problem, RunFolderError, ScenarioError
from landplan.ingest import aliases as A
from landplan.ingest.aliases import normalise
from landplan.ingest.excel import SheetList, read_workbook
from landplan.ingest.importer import _aliases, _categories, _towns
from landplan.outputs import runformat as F
from landplan.outputs.escape import put_cell
from landplan.outputs.runformat import RunFile
from landplan.outputs.runread import check_rows, read_scenario_copy, read_summary, read_table
from landplan.scenario.load import read_scenario_data

AREA = "area"
# kind → (run table, its id column, [(column of the table, heading, is an area)])
RESULTS: dict[str, tuple[RunFile, str, list[tuple[str, str, bool]]]] = {
    "projects": (F.ALLOCATION, "project_id", [
        ("allocated", "安排面积", True), ("from_quota", "其中：计划指标", True),
        ("from_linkage", "其中：挂钩指标", True), ("farmland_taken", "安排占用耕地", True),
        ("paddy_taken", "安排占用水田", True), ("status", "保障情况", False),
        ("reason", "原因说明", False)]),
    "linkage": (F.LINKAGE, "id", [
        ("activated", "实施比例", False), ("credits_earned", "产生节余指标", True),
        ("credits_used", "使用节余指标", True)]),
    "reclamation": (F.RECLAMATION, "id", [
        ("activated", "实施比例", False), ("credits_earned", "新增补充耕地指标", True),
        ("credits_used", "使用补充耕地指标", True)]),
    "towns": (F.TOWNS, "code", [
        ("allocated", "安排面积", True), ("from_quota", "其中：计划指标", True),
        ("from_linkage", "其中：挂钩指标", True), ("farmland_taken", "占用耕地", True)]),
}  # fmt: skip
NOT_IMPORTED = "未导入"
NOT_IN_RUN = "未列入本次方案"
DISAGREES = "与本次方案不符"
# kind → [(field of the row read, column of the run table, is an area)]: a row is the run's
# project only when these agree, not only its id (ids P001.. follow the row order)
IDENTITY: dict[str, list[tuple[str, str, bool]]] = {
    "projects": [("name", "name", False), ("town", "town", False), ("area", "requested", True)],
    "linkage": [("name", "name", False), ("town", "town", False), ("reclaim", "reclaim", True)],
    "reclamation": [("name", "name", False), ("town", "town", False),
                    ("quantity", "quantity", True)],
}  # fmt: skip
AREA_TOLERANCE = 1e-3  # the run's tables round areas to 4 decimals


@dataclass
class ExportReport:
    workbook: Path
    out: Path
    rows: dict[str, int] = field(default_factory=dict)  # sheet → rows filled in
    not_imported: int = 0
    not_in_run: int = 0
    disagree: list[str] = field(default_factory=list)  # "sheet S, row R: what differs"
    formulas: int = 0  # formula cells of columns landplan reads, written as their values
    notes: list[str] = field(default_factory=list)
    policy: list[str] = field(default_factory=list)  # columns added for the scenario's fields

    def lines(self) -> list[str]:
        out = [f"note: {n}" for n in self.notes]
        out += [f"sheet {s}: {n} rows filled in" for s, n in self.rows.items()]
        if self.not_imported:
            out.append(f"{self.not_imported} rows were not imported and say so in 保障情况")
        if self.not_in_run:
            out.append(f"{self.not_in_run} rows are not in the run (imported since?)")
        if self.disagree:
            out.append(f"{len(self.disagree)} rows differ from the run and were not filled in "
                       f"(保障情况 says {DISAGREES}); import the workbook again and run:")  # fmt: skip
            out += [f"  not filled: {d}" for d in self.disagree]
        if self.policy:
            out.append("columns added for fields the scenario holds and the sheet did not: "
                       + ", ".join(self.policy))
        if self.formulas:
            out.append(f"{self.formulas} formula cells in columns landplan reads were written as "
                       "their values, so the workbook can be imported again")  # fmt: skip
        out.append(f"wrote {self.out}")
        return out


def export_projects(
    workbook: str | Path,
    run_folder: str | Path,
    out: str | Path | None = None,
    *,
    scenario: str | Path | None = None,
    force: bool = False,
) -> ExportReport:
    """Write `workbook` with the results of `run_folder` filled in to `out` (default: next to
    the workbook, `<name>_安排结果.xlsx`); refused if `out` exists, unless `force`."""
    from openpyxl import load_workbook

    workbook, run_folder = Path(workbook), Path(run_folder)
    summary = _summary(run_folder)
    notes: list[str] = []
    scenario = Path(scenario) if scenario else _scenario_of(summary, run_folder, notes)
    data, _ = read_scenario_data(scenario)
    units = summary.get("scenario", {}).get("units") or data.get("units") or "mu"
    parsed = read_workbook(workbook, _towns(data), units=units, aliases=_aliases(data, scenario),
                           categories=_categories(data, scenario))
    out = Path(out) if out else workbook.with_name(f"{workbook.stem}_安排结果.xlsx")
    if out.exists() and not force:
        raise RunFolderError(
            Problem(
                "already exists; nothing was written",
                file=str(out),
                hint="give another --out, or --force to replace it",
            )  # fmt: skip
        )
    wb = load_workbook(workbook)  # formulas kept as formulas
    cached = load_workbook(workbook, data_only=True)  # their values, as Excel last computed them
    report = ExportReport(workbook, out, notes=notes)
    unit = i18n.unit(units, "zh")
    results: list[tuple[SheetList, dict[str, dict], dict[int, str]]] = []
    for sheet in parsed.lists:
        run_table, id_col, _ = RESULTS[sheet.kind]
        table = read_table(run_folder, run_table)
        by_id = {str(r[id_col]): r for r in table.to_dict("records")}
        differs = _disagreements(sheet, by_id)
        _refuse_if_most_differ(workbook, run_folder, sheet, by_id, differs)
        results.append((sheet, by_id, differs))
    for sheet in parsed.lists:
        report.formulas += _formulas_as_values(wb[sheet.sheet], cached[sheet.sheet], sheet)
    for sheet, by_id, differs in results:
        if sheet.kind == "projects":
            report.policy += _fill_policy(wb[sheet.sheet], sheet, data.get("projects"), unit)
        fields = RESULTS[sheet.kind][2]
        report.rows[sheet.sheet] = _fill(wb[sheet.sheet], sheet, by_id, fields, unit, report,
                                         differs)  # fmt: skip
        report.disagree += [f"sheet {sheet.sheet}, row {r}: {d}" for r, d in differs.items()]
    if out.resolve() == workbook.resolve():
        shutil.copyfile(workbook, workbook.with_name(workbook.name + ".bak"))
    tmp = out.with_name(f".{out.name}.partial")
    try:
        wb.save(tmp)
        tmp.replace(out)
    except OSError as exc:
        if tmp.parent.is_dir():
            tmp.unlink(missing_ok=True)
        raise RunFolderError(
            Problem(
                f"cannot be written ({exc.strerror or type(exc).__name__}); nothing was written",
                file=str(out),
                hint="give --out in a folder that exists and that you may write to"
                if not out.parent.is_dir()
                else "close the workbook if it is open in Excel or WPS, or give another --out",
            )  # fmt: skip
        ) from None
    return report


def _formulas_as_values(ws, cached, sheet: SheetList) -> int:
    """Formulas in the data rows of the columns landplan reads (用地面积 `=D2*15`) become the
    values Excel computed: openpyxl cannot compute formulas and drops their computed values on
    saving, so the exported workbook would import as empty cells. Formulas elsewhere (合计
    rows, columns landplan does not read) stay formulas."""
    from openpyxl.cell.cell import MergedCell

    n = 0
    for row in sheet.rows:
        for col in sheet.columns.values():
            cell = ws.cell(row=row.row, column=col.index)
            if isinstance(cell, MergedCell) or cell.data_type != "f":
                continue
            value = cached.cell(row=row.row, column=col.index).value
            if value is not None:
                cell.value = value
                n += 1
    return n


def _disagreements(sheet: SheetList, by_id: dict[str, dict]) -> dict[int, str]:
    """Rows whose id is in the run but whose name, town or area is not the run's: row → what."""
    out: dict[int, str] = {}
    for row in sheet.rows:
        result = by_id.get(str(row.record["id"])) if row.record and "id" in row.record else None
        if result is None:
            continue
        diffs = []
        for mine, theirs, is_area in IDENTITY.get(sheet.kind, []):
            a, b = row.record.get(mine), result.get(theirs)
            if a is None or b is None or (isinstance(b, float) and b != b):
                continue
            if is_area:
                same = abs(float(a) - float(b)) <= AREA_TOLERANCE + 1e-6 * abs(float(b))
            else:
                same = str(a).strip() == str(b).strip()
            if not same:
                diffs.append(f"{mine} {a!r} in the sheet, {b!r} in the run")
        if diffs:
            out[row.row] = f"{row.record['id']}: " + "; ".join(diffs)
    return out


def _refuse_if_most_differ(workbook: Path, run_folder: Path, sheet: SheetList,
                           by_id: dict[str, dict], differs: dict[int, str]) -> None:  # fmt: skip
    """When most rows of a list are not the run's, the run was made from another list."""
    compared = sum(1 for r in sheet.rows if r.record and str(r.record.get("id")) in by_id)
    if not differs or len(differs) * 2 <= compared:
        return
    first = "; ".join(f"row {r}: {d}" for r, d in list(differs.items())[:3])
    raise RunFolderError(
        Problem(
            f"{len(differs)} of {compared} rows differ from the run {run_folder} "
            f"(its {RESULTS[sheet.kind][0].name}), e.g. {first}: the run was not made from this "
            "list; nothing was written",
            file=str(workbook),
            record=f"sheet {sheet.sheet}",
            hint="give the run made from this workbook, or import it again "
            "(landplan import-projects) and run",
        )  # fmt: skip
    )


def _summary(run_folder: Path) -> dict[str, Any]:
    summary = read_summary(run_folder)
    if summary["status"] != "optimal":
        raise RunFolderError(
            Problem(
                f"holds a run with status `{summary['status']}`: there is no allocation to "
                "write back",
                file=str(run_folder),
                hint="give the folder of a run that found an allocation",
            )  # fmt: skip
        )
    check_rows(run_folder, summary, read_table(run_folder, F.ALLOCATION))
    return summary


def _scenario_of(summary: dict[str, Any], run_folder: Path, notes: list[str]) -> Path:
    """The run's scenario, for its towns and headings: the original file while it is still the
    one the run read (its sha256 in summary.json's `inputs`), else the copy the run folder
    keeps (scenario.yaml), with a note saying why."""
    file = (summary.get("scenario") or {}).get("file")
    original = Path(file) if file else None
    copy = run_folder / F.SCENARIO.name
    if original is not None and original.is_file():
        then = (summary.get("inputs") or {}).get(original.name)
        if then is None or not copy.is_file() or _sha256(original) == then:
            return original
        why = "changed since this run"
    elif copy.is_file():
        why = "is no longer where it was" + (f" ({file})" if file else "")
    else:
        raise ScenarioError(
            Problem(
                "the scenario of this run is no longer where it was"
                + (f" ({file})" if file else "")
                + f", and the run folder keeps no copy ({F.SCENARIO.name})",
                file=str(run_folder),
                hint="give it with --scenario: it holds the towns and headings the import used",
            )  # fmt: skip
        )
    read_scenario_copy(run_folder)  # a copy that no longer reads is damage to the run
    notes.append(f"the scenario file {why}: using the copy kept in the run folder ({copy})")
    return copy


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fill(ws, sheet: SheetList, by_id: dict[str, dict], fields: list[tuple[str, str, bool]],
          unit: str, report: ExportReport, differs: dict[int, str]) -> int:  # fmt: skip
    header = sheet.header_row
    columns = {}
    next_col = max(sheet.last_column, _last_used(ws, header)) + 1
    for name, heading, is_area in fields:
        text = f"{heading}（{unit}）" if is_area else heading
        existing = _find_heading(ws, header, text)
        if existing is None:
            existing = next_col
            next_col += 1
            cell = ws.cell(row=header, column=existing, value=text)
            _copy_style(ws.cell(row=header, column=max(1, sheet.last_column)), cell)
        columns[name] = existing
    key = "town" if sheet.kind == "towns" else "id"
    filled = 0
    status_col = "status" if "status" in columns else None
    sums: dict[str, float] = {}
    for row in sheet.rows:
        if row.record is None:
            report.not_imported += 1
            if status_col:
                put_cell(ws, row.row, columns["status"], NOT_IMPORTED)
                put_cell(ws, row.row, columns["reason"], _why(row.problems))
            continue
        result = by_id.get(str(row.record[key]))
        if row.row in differs:
            for col in columns.values():
                ws.cell(row=row.row, column=col, value=None)
            if status_col:
                put_cell(ws, row.row, columns["status"], DISAGREES)
                put_cell(ws, row.row, columns["reason"], differs[row.row])
            continue
        if result is None:
            report.not_in_run += 1
            if status_col:
                ws.cell(row=row.row, column=columns["status"], value=NOT_IN_RUN)
            continue
        filled += 1
        for name, col in columns.items():
            value = _cell_value(name, result.get(name))
            put_cell(ws, row.row, col, value)
            if isinstance(value, float | int) and not isinstance(value, bool):
                sums[name] = sums.get(name, 0.0) + value
    for r in sheet.totals:
        for name, total in sums.items():
            if name != "activated":
                ws.cell(row=r, column=columns[name], value=round(total, 4))
    return filled


# fields of a project that the scenario may hold and a bureau's sheet seldom has: written into
# the sheet with the allocation so that importing it again keeps them (aliases.py reads them)
POLICY_FIELDS = (("min_area", "最小供地面积", True), ("cost", "征地补偿（元）", False),
                 ("requires", "前置项目", False), ("excludes", "互斥项目", False),
                 ("tags", "项目标签", False))  # fmt: skip


def _fill_policy(ws, sheet: SheetList, projects: Any, unit: str) -> list[str]:
    """Columns for the project fields the scenario holds that the sheet has no column for
    (min_area, cost, links, tags, one per attribute), filled in from the scenario's records
    of the rows that are its projects (same id; same name too where the sheet numbers its
    rows); the headings added."""
    by_id = {str(p["id"]): p for p in projects or [] if isinstance(p, dict) and "id" in p}
    mine = {}
    for row in sheet.rows:
        if row.record is None:
            continue
        p = by_id.get(str(row.record["id"]))
        if p is not None and ("id" in sheet.columns or p.get("name") == row.record.get("name")):
            mine[row.row] = p
    wanted = [(f, f"{h}（{unit}）" if is_area else h) for f, h, is_area in POLICY_FIELDS]
    names = dict.fromkeys(k for p in mine.values() for k in (p.get("attributes") or {}))
    wanted += [(f"attributes.{k}", f"{A.ATTRIBUTE}：{k}") for k in names]
    added = []
    next_col = max(sheet.last_column, _last_used(ws, sheet.header_row)) + 1
    for name, heading in wanted:
        values = {r: _policy_value(p, name) for r, p in mine.items()}
        if name in sheet.columns or all(v is None for v in values.values()):
            continue
        col = _find_heading(ws, sheet.header_row, heading)
        if col is None:
            col, next_col = next_col, next_col + 1
            cell = ws.cell(row=sheet.header_row, column=col, value=heading)
            _copy_style(ws.cell(row=sheet.header_row, column=max(1, sheet.last_column)), cell)
        for r, value in values.items():
            put_cell(ws, r, col, value)
        added.append(heading)
    return added


def _policy_value(project: dict, name: str) -> Any:
    if name.startswith("attributes."):
        return (project.get("attributes") or {}).get(name.removeprefix("attributes."))
    value = project.get(name)
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or None
    return value


def _why(problems: list) -> str:
    parts = []
    for p in problems:
        heading = p.column.split(" ", 1)[-1].strip("()") if p.column else ""
        value = f"{p.value!r} " if p.value is not None else ""
        parts.append(f"{heading}: {value}{p.why}" if heading else f"{value}{p.why}")
    return "; ".join(parts)


def _cell_value(name: str, value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if name == "status":
        return i18n.word(i18n.STATUS, str(value), "zh")
    if isinstance(value, float):
        return round(value, 4)
    return value


def _find_heading(ws, header: int, text: str) -> int | None:
    want = normalise(text)
    for cell in ws[header]:
        if cell.value is not None and normalise(cell.value) == want:
            return cell.column
    return None


def _last_used(ws, header: int) -> int:
    last = 0
    for cell in ws[header]:
        if cell.value is not None:
            last = cell.column
    return last


def _copy_style(src, dst) -> None:
    if src.has_style:
        dst.font = copy.copy(src.font)
        dst.fill = copy.copy(src.fill)
        dst.border = copy.copy(src.border)
        dst.alignment = copy.copy(src.alignment)


__all__ = ["ExportReport", "export_projects"]
