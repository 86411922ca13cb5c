"""read_layer: sources, fields and ids, CRS, geometry — and all problems of a layer at once."""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from landplan.errors import LayerError
from landplan.layers import read_layer
from tests.layers.builders import CRS, X0, Y0, rect, write_layer


def read(path: Path | str, **kwargs: object) -> tuple[gpd.GeoDataFrame, list]:
    return read_layer(str(path), key="project_sites", crs=CRS, **kwargs)


def messages(notes: list) -> str:
    return "\n".join(str(n) for n in notes)


# --- sources -------------------------------------------------------------------------------


def test_missing_file_names_the_scenario_field(folder: Path) -> None:
    with pytest.raises(
        LayerError, match=r"nowhere\.gpkg, field `layers\.project_sites`: layer file not found"
    ):
        read(folder / "nowhere.gpkg")


def test_missing_file_suggests_a_close_name(folder: Path) -> None:
    write_layer(folder / "sites.gpkg", [rect(0, 0, 10, 10)], id=["P1"])
    with pytest.raises(LayerError, match=r"did you mean `sites\.gpkg`\?"):
        read(folder / "site.gpkg")


def test_database_url_without_a_table_is_refused_and_hides_the_password() -> None:
    with pytest.raises(
        LayerError, match="names no table: say which table or query holds the layer"
    ) as exc:
        read("postgresql://planner:secret@gis.local/landuse")
    assert "secret" not in str(exc.value)


def test_incomplete_shapefile(folder: Path) -> None:
    write_layer(folder / "sites.shp", [rect(0, 0, 10, 10)], id=["P1"])
    (folder / "sites.dbf").unlink()
    with pytest.raises(LayerError, match=r"the shapefile is incomplete: \.dbf missing"):
        read(folder / "sites.shp")


def test_unreadable_file(folder: Path) -> None:
    (folder / "sites.gpkg").write_text("not a geopackage")
    with pytest.raises(LayerError, match="cannot be read as a GIS layer"):
        read(folder / "sites.gpkg")


def test_layer_chosen_with_layername(folder: Path) -> None:
    path = folder / "plan.gpkg"
    write_layer(path, [rect(0, 0, 10, 10)], layer="towns", code=["341126101"])
    write_layer(path, [rect(0, 0, 20, 20)], layer="sites", id=["P1"])
    gdf, _ = read(f"{path}|layername=sites", id_field="id")
    assert list(gdf["id"]) == ["P1"]
    assert gdf.area.iloc[0] == pytest.approx(400)


def test_several_layers_and_none_named(folder: Path) -> None:
    path = folder / "plan.gpkg"
    write_layer(path, [rect(0, 0, 10, 10)], layer="towns", code=["341126101"])
    write_layer(path, [rect(0, 0, 20, 20)], layer="sites", id=["P1"])
    with pytest.raises(
        LayerError,
        match=r"holds 2 layers; say which one to use — write the path as `plan\.gpkg\|layername=",
    ):
        read(path)


def test_unknown_layername_suggests_one(folder: Path) -> None:
    path = folder / "plan.gpkg"
    write_layer(path, [rect(0, 0, 20, 20)], layer="sites", id=["P1"])
    with pytest.raises(LayerError, match=r"has no layer `site` — did you mean `sites`\?"):
        read(f"{path}|layername=site")


# --- ids -----------------------------------------------------------------------------------


def test_missing_id_field_lists_fields_and_suggests_one(folder: Path) -> None:
    path = write_layer(folder / "sites.gpkg", [rect(0, 0, 10, 10)], site_id=["P1"], name=["a"])
    with pytest.raises(
        LayerError,
        match=r"field `id`: is missing from the layer — did you mean `site_id`\? fields in this layer: site_id, name",
    ):
        read(path, id_field="id")


def test_id_field_matched_ignoring_case(folder: Path) -> None:
    path = write_layer(folder / "sites.shp", [rect(0, 0, 10, 10)], ID=["P1"])
    gdf, _ = read(path, id_field="id")
    assert list(gdf["id"]) == ["P1"]


def test_numeric_ids_become_text_without_decimals(folder: Path) -> None:
    path = write_layer(
        folder / "towns.gpkg",
        [rect(0, 0, 10, 10), rect(10, 0, 20, 10)],
        code=[341126101.0, 341126102.0],
    )
    gdf, _ = read(path, id_field="code")
    assert list(gdf["code"]) == ["341126101", "341126102"]


def test_duplicate_and_blank_ids(folder: Path) -> None:
    path = write_layer(
        folder / "sites.gpkg",
        [rect(0, 0, 10, 10)] * 3 + [rect(50, 0, 60, 10)],
        id=["P1", "P1", None, "P2"],
    )
    with pytest.raises(LayerError) as exc:
        read(path, id_field="id")
    text = str(exc.value)
    assert "the same `id` is on more than one record: P1" in text
    assert "1 record(s) have no `id`: row 3" in text


