"""Words shown to planners, in Chinese (default) and English. One place, so reports, maps and
spreadsheets say the same thing the same way."""

from __future__ import annotations

LANGS = ("zh", "en")


STATUS: dict[str, tuple[str, str]] = {
    "funded": ("足额保障", "funded"),
    "partial": ("部分保障", "partial"),
    "unfunded": ("未获指标", "unfunded"),
    "ineligible": ("用地不合规", "ineligible"),
    "conflict": ("重点项目冲突", "conflict"),
}

CATEGORY: dict[str, tuple[str, str]] = {
    "key": ("重点类项目", "key category"),
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
    "binding": ("{rule}已用尽（{used}/{limit} {unit}）", "{rule} used up ({used} of {limit} {unit})"),
    "binding_none": ("{rule}无可用额度（0 {unit}）", "{rule}: none available (0 {unit})"),
    "min_share": ("须至少供地 {need} {unit}（最低比例 {share}），不可拆分", "needs at least {need} {unit} (min share {share}) or nothing"),
    "lower_value": ("亩均效益 {v}，低于同类获配项目的最低值 {w}", "value per mu {v} is below the lowest funded competitor's {w}"),
    "held_by_rules": ("亩均效益 {v} 不低于部分获配项目，受上述规则限制", "value per mu {v} is not below every funded project's; the rules above hold it back"),
    "partial_remaining": ("获配 {got}/{req} {unit}", "got {got} of {req} {unit}"),
    "no_value": ("项目亩均效益为 0", "the project's value per mu is 0"),
    "min_area": ("须至少供地 {need} {unit}（最小供地面积），否则不供", "needs at least {need} {unit} (min area) or nothing"),
    "requires": ("依赖项目 {other}（{name}）未足额保障", "requires {other} ({name}), which is not funded in full"),
    "excludes": ("与项目 {other}（{name}）互斥，该项目已获配", "excludes {other} ({name}), which got land"),
    "tier": ("所在层级「{tier}」已在各项规则内取得最多{what}，未含本项目", "its tier «{tier}» secured the most {what} the rules allow without it"),
    "tier_land": ("用地", "land"),
    "tier_count": ("足额保障项目数", "projects funded in full"),
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
    "projects_line": ("项目 {n} 个：足额保障 {f}，部分保障 {p}，未获指标 {x}，用地不合规 {i}，重点项目冲突 {c}", "{n} projects: {f} funded, {p} partial, {x} unfunded, {i} ineligible, {c} key-project conflicts"),
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
    "layers_header": ("规划管控与整治", "Planning layers and land consolidation"),
    "linkage_short": ("增减挂钩拆旧地块", "Linkage parcels"),
    "reclamation_short": ("补充耕地项目", "Reclamation sites"),
}

# Extra fields of allocation.gpkg beyond the tables' columns (see outputs/headings.py).
FIELDS: dict[str, tuple[str, str]] = {
    "status_label": ("保障情况（文字）", "Status (text)"),
    "category_label": ("项目类型（文字）", "Category (text)"),
    "town_name": ("所在乡镇", "Town"),
    "activation": ("实施情况", "Activation"),
    "layer": ("图层", "Layer"),
    "town": ("乡镇代码", "Town code"),
    "area": ("面积", "Area"),
    "parts": ("融合的原图斑数", "Polygons dissolved"),
    "group": ("地类", "Land-use class"),
}

MAP["north"] = ("指北针（图面上方为正北）", "North arrow (north is up)")
MAP["legend_activation"] = ("增减挂钩与补充耕地：实施情况", "Linkage and reclamation: activation")
MAP["nothing_taken"] = ("未安排用地，不占用耕地和水田。", "Nothing allocated: no farmland or paddy taken.")
MAP["cost_wan"] = ("费用（万元）", "Cost (10,000 yuan)")
MAP["key_title"] = ("项目一览", "Projects shown")
MAP["key_id"] = ("编号", "ID")
MAP["key_name"] = ("项目名称", "Name")
MAP["key_status"] = ("保障情况", "Status")
MAP["key_allocated"] = ("安排（{u}）", "Allocated ({u})")
MAP["fold"] = ("收起", "Fold")
MAP["unfold"] = ("展开", "Unfold")
MAP["tier_item"] = ("{name}（{what}）", "{name} ({what})")
MAP["objective_tiers"] = ("按用地保障次序逐层求解：{order}，{status}；效益合计 {v}",
                          "solved tier by tier in the county's order of precedence: {order}, "
                          "{status}; value in all {v}")
