"""Layer sources as planners write them: PostGIS URLs (table or query, never showing the
password), and `|field=FIELD` options that read landplan's field from the bureau's field."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely

from landplan.errors import LayerError
from landplan.ingest.pgwrite import schema_for_run
from landplan.layers import read_layer
from landplan.layers.source import display_source, parse_source
from tests.layers.builders import CRS, rect, write_layer


def test_table_url():
    src = parse_source("postgresql://planner:pw%40x@gis.local:5433/bureau?table=sqsx.czkfbj"
                       "&sslmode=require|code=XZQDM", "towns")  # fmt: skip
    db = src.database
    assert src.is_database and not src.is_shapefile
    assert (db.table, db.query, db.geometry, db.password) == (
        ("sqsx", "czkfbj"),
        None,
        None,
        "pw@x",
    )
    assert db.conninfo == "postgresql://planner:pw%40x@gis.local:5433/bureau?sslmode=require"
    assert (
        src.text == "postgresql://planner@gis.local:5433/bureau?table=sqsx.czkfbj&sslmode=require"
    )
    assert src.renames == (("code", "XZQDM"),)


def test_query_url_is_taken_verbatim_to_the_end():
    sql = "SELECT bsm, dlbm || '' AS dlbm, shape FROM sd.dltb WHERE zldwdm LIKE '341126%'"
    src = parse_source(f"postgres://gis@db/bureau?geometry=shape&query={sql}", "landuse")
    assert (src.database.query, src.database.geometry, src.database.table) == (sql, "shape", None)
    assert src.renames == ()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://planner:secret@db/bureau", "names no table: say which table or query holds "
         "the layer — write it as postgresql://user@host:5432/database?table=schema.name"),
        ("postgresql://planner:secret@db/?table=a", "names no database"),
        ("postgresql://planner:secret@db/bureau?tabel=a", "`tabel=` is not a parameter of a "
         "database source — did you mean `table=`?"),
        ("postgresql://planner:secret@db/bureau?table=a&query=SELECT 1", "names both a table and "
         "a query"),
        ("mysql://planner:secret@db/bureau", "`mysql://` sources are not supported"),
    ],
)  # fmt: skip
def test_bad_urls_say_what_is_wrong_without_the_password(url, message):
    with pytest.raises(LayerError, match=message.replace("?", r"\?").replace("(", r"\(")) as exc:
        parse_source(url, "towns")
    assert "secret" not in str(exc.value)


@pytest.mark.parametrize(
    ("text", "shown"),
    [("postgresql://u:secret@h:5432/d?table=a|code=b", "postgresql://u@h:5432/d?table=a|code=b"),
     ("postgresql://h/d?table=a&password=secret", "postgresql://h/d?table=a&password=***"),
     ("gis/towns.gpkg|layername=x", "gis/towns.gpkg|layername=x"), (None, None)],
)  # fmt: skip
def test_display_source_hides_passwords(text, shown):
    assert display_source(text) == shown


def test_field_option_reads_the_bureaus_field(tmp_path: Path):
    write_layer(tmp_path / "xzq.gpkg", [rect(0, 0, 10, 10)], XZQDM=["341126101"], code=["old"])
    gdf, _ = read_layer(f"{tmp_path / 'xzq.gpkg'}|code=XZQDM", key="towns", crs=CRS,
                        id_field="code")  # fmt: skip
    assert list(gdf["code"]) == ["341126101"]


def test_field_option_naming_a_missing_field(tmp_path: Path):
    write_layer(tmp_path / "xzq.gpkg", [rect(0, 0, 10, 10)], XZQDM=["341126101"])
    with pytest.raises(LayerError) as exc:
        read_layer(f"{tmp_path / 'xzq.gpkg'}|code=XZQDN", key="towns", crs=CRS, id_field="code")
    assert [str(p) for p in exc.value.problems] == [
        f"{tmp_path / 'xzq.gpkg'}|code=XZQDN, field `XZQDN`: the option `|code=XZQDN` names a "
        "field the layer does not have — did you mean `XZQDM`? fields in this layer: XZQDM"
    ]


def test_field_option_for_a_field_landplan_does_not_read(tmp_path: Path):
    write_layer(tmp_path / "xzq.gpkg", [rect(0, 0, 10, 10)], code=["341126101"])
    with pytest.raises(LayerError, match=r"the option `\|name=XZQMC` names no field landplan "
                       r"reads from this layer — fields read from this layer: code"):  # fmt: skip
        read_layer(f"{tmp_path / 'xzq.gpkg'}|name=XZQMC", key="towns", crs=CRS, id_field="code")


@pytest.mark.parametrize(
    ("folder", "schema"),
    [("demo-20260520-101010", "demo_20260520_101010"), ("凤阳县2026-20260520", "凤阳县2026_20260520"),
     ("2026-first", "run_2026_first"), ("x" * 80, "x" * 63)],
)  # fmt: skip
def test_schema_named_after_the_run(folder, schema):
    assert schema_for_run(folder) == schema


def test_geometry_is_untouched_by_the_field_option(tmp_path: Path):
    write_layer(tmp_path / "s.gpkg", [rect(0, 0, 10, 10)], XMBH=["P1"])
    gdf, _ = read_layer(
        f"{tmp_path / 's.gpkg'}|id=XMBH", key="project_sites", crs=CRS, id_field="id"
    )
    assert shapely.area(gdf.geometry.iloc[0]) == pytest.approx(100)
