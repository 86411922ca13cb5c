"""`landplan init FOLDER --out scenario.yaml`: a first scenario from a folder of bureau files.

Every layer found is wired under `layers` with the reasons it was recognised; the CRS and text
encodings are detected; the towns come from the towns layer; workbooks are looked at and the
command to import them is written down. What cannot be known from files (the year's quota,
the pilot towns when no towns list says so) is left as `null` with a TO DO, and listed at the
top of the file and in the report, so `landplan validate` says exactly what is missing.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pyproj import CRS

from landplan.errors import LandplanError, Problem, RunFolderError, ScenarioError
from landplan.ingest import yamltext
from landplan.ingest.detect import (
    SCENARIO_KEYS,
    Guess,
    LayerInfo,
    Recognised,
    Scan,
    pick_field,
    recognise,
    scan_folder,
    town_name_field,
)
from landplan.ingest.excel import KIND_LABEL, read_workbook
from landplan.layers.crs import crs_label, old_datum
from landplan.layers.encoding import DOUBTFUL
from landplan.scenario.policy import STANDARD_TIERS
from landplan.scenario.schema import Rules, SolverSettings, Valuation

LABELS = {
    "towns": "乡镇界线 towns",
    "urban_development_boundary": "城镇开发边界 urban development boundary",
    "permanent_basic_farmland": "永久基本农田 permanent basic farmland",
    "ecological_red_line": "生态保护红线 ecological red line",
    "industrial_parks": "工业集中区/开发区 industrial parks",
    "landuse": "三调 地类图斑 land use (DLTB)",
    "project_sites": "项目用地红线 project sites",
    "linkage_parcels": "增减挂钩拆旧地块 linkage parcels",
    "reclamation_sites": "补充耕地项目 reclamation sites",
}
UNCHECKED = {
    "towns": "sites are not checked against town boundaries",
    "urban_development_boundary": "commercial and residential sites are not checked against the UDB",
    "permanent_basic_farmland": "sites are not checked against permanent basic farmland",
    "ecological_red_line": "sites are not checked against the ecological red line",
    "industrial_parks": "industrial sites are not checked against the parks",
    "landuse": "farmland taken must be given for every project (占用耕地, 占用水田)",
    "project_sites": "no site is checked at all",
    "linkage_parcels": "linkage projects are not located",
    "reclamation_sites": "reclamation projects are not located",
}


@dataclass
class InitReport:
    """What init found and wrote, and what the planner must still decide."""

    scenario: Path
    wired: dict[str, str] = field(default_factory=dict)
    undecided: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    still_missing: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{key}: {src}" for key, src in self.wired.items()]
        out += [f"note: {n}" for n in self.notes]
        out += [f"sheets: {s}" for s in self.sheets]
        out += [f"to decide: {u}" for u in self.undecided]
        out += [f"validate will say: {m}" for m in self.still_missing]
        return out


def init_scenario(
    folder: str | Path,
    out: str | Path,
    *,
    name: str | None = None,
    year: int | None = None,
    force: bool = False,
) -> InitReport:
    """Look at `folder`, write a scenario to `out` (refused if it exists, unless `force`)."""
    folder, out = Path(folder), Path(out)
    if not folder.is_dir():
        raise ScenarioError(Problem("is not a folder", file=str(folder),
                                    hint="give the folder that holds the bureau's layers and sheets"))  # fmt: skip
    if out.exists() and not force:
        raise RunFolderError(
            Problem(
                "already exists; init never overwrites a scenario",
                file=str(out),
                hint="choose another --out, or pass --force to replace it",
            )  # fmt: skip
        )
    scan = scan_folder(folder)
    rec = recognise(scan.layers)
    report = InitReport(out)
    base = out.resolve().parent
    text = _write(scan, rec, report, base, name or folder.resolve().name, year)
    out.parent.mkdir(parents=True, exist_ok=True)
    yamltext.write_atomically(out, text)
    report.still_missing = _contract_problems(out)
    return report


# --- the scenario text ---------------------------------------------------------------------


def _write(
    scan: Scan, rec: Recognised, report: InitReport, base: Path, name: str, year: int | None
) -> str:
    crs, crs_comment = _crs(rec, report)
    county_code, county_name = rec.county
    if county_code is None:
        report.undecided.append("county.code: no towns layer with 9-digit codes and no county "
                                "boundary were found; fill in the 6-digit county code")  # fmt: skip
    if county_name is None:
        report.undecided.append("county.name: the county's name is in no layer; fill it in")
    sources = {key: _source(g, base) for key, g in rec.guesses.items()}
    towns_guess = rec.guesses.get("towns")
    if towns_guess and any(r.startswith("12-digit") for r in towns_guess.reasons):
        code = towns_guess.renames.get("code", "code")
        report.notes.append(f"{sources['towns'].split('|')[0]}: the town codes in `{code}` have "
                            "12 digits ending in 000 (三调 XZQDM); landplan reads their first 9 "
                            "digits as the town code")  # fmt: skip
    report.wired = sources
    layer_lines = _layer_lines(rec, sources, report)
    _sheets(scan, rec, report)
    for path, why in scan.skipped:
        file, bar, layer = path.partition("|")
        report.notes.append(f"{_rel(Path(file), base)}{bar}{layer}: {why}")
    report.undecided += [
        "quota.new_construction: the year's quota (新增建设用地计划指标) from the city's document",
        "quota.farmland_conversion and quota.pilot_reserve: from the same document",
        "reclamation_budget: the money for linkage and reclamation this year (null = unlimited)",
    ]
    if not any(KIND_LABEL["towns"] in s for s in report.sheets):
        report.undecided.append("towns: which are 扩权强镇 pilot towns (pilot: true), and any "
                                "min / max (no towns list found in the sheets)")  # fmt: skip
    head = [
        f"Scenario written by `landplan init` from {scan.folder.resolve()}.",
        "Every guess is commented; lines marked TO DO need you. `landplan validate` says what",
        "is still missing. Areas in 亩 (mu), money in yuan, investment and tax in 万元.",
        "",
        *(
            ["Lists found in workbooks:"] + [f"  - {x}" for x in report.sheets]
            if report.sheets
            else []
        ),
        "To decide (待确认):",
        *[f"  - {u}" for u in report.undecided],
    ]
    town_comment = _town_comment(rec)
    towns = [{"code": c, "name": n, "pilot": False} for c, n in rec.town_names.items()]
    parts = [
        "".join(f"# {h}\n" if h else "#\n" for h in head),
        f"name: {yamltext.scalar(name)}\n",
        f"year: {year or dt.date.today().year}"
        + ("" if year else "  # guess: this year; the plan year of the quota")
        + "\n",
        "county:\n",
        f"  code: {yamltext.scalar(county_code)}" + _county_comment(rec, county_code) + "\n",
        f"  name: {yamltext.scalar(county_name)}"
        + ("" if county_name else "  # TO DO: the county's name, e.g. 凤阳县")
        + "\n",
        f"crs: {yamltext.scalar(crs)}  # {crs_comment}\n",
        "units: mu\n",
        "synthetic: false\n",
        "\n",
        "# TO DO: the year's quota from the city's document (下达文件); validate fails until\n"
        "# new_construction is filled in.\n",
        "quota:\n",
        "  new_construction: null  # TO DO: Q 新增建设用地计划指标 (mu)\n",
        "  farmland_conversion: null  # Qf 农用地转用(占用耕地)指标 (mu); null: not limited apart\n",
        "  pilot_reserve: 0  # R 单列给试点镇 (mu)\n",
        "reclamation_budget: null  # TO DO: yuan for linkage and reclamation; null: unlimited\n",
        "\n",
        yamltext.section("towns", towns, town_comment)
        if towns
        else "# TO DO: towns (9-digit code, name, pilot): no towns layer was recognised.\n"
        "towns: []\n",
        "\n",
        _list_section("projects", "项目清单 projects", report),
        "\n",
        _list_section("linkage", "增减挂钩 linkage", report),
        "\n",
        _list_section("reclamation", "补充耕地 reclamation", report),
        "\n",
        "# GIS layers found in the folder, relative to this file. Options after `|`: layername=\n"
        "# picks a layer of a .gdb or .gpkg; code=FIELD / id=FIELD read landplan's field from FIELD.\n",
        "layers:\n",
        *layer_lines,
        "\n",
        "# Spatial rules, value weights and solver: the defaults, written out.\n",
        yamltext.dump({"rules": Rules().model_dump()}),
        yamltext.dump({"valuation": Valuation().model_dump()}),
        "\n",
        POLICY_COMMENT,
        yamltext.dump({"policy": {"tiers": STANDARD_TIERS}}),
        "\n",
        yamltext.dump({"solver": SolverSettings().model_dump(exclude_none=True)}),
    ]
    return "".join(parts)


POLICY_COMMENT = (
    "# guess: the county's order of precedence (用地保障次序) as most annual plans put it: key and\n"
    "# livelihood projects get the most land they can, then infrastructure, then industry,\n"
    "# commerce and housing by value. Check it against the county's plan; without `policy`\n"
    "# every project is ranked by value per mu alone.\n"
)


def _list_section(kind: str, label: str, report: InitReport) -> str:
    found = any(label in s for s in report.sheets)
    how = (
        "none yet: `landplan import-projects` fills this in from the workbook named at the top"
        if found
        else "none found in the folder: import a list with `landplan import-projects "
        "SHEET.xlsx --into THIS.yaml`"
    )
    return f"# {label}: {how}\n{kind}: []\n"


def _layer_lines(rec: Recognised, sources: dict[str, str], report: InitReport) -> list[str]:
    lines = []
    for key in SCENARIO_KEYS:
        g = rec.guesses.get(key)
        if g is None:
            lines.append(f"  # {key}: not found ({LABELS[key]}): {UNCHECKED[key]}\n")
            report.undecided.append(f"layers.{key}: no {LABELS[key]} layer found; {UNCHECKED[key]}")
            continue
        comment = LABELS[key] + ": " + "; ".join(g.reasons)
        if g.info.encoding_note:
            comment += f"; {g.info.encoding_note}"
        if g.doubtful:
            others = ", ".join(info.label for info, _ in g.runners_up[:3])
            comment += f"; GUESS, also possible: {others}"
            report.undecided.append(f"layers.{key}: chose {g.info.label}, but {others} also "
                                    "fits; check it")  # fmt: skip
        if g.info.encoding_note and DOUBTFUL in g.info.encoding_note:
            report.undecided.append(f"layers.{key} ({g.info.label}): the text decodes as GBK but "
                                    f"{DOUBTFUL}; look at the names and, if they are wrong, add "
                                    "`|encoding=…` (e.g. Big5) to the layer")  # fmt: skip
        if g.info.encoding_problem:
            report.undecided.append(f"layers.{key} ({g.info.label}): {g.info.encoding_problem}; "
                                    "set layers.encoding")  # fmt: skip
            comment += "; TEXT ENCODING UNKNOWN: set layers.encoding"
        if g.info.crs is None:
            report.undecided.append(f"layers.{key} ({g.info.label}) has no CRS (.prj missing): "
                                    "add the survey's .prj next to it")  # fmt: skip
        elif (layer_crs := CRS.from_user_input(g.info.crs)) and old_datum(layer_crs):
            report.undecided.append(
                f"layers.{key} ({g.info.label}) is in {crs_label(layer_crs)}: landplan "
                f"reprojects it with a ballpark transformation, off by tens of metres; for "
                f"survey-grade work convert it with the province's {old_datum(layer_crs)} → "
                "CGCS2000 conversion parameters (坐标转换参数) first")  # fmt: skip
            comment += f"; {old_datum(layer_crs).upper()}: reprojected roughly (tens of metres)"
        lines.append(f"  {key}: {yamltext.scalar(sources[key])}  # {comment}\n")
    for info, why in rec.unused:
        lines.append(f"  # not used: {info.label}: {why}\n")
    landuse = rec.guesses.get("landuse")
    code = pick_field(landuse.info.fields, ("DLBM", "地类编码", "DLDM")) if landuse else None
    kcxs = pick_field(landuse.info.fields, ("KCXS", "扣除系数", "TKXS")) if landuse else None
    lines.append(f"  landuse_code_field: {yamltext.scalar(code or 'DLBM')}  # 地类编码\n")
    if landuse and kcxs is None:
        report.notes.append("the land-use layer has no KCXS: cultivated land is counted at full "
                            "parcel area, without deducting field ridges (田坎)")  # fmt: skip
    lines.append(
        f"  landuse_deduction_field: {yamltext.scalar(kcxs or 'KCXS')}  # 扣除系数: cultivated area"
        " = area × (1 − KCXS)\n"
    )
    problems = [g.info for g in rec.guesses.values() if g.info.encoding_problem]
    enc = "null  # TO DO: the encoding of " + ", ".join(i.path.name for i in problems) if problems \
        else "null  # detected per shapefile (UTF-8 or GBK, with or without .cpg)"  # fmt: skip
    lines.append(f"  encoding: {enc}\n")
    return lines


def _source(g: Guess, base: Path) -> str:
    text = _rel(g.info.path, base)
    if g.info.multi_layer and g.info.layer:
        text += f"|layername={g.info.layer}"
    for name, target in g.renames.items():
        text += f"|{name}={target}"
    return text


def _rel(path: Path, base: Path) -> str:
    try:
        return Path(os.path.relpath(path.resolve(), base)).as_posix()
    except ValueError:  # another drive on Windows
        return path.resolve().as_posix()


def _crs(rec: Recognised, report: InitReport) -> tuple[str | None, str]:
    """The land-use layer's projected CRS, else the most common projected one among the
    layers, else the CGCS2000 3-degree zone of the layers' longitude."""
    infos = [g.info for g in rec.guesses.values()]
    landuse = rec.guesses.get("landuse")
    ordered = ([landuse.info] if landuse else []) + infos
    projected = [(i, c) for i in ordered if (c := _as_crs(i.crs)) is not None and c.is_projected]
    if projected:
        counts = Counter(_crs_text(c) for _, c in projected)
        first = _crs_text(projected[0][1])
        choice = (
            first if landuse and projected[0][0] is landuse.info else counts.most_common(1)[0][0]
        )
        source = next(i for i, c in projected if _crs_text(c) == choice)
        others = sorted({_crs_text(c) for _, c in projected} - {choice})
        comment = f"{CRS.from_user_input(choice).name}, the CRS of {source.label}"
        if others:
            comment += f"; layers in {', '.join(others)} are reprojected"
        return choice, comment
    geographic = [i for i in infos if (c := _as_crs(i.crs)) is not None and c.is_geographic]
    if geographic and geographic[0].bounds:
        b = geographic[0].bounds
        zone = round(((b[0] + b[2]) / 2) / 3)
        code = 4513 + zone - 25
        report.undecided.append(f"crs: the layers are in degrees; EPSG:{code} (CGCS2000 3-degree "
                                f"Gauss–Krüger zone {zone}) was chosen for areas: check it")  # fmt: skip
        return f"EPSG:{code}", f"GUESS: CGCS2000 3-degree GK zone {zone} from the layers' longitude"
    report.undecided.append("crs: no layer has a coordinate system; set the projected CRS "
                            "(e.g. EPSG:4527 for CGCS2000 3-degree GK zone 39)")  # fmt: skip
    return None, "TO DO: the projected CRS of the survey, e.g. EPSG:4527"


