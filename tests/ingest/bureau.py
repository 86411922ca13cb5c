"""A bureau-like folder made from the shipped demo county, as a county bureau would hand it over.

- 乡镇界线/XZQ.shp and 县级行政区/XJXZQ.shp: GBK text, no .cpg, 三调 field names (XZQDM, XZQMC)
- 2023年度国土变更调查.gdb: the 三调 DLTB layer (BSM, DLBM, DLMC, TBMJ, KCXS, ZLDWDM) and a
  line layer of boundaries that is no use to landplan
- 三区三线划定成果.gdb: CZKFBJ, YJJBNTBHTB, STBHHX
- 工业园区.geojson (YQMC), 项目用地红线.shp (GBK, no .cpg; XMBH, XMMC),
  增减挂钩拆旧地块.gpkg and 补充耕地项目.gpkg (XMBH, XMMC)
- 2026年建设项目用地需求.xlsx: a title row above the headings, Chinese headings, towns written
  as names, names without 镇 and codes, a 合计 row, and four rows that cannot be read; sheets
  for linkage (cost in 万元), reclamation (areas in 公顷) and the towns' figures.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio
import shapely
import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "scenarios" / "demo.yaml"
GIS = ROOT / "gis"
WORKBOOK = "2026年建设项目用地需求.xlsx"
CATEGORY_ZH = {"key": "重点产业", "livelihood": "民生项目", "infrastructure": "基础设施",
               "industrial": "工业", "commercial": "商服", "residential": "住宅"}  # fmt: skip
BAD_ROWS = [  # (id, name, town, category, area, farmland): one reason each not to import
    ("X01", "府城镇冷链物流园（待论证）", "府城镇", "商服", "待定", None),
    ("X02", "大苗镇石英砂精深加工项目", "大苗镇", "工业", 30, None),
    ("X03", "西泉镇综合楼", "西泉镇", "其它", 12, None),
    ("X04", "总铺镇光伏配套项目", "总铺镇", "工业", 20, 25),
]
# GDAL writes FileGDB coordinates as integers on a grid; a fine grid keeps the demo's parcels
# as they are (to 1e-9 m), so farmland taken equals the demo's.
_GDB = {"XYSCALE": "1000000000", "XORIGIN": "0", "YORIGIN": "0", "XYTOLERANCE": "0.000000001"}


def demo_data() -> dict[str, Any]:
    return yaml.safe_load(DEMO.read_text(encoding="utf-8"))


def _layer(name: str) -> gpd.GeoDataFrame:
    return gpd.read_file(GIS / f"{name}.gpkg")


def gbk_shapefile(gdf: gpd.GeoDataFrame, path: Path) -> Path:
    """A shapefile with GBK text and no .cpg, as survey software writes them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        gdf.to_file(path, engine="pyogrio", encoding="GBK")
    path.with_suffix(".cpg").unlink(missing_ok=True)
    return path


