"""Read the bureau's lists from a workbook: projects, linkage, reclamation and town figures.

Each sheet is recognised by its headings (the alias table in aliases.py) and its name; the
heading row may sit under a title row. Every cell that cannot be read becomes a RowProblem
naming the sheet, the row and column as Excel shows them, the value and why; such a row is
left out and reported, never silently dropped. A missing required column stops the import
before anything is written.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from landplan.errors import Problem, ScenarioError
from landplan.ingest import aliases as A
from landplan.ingest.towns import TownIndex, code_text
from landplan.scenario.schema import Linkage, Project, Reclamation

_HEADER_SCAN = 20  # rows looked at for the heading row
_MODELS = {"projects": Project, "linkage": Linkage, "reclamation": Reclamation}
_ID_PREFIX = {"projects": "P", "linkage": "L", "reclamation": "R"}
KIND_LABEL = {"projects": "项目清单 projects", "linkage": "增减挂钩 linkage",
              "reclamation": "补充耕地 reclamation", "towns": "乡镇 towns"}  # fmt: skip


class SheetError(ScenarioError):
    """A list cannot be imported as it stands (a required column is missing, a unit unknown)."""

    title = "The list cannot be imported"


@dataclass(frozen=True)
class RowProblem:
    """A cell that cannot be read: where it is, what it holds, and why."""

    file: str
    sheet: str
    row: int
    column: str | None
    value: Any
    why: str

    def __str__(self) -> str:
        where = f"sheet {self.sheet}, row {self.row}" + (
            f", column {self.column}" if self.column else ""
        )
        value = "" if self.value is None else f" {self.value!r}"
        return f"{where}:{value} {self.why}"

    def problem(self) -> Problem:
        return Problem(
            (f"{self.value!r} " if self.value is not None else "") + self.why,
            file=self.file,
            record=f"sheet {self.sheet} row {self.row}",
            field=self.column,
        )


@dataclass
class ListRow:
    """One data row: its record when it could be read, else its problems."""

    row: int
    record: dict[str, Any] | None
    problems: list[RowProblem] = field(default_factory=list)


@dataclass
class HeadedColumn:
    """A column of the sheet matched to a field: where, its heading, the unit it is in."""

    field: str
    kind: str
    index: int  # 1-based, as openpyxl counts
    heading: str
    factor: float = 1.0
    unit_note: str | None = None
    categories: dict[str, str] | None = None  # the scenario's category_aliases (category columns)

    @property
    def letter(self) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(self.index)

    @property
    def label(self) -> str:
        return f"{self.letter} ({self.heading})"


@dataclass
class SheetList:
    """A sheet recognised as one kind of list, with its rows read."""

    file: Path
    sheet: str
    kind: str
    header_row: int
    columns: dict[str, HeadedColumn]
    headings: list[str]
    rows: list[ListRow] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)  # rows of 合计 / 小计
    notes: list[str] = field(default_factory=list)

    @property
    def records(self) -> list[dict[str, Any]]:
        return [r.record for r in self.rows if r.record is not None]

    @property
    def problems(self) -> list[RowProblem]:
        return [p for r in self.rows for p in r.problems]

    @property
    def last_column(self) -> int:
        return len(self.headings)


@dataclass
class Workbook:
    """Every list found in a workbook, and the sheets passed over with the reason."""

    path: Path
    lists: list[SheetList]
    ignored: list[tuple[str, str]] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[SheetList]:
        return [s for s in self.lists if s.kind == kind]


def read_workbook(
    path: str | Path,
    towns: dict[str, str],
    *,
    units: str = "mu",
    aliases: dict[str, list[str]] | None = None,
    sheets: list[str] | None = None,
    categories: dict[str, str] | None = None,
) -> Workbook:
    """Read every recognised list of a workbook; SheetError when a list lacks a required column.
    `aliases` and `categories` are the scenario's `project_aliases` and `category_aliases`."""
    path = Path(path)
    wb = _open(path)
    index = TownIndex(towns)
    lists, ignored, problems = [], [], []
    ids: dict[str, int] = {}
    names = [ws.title for ws in wb.worksheets]
    if sheets:
        for s in sheets:
            if s not in names:
                close = difflib.get_close_matches(s, names, n=1, cutoff=0.4)
                problems.append(Problem(f"has no sheet `{s}`", file=str(path),
                                        hint=(f"did you mean `{close[0]}`? " if close else "")
                                        + f"sheets: {', '.join(names)}"))  # fmt: skip
    for ws in wb.worksheets:
        if sheets and ws.title not in sheets:
            continue
        rows, spans = _cells(ws)
        found = _classify(ws.title, rows, aliases)
        if found is None:
            ignored.append((ws.title, "no list recognised by its headings"))
            continue
        kind, header_row = found
        _two_row_heading(rows, header_row, spans)
        sheet, sheet_problems = _headed(path, ws.title, kind, header_row, rows, aliases, units)
        for col in sheet.columns.values():
            if col.kind == A.CATEGORY:
                col.categories = categories
        if sheet_problems:
            problems.extend(sheet_problems)
            continue
        _read_rows(sheet, rows, index, ids)
        lists.append(sheet)
    if problems:
        raise SheetError(problems)
    return Workbook(path, lists, ignored)


