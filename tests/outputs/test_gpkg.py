"""allocation.gpkg read back as QGIS and ArcGIS would: with geopandas and with GDAL's ogrinfo."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from landplan.outputs.gpkg import LANDUSE_LAYERS, LAYERS, PLANNING_LAYERS, write_gpkg
from tests.outputs.county import EVIL

OGRINFO = shutil.which("ogrinfo")
needs_ogrinfo = pytest.mark.skipif(  # under CI a missing ogrinfo fails instead of skipping
    OGRINFO is None and not os.environ.get("CI"), reason="GDAL's ogrinfo is not installed (apt-get install gdal-bin)"
)


@pytest.fixture(scope="module")
def gpkg(run_folder):
    return run_folder / "allocation.gpkg"


def test_four_layers_in_the_scenario_crs(gpkg):
    layers = pyogrio.list_layers(gpkg)
    assert [name for name, _ in layers] == list(LAYERS + PLANNING_LAYERS + LANDUSE_LAYERS)
    assert {geom for _, geom in layers} == {"MultiPolygon"}
    for name in LAYERS + PLANNING_LAYERS + LANDUSE_LAYERS:
        assert gpd.read_file(gpkg, layer=name).crs.to_epsg() == 4527


def test_planning_layers_as_drawn_one_feature_per_town(gpkg):
    """The map's planning layers, dissolved per town, with their areas and Chinese aliases."""
    pbf = gpd.read_file(gpkg, layer="permanent_basic_farmland")
    assert pbf["town_name"].tolist() == ["大庙镇", "刘府镇"]
    assert pbf["area"].tolist() == pytest.approx([1200 * 1200 / 666.6667, 2600 * 1000 / 666.6667],
                                                 rel=1e-4)
    erl = gpd.read_file(gpkg, layer="ecological_red_line")
    assert erl["town"].tolist() == ["341126103"]
    with sqlite3.connect(gpkg) as con:
        aliases = dict(
            con.execute(
                "SELECT column_name, name FROM gpkg_data_columns "
                "WHERE table_name = 'permanent_basic_farmland'"
            ).fetchall()
        )
        title = con.execute(
            "SELECT identifier FROM gpkg_contents WHERE table_name = 'industrial_parks'"
        ).fetchone()[0]
    assert aliases["area"] == "面积（亩）"
    assert aliases["town_name"] == "所在乡镇"
    assert title.startswith("工业园区（按乡镇融合，制图用）")


def test_one_feature_per_record_with_the_tables_values(gpkg, run_folder):
    sites = gpd.read_file(gpkg, layer="project_sites")
    table = pd.read_csv(run_folder / "allocation.csv", dtype={"town": str})
    assert list(sites["project_id"]) == list(table["project_id"])
    pd.testing.assert_series_equal(sites["allocated"], table["allocated"], check_names=False)
    assert sites.loc[sites["project_id"] == "P7", "geometry"].isna().all()  # no site drawn
    assert sites.loc[sites["project_id"] == "P6", "name"].item() == EVIL
    assert list(sites["status_label"]) == [
        "足额保障",
        "部分保障",
        "未获指标",
        "用地不合规",
        "重点项目冲突",
        "足额保障",
        "未获指标",
    ]
    towns = gpd.read_file(gpkg, layer="towns")
    assert towns["allocated"].sum() == pytest.approx(table["allocated"].sum())
    assert towns["pilot"].tolist() == [True, False, False]
    linkage = gpd.read_file(gpkg, layer="linkage_parcels")
    assert list(linkage["id"]) == ["L1", "L2"]  # L1's two parcels are one feature
    assert linkage.geometry.iloc[0].geom_type == "MultiPolygon"
    assert len(linkage.geometry.iloc[0].geoms) == 2
    assert linkage["activation"].tolist() == ["已实施", "未实施"]


def test_chinese_field_aliases(gpkg):
    with sqlite3.connect(gpkg) as con:
        aliases = dict(
            con.execute(
                "SELECT column_name, name FROM gpkg_data_columns WHERE table_name = 'project_sites'"
            ).fetchall()
        )
        ext = con.execute(
            "SELECT extension_name FROM gpkg_extensions WHERE table_name = 'gpkg_data_columns'"
        ).fetchall()
        version = con.execute("PRAGMA user_version").fetchone()[0]
    assert aliases["allocated"] == "安排面积（亩）"
    assert aliases["name"] == "项目名称"
    assert aliases["reason"] == "原因说明"
    assert ext == [("gpkg_schema",)]
    assert version == 10200  # GeoPackage 1.2: read by older GDAL and ArcGIS without warnings


@needs_ogrinfo
def test_ogrinfo_reads_it(gpkg):
    out = _ogrinfo("-ro", "-so", str(gpkg))
    for i, name in enumerate(LAYERS + PLANNING_LAYERS + LANDUSE_LAYERS, start=1):
        assert f"{i}: {name} (Multi Polygon)" in out.stdout
    assert "Warning" not in out.stderr and "ERROR" not in out.stderr
    sites = _ogrinfo("-ro", "-al", "-q", str(gpkg), "project_sites")
    assert "name (String) = 府城镇商业综合体" in sites.stdout
    assert f"name (String) = {EVIL}" in sites.stdout
    assert "status_label (String) = 重点项目冲突" in sites.stdout
    aliases = _ogrinfo(
        "-ro",
        "-q",
        str(gpkg),
        "-sql",
        "SELECT name FROM gpkg_data_columns WHERE table_name = 'towns' "
        "AND column_name = 'compensated_county'",
    )
    assert "name (String) = 县域统筹补充（亩）" in aliases.stdout


def test_write_is_whole_or_nothing(view, tmp_path, monkeypatch):
    target = tmp_path / "allocation.gpkg"
    import landplan.outputs.gpkg as module

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(module, "_write_aliases", boom)
    with pytest.raises(OSError):
        write_gpkg(view, target)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def _ogrinfo(*args: str) -> subprocess.CompletedProcess:
    out = subprocess.run([OGRINFO, *args], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out


def test_run_without_layers(tmp_path):
    """No GIS layers: the map says so, the GeoPackage keeps every record without geometry."""
    import functools

    import yaml

    from landplan.outputs.map import write_run_maps
    from landplan.run import run
    from tests.conftest import A, B, base, proj

    d = base(projects=[proj("P1", A, 50, 2), proj("P2", B, 80, 1)])
    path = tmp_path / "bare.yaml"
    path.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    result = run(path, out=tmp_path / "run", after_write=functools.partial(write_run_maps))
    page = (result.folder / "map.html").read_text(encoding="utf-8")
    assert "本方案未提供图层，地图无可绘内容" in page
    sites = gpd.read_file(result.folder / "allocation.gpkg", layer="project_sites")
    assert list(sites["project_id"]) == ["P1", "P2"]
    assert sites.geometry.isna().all()
