"""The plan document's tables, built once from a finished run.

Both report.docx and report.md are rendered from these `Table`s, so the two hold the same
figures; every total is summed from the run's own CSV columns, so it reconciles with
allocation.csv and allocation.xlsx. Areas are shown in the scenario's unit with the other unit
beneath (亩 with 公顷, or 公顷 with 亩; 1 公顷 = 15 亩), money in 万元.

The modules, by table group:

- `base`: `Table`, `Row`, `Cell`, `Fmt`, `area_pair`, `w` and the small helpers the others share.
- `towns`: the quota by town (乡镇指标分解) and the priority projects (重点项目用地保障).
- `farmland`: `FarmlandBalance`, the county's 耕地占补平衡 and the farmland by town.
- `linkage`: the linkage balance (增减挂钩) and the spending (补充耕地与复垦资金).
- `short`: the projects not fully provided for (未足额保障项目) and their shared reasons.
- `rules`: the county limits (约束与边际价值), marginal.csv, and the appendix of projects.
"""

from landplan.outputs.report_tables.base import (
    EPS,
    MU_PER_HA,
    PAD_PT,
    PORTRAIT_PT,
    Cell,
    Fmt,
    Row,
    T,
    Table,
    _true,
    area_pair,
    column_needs,
    share,
    table_size,
    text_pt,
    w,
)
from landplan.outputs.report_tables.farmland import (
    FarmlandBalance,
    farmland_balance,
    farmland_table,
    farmland_towns_table,
)
from landplan.outputs.report_tables.linkage import linkage_table, spending_table
from landplan.outputs.report_tables.rules import (
    PROJECT_SUMS,
    constraints_table,
    marginal_table,
    policy_table,
    projects_table,
)
from landplan.outputs.report_tables.short import (
    SHORT_ORDER,
    idle_reasons,
    shared_reasons,
    short_projects,
    short_table,
    specific_reason,
)
from landplan.outputs.report_tables.towns import priority_table, town_sites_table, towns_table

__all__ = [
    "EPS",
    "MU_PER_HA",
    "PAD_PT",
    "PORTRAIT_PT",
    "column_needs",
    "table_size",
    "text_pt",
    "PROJECT_SUMS",
    "SHORT_ORDER",
    "Cell",
    "FarmlandBalance",
    "Fmt",
    "Row",
    "T",
    "Table",
    "_true",
    "area_pair",
    "constraints_table",
    "farmland_balance",
    "farmland_table",
    "farmland_towns_table",
    "idle_reasons",
    "linkage_table",
    "marginal_table",
    "policy_table",
    "priority_table",
    "projects_table",
    "share",
    "shared_reasons",
    "short_projects",
    "short_table",
    "spending_table",
    "specific_reason",
    "town_sites_table",
    "towns_table",
    "w",
]
