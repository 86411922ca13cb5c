"""Where a layer comes from: a file path, possibly with `|layername=...`, or a database URL.

A planner types these paths by hand, so a wrong one gets a message that says what exists
nearby (sibling files, the layers inside a GeoPackage) instead of a GDAL error.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import pyogrio

from landplan.errors import LayerError, Problem
from landplan.layers._text import listing

_SHAPEFILE_PARTS = (".shx", ".dbf")
_LAYER_SUFFIXES = {".shp", ".gpkg", ".geojson", ".json", ".gdb", ".fgb", ".kml", ".gml", ".sqlite"}


@dataclass(frozen=True)
class Source:
    """A layer source split into the file and the layer inside it."""

    text: str
    path: Path
    layer: str | int | None

    @property
    def is_shapefile(self) -> bool:
        return self.path.suffix.lower() == ".shp"


def parse_source(text: str, key: str) -> Source:
    """Split `path|layername=x` (QGIS convention), refuse URLs, and check the file is there."""
    if "://" in text:
        raise LayerError(_url_problem(text, key))
    path_text, _, options = text.partition("|")
    layer: str | int | None = None
    for option in filter(None, options.split("|")):
        name, _, value = option.partition("=")
        if name.strip().lower() == "layername":
            layer = value.strip()
        elif name.strip().lower() == "layerid" and value.strip().isdigit():
            layer = int(value)
    source = Source(text, Path(path_text.strip()), layer)
    _check_exists(source, key)
    return source


def choose_layer(source: Source, key: str) -> str | int | None:
    """The layer to read: the one named, or the only spatial one; several and none named is an error."""
    if source.is_shapefile or source.path.suffix.lower() in (".geojson", ".json"):
        return None
    try:
        found = pyogrio.list_layers(source.path)
    except Exception as exc:  # noqa: BLE001 - any driver error means "cannot be opened"
        raise LayerError(unreadable(source, key, exc)) from None
    spatial = [str(name) for name, kind in found if kind is not None]
    names = [str(name) for name, _ in found]
    if isinstance(source.layer, int) or (source.layer is not None and source.layer in names):
        return source.layer
    if source.layer is not None:
        close = difflib.get_close_matches(source.layer, names, n=1, cutoff=0.5)
        hint = f"did you mean `{close[0]}`? " if close else ""
        raise LayerError(
            Problem(
                f"has no layer `{source.layer}`",
                file=str(source.path),
                field=f"layers.{key}",
                hint=hint + f"layers in this file: {listing(spatial or names)}",
            )
        )
    if len(spatial) > 1:
        raise LayerError(
            Problem(
                f"holds {len(spatial)} layers; say which one to use",
                file=str(source.path),
                field=f"layers.{key}",
                hint=f"write the path as `{source.path.name}|layername={spatial[0]}`; "
                f"layers: {listing(spatial)}",
            )
        )
    return spatial[0] if spatial else None


def unreadable(source: Source, key: str, exc: Exception) -> Problem:
    """A file that exists but GDAL cannot open: show GDAL's reason, say what can be read."""
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return Problem(
        f"cannot be read as a GIS layer ({reason})",
        file=source.text,
        field=f"layers.{key}",
        hint="open it in QGIS to check it; landplan reads GeoPackage (.gpkg), Shapefile "
        "(.shp with its .shx and .dbf), GeoJSON and File Geodatabase folders (.gdb)",
    )


def _url_problem(text: str, key: str) -> Problem:
    scheme = text.split("://", 1)[0].lower()
    if scheme.startswith("postgres"):
        return Problem(
            "database sources (PostGIS) are not supported yet",
            file=f"{scheme}://{text.split('@')[-1].split('://')[-1]}",  # never echo a password
            field=f"layers.{key}",
            hint="export the layer to a GeoPackage (QGIS: Export → Save Features As…) "
            "and give its path",
        )
    return Problem(
        f"`{scheme}://` sources are not supported",
        field=f"layers.{key}",
        hint="download the layer and give the path of the file",
    )


def _check_exists(source: Source, key: str) -> None:
    path = source.path
    if not path.exists():
        raise LayerError(
            Problem(
                "layer file not found",
                file=source.text,
                field=f"layers.{key}",
                hint=_nearby_hint(path),
            )
        )
    if source.is_shapefile:
        missing = [s for s in _SHAPEFILE_PARTS if not _sidecar(path, s).is_file()]
        if missing:
            raise LayerError(
                Problem(
                    f"the shapefile is incomplete: {' and '.join(missing)} missing next to it",
                    file=source.text,
                    field=f"layers.{key}",
                    hint="a shapefile is several files (.shp, .shx, .dbf, .prj, .cpg); "
                    "copy all of them into the same folder",
                )
            )


def _sidecar(path: Path, suffix: str) -> Path:
    for candidate in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
        if candidate.is_file():
            return candidate
    return path.with_suffix(suffix)


def _nearby_hint(path: Path) -> str:
    base = "check the path under `layers` in the scenario; relative paths are read from the scenario's folder"
    if not path.parent.is_dir():
        return base + f" (the folder {path.parent} does not exist either)"
    siblings = [p.name for p in path.parent.iterdir() if p.suffix.lower() in _LAYER_SUFFIXES]
    close = difflib.get_close_matches(path.name, siblings, n=2, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(f"`{c}`" for c in close) + "? " + base
    return base
