"""Overlap areas of a few sites against large polygon layers.

A county's planning layers hold tens of thousands of patches and its land-use layer up to
300,000 parcels, while a scenario has tens or hundreds of sites. So we never overlay whole
layers: an STRtree finds the candidate pairs, and only those pairs are intersected, in one
vectorised call.
"""

from __future__ import annotations

import numpy as np
import shapely


def candidate_pairs(sites: np.ndarray, polygons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(site index, polygon index) of every pair that touches or overlaps."""
    if len(sites) == 0 or len(polygons) == 0:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    tree = shapely.STRtree(polygons)
    site_idx, poly_idx = tree.query(sites, predicate="intersects")
    return site_idx, poly_idx


def pair_areas(
    sites: np.ndarray, polygons: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(site index, polygon index, intersection area m²) for every overlapping pair."""
    site_idx, poly_idx = candidate_pairs(sites, polygons)
    areas = shapely.area(shapely.intersection(sites[site_idx], polygons[poly_idx]))
    return site_idx, poly_idx, areas


def covered_m2(sites: np.ndarray, zones: np.ndarray) -> np.ndarray:
    """Area of each site inside the union of `zones` (zones may overlap each other)."""
    out = np.zeros(len(sites))
    site_idx, zone_idx = candidate_pairs(sites, zones)
    if len(site_idx) == 0:
        return out
    pieces = shapely.intersection(sites[site_idx], zones[zone_idx])
    np.add.at(out, site_idx, shapely.area(pieces))
    counts = np.bincount(site_idx, minlength=len(sites))
    order = np.argsort(site_idx, kind="stable")
    groups = np.split(pieces[order], np.cumsum(counts)[:-1])
    for s in np.flatnonzero(counts > 1):
        out[s] = shapely.area(shapely.union_all(groups[s]))  # overlapping zones counted once
    return out


def outside_m2(sites: np.ndarray, zones: np.ndarray) -> np.ndarray:
    """Area of each site outside every zone."""
    return np.clip(shapely.area(sites) - covered_m2(sites, zones), 0.0, None)


def outside_own_m2(sites: np.ndarray, own: np.ndarray) -> np.ndarray:
    """Area of each site outside its own polygon (its town), pair by pair; NaN without one."""
    out = np.full(len(sites), np.nan)
    known = ~shapely.is_missing(own)
    out[known] = shapely.area(shapely.difference(sites[known], own[known]))
    return out