def _open(path: Path):
    from openpyxl import load_workbook

    if not path.is_file():
        raise SheetError(Problem("no such workbook", file=str(path), hint="check the path"))
    if path.suffix.lower() == ".xls":
        raise SheetError(
            Problem(
                "is in the old Excel format (.xls)",
                file=str(path),
                hint="open it in Excel or WPS and save it as .xlsx",
            )  # fmt: skip
        )
    try:
        return load_workbook(path, data_only=True, read_only=False)
    except Exception as exc:  # noqa: BLE001 - any reader error: not a workbook we can read
        raise SheetError(
            Problem(
                f"cannot be read as an Excel workbook ({type(exc).__name__}: {exc})",
                file=str(path),
                hint="save it from Excel or WPS as .xlsx",
            )  # fmt: skip
        ) from None


# --- cells: merged ranges and two-row headings ---------------------------------------------


def _cells(ws) -> tuple[list[list], list[tuple[int, int, int]]]:
    """The sheet's values with every cell of a merged range holding the range's value (a
    所在乡镇 merged down a group of rows names the town of each), and the merged ranges that
    span columns of one row: (row, first column, last column), 1-based."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    spans = []
    for rng in ws.merged_cells.ranges:
        top = rows[rng.min_row - 1][rng.min_col - 1] if rng.min_row <= len(rows) else None
        for r in range(rng.min_row, min(rng.max_row, len(rows)) + 1):
            row = rows[r - 1]
            row.extend([None] * (rng.max_col - len(row)))
            for c in range(rng.min_col, rng.max_col + 1):
                row[c - 1] = top
        if rng.min_row == rng.max_row and rng.max_col > rng.min_col:
            spans.append((rng.min_row, rng.min_col, rng.max_col))
    return rows, spans


_GROUP_TOTAL = {"合计", "小计", "总计", "计", "总面积", "面积"}


def _two_row_heading(rows: list[list], header_row: int, spans: list[tuple[int, int, int]]) -> None:
    """A heading over a group of columns with the columns' own headings in the row below
    (用地面积（亩） over 合计 / 其中：耕地 / 其中：水田) becomes one heading per column, in the
    heading row: 用地面积（亩）, 其中：耕地（亩）, 其中：水田（亩）; the row below is emptied so
    that it is not read as a project (ids P001.. stay those of the data rows)."""
    groups = [(c0, c1) for r, c0, c1 in spans if r == header_row]
    if not groups or header_row >= len(rows):
        return
    top, below = rows[header_row - 1], rows[header_row]
    if not any(below[c - 1] is not None for c0, c1 in groups for c in range(c0, c1 + 1)
               if c <= len(below)):  # fmt: skip
        return
    for c0, c1 in groups:
        group = top[c0 - 1]
        _, unit = A.normalise(group)
        for c in range(c0, min(c1, len(below)) + 1):
            sub = below[c - 1]
            base, sub_unit = A.normalise(sub)
            if not base or base in _GROUP_TOTAL:
                top[c - 1] = group
            else:
                top[c - 1] = f"{sub}（{unit}）" if unit and not sub_unit else str(sub)
    rows[header_row] = [None] * len(below)


# --- recognising a sheet -------------------------------------------------------------------


def _match(heading: object, columns: tuple[A.Column, ...]) -> A.Column | None:
    base, _ = A.normalise(heading)
    if not base:
        return None
    for col in columns:
        if base == col.field.lower() or any(base == A.normalise(h)[0] for h in col.headings):
            return col
    return None


def _classify(
    title: str, rows: list[tuple], aliases: dict[str, list[str]] | None
) -> tuple[str, int] | None:
    """The kind of list and its heading row (1-based), or None for a sheet that is no list."""
    best: tuple[float, str, int] | None = None
    for r, values in enumerate(rows[:_HEADER_SCAN], start=1):
        for kind in A.TABLES:
            cols = A.columns_for(kind, aliases)
            matched = {c.field for v in values if (c := _match(v, cols))}
            score = float(len(matched))
            key = A.KEY_FIELDS.get(kind)
            if key is not None:
                if key in matched:
                    score += 3
                elif any(k in matched for k in A.KEY_FIELDS.values()):
                    continue
            elif not matched & {"pilot", "min", "max", "credits_quantity"} or matched & {
                "name",
                "area",
            }:
                continue
            if any(h in title for h in A.SHEET_NAME_HINTS[kind]):
                score += 2
            if len(matched) >= 2 and score >= 4 and (best is None or score > best[0]):
                best = (score, kind, r)
    return (best[1], best[2]) if best else None


def _headed(
    path: Path, title: str, kind: str, header_row: int, rows: list[tuple],
    aliases: dict[str, list[str]] | None, units: str,
) -> tuple[SheetList, list[Problem]]:  # fmt: skip
    """Match the heading row's cells to fields; missing required columns are problems."""
    cols = A.columns_for(kind, aliases)
    headings = [re.sub(r"\s+", " ", str(v)).strip() if v is not None else ""
                for v in rows[header_row - 1]]  # fmt: skip
    columns: dict[str, HeadedColumn] = {}
    problems: list[Problem] = []
    for i, heading in enumerate(headings, start=1):
        col = _match(heading, cols) or (_attribute(heading) if kind == "projects" else None)
        if col is None or col.field in columns:
            continue
        factor, note, unit_problem = _unit(col, heading, units)
        hc = HeadedColumn(col.field, col.kind, i, heading, factor, note)
        if unit_problem:
            problems.append(Problem(unit_problem, file=str(path),
                                    record=f"sheet {title} row {header_row}", field=hc.label))  # fmt: skip
        columns[col.field] = hc
    for col in cols:
        if (
            col.required
            and col.field not in columns
            and not (col.field == "town" and "town_code" in columns)
        ):
            problems.append(_missing_column(path, title, kind, header_row, col, headings, aliases))
    sheet = SheetList(path, title, kind, header_row, columns, headings)
    sheet.notes += [c.unit_note for c in columns.values() if c.unit_note]
    return sheet, problems