def test_repeated_ids_allowed_when_asked(folder: Path) -> None:
    path = write_layer(
        folder / "linkage.gpkg", [rect(0, 0, 10, 10), rect(20, 0, 30, 10)], id=["K1", "K1"]
    )
    gdf, _ = read(path, id_field="id", unique_ids=False)
    assert list(gdf["id"]) == ["K1", "K1"]


# --- CRS -----------------------------------------------------------------------------------


def test_reprojects_from_cgcs2000_geographic_with_a_note(folder: Path) -> None:
    square = gpd.GeoSeries([rect(0, 0, 100, 100)], crs=CRS).to_crs("EPSG:4490")
    path = write_layer(folder / "sites.gpkg", list(square), crs="EPSG:4490", id=["P1"])
    gdf, notes = read(path, id_field="id")
    assert gdf.crs.to_epsg() == 4527
    assert gdf.area.iloc[0] == pytest.approx(10_000, rel=1e-6)
    assert (
        "reprojected from China Geodetic Coordinate System 2000 (EPSG:4490) to CGCS2000 / 3-degree Gauss-Kruger zone 39 (EPSG:4527)"
        in messages(notes)
    )


def test_reprojects_from_xian_1980(folder: Path) -> None:
    square = gpd.GeoSeries([rect(0, 0, 100, 100)], crs=CRS).to_crs("EPSG:2384")
    path = write_layer(folder / "sites.gpkg", list(square), crs="EPSG:2384", id=["P1"])
    gdf, notes = read(path, id_field="id")
    assert gdf.area.iloc[0] == pytest.approx(10_000, rel=1e-3)
    assert "reprojected from Xian 1980 / 3-degree Gauss-Kruger CM 117E (EPSG:2384)" in messages(
        notes
    )


def test_same_crs_is_not_noted(folder: Path) -> None:
    path = write_layer(folder / "sites.shp", [rect(0, 0, 10, 10)], id=["P1"])
    _, notes = read(path, id_field="id")
    assert notes == []


