"""Reading a finished run folder back, every file checked as it is read.

A run folder is written whole or not at all (runfolder.py), but it can be damaged afterwards: a
copy cut off, a file emptied, edited by hand or deleted. `landplan map`, `figures`, `report`,
`compare` and `export-projects` read run folders only through here, so a damaged file is a
DamagedRunError (exit 10) that names the file and what is wrong with it, never a traceback.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, ValidationError

from landplan.errors import DamagedRunError, Problem, RunFolderError
from landplan.outputs.escape import read_csv

SUMMARY = "summary.json"
REASONS = "reasons.json"
GPKG = "allocation.gpkg"
RUN_AGAIN = ("files of a run folder are written by `landplan run` and are not edited by hand: "
             "run the scenario again for a whole run folder")
_SHOWN = 60  # characters of a bad value shown in a message


def damaged(path: Path, message: str, *, field: str | None = None, record: str | None = None,
            hint: str = RUN_AGAIN) -> DamagedRunError:
    """The error for one damaged file of a run folder, with the remedy."""
    return DamagedRunError(Problem(message, file=str(path), field=field, record=record,
                                   hint=hint))


# --- summary.json -------------------------------------------------------------------------


class _Part(BaseModel):
    model_config = ConfigDict(extra="allow")


class _County(_Part):
    code: str
    name: str = ""


class _Scenario(_Part):
    county: _County
    name: str = ""
    year: int | None = None
    file: str | None = None
    units: Literal["mu", "ha"] | None = None
    synthetic: bool = False


class _Quota(_Part):
    new_construction: float | None = None
    farmland_conversion: float | None = None
    pilot_reserve: float | None = None


class _Totals(_Part):
    projects: dict[str, int] | None = None


class _Summary(_Part):
    """What the readers of a run take from summary.json, with the types `landplan run` writes."""

    status: str
    scenario: _Scenario
    objective: float | None = None
    objective_parts: dict[str, float | None] = {}
    solver: str | None = None
    gap: float | None = None
    quota: _Quota = _Quota()
    reclamation_budget: float | None = None
    inputs: dict[str, str] = {}
    unchecked: list[str] = []
    timings: dict[str, float] = {}
    landplan: str | None = None
    totals: _Totals = _Totals()
    lang: Literal["zh", "en"] | None = None
    drawn_layers: list[str] | None = None
    files: list[str] = []


def read_summary(folder: Path) -> dict:
    """summary.json as a dict, checked to hold what the readers use, with its types."""
    path = Path(folder) / SUMMARY
    if not path.is_file():
        raise RunFolderError(Problem(f"is not a run folder (no {SUMMARY})", file=str(folder),
                                     hint="give the folder `landplan run` printed, e.g. "
                                     "runs/demo-20260520-101010"))
    data = read_json(path)
    if not isinstance(data, dict):
        raise damaged(path, f"holds a JSON {type(data).__name__}, not the run's summary (an object)")
    try:
        _Summary.model_validate(data)
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

# table: (text columns, number columns, true/false columns) that readers of a run rely on
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "allocation.csv": (
        ("project_id", "name", "town", "category", "status"),
        ("min_share", "value_per_mu", "requested", "allocated", "from_quota", "from_linkage",
         "farmland_taken", "paddy_taken"),
        ("priority",),
    ),
    "towns.csv": (
        ("code", "name"),
        ("projects", "funded", "partial", "unfunded", "ineligible", "requested", "allocated",
         "from_quota", "from_linkage", "farmland_taken", "paddy_taken"),
        ("pilot",),
    ),
    "linkage.csv": (("id", "town"), ("activated", "reclaim", "credits_earned", "credits_used",
                                     "farmland_gained", "cost"), ()),
    "reclamation.csv": (("id", "town"), ("activated", "quantity", "credits_earned",
                                         "credits_used", "cost"), ()),
    "constraints.csv": (("name", "rule"), ("use", "slack"), ("binding",)),
    "marginal.csv": (("resource",), ("value",), ()),
}
TEXT_COLUMNS = {"town": str, "code": str, "project_id": str, "id": str, "key": str,
                "scope": str, "name": str}
STATUSES = ("funded", "partial", "unfunded", "ineligible", "conflict")
_TRUE_FALSE = {"true", "false", "1", "0", "1.0", "0.0"}


def read_table(folder: Path, name: str, *, optional: bool = False) -> pd.DataFrame | None:
    """A table of a run folder, its columns checked; None for an optional table that is absent
    (or, for marginal.csv, empty: a run without marginal values)."""
    path = Path(folder) / name
    if optional and not path.exists():
        return None
    text = read_text(path)
    if not text.strip():
        if optional and name == "marginal.csv":
            return None
        raise damaged(path, "is empty")
    if not text.endswith("\n"):
        raise damaged(path, "is cut off (its last line is incomplete)")
    try:
        df = read_csv(io.StringIO(text), dtype=TEXT_COLUMNS, keep_default_na=False,
                         na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise damaged(path, f"cannot be read as a table ({reason})") from None
    _check_columns(path, df, *TABLES.get(name, ((), (), ())))
    return df


def _check_columns(path: Path, df: pd.DataFrame, text: tuple[str, ...], numbers: tuple[str, ...],
                   flags: tuple[str, ...]) -> None:
    missing = [c for c in (*text, *numbers, *flags) if c not in df.columns]
    if missing:
        raise damaged(path, "has no column " + ", ".join(f"`{c}`" for c in missing))
    for col in numbers:
        values = pd.to_numeric(df[col], errors="coerce")
        bad = df[col].notna() & values.isna()
        if bad.any():
            raise _bad_value(path, df, col, bad, "is not a number")
        df[col] = values
    for col in flags:
        bad = ~df[col].astype(str).str.strip().str.lower().isin(_TRUE_FALSE)
        if bad.any():
            raise _bad_value(path, df, col, bad, "is not True or False")
    if "status" in text:
        bad = ~df["status"].isin(STATUSES)
        if bad.any():
            raise _bad_value(path, df, "status", bad, "is not one of " + ", ".join(STATUSES))


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
        raise damaged(Path(folder) / "allocation.csv",
                      f"has {len(allocation)} projects, but {SUMMARY} counts {expected}")


# --- reasons.json -------------------------------------------------------------------------


def read_reasons(folder: Path) -> dict | None:
    """reasons.json ({"lang", "projects": {id: [part, …]}}), None for a run without it."""
    path = Path(folder) / REASONS
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

    path = Path(folder) / GPKG
    if not path.is_file():
        raise damaged(path, f"is missing ({SUMMARY} lists the planning layers it keeps)")
    try:
        return read_stored(path, planning)
    except (KeyError, ValueError, OSError, RuntimeError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise damaged(path, f"cannot be read as a GeoPackage ({reason[:200]})") from None