MAP["key_more"] = ("另有 {n} 个项目，见 allocation.csv", "{n} more in allocation.csv")
# a rolling plan's map and figures (outputs/map_years.py, figures_years.py)
MAP.update({
    "title_horizon": ("{county} {span}年新增建设用地计划指标分配图（滚动计划）",
                      "{county} {span}: construction-land quota allocation (rolling plan)"),
    "figure_county_horizon": ("{county} {span}年用地计划指标分配图", "{county} {span}: quota allocation"),
    "year_select": ("年度", "Year"),
    "year_all": ("全部年度", "All years"),
    "year_one": ("{y}年", "{y}"),
    "year_heading": ("供地年度", "Year land is given"),
    "year_given": ("{y}年供地", "land given in {y}"),
    "year_none": ("规划期内未供地", "no land in the plan's years"),
    "year_table": ("分年度安排（{u}）", "By year ({u})"),
    "year_col": ("年度", "Year"),
    "year_allocated": ("安排", "Allocated"),
    "year_quota": ("计划指标", "Quota"),
    "year_linkage": ("挂钩指标", "Linkage"),
    "year_housing": ("住房民生", "Housing, livelihood"),
    "year_migrant_land": ("人地挂钩", "Migrants' land"),
    "year_total": ("合计", "Total"),
    "year_span_total": ("以下为{span}年合计", "totals {span} below"),
    "year_quota_all": ("{span}年计划指标合计 {q} {u}（试点镇单列 {r}），已安排 {a} {u}：计划指标 {n}，挂钩指标 {l}",
                       "quota {span}: {q} {u} in all (pilot earmark {r}); allocated {a} {u}: {n} from quota, {l} from linkage"),
    "year_quota_one": ("{y}年计划指标 {q} {u}（试点镇单列 {r}），本年安排 {a} {u}：计划指标 {n}，挂钩指标 {l}",
                       "{y} quota {q} {u} (pilot earmark {r}); allocated in {y}: {a} {u}, {n} from quota, {l} from linkage"),
    "year_projects_one": ("{y}年供地项目 {n} 个：足额保障 {f}，部分保障 {p}",
                          "{n} projects given land in {y}: {f} funded, {p} partial"),
    "year_legend_one": ("乡镇{y}年安排面积（{u}）", "Land allocated per town in {y} ({u})"),
    "year_other_legend": ("其他年度供地的项目（空心）", "Sites given land in another year (hollow)"),
    "year_label": ("{y}年 {a} {u}", "{y}: {a} {u}"),
    "fig_years_title": ("乡镇分年度用地安排", "land allocated per town, by year"),
    "fig_years_towns": ("各乡镇安排面积，按供地年度（{u}）", "Land allocated per town, by the year it is given ({u})"),
    "fig_years_county": ("全县分年度：计划指标与安排（{u}）", "County, by year: quota and land given ({u})"),
    "fig_quota": ("年度计划指标", "Year's quota"),
    "fig_from_quota": ("使用计划指标", "From quota"),
    "fig_from_linkage": ("使用挂钩指标", "From linkage"),
    "fig_migrants_title": ("人地挂钩：落户人口用地与住房民生安排", "人地挂钩: migrants' land and land given"),
    "fig_migrant_land": ("落户人口对应用地（人地挂钩）", "Land for settled migrants (人地挂钩)"),
    "fig_housing": ("已安排住房与民生用地", "Housing and livelihood land given"),
    "fig_migrants_n": ("落户{n}人", "{n} settled"),
    "fig_by_year": ("分年度：{parts}", "By year: {parts}"),
})

# Layer titles of allocation.gpkg (gpkg_contents.identifier).
GPKG_LAYERS: dict[str, tuple[str, str]] = {
    "towns": ("乡镇指标安排", "Towns: allocation"),
    "project_sites": ("项目用地安排", "Project sites: allocation"),
    "linkage_parcels": ("增减挂钩拆旧地块", "Linkage demolition parcels"),
    "reclamation_sites": ("补充耕地项目", "Reclamation sites"),
    "urban_development_boundary": ("城镇开发边界（按乡镇融合，制图用）",
                                   "Urban development boundary (dissolved by town, as drawn)"),
    "permanent_basic_farmland": ("永久基本农田（按乡镇融合，制图用）",
                                 "Permanent basic farmland (dissolved by town, as drawn)"),
    "ecological_red_line": ("生态保护红线（按乡镇融合，制图用）",
                            "Ecological red line (dissolved by town, as drawn)"),
    "industrial_parks": ("工业园区（按乡镇融合，制图用）",
                         "Industrial parks (dissolved by town, as drawn)"),
    "landuse_classes": ("土地利用现状（试点镇图幅内按地类融合，制图用）",
                        "Land use (dissolved by class within each pilot town sheet, as drawn)"),
}


def map_text(key: str, lang: str = "zh", **kw: object) -> str:
    return word(MAP, key, lang).format(**kw)

# a rolling plan (`horizon`): a project given its land later than the first year open to it
TEXT["waited"] = ("{year}年供地，未能在{first}年", "funded in {year}, not {first}")
TEXT["waited_span"] = ("{year}年供地，未能在{first}—{last}年", "funded in {year}, not {first}–{last}")
TEXT["waited_earliest"] = ("{year}年供地，未能在{first}年：项目最早可供地年份为{year}年（earliest）",
                           "funded in {year}, not {first}: its land may be given from {year} on "
                           "(earliest)")
TEXT["in_year"] = ("{year}年：", "in {year}: ")
TEXT["waited_no_discount"] = ("各年度同等看待（policy.discount 为 0）",
                              "every year is worth the same (policy.discount is 0)")
TEXT["remedy_value"] = ("若亩均效益达到 {v} 即可足额保障", "would be funded in full at a value per mu of {v}")
TEXT["remedy_no_value"] = ("在现有规则下无论效益多高均无法足额保障",
                           "cannot be funded in full under the rules at any value")
TEXT["remedy_quota"] = ("或追加县级指标 {q} 亩并专项安排给该项目（其他项目用地不减）即可足额保障",
                        "or with {q} more mu of county quota set aside for it (no other "
                        "project losing land)")
TEXT["remedy_no_quota"] = ("仅增加县级指标不能解决（须同时放宽上述限制）",
                           "more county quota alone would not do (the limit above must move "
                           "too)")
# a rolling plan: the extra quota is of one year, and the others keep their land and year
TEXT["remedy_quota_year"] = ("或追加{year}年度新增建设用地计划指标 {q} 亩并专项安排给该项目"
                             "（其他项目用地及供地年度不变）即可足额保障",
                             "or with {q} more mu of quota in {year} set aside for it (no other "
                             "project losing land or moving to another year)")
TEXT["remedy_no_quota_year"] = ("仅增加各年度新增建设用地计划指标不能解决（须同时放宽上述限制）",
                                "more quota in any year alone would not do (the limit above "
                                "must move too)")
