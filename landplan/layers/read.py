"""Read one GIS layer into the scenario's CRS, with its ids as text and its polygons usable.

Everything wrong with a layer is collected and raised as one LayerError, so a planner fixes
the file once instead of once per message.
"""

from __future__ import annotations

import difflib
import importlib.util
from collections import Counter
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from landplan.errors import LayerError, Note, Problem, Problems
from landplan.layers._text import listing, row_labels
from landplan.layers.crs import to_scenario_crs
from landplan.layers.encoding import shapefile_encoding
from landplan.layers.geometry import check_polygons
from landplan.layers.source import Source, choose_layer, parse_source, unreadable

_HAS_ARROW = importlib.util.find_spec("pyarrow") is not None


def read_layer(
    source: str,
    *,
    key: str,
    crs: str,
    encoding: str | None = None,
    id_field: str | None = None,
    columns: Sequence[str] | None = None,
    required: Sequence[str] = (),
    unique_ids: bool = True,
) -> tuple[gpd.GeoDataFrame, list[Note]]:
    """A polygon layer in `crs` and the notes on what was done to it; LayerError lists all problems.

    `id_field` and `required` fields must exist (matched case-insensitively, returned with
    the spelling asked for); `columns` limits the other fields read, which saves time on
    300,000-parcel land-use layers. Ids are text; `unique_ids` forbids two records per id.
    """
    src = parse_source(source, key)
    notes: list[Note] = []
    text_encoding = None
    if src.is_database:
        layer = None
    else:
        layer = choose_layer(src, key)
    if src.is_shapefile:
        if src.encoding:
            text_encoding, note = shapefile_encoding(src.path, src.encoding, key,
                                                     f"`|encoding={src.encoding}`")  # fmt: skip
        else:
            text_encoding, note = shapefile_encoding(src.path, encoding, key)
        notes += [note] if note else []
    problems = Problems()
    fields = _field_names(src, layer, text_encoding, key)
    must = [f for f in (id_field, *required) if f]
    asked = [*must, *(columns or [])]
    found = _match_fields(fields, asked, dict(src.renames))
    problems.extend(_rename_problems(src, fields, asked))
    for name in must:
        if name not in found and name not in dict(src.renames):  # else a rename problem says it
            problems.extend([_missing_field(name, fields, src.text)])
    wanted = None if columns is None else list(dict.fromkeys(found.values()))
    gdf = _read_frame(src, layer, text_encoding, wanted, key)
    gdf = _renamed(gdf, found)
    if gdf.empty:
        notes.append(Note("the layer has no features: nothing lies in it", file=src.text))
    ids = None
    if id_field in found:
        gdf[id_field] = as_text_ids(gdf[id_field])
        if key == "towns":
            gdf[id_field], code_notes = _town_codes(gdf[id_field], src.text)
            notes += code_notes
        problems.extend(_id_problems(gdf[id_field], id_field, src.text, unique_ids))
        ids = gdf[id_field].to_numpy(dtype=object)
    geoms, geom_problems, geom_notes = check_polygons(gdf.geometry.to_numpy(), ids, src.text)
    gdf = gdf.set_geometry(gpd.GeoSeries(geoms, index=gdf.index, crs=gdf.crs))
    gdf, crs_problems, crs_notes = to_scenario_crs(gdf, crs, src.text, key)
    problems.extend(geom_problems + crs_problems)
    problems.raise_if_any(LayerError)
    return gdf, notes + geom_notes + crs_notes


def as_text_ids(values: pd.Series) -> pd.Series:
    """Ids as text: 341126101.0 read from a numeric field becomes "341126101"; blanks become None."""
    return pd.Series([_id_text(v) for v in values], index=values.index, dtype=object)


def town_code(code: str) -> str:
    """A 12-digit town-level code ending in 000 (三调 XZQDM) as the 9-digit town code."""
    return code[:9] if len(code) == 12 and code.isdigit() and code.endswith("000") else code


def _town_codes(codes: pd.Series, source: str) -> tuple[pd.Series, list[Note]]:
    """三调 XZQ layers store town codes as 12 digits ending in 000: read them as 9 digits."""
    long = codes.map(lambda c: c is not None and town_code(c) != c).astype(bool)
    if not long.any():
        return codes, []
    out = codes.map(lambda c: town_code(c) if c is not None else c)
    example = codes[long].iloc[0]
    return out, [Note(f"{int(long.sum())} town code(s) have 12 digits ending in 000 (三调 XZQDM, e.g. "
                 f"{example}): read as their first 9 digits ({town_code(example)})",
                 file=source)]  # fmt: skip


def _id_text(value: object) -> str | None:
    if value is None or (np.isscalar(value) and pd.isna(value)):
        return None
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    text = str(value).strip()
    return text or None


