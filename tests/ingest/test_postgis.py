"""PostGIS as the bureau has it: a real PostgreSQL server serves the layers and receives the
results; a failed or interrupted write leaves the database as it was; a refused connection or
password is a message, never a traceback, and never shows the password."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from landplan.errors import LayerError
from landplan.ingest import DatabaseError, check_target, postgis_after_write
from landplan.ingest.pgwrite import Table, write_tables
from landplan.layers import read_layer
from landplan.outputs.runformat import undeclared
from landplan.outputs.runread import read_file
from landplan.run import run
from tests.ingest import cli_proposal
from tests.ingest.bureau import DEMO, GIS, demo_data
from tests.ingest.pgserver import PLANNER, PLANNER_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {  # layer key → (schema.table in the bureau's database, demo layer, field renames)
    "towns": ("jcxx.xzq", "towns", {"code": "XZQDM", "name": "XZQMC"}),
    "urban_development_boundary": ("sqsx.czkfbj", "urban_development_boundary", {}),
    "permanent_basic_farmland": ("sqsx.yjjbnt", "permanent_basic_farmland", {}),
    "ecological_red_line": ("sqsx.stbhhx", "ecological_red_line", {}),
    "industrial_parks": ("jcxx.kfq", "industrial_parks", {}),
    "landuse": ("sandiao.dltb", "landuse", {}),
    "project_sites": ("xmk.xmyd", "project_sites", {"id": "XMBH"}),
    "linkage_parcels": ("xmk.cjdk", "linkage_parcels", {"id": "XMBH"}),
    "reclamation_sites": ("xmk.bcgd", "reclamation_sites", {"id": "XMBH"}),
}


@pytest.fixture(scope="module")
def bureau_db(pg) -> str:
    """The demo's layers in the bureau's database, one schema per department."""
    by_schema: dict[str, list[Table]] = {}
    for table, layer, renames in SOURCES.values():
        gdf = gpd.read_file(GIS / f"{layer}.gpkg").rename(columns=renames)
        schema, name = table.split(".")
        by_schema.setdefault(schema, []).append(
            Table(name, pd.DataFrame(gdf.drop(columns="geometry")), gdf.geometry.to_numpy())
        )
    for schema, tables in by_schema.items():
        write_tables(pg.url(), schema, tables, 4527)
    return pg.url(password=None)


def layer_url(base: str, key: str) -> str:
    table, _, renames = SOURCES[key]
    url = f"{base}?table={table}"
    if key == "urban_development_boundary":  # one layer as a query, as a planner might select
        url = f"{base}?query=SELECT * FROM sqsx.czkfbj WHERE town LIKE '341126%'"
    return url + "".join(f"|{k}={v}" for k, v in renames.items() if k != "name")


@pytest.fixture
def password(monkeypatch):
    """The planner's password comes from PGPASSWORD, not from the scenario."""
    monkeypatch.setenv("PGPASSWORD", PLANNER_PASSWORD)


def db_scenario(folder: Path, base: str) -> Path:
    data = demo_data()
    data["layers"] = {k: layer_url(base, k) for k in SOURCES} | {
        "landuse_code_field": "DLBM", "landuse_deduction_field": "KCXS"}  # fmt: skip
    path = folder / "db.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- layers from PostGIS -------------------------------------------------------------------


def test_table_and_query_layers_read_like_files(bureau_db, password):
    towns, notes = read_layer(f"{bureau_db}?table=jcxx.xzq|code=XZQDM", key="towns",
                              crs="EPSG:4527", id_field="code")  # fmt: skip
    assert list(towns["code"])[:2] == ["341126101", "341126102"] and notes == []
    assert towns.crs.to_epsg() == 4527
    query = f'{bureau_db}?query=SELECT "XZQDM", geom FROM jcxx.xzq WHERE "XZQMC" = \'大庙镇\''
    one, _ = read_layer(query + "|code=XZQDM", key="towns", crs="EPSG:4527", id_field="code")
    assert list(one["code"]) == ["341126105"]


def test_run_with_layers_in_postgis_writes_results_back(bureau_db, password, demo_run, tmp_path):
    folder = tmp_path / "demo-2026"
    result = run(db_scenario(tmp_path, bureau_db), out=folder, whynot=False,
                 after_write=postgis_after_write(bureau_db))  # fmt: skip
    for name in ("allocation.csv", "towns.csv", "linkage.csv", "reclamation.csv"):
        pd.testing.assert_frame_equal(pd.read_csv(folder / name), pd.read_csv(demo_run / name))
    where = json.loads((folder / "postgis.json").read_text(encoding="utf-8"))
    marginal = len(pd.read_csv(folder / "marginal.csv"))
    assert where == {
        "database": bureau_db,
        "schema": "demo_2026",
        "tables": {"allocation": 100, "towns": 12, "linkage": 10, "reclamation": 8,
                   "constraints": len(result.solution.constraints), "marginal": marginal,
                   "run": 1},
    }  # fmt: skip
    assert PLANNER_PASSWORD not in json.dumps(result.summary, ensure_ascii=False)
    assert read_file(folder, "postgis.json") == where  # a declared file of the run folder
    assert "postgis.json" in result.summary["files"] and undeclared(folder) == []