# What the why-not re-solves found (landplan.analysis.whynot.add_seen): how far the rule that
# stops a project must move, and why the extra quota it needs can exceed its shortfall.
TEXT["stop_need"] = ("，须放宽 {need} {unit}方可足额保障（其他项目用地不减）",
                     "; the limit must move by {need} {unit} for the project to be funded in "
                     "full (no other project losing land)")
TEXT["stop_room"] = ("{rule}余量不足（已用 {used}/{limit} {unit}）", "{rule} has too little left ({used} of {limit} {unit} used)")
TEXT["lower_value_town"] = ("亩均效益 {v}，低于{town}获配项目的最低值 {w}",
                            "value per mu {v} is below that of every project funded in {town} "
                            "(lowest {w})")
TEXT["quota_over"] = ("所需追加县级指标（{q} 亩）多于本项目缺口（{short} 亩）：足额保障本项目后，"
                      "增减挂钩节余指标少用 {linkage} 亩（其耕地、水田或复垦资金转给本项目），差额也须由县级指标补足",
                      "the extra quota ({q} mu) is more than the project's shortfall ({short} mu): "
                      "funded in full, it leaves {linkage} mu less linkage credit in use (its "
                      "farmland, paddy or reclamation money goes to this project), and quota "
                      "makes up that too")
TEXT["quota_over_other"] = ("所需追加县级指标（{q} 亩）多于本项目缺口（{short} 亩）：足额保障本项目后，"
                            "其他项目须有部分用地改由县级指标保障",
                            "the extra quota ({q} mu) is more than the project's shortfall "
                            "({short} mu): funded in full, it moves some of other projects' land "
                            "onto the quota")