def _attribute(heading: str) -> A.Column | None:
    """`属性：water`: a column of the projects' `attributes` (the name after the colon, as
    written)."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", heading))
    m = re.fullmatch(rf"{A.ATTRIBUTE}[:.](.+)", text)
    if m is None:
        return None
    return A.Column(f"attributes.{m.group(1)}", A.NUMBER, (), label=heading)


def _missing_column(
    path: Path, title: str, kind: str, header_row: int, col: A.Column, headings: list[str],
    aliases: dict[str, list[str]] | None,
) -> Problem:  # fmt: skip
    present = [h for h in headings if h]
    normal = {A.normalise(h)[0]: h for h in present}
    close = difflib.get_close_matches(
        A.normalise(col.headings[0])[0], list(normal), n=1, cutoff=0.4
    )
    key = col.field if kind == "projects" else f"{kind}.{col.field}"
    hint = f"did you mean `{normal[close[0]]}`? " if close else ""
    hint += (
        f"name a column {col.headings[0]}"
        + (f"({'亩' if col.kind == A.AREA else '万元'})" if col.kind in (A.AREA, A.WAN) else "")
        + f", or add the heading the sheet uses to `project_aliases.{key}` in the scenario; "
        f"headings in row {header_row}: {', '.join(present)}"
    )
    return Problem(
        f"has no column for {col.label} (`{col.field}`), which a {KIND_LABEL[kind]} list needs",
        file=str(path),
        record=f"sheet {title}",
        hint=hint,
    )


def _unit(col: A.Column, heading: str, units: str) -> tuple[float, str | None, str | None]:
    """The factor from the column's unit to the scenario's; a note when assumed; a problem."""
    _, unit = A.normalise(heading)
    unit = (unit or "").lower() or None
    if col.kind == A.AREA:
        if unit is None:
            return (
                1.0,
                f"`{heading}` has no unit: read as {'亩' if units == 'mu' else '公顷'}",
                None,
            )
        if unit not in A.AREA_UNITS:
            return (
                1.0,
                None,
                f"the unit `{unit}` of `{heading}` is not an area unit: use 亩, 公顷 or 平方米",
            )
        u = A.AREA_UNITS[unit][0]
        return (1.0 if u == units else A.M2_PER[u] / A.M2_PER[units]), None, None
    if col.kind in (A.WAN, A.YUAN):
        base = 1e4 if col.kind == A.WAN else 1.0
        if unit is None:
            return (
                1.0,
                f"`{heading}` has no unit: read as {'万元' if col.kind == A.WAN else '元'}",
                None,
            )
        if unit not in A.MONEY_UNITS:
            return (
                1.0,
                None,
                f"the unit `{unit}` of `{heading}` is not a unit of money: use 万元 or 元",
            )
        return A.MONEY_UNITS[unit] / base, None, None
    if col.kind == A.SHARE and unit == "%":
        return 0.01, None, None
    return 1.0, None, None


# --- reading rows --------------------------------------------------------------------------


def _read_rows(sheet: SheetList, rows: list[tuple], towns: TownIndex, ids: dict[str, int]) -> None:
    n = ids.get(sheet.kind, 0)
    for r in range(sheet.header_row + 1, len(rows) + 1):
        values = rows[r - 1]
        if all(code_text(v) is None for v in values):
            continue
        if _is_total(values, sheet):
            sheet.totals.append(r)
            continue
        n += 1
        sheet.rows.append(_read_row(sheet, r, values, towns, n))
    ids[sheet.kind] = n


def _is_total(values: tuple, sheet: SheetList) -> bool:
    for col in ("name", "town", "id"):
        c = sheet.columns.get(col)
        text = code_text(values[c.index - 1]) if c and c.index <= len(values) else None
        if text and re.sub(r"\s+", "", text).lower() in A.TOTAL_WORDS:
            return True
    first = [code_text(v) for v in values[:3]]
    return any(t and re.sub(r"\s+", "", t).lower() in A.TOTAL_WORDS for t in first)


def _read_row(sheet: SheetList, r: int, values: tuple, towns: TownIndex, n: int) -> ListRow:
    problems: list[RowProblem] = []
    record: dict[str, Any] = {}

    def bad(col: HeadedColumn | None, value: Any, why: str) -> None:
        problems.append(RowProblem(str(sheet.file.name), sheet.sheet, r,
                                   col.label if col else None, value, why))  # fmt: skip

    cells = {f: (c, values[c.index - 1] if c.index <= len(values) else None)
             for f, c in sheet.columns.items()}  # fmt: skip
    for fname, (col, value) in cells.items():
        if fname in ("town", "town_code"):
            continue
        try:
            parsed = read_cell(col, value)
        except ValueError as exc:
            bad(col, value, str(exc))
            continue
        if parsed is None:
            continue
        if fname.startswith("attributes."):
            record.setdefault("attributes", {})[fname.removeprefix("attributes.")] = parsed
        else:
            record[fname] = parsed
    town = _town(cells, towns)
    if isinstance(town, tuple):
        bad(*town)
    elif town is not None:
        record["town"] = town
    required = [c for c in A.TABLES[sheet.kind] if c.required and c.field != "town"]
    for c in required:
        if c.field not in record and not any(p.column == _label(sheet, c.field) for p in problems):
            col = sheet.columns.get(c.field)
            bad(col, None, "is empty: a value is required")
    if sheet.kind in _MODELS and not problems:
        record.setdefault("id", f"{_ID_PREFIX[sheet.kind]}{n:03d}")
        problems += _model_problems(sheet, r, record)
    if sheet.kind == "towns" and not problems and "town" not in record:
        bad(None, None, "names no town")
    return ListRow(r, None if problems else record, problems)


def _label(sheet: SheetList, fname: str) -> str | None:
    c = sheet.columns.get(fname)
    return c.label if c else None


def _town(cells: dict, towns: TownIndex) -> str | tuple | None:
    """The town code of a row, from its code column first, else its name column."""
    code_col, code_val = cells.get("town_code", (None, None))
    name_col, name_val = cells.get("town", (None, None))
    if code_col is not None and code_text(code_val) is not None:
        m = towns.match(code_val)
        return m.code if m.code else (code_col, code_val, m.why)
    if name_col is not None:
        if code_text(name_val) is None:
            return (name_col, None, "is empty: which town is it in?")
        m = towns.match(name_val)
        return m.code if m.code else (name_col, name_val, m.why)
    return None


def _model_problems(sheet: SheetList, r: int, record: dict[str, Any]) -> list[RowProblem]:
    """What the scenario contract says about the row (farmland more than area, ...)."""
    try:
        _MODELS[sheet.kind].model_validate(record)
    except ValidationError as exc:
        out = []
        for err in exc.errors():
            loc = [str(x) for x in err.get("loc", ())]
            msg = err.get("msg", "is invalid").replace("Value error, ", "")
            named = [f for f in re.findall(r"`(\w+)`", msg) if f in sheet.columns]
            fname = loc[0] if loc else (named[0] if named else None)
            col = sheet.columns.get(fname) if fname else None
            msg = msg.replace("Input should be", "must be")
            value = None if named or fname is None else record.get(fname)
            out.append(RowProblem(sheet.file.name, sheet.sheet, r, col.label if col else None,
                                  value, msg))  # fmt: skip
        return out
    return []


def read_cell(col: HeadedColumn, value: Any) -> Any:
    """A cell's value as the field wants it; ValueError says why it cannot be read."""
    text = code_text(value)
    if col.kind == A.TEXT:  # names stay as written: （2号地块） keeps its full-width brackets
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip() or None if value is not None else None
    if col.kind == A.FLAG:
        return _flag(value, text)
    if col.kind == A.CATEGORY:
        return None if text is None else category(text, col.categories)
    if col.kind == A.WORDS:
        words = [w for w in re.split(A.LIST_SEPARATORS, text or "") if w]
        return words or None
    if text is None:
        return None
    if col.kind == A.SHARE:
        return _share(value, text, col.factor)
    number = _number(value, text, col)
    if number < 0:
        raise ValueError("is negative: areas, money and counts are 0 or more")
    if col.kind == A.NUMBER:
        return _tidy(number)
    return _tidy(number * col.factor)


