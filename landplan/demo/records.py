"""The project list a county receives from its towns: name, town, category, area and the
indicators planners rank by (investment, tax, jobs), as in the towns' Excel sheets."""

from __future__ import annotations

import numpy as np
import pandas as pd

from landplan.demo.county import COUNTY_SEAT, Towns

CATEGORY_MIX = {  # weights by kind of town: only the county seat and pilot towns have parks
    "park": {"industrial": 34, "commercial": 13, "residential": 12, "infrastructure": 15,
             "livelihood": 14, "key": 12},
    "other": {"commercial": 16, "residential": 22, "infrastructure": 30, "livelihood": 26,
              "key": 6},
}  # fmt: skip
# Sites that break one rule on purpose, so that the tool has something to find.
ROLES = {
    "outside_park": ("industrial", "industrial site outside every industrial park"),
    "outside_udb": ("commercial", "commercial site outside the urban development boundary"),
    "on_pbf": ("livelihood", "site overlaps permanent basic farmland"),
    "on_erl": ("infrastructure", "site overlaps the ecological red line"),
    "across_towns": ("infrastructure", "site straddles a town boundary"),
    "priority_on_pbf": (
        "key",
        "priority project whose site overlaps permanent basic farmland: a conflict",
    ),
}
ANY = ""
NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "industrial": {
        "府城镇": ("电子信息产业园", "智能装备制造项目", "新能源电池配套项目", "食品加工项目", "标准化厂房项目"),
        "大庙镇": ("石英砂深加工项目", "高纯石英砂提纯项目", "光伏玻璃原片项目", "硅基新材料项目", "石英制品产业园"),
        "刘府镇": ("报废汽车拆解再制造产业园", "汽车零部件再制造项目", "废旧动力电池综合利用项目", "再生资源回收加工项目"),
        "临淮关镇": ("港口装卸设备制造项目", "粮油加工项目", "船舶修造项目", "建材加工项目"),
        "武店镇": ("水泥熟料技改项目", "石灰窑节能改造项目", "新型绿色建材项目", "纳米碳酸钙项目", "机制砂石骨料项目"),
        ANY: ("农产品加工项目", "标准化厂房项目", "机械配件制造项目"),
    },
    "commercial": {
        "临淮关镇": ("沿淮物流园", "临淮港物流仓储项目", "商贸物流城", "冷链物流中心"),
        "府城镇": ("商业综合体项目", "酒店项目", "文旅街区项目", "汽车销售服务中心"),
        "刘府镇": ("二手车交易市场", "汽配商贸城"),
        ANY: ("农贸市场改造项目", "乡镇商贸中心", "农产品冷链物流中心", "加油站项目", "商业街项目"),
    },
    "residential": {ANY: ("安置小区", "保障性住房项目", "商品住宅项目", "棚户区改造安置项目", "人才公寓项目")},
    "livelihood": {
        "府城镇": ("县人民医院新院区", "第二中学扩建项目", "职业教育中心"),
        ANY: ("中心小学扩建项目", "卫生院迁建项目", "养老服务中心", "公办幼儿园新建项目", "文化活动中心", "便民服务中心"),
    },
    "infrastructure": {
        "临淮关镇": ("淮河码头扩建工程", "沿淮防洪堤加固工程"),
        ANY: ("县道改建工程", "污水处理厂扩建工程", "110千伏变电站工程", "供水厂扩建工程", "垃圾转运站", "公交首末站", "消防站"),
    },
    "key": {
        "大庙镇": ("硅基新材料产业基地", "光伏玻璃产业园"),
        "武店镇": ("绿色建材产业基地",),
        "刘府镇": ("新能源汽车零部件产业园",),
        "临淮关镇": ("淮河港口物流枢纽",),
        ANY: ("现代农业产业园", "高速公路互通连接线工程", "抽水蓄能电站配套工程", "光伏发电项目", "农产品精深加工产业园"),
    },
}  # fmt: skip
ROLE_NAMES = {
    "outside_udb": ("乡村旅游服务中心", "农家乐休闲园", "汽车服务驿站"),
    "on_pbf": ("养老服务中心", "农村社区服务中心"),
    "on_erl": ("沿淮港口码头扩建工程", "淮河岸线旅游栈道工程"),
    "across_towns": ("县道改建工程", "跨镇供水加压站工程"),
    "priority_on_pbf": ("现代农业产业园加工区", "省重点物流枢纽项目"),
}
# Investment (万元/亩) and jobs per mu (medians); tax (万元/亩/年) only where the land pays it.
INTENSITY = {
    "industrial": (320.0, 18.0, 1.2),
    "commercial": (400.0, 22.0, 1.5),
    "residential": (280.0, 6.0, 0.1),
    "key": (450.0, 20.0, 1.0),
    "infrastructure": (120.0, None, 0.1),
    "livelihood": (150.0, None, 0.6),
}


def town_kinds(towns: Towns) -> list[str]:
    """seat / pilot / other for each town."""
    return [
        "seat" if n == COUNTY_SEAT else "pilot" if p else "other"
        for n, p in zip(towns.names, towns.pilot, strict=True)
    ]


