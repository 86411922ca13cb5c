"""Where a layer comes from: a file path, possibly with `|layername=...`, or a database URL.

A planner types these paths by hand, so a wrong one gets a message that says what exists
nearby (sibling files, the layers inside a GeoPackage) instead of a GDAL error.

Forms (options after `|` work for files and URLs alike):

    gis/towns.gpkg                         the only spatial layer in the file
    survey.gdb|layername=DLTB              one layer of a GeoPackage or File Geodatabase
    XZQ.shp|code=XZQDM                     read the field landplan calls `code` from XZQDM
    XZQ.shp|encoding=Big5                  this shapefile's text encoding (over layers.encoding)
    postgresql://user@host:5432/db?table=schema.name
    postgresql://user@host/db?table=sanqu.czkfbj&geometry=shape&sslmode=require
    postgresql://user@host/db?query=SELECT bsm, dlbm, kcxs, shape FROM sd.dltb WHERE ...

A database URL names a table (`table=[schema.]name`) or a query (`query=...`, the last
parameter, taken verbatim up to the end or to a `|option`); `geometry=` picks the geometry
column when there are several. Other parameters (sslmode, connect_timeout, ...) go to the
PostgreSQL client library. Leave the password out of the scenario: libpq reads it from
PGPASSWORD or ~/.pgpass. A password given in the URL is used but never shown in a message.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import pyogrio

from landplan.errors import LayerError, Problem
from landplan.layers._text import listing

_SHAPEFILE_PARTS = (".shx", ".dbf")
_LAYER_SUFFIXES = {".shp", ".gpkg", ".geojson", ".json", ".gdb", ".fgb", ".kml", ".gml", ".sqlite"}


_DB_SCHEMES = ("postgresql", "postgres")
_DB_OWN = ("table", "query", "geometry")
# libpq connection parameters a URL may carry (https://www.postgresql.org/docs/current/libpq-connect.html)
_LIBPQ = (
    "host", "hostaddr", "port", "dbname", "user", "password", "passfile", "connect_timeout",
    "client_encoding", "options", "application_name", "keepalives", "sslmode", "sslcert",
    "sslkey", "sslrootcert", "sslcrl", "sslpassword", "gssencmode", "target_session_attrs",
    "service", "channel_binding", "krbsrvname", "requiressl", "load_balance_hosts",
)  # fmt: skip
_TRAILING_OPTIONS = re.compile(r"(?:\|[A-Za-z_][A-Za-z0-9_]*=[^|]*)+$")


@dataclass(frozen=True)
class DatabaseSource:
    """A PostGIS table or query: how to connect (`conninfo`, secret) and what to show."""

    conninfo: str
    shown: str
    table: tuple[str | None, str] | None
    query: str | None
    geometry: str | None
    password: str | None = None

    @property
    def relation(self) -> str:
        """`schema.name` or `(query)`, for messages."""
        if self.table is not None:
            return ".".join(p for p in self.table if p)
        return f"({self.query})"


@dataclass(frozen=True)
class Source:
    """A layer source split into the file and the layer inside it.

    `text` is what messages show (a URL without its password); `renames` maps a field name
    landplan asks for to the field the layer has (`|code=XZQDM`).
    """

    text: str
    path: Path
    layer: str | int | None
    renames: tuple[tuple[str, str], ...] = ()
    database: DatabaseSource | None = None
    encoding: str | None = None  # `|encoding=Big5`: this layer's text, over `layers.encoding`

    @property
    def is_shapefile(self) -> bool:
        return self.database is None and self.path.suffix.lower() == ".shp"

    @property
    def is_database(self) -> bool:
        return self.database is not None


def parse_source(text: str, key: str) -> Source:
    """Split `path|layername=x|field=FIELD` (QGIS convention) or a PostGIS URL, and check
    that the file is there."""
    if "://" in text:
        return _parse_url(text, key)
    path_text, _, options = text.partition("|")
    layer, renames = _options(options)
    encoding = dict(renames).get("encoding")
    renames = tuple((k, v) for k, v in renames if k != "encoding")
    source = Source(text, Path(path_text.strip()), layer, renames, encoding=encoding)
    _check_exists(source, key)
    return source


def display_source(text: str | None) -> str | None:
    """A layer source as a message may show it: a database URL loses its password."""
    if text is None or "://" not in text:
        return text
    scheme, _, rest = text.partition("://")
    head, sep, tail = rest.partition("@")
    if sep and "/" not in head:
        head = head.split(":", 1)[0]
        rest = head + "@" + tail
    rest = re.sub(r"(?i)([?&]password=)[^&|]*", r"\g<1>***", rest)
    return f"{scheme}://{rest}"


def _options(options: str) -> tuple[str | int | None, tuple[tuple[str, str], ...]]:
    layer: str | int | None = None
    renames: list[tuple[str, str]] = []
    for option in filter(None, options.split("|")):
        name, _, value = option.partition("=")
        name, value = name.strip(), value.strip()
        if name.lower() == "layername":
            layer = value
        elif name.lower() == "layerid" and value.isdigit():
            layer = int(value)
        elif name and value:
            renames.append((name, value))
    return layer, tuple(renames)


def _parse_url(text: str, key: str) -> Source:
    scheme = text.split("://", 1)[0].lower()
    if scheme not in _DB_SCHEMES:
        raise LayerError(_url_problem(text, key))
    match = _TRAILING_OPTIONS.search(text)
    url, options = (text[: match.start()], match.group()) if match else (text, "")
    layer, renames = _options(options)
    database = database_url(url, field=f"layers.{key}", relation=True, layer=layer)
    return Source(database.shown, Path(), None, renames, database)


def database_url(
    text: str, *, field: str, relation: bool, layer: str | int | None = None
) -> DatabaseSource:
    """Parse `postgresql://user:password@host:port/database?table=...` (see the module doc);
    `relation` says whether a table or query must be named (a layer) or not (a target)."""
    scheme = text.split("://", 1)[0].lower()
    if scheme not in _DB_SCHEMES:
        raise LayerError(
            Problem(
                f"`{scheme}://` is not a PostgreSQL address",
                field=field,
                hint="write it as postgresql://user@host:5432/database",
            )
        )
    base, _, query_string = text.partition("?")
    sql = None
    found = re.search(r"(?:^|&)query=", query_string)
    if found:
        sql = query_string[found.end() :].strip() or None
        query_string = query_string[: found.start()]
    params = dict(parse_qsl(query_string, keep_blank_values=True))
    parts = urlsplit(base)
    shown = _shown(parts, params, sql)
    if layer is not None and not params.get("table") and sql is None:
        params["table"] = str(layer)
    problem = _port_problem(parts, params, shown, field) or _url_params_problem(
        params, sql, parts.path, shown, field, relation
    )
    if problem:
        raise LayerError(problem)
    libpq = {k: v for k, v in params.items() if k not in _DB_OWN}
    password = parts.password or libpq.get("password")
    return DatabaseSource(
        conninfo=urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(libpq), "")),
        shown=shown,
        table=_table_name(params.get("table")) if sql is None else None,
        query=sql,
        geometry=params.get("geometry") or None,
        password=unquote(password) if password else None,
    )


def _shown(parts, params: dict[str, str], sql: str | None) -> str:
    """The URL without its password, for messages."""
    shown_params = {k: v for k, v in params.items() if k not in ("password",)}
    shown_query = urlencode(shown_params, safe=".,:/")
    if sql is not None:
        shown_query += ("&" if shown_query else "") + f"query={sql}"
    userinfo, at, host = parts.netloc.rpartition("@")
    netloc = (userinfo.split(":", 1)[0] + "@" + host) if at else host
    shown = urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    return shown + ("?" + shown_query if shown_query else "")


def _url_params_problem(
    params: dict[str, str], sql: str | None, path: str, shown: str, field: str, relation: bool
) -> Problem | None:
    form = "postgresql://user@host:5432/database?table=schema.name (or ?query=SELECT ...)"
    unknown = [k for k in params if k not in _DB_OWN + _LIBPQ]
    if unknown:
        close = difflib.get_close_matches(unknown[0], [*_DB_OWN, *_LIBPQ], n=1, cutoff=0.6)
        return Problem(
            f"`{unknown[0]}=` is not a parameter of a database source",
            file=shown,
            field=field,
            hint=(f"did you mean `{close[0]}=`? " if close else "")
            + f"write it as {form}; `query=` comes last",
        )
    if not path.strip("/"):
        return Problem(
            "names no database",
            file=shown,
            field=field,
            hint=f"put the database name after the host: {form}",
        )
    if not relation:
        if sql is not None or params.get("table"):
            return Problem(
                "names a table or query, but results go into a schema of their own",
                file=shown,
                field=field,
                hint="give the database only: postgresql://user@host:5432/database",
            )
        return None
    if sql is not None and params.get("table"):
        return Problem(
            "names both a table and a query; give one of them",
            file=shown,
            field=field,
            hint="`?table=schema.name` reads a whole table, `?query=SELECT ...` a selection",
        )
    if sql is None and not params.get("table"):
        return Problem(
            "names no table: say which table or query holds the layer",
            file=shown,
            field=field,
            hint=f"write it as {form}",
        )
    return None


def _port_problem(parts, params: dict[str, str], shown: str, field: str) -> Problem | None:
    """A port that is not a number from 1 to 65535, in the address or as `port=`."""
    try:
        port = parts.port
    except ValueError:  # not a number, or out of 0–65535
        port = parts.netloc.rpartition("@")[2].rpartition(":")[2]
    for value in (port, params.get("port")):
        if value is None:
            continue
        text = str(value).strip()
        if not (text.isdigit() and 1 <= int(text) <= 65535):
            return Problem(
                f"the port `{text}` is not a port number (1 to 65535)",
                file=shown,
                field=field,
                hint="PostgreSQL listens on 5432 unless told otherwise: "
                "postgresql://user@host:5432/database",
            )
    return None


def _table_name(text: str | int | None) -> tuple[str | None, str] | None:
    if text is None:
        return None
    schema, _, name = str(text).strip().rpartition(".")
    return (schema.strip('"') or None, name.strip('"'))


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
    return Problem(
        f"`{scheme}://` sources are not supported",
        field=f"layers.{key}",
        hint="give the path of a file, or a PostGIS table as "
        "postgresql://user@host:5432/database?table=schema.name",
    )


def _check_exists(source: Source, key: str) -> None:
    path = source.path
    if not path.exists() and path.is_symlink():
        raise LayerError(
            Problem(
                "is a symbolic link that leads nowhere (a loop, or its target is gone)",
                file=source.text,
                field=f"layers.{key}",
                hint="point the path at the layer file itself, or fix the link "
                "(ls -l shows where it points)",
            )
        )
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
