"""Recognise a bureau's layers in a folder: by their fields and geometry as well as their names.

A 三调 land-use layer has DLBM (地类编码) and usually KCXS, TBMJ, ZLDWDM; a town layer has a
field of 9-digit codes (county code + 3) with one feature per town covering the county; a
county boundary has one 6-digit code; the 三区三线 layers are named by the national standard
(CZKFBJ 城镇开发边界, YJJBNT 永久基本农田, STBHHX 生态保护红线) or in Chinese. Each guess
carries its reasons, so `landplan init` can write them next to the layer in the scenario.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio

from landplan.errors import LayerError
from landplan.layers.encoding import shapefile_encoding
from landplan.layers.read import town_code
from landplan.outputs.runformat import is_run_folder

SCENARIO_KEYS = (
    "towns", "urban_development_boundary", "permanent_basic_farmland", "ecological_red_line",
    "industrial_parks", "landuse", "project_sites", "linkage_parcels", "reclamation_sites",
)  # fmt: skip
_LAYER_FILES = {".shp", ".gpkg", ".geojson", ".json", ".fgb", ".sqlite"}
SHEET_FILES = {".xlsx", ".xlsm"}
_SAMPLE = 2000  # attribute rows looked at per layer
_THRESHOLD = 2.0  # evidence needed to wire a layer
_CLOSE = 0.75  # a runner-up this close makes the choice a guess worth a second look

# Names (file, layer) that point to a key. Chinese and long hints match anywhere; short ASCII
# codes (3 letters or fewer) only as a whole word, so `yq` does not fire inside other names.
NAME_HINTS: dict[str, tuple[str, ...]] = {
    "towns": ("乡镇界", "乡镇", "镇界", "乡级", "行政区", "xzq", "town", "xiangzhen"),
    "landuse": ("地类图斑", "dltb", "三调", "土地利用现状", "土地利用", "landuse", "land_use",
                "sandiao", "lucc"),
    "urban_development_boundary": ("城镇开发边界", "开发边界", "czkfbj", "kfbj", "udb",
                                   "urban_development", "development_boundary"),
    "permanent_basic_farmland": ("永久基本农田", "基本农田", "yjjbnt", "jbnt", "pbf",
                                 "basic_farmland", "prime_farmland"),
    "ecological_red_line": ("生态保护红线", "生态红线", "stbhhx", "sthx", "erl", "red_line",
                            "redline", "ecological"),
    "industrial_parks": ("工业集中区", "工业园区", "开发区", "园区", "工业园", "kfq", "gyyq",
                         "industrial_park", "park"),
    "project_sites": ("项目用地红线", "项目用地", "用地红线", "项目红线", "建设项目", "项目",
                      "xmyd", "xmhx", "project_site", "project", "sites"),
    "linkage_parcels": ("增减挂钩", "拆旧", "挂钩", "cjq", "cjdk", "linkage"),
    "reclamation_sites": ("补充耕地", "土地整理", "土地整治", "复垦", "未利用地开发", "bcgd",
                          "tdzl", "reclamation"),
}  # fmt: skip
FIELD_HINTS: dict[str, tuple[str, ...]] = {
    "permanent_basic_farmland": ("jbnt",),
    "ecological_red_line": ("sthx", "hxmc", "hxlx", "hxbh", "bhhx"),
    "urban_development_boundary": ("czkfbj", "kfbj"),
    "industrial_parks": ("kfq", "yqmc", "yqdm", "园区", "开发区"),
}
LANDUSE_CODE_FIELDS = ("DLBM", "地类编码", "DLDM")
LANDUSE_EXTRA_FIELDS = ("KCXS", "TBMJ", "ZLDWDM", "DLMC", "TBDLMJ", "KCMJ")
DEDUCTION_FIELDS = ("KCXS", "扣除系数", "TKXS")
ID_FIELDS = ("id", "XMBH", "项目编号", "XMDM", "项目代码", "DKBH", "地块编号", "BH", "编号")
NAME_FIELDS = ("name", "XZQMC", "乡镇名称", "XZMC", "MC", "名称", "ZLDWMC", "XMMC", "项目名称")
_CODE_21010 = re.compile(r"^(0[1-9]|1[0-2])\d{2}[A-Z]?$|^20[1-9]$")


@dataclass
class LayerInfo:
    """One layer found in the folder: where it is, what it holds, how its text reads."""

    path: Path
    layer: str | None
    multi_layer: bool
    driver: str
    geometry_type: str | None
    crs: str | None
    features: int
    fields: list[str]
    sample: pd.DataFrame
    bounds: tuple[float, float, float, float] | None
    encoding: str | None = None
    encoding_note: str | None = None
    encoding_problem: str | None = None
    area: float | None = None  # summed polygon area (m²) for small layers, in its own CRS

    @property
    def label(self) -> str:
        return self.path.name + (f"|layername={self.layer}" if self.multi_layer else "")

    @property
    def names(self) -> str:
        return f"{self.path.stem} {self.layer or ''}".lower()

    @property
    def is_polygon(self) -> bool:
        return bool(self.geometry_type) and "polygon" in self.geometry_type.lower()


@dataclass
class Sheet:
    """A workbook found in the folder."""

    path: Path


@dataclass
class Scan:
    """What a folder holds: layers, workbooks, and files passed over with the reason."""

    folder: Path
    layers: list[LayerInfo] = field(default_factory=list)
    sheets: list[Sheet] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Guess:
    """A layer chosen for a scenario key, with the evidence and the runners-up."""

    key: str
    info: LayerInfo
    score: float
    reasons: list[str]
    index: int = -1
    renames: dict[str, str] = field(default_factory=dict)
    runners_up: list[tuple[LayerInfo, float]] = field(default_factory=list)

    @property
    def doubtful(self) -> bool:
        return any(score >= self.score - _CLOSE for _, score in self.runners_up)


@dataclass
class Recognised:
    """Every key's guess, the county found, and what could not be placed."""

    guesses: dict[str, Guess]
    county: tuple[str | None, str | None] = (None, None)  # code, name
    town_names: dict[str, str] = field(default_factory=dict)  # code -> name
    unused: list[tuple[LayerInfo, str]] = field(default_factory=list)


