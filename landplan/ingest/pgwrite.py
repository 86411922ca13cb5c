"""A run's results into PostGIS: a new schema named after the run, in one transaction.

The schema and every table appear together or not at all, so a failed or interrupted write
leaves the database as it was; an existing schema is never overwritten.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from landplan.errors import DatabaseError, LayerError, Problem
from landplan.ingest.postgis import _dbname, _scrub, _user, connect
from landplan.layers.source import DatabaseSource, database_url, display_source
from landplan.outputs import headings as H
from landplan.outputs import runformat as F
from landplan.outputs.runread import read_table

if TYPE_CHECKING:
    import psycopg

    from landplan.run import RunResult

_NAMEDATALEN = 63  # PostgreSQL truncates identifiers at 63 bytes


def output_target(url: str, field: str = "--to-postgis") -> DatabaseSource:
    """A database to write results to: `postgresql://user@host:port/database`."""
    try:
        return database_url(url, field=field, relation=False)
    except LayerError as exc:  # the address is of the output, not of a layer
        raise DatabaseError(
            [
                Problem(
                    p.message,
                    file=display_source(url),
                    field=field,
                    hint=p.hint if p.hint and "table" not in p.hint and "layer" not in p.hint
                    else "write the database that receives the results as "
                    "postgresql://user@host:5432/database (no table: each run gets a new schema)",
                )
                for p in exc.problems
            ]
        ) from None


_STAMP = re.compile(r"_\d{8}_\d{6}(?:_\d+)?$")  # the run folder's -YYYYmmdd-HHMMSS[-N]


def schema_for_run(folder_name: str) -> str:
    """A schema name from a run folder name: `demo-20260520-101010` → `demo_20260520_101010`.

    PostgreSQL keeps 63 bytes of a name; a long (Chinese: 3 bytes a character) scenario name
    is shortened, never the time stamp at its end, and never in the middle of a character, so
    two runs of the same scenario get two schemas."""
    name = re.sub(r"\W+", "_", folder_name.lower(), flags=re.UNICODE).strip("_") or "run"
    if not (name[0].isalpha() or name[0] == "_"):
        name = "run_" + name
    if len(name.encode("utf-8")) <= _NAMEDATALEN:
        return name
    m = _STAMP.search(name)
    head, tail = (name[: m.start()], m.group(0)) if m else (name, "")
    budget = _NAMEDATALEN - len(tail.encode("utf-8"))
    head = head.encode("utf-8")[:budget].decode("utf-8", errors="ignore").rstrip("_")
    return (head or "run") + tail


def check_target(url: str, field: str = "--to-postgis", schema: str | None = None) -> DatabaseSource:
    """Before solving: the database answers, has PostGIS, lets this user create a schema, and
    the schema the run will write (when known) is not there yet."""
    db = output_target(url, field)
    with connect(db, field=field, error=DatabaseError) as conn:
        _writable(conn, db, field)
        if schema is not None:
            _schema_is_free(conn, db, field, schema)
    return db


def _schema_is_free(conn: psycopg.Connection, db: DatabaseSource, field: str, schema: str) -> None:
    row = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone()
    if row is not None:
        raise DatabaseError(
            Problem(
                f"the schema `{schema}` already exists: runs are never overwritten; "
                "nothing was solved",
                file=db.shown,
                field=field,
                hint="give another --out (the schema is named after the run folder) or "
                "postgis.schema, or drop the old schema in the database first",
            )
        )


def _writable(conn: psycopg.Connection, db: DatabaseSource, field: str) -> None:
    has_postgis = conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone()
    if has_postgis is None:
        raise DatabaseError(
            Problem(
                f"the database `{_dbname(db)}` has no PostGIS",
                file=db.shown,
                field=field,
                hint="ask the database administrator to run CREATE EXTENSION postgis in it",
            )
        )
    can_create = conn.execute(
        "SELECT has_database_privilege(current_user, current_database(), 'CREATE')"
    ).fetchone()
    if not (can_create and can_create[0]):
        raise DatabaseError(
            Problem(
                f"user `{_user(db) or 'current'}` may not create schemas in `{_dbname(db)}`",
                file=db.shown,
                field=field,
                hint=f"ask the database administrator: GRANT CREATE ON DATABASE {_dbname(db)} "
                f"TO {_user(db) or 'the user'}",
            )
        )


@dataclass
class Table:
    """One table to write: its rows, an optional geometry per row, and Chinese headings."""

    name: str
    frame: pd.DataFrame
    geometry: np.ndarray | None = None
    headings: dict[str, tuple[str, str]] = field(default_factory=dict)
    comment: str | None = None


def run_tables(folder: Path, result: RunResult) -> list[Table]:
    """A run's tables with their layers' geometries: sites, towns, linkage and reclamation."""
    sol = result.solution
    allocation = result.allocation  # reasons in the run's language
    layers = getattr(result.checked.site_checks, "layers", None) or {}
    tables = [
        Table("allocation", allocation, _geoms(layers.get("project_sites"), "id",
              allocation["project_id"]), H.ALLOCATION, "项目用地安排 project allocation"),
        Table("towns", sol.towns, _geoms(layers.get("towns"), "code", sol.towns["code"]),
              H.TOWNS, "乡镇汇总 towns"),
        Table("linkage", sol.linkage, _geoms(layers.get("linkage_parcels"), "id",
              sol.linkage["id"]), H.LINKAGE, "增减挂钩 linkage projects"),
        Table("reclamation", sol.reclamation, _geoms(layers.get("reclamation_sites"), "id",
              sol.reclamation["id"]), H.LINKAGE, "土地整理/复垦 reclamation projects"),
        Table("constraints", sol.constraints, None, H.CONSTRAINTS, "约束使用 rules: use, limit, slack"),
    ]  # fmt: skip
    marginal = read_table(folder, F.MARGINAL, optional=True)
    if marginal is not None:
        tables.append(Table("marginal", marginal, None, {}, "边际价值 marginal values"))
    s = result.checked.scenario
    run_row = pd.DataFrame(
        [{"run": result.folder.name, "scenario": s.name, "year": s.year, "county": s.county.code,
          "status": result.summary.get("status"), "objective": result.summary.get("objective"),
          "summary": json.dumps(result.summary, ensure_ascii=False, default=str)}]
    )  # fmt: skip
    tables.append(Table("run", run_row, None, {}, "landplan run: summary.json"))
    return tables


def _geoms(layer: gpd.GeoDataFrame | None, id_field: str, ids: pd.Series) -> np.ndarray | None:
    """One (multi)polygon per id, parcels of one id merged; None where the layer has none."""
    if layer is None or id_field not in layer:
        return None
    by_id: dict[str, list] = {}
    for i, g in zip(layer[id_field], layer.geometry, strict=True):
        if i is not None and g is not None and not g.is_empty:
            by_id.setdefault(str(i), []).append(g)
    out = []
    for i in ids.astype(str):
        parts = by_id.get(i)
        geom = None if not parts else shapely.union_all(parts) if len(parts) > 1 else parts[0]
        out.append(_multi(geom))
    return np.array(out, dtype=object)


def _multi(geom: Any) -> Any:
    if geom is None:
        return None
    if geom.geom_type == "Polygon":
        return shapely.MultiPolygon([geom])
    if geom.geom_type == "GeometryCollection":
        polys = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
        geom = shapely.union_all(polys) if polys else None
        return _multi(geom)
    return geom


@dataclass
class Written:
    """Where a run went: the database (without password), the schema and its tables."""

    database: str
    schema: str
    tables: dict[str, int]

    def as_json(self) -> dict:
        return {"database": self.database, "schema": self.schema, "tables": self.tables}


def write_tables(
    url: str,
    schema: str,
    tables: list[Table],
    srid: int,
    *,
    field: str = "--to-postgis",
) -> Written:
    """Create `schema` and every table in one transaction; on any failure nothing remains."""
    import psycopg
    from psycopg import sql

    db = output_target(url, field)
    with connect(db, field=field, error=DatabaseError) as conn:
        _writable(conn, db, field)
        try:
            with conn.transaction():
                conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
                counts = {}
                for table in tables:
                    counts[table.name] = _write_table(conn, schema, table, srid)
                conn.execute(
                    sql.SQL("COMMENT ON SCHEMA {} IS {}").format(
                        sql.Identifier(schema), sql.Literal("landplan run " + schema)
                    )
                )
        except psycopg.errors.DuplicateSchema:
            raise DatabaseError(
                Problem(
                    f"the schema `{schema}` already exists: runs are never overwritten",
                    file=db.shown,
                    field=field,
                    hint="give another schema name, or drop the old one in the database first",
                )
            ) from None
        except psycopg.Error as exc:
            reason = _scrub(str(exc), db).strip().splitlines()[0]
            raise DatabaseError(
                Problem(
                    f"writing the results failed and was undone, the database is as it was: "
                    f"{reason}",
                    file=db.shown,
                    field=field,
                )
            ) from None
    return Written(db.shown, schema, counts)


def _write_table(conn: psycopg.Connection, schema: str, table: Table, srid: int) -> int:
    from psycopg import sql

    frame = table.frame.reset_index(drop=True)
    columns = [str(c) for c in frame.columns]
    types = [_sql_type(frame[c]) for c in frame.columns]
    defs = [
        sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(t))
        for c, t in zip(columns, types, strict=True)
    ]
    has_geom = table.geometry is not None
    if has_geom:
        defs.append(sql.SQL("geom geometry(MultiPolygon, {})").format(sql.Literal(srid)))
    name = sql.Identifier(schema, table.name)
    conn.execute(sql.SQL("CREATE TABLE {} ({})").format(name, sql.SQL(", ").join(defs)))
    cols = [*columns, "geom"] if has_geom else columns
    copy_sql = sql.SQL("COPY {} ({}) FROM STDIN").format(
        name, sql.SQL(", ").join(sql.Identifier(c) for c in cols)
    )
    values = [_column_values(frame[c], t) for c, t in zip(frame.columns, types, strict=True)]
    if has_geom:
        values.append(_ewkb(table.geometry, srid))
    with conn.cursor().copy(copy_sql) as copy:
        for row in zip(*values, strict=True) if values else ():
            copy.write_row(row)
    if has_geom:
        conn.execute(sql.SQL("CREATE INDEX ON {} USING gist (geom)").format(name))
    _comments(conn, name, table, columns)
    return len(frame)


def _comments(conn: psycopg.Connection, name: Any, table: Table, columns: list[str]) -> None:
    """Chinese headings as column comments: QGIS and DBeaver show them next to the names."""
    from psycopg import sql

    if table.comment:
        conn.execute(sql.SQL("COMMENT ON TABLE {} IS {}").format(name, sql.Literal(table.comment)))
    for c in columns:
        pair = table.headings.get(c)
        if pair:
            conn.execute(
                sql.SQL("COMMENT ON COLUMN {}.{} IS {}").format(
                    name, sql.Identifier(c), sql.Literal(f"{pair[0]} {pair[1]}")
                )
            )


def _sql_type(values: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(values):
        return "boolean"
    if pd.api.types.is_integer_dtype(values):
        return "bigint"
    if pd.api.types.is_float_dtype(values):
        return "double precision"
    kinds = {type(v) for v in values if v is not None and not _is_nan(v)}
    if kinds and kinds <= {bool, np.bool_}:
        return "boolean"
    if (
        kinds
        and all(issubclass(k, (int, float, np.integer, np.floating)) for k in kinds)
        and not (kinds & {bool, np.bool_})
    ):
        return "double precision"
    return "text"


def _is_nan(v: Any) -> bool:
    return isinstance(v, float | np.floating) and np.isnan(v)


def _column_values(values: pd.Series, kind: str) -> list:
    out = []
    for v in values.tolist():
        if v is None or _is_nan(v) or v is pd.NA:
            out.append(None)
        elif kind == "text" and not isinstance(v, str):
            out.append(json.dumps(v, ensure_ascii=False, default=str))
        else:
            out.append(v)
    return out


def _ewkb(geoms: np.ndarray, srid: int) -> list:
    out = []
    for g in geoms:
        if g is None or g.is_empty:
            out.append(None)
        else:
            g = shapely.set_srid(_multi(g), srid)
            out.append(shapely.to_wkb(g, hex=True, include_srid=True))
    return out


def srid_of(crs: str) -> int:
    """The SRID for the scenario's CRS (its EPSG code); 0 when it has none."""
    from pyproj import CRS

    code = CRS.from_user_input(crs).to_epsg(min_confidence=70)
    return int(code) if code else 0


def write_run(
    url: str, result: RunResult, folder: Path | None = None, schema: str | None = None
) -> Written:
    """Write a run's tables and layers into a new schema named after the run (or `schema`)."""
    folder = Path(folder) if folder is not None else result.folder
    name = schema or schema_for_run(result.folder.name)
    tables = run_tables(folder, result)
    return write_tables(url, name, tables, srid_of(result.checked.scenario.crs))


def postgis_after_write(
    url: str, schema: str | None = None
) -> Callable[[Path, RunResult], list[str]]:
    """An `after_write` hook for `landplan.run.run`: write the run into PostGIS and note where
    in `postgis.json`. It runs before the run folder is put in place, so a failed database
    write leaves neither a run folder nor a schema."""

    def after_write(tmp: Path, result: RunResult) -> list[str]:
        written = write_run(url, result, folder=tmp, schema=schema)
        (tmp / F.POSTGIS.name).write_text(
            json.dumps(written.as_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        return [F.POSTGIS.name]

    return after_write
