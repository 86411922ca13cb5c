"""`landplan init`: layers recognised by fields, geometry and names; CRS and encodings detected;
what cannot be decided is said, in the file and in the report."""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pytest
import yaml

from landplan.errors import LayerError, RunFolderError
from landplan.ingest import init_scenario, recognise, scan_folder
from landplan.run import check
from tests.ingest.bureau import GIS


def layers_of(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["layers"]


def test_demo_folder_with_english_names(tmp_path):
    report = init_scenario(GIS, tmp_path / "s.yaml")
    assert sorted(report.wired) == sorted([
        "towns", "urban_development_boundary", "permanent_basic_farmland", "ecological_red_line",
        "industrial_parks", "landuse", "project_sites", "linkage_parcels", "reclamation_sites"])  # fmt: skip
    assert all(Path(src).name == f"{key}.gpkg" for key, src in report.wired.items())


def test_init_writes_the_usual_order_of_precedence_as_a_guess(tmp_path):
    """The bureau's files do not say it; init writes the tiers the demo county uses, with a
    comment to check them, so the imported county ranks 民生 first as the demo does."""
    from landplan.scenario.policy import STANDARD_TIERS

    init_scenario(GIS, tmp_path / "s.yaml")
    text = (tmp_path / "s.yaml").read_text(encoding="utf-8")
    assert "# guess: the county's order of precedence (用地保障次序)" in text
    assert yaml.safe_load(text)["policy"] == {"tiers": STANDARD_TIERS}
    demo = yaml.safe_load((GIS.parent / "scenarios" / "demo.yaml").read_text(encoding="utf-8"))
    assert demo["policy"] == {"tiers": STANDARD_TIERS}


def test_towns_are_told_from_boundaries_by_coverage():
    """The demo's urban development boundary has a 9-digit town code per feature too; it
    covers a few percent of the county, the towns layer all of it."""
    from landplan.ingest.detect import evidence

    infos = {i.path.stem: i for i in scan_folder(GIS).layers}
    county = max(i.area or 0 for i in infos.values())
    towns, reasons, _ = evidence("towns", infos["towns"], county, list(infos.values()))
    udb, udb_reasons, _ = evidence("towns", infos["urban_development_boundary"], county, [])
    assert "covers the county" in reasons and towns > 4
    assert udb < 2 and any(r.startswith("covers only") for r in udb_reasons)


def _copy(names: list[str], folder: Path) -> Path:
    folder.mkdir()
    for n in names:
        shutil.copy(GIS / f"{n}.gpkg", folder / f"{n}.gpkg")
    return folder


def test_layer_names_that_say_nothing_are_recognised_by_fields(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    gpd.read_file(GIS / "landuse.gpkg").to_file(folder / "图层1.gpkg")
    towns = gpd.read_file(GIS / "towns.gpkg").rename(columns={"code": "DM", "name": "MC"})
    towns.to_file(folder / "图层2.gpkg")
    rec = recognise(scan_folder(folder).layers)
    assert rec.guesses["landuse"].info.path.name == "图层1.gpkg"
    assert rec.guesses["towns"].info.path.name == "图层2.gpkg"
    assert rec.guesses["towns"].renames == {"code": "DM"}
    assert rec.town_names["341126105"] == "大庙镇"


def test_two_landuse_layers_are_a_guess_to_check(tmp_path):
    folder = _copy(["landuse", "towns"], tmp_path / "data")
    shutil.copy(GIS / "landuse.gpkg", folder / "DLTB_2022.gpkg")
    report = init_scenario(folder, tmp_path / "s.yaml")
    assert any(u.startswith("layers.landuse: chose") and "also fits; check it" in u
               for u in report.undecided)  # fmt: skip
    assert "GUESS, also possible" in (tmp_path / "s.yaml").read_text(encoding="utf-8")


def test_shapefile_whose_encoding_cannot_be_decided(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    towns = gpd.read_file(GIS / "towns.gpkg")
    towns["name"] = ["ÿ¤" + str(i) for i in range(len(towns))]  # neither UTF-8 nor GBK bytes
    towns.to_file(folder / "XZQ.shp", encoding="latin1")
    (folder / "XZQ.cpg").unlink(missing_ok=True)
    report = init_scenario(folder, tmp_path / "s.yaml")
    assert report.wired["towns"].endswith("XZQ.shp|code=code") or report.wired["towns"].endswith(
        "XZQ.shp"
    )
    assert "layers.towns (XZQ.shp): the text in the attribute table (.dbf) is neither UTF-8 nor " \
        "GBK; set layers.encoding" in report.undecided  # fmt: skip
    text = (tmp_path / "s.yaml").read_text(encoding="utf-8")
    assert "TEXT ENCODING UNKNOWN: set layers.encoding" in text
    assert "encoding: null  # TO DO: the encoding of XZQ.shp" in text


def test_layer_without_crs_and_a_folder_in_degrees(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    towns = gpd.read_file(GIS / "towns.gpkg").to_crs("EPSG:4490")
    towns.to_file(folder / "XZQ.shp", encoding="UTF-8")
    sites = gpd.read_file(GIS / "project_sites.gpkg")
    sites.to_file(folder / "项目用地红线.shp", encoding="UTF-8")
    (folder / "项目用地红线.prj").unlink()
    report = init_scenario(folder, tmp_path / "s.yaml")
    assert any(u.startswith("crs: the layers are in degrees; EPSG:4527 (CGCS2000 3-degree "
                            "Gauss–Krüger zone 39) was chosen") for u in report.undecided)  # fmt: skip
    assert "layers.project_sites (项目用地红线.shp) has no CRS (.prj missing): add the survey's " \
        ".prj next to it" in report.undecided  # fmt: skip
    assert yaml.safe_load((tmp_path / "s.yaml").read_text(encoding="utf-8"))["crs"] == "EPSG:4527"


def test_init_never_overwrites(tmp_path):
    target = tmp_path / "s.yaml"
    target.write_text("mine")
    with pytest.raises(RunFolderError, match="already exists; init never overwrites a scenario"):
        init_scenario(GIS, target)
    assert target.read_text() == "mine"


def test_validate_on_an_undecided_encoding_says_what_to_set(tmp_path):
    folder = _copy(["landuse", "project_sites"], tmp_path / "data")
    towns = gpd.read_file(GIS / "towns.gpkg")
    names = dict(zip(towns["code"], towns["name"], strict=True))
    towns["name"] = ["ÿ¤" + str(i) for i in range(len(towns))]
    towns.to_file(folder / "XZQ.shp", encoding="latin1")
    (folder / "XZQ.cpg").unlink(missing_ok=True)
    scenario = tmp_path / "s.yaml"
    init_scenario(folder, scenario)
    text = scenario.read_text(encoding="utf-8")
    for code, name in names.items():  # names are in no readable layer: the planner types them
        text = text.replace(f"code: '{code}'\n  name: '{code}'", f"code: '{code}'\n  name: {name}")
    text = text.replace("name: null  # TO DO: the county's name", "name: 凤阳县  #")
    text = text.replace("new_construction: null", "new_construction: 100")
    text = text.replace(
        "projects: []",
        "projects: [{id: P001, name: 甲, town: '341126101', "
        "category: industrial, area: 10, value_per_mu: 1}]",
    )
    scenario.write_text(text, encoding="utf-8")
    with pytest.raises(LayerError, match=r"XZQ.shp, field `layers.towns`: the text in the "
                       r"attribute table \(.dbf\) is neither UTF-8 nor GBK — set `layers.encoding`"):  # fmt: skip
        check(scenario)


def test_towns_layer_with_12_digit_codes_ending_in_000(tmp_path):
    """三调 XZQ layers store XZQDM as 341126105000: the town 341126105."""
    folder = _copy(["landuse", "project_sites"], tmp_path / "data")
    towns = gpd.read_file(GIS / "towns.gpkg")
    towns = towns.assign(XZQDM=towns["code"] + "000").drop(columns=["code"])
    towns = towns.rename(columns={"name": "XZQMC"})
    towns.to_file(folder / "XZQ.gpkg")
    scenario = tmp_path / "s.yaml"
    report = init_scenario(folder, scenario)
    assert report.wired["towns"].endswith("XZQ.gpkg|code=XZQDM")
    data = yaml.safe_load(scenario.read_text(encoding="utf-8"))
    assert {t["code"] for t in data["towns"]} == set(gpd.read_file(GIS / "towns.gpkg")["code"])
    assert data["county"]["code"] == "341126"
    assert any("the town codes in `XZQDM` have 12 digits ending in 000 (三调 XZQDM); landplan "
               "reads their first 9 digits as the town code" in n for n in report.notes)  # fmt: skip
    assert "12-digit town codes ending in 000 in `XZQDM`" in scenario.read_text(encoding="utf-8")
    text = scenario.read_text(encoding="utf-8")
    text = text.replace("new_construction: null", "new_construction: 100")
    text = text.replace("name: null  # TO DO: the county's name", "name: 凤阳县  #")
    text = text.replace("projects: []", "projects: [{id: P001, name: 甲, town: '341126101', "
                        "category: industrial, area: 10, value_per_mu: 1}]")  # fmt: skip
    scenario.write_text(text, encoding="utf-8")
    checked = check(scenario)
    assert any("town code(s) have 12 digits ending in 000 (三调 XZQDM, e.g. 341126" in str(n)
               and "read as their first 9 digits" in str(n) for n in checked.notes)  # fmt: skip


def test_text_that_looks_mis_decoded_is_a_question_not_a_statement(tmp_path):
    folder = _copy(["landuse"], tmp_path / "data")
    towns = gpd.read_file(GIS / "towns.gpkg")
    towns["name"] = ["大廟鎮", "臨淮關鎮", "府城鎮", "劉府鎮"] * 3
    towns.to_file(folder / "XZQ.shp", encoding="big5")
    (folder / "XZQ.cpg").unlink(missing_ok=True)
    report = init_scenario(folder, tmp_path / "s.yaml")
    assert any(u.startswith("layers.towns (XZQ.shp): the text decodes as GBK but looks "
                            "mis-decoded; look at the names and, if they are wrong, add "
                            "`|encoding=…` (e.g. Big5) to the layer") for u in report.undecided)  # fmt: skip
    text = (tmp_path / "s.yaml").read_text(encoding="utf-8")
    assert "read text as GBK" not in text and "looks mis-decoded" in text


def test_a_layer_in_xian_1980_is_a_question_about_accuracy(tmp_path):
    folder = _copy(["landuse"], tmp_path / "data")
    gpd.read_file(GIS / "towns.gpkg").to_crs("EPSG:2384").to_file(folder / "XZQ.gpkg")
    report = init_scenario(folder, tmp_path / "s.yaml")
    assert "layers.towns (XZQ.gpkg) is in Xian 1980 / 3-degree Gauss-Kruger CM 117E (EPSG:2384): " \
        "landplan reprojects it with a ballpark transformation, off by tens of metres; for " \
        "survey-grade work convert it with the province's Xian 1980 → CGCS2000 conversion " \
        "parameters (坐标转换参数) first" in report.undecided  # fmt: skip
    assert "XIAN 1980: reprojected roughly" in (tmp_path / "s.yaml").read_text(encoding="utf-8")