def _number(value: Any, text: str, col: HeadedColumn) -> float:
    if isinstance(value, bool):
        raise ValueError("is not a number")
    if isinstance(value, (int, float)):
        return float(value)
    s = text.replace(",", "").replace(" ", "")
    m = re.fullmatch(r"([-+]?(?:\d+\.?\d*|\.\d+))([^\d]*)", s)
    if not m:
        raise ValueError("is not a number")
    unit = m.group(2).lower()
    if unit:
        allowed = {A.AREA: A.AREA_UNITS, A.WAN: A.MONEY_UNITS, A.YUAN: A.MONEY_UNITS,
                   A.NUMBER: A.COUNT_UNITS}.get(col.kind, {})  # fmt: skip
        if unit not in allowed:
            raise ValueError(f"is not a number (what is `{unit}`?)")
        if col.kind == A.AREA and A.AREA_UNITS[unit][0] != _column_area_unit(col):
            raise ValueError(f"is in {unit}, not in the unit of the column heading: convert it")
        if col.kind in (A.WAN, A.YUAN) and unit != (_money_unit(col) or unit):
            raise ValueError(f"is in {unit}, not in the unit of the column heading: convert it")
    return float(m.group(1))


def _column_area_unit(col: HeadedColumn) -> str:
    _, unit = A.normalise(col.heading)
    return A.AREA_UNITS.get((unit or "亩").lower(), ("mu", 1.0))[0]


