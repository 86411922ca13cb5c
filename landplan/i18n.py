"""Words shown to planners, in Chinese (default) and English. One place, so reports, maps and
spreadsheets say the same thing the same way."""

from __future__ import annotations

LANGS = ("zh", "en")

RULES: dict[str, tuple[str, str]] = {
    "county_quota": ("县级新增建设用地计划指标", "county new construction-land quota"),
    "farmland_conversion": ("农用地转用(占用耕地)指标", "farmland-conversion quota"),
    "pilot_earmark": ("试点镇单列指标(非试点镇可用 Q−R)", "pilot-town earmark (non-pilot towns may use Q−R)"),
    "linkage_land": ("增减挂钩节余指标", "linkage credits (增减挂钩)"),
    "linkage_farmland": ("增减挂钩耕地不减少", "linkage: farmland must not decrease"),
    "linkage_paddy": ("增减挂钩水田不减少", "linkage: paddy must not decrease"),
    "farmland_balance_quantity": ("耕地占补平衡(数量)", "farmland occupation–compensation balance (quantity)"),
    "farmland_balance_paddy": ("占水田补水田", "paddy occupation–compensation balance"),
    "reclamation_budget": ("复垦整理资金预算", "reclamation budget"),
    "town_bounds_min": ("乡镇用地下限", "town minimum"),
    "town_bounds_max": ("乡镇用地上限", "town maximum"),
    "project_area": ("项目申请面积", "project request"),
    "min_share": ("项目最低供地比例", "project minimum share"),
    "priority": ("重点项目足额保障", "priority project funded in full"),
    "eligibility": ("用地空间合规", "spatial eligibility"),
}

STATUS: dict[str, tuple[str, str]] = {
    "funded": ("足额保障", "funded"),
    "partial": ("部分保障", "partial"),
    "unfunded": ("未获指标", "unfunded"),
    "ineligible": ("用地不合规", "ineligible"),
    "conflict": ("重点项目冲突", "conflict"),
}

CATEGORY: dict[str, tuple[str, str]] = {
    "key": ("重点项目", "key"),
    "livelihood": ("民生项目", "livelihood"),
    "infrastructure": ("基础设施", "infrastructure"),
    "industrial": ("工业", "industrial"),
    "commercial": ("商服", "commercial"),
    "residential": ("住宅", "residential"),
}

SITE_REASON: dict[str, tuple[str, str]] = {
    "outside_town": ("用地超出所在乡镇边界 {area} m²", "site extends {area} m² outside its town"),
    "permanent_basic_farmland": ("占用永久基本农田 {area} m²", "overlaps permanent basic farmland by {area} m²"),
    "ecological_red_line": ("占用生态保护红线 {area} m²", "overlaps the ecological red line by {area} m²"),
    "outside_udb": ("位于城镇开发边界外 {area} m²", "lies {area} m² outside the urban development boundary"),
    "outside_park": ("工业项目位于工业园区外 {area} m²", "industrial site lies {area} m² outside any industrial park"),
}

TEXT: dict[str, tuple[str, str]] = {
    "conflict": ("重点项目用地不合规，未能保障：{why}", "priority project cannot be funded, its site is ineligible: {why}"),
    "binding": ("{rule}已用尽({used}/{limit} {unit})", "{rule} used up ({used} of {limit} {unit})"),
    "town_max": ("{town}用地上限已满({used}/{limit} {unit})", "{town} is at its maximum ({used} of {limit} {unit})"),
    "min_share": ("须至少供地 {need} {unit}(最低比例 {share})，不可拆分", "needs at least {need} {unit} (min share {share}) or nothing"),
    "lower_value": ("亩均效益 {v}，低于同类获配项目的最低值 {w}", "value per mu {v} is below the lowest funded competitor's {w}"),
    "value_tie": ("亩均效益 {v}，其他项目效益更高或相同", "value per mu {v}; other projects are worth as much or more"),
    "partial_remaining": ("获配 {got}/{req} {unit}", "got {got} of {req} {unit}"),
    "no_value": ("项目亩均效益为 0", "the project's value per mu is 0"),
    "unit_mu": ("亩", "mu"),
    "unit_ha": ("公顷", "ha"),
    "unit_yuan": ("元", "yuan"),
    "synthetic": ("本例数据为合成示例数据，非真实调查数据", "demo data: synthetic, not real survey data"),
}


def word(table: dict[str, tuple[str, str]], key: str, lang: str = "zh") -> str:
    pair = table.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "zh" else pair[1]


def text(key: str, lang: str = "zh", **kw: object) -> str:
    return word(TEXT, key, lang).format(**kw)


def unit(units: str, lang: str = "zh") -> str:
    return text("unit_ha" if units == "ha" else "unit_mu", lang)


