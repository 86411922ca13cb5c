"""The run folder's format, declared once: which files a run folder holds, what kind each is,
its columns or keys, and whether every run has it.

`landplan run` writes through these declarations (runfolder.py: a table whose columns are not
its declared ones, or a summary.json key that is not declared, stops the writer), and every
reader of a finished run (`map`, `figures`, `report`, `compare`, `export-projects`) reads
through them (runread.py), so what is written and what is read cannot drift apart. summary.json's
`files` lists the declared files the folder holds, each once. No other module spells a run
file's name.

A file's `presence`:
- `always`: every run folder with an allocation holds it, older runs too;
- `new`: every run written now holds it; runs from before it existed may lack it (readers fall
  back: no reasons in another language, the scenario from its original file, …);
- `optional`: only some runs write it (map.html and allocation.gpkg with the maps, postgis.json
  with `--to-postgis`);
- `added`: written into the finished folder later by another command (figures, report).
A run that found no allocation (infeasible) holds summary.json alone.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

Presence = Literal["always", "new", "optional", "added"]
Kind = Literal["csv", "json", "yaml", "xlsx", "gpkg", "html", "docx", "md", "dir"]


@dataclass(frozen=True)
class Column:
    """A column of a run table. `text`: ids, codes and names, read as text exactly (a town code
    stays "341126105"); `word`: landplan's own words and sentences, read as written; `number`;
    `flag` (True/False). `required`: readers rely on it and every run since the first has it;
    otherwise today's runs write it and older ones may not."""

    name: str
    kind: Literal["text", "word", "number", "flag"]
    required: bool = True
    values: tuple[str, ...] = ()  # the words it may hold; () any


@dataclass(frozen=True)
class RunFile:
    """One file of a run folder. `name` may be a pattern (`report.*.md`); a `dir` holds files
    matching `holds`."""

    name: str
    kind: Kind
    presence: Presence
    what: str
    columns: tuple[Column, ...] = ()
    keys: tuple[str, ...] = ()  # json: the keys readers need
    holds: tuple[str, ...] = ()  # dir: patterns of the files inside
    empty_is_none: bool = False  # an empty file means "none" (marginal.csv of a run without)

    @property
    def required(self) -> bool:
        """Every run written now, with an allocation, holds it."""
        return self.presence in ("always", "new")

    @property
    def pattern(self) -> bool:
        return any(c in self.name for c in "*?[")

    def matches(self, name: str) -> bool:
        return fnmatch.fnmatchcase(name, self.name)

    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def text_columns(self) -> dict[str, type]:
        return {c.name: str for c in self.columns if c.kind == "text"}


def _cols(kind: str, names: str, required: bool = True) -> tuple[Column, ...]:
    return tuple(Column(n, kind, required) for n in names.split())  # type: ignore[arg-type]


STATUSES = ("funded", "partial", "unfunded", "ineligible", "conflict")

# --- the tables (columns in the order written) ------------------------------------------------

ALLOCATION = RunFile("allocation.csv", "csv", "always", "per project: land requested and "
                     "allocated, its sources, farmland taken, status and reason", columns=(
    *_cols("text", "project_id name town"),
    Column("town_name", "word", False),
    Column("year", "text", False),  # a rolling plan's: the year the land is given, empty if none
    Column("category", "word"),
    Column("priority", "flag"),
    *_cols("number", "min_share value_per_mu requested allocated from_quota from_linkage "
                     "farmland_taken paddy_taken"),
    Column("farmland_source", "word", False),
    Column("status", "word", values=STATUSES),
    Column("reason", "word", False),
    *_cols("number", "value_needed extra_quota_needed", False),
    Column("extra_quota_year", "text", False),  # a rolling plan's: the year of that quota
))
TOWNS = RunFile("towns.csv", "csv", "always", "per town: land from quota and linkage, "
                "farmland taken and compensated, project counts", columns=(
    *_cols("text", "code name"),
    Column("pilot", "flag"),
    *_cols("number", "projects funded partial unfunded ineligible requested allocated "
                     "from_quota from_linkage"),
    Column("linkage_earned", "number", False),
    *_cols("number", "farmland_taken paddy_taken"),
    *_cols("number", "farmland_taken_quota compensated_own compensated_county credits_held "
                     "reclamation_earned min max", False),
))
LINKAGE = RunFile("linkage.csv", "csv", "always", "per linkage project: share activated, "
                  "credits earned and used, farmland gained, cost", columns=(
    Column("id", "text"), Column("name", "text", False), Column("town", "text"),
    *_cols("number", "activated reclaim credits_earned credits_used farmland_gained"),
    Column("paddy_gained", "number", False),
    Column("cost", "number"),
))
RECLAMATION = RunFile("reclamation.csv", "csv", "always", "per reclamation project: share "
                      "activated, credits earned and used, cost", columns=(
    Column("id", "text"), Column("name", "text", False), Column("town", "text"),
    *_cols("number", "activated quantity credits_earned credits_used"),
    Column("paddy_gained", "number", False),
    Column("cost", "number"),
))
CONSTRAINTS = RunFile("constraints.csv", "csv", "always", "every named rule: use, limit, "
                      "slack, binding", columns=(
    Column("name", "text"), Column("rule", "word"), Column("key", "text", False),
    Column("sense", "word", False), Column("use", "number"), Column("limit", "number", False),
    Column("slack", "number"), Column("binding", "flag"), Column("unit", "word", False),
))
MARGINAL = RunFile("marginal.csv", "csv", "new", "value of one more unit of each resource",
                   empty_is_none=True, columns=(
    Column("resource", "word"), Column("scope", "text", False), Column("unit", "word", False),
    Column("delta", "number", False), Column("value", "number"),
    Column("gain", "number", False), Column("method", "word", False),
))

