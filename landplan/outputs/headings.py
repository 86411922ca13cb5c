"""Column headings of the output tables, in Chinese and English."""

from __future__ import annotations

ALLOCATION = {
    "project_id": ("项目编号", "Project ID"),
    "name": ("项目名称", "Project"),
    "town": ("乡镇代码", "Town code"),
    "town_name": ("所在乡镇", "Town"),
    "category": ("项目类型", "Category"),
    "year": ("供地年度", "Year land is given"),  # a rolling plan's
    "priority": ("重点项目（必保）", "Priority (funded in full)"),
    "min_share": ("最低供地比例", "Min share"),
    "value_per_mu": ("亩均效益", "Value per mu"),
    "requested": ("申请面积", "Requested"),
    "allocated": ("安排面积", "Allocated"),
    "from_quota": ("使用计划指标", "From quota"),
    "from_linkage": ("使用挂钩指标", "From linkage"),
    "farmland_taken": ("占用耕地", "Farmland taken"),
    "paddy_taken": ("占用水田", "Paddy taken"),
    "farmland_source": ("耕地数据来源", "Farmland from"),
    "status": ("保障情况", "Status"),
    "reason": ("原因说明", "Reason"),
    "value_needed": ("足额保障所需亩均效益", "Value per mu for full funding"),
    "extra_quota_needed": ("足额保障需追加县级指标", "Extra county quota for full funding"),
    "extra_quota_year": ("追加指标所属年度", "Year of the extra quota"),
}

TOWNS = {
    "code": ("乡镇代码", "Town code"),
    "name": ("乡镇名称", "Town"),
    "pilot": ("扩权强镇试点镇", "Pilot town"),
    "projects": ("项目数", "Projects"),
    "funded": ("足额保障", "Funded"),
    "partial": ("部分保障", "Partial"),
    "unfunded": ("未获指标", "Unfunded"),
    "ineligible": ("不合规", "Ineligible"),
    "requested": ("申请面积", "Requested"),
    "allocated": ("安排面积", "Allocated"),
    "from_quota": ("计划指标", "From quota"),
    "from_linkage": ("挂钩指标", "From linkage"),
    "linkage_earned": ("本镇挂钩节余指标", "Linkage credits earned"),
    "farmland_taken": ("占用耕地", "Farmland taken"),
    "paddy_taken": ("占用水田", "Paddy taken"),
    "farmland_taken_quota": ("需占补平衡耕地", "Farmland to compensate"),
    "compensated_own": ("本镇补充", "Compensated in town"),
    "compensated_county": ("县域统筹补充", "Compensated county-wide"),
    "credits_held": ("已有补充耕地指标", "Credits held"),
    "reclamation_earned": ("整理新增耕地", "Reclamation credits earned"),
    "min": ("用地下限", "Minimum"),
    "max": ("用地上限", "Maximum"),
}

# towns_by_year.csv (a rolling plan): a town's figures in one year; `projects` counts the
# projects given land that year, not all the town's projects as in TOWNS
TOWNS_BY_YEAR = {
    "code": TOWNS["code"],
    "name": TOWNS["name"],
    "year": ("年度", "Year"),
    "projects": ("当年供地项目数", "Projects given land"),
    "allocated": TOWNS["allocated"],
    "from_quota": TOWNS["from_quota"],
    "from_linkage": TOWNS["from_linkage"],
    "farmland_taken": TOWNS["farmland_taken"],
    "housing_livelihood": ("住房与民生用地", "Housing and livelihood land"),
    "settled_migrants": ("落户人口", "Settled migrants"),
    "migrant_land": ("人地挂钩用地", "Land for settled migrants"),
}

# linkage_ledger.csv (a rolling plan): the county's linkage credits by year (周转指标)
LINKAGE_LEDGER = {
    "year": ("年度", "Year"),
    "used": ("使用挂钩指标", "Credits used"),
    "borrowed": ("其中：借用周转指标", "of which borrowed"),
    "returned": ("归还周转指标", "Returned"),
    "outstanding": ("年末未归还", "Outstanding at year end"),
    "delivered": ("累计已验收节余指标", "Credits delivered to date"),
}

# urbanisation.csv (a rolling plan with `urbanisation`): 人地挂钩 per town
URBANISATION = {
    "code": ("乡镇代码", "Town code"),
    "name": ("乡镇名称", "Town"),
    "urban_construction_land": ("现状城镇建设用地", "Urban construction land now"),
    "urban_population_base": ("基期城镇常住人口（人）", "Urban residents, base year"),
    "population_year": ("期末年度", "End year"),
    "urban_population": ("期末城镇常住人口（人）", "Urban residents, end"),
    "m2_per_resident_before": ("人均城镇建设用地：基期（m²）", "Urban land per resident, before (m²)"),
    "standard_m2_per_migrant": ("挂钩标准（m²/人）", "Standard (m² per migrant)"),
    "settled_migrants": ("落户农业转移人口（人）", "Settled migrants"),
    "migrant_land": ("挂钩新增用地", "Land the migrants bring"),
    "new_land": ("新增建设用地合计", "New construction land"),
    "m2_per_resident_after": ("人均城镇建设用地：期末（m²）", "Urban land per resident, after (m²)"),
}

LINKAGE = {
    "id": ("项目编号", "ID"),
    "name": ("项目名称", "Name"),
    "town": ("乡镇代码", "Town code"),
    "activated": ("实施比例", "Activated"),
    "reclaim": ("拆旧复垦面积", "Reclaim"),
    "quantity": ("新增耕地", "Quantity"),
    "credits_earned": ("产生指标", "Credits earned"),
    "credits_used": ("使用指标", "Credits used"),
    "farmland_gained": ("新增耕地", "Farmland gained"),
    "paddy_gained": ("新增水田", "Paddy gained"),
    "cost": ("费用(元)", "Cost (yuan)"),
}

CONSTRAINTS = {
    "name": ("约束", "Constraint"),
    "rule": ("规则", "Rule"),
    "key": ("对象", "Key"),
    "sense": ("关系", "Sense"),
    "use": ("使用量", "Use"),
    "limit": ("限额", "Limit"),
    "slack": ("余量", "Slack"),
    "binding": ("是否紧约束", "Binding"),
    "unit": ("单位", "Unit"),
}


def heading(table: dict[str, tuple[str, str]], column: str, lang: str) -> str:
    pair = table.get(column)
    return column if pair is None else pair[0 if lang == "zh" else 1]