# The plan document, report.docx / report.md (landplan.outputs.report, narrative, report_tables).
REPORT: dict[str, tuple[str, str]] = {
    "doc_title": ("{county}{year}年度土地利用计划指标分解方案", "{county} {year}: annual land-use plan, quota allocation"),
    "doc_subtitle": ("（“{name}”方案）", "(scenario “{name}”)"),
    "cover_title": ("编制说明", "About this document"),
    "cover_scenario": ("方案：{name}；年度：{year}；县（市、区）：{county}（{code}）", "Scenario: {name}; year: {year}; county: {county} ({code})"),
    "cover_quota": ("新增建设用地计划指标 {q}，其中扩权强镇试点镇单列 {r}", "New construction-land quota {q}, of which earmarked for pilot towns {r}"),
    "cover_conversion": ("；农用地转用（占用耕地）指标 {qf}", "; farmland-conversion quota {qf}"),
    "cover_budget": ("；复垦整理资金预算 {b}", "; reclamation budget {b}"),
    "cover_no_budget": ("；复垦整理资金未设预算上限", "; no reclamation budget limit"),
    "cover_objective": ("目标函数值 {v}（Σ 亩均效益 × 安排面积）；求解器 {solver}，最优性差距 {gap}（{status}）；复垦整理支出 {spend}", "Objective {v} (Σ value per mu × land allocated); solver {solver}, gap {gap} ({status}); reclamation spending {spend}"),
    "cover_run": ("运行时间 {when}，用时 {total} 秒（其中求解 {solve} 秒）；landplan {version}；运行目录 {folder}", "Run at {when}, {total} s (solve {solve} s); landplan {version}; run folder {folder}"),
    "cover_inputs": ("输入文件校验码（SHA-256）：", "Input files (SHA-256):"),
    "cover_input": ("{file}：{sha}", "{file}: {sha}"),
    "cover_title_county": ("{county}", "{county}"),
    "cover_title_plan": ("{year}年度土地利用计划指标分解方案", "Annual land-use plan {year}: quota allocation"),
    "cover_org": ("编制单位：{org}", "Prepared by: {org}"),
    "cover_date": ("编制日期：{date}", "Date: {date}"),
    "blank": ("＿＿＿＿＿＿＿＿＿＿＿＿", "____________________"),
    "toc": ("目　　录", "Contents"),
    "sec_record": ("附录　技术说明", "Appendix: technical record"),
    "record_lead": ("本附录记录本方案测算所用的数据、求解器和运行情况，供核查复算。", "This appendix records the data, solver and run behind the plan, so it can be checked and run again."),
    "cover_note": ("注意：{note}", "Note: {note}"),
    "cover_unchecked": ("未核查：{note}", "Not checked: {note}"),
    "area_pair": ("{main} {u}（{alt} {v}）", "{main} {u} ({alt} {v})"),
    "money": ("{v} 万元", "{v} (10,000 yuan)"),
    "wan_yuan": ("万元", "10,000 yuan"),
    "unit_area": ("单位：{u}（括号内为{v}）", "Unit: {u} ({v} in brackets)"),
    "unit_area_total": ("单位：{u}（合计行括号内为{v}）", "Unit: {u} ({v} in brackets in the total row)"),
    "unit_area_money": ("单位：{u}（括号内为{v}）；金额：万元", "Unit: {u} ({v} in brackets); money in 10,000 yuan"),
    "table_caption": ("表{n}　{name}", "Table {n}. {name}"),
    "figure_caption": ("图{n}　{name}", "Figure {n}. {name}"),
    "list_sep": ("；", "; "),
    "item_sep": ("；", "; "),
    "total": ("合计", "Total"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "county": ("全县", "county"),
    "made_by": ("本方案由 landplan {version} 根据优化结果自动生成，供审核参考。", "Generated from the optimisation by landplan {version}, for review."),
    # sections
    "sec_overview": ("总体情况", "Overview"),
    "sec_towns": ("乡镇指标分解", "Quota by town"),
    "sec_priority": ("重点项目用地保障", "Land for key projects"),
    "sec_tiers": ("用地保障次序", "Order of precedence (policy tiers)"),
    "sec_farmland": ("耕地占补平衡", "Farmland occupation–compensation balance (占补平衡)"),
    "sec_linkage": ("城乡建设用地增减挂钩", "Urban–rural construction-land linkage (增减挂钩)"),
    "sec_spending": ("补充耕地与复垦整理资金", "Reclamation and its spending"),
    "sec_short": ("未足额保障项目及原因", "Projects not funded in full, and why"),
    "sec_constraints": ("约束使用与边际价值", "Limits used and marginal values"),
    "sec_figures": ("附图", "Maps"),
    "sec_annex": ("附表　项目用地安排明细", "Annex: all projects"),
    # table titles
    "t_towns": ("乡镇新增建设用地计划指标分解表", "Construction land by town"),
    "t_priority": ("重点项目用地保障表", "Key projects: land secured"),
    "t_tiers": ("各层级用地保障情况表", "What each policy tier secured"),
    "col_tier": ("层级", "Tier"),
    "col_categories": ("项目类别", "Categories"),
    "col_tier_objective": ("保障目标", "Objective"),
    "col_secured": ("本层级取得", "Secured"),
    "col_projects_n": ("项目数", "Projects"),
    "col_requested": ("申请面积", "Requested"),
    "col_land": ("安排面积", "Allocated"),
    "col_value": ("综合效益", "Value"),
    "tier_land": ("用地最多", "most land"),
    "tier_value": ("效益最高", "most value"),
    "tier_count": ("足额保障项目最多", "most projects funded in full"),
    "tiers_text": ("本方案按县级用地保障次序分层求解：{order}。前一层级取得的结果在后续各层级中保持不变，之后在各层级结果不变的前提下按亩均效益安排其余用地{rest}。", "The plan follows the county's order of precedence, solved tier by tier: {order}. What an earlier tier secured is held while the later ones are solved; after the tiers, the remaining land is ranked by value per mu{rest}."),
    "tiers_rest": ("（未列入任何层级的{cats}项目仅按效益参与）", " (projects of {cats}, in no tier, compete by value only)"),
    "tiers_note": ("注：“本层级取得”为该层级目标的最优值（用地单位同上；综合效益为各项目亩均效益与安排面积乘积之和；或足额保障项目个数）；“足额/部分/未获/不合规”为项目个数。", "Note: “Secured” is the optimum of the tier's objective (area as above; value as the sum of value per mu times land; or a count of projects funded in full); the counts are projects funded / partly funded / unfunded / ineligible."),
    "t_farmland": ("耕地占补平衡表", "Farmland taken and compensated"),
    "t_farmland_towns": ("乡镇耕地占补平衡情况表", "Farmland compensation by town"),
    "t_linkage": ("增减挂钩项目实施与节余指标平衡表", "Linkage projects and balance"),
    "t_spending": ("补充耕地与复垦整理资金安排表", "Reclamation and linkage spending"),
    "t_short": ("未足额保障项目及原因表", "Projects not funded in full"),
    "t_constraints": ("县级约束使用情况表", "County-wide limits"),
    "t_policy_rules": ("县定规则使用情况表", "The county's own rules"),
    "col_scope_key": ("范围", "Scope"),
    "policy_note": ("注：县定规则（policy.rules）按其自身单位计；已用尽的以浅色底纹标出；边际价值为每放宽 1 个单位可增加的方案效益，“—”为未计算。", "Note: the county's own rules (policy.rules), each in its own unit; those used up are shaded; the marginal value is what the objective gains per unit the rule is relaxed; “—”: not computed."),
    "t_marginal": ("资源边际价值表", "Marginal values of resources"),
    "t_town_sites": ("{town}项目用地安排一览表", "Projects of {town}"),
    "t_projects": ("项目用地安排明细表", "All projects"),
    # column headings beyond outputs/headings.py
    "col_no": ("序号", "No."),
    "col_of_quota": ("其中：计划指标", "of which quota"),
    "col_of_linkage": ("其中：挂钩指标", "of which linkage"),
    "col_status_counts": ("足额/部分/未获/不合规（个）", "Funded / partial / unfunded / ineligible"),
    "col_remark": ("备注", "Remarks"),
    "col_explain": ("说明", "Notes"),
    "col_item": ("项目", "Item"),
    "col_farmland_avail": ("耕地：可补充", "Farmland: available"),
    "col_farmland_used": ("耕地：占用/补充", "Farmland: taken / used"),
    "col_paddy_avail": ("水田：可补充", "Paddy: available"),
    "col_paddy_used": ("水田：占用/补充", "Paddy: taken / used"),
    "col_linkage_project": ("挂钩项目", "Linkage project"),
    "col_town": ("所在乡镇", "Town"),
    "col_reclaim_full": ("拆旧复垦规模", "Reclaim (full)"),
    "col_credits_earned": ("产生节余指标", "Credits earned"),
    "col_cost": ("费用（万元）", "Cost (10,000 yuan)"),
    "col_farmland": ("耕地", "Farmland"),
    "col_paddy": ("水田", "Paddy"),
    "col_project": ("项目", "Project"),
    "col_kind": ("类型", "Kind"),
    "col_value_needed": ("足额保障所需亩均效益", "Value per mu needed"),
    "col_extra_quota": ("足额保障所需追加县级指标", "Extra county quota needed"),
    "col_used_up": ("是否用尽", "Used up"),
    "col_resource": ("资源", "Resource"),
    "col_scope": ("范围", "Scope"),
    "col_unit": ("单位", "Unit"),
    "col_delta": ("增量", "Step"),
    "col_marginal": ("边际价值（每增加一个单位的效益增量）", "Marginal value (value per unit)"),
    # rows and remarks
    "pilot": ("试点镇", "pilot town"),
    "pilot_subtotal": ("其中：试点镇小计★", "of which pilot towns ★"),
    "earmark_note": ("单列指标 {r}", "earmark {r}"),
    "town_min": ("下限 {v}", "minimum {v}"),
    "town_max": ("上限 {v}", "maximum {v}"),
    "town_max_full": ("上限 {v}（已满）", "maximum {v} (reached)"),
    "towns_note_pilot": ("注：★为扩权强镇试点镇；“足额/部分/未获/不合规”为各类项目个数，不合规含重点项目用地冲突。", "Note: ★ marks 扩权强镇 pilot towns; the counts are projects funded / partly funded / unfunded / ineligible (incl. key-project conflicts)."),
    "towns_note_quota": ("全县新增建设用地计划指标 {q}，本方案使用 {used}，结余 {left}。", "County quota {q}; used {used}; left {left}."),
    "towns_note_earmark": ("其中试点镇单列 {r}：非试点镇使用计划指标不超过 {rest}；试点镇实际使用计划指标 {pilot}。", "Earmarked for pilot towns {r}: non-pilot towns may use at most {rest} of the quota; pilot towns used {pilot}."),
    "n_of_m_funded": ("足额保障 {n}/{m} 个", "{n} of {m} funded"),
    "n_projects": ("{n} 个项目", "{n} projects"),
    "priority_none": ("本方案无必保项目和重点类项目。", "The scenario has no must-fund or key-category projects."),
    "fb_taken": ("一、建设占用耕地", "1. Farmland taken by construction"),
    "fb_taken_quota": ("　其中：使用计划指标的用地（县域占补平衡）", "   on land from the quota (balanced county-wide)"),
    "fb_taken_linkage": ("　　　　使用挂钩指标的用地（挂钩项目内平衡）", "   on land from linkage (balanced within linkage)"),
    "fb_supply": ("二、补充耕地", "2. Farmland compensated"),
    "fb_held": ("　其中：乡镇已有补充耕地指标", "   towns' held credits"),
    "fb_reclaimed": ("　　　　土地整理复垦新增耕地", "   reclamation (土地整理复垦)"),
    "fb_linkage": ("　　　　增减挂钩拆旧复垦新增耕地", "   linkage demolition and reclamation"),
    "fb_left": ("三、补充耕地结余（可补充 − 占用）", "3. Credits left (available − taken)"),
    "fb_note": ("注：使用计划指标的用地所占耕地先以所在乡镇已有补充耕地指标补充，不足部分在全县范围内统筹；使用挂钩指标的用地所占耕地由挂钩拆旧复垦新增耕地补充（耕地面积不减少）。水田按“占水田补水田”同样核算。", "Note: farmland taken on land from the quota is compensated first from the towns' held credits, the rest county-wide from reclamation; farmland taken on land from linkage is compensated by the farmland the linkage projects reclaim. Paddy likewise (占水田补水田)."),
    "fb_note_no_scenario": ("注：方案文件不可读，乡镇已有水田指标未列出。", "Note: the scenario file could not be read: held paddy credits are not shown."),
    "fbt_note": ("注：“需占补平衡耕地”为使用计划指标的用地所占耕地；本镇不能平衡的部分由全县统筹补充。", "Note: farmland to compensate is what land from the quota takes; what a town cannot balance itself is balanced county-wide."),
    "linkage_none": ("本方案无增减挂钩项目。", "The scenario has no linkage projects."),
    "linkage_note": ("注：节余指标在全县范围内统筹使用（各镇项目优先使用本镇产生的指标），不对应到单个拆旧项目，故“使用”与“占用”只列全县合计：使用节余指标为各项目“使用挂钩指标”之和，占用耕地（水田）按各项目使用挂钩指标占其安排面积的比例计。结余（新增 − 占用）不小于 0 即耕地面积不减少。", "Note: linkage credits are pooled county-wide (each town's projects use their own town's credits first) and are not traced to single linkage projects, so use and farmland taken are shown for the county only: credits used are the projects' land from linkage summed; farmland (paddy) taken is each project's in proportion to its land from linkage. A balance (gained − taken) of at least 0 means no farmland is lost."),
    "lb_earned": ("拆旧区合计：产生 / 新增", "Linkage projects: earned / gained"),
    "lb_used": ("全县建新区：使用 / 占用", "County, new construction: used / taken"),
    "lb_left": ("结余（新增 − 占用）", "Balance (gained − taken)"),
    "col_linkage_credits": ("节余指标（产生/使用）", "Credits (earned / used)"),
    "col_linkage_farmland": ("耕地（新增/占用）", "Farmland (gained / taken)"),
    "col_linkage_paddy": ("水田（新增/占用）", "Paddy (gained / taken)"),
    "kind_linkage": ("增减挂钩", "linkage"),
    "kind_reclamation": ("土地整理复垦", "reclamation"),
    "budget": ("复垦整理资金预算", "Budget"),
    "budget_left": ("预算结余", "Budget left"),
    "short_note_extra": ("注：“足额保障所需亩均效益”为项目亩均效益达到该值即可足额保障；“足额保障所需追加县级指标”为其他项目安排不减、仅追加县级计划指标时所需的数量，“—”表示仅追加指标不能解决。", "Note: value per mu needed: at this value the project would be funded in full; extra county quota needed: with this much more quota it would be funded in full, no other project losing land (“—”: more quota alone would not do)."),
    "short_note_shared": ("注：以下紧约束为多数项目的共同原因，表中不再逐项重复：{items}。", "Note: limits used up that hold back most of these projects, not repeated in each row: {items}."),
    "short_shared": ("其中多数项目共同受以下紧约束限制：{items}。各项目的具体情况如下：", " Most of them are held back by limits used up: {items}. Project by project:"),
    "in_money": ("（万元）", " (10,000 yuan)"),
    "constraints_note": ("注：已用尽的约束以浅色底纹标出；只有边际价值大于 0 的约束制约用地安排，边际价值为 0 的约束虽已用满，增加也不能提高方案效益；“—”为未计算。", "Note: limits used up are shaded; only those with a marginal value above 0 limit the allocation: one at its limit with a marginal value of 0 would add nothing if raised; “—”: not computed."),
    "col_marginal_value": ("边际价值", "Marginal value"),
    "marginal_note": ("注：边际价值为该资源每增加一个单位，方案综合效益（各项目亩均效益与安排面积乘积之和）的增量；“增量”为测算所用的增加量。计算方法：{method}。", "Note: the marginal value is the gain in the plan's value (the sum of value per mu times land allocated) per unit more of the resource; “Step” is the increase it was measured over. Method: {method}."),
    "priority_note": ("注：{id} {name}{status}：{reason}", "Note: {id} {name} is {status}: {reason}"),
    # narrative
    "ov_quota": ("{county}{year}年度新增建设用地计划指标 {q}", "{county}'s new construction-land quota for {year} is {q}"),
    "ov_earmark": ("，其中扩权强镇试点镇单列 {r}", ", of which {r} is earmarked for the pilot towns"),
    "ov_conversion": ("；农用地转用（占用耕地）指标 {qf}", "; the farmland-conversion quota is {qf}"),
    "ov_allocated": ("。本方案共安排建设用地 {a}，其中使用计划指标 {n}，使用增减挂钩节余指标 {l}；计划指标结余 {left}。", ". The plan allocates {a} of construction land: {n} from the quota and {l} from linkage credits; {left} of the quota is left."),
    "ov_projects": ("全县申报项目 {n} 个，申请用地 {req}：足额保障 {f} 个，部分保障 {p} 个，未获指标 {u} 个，用地不合规 {i} 个，重点项目用地冲突 {c} 个。", "{n} projects asked for {req}: {f} {f_be} funded in full, {p} in part, {u} not at all, {i} {i_be} ineligible and {c} {c_be} {c_noun} in conflict with the plan."),
    "ov_priority": ("必保重点项目 {k} 个，足额保障 {kf} 个", " Of {k} {k_noun}, {kf} {kf_be} funded in full"),
    "sentence_end": ("。", "."),
    "ov_key": ("另有重点类项目 {k} 个（未列为必保），足额保障 {kf} 个。", " {k} {k_noun} of the key category {k_be} not marked must-fund; {kf} {kf_be} funded in full."),
    "col_key_kind": ("类别", "Kind"),
    "key_must": ("必保", "must-fund"),
    "key_cat": ("重点类", "key category"),
    "key_both": ("必保、重点类", "must-fund, key category"),
    "key_note": ("注：“必保”项目是方案中标明必须足额保障的项目，作为约束条件，不参与效益比较，不能足额保障即为方案冲突；“重点类”是项目类型（重点类项目），{how}，但不强制足额保障。", "Note: a must-fund project is marked in the scenario to be funded in full: a rule, not weighed against value, and a plan that cannot fund it is in conflict. Key category is a project type: {how}, but it is not required to be funded in full."),
    "key_note_tier": ("按用地保障次序列入“{tier}”层级优先安排", "it is placed in the “{tier}” tier of the order of precedence"),
    "key_note_value": ("与其他项目一同按亩均效益排序安排", "it competes with the other projects by value per mu"),
    "kinds_lead": ("未获足额保障的 {n} 个项目，原因归纳起来有以下几类：", "The {n} {projects} not funded in full fall short for these reasons: "),
    "kinds_item": ("（{i}）{text}", "({i}) {text}"),
    "item_sep_kinds": ("；", "; "),
    "list_sep_short": ("、", ", "),
    "item_sep_short": ("、", ", "),
    "kinds_or": ("、", ", "),
    "kinds_tier": ("用地保障次序。按县定次序，{done}项目先行安排，已全部足额保障（选址不合规的除外）；{later}层级（{cats}）在剩余指标内按亩均效益安排，未足额保障的 {n} 个项目都属于这一层级", "the order of precedence: the county provides for {done} first, and those are funded in full (sites that break the plan aside); {later} ({cats}) share the land left, ranked by value per mu, and the {n} {projects} short of land {be} all in that tier"),
    "kinds_cap": ("乡镇用地上限。{towns}本年度用地已达上限，这 {n} 个项目即使亩均效益较高也不能再安排；如需保障，须调整该镇用地上限或安排到下一年度", "town maximums: {towns} {have} reached this year's maximum, so these {n} {projects} cannot get land whatever their value per mu; to fund them the town's maximum must be raised, or they wait for next year"),
    "kinds_cap_town": ("{town}（已用 {use}/{limit} {u}，涉及 {n} 个项目）", "{town} ({use} of {limit} {u} used; {n} {projects})"),
    "kinds_value": ("亩均效益偏低。{n} 个项目的亩均效益为 {lo}–{hi}，低于已获指标的同类项目（最低 {w}），在有限的计划指标内排在后面", "value per mu: {n} {projects} {be} valued at {lo}–{hi} per mu, below the lowest funded competitor ({w}), and come last for the quota there is"),
    "kinds_whole": ("不可拆分。{n} 个项目须整块供地（最低供地比例或最小面积），剩余指标不足以整块安排", "given whole or not at all: {n} {projects} must get a whole block (minimum share or area), and the land left is too little"),
    "kinds_site": ("选址不符合规划。{n} 个项目选址{what}，按规定不能安排用地，须调整选址后重新申报", "sites that break the plan: {n} {projects}, whose sites {what}, cannot be given land until the site moves"),
    "kinds_site_permanent_basic_farmland": ("占用永久基本农田", "overlap permanent basic farmland"),
    "kinds_site_ecological_red_line": ("占用生态保护红线", "overlap the ecological red line"),
    "kinds_site_outside_udb": ("位于城镇开发边界外", "lie outside the urban development boundary"),
    "kinds_site_outside_park": ("位于工业园区外", "lie outside an industrial park"),
    "kinds_site_outside_town": ("超出所在乡镇边界", "extend beyond their town"),
    "kinds_site_any": ("不符合用地规划", "break the land-use plan"),
    "ov_conflict": ("，{c} 个因用地不合规无法保障，须调整选址或规划", "; {c} cannot be funded because {c_its} the plan, and {c_need} a new site or a plan change"),
    "bind_lead": ("制约本年度用地安排的稀缺资源共 {n} 项：{items}。这些资源已经用尽且边际价值大于 0，增加其中任何一项都能使方案效益提高。", "{n} {limits} {be} used up and {limit_v} this year's allocation: {items}. Each has a marginal value above 0: more of any of them raises the plan's value."),
    "bind_full": ("另有 {n} 项约束已经用满，但边际价值为 0，再增加也不能提高方案效益：{items}。", "{n} {limits} {be} fully used but {has} a marginal value of 0, so more of {them} would add nothing: {items}."),
    "bind_unknown": ("另有 {n} 项约束已经用满（未计算其边际价值）：{items}。", "{n} {limits} {be} fully used ({its} marginal value was not computed): {items}."),
    "bind_item": ("{rule}（已用 {use}/{limit} {u}）", "{rule} ({use} of {limit} {u} used)"),
    "bind_item_plain": ("{rule}（已用 {use}/{limit}）", "{rule} ({use} of {limit} used)"),
    "bind_zero": ("{rule}（可用量为 0）", "{rule} (nothing available)"),
    "bind_town": ("{town}{rule}", "{rule} of {town}"),
    "bind_none": ("本方案没有用尽的县级约束：未获保障的项目受自身条件（亩均效益、最低供地比例或用地合规）限制。", "No county-wide limit is used up: projects that fell short did so for their own reasons (value per mu, minimum share or an ineligible site)."),
    "fb_text": ("建设占用耕地 {t}，其中水田 {p}。", "Construction takes {t} of farmland, {p} of it paddy."),
    "fb_text_quota": ("使用计划指标的用地占用耕地 {tq}，以乡镇已有补充耕地指标 {h}、土地整理复垦新增耕地 {r}补充，在全县范围内实现占补平衡。", " Land from the quota takes {tq}, compensated by the towns' held credits ({h}) and reclamation ({r}), balanced county-wide."),
    "fb_text_linkage": ("使用挂钩指标的用地占用耕地 {tl}，由增减挂钩拆旧复垦新增耕地 {g}补充，耕地面积不减少。", " Land from linkage takes {tl}, compensated by the {g} of farmland the linkage projects reclaim."),
    "fb_text_none": ("本方案安排的用地不占用耕地。", "The land allocated takes no farmland."),
    "sp_text": ("本年度增减挂钩与土地整理复垦安排资金 {s}，预算 {b}，结余 {left}。", "Linkage and reclamation spend {s} of a budget of {b}; {left} is left."),
    "sp_text_nobudget": ("本年度增减挂钩与土地整理复垦安排资金 {s}（未设预算上限）。", "Linkage and reclamation spend {s} (no budget limit)."),
    "short_none": ("全部申报项目均获足额保障。", "Every project is funded in full."),
    "short_lead": ("未足额保障的项目 {n} 个{ref}。", "{n} {projects} {be} not funded in full{ref}."),
    "see_table": ("（详见表{n}）", " (see Table {n})"),
    "short_item": ("（{i}）{name}（{id}，{town}）：申请 {req} {u}，安排 {got} {u}，{status}。{reason}。", "({i}) {name} ({id}, {town}): asked for {req} {u}, got {got} {u}, {status}. {reason}."),
    "short_more": ("其余 {m} 个项目{ref}。", "{m} more{ref}."),
    "no_reason": ("未说明", "no reason recorded"),
    # landplan compare
    "cmp_level": ("层级", "Level"),
    "cmp_town": ("乡镇", "town"),
    "cmp_county": ("全县", "county"),
    "cmp_year_of": ("供地年度（{run}）", "Year ({run})"),
    "cmp_project": ("项目", "project"),
    "cmp_code": ("代码/编号", "Code / ID"),
    "cmp_name": ("名称", "Name"),
    "cmp_allocated": ("安排面积（{run}，{u}）", "Allocated ({run}, {u})"),
    "cmp_status": ("保障情况（{run}）", "Status ({run})"),
    "cmp_change": ("变化（{run} − {base}，{u}）", "Change ({run} − {base}, {u})"),
    "cmp_absent": ("方案中无此项目", "not in this run"),
    "cmp_run": ("方案", "Run"),
    "cmp_folder": ("运行目录", "Run folder"),
    "cmp_scenario": ("情景", "Scenario"),
    "cmp_year": ("年度", "Year"),
    "cmp_objective": ("目标函数值", "Objective"),
    "cmp_quota": ("计划指标（{u}）", "Quota ({u})"),
    "cmp_total": ("安排面积合计（{u}）", "Allocated ({u})"),
    "cmp_from_quota": ("其中计划指标（{u}）", "From quota ({u})"),
    "cmp_from_linkage": ("其中挂钩指标（{u}）", "From linkage ({u})"),
    "cmp_funded": ("足额保障项目数", "Projects funded"),
    "cmp_sheet_towns": ("乡镇对比", "Towns"),
    "cmp_sheet_projects": ("项目变化", "Projects changed"),
    "cmp_sheet_runs": ("方案", "Runs"),
    "cmp_axis": ("安排面积（{u}）", "Land allocated ({u})"),
    "cmp_chart_title": ("{county} 方案对比：乡镇与项目用地安排", "{county}: land allocated per town and project, by run"),
    "cmp_map_title": ("{county} 方案对比：项目用地变化", "{county}: project land, run against run"),
    "cmp_layer": ("{run} 相对 {base} 的变化", "{run} against {base}"),
    "cmp_gained": ("增加", "gained"),
    "cmp_lost": ("减少", "lost"),
    "cmp_unchanged": ("面积不变", "unchanged"),
    "cmp_legend": ("项目安排面积变化", "Change in land allocated"),
    "cmp_run_line": ("{run}：情景 {name}（{year}年度）", "{run}: scenario {name} ({year})"),
    "cmp_drawn": ("项目用地 {n} 宗，按安排面积变化着色", "{n} project sites, coloured by the change in land allocated"),
    "cmp_missing": ("{n} 个项目无用地红线，未上图", "{n} projects have no site drawn"),
    "cmp_run_legend": ("{run}（{name}，计划指标 {q}，安排 {total}）", "{run} ({name}, quota {q}, allocated {total})"),
    "cmp_run_land": ("；计划指标 {q} {u}，安排用地 {total} {u}", "; quota {q} {u}, land allocated {total} {u}"),
    "cmp_pilot_note": ("★ 扩权强镇试点镇；柱上数字为相对 {base} 的变化（{u}）", "★ pilot town; numbers over the bars: change against {base} ({u})"),
    "cmp_proj_title": ("用地变化最大的项目（{n}/{m} 个）", "Projects whose land changed most ({n} of {m})"),
    "cmp_proj_axis": ("安排面积变化（相对 {base}，{u}）", "Change in land allocated (against {base}, {u})"),
    "cmp_proj_none": ("各方案项目安排相同", "No project's land or status changed"),
    "cmp_town_change": ("{name}：{change}", "{name}: {change}"),
}


REPORT_METHOD: dict[str, tuple[str, str]] = {
    "re-solve at +Δ (MIP, gap 0)": ("按增量增加后重新求解（混合整数规划，差距 0）", "re-solve at +Δ (MIP, gap 0)"),
}

def report_text(key: str, lang: str = "zh", **kw: object) -> str:
    return word(REPORT, key, lang).format(**kw)


# Why a scenario is infeasible (landplan.explain): the fewest rules whose relaxation restores
# feasibility, each with the amount by which it must move (each rule's own words are in its
# declaration, landplan/model/rules/).
EXPLAIN: dict[str, tuple[str, str]] = {
    "title": ("没有满足全部规则的方案", "No allocation satisfies every rule"),
    "count": ("（{n} 条）", " ({n} problem{s})"),
    "lead": ("放宽以下规则即可使方案可行（这是需要放宽的最少规则）：{moves}", "relaxing these rules makes the scenario feasible (the fewest rules that must move): {moves}"),
    "sep": ("；", "; "),
    "move_up": ("{what}增加 {amount} {u}", "{what} up by {amount} {u}"),
    "move_down": ("{what}降低 {amount} {u}", "{what} down by {amount} {u}"),
    "of_town": ("{town}{what}", "{what} of {town}"),
    "town": ("{name}（{code}）", "{name} ({code})"),
    "of_project": ("项目{project}的{what}", "{what} of {project}"),
    "project": ("{id}（{name}）", "{id} ({name})"),
    "need": ("{what}为 {lim} {u}，各项规则同时成立需要 {use} {u}，须增加 {amount} {u}，增至 {use} {u}", "the rules need {use} {u} from {what}, which allows {lim} {u} (short by {amount} {u}: raise it to {use} {u})"),
    "min": ("{what}为 {lim} {u}，但该镇最多只能供给 {use} {u}，须降低 {amount} {u}，降至 {use} {u}", "{what} is {lim} {u}, but at most {use} {u} can be given there (short by {amount} {u}: lower it to {use} {u})"),
    "rule": ("规则 {name}", "rule {name}"),
    "priority": ("重点项目需用地 {need} {u}（{n} 个，其中试点镇以外 {outside} {u}），县级计划指标为 {q} {u}", "priority projects (重点项目) need {need} {u} ({n} projects, {outside} {u} outside pilot towns); the quota is {q} {u}"),
    "priority_reserve": ("，其中单列试点镇 {r} {u}，其余乡镇可用 {rest} {u}", ", of which {r} {u} is earmarked for pilot towns, leaving {rest} {u} elsewhere"),
    "priority_linkage": ("；增减挂钩最多可增加 {link} {u}", "; linkage could add at most {link} {u}"),
    "unresolved": ("放宽县、镇两级规则也无法使方案可行：重点项目、项目最低供地比例与增减挂钩约束相互冲突", "the rules conflict in a way the relaxation could not resolve (priority projects, min_share and linkage cannot hold together)"),
    "yuan": ("元", "yuan"),
    "units": ("个单位", "units"),  # a county rule's own amount (water, projects…)
    "hint_other": ("放宽该规则或减少对它的需求", "relax this rule or the demands on it"),
}


def explain_text(key: str, lang: str = "zh", **kw: object) -> str:
    return word(EXPLAIN, key, lang).format(**kw)