def gdb_layer(gdf: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        pyogrio.write_dataframe(gdf, path, layer=layer, driver="OpenFileGDB",
                                append=path.exists(), layer_options=_GDB)  # fmt: skip


def make_layers(folder: Path) -> None:
    towns = _layer("towns")
    xzq = gpd.GeoDataFrame({"XZQDM": towns["code"], "XZQMC": towns["name"]},
                           geometry=towns.geometry, crs=towns.crs)  # fmt: skip
    gbk_shapefile(xzq, folder / "乡镇界线" / "XZQ.shp")
    county = gpd.GeoDataFrame({"XZQDM": ["341126"], "XZQMC": ["凤阳县"]},
                              geometry=[shapely.union_all(towns.geometry.values)], crs=towns.crs)  # fmt: skip
    gbk_shapefile(county, folder / "县级行政区" / "XJXZQ.shp")

    survey = folder / "2023年度国土变更调查.gdb"
    gdb_layer(_layer("landuse"), survey, "DLTB")
    lines = gpd.GeoDataFrame({"JXLX": ["乡镇界"] * len(towns)},
                             geometry=towns.geometry.boundary, crs=towns.crs)  # fmt: skip
    gdb_layer(lines, survey, "XZQJX")

    plan = folder / "三区三线划定成果.gdb"
    udb = _layer("urban_development_boundary")
    gdb_layer(gpd.GeoDataFrame({"XZQDM": udb["town"], "BJMC": udb["name"]}, geometry=udb.geometry,
                               crs=udb.crs), plan, "CZKFBJ")  # fmt: skip
    pbf = _layer("permanent_basic_farmland")
    gdb_layer(gpd.GeoDataFrame({"JBNTTBBH": pbf["id"], "XZQDM": pbf["town"]},
                               geometry=pbf.geometry, crs=pbf.crs), plan, "YJJBNTBHTB")  # fmt: skip
    erl = _layer("ecological_red_line")
    gdb_layer(gpd.GeoDataFrame({"HXMC": erl["name"]}, geometry=erl.geometry, crs=erl.crs), plan,
              "STBHHX")  # fmt: skip

    parks = _layer("industrial_parks")
    gpd.GeoDataFrame({"YQMC": parks["name"], "XZQDM": parks["town"]}, geometry=parks.geometry,
                     crs=parks.crs).to_file(folder / "工业园区.geojson", engine="pyogrio")  # fmt: skip
    sites = _layer("project_sites")
    gbk_shapefile(gpd.GeoDataFrame({"XMBH": sites["id"], "XMMC": sites["name"]},
                                   geometry=sites.geometry, crs=sites.crs),
                  folder / "项目用地红线.shp")  # fmt: skip
    for src, name in (
        ("linkage_parcels", "增减挂钩拆旧地块"),
        ("reclamation_sites", "补充耕地项目"),
    ):
        gdf = _layer(src)
        gpd.GeoDataFrame({"XMBH": gdf["id"], "XMMC": gdf["name"]}, geometry=gdf.geometry,
                         crs=gdf.crs).to_file(folder / f"{name}.gpkg", engine="pyogrio")  # fmt: skip


def _town_cell(code: str, name: str, i: int) -> Any:
    """Towns as bureaus write them: mostly the name, sometimes without 镇, sometimes the code."""
    if i % 7 == 3:
        return int(code)
    if i % 5 == 1:
        return name.removesuffix("镇")
    return name


def _share(m: float, i: int) -> Any:
    if m == 1:
        return "100%" if i % 2 else 1
    return None if m == 0 and i % 3 == 0 else m


def make_workbook(path: Path, data: dict[str, Any]) -> Path:
    towns = {t["code"]: t["name"] for t in data["towns"]}
    wb = Workbook()
    ws = wb.active
    ws.title = "项目清单"
    heads = ["序号", "项目编号", "项目名称", "所在乡镇", "项目类型", "用地面积（亩）", "最低供地比例",
             "是否重点项目", "占用耕地（亩）", "其中：水田（亩）", "总投资（万元）", "年税收（万元）",
             "就业人数（人）", "亩均效益", "备注"]  # fmt: skip
    ws.append(["凤阳县2026年度建设项目用地需求表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(heads))
    ws.append(heads)
    for c in ws[2]:
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True)
    for i, p in enumerate(data["projects"], start=1):
        ws.append([i, p["id"], p["name"], _town_cell(p["town"], towns[p["town"]], i),
                   CATEGORY_ZH[p["category"]], p["area"], _share(p.get("min_share", 0), i),
                   "是" if p.get("priority") else ("否" if i % 2 else None), p.get("farmland"),
                   p.get("paddy"), p.get("investment"), p.get("tax"), p.get("jobs"),
                   p.get("value_per_mu"), None])  # fmt: skip
    n = len(data["projects"])
    for k, (pid, name, town, cat, area, farmland) in enumerate(BAD_ROWS, start=n + 1):
        ws.append([k, pid, name, town, cat, area, None, "否", farmland, None, 5000, 100, 20,
                   None, "待核实"])  # fmt: skip
    ws.append(["合计", None, None, None, None, f"=SUM(F3:F{n + 2 + len(BAD_ROWS)})"])

    lk = wb.create_sheet("增减挂钩项目")
    lk.append(["项目编号", "项目名称", "所在乡镇", "拆旧复垦面积（亩）", "新增耕地（亩）",
               "其中水田（亩）", "费用（万元）", "可分期实施"])  # fmt: skip
    for r in data["linkage"]:
        lk.append([r["id"], r["name"], towns[r["town"]], r["reclaim"], r["farmland_gain"],
                   r["paddy_gain"], r["cost"] / 1e4, "是" if r["divisible"] else "否"])  # fmt: skip
    rc = wb.create_sheet("补充耕地项目")
    rc.append(["项目编号", "项目名称", "乡镇", "新增耕地（公顷）", "其中水田（公顷）", "费用（元）",
               "可分期实施"])  # fmt: skip
    for r in data["reclamation"]:
        rc.append([r["id"], r["name"], towns[r["town"]], r["quantity"] / 15, r["paddy"] / 15,
                   r["cost"], "是" if r["divisible"] else "否"])  # fmt: skip
    tw = wb.create_sheet("乡镇指标")
    tw.append(["乡镇名称", "扩权强镇试点镇", "用地下限（亩）", "用地上限（亩）", "补充耕地指标（亩）",
               "其中水田（亩）"])  # fmt: skip
    for t in data["towns"]:
        credits = t.get("farmland_credits") or {}
        tw.append([t["name"], "是" if t.get("pilot") else "否", t.get("min"), t.get("max"),
                   credits.get("quantity"), credits.get("paddy")])  # fmt: skip
    wb.save(path)
    return path


def make_bureau_folder(folder: Path) -> Path:
    """The folder as the bureau hands it over; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    make_layers(folder)
    make_workbook(folder / WORKBOOK, demo_data())
    return folder


def fill_in_quota(scenario: Path, data: dict[str, Any]) -> None:
    """What the planner types after init: the year's quota and budget, from the city's document."""
    q = data["quota"]
    text = scenario.read_text(encoding="utf-8")
    for line, value in (
        ("new_construction: null", q["new_construction"]),
        ("farmland_conversion: null", q["farmland_conversion"]),
        ("pilot_reserve: 0", q["pilot_reserve"]),
        ("reclamation_budget: null", data["reclamation_budget"]),
    ):
        assert line in text, line
        text = text.replace(line, line.split(":")[0] + f": {value}", 1)
    scenario.write_text(text, encoding="utf-8")