# a rolling plan's tables (horizon over more than one year; landplan.solution_years)
TOWNS_BY_YEAR = RunFile("towns_by_year.csv", "csv", "optional", "a rolling plan: per town and "
                        "year, land given, its sources, land for settled migrants", columns=(
    *_cols("text", "code name year"),
    *_cols("number", "projects allocated from_quota from_linkage farmland_taken "
                     "housing_livelihood"),
    *_cols("number", "settled_migrants migrant_land", False),
))
LINKAGE_LEDGER = RunFile("linkage_ledger.csv", "csv", "optional", "a rolling plan: linkage "
                         "credits used, borrowed (周转), returned and outstanding by year",
                         columns=(Column("year", "text"), *_cols(
                             "number", "used borrowed returned outstanding delivered")))
URBANISATION = RunFile("urbanisation.csv", "csv", "optional", "a rolling plan: 人地挂钩 per "
                       "town, urban land per resident before and after", columns=(
    *_cols("text", "code name"),
    *_cols("number", "urban_construction_land urban_population_base population_year "
                     "urban_population m2_per_resident_before standard_m2_per_migrant "
                     "settled_migrants migrant_land new_land m2_per_resident_after", False),
))

# --- summary.json: its keys and, where readers rely on them, their types ----------------------


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


class Summary(_Part):
    """summary.json: every key `landplan run` writes (the writer refuses others), with the types
    readers rely on. Readers accept keys they do not know (a newer landplan's)."""

    status: str
    scenario: _Scenario
    objective: float | None = None
    objective_parts: dict[str, float | None] | None = None
    solver: str | None = None
    gap: float | None = None
    solver_settings: dict[str, Any] | None = None
    stages: list[dict[str, Any]] = []
    quota: _Quota = _Quota()
    reclamation_budget: float | None = None
    inputs: dict[str, str] = {}
    notes: list[str] = []
    unchecked: list[str] = []
    timings: dict[str, float] = {}
    landplan: str | None = None
    python: str | None = None
    totals: _Totals = _Totals()
    constraints: dict[str, dict[str, Any]] = {}
    tiers: list[dict[str, Any]] = []
    town_bounds: dict[str, dict[str, Any]] = {}
    policy_rules: dict[str, dict[str, Any]] = {}
    conflicts: list[str] = []
    lang: Literal["zh", "en"] | None = None
    analysis_notes: list[str] = []
    drawn_layers: list[str] | None = None
    files: list[str] = []
    years: dict[str, dict[str, Any]] = {}  # a rolling plan: each year's rule use
    quota_by_year: dict[str, Any] = {}


SUMMARY_KEYS = tuple(Summary.model_fields)


# --- the other files ----------------------------------------------------------------------------

SUMMARY = RunFile("summary.json", "json", "always", "objective, status, solver, settings, "
                  "totals, timings, input hashes, notes",
                  keys=tuple(k for k, f in Summary.model_fields.items() if f.is_required()))
REASONS = RunFile("reasons.json", "json", "new", "the run's language and each short "
                  "project's reason as language-free parts", keys=("lang", "projects"))
SCENARIO = RunFile("scenario.yaml", "yaml", "new", "the scenario as the run read it, byte "
                   "for byte")
XLSX = RunFile("allocation.xlsx", "xlsx", "new", "the tables with Chinese (or English) "
               "headings, a sheet each")
GPKG = RunFile("allocation.gpkg", "gpkg", "optional", "the run's records with their "
               "drawings and the planning layers as drawn")
