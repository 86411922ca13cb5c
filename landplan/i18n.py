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
