"""The headings bureaus use in their lists, mapped to the scenario's fields: the alias table.

A heading is compared after NFKC normalisation (full-width brackets and colons become ASCII),
without spaces or line breaks, without a leading 其中, and with its unit in brackets set
apart: `用地面积（亩）`, `用地面积(公顷)` and `用地面积\n(亩)` are all `用地面积` with a unit. The
unit is honoured: hectares and square metres become the scenario's units, 元 and 亿元 become
万元 for investment and tax, 万元 becomes yuan for costs.

A scenario extends the table with `project_aliases` (the field name for projects, or
`linkage.<field>`, `reclamation.<field>`, `towns.<field>` for the other lists):

    project_aliases:
      area: [申请用地规模]
      linkage.reclaim: [拆旧面积]

and the project-type words with `category_aliases` (a bureau's own word: a category):

    category_aliases:
      文旅项目: commercial

docs/bureau-data.md prints the whole table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Kinds of column and how a cell is read.
TEXT, NUMBER, AREA, WAN, YUAN, SHARE, FLAG, CATEGORY, TOWN, TOWN_CODE = (
    "text", "number", "area", "wan", "yuan", "share", "flag", "category", "town", "town_code",
)  # fmt: skip
WORDS = "words"  # a list in one cell: P002、P003 (ids of linked projects, tags)
# a column per project attribute (`attributes: {water: 300}`): 属性：water
ATTRIBUTE = "属性"
LIST_SEPARATORS = r"[,，、;；\s]+"


@dataclass(frozen=True)
class Column:
    """One field of a list: its headings, how its cells are read, whether it must be there."""

    field: str
    kind: str
    headings: tuple[str, ...]
    required: bool = False
    label: str = ""  # what the field is, in the planner's words, for messages


TABLES: dict[str, tuple[Column, ...]] = {
    "projects": (
        Column(
            "id", TEXT, ("项目编号", "项目代码", "项目编码", "编号", "项目id"), label="项目编号"
        ),
        Column(
            "name", TEXT, ("项目名称", "项目", "名称", "工程名称", "建设项目名称"), True, "项目名称"
        ),
        Column(
            "town",
            TOWN,
            (
                "所在乡镇",
                "乡镇",
                "所属乡镇",
                "乡镇名称",
                "乡镇(街道)",
                "所在镇",
                "镇",
                "乡镇街道",
                "所在乡镇(街道)",
                "项目所在地",
                "坐落",
            ),
            True,
            "所在乡镇",
        ),
        Column(
            "town_code",
            TOWN_CODE,
            ("乡镇代码", "乡镇编码", "行政区代码", "所在乡镇代码"),
            label="乡镇代码",
        ),
        Column(
            "category",
            CATEGORY,
            (
                "项目类型",
                "项目类别",
                "类型",
                "类别",
                "用地类型",
                "用地性质",
                "用途",
                "项目性质",
                "行业类别",
            ),
            True,
            "项目类型",
        ),
        Column(
            "area",
            AREA,
            (
                "用地面积",
                "申请用地面积",
                "申请面积",
                "拟用地面积",
                "用地规模",
                "需求面积",
                "新增建设用地面积",
                "申请用地",
                "用地需求",
                "面积",
                "计划用地面积",
            ),
            True,
            "用地面积",
        ),
        Column(
            "min_share",
            SHARE,
            ("最低供地比例", "最低比例", "最小供地比例", "最低保障比例"),
            label="最低供地比例",
        ),
        Column(
            "priority",
            FLAG,
            ("是否重点项目", "重点项目", "是否省市重点项目", "省市重点项目", "是否重点", "重点"),
            label="是否重点项目",
        ),
        Column(
            "farmland",
            AREA,
            ("占用耕地", "占用耕地面积", "耕地", "其中耕地", "占耕地"),
            label="占用耕地",
        ),
        Column("paddy", AREA, ("占用水田", "占用水田面积", "水田", "其中水田"), label="占用水田"),
        Column(
            "investment",
            WAN,
            ("总投资", "计划总投资", "投资总额", "总投资额", "项目总投资", "投资额", "投资"),
            label="总投资",
        ),
        Column(
            "tax",
            WAN,
            ("年税收", "预计年税收", "年纳税", "税收", "达产年税收", "年均税收", "预计年纳税"),
            label="年税收",
        ),
        Column(
            "jobs",
            NUMBER,
            ("就业人数", "带动就业", "用工人数", "就业", "新增就业", "吸纳就业"),
            label="就业人数",
        ),
        Column("value_per_mu", NUMBER, ("亩均效益", "亩均价值", "亩均评价得分"), label="亩均效益"),
        Column(
            "min_area", AREA, ("最小供地面积", "最低供地面积", "最小用地面积"), label="最小供地面积"
        ),
        Column(
            "cost", YUAN, ("征地补偿", "征地补偿费", "征地费用", "土地成本", "用地成本"),
            label="征地补偿",
        ),
        Column("requires", WORDS, ("前置项目", "依赖项目", "需先保障项目"), label="前置项目"),
        Column("excludes", WORDS, ("互斥项目", "二选一项目", "备选项目"), label="互斥项目"),
        Column("tags", WORDS, ("项目标签", "标签", "项目分组"), label="项目标签"),
    ),
    "linkage": (
        Column("id", TEXT, ("项目编号", "编号", "项目代码"), label="项目编号"),
        Column("name", TEXT, ("项目名称", "名称", "拆旧项目名称"), label="项目名称"),
        Column("town", TOWN, ("所在乡镇", "乡镇", "所属乡镇", "乡镇名称"), True, "所在乡镇"),
        Column("town_code", TOWN_CODE, ("乡镇代码", "乡镇编码"), label="乡镇代码"),
        Column(
            "reclaim",
            AREA,
            ("拆旧复垦面积", "拆旧面积", "复垦面积", "节余指标", "拆旧区面积", "产生节余指标"),
            True,
            "拆旧复垦面积",
        ),
        Column("farmland_gain", AREA, ("新增耕地", "新增耕地面积", "复垦耕地"), True, "新增耕地"),
        Column(
            "paddy_gain", AREA, ("新增水田", "新增水田面积", "其中水田", "水田"), label="新增水田"
        ),
        Column(
            "cost",
            YUAN,
            ("费用", "投资", "总投资", "拆旧复垦费用", "项目费用", "资金"),
            label="费用",
        ),
        Column(
            "divisible",
            FLAG,
            ("可分期实施", "是否可分期", "可分批实施", "是否可分批"),
            label="可分期实施",
        ),
    ),
    "reclamation": (
        Column("id", TEXT, ("项目编号", "编号", "项目代码"), label="项目编号"),
        Column("name", TEXT, ("项目名称", "名称"), label="项目名称"),
        Column("town", TOWN, ("所在乡镇", "乡镇", "所属乡镇", "乡镇名称"), True, "所在乡镇"),
        Column("town_code", TOWN_CODE, ("乡镇代码", "乡镇编码"), label="乡镇代码"),
        Column(
            "quantity",
            AREA,
            ("新增耕地", "新增耕地面积", "补充耕地", "补充耕地面积", "新增耕地指标"),
            True,
            "新增耕地",
        ),
        Column(
            "paddy",
            AREA,
            ("新增水田", "新增水田面积", "其中水田", "水田", "补充水田"),
            label="新增水田",
        ),
        Column(
            "cost", YUAN, ("费用", "投资", "总投资", "项目费用", "资金", "项目投资"), label="费用"
        ),
        Column(
            "divisible",
            FLAG,
            ("可分期实施", "是否可分期", "可分批实施", "是否可分批"),
            label="可分期实施",
        ),
    ),
    "towns": (
        Column("town", TOWN, ("乡镇", "乡镇名称", "名称", "乡镇(街道)"), label="乡镇名称"),
        Column(
            "town_code", TOWN_CODE, ("乡镇代码", "乡镇编码", "行政区代码", "代码"), label="乡镇代码"
        ),
        Column(
            "pilot",
            FLAG,
            ("扩权强镇试点镇", "试点镇", "是否试点镇", "扩权强镇试点", "是否扩权强镇试点"),
            label="试点镇",
        ),
        Column("min", AREA, ("用地下限", "最低用地", "保障下限", "最少安排"), label="用地下限"),
        Column("max", AREA, ("用地上限", "最高用地", "用地限额", "最多安排"), label="用地上限"),
        Column(
            "credits_quantity",
            AREA,
            (
                "补充耕地指标",
                "已有补充耕地指标",
                "耕地占补指标",
                "补充耕地指标数量",
                "占补平衡指标",
            ),
            label="补充耕地指标",
        ),
        Column(
            "credits_paddy",
            AREA,
            ("其中水田", "水田指标", "补充水田指标", "水田"),
            label="其中水田",
        ),
    ),
}

# The field that tells a list's kind apart from the others (a towns list has none of these).
KEY_FIELDS = {"projects": "area", "linkage": "reclaim", "reclamation": "quantity"}
SHEET_NAME_HINTS = {
    "projects": ("项目清单", "项目库", "建设项目", "用地需求", "项目"),
    "linkage": ("增减挂钩", "挂钩", "拆旧"),
    "reclamation": ("补充耕地", "土地整理", "土地整治", "复垦", "占补平衡"),
    "towns": ("乡镇", "试点镇", "乡镇指标"),
}

CATEGORY_WORDS: dict[str, tuple[str, ...]] = {
    "key": ("重点项目", "重点类项目", "重点类", "重点产业", "重大项目", "重点", "重点产业项目", "key"),
    "livelihood": (
        "民生项目",
        "民生",
        "公共服务",
        "社会事业",
        "公益",
        "公益性",
        "教育",
        "医疗",
        "卫生",
        "养老",
        "文化",
        "公共管理与公共服务",  # GB/T 21010 first-level classes, read without 用地
        "公共管理",
        "公共服务设施",
        "livelihood",
    ),
    "infrastructure": (
        "基础设施",
        "交通",
        "水利",
        "市政",
        "能源",
        "交通水利",
        "市政设施",
        "交通运输",
        "水域及水利设施",
        "公用设施",
        "infrastructure",
    ),
    "industrial": (
        "工业",
        "工矿",
        "工矿仓储",
        "工业项目",
        "仓储",
        "工业仓储",
        "制造业",
        "industrial",
    ),
    "commercial": (
        "商服",
        "商业",
        "商业服务业",
        "商贸",
        "商服项目",
        "旅游",
        "经营性",
        "物流商贸",
        "commercial",
    ),
    "residential": ("住宅", "居住", "住宅项目", "保障性住房", "安置房", "城镇住宅", "residential"),
}
YES = ("是", "y", "yes", "true", "1", "√", "✓", "✔", "对", "有", "重点", "可", "可以")
NO = ("否", "n", "no", "false", "0", "×", "✗", "无", "不", "不可", "")

AREA_UNITS = {"亩": ("mu", 1.0), "mu": ("mu", 1.0), "公顷": ("ha", 1.0), "ha": ("ha", 1.0),
              "hm2": ("ha", 1.0), "平方米": ("m2", 1.0), "m2": ("m2", 1.0), "平米": ("m2", 1.0)}  # fmt: skip
MONEY_UNITS = {"元": 1.0, "万元": 1e4, "亿元": 1e8, "千元": 1e3}
COUNT_UNITS = {"人": 1.0, "个": 1.0, "人次": 1.0}
M2_PER = {"mu": 10000.0 / 15.0, "ha": 10000.0, "m2": 1.0}
TOTAL_WORDS = ("合计", "总计", "小计", "累计", "total")


def normalise(text: object) -> tuple[str, str | None]:
    """A heading as compared: NFKC, no spaces, no leading 其中; and its unit, if bracketed."""
    s = unicodedata.normalize("NFKC", str(text or "")).strip()
    s = re.sub(r"\s+", "", s).lower()
    s = re.sub(r"^其中[:：]?", "", s)
    unit = None
    m = re.match(r"^(.*?)[(\[]([^()\[\]]*)[)\]]$", s)
    if m and m.group(1):
        s, unit = m.group(1), m.group(2)
    elif "/" in s:
        head, _, tail = s.rpartition("/")
        if tail in AREA_UNITS or tail in MONEY_UNITS or tail in ("%",):
            s, unit = head, tail
    return s.rstrip(":"), unit or None


def columns_for(kind: str, extra: dict[str, list[str]] | None = None) -> tuple[Column, ...]:
    """The columns of a list kind, with the scenario's own headings first."""
    extra = extra or {}
    out = []
    for col in TABLES[kind]:
        key = col.field if kind == "projects" else f"{kind}.{col.field}"
        own = tuple(extra.get(key, ()))
        out.append(Column(col.field, col.kind, own + col.headings, col.required, col.label))
    return tuple(out)


def alias_problems(extra: dict[str, list[str]]) -> list[str]:
    """Keys of `project_aliases` that name no field, as sentences."""
    known = {c.field for c in TABLES["projects"]}
    known |= {f"{k}.{c.field}" for k in ("linkage", "reclamation", "towns") for c in TABLES[k]}
    out = []
    for key in extra:
        if key not in known:
            import difflib

            close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
            out.append(
                f"`project_aliases.{key}` names no field of a list"
                + (f"; did you mean `{close[0]}`?" if close else "")
            )
    return out


CATEGORIES = tuple(CATEGORY_WORDS)


def category_alias_problems(extra: dict) -> list[str]:
    """Entries of `category_aliases` whose category landplan does not know, as sentences."""
    import difflib

    out = []
    for word, cat in extra.items():
        if not str(word).strip():
            out.append("`category_aliases` has an empty word")
        elif cat not in CATEGORIES:
            close = difflib.get_close_matches(str(cat), CATEGORIES, n=1, cutoff=0.5)
            out.append(
                f"`category_aliases.{word}` is `{cat}`, not a category: use one of "
                + ", ".join(CATEGORIES)
                + (f"; did you mean `{close[0]}`?" if close else "")
            )
    return out