# --- scanning ------------------------------------------------------------------------------


def scan_folder(folder: str | Path) -> Scan:
    """Every readable layer and workbook under `folder` (File Geodatabases as one source each)."""
    folder = Path(folder)
    scan = Scan(folder)
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        here = Path(root)
        for d in list(dirs):
            if d.startswith(".") or is_run_folder(here / d):
                dirs.remove(d)  # hidden folders and landplan's own run folders
            elif d.lower().endswith(".gdb"):
                dirs.remove(d)
                scan.layers += _container_layers(here / d, scan)
        for name in sorted(files):
            path = here / name
            suffix = path.suffix.lower()
            if name.startswith(("~$", ".")):
                continue
            if suffix in SHEET_FILES:
                scan.sheets.append(Sheet(path))
            elif suffix == ".xls":
                scan.skipped.append((str(path), "old Excel format (.xls): save it as .xlsx"))
            elif suffix in _LAYER_FILES:
                scan.layers += _container_layers(path, scan)
    return scan


def _container_layers(path: Path, scan: Scan) -> list[LayerInfo]:
    try:
        listed = pyogrio.list_layers(path)
    except Exception as exc:  # noqa: BLE001 - any driver error: not a layer we can use
        if path.suffix.lower() != ".json":
            scan.skipped.append((str(path), f"cannot be opened ({_first_line(exc)})"))
        return []
    spatial = [str(n) for n, kind in listed if kind is not None]
    out = []
    for name in spatial:
        layer = None if path.suffix.lower() in (".shp", ".geojson", ".json") else name
        try:
            info = _layer_info(path, layer, multi_layer=len(spatial) > 1 or path.suffix
                               .lower() == ".gdb")  # fmt: skip
        except Exception as exc:  # noqa: BLE001
            scan.skipped.append((str(path) + (f"|layername={name}" if layer else ""),
                                 f"cannot be read ({_first_line(exc)})"))  # fmt: skip
            continue
        if not info.is_polygon:
            scan.skipped.append((str(path) + (f"|layername={name}" if layer else ""),
                                 f"{info.geometry_type or 'no'} geometry: landplan uses polygons"))  # fmt: skip
            continue
        out.append(info)
    return out