def _as_crs(text: str | None) -> CRS | None:
    if not text:
        return None
    try:
        return CRS.from_user_input(text)
    except Exception:  # noqa: BLE001
        return None


def _crs_text(crs: CRS) -> str:
    code = crs.to_epsg(min_confidence=70)
    return f"EPSG:{code}" if code else crs.to_wkt()


def _county_comment(rec: Recognised, code: str | None) -> str:
    if code is None:
        return "  # TO DO: 6-digit county code, e.g. 341126"
    return "  # from the first 6 digits of the town codes" if rec.county[1] is None else \
        "  # from the county boundary layer"  # fmt: skip


def _town_comment(rec: Recognised) -> list[str]:
    g = rec.guesses.get("towns")
    if g is None:
        return []
    code = g.renames.get("code", "code")
    name_field = town_name_field(g.info)
    if g.info.encoding_problem:
        return [f"Towns (乡镇) written by `landplan init` from {g.info.label}: codes from `{code}`.",
                "TO DO: the names could not be read (text encoding unknown): type them in, and",
                "mark the 扩权强镇 pilot towns `pilot: true`."]  # fmt: skip
    return [
        f"Towns (乡镇) written by `landplan init` from {g.info.label}: codes from `{code}`, "
        f"names from `{name_field or code}`.",
        "TO DO: mark the 扩权强镇 pilot towns `pilot: true`; add min / max (mu) and",
        "farmland_credits {quantity, paddy} where they apply — or import a towns sheet.",
    ]