def draw_projects(rng: np.random.Generator, n: int, towns: Towns) -> pd.DataFrame:
    """Town, category, area (亩, skewed: many small) and min_share for n projects."""
    kinds = town_kinds(towns)
    n_other = max(kinds.count("other"), 1)
    weight = np.array([{"seat": 24.0, "pilot": 12.0}.get(k, 28.0 / n_other) for k in kinds])
    town = rng.choice(len(kinds), n, p=weight / weight.sum())
    u = rng.random(n)
    category = np.empty(n, dtype=object)
    for mix_name, mix in CATEGORY_MIX.items():
        m = np.array([(kinds[t] != "other") == (mix_name == "park") for t in town])
        cum = np.cumsum(list(mix.values())) / sum(mix.values())
        category[m] = np.array(list(mix))[np.searchsorted(cum, u[m], side="right")]
    area = np.round(np.clip(np.exp(rng.normal(np.log(22.0), 0.85, n)), 5.0, 300.0), 1)
    min_share = np.zeros(n)  # a third all or nothing, some at least half, the rest any amount
    min_share[: round(n / 3)] = 1.0
    min_share[round(n / 3) : round(0.48 * n)] = 0.5
    min_share = rng.permutation(min_share)
    width = len(str(n))
    return pd.DataFrame(
        {
            "id": [f"P{i + 1:0{width}d}" for i in range(n)],
            "town": town,
            "category": category,
            "area": area,
            "min_share": min_share,
            "role": "clean",
            "priority": False,
        }
    )


def assign_roles(
    rng: np.random.Generator, df: pd.DataFrame, towns: Towns, erl_town: int
) -> pd.DataFrame:
    """Pick the deliberate rule breakers, adjusting a project's category or town where the
    list has none that fits; their sites are kept moderate (8–60 亩)."""
    has_park = np.array(town_kinds(towns))[df["town"].to_numpy()] != "other"
    order = rng.permutation(len(df))
    for role, (category, _) in ROLES.items():
        free = order[(df["role"].to_numpy() == "clean")[order]]
        if role == "outside_park":
            free = free[has_park[free]]
        fits = free[(df["category"].to_numpy() == category)[free]]
        i = int(fits[0] if len(fits) else free[0])
        df.loc[i, ["role", "category"]] = [role, category]
        df.at[i, "area"] = float(np.clip(df.at[i, "area"], 8.0, 60.0))
        if role == "on_erl":
            df.at[i, "town"] = erl_town
        if role == "priority_on_pbf":
            df.at[i, "priority"] = True
    return df


def assign_zones(rng: np.random.Generator, df: pd.DataFrame, towns: Towns) -> pd.DataFrame:
    """Where each clean site goes: industry in a park, commerce and housing in the urban area,
    public works anywhere clear of the control lines."""
    kinds = np.array(town_kinds(towns))[df["town"].to_numpy()]
    u = rng.random(len(df))
    zone = np.select(
        [
            df["category"] == "industrial",
            df["category"].isin(["commercial", "residential"]),
            (df["category"] == "livelihood") & (u < 0.6),
            (df["category"] == "key") & (kinds != "other") & (u < 0.4),
        ],
        ["park", "urban", "urban", "park"],
        default="free",
    )
    df["zone"] = np.where(df["role"] == "clean", zone, df["role"])
    return df


def name_projects(
    rng: np.random.Generator, df: pd.DataFrame, towns: Towns, erl_kind: str
) -> pd.DataFrame:
    """Chinese names that fit the town's industry; repeats become numbered plots (地块)."""
    names = []
    for town, category, role in df[["town", "category", "role"]].itertuples(index=False):
        tname = towns.names[town]
        options = ROLE_NAMES.get(role) or NAMES[category].get(tname) or NAMES[category][ANY]
        if role == "on_erl" and erl_kind == "hills":
            options = ("景区道路工程", "森林防火通道工程")
        names.append(tname + options[int(rng.integers(len(options)))])
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name}（{seen[name]}号地块）")
    df["name"] = unique
    return df


def add_indicators(
    rng: np.random.Generator, df: pd.DataFrame, value_weights: dict[str, float]
) -> pd.DataFrame:
    """Investment (万元), tax (万元/年) and jobs from per-mu intensities; about one in sixteen
    projects states its value per mu directly instead."""
    n = len(df)
    inv = np.full(n, np.nan)
    tax = np.full(n, np.nan)
    jobs = np.full(n, np.nan)
    noise = np.exp(rng.normal(0.0, 0.35, (n, 3)))
    for i, (cat, area) in enumerate(df[["category", "area"]].itertuples(index=False)):
        a, t, j = INTENSITY[cat]
        inv[i] = max(1.0, round(a * area * noise[i, 0]))
        tax[i] = np.nan if t is None else round(t * area * noise[i, 1], 1)
        jobs[i] = max(1.0, round(j * area * noise[i, 2]))
    direct = rng.random(n) < 1 / 16
    w = value_weights
    value = (inv * w["investment"] + np.nan_to_num(tax) * w["tax"] + jobs * w["jobs"]) / df["area"]
    value = np.round(value * rng.uniform(0.8, 1.2, n), 1)
    df["investment"] = np.where(direct, np.nan, inv)
    df["tax"] = np.where(direct, np.nan, tax)
    df["jobs"] = np.where(direct, np.nan, jobs)
    df["value_per_mu"] = np.where(direct, value, np.nan)
    return df