MAP = RunFile("map.html", "html", "optional", "the interactive map")
POSTGIS = RunFile("postgis.json", "json", "optional", "where `--to-postgis` wrote the run",
                  keys=("schema", "database"))
REPORT_DOCX = RunFile("report.docx", "docx", "added", "the plan document (landplan report)")
REPORT_MD = RunFile("report.md", "md", "added", "the plan document as Markdown")
REPORT_LANG_DOCX = RunFile("report.*.docx", "docx", "added", "the plan document in another "
                           "language than the run's")
REPORT_LANG_MD = RunFile("report.*.md", "md", "added", "the same, as Markdown")
FIGURES = RunFile("figures", "dir", "added", "county and town sheets (landplan figures)",
                  holds=("*.png", "*.svg"))

TABLES = (ALLOCATION, TOWNS, LINKAGE, RECLAMATION, CONSTRAINTS, MARGINAL, TOWNS_BY_YEAR,
          LINKAGE_LEDGER, URBANISATION)
FILES = (*TABLES, SUMMARY, REASONS, SCENARIO, XLSX, GPKG, MAP, POSTGIS, REPORT_DOCX, REPORT_MD,
         REPORT_LANG_DOCX, REPORT_LANG_MD, FIGURES)


def declared(name: str) -> RunFile | None:
    """The declaration of a file (or folder) of a run folder by its name; None: not part of
    the format."""
    exact = next((f for f in FILES if not f.pattern and f.name == name), None)
    return exact or next((f for f in FILES if f.pattern and f.matches(name)), None)


def report_files(lang_suffix: str = "") -> tuple[str, str]:
    """report.docx and report.md, or report.<lang>.docx and .md for another language."""
    if not lang_suffix:
        return REPORT_DOCX.name, REPORT_MD.name
    return (REPORT_LANG_DOCX.name.replace("*", lang_suffix),
            REPORT_LANG_MD.name.replace("*", lang_suffix))


class FormatError(Exception):
    """A writer that does not follow the declared format: a bug in landplan, never bad input."""


def check_columns(table: RunFile, columns: list[str]) -> None:
    """The columns a writer is about to write are the declared ones, in the declared order
    (a column not required may be left out); FormatError otherwise."""
    names = table.column_names()
    extra = [c for c in columns if c not in names]
    lacking = [c.name for c in table.columns if c.required and c.name not in columns]
    if extra or lacking or columns != [c for c in names if c in columns]:
        what = (f"undeclared {extra}" if extra else f"without {lacking}" if lacking
                else f"in the order {columns}, not {list(names)}")
        raise FormatError(f"{table.name} written with columns {what}: declare them in "
                          "landplan/outputs/runformat.py")


def check_summary(summary: dict) -> None:
    """Every key of summary.json, as readers will read it back, is declared (Summary) and has
    its declared type."""
    extra = [k for k in summary if k not in SUMMARY_KEYS]
    if extra:
        raise FormatError(f"{SUMMARY.name} written with undeclared keys {extra}: declare them "
                          "in landplan/outputs/runformat.py (Summary)")
    try:
        Summary.model_validate(summary)
    except ValidationError as exc:
        raise FormatError(f"{SUMMARY.name} written with a value of another type than "
                          f"declared in landplan/outputs/runformat.py: {exc}") from None


def _visible(folder: Path) -> list[Path]:
    """What the folder holds, hidden files (being written) left out."""
    return sorted(p for p in Path(folder).iterdir() if not p.name.startswith("."))


def held(folder: Path) -> list[str]:
    """The declared files the folder holds, sorted, each once: summary.json's `files`."""
    return [p.name for p in _visible(folder) if declared(p.name) is not None]


def undeclared(folder: Path) -> list[str]:
    """Files of the folder that are not part of the format (in a declared folder too)."""
    out = []
    for p in _visible(folder):
        spec = declared(p.name)
        if spec is None or (spec.kind == "dir") != p.is_dir():
            out.append(p.name)
        elif spec.kind == "dir":
            out += [f"{p.name}/{q.name}" for q in _visible(p)
                    if not any(fnmatch.fnmatchcase(q.name, h) for h in spec.holds)]
    return out


def missing(folder: Path) -> list[str]:
    """Files every run with an allocation holds that this folder lacks."""
    return [f.name for f in FILES if f.required and not (Path(folder) / f.name).exists()]


def is_run_folder(folder: Path) -> bool:
    """A landplan output folder (a run, a sweep, a batch's runs) is marked by summary.json."""
    return (Path(folder) / SUMMARY.name).is_file()