def _sheets(scan: Scan, rec: Recognised, report: InitReport) -> None:
    """Say which workbooks hold which lists, and the command that imports them."""
    for sheet in scan.sheets:
        rel = sheet.path.name
        try:
            wb = read_workbook(sheet.path, rec.town_names)
        except LandplanError as exc:
            report.undecided.append(f"{rel}: " + "; ".join(str(p) for p in exc.problems))
            continue
        kinds = [KIND_LABEL[s.kind] for s in wb.lists]
        if not kinds:
            report.notes.append(f"{rel}: no list recognised by its headings")
            continue
        bad = sum(len(s.problems) for s in wb.lists)
        command = f"landplan import-projects {_quote(str(sheet.path))} --into {_quote(str(report.scenario))}"
        report.sheets.append(
            f"{rel}: " + ", ".join(f"{k} ({s.sheet}, {len(s.records)} rows)" for k, s in
                                   zip(kinds, wb.lists, strict=True))
            + (f"; {bad} rows cannot be read yet" if bad else "")
            + f"; import with: {command}"
        )  # fmt: skip


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _contract_problems(path: Path) -> list[str]:
    """What `landplan validate` will say about the contract (not the layers) of the file."""
    from landplan.scenario.load import parse_scenario, read_scenario_data

    try:
        data, _ = read_scenario_data(path)
        parse_scenario(data, file=str(path))
    except LandplanError as exc:
        return [str(p) for p in exc.problems]
    return []


__all__ = ["InitReport", "LayerInfo", "init_scenario"]