def _layer_info(path: Path, layer: str | None, multi_layer: bool) -> LayerInfo:
    encoding = note = problem = None
    if path.suffix.lower() == ".shp":
        try:
            encoding, found = shapefile_encoding(path, None, "?")
            note = found.message if found else None
        except LayerError as exc:
            problem = exc.problems[0].message
            encoding = "latin1"  # to read the field names at least
    info = pyogrio.read_info(path, layer=layer, encoding=encoding)
    sample = pyogrio.read_dataframe(
        path, layer=layer, encoding=encoding, read_geometry=False, max_features=_SAMPLE
    )
    bounds = info.get("total_bounds")
    info_crs = info.get("crs")
    result = LayerInfo(
        path=path,
        layer=layer if layer is not None else None,
        multi_layer=multi_layer,
        driver=info.get("driver") or "",
        geometry_type=info.get("geometry_type"),
        crs=str(info_crs) if info_crs else None,
        features=int(info.get("features") or 0),
        fields=[str(f) for f in info["fields"]],
        sample=pd.DataFrame(sample),
        bounds=tuple(float(b) for b in bounds) if bounds is not None else None,
        encoding=None if problem else encoding,
        encoding_note=note,
        encoding_problem=problem,
    )
    if result.features <= 500:
        result.area = _area(path, layer, encoding)
    return result


def _area(path: Path, layer: str | None, encoding: str | None) -> float | None:
    try:
        gdf = pyogrio.read_dataframe(path, layer=layer, encoding=encoding, columns=[])
    except Exception:  # noqa: BLE001
        return None
    if gdf.crs is None or not gdf.crs.is_projected:
        return None
    return float(gdf.geometry.area.sum())


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# --- recognising ---------------------------------------------------------------------------


def recognise(layers: list[LayerInfo]) -> Recognised:
    """Choose a layer for each scenario key, strongest evidence first; one layer, one key."""
    county_extent = _county_extent(layers)
    scores: list[tuple[float, str, int, list[str], dict[str, str]]] = []
    county: tuple[str | None, str | None] = (None, None)
    county_layers: set[int] = set()
    for i, info in enumerate(layers):
        found = _county_boundary(info)
        if found:
            county = found
            county_layers.add(i)
            continue
        for key in SCENARIO_KEYS:
            score, reasons, renames = evidence(key, info, county_extent, layers)
            if score > 0:
                scores.append((score, key, i, reasons, renames))
    scores.sort(key=lambda s: (-s[0], SCENARIO_KEYS.index(s[1]), s[2]))
    guesses: dict[str, Guess] = {}
    used: set[int] = set()
    for score, key, i, reasons, renames in scores:
        if score < _THRESHOLD or key in guesses or i in used:
            continue
        guesses[key] = Guess(key, layers[i], score, reasons, i, renames)
        used.add(i)
    for score, key, i, _, _ in scores:
        g = guesses.get(key)
        if g is not None and i != g.index and score >= _THRESHOLD:
            g.runners_up.append((layers[i], score))
    unused = [
        (info, _why_unused(info, scores, i))
        for i, info in enumerate(layers)
        if i not in used and i not in county_layers
    ]
    town_names = _town_names(guesses.get("towns"))
    if county[0] is None and town_names:
        prefixes = {c[:6] for c in town_names}
        county = (prefixes.pop(), None) if len(prefixes) == 1 else (None, None)
    return Recognised(guesses, county, town_names, unused)