def test_results_in_postgis_are_layers_with_chinese_comments(pg, bureau_db, password, tmp_path):
    run(db_scenario(tmp_path, bureau_db), out=tmp_path / "layers-check", whynot=False,
        after_write=postgis_after_write(bureau_db))  # fmt: skip
    rows = pg.sql("SELECT project_id, allocated, status, ST_SRID(geom), GeometryType(geom) "
                  "FROM layers_check.allocation ORDER BY project_id LIMIT 1")  # fmt: skip
    assert rows == [("P001", 24.3, "funded", 4527, "MULTIPOLYGON")]
    towns = pg.sql("SELECT count(*), sum(allocated) FROM layers_check.towns WHERE geom IS NOT NULL")
    assert towns[0][0] == 12 and towns[0][1] == pytest.approx(
        pd.read_csv(tmp_path / "layers-check" / "allocation.csv")["allocated"].sum()
    )
    comment = pg.sql("SELECT col_description('layers_check.allocation'::regclass, "
                     "(SELECT attnum FROM pg_attribute WHERE attrelid = "
                     "'layers_check.allocation'::regclass AND attname = 'allocated'))")  # fmt: skip
    assert comment == [("安排面积 Allocated",)]


# --- writes that fail leave nothing --------------------------------------------------------


def test_existing_schema_is_never_overwritten(pg, bureau_db, password, tmp_path):
    pg.sql(
        "CREATE SCHEMA taken; CREATE TABLE taken.mine (x int); INSERT INTO taken.mine VALUES (7)"
    )
    with pytest.raises(DatabaseError, match="the schema `taken` already exists: runs are never "
                       "overwritten"):  # fmt: skip
        run(db_scenario(tmp_path, bureau_db), out=tmp_path / "taken", whynot=False,
            after_write=postgis_after_write(bureau_db))  # fmt: skip
    assert pg.sql("SELECT x FROM taken.mine") == [(7,)]
    assert not (tmp_path / "taken").exists()  # and no run folder either


def test_write_failing_halfway_leaves_no_schema(pg, bureau_db, password, tmp_path, monkeypatch):
    import landplan.ingest.pgwrite as P

    real, written = P._write_table, []

    def fail_on_third(conn, schema, table, srid):
        if len(written) == 2:
            raise OSError("disk full (simulated)")
        written.append(table.name)
        return real(conn, schema, table, srid)

    monkeypatch.setattr(P, "_write_table", fail_on_third)
    with pytest.raises(OSError, match="simulated"):
        run(db_scenario(tmp_path, bureau_db), out=tmp_path / "half", whynot=False,
            after_write=postgis_after_write(bureau_db))  # fmt: skip
    assert written == ["allocation", "towns"]
    assert pg.sql("SELECT count(*) FROM pg_namespace WHERE nspname = 'half'") == [(0,)]
    assert not (tmp_path / "half").exists()


def test_write_killed_halfway_leaves_no_schema(pg, bureau_db, tmp_path):
    """The process dies (power cut, kill -9) after two tables: the server rolls back."""
    script = textwrap.dedent(f"""
        import time, pandas as pd, shapely
        import landplan.ingest.pgwrite as P
        real, n = P._write_table, []
        def slow(conn, schema, table, srid):
            rows = real(conn, schema, table, srid)
            n.append(table.name)
            if len(n) == 2:
                print("HALFWAY", flush=True)
                time.sleep(120)
            return rows
        P._write_table = slow
        tables = [P.Table(f"t{{i}}", pd.DataFrame({{"x": [1, 2]}}),
                          [shapely.box(0, 0, 1, 1), None]) for i in range(4)]
        P.write_tables({bureau_db!r}, "killed", tables, 4527)
    """)
    env = os.environ | {"PGPASSWORD": PLANNER_PASSWORD, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)  # fmt: skip
    try:
        assert proc.stdout.readline().strip() == "HALFWAY", proc.stderr.read()
        # two tables are in, uncommitted: nobody else sees the schema
        assert pg.sql("SELECT count(*) FROM pg_namespace WHERE nspname = 'killed'") == [(0,)]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    deadline = time.monotonic() + 30
    while pg.sql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'landplan' "
                 "AND state = 'idle in transaction'")[0][0] and time.monotonic() < deadline:  # fmt: skip
        time.sleep(0.2)
    assert pg.sql("SELECT count(*) FROM pg_namespace WHERE nspname = 'killed'") == [(0,)]
    assert pg.sql("SELECT count(*) FROM pg_class WHERE relname IN ('t0', 't1')") == [(0,)]


# --- connections the database refuses ------------------------------------------------------