# Maps, figures and allocation.gpkg (landplan.outputs.map / figures / gpkg).
MAP: dict[str, tuple[str, str]] = {
    "title": ("{county} {year}年度新增建设用地计划指标分配图", "{county} {year}: construction-land quota allocation"),
    "figure_town": ("{town} {year}年度用地安排图", "{town} {year}: land allocation"),
    "scenario": ("方案：{name}", "Scenario: {name}"),
    "objective": ("目标函数值 {v}（Σ 亩均效益 × 安排面积），{status}", "objective {v} (Σ value per mu × land allocated), {status}"),
    "optimal": ("已证明最优", "proven optimal"),
    "optimal_gap": ("最优性差距 ≤ {gap}", "within {gap} of the optimum"),
    "quota_line": ("计划指标 {q} {u}（试点镇单列 {r}），已安排 {a} {u}：计划指标 {n}，挂钩指标 {l}", "quota {q} {u} (pilot earmark {r}); allocated {a} {u}: {n} from quota, {l} from linkage"),
    "projects_line": ("项目 {n} 个：足额保障 {f}，部分保障 {p}，未获指标 {x}，不合规 {i}", "{n} projects: {f} funded, {p} partial, {x} unfunded, {i} ineligible"),
    "no_site": ("{n} 个项目无用地红线，未上图", "{n} projects have no site drawn"),
    "no_layers": ("本方案未提供图层，地图无可绘内容", "the scenario gives no layers: nothing to draw"),
    "towns": ("乡镇（按安排面积着色）", "Towns (shaded by land allocated)"),
    "town_labels": ("乡镇名称", "Town names"),
    "legend_towns": ("乡镇安排面积（{u}）", "Land allocated per town ({u})"),
    "pilot_mark": ("★ 扩权强镇试点镇", "★ pilot town (扩权强镇)"),
    "urban_development_boundary": ("城镇开发边界", "Urban development boundary"),
    "permanent_basic_farmland": ("永久基本农田", "Permanent basic farmland"),
    "ecological_red_line": ("生态保护红线", "Ecological red line"),
    "industrial_parks": ("工业园区", "Industrial parks"),
    "landuse": ("土地利用现状", "Land use"),
    "projects": ("项目用地", "Project sites"),
    "project_layer": ("项目用地：{status}", "Project sites: {status}"),
    "linkage_parcels": ("增减挂钩拆旧地块", "Linkage demolition parcels (增减挂钩)"),
    "reclamation_sites": ("补充耕地项目", "Reclamation sites (补充耕地)"),
    "activated": ("已实施", "activated"),
    "partly": ("部分实施", "partly activated"),
    "not_activated": ("未实施", "not activated"),
    "basemap": ("底图：{name}", "Basemap: {name}"),
    "basemap_none": ("无（可离线使用）", "none (works offline)"),
    "basemap_osm": ("OpenStreetMap", "OpenStreetMap"),
    "basemap_tianditu": ("天地图", "Tianditu (天地图)"),
    "basemap_local": ("本地瓦片服务", "local tile server"),
    "crs": ("坐标系：{crs}", "CRS: {crs}"),
    "made_by": ("landplan {version} 生成", "made by landplan {version}"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "share": ("实施比例", "Activated"),
    "town": ("乡镇", "Town"),
    "scale": ("比例尺", "Scale"),
    "north": ("北", "N"),
    "cultivated": ("耕地", "Cultivated land"),
    "built": ("建设用地", "Built-up land"),
    "forest": ("林地、园地、草地", "Forest, orchard, grass"),
    "water": ("水域", "Water"),
    "other_land": ("其他土地", "Other land"),
    "other_towns": ("其他乡镇", "Other towns"),
    "county_total": ("全县", "County"),
    "allocated_short": ("安排 {a} {u}", "{a} {u} allocated"),
}

# Extra fields of allocation.gpkg beyond the tables' columns (see outputs/headings.py).
FIELDS: dict[str, tuple[str, str]] = {
    "status_label": ("保障情况（文字）", "Status (text)"),
    "category_label": ("项目类型（文字）", "Category (text)"),
    "town_name": ("所在乡镇", "Town"),
    "activation": ("实施情况", "Activation"),
}

# Layer titles of allocation.gpkg (gpkg_contents.identifier).
GPKG_LAYERS: dict[str, tuple[str, str]] = {
    "towns": ("乡镇指标安排", "Towns: allocation"),
    "project_sites": ("项目用地安排", "Project sites: allocation"),
    "linkage_parcels": ("增减挂钩拆旧地块", "Linkage demolition parcels"),
    "reclamation_sites": ("补充耕地项目", "Reclamation sites"),
}


def map_text(key: str, lang: str = "zh", **kw: object) -> str:
    return word(MAP, key, lang).format(**kw)

TEXT["remedy_value"] = ("若亩均效益达到 {v} 即可足额保障", "would be funded in full at a value per mu of {v}")
TEXT["remedy_no_value"] = ("在现有规则下无论效益多高均无法足额保障",
                           "cannot be funded in full under the rules at any value")
TEXT["remedy_quota"] = ("或县级指标增加 {q} 亩(其他项目不减)即可足额保障",
                        "or with {q} more mu of county quota, no other project losing land")
TEXT["remedy_no_quota"] = ("仅增加县级指标不能解决(耕地、水田、资金或乡镇上限同样受限)",
                           "more county quota alone would not do (farmland, paddy, budget or a "
                           "town maximum also stops it)")