def evidence(
    key: str, info: LayerInfo, county_extent: float | None, layers: list[LayerInfo]
) -> tuple[float, list[str], dict[str, str]]:
    """How strongly a layer looks like `key`: a score, the reasons, and field renames."""
    score, reasons, renames = 0.0, [], {}
    hint = _name_hint(key, info)
    if hint:
        longest = max(len(h) for k in NAME_HINTS for h in NAME_HINTS[k] if _matches(h, info.names))
        strong = len(hint) >= longest
        score += 2.0 if strong else 0.75
        reasons.append(f"name contains `{hint}`")
    fields_lower = [f.lower() for f in info.fields]
    for fhint in FIELD_HINTS.get(key, ()):
        hit = next(
            (f for f, low in zip(info.fields, fields_lower, strict=True) if fhint in low), None
        )
        if hit:
            score += 1.5
            reasons.append(f"field `{hit}`")
            break
    if key == "landuse":
        s, r = _landuse_evidence(info)
        score, reasons = score + s, reasons + r
    elif key == "towns":
        s, r, renames = _towns_evidence(info, county_extent)
        score, reasons = score + s, reasons + r
    elif key in ("project_sites", "linkage_parcels", "reclamation_sites"):
        id_field = pick_field(info.fields, ID_FIELDS)
        if id_field is not None and score > 0:
            score += 0.5
            reasons.append(f"id field `{id_field}`")
            if id_field != "id":
                renames = {"id": id_field}
    if key != "landuse" and _has_landuse_code(info) and score < 2:
        score -= 1.0  # a land-use-like layer is the land-use layer unless its name says otherwise
    return score, reasons, renames


def _name_hint(key: str, info: LayerInfo) -> str | None:
    hits = [h for h in NAME_HINTS[key] if _matches(h, info.names)]
    return max(hits, key=len) if hits else None


def _matches(hint: str, names: str) -> bool:
    if hint.isascii() and len(hint) <= 3:
        return hint in re.split(r"[^a-z0-9]+", names)
    return hint in names


def _has_landuse_code(info: LayerInfo) -> bool:
    return pick_field(info.fields, LANDUSE_CODE_FIELDS) is not None


def _landuse_evidence(info: LayerInfo) -> tuple[float, list[str]]:
    code = pick_field(info.fields, LANDUSE_CODE_FIELDS)
    if code is None:
        return 0.0, []
    score, reasons = 2.0, [f"land-use class field `{code}`"]
    values = info.sample[code].dropna().astype(str).str.strip() if code in info.sample else None
    if values is not None and len(values) and values.str.match(_CODE_21010).mean() > 0.8:
        score += 0.5
        reasons.append("GB/T 21010 class codes")
    extra = [f for f in info.fields if f.upper() in LANDUSE_EXTRA_FIELDS]
    if extra:
        score += 1.0
        reasons.append("三调 fields " + ", ".join(f"`{f}`" for f in extra[:4]))
    if info.features > 1000:
        score += 0.5
        reasons.append(f"{info.features:,} parcels")
    return score, reasons


def code_field(info: LayerInfo, digits: int) -> str | None:
    """A field whose sampled values are all `digits`-digit codes, one per feature."""
    for f in info.fields:
        if f not in info.sample:
            continue
        values = [_code_text(v) for v in info.sample[f]]
        values = [v for v in values if v is not None]
        if not values or len(values) < 0.9 * len(info.sample):
            continue
        if all(v.isdigit() and len(v) == digits for v in values) and len(set(values)) == len(
            values
        ):
            return f
    return None


def _code_text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value).strip() or None


def town_code_field(info: LayerInfo) -> tuple[str, int] | None:
    """The field of town codes and its length: 9 digits, or 12 digits ending in 000 as the
    三调 XZQ layers store XZQDM (341126105000: the town 341126105 at village level 000)."""
    code = code_field(info, 9)
    if code is not None:
        return code, 9
    code = code_field(info, 12)
    if code is None:
        return None
    values = [v for v in (_code_text(x) for x in info.sample[code]) if v is not None]
    if all(v.endswith("000") for v in values) and len({v[:9] for v in values}) == len(values):
        return code, 12
    return None