def _money_unit(col: HeadedColumn) -> str | None:
    _, unit = A.normalise(col.heading)
    return unit or ("万元" if col.kind == A.WAN else "元")


def _share(value: Any, text: str, factor: float) -> float:
    s = text.replace(" ", "")
    if s in ("整体供地", "不可分割", "全部", "整体"):
        return 1.0
    if s.endswith("%"):
        return _tidy(float(_plain_number(s[:-1])) / 100)
    number = float(value) if isinstance(value, (int, float)) else _plain_number(s)
    number *= factor
    if number > 1:
        raise ValueError("is more than 1: write a share such as 0.5 or 50%")
    if number < 0:
        raise ValueError("is negative: a share is between 0 and 1")
    return _tidy(number)


def _plain_number(s: str) -> float:
    try:
        return float(s)
    except ValueError:
        raise ValueError("is not a share (0 to 1, or a percentage such as 50%)") from None


def _flag(value: Any, text: str | None) -> bool | None:
    if text is None:
        return None
    if isinstance(value, bool):
        return value
    s = unicodedata.normalize("NFKC", text).strip().lower()
    if s in A.YES:
        return True
    if s in A.NO:
        return False
    raise ValueError("is not 是 or 否")


def category(text: str, extra: dict[str, str] | None = None) -> str:
    """A project type word (工业, 民生项目, 商服 ...) as a scenario category; `extra` is the
    scenario's `category_aliases` ({word: category}), looked at first. A word not known says
    which known words are closest."""
    candidates = {_word(text), _word(text, stem=True)}
    tables = [(cat, (w,)) for w, cat in (extra or {}).items()]
    tables += list(A.CATEGORY_WORDS.items())
    known: dict[str, str] = {}
    for cat, words in tables:
        for w in words:
            if candidates & {_word(w), _word(w, stem=True)}:
                return cat
            known.setdefault(w, cat)
    stems: dict[str, str] = {}  # compared without 用地 / 项目 / 类, which every word may end in
    for w in known:
        if not w.isascii():
            stems.setdefault(_word(w, stem=True), w)
    mine = _word(text, stem=True) or _word(text)
    close = [stems[c] for c in difflib.get_close_matches(mine, list(stems), n=3, cutoff=0.5)]
    hint = "; closest: " + ", ".join(f"{w} ({known[w]})" for w in close[:3]) if close else ""
    raise ValueError(
        f"is not a project type landplan knows{hint}: use 重点项目, 民生项目, 基础设施, 工业, 商服 "
        "or 住宅, or add the word to `category_aliases` in the scenario "
        "(docs/bureau-data.md lists the words understood)"
    )


def _word(text: str, *, stem: bool = False) -> str:
    """A project type word as compared: NFKC, no spaces, lower case; `stem`: without a
    trailing 用地, 项目 or 类."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()
    return re.sub(r"(用地|项目|类)$", "", s) if stem else s


def _tidy(x: float) -> float | int:
    """Whole numbers as int, others rounded to 6 decimals (unit conversion leaves dust)."""
    x = round(float(x), 6)
    return int(x) if x.is_integer() and abs(x) < 1e15 else x
