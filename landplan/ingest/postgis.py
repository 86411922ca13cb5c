"""PostGIS: connect with messages a planner understands, and read a layer from a table or query.

Connection problems (no server, a refused password, an unknown database) become messages for
the planner; a password is never shown. Geometries travel as WKB and are decoded with
shapely, so only `psycopg` is needed. Writing a run's results is in pgwrite.py.
"""

from __future__ import annotations

import contextlib
import decimal
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from landplan.errors import LandplanError, LayerError, Problem
from landplan.layers._text import listing
from landplan.layers.source import DatabaseSource

if TYPE_CHECKING:
    import psycopg


_CONNECT_TIMEOUT = 10  # seconds; a bureau's server behind a VPN may be slow, not absent
_PASSWORD_HINT = (
    "check the user name and password; keep the password out of the scenario: set "
    "PGPASSWORD or put it in ~/.pgpass (host:port:database:user:password)"
)


# --- connecting ----------------------------------------------------------------------------


@contextlib.contextmanager
def connect(
    db: DatabaseSource, *, field: str, error: type[LandplanError], read_only: bool = False
) -> Iterator[psycopg.Connection]:
    """A connection, or `error` with a planner's message: no server, refused password, ..."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        raise error(
            Problem(
                "PostGIS needs the `psycopg` package, which is not installed",
                file=db.shown,
                field=field,
                hint="pip install 'psycopg[binary]'",
            )
        ) from None
    try:
        conn = psycopg.connect(
            db.conninfo,
            connect_timeout=_CONNECT_TIMEOUT,
            application_name="landplan",
            autocommit=True,  # transactions only where asked for: conn.transaction()
        )
    except psycopg.Error as exc:
        raise error(_connect_problem(exc, db, field)) from None
    try:
        if read_only:  # a layer's query must not change anything
            conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        yield conn
    finally:
        conn.close()


def _connect_problem(exc: Exception, db: DatabaseSource, field: str) -> Problem:
    text = _scrub(str(exc), db)
    where = _server(db)
    low = text.lower()
    user = _user(db) or "(your login name)"
    if "password authentication failed" in low or "authentication failed" in low:
        message, hint = f"the database refused the password for user `{user}`", _PASSWORD_HINT
    elif "no password supplied" in low:
        message, hint = f"the database asks for a password for user `{user}`", _PASSWORD_HINT
    elif re.search(r'role "[^"]*" does not exist', low):
        message = f"the database has no user `{user}`"
        hint = "check the user name before the @ in the address"
    elif re.search(r'database "[^"]*" does not exist', low):
        message = f"the server at {where} has no database `{_dbname(db)}`"
        hint = "check the database name after the host in the address (ask the DBA for it)"
    elif "could not translate host name" in low or "name or service not known" in low:
        message = f"the host name in {where} is unknown"
        hint = "check the host in the address; on the bureau's network, is the VPN on?"
    elif "timeout" in low:
        message = f"no answer from a database server at {where} within {_CONNECT_TIMEOUT} s"
        hint = "check host and port; is the server up, is a firewall or VPN in the way?"
    elif "connection refused" in low or "could not connect" in low or "no such file" in low:
        message = f"no database server answers at {where}"
        hint = (
            "check host and port (PostgreSQL listens on 5432 unless told otherwise); is it running?"
        )
    else:
        first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
        message, hint = f"cannot connect to the database: {first}", None
    return Problem(message, file=db.shown, field=field, hint=hint)


def _scrub(text: str, db: DatabaseSource) -> str:
    """Remove the password from a driver message, whatever the driver chose to echo."""
    if db.password:
        text = text.replace(db.password, "***")
    return re.sub(r"(?i)(password=)\S+", r"\1***", text)


def _server(db: DatabaseSource) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(db.conninfo)
    host = parts.hostname or "localhost (socket)"
    return f"{host}:{parts.port or 5432}"


def _user(db: DatabaseSource) -> str | None:
    from urllib.parse import unquote, urlsplit

    user = urlsplit(db.conninfo).username
    return unquote(user) if user else None


def _dbname(db: DatabaseSource) -> str:
    from urllib.parse import unquote, urlsplit

    return unquote(urlsplit(db.conninfo).path.lstrip("/"))


# --- reading layers ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Relation:
    """What a table or query holds: its columns, and which one is the geometry."""

    sql: Any  # psycopg.sql.Composable: the FROM item
    columns: list[str]
    geometry: str
    geography: bool


def table_fields(db: DatabaseSource, key: str) -> list[str]:
    """The attribute fields of a PostGIS layer (every column but its geometry)."""
    with connect(db, field=f"layers.{key}", error=LayerError, read_only=True) as conn:
        rel = _relation(conn, db, key)
    return [c for c in rel.columns if c != rel.geometry]


def read_table(db: DatabaseSource, key: str, columns: list[str] | None = None) -> gpd.GeoDataFrame:
    """A PostGIS table or query as a GeoDataFrame, in the CRS of its SRID (none for SRID 0)."""
    from psycopg import sql

    field = f"layers.{key}"
    with connect(db, field=field, error=LayerError, read_only=True) as conn:
        rel = _relation(conn, db, key)
        keep = [c for c in (columns if columns is not None else rel.columns) if c != rel.geometry]
        g = sql.Identifier(rel.geometry)
        geom = sql.SQL("{}::geometry").format(g) if rel.geography else g
        query = sql.SQL("SELECT {cols}ST_AsBinary({geom}), ST_SRID({geom}) FROM {rel}").format(
            cols=sql.SQL("").join(sql.SQL("{}, ").format(sql.Identifier(c)) for c in keep),
            geom=geom,
            rel=rel.sql,
        )
        rows = _fetch(conn, query, db, key)
        srids = sorted({r[-1] for r in rows if r[-1] is not None})
        crs = _crs(conn, srids, db, key)
    frame = pd.DataFrame([r[: len(keep)] for r in rows], columns=keep)
    for c in keep:
        frame[c] = _plain(frame[c])
    wkb = np.array([r[len(keep)] for r in rows], dtype=object)
    geoms = shapely.from_wkb(wkb) if len(wkb) else np.array([], dtype=object)
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, crs=crs), crs=crs)


def _relation(conn: psycopg.Connection, db: DatabaseSource, key: str) -> _Relation:
    from psycopg import sql

    field = f"layers.{key}"
    geo_oids = {
        oid: name
        for oid, name in conn.execute(
            "SELECT oid, typname FROM pg_type WHERE typname IN ('geometry', 'geography')"
        ).fetchall()
    }
    if not geo_oids:
        raise LayerError(
            Problem(
                f"the database `{_dbname(db)}` has no PostGIS, so it holds no layers",
                file=db.shown,
                field=field,
                hint="check the database name; PostGIS is added with CREATE EXTENSION postgis",
            )
        )
    if db.table is not None:
        schema, name = db.table
        ident = sql.Identifier(schema, name) if schema else sql.Identifier(name)
        found = conn.execute("SELECT to_regclass(%s)", [ident.as_string(conn)]).fetchone()
        if found is None or found[0] is None:
            raise LayerError(_no_table(conn, db, key))
        from_item = ident
    else:
        from_item = sql.SQL("({}) AS landplan_query").format(sql.SQL(db.query or ""))
    cur = _execute(conn, sql.SQL("SELECT * FROM {} LIMIT 0").format(from_item), db, key)
    desc = cur.description or []
    columns = [d.name for d in desc]
    geo = [d.name for d in desc if d.type_code in geo_oids]
    kinds = {d.name: geo_oids.get(d.type_code) for d in desc}
    if db.geometry is not None:
        if db.geometry not in columns or db.geometry not in geo:
            raise LayerError(
                Problem(
                    f"has no geometry column `{db.geometry}`",
                    file=db.shown,
                    field=field,
                    hint=f"geometry columns: {listing(geo) or '(none)'}",
                )
            )
        chosen = db.geometry
    elif len(geo) == 1:
        chosen = geo[0]
    elif not geo:
        raise LayerError(
            Problem(
                f"{db.relation} has no geometry column: it is a table, not a layer",
                file=db.shown,
                field=field,
                hint="name a table with a geometry column (SELECT * FROM geometry_columns "
                "lists them), or select one in the query",
            )
        )
    else:
        raise LayerError(
            Problem(
                f"has {len(geo)} geometry columns; say which one is the layer",
                file=db.shown,
                field=field,
                hint=f"add `&geometry={geo[0]}` to the address; geometry columns: {listing(geo)}",
            )
        )
    return _Relation(from_item, columns, chosen, kinds[chosen] == "geography")


def _no_table(conn: psycopg.Connection, db: DatabaseSource, key: str) -> Problem:
    rows = conn.execute(
        "SELECT f_table_schema, f_table_name FROM geometry_columns ORDER BY 1, 2"
    ).fetchall()
    tables = [f"{s}.{n}" for s, n in rows]
    asked = db.relation
    close = difflib.get_close_matches(asked, tables, n=2, cutoff=0.8)
    close += [t for t in tables if t.split(".")[-1] == asked.split(".")[-1] and t not in close]
    hint = ("did you mean " + " or ".join(f"`{c}`" for c in close[:2]) + "? ") if close else ""
    return Problem(
        f"the database has no table `{asked}`",
        file=db.shown,
        field=f"layers.{key}",
        hint=hint + f"tables with geometry: {listing(tables) or '(none)'}",
    )


def _execute(conn: psycopg.Connection, query: Any, db: DatabaseSource, key: str):
    import psycopg

    try:
        return conn.execute(query)
    except psycopg.Error as exc:
        reason = _scrub(str(exc), db).strip().splitlines()[0]
        raise LayerError(
            Problem(
                f"the database cannot read {db.relation}: {reason}",
                file=db.shown,
                field=f"layers.{key}",
                hint="try the query in psql or the DB Manager of QGIS",
            )
        ) from None


def _fetch(conn: psycopg.Connection, query: Any, db: DatabaseSource, key: str) -> list[tuple]:
    return _execute(conn, query, db, key).fetchall()


def _crs(conn: psycopg.Connection, srids: list[int], db: DatabaseSource, key: str) -> str | None:
    """The CRS of the layer's SRID; None for SRID 0 (the reader then says it has no CRS)."""
    srids = [s for s in srids if s != 0]
    if len(srids) > 1:
        raise LayerError(
            Problem(
                f"mixes coordinate systems (SRIDs {listing(srids)}) in one layer",
                file=db.shown,
                field=f"layers.{key}",
                hint="select one SRID in a query, or ST_Transform the geometries to one",
            )
        )
    if not srids:
        return None
    row = conn.execute(
        "SELECT auth_name, auth_srid, srtext FROM spatial_ref_sys WHERE srid = %s", [srids[0]]
    ).fetchone()
    if row is None:
        return f"EPSG:{srids[0]}"
    auth, code, wkt = row
    return f"{auth}:{code}" if auth and code else wkt


def _plain(values: pd.Series) -> pd.Series:
    """numeric columns arrive as Decimal; planners' numbers are floats."""
    if any(isinstance(v, decimal.Decimal) for v in values):
        return pd.to_numeric(values.map(lambda v: None if v is None else float(v)))
    return values
