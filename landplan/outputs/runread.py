"""Reading a finished run folder back, every file checked as it is read.

A run folder is written whole or not at all (runfolder.py), but it can be damaged afterwards: a
copy cut off, a file emptied, edited by hand or deleted. `landplan map`, `figures`, `report`,
`compare` and `export-projects` read run folders only through here, each file checked against
its declaration (runformat.py: its columns and their kinds, summary.json's keys and types), so
a damaged file is a DamagedRunError (exit 10) that names the file and what is wrong with it,
never a traceback. `read_run` reads every declared file of a folder.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from landplan.errors import DamagedRunError, Problem, RunFolderError
from landplan.outputs import runformat as F
from landplan.outputs.escape import read_csv
from landplan.outputs.runformat import RunFile

RUN_AGAIN = ("files of a run folder are written by `landplan run` and are not edited by hand: "
             "run the scenario again for a whole run folder")
_SHOWN = 60  # characters of a bad value shown in a message


def damaged(path: Path, message: str, *, field: str | None = None, record: str | None = None,
            hint: str = RUN_AGAIN) -> DamagedRunError:
    """The error for one damaged file of a run folder, with the remedy."""
    return DamagedRunError(Problem(message, file=str(path), field=field, record=record,
                                   hint=hint))


# --- summary.json -------------------------------------------------------------------------


def read_summary(folder: Path) -> dict:
    """summary.json as a dict, checked to hold what the readers use, with its types."""
    path = Path(folder) / F.SUMMARY.name
    if not path.is_file():
        raise RunFolderError(Problem(f"is not a run folder (no {F.SUMMARY.name})",
                                     file=str(folder),
                                     hint="give the folder `landplan run` printed, e.g. "
                                     "runs/demo-20260520-101010"))
    data = read_json(path)
    if not isinstance(data, dict):
        raise damaged(path, f"holds a JSON {type(data).__name__}, not the run's summary (an object)")
    try:
        F.Summary.model_validate(data)
    except ValidationError as exc:
        raise DamagedRunError([_type_problem(path, e) for e in exc.errors()[:5]]) from None
    return data


def _type_problem(path: Path, error: dict) -> Problem:
    field = ".".join(str(x) for x in error["loc"])
    if error["type"] == "missing":
        return Problem("is missing", file=str(path), field=field, hint=RUN_AGAIN)
    found = json.dumps(error.get("input"), ensure_ascii=False, default=str)
    if len(found) > _SHOWN:
        found = found[:_SHOWN] + "…"
    return Problem(f"{error['msg'].lower()}, found {found}", file=str(path), field=field,
                   hint=RUN_AGAIN)


def read_json(path: Path):
    """A JSON file of a run folder: missing, empty, cut off or not JSON is damage."""
    text = read_text(path)
    if not text.strip():
        raise damaged(path, "is empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        cut = text.lstrip().startswith("{") and not text.rstrip().endswith("}")
        what = "is cut off" if cut else "is not valid JSON"
        raise damaged(path, f"{what} (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None


def read_text(path: Path) -> str:
    """A text file of a run folder, as UTF-8."""
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise damaged(path, "is missing") from None
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            raise damaged(path, "is cut off (it ends in the middle of a character)") from None
        raise damaged(path, f"is not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise damaged(path, f"cannot be read ({exc.strerror or type(exc).__name__})") from None


# --- the CSV tables -----------------------------------------------------------------------

_TRUE_FALSE = {"true", "false", "1", "0", "1.0", "0.0"}


def read_table(folder: Path, table: RunFile, *, optional: bool = False) -> pd.DataFrame | None:
    """A table of a run folder, its declared columns checked (runformat); None for an
    optional table that is absent (or, where the declaration says so, empty: marginal.csv of a
    run without marginal values)."""
    path = Path(folder) / table.name
    if optional and not path.exists():
        return None
    text = read_text(path)
    if not text.strip():
        if optional and table.empty_is_none:
            return None
        raise damaged(path, "is empty")
    if not text.endswith("\n"):
        raise damaged(path, "is cut off (its last line is incomplete)")
    try:
        df = read_csv(io.StringIO(text), dtype=table.text_columns(), keep_default_na=False,
                      na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise damaged(path, f"cannot be read as a table ({reason})") from None
    _check_columns(path, df, table)
    return df


def _check_columns(path: Path, df: pd.DataFrame, table: RunFile) -> None:
    missing = [c.name for c in table.columns if c.required and c.name not in df.columns]
    if missing:
        raise damaged(path, "has no column " + ", ".join(f"`{c}`" for c in missing))
    for col in (c for c in table.columns if c.name in df.columns):
        if col.kind == "number":
            values = pd.to_numeric(df[col.name], errors="coerce")
            bad = df[col.name].notna() & values.isna()
            if bad.any():
                raise _bad_value(path, df, col.name, bad, "is not a number")
            df[col.name] = values
        elif col.kind == "flag":
            bad = ~df[col.name].astype(str).str.strip().str.lower().isin(_TRUE_FALSE)
            if bad.any():
                raise _bad_value(path, df, col.name, bad, "is not True or False")
        if col.values:
            bad = ~df[col.name].isin(col.values)
            if bad.any():
                raise _bad_value(path, df, col.name, bad,
                                 "is not one of " + ", ".join(col.values))


def _bad_value(path: Path, df: pd.DataFrame, col: str, bad: pd.Series, what: str):
    i = int(bad.to_numpy().nonzero()[0][0])
    value = str(df[col].iloc[i])[:_SHOWN]
    return damaged(path, f"`{value}` {what}", field=col, record=f"line {i + 2}")


def check_rows(folder: Path, summary: dict, allocation: pd.DataFrame) -> None:
    """allocation.csv has as many projects as summary.json counted (a copy cut off at a line
    end loses whole rows, which nothing else shows)."""
    counts = (summary.get("totals") or {}).get("projects")
    if counts is None:
        return
    expected = sum(counts.values())
    if len(allocation) != expected:
        raise damaged(Path(folder) / F.ALLOCATION.name,
                      f"has {len(allocation)} projects, but {F.SUMMARY.name} counts {expected}")


# --- reasons.json -------------------------------------------------------------------------


def read_reasons(folder: Path) -> dict | None:
    """reasons.json ({"lang", "projects": {id: [part, …]}}), None for a run without it."""
    path = Path(folder) / F.REASONS.name
    if not path.exists():
        return None
    data = read_json(path)
    if not isinstance(data, dict):
        raise damaged(path, f"holds a JSON {type(data).__name__}, not the run's reasons")
    if not isinstance(data.get("lang", "zh"), str):
        raise damaged(path, "is not a language name", field="lang")
    projects = data.get("projects", {})
    if not isinstance(projects, dict):
        raise damaged(path, "is not an object of projects", field="projects")
    for pid, parts in projects.items():
        if not isinstance(parts, list) or not all(
            isinstance(p, dict) and isinstance(p.get("key"), str) for p in parts
        ):
            raise damaged(path, "is not a list of reason parts", field="projects",
                          record=str(pid))
    return data


# --- allocation.gpkg ----------------------------------------------------------------------


def read_drawings(folder: Path, planning: list[str]) -> tuple[dict, dict]:
    """The drawings kept in allocation.gpkg (gpkg.read_stored); a file that is missing or that
    GDAL cannot read is damage."""
    from landplan.outputs.gpkg import read_stored

    path = Path(folder) / F.GPKG.name
    if not path.is_file():
        raise damaged(path, f"is missing ({F.SUMMARY.name} lists the planning layers it keeps)")
    try:
        return read_stored(path, planning)
    except (KeyError, ValueError, OSError, RuntimeError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise damaged(path, f"cannot be read as a GeoPackage ({reason[:200]})") from None


# --- the scenario's copy ------------------------------------------------------------------


def read_scenario_copy(folder: Path):
    """The run's own copy of its scenario (scenario.yaml); one that no longer reads is damage
    to the run."""
    from landplan.errors import LandplanError
    from landplan.scenario import load_scenario

    copy = Path(folder) / F.SCENARIO.name
    try:
        return load_scenario(copy)
    except LandplanError as exc:
        first = exc.problems[0] if exc.problems else None
        what = (first.message if first else str(exc)).rstrip(".")
        where = f" ({first.field})" if first is not None and first.field else ""
        raise damaged(copy, f"cannot be read as the run's scenario: {what}{where}") from None


# --- every file, through its declaration ----------------------------------------------------


def read_file(folder: Path, name: str):
    """One file of a run folder read by its declaration's kind (runformat), checked: a table,
    a JSON object, the scenario, or for the other kinds the file opened as what it is. A name
    the format does not declare is a RunFolderError."""
    spec = F.declared(name)
    path = Path(folder) / name
    if spec is None:
        raise RunFolderError(Problem("is not a file of a run folder", file=str(path)))
    if spec.kind == "csv":
        return read_table(folder, spec)
    if spec is F.SUMMARY:
        return read_summary(folder)
    if spec is F.REASONS:
        reasons = read_reasons(folder)
        if reasons is None:
            raise damaged(path, "is missing")
        return reasons
    if spec.kind == "json":
        data = read_json(path)
        if not isinstance(data, dict):
            raise damaged(path, f"holds a JSON {type(data).__name__}, not an object")
        absent = [k for k in spec.keys if k not in data]
        if absent:
            raise damaged(path, "is missing", field=absent[0])
        return data
    if spec.kind == "yaml":
        return read_scenario_copy(folder)
    if spec.kind in ("md", "html"):
        text = read_text(path)
        if spec.kind == "html" and "</html>" not in text[-4096:]:
            raise damaged(path, "is cut off (it does not end the page)")
        return text
    if spec.kind == "dir":
        if not path.is_dir():
            raise damaged(path, "is not a folder")
        return {p.name: _opened(p, p.suffix.lstrip(".")) for p in sorted(path.iterdir())
                if not p.name.startswith(".")}
    return _opened(path, spec.kind)


def _opened(path: Path, kind: str):
    """A binary file of a run folder opened as what it is (workbook, GeoPackage, document,
    image); what cannot be opened is damage."""
    try:
        if kind == "xlsx":
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True)
            names = book.sheetnames
            book.close()
            return names
        if kind == "gpkg":
            import pyogrio

            return [str(n) for n in pyogrio.list_layers(path)[:, 0]]
        if kind == "docx":
            import zipfile

            with zipfile.ZipFile(path) as z:
                z.getinfo("word/document.xml")
                return z.namelist()
        if kind == "png":
            from PIL import Image

            with Image.open(path) as im:
                im.verify()
                return im.size
        if kind == "svg":
            text = read_text(path)
            if "</svg>" not in text[-1024:]:
                raise damaged(path, "is cut off (it does not end the drawing)")
            return text
    except DamagedRunError:
        raise
    except FileNotFoundError:
        raise damaged(path, "is missing") from None
    except Exception as exc:  # each library says "cannot open" in its own exception
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise damaged(path, f"cannot be opened as {kind} ({reason[:200]})") from None
    raise damaged(path, f"is a {kind} file, which landplan does not read")


def read_run(folder: Path) -> dict[str, object]:
    """Every declared file of a finished run folder read through its declaration, by name;
    a file that every run with an allocation holds, older ones too, and this one lacks is
    damage."""
    folder = Path(folder)
    summary = read_summary(folder)
    if summary["status"] == "optimal":
        absent = [f.name for f in F.FILES if f.presence == "always"
                  and not (folder / f.name).exists()]
        if absent:
            raise damaged(folder / absent[0], "is missing")
    return {name: read_file(folder, name) for name in F.held(folder)}