def test_wrong_password_is_a_message_without_the_password(pg):
    url = pg.url(password="Wrong-Pw-123")
    with pytest.raises(DatabaseError) as exc:
        check_target(url)
    text = str(exc.value)
    assert text == (
        f"postgresql://{PLANNER}@127.0.0.1:{pg.port}/bureau, field `--to-postgis`: the database "
        f"refused the password for user `{PLANNER}` — check the user name and password; keep the "
        "password out of the scenario: set PGPASSWORD or put it in ~/.pgpass "
        "(host:port:database:user:password)"
    )
    assert "Wrong-Pw-123" not in text
    with pytest.raises(LayerError, match="refused the password") as exc:
        read_layer(url + "?table=jcxx.xzq", key="towns", crs="EPSG:4527")
    assert "Wrong-Pw-123" not in str(exc.value)


def test_no_server_at_the_address(pg):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket is closed
    url = f"postgresql://planner:Secret-9@127.0.0.1:{port}/bureau"
    with pytest.raises(DatabaseError, match=rf"no database server answers at 127.0.0.1:{port} — "
                       r"check host and port") as exc:  # fmt: skip
        check_target(url)
    assert "Secret-9" not in str(exc.value)


def test_unknown_database_and_user(pg):
    with pytest.raises(DatabaseError, match="has no database `nowhere`"):
        check_target(pg.url(database="nowhere"))
    with pytest.raises(DatabaseError, match="refused the password for user `ghost`|has no user"):
        check_target(pg.url(user="ghost"))


def test_database_without_postgis_or_rights(pg):
    pg.sql("CREATE DATABASE plain OWNER planner", database="postgres")
    with pytest.raises(DatabaseError, match="the database `plain` has no PostGIS — ask the "
                       "database administrator to run CREATE EXTENSION postgis"):  # fmt: skip
        check_target(pg.url(database="plain"))
    pg.sql("CREATE ROLE viewer LOGIN PASSWORD 'viewer-pw'", database="postgres")
    with pytest.raises(DatabaseError, match="user `viewer` may not create schemas in `bureau`"):
        check_target(pg.url(user="viewer", password="viewer-pw"))


def test_missing_table_names_the_tables_there(bureau_db, password):
    with pytest.raises(LayerError, match=r"the database has no table `sqsx.czkfbx` — did you mean "
                       r"`sqsx.czkfbj`\?"):  # fmt: skip
        read_layer(f"{bureau_db}?table=sqsx.czkfbx", key="urban_development_boundary",
                   crs="EPSG:4527")  # fmt: skip


# --- the command line ----------------------------------------------------------------------


def test_run_to_postgis_from_the_command_line(pg, bureau_db, password, tmp_path):
    app = cli_proposal.app()
    scenario = db_scenario(tmp_path, bureau_db)
    result = CliRunner().invoke(app, ["run", str(scenario), "--out", str(tmp_path / "cli-run"),
                                      "--no-why-not", "--to-postgis", bureau_db])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "PostGIS: schema cli_run in" in result.output
    assert pg.sql("SELECT count(*) FROM cli_run.allocation") == [(100,)]


def test_refused_password_stops_before_solving(pg, tmp_path):
    app = cli_proposal.app()
    result = CliRunner().invoke(app, ["run", str(DEMO), "--out", str(tmp_path / "never"),
                                      "--to-postgis", pg.url(password="nope-nope")])  # fmt: skip
    assert result.exit_code == 9
    assert "refused the password for user `planner`" in result.output
    assert "nope-nope" not in result.output and "Traceback" not in result.output
    assert not (tmp_path / "never").exists()


# --- schema names --------------------------------------------------------------------------

LONG = "凤阳县2026年度新增建设用地计划指标分配方案第二轮调整测算稿"


def test_a_long_chinese_scenario_name_keeps_the_time_stamp_of_the_schema():
    from landplan.ingest.pgwrite import schema_for_run

    first = schema_for_run(f"{LONG}-20260520-101010")
    second = schema_for_run(f"{LONG}-20260520-101011")
    again = schema_for_run(f"{LONG}-20260520-101010-2")
    assert first.endswith("_20260520_101010") and second.endswith("_20260520_101011")
    assert again.endswith("_20260520_101010_2")
    for name in (first, second, again):
        assert len(name.encode("utf-8")) <= 63
        assert name.startswith("凤阳县2026年度")  # cut between characters, never inside one
    assert len({first, second, again}) == 3
    assert schema_for_run("demo-20260520-101010") == "demo_20260520_101010"


def test_an_existing_schema_stops_the_run_before_solving(pg, bureau_db, password, tmp_path):
    from landplan.ingest.pgwrite import schema_for_run

    out_dir = tmp_path / f"{LONG}-20260520-101010"
    schema = schema_for_run(out_dir.name)
    pg.sql(f'CREATE SCHEMA "{schema}"')
    result = CliRunner().invoke(cli_proposal.app(), [
        "run", str(db_scenario(tmp_path, bureau_db)), "--out", str(out_dir), "--no-why-not",
        "--to-postgis", bureau_db])  # fmt: skip
    assert result.exit_code == 9, result.output
    text = " ".join(result.output.split())
    assert f"the schema `{schema}` already exists: runs are never overwritten; nothing was " \
        "solved" in text  # fmt: skip
    assert "Traceback" not in result.output and not out_dir.exists()