def test_missing_crs_asks_to_define_the_projection(folder: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        path = write_layer(folder / "sites.shp", [rect(0, 0, 10, 10)], crs=None, id=["P1"])
    with pytest.raises(
        LayerError, match=r"has no coordinate reference system \(CRS\).* — define its projection"
    ):
        read(path, id_field="id")


def test_coordinates_without_zone_prefix_are_flagged(folder: Path) -> None:
    wrong = shapely.box(550_000, 3_630_000, 550_100, 3_630_100)
    path = write_layer(folder / "sites.gpkg", [wrong], id=["P1"])
    with pytest.raises(
        LayerError, match="lies outside the area where CGCS2000 / 3-degree Gauss-Kruger zone 39"
    ):
        read(path, id_field="id")


def test_projected_numbers_labelled_as_degrees(folder: Path) -> None:
    path = write_layer(folder / "sites.gpkg", [rect(0, 0, 10, 10)], crs="EPSG:4326", id=["P1"])
    with pytest.raises(
        LayerError, match="says its coordinates are degrees .* but they look like metres"
    ):
        read(path, id_field="id")


# --- geometry ------------------------------------------------------------------------------


def bow_tie() -> shapely.Polygon:
    """Two 50 m² triangles meeting at a point: invalid as one ring, 100 m² when repaired."""
    return shapely.Polygon([(X0, Y0), (X0 + 10, Y0 + 10), (X0 + 10, Y0), (X0, Y0 + 10)])


def test_bow_tie_is_repaired_with_a_note(folder: Path) -> None:
    path = write_layer(folder / "sites.gpkg", [bow_tie(), rect(50, 0, 60, 10)], id=["P1", "P2"])
    gdf, notes = read(path, id_field="id")
    assert gdf.is_valid.all()
    assert gdf.geom_type.iloc[0] == "MultiPolygon"
    assert gdf.area.iloc[0] == pytest.approx(50)
    assert (
        "repaired 1 invalid polygon(s) (self-intersecting or badly nested rings): P1"
        in messages(notes)
    )


def test_repair_note_uses_row_numbers_without_ids(folder: Path) -> None:
    path = write_layer(folder / "pbf.gpkg", [rect(50, 0, 60, 10), bow_tie()], kind=["a", "b"])
    _, notes = read(path)
    assert messages(notes).endswith("rings): row 2")


def test_null_and_empty_geometries_name_the_records(folder: Path) -> None:
    path = write_layer(
        folder / "sites.gpkg", [rect(0, 0, 10, 10), None, shapely.Polygon()], id=["P1", "P2", "P3"]
    )
    with pytest.raises(
        LayerError, match=r"2 record\(s\) have no geometry \(null or empty\): P2, P3"
    ):
        read(path, id_field="id")


def test_points_in_a_polygon_layer(folder: Path) -> None:
    path = write_layer(
        folder / "sites.gpkg", [shapely.Point(X0, Y0), rect(0, 0, 10, 10)], id=["P1", "P2"]
    )
    with pytest.raises(
        LayerError, match=r"1 record\(s\) are Point where polygons are expected: P1"
    ):
        read(path, id_field="id")


def test_all_problems_of_a_layer_come_together(folder: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        path = write_layer(
            folder / "sites.shp", [rect(0, 0, 10, 10), None], crs=None, code=["P1", "P2"]
        )
    with pytest.raises(LayerError) as exc:
        read(path, id_field="id")
    text = str(exc.value)
    assert len(exc.value.problems) == 3
    assert "field `id`: is missing from the layer" in text
    assert "1 record(s) have no geometry (null or empty): row 2" in text
    assert "has no coordinate reference system" in text


# --- formats -------------------------------------------------------------------------------


def test_file_geodatabase_folder_with_layername(folder: Path) -> None:
    path = folder / "sandiao.gdb"
    write_layer(path, [rect(0, 0, 10, 10)], layer="DLTB", driver="OpenFileGDB", DLBM=["0101"])
    write_layer(
        path, [rect(0, 0, 100, 100)], layer="XZQ", driver="OpenFileGDB", XZQDM=["341126101"]
    )
    gdf, _ = read(f"{path}|layername=DLTB")
    assert list(gdf["DLBM"]) == ["0101"]
    with pytest.raises(
        LayerError,
        match=r"holds 2 layers; say which one to use — write the path as `sandiao\.gdb\|layername=DLTB`",
    ):
        read(path)


def test_geojson_in_wgs84_is_reprojected(folder: Path) -> None:
    square = gpd.GeoSeries([rect(0, 0, 100, 100)], crs=CRS).to_crs("EPSG:4326")
    path = write_layer(folder / "sites.geojson", list(square), crs="EPSG:4326", id=["P1"])
    gdf, notes = read(path, id_field="id")
    assert gdf.area.iloc[0] == pytest.approx(10_000, rel=1e-6)
    assert "reprojected from WGS 84 (EPSG:4326)" in messages(notes)


def test_empty_layer_gets_a_note(folder: Path) -> None:
    path = folder / "pbf.gpkg"
    gpd.GeoDataFrame({"k": []}, geometry=gpd.GeoSeries([], crs=CRS)).to_file(path, engine="pyogrio")
    gdf, notes = read(path)
    assert gdf.empty
    assert messages(notes).endswith("pbf.gpkg: the layer has no features: nothing lies in it")


def test_towns_with_12_digit_codes_ending_in_000_are_read_as_9_digits(folder: Path) -> None:
    """三调 XZQ layers store XZQDM as a 12-digit number, 341126105000 for the town 341126105."""
    path = write_layer(folder / "XZQ.gpkg", [rect(0, 0, 10, 10), rect(10, 0, 20, 10)],
                       XZQDM=[341126105000, 341126101000])  # fmt: skip
    gdf, notes = read_layer(f"{path}|code=XZQDM", key="towns", crs=CRS, id_field="code")
    assert list(gdf["code"]) == ["341126105", "341126101"]
    assert "2 town code(s) have 12 digits ending in 000 (三调 XZQDM, e.g. 341126105000): read " \
        "as their first 9 digits (341126105)" in messages(notes)  # fmt: skip


def test_12_digit_village_codes_are_not_taken_for_towns(folder: Path) -> None:
    path = write_layer(folder / "CJ.gpkg", [rect(0, 0, 10, 10)], code=["341126105201"])
    gdf, notes = read_layer(str(path), key="towns", crs=CRS, id_field="code")
    assert list(gdf["code"]) == ["341126105201"] and "12 digits" not in messages(notes)


@pytest.mark.parametrize(("epsg", "datum"), [(2384, "Xian 1980"), (2436, "Beijing 1954")])
def test_an_old_datum_is_reprojected_with_a_warning_about_metres(folder: Path, epsg: int,
                                                                  datum: str) -> None:  # fmt: skip
    square = gpd.GeoSeries([rect(0, 0, 100, 100)], crs=CRS).to_crs(f"EPSG:{epsg}")
    path = write_layer(folder / "sites.gpkg", list(square), crs=f"EPSG:{epsg}", id=["P1"])
    _, notes = read(path, id_field="id")
    text = messages(notes)
    assert f"sites.gpkg: warning: reprojected from {datum} / 3-degree Gauss-Kruger CM 117E " \
        f"(EPSG:{epsg}) to CGCS2000 / 3-degree Gauss-Kruger zone 39 (EPSG:4527) with a " \
        f"ballpark transformation (no {datum} → CGCS2000 parameters are public): positions " \
        "may be off by tens of metres; for survey-grade work convert the layer with the " \
        "province's conversion parameters (坐标转换参数) and use the converted layer" in text  # fmt: skip