def _towns_evidence(
    info: LayerInfo, county_extent: float | None
) -> tuple[float, list[str], dict[str, str]]:
    found = town_code_field(info)
    if found is None:
        return 0.0, [], {}
    code, digits = found
    score, reasons = 2.0, [
        f"9-digit town codes in `{code}`" if digits == 9 else
        f"12-digit town codes ending in 000 in `{code}` (三调 XZQDM): read as their first 9 "
        "digits"]  # fmt: skip
    prefixes = {_code_text(v)[:6] for v in info.sample[code] if _code_text(v)}
    if len(prefixes) == 1:
        score += 0.25
    if 2 <= info.features <= 80:
        score += 0.25
    if info.area is not None and county_extent:
        cover = info.area / county_extent
        if cover > 0.5:
            score += 1.0
            reasons.append("covers the county")
        elif cover < 0.2:
            score -= 1.5
            reasons.append(f"covers only {cover:.0%} of the county")
    renames = {} if code == "code" else {"code": code}
    return score, reasons, renames


def _county_extent(layers: list[LayerInfo]) -> float | None:
    """The county's area: the largest summed area of a small layer (towns, county boundary),
    else the land-use layer's bounding box."""
    areas = [info.area for info in layers if info.area]
    if areas:
        return max(areas)
    boxes = [(b[2] - b[0]) * (b[3] - b[1]) for info in layers if (b := info.bounds)]
    return max(boxes) if boxes else None


def _county_boundary(info: LayerInfo) -> tuple[str, str | None] | None:
    """One feature with a 6-digit code: the county boundary (县级行政区), code and name."""
    if info.features != 1:
        return None
    code = code_field(info, 6)
    if code is None:
        return None
    name_field = pick_field(info.fields, NAME_FIELDS)
    name = info.sample[name_field].iloc[0] if name_field and name_field in info.sample else None
    return _code_text(info.sample[code].iloc[0]), (str(name).strip() if name else None)


def _town_names(guess: Guess | None) -> dict[str, str]:
    if guess is None:
        return {}
    info = guess.info
    code = guess.renames.get("code", "code")
    name_field = None if info.encoding_problem else town_name_field(info)  # unreadable text
    out = {}
    for _, row in info.sample.iterrows():
        c = _code_text(row.get(code))
        if c is None:
            continue
        c = town_code(c)
        name = row.get(name_field) if name_field else None
        out[c] = str(name).strip() if isinstance(name, str) and name.strip() else c
    return dict(sorted(out.items()))


def town_name_field(info: LayerInfo) -> str | None:
    """The field with town names: a known name field, else text ending in 镇, 乡 or 街道."""
    known = pick_field(info.fields, NAME_FIELDS)
    if known:
        return known
    for f in info.fields:
        if f in info.sample and info.sample[f].dtype == object:
            values = info.sample[f].dropna().astype(str)
            if len(values) and values.str.contains(r"(镇|乡|街道|办事处)$").mean() > 0.6:
                return f
    return None


def pick_field(fields: Iterable[str], wanted: Iterable[str]) -> str | None:
    """The first of `wanted` among `fields`, ignoring case."""
    by_lower = {f.lower(): f for f in fields}
    for w in wanted:
        if w.lower() in by_lower:
            return by_lower[w.lower()]
    return None


def _why_unused(info: LayerInfo, scores: list, i: int) -> str:
    mine = [(s, k) for s, k, j, _, _ in scores if j == i]
    if not mine:
        return "not recognised as any scenario layer"
    best_score, best_key = max(mine)
    if best_score < _THRESHOLD:
        return f"too little evidence (maybe {best_key})"
    return f"another layer fits `{best_key}` better"