def _id_problems(ids: pd.Series, field: str, file: str, unique: bool) -> list[Problem]:
    out = []
    blank = ids.isna().to_numpy()
    if blank.any():
        out.append(
            Problem(
                f"{blank.sum()} record(s) have no `{field}`: {listing(row_labels(np.flatnonzero(blank)))}",
                file=file,
                field=field,
                hint=f"fill in `{field}` with the id the scenario uses for the record",
            )
        )
    counts = Counter(ids.dropna())
    repeated = sorted(i for i, n in counts.items() if n > 1)
    if unique and repeated:
        out.append(
            Problem(
                f"the same `{field}` is on more than one record: {listing(repeated)}",
                file=file,
                field=field,
                hint="give each record its own id; a site or town in several pieces is one "
                "multi-part feature (QGIS: Merge Selected Features)",
            )
        )
    return out


def _field_names(src: Source, layer: str | int | None, encoding: str | None, key: str) -> list[str]:
    if src.database is not None:
        from landplan.ingest.postgis import table_fields

        return table_fields(src.database, key)
    try:
        info = pyogrio.read_info(src.path, layer=layer, encoding=encoding)
    except Exception as exc:  # noqa: BLE001 - any driver error means "cannot be opened"
        raise LayerError(unreadable(src, key, exc)) from None
    return [str(f) for f in info["fields"]]


def _match_fields(
    fields: list[str], names: Sequence[str], renames: dict[str, str] | None = None
) -> dict[str, str]:
    """Asked-for name → field name in the file: the one a `|name=FIELD` option names, else
    the exact name, else the name ignoring case (DBF uppercases)."""
    out = {}
    lower = {}
    for f in fields:
        lower.setdefault(f.lower(), []).append(f)
    for name in names:
        target = (renames or {}).get(name)
        if target is not None:
            matched = _match_fields(fields, [target])
            if target in matched:
                out[name] = matched[target]
            continue
        if name in fields:
            out[name] = name
        elif len(lower.get(name.lower(), [])) == 1:
            out[name] = lower[name.lower()][0]
    return out


def _renamed(gdf: gpd.GeoDataFrame, found: dict[str, str]) -> gpd.GeoDataFrame:
    """Fields under the names asked for; a field the layer already has under an asked name
    that another field replaces (`|code=XZQDM` when there is also a `code`) steps aside."""
    mapping = {v: k for k, v in found.items() if k != v}
    clash = [k for k in mapping.values() if k in gdf.columns and k not in mapping]
    gdf = gdf.rename(columns={c: f"{c}_original" for c in clash})
    return gdf.rename(columns=mapping)


def _rename_problems(src: Source, fields: list[str], asked: list[str]) -> list[Problem]:
    """`|name=FIELD` options must name a field landplan reads and a field the layer has."""
    out = []
    for name, target in src.renames:
        if name not in asked:
            out.append(
                Problem(
                    f"the option `|{name}={target}` names no field landplan reads from this layer",
                    file=src.text,
                    hint=f"fields read from this layer: {listing(asked) or '(none)'}",
                )
            )
        elif target not in _match_fields(fields, [target]):
            close = _did_you_mean(target, fields)
            out.append(
                Problem(
                    f"the option `|{name}={target}` names a field the layer does not have",
                    file=src.text,
                    field=target,
                    hint=(f"did you mean `{close}`? " if close else "")
                    + f"fields in this layer: {listing(fields, limit=30) or '(none)'}",
                )
            )
    return out


def _missing_field(name: str, fields: list[str], file: str) -> Problem:
    close = _did_you_mean(name, fields)
    hint = f"did you mean `{close}`? " if close else ""
    return Problem(
        "is missing from the layer",
        file=file,
        field=name,
        hint=hint + f"fields in this layer: {listing(fields, limit=30) or '(none)'}",
    )


def _did_you_mean(name: str, fields: list[str]) -> str | None:
    """A close spelling, else a field that contains the name (`site_id` for `id`)."""
    by_lower = {f.lower(): f for f in fields}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
    if close:
        return by_lower[close[0]]
    containing = [f for f in fields if name.lower() in f.lower()]
    return min(containing, key=len) if containing else None


def _read_frame(
    src: Source, layer: str | int | None, encoding: str | None, columns: list[str] | None, key: str
) -> gpd.GeoDataFrame:
    """Read with Arrow when pyarrow is there (several times faster), else without."""
    if src.database is not None:
        from landplan.ingest.postgis import read_table

        return read_table(src.database, key, columns)
    kwargs = {"layer": layer, "engine": "pyogrio", "encoding": encoding, "columns": columns}
    if _HAS_ARROW:
        try:
            return gpd.read_file(src.path, use_arrow=True, **kwargs)
        except Exception:  # noqa: BLE001 - retry the slower, more forgiving reader
            pass
    try:
        return gpd.read_file(src.path, use_arrow=False, **kwargs)
    except Exception as exc:  # noqa: BLE001 - any driver error means "cannot be read"
        raise LayerError(unreadable(src, key, exc)) from None
