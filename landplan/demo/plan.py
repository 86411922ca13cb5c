"""The year's figures: priority projects, quota Q, farmland-conversion quota Qf, the pilot
reserve R, town bounds and farmland credits, and the reclamation budget — set so that land is
scarce (Q ≈ 40 % of demand) and reclamation matters, while the demo stays feasible."""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from landplan.demo.county import COUNTY_SEAT, Towns
from landplan.demo.parcels import CULTIVATED
from landplan.demo.shapes import M2_PER_MU

PRIORITY_WEIGHT = {"key": 5.0, "livelihood": 3.0, "infrastructure": 3.0, "industrial": 1.5,
                   "residential": 1.0, "commercial": 0.5}  # fmt: skip


@dataclass
class Plan:
    new_construction: float
    farmland_conversion: float
    pilot_reserve: float
    budget: int
    bounds: dict[int, dict[str, float]] = field(default_factory=dict)
    credits: dict[int, dict[str, float]] = field(default_factory=dict)
    figures: dict[str, float] = field(default_factory=dict)  # for the YAML's comments


def site_farmland(sites: np.ndarray, parcels: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Cultivated land and paddy (亩, net of KCXS) under each site, as the tool will compute it."""
    geoms = parcels.geometry.values
    s, p = shapely.STRtree(geoms).query(sites, predicate="intersects")
    area = shapely.area(shapely.intersection(sites[s], geoms[p]))
    net = area * (1.0 - parcels["KCXS"].to_numpy()[p])
    code = parcels["DLBM"].to_numpy()[p]
    farmland = np.bincount(s, net * np.isin(code, CULTIVATED), minlength=len(sites))
    paddy = np.bincount(s, net * (code == "0101"), minlength=len(sites))
    return farmland / M2_PER_MU, paddy / M2_PER_MU


def value_per_mu(df: pd.DataFrame, weights: dict[str, float]) -> np.ndarray:
    """The schema's value formula (or the stated value), for the funding estimate."""
    formula = (
        df["investment"].fillna(0) * weights["investment"]
        + df["tax"].fillna(0) * weights["tax"]
        + df["jobs"].fillna(0) * weights["jobs"]
    ) / df["area"]
    return df["value_per_mu"].fillna(formula).to_numpy()


def choose_priority(rng: np.random.Generator, df: pd.DataFrame, cap: float) -> pd.DataFrame:
    """About 9 % of projects are 重点项目, mostly key, livelihood and infrastructure, with a
    total area kept under `cap`; the one on basic farmland is already marked."""
    target = max(2, round(0.09 * len(df))) - int(df["priority"].sum())
    clean = df.index[df["role"] == "clean"].to_numpy()
    w = df.loc[clean, "category"].map(PRIORITY_WEIGHT).to_numpy()
    order = rng.choice(clean, size=len(clean), replace=False, p=w / w.sum())
    total = 0.0
    for i in order:
        if target == 0:
            break
        if total + df.at[i, "area"] <= cap:
            df.at[i, "priority"] = True
            total += df.at[i, "area"]
            target -= 1
    return df


def funded_shares(df: pd.DataFrame, quota: float, value: np.ndarray) -> np.ndarray:
    """A greedy guess of what Q funds (eligible priority first, then by value per mu)."""
    share = np.zeros(len(df))
    eligible = (df["role"] == "clean").to_numpy()
    order = np.lexsort((df["id"].to_numpy(), -value, ~df["priority"].to_numpy()))
    left = quota
    for i in order[eligible[order]]:
        area, floor = df["area"].iat[i], df["min_share"].iat[i]
        if area <= left:
            share[i], left = 1.0, left - area
        elif floor < 1 and left > 0 and left >= floor * area:
            share[i], left = left / area, 0.0
    return share


def make_plan(
    rng: np.random.Generator,
    df: pd.DataFrame,
    towns: Towns,
    linkage: list[dict],
    reclamation: list[dict],
    weights: dict[str, float],
) -> tuple[Plan, pd.DataFrame]:
    """Quota, reserve, bounds, credits and budget from the project list and its farmland."""
    total = float(df["area"].sum())
    q = float(round(total * rng.uniform(0.37, 0.43)))
    df = choose_priority(rng, df, cap=0.3 * q)
    eligible = df["role"] == "clean"
    prio = eligible & df["priority"]
    share = funded_shares(df, q, value_per_mu(df, weights))
    farm, paddy = (df["farmland_m"] * share).sum(), (df["paddy_m"] * share).sum()
    prio_farm, prio_paddy = df.loc[prio, "farmland_m"].sum(), df.loc[prio, "paddy_m"].sum()
    pilot_demand = df.loc[eligible & df["town"].map(lambda t: towns.pilot[t]), "area"].sum()
    cost = sum(r["cost"] for r in linkage) + sum(r["cost"] for r in reclamation)
    plan = Plan(
        new_construction=q,
        farmland_conversion=float(round(max(0.9 * farm, 1.1 * prio_farm))),
        pilot_reserve=float(round(min(0.25 * q, 0.8 * pilot_demand))),
        budget=int(round(0.45 * cost, -4)),
        figures={
            "total_area": total,
            "funded_farmland": farm,
            "funded_paddy": paddy,
            "priority_area": float(df.loc[df["priority"], "area"].sum()),
            "cost": float(cost),
        },  # fmt: skip
    )
    plan.bounds = _town_bounds(df, towns, q)
    plan.credits = _credits(
        rng, towns, max(0.35 * farm, 1.2 * prio_farm), max(0.3 * paddy, 1.2 * prio_paddy)
    )
    return plan, df


def _town_bounds(df: pd.DataFrame, towns: Towns, q: float) -> dict[int, dict[str, float]]:
    """A cap on the county seat and the river port, a floor for two ordinary towns; each bound
    leaves room for the town's eligible priority projects and its divisible demand."""
    eligible = df[df["role"] == "clean"]
    bounds: dict[int, dict[str, float]] = {}
    for name, frac in ((COUNTY_SEAT, 0.3), ("临淮关镇", 0.15)):
        t = towns.index(name)
        if t is not None:
            need = eligible.loc[eligible["priority"] & (eligible["town"] == t), "area"].sum()
            bounds[t] = {"max": float(max(round(frac * q), np.ceil(1.1 * need)))}
    others = [
        t for t in range(len(towns.codes)) if not towns.pilot[t] and towns.names[t] != COUNTY_SEAT
    ]
    for t in others[:2]:
        divisible = eligible.loc[
            (eligible["town"] == t) & (eligible["min_share"] == 0), "area"
        ].sum()
        floor = round(min(0.5 * divisible, 0.05 * q), 1)
        if floor >= 5:
            bounds[t] = {"min": float(floor)}
    return bounds


def _credits(
    rng: np.random.Generator, towns: Towns, quantity: float, paddy: float
) -> dict[int, dict[str, float]]:
    """补充耕地 credits already held by about half of the towns, short of what the year takes."""
    n = len(towns.codes)
    holders = np.sort(rng.choice(n, size=max(3, n // 2), replace=False))
    split = rng.dirichlet(np.full(len(holders), 2.0))
    out = {}
    for t, s in zip(holders, split, strict=True):
        qty = round(quantity * s, 1)
        out[int(t)] = {"quantity": qty, "paddy": min(round(paddy * s, 1), qty)}
    return out
