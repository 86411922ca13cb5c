"""Cultivated land (耕地) and paddy (水田) a site takes, from the 三调 land-use parcels.

Cultivated land is 0101 + 0102 + 0103 and paddy 0101 (GB/T 21010); a parcel's cultivated
area is its area × (1 − KCXS), KCXS being the deduction for field ridges (田坎).
"""

from __future__ import annotations

from collections import Counter

import geopandas as gpd
import numpy as np
import pandas as pd

from landplan.errors import Note, Problem
from landplan.layers._text import listing
from landplan.layers.overlay import pair_areas
from landplan.layers.read import as_text_ids

CULTIVATED = ("0101", "0102", "0103")
PADDY = "0101"


def normalise_codes(values: pd.Series) -> pd.Series:
    """Class codes as 4-digit text: 101 or 101.0 stored as a number becomes "0101"."""
    unique = pd.unique(values.astype(object))
    text = as_text_ids(pd.Series(unique, dtype=object))
    mapping = {
        u: _pad(t, isinstance(u, (int, float, np.number)))
        for u, t in zip(unique, text, strict=True)
    }
    return values.astype(object).map(mapping).astype(object)


def _pad(code: str | None, was_number: bool) -> str | None:
    """Put back the leading zero a number lost. Text keeps its form: "011" is an old 二调
    code and "201"–"209" are the 城村 counting codes (201 城市, 203 村庄) of older layers."""
    if code is None or len(code) != 3 or not code.isdigit() or code[0] == "0":
        return code
    if not was_number and code.startswith("20"):
        return code
    return "0" + code


def deduction(landuse: gpd.GeoDataFrame, field: str | None) -> np.ndarray:
    """1 − KCXS per parcel; 1 where the field is absent or blank."""
    if field is None or field not in landuse:
        return np.ones(len(landuse))
    kcxs = pd.to_numeric(landuse[field], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    return 1.0 - kcxs


def landuse_checks(
    landuse: gpd.GeoDataFrame, code_field: str, deduction_field: str, file: str
) -> tuple[list[Problem], list[Note]]:
    """KCXS must be a fraction; a layer without any cultivated code is probably not 三调."""
    problems, notes = [], []
    cultivated = landuse[code_field].isin(CULTIVATED).to_numpy()
    if deduction_field not in landuse:
        notes.append(
            Note(
                f"no `{deduction_field}` field: cultivated land counted at full parcel "
                "area, without deducting field ridges (田坎)",
                file=file,
            )
        )
    else:
        kcxs = pd.to_numeric(landuse[deduction_field], errors="coerce").to_numpy(dtype=float)
        bad = cultivated & ((kcxs < 0) | (kcxs >= 1))
        if bad.any():
            problems.append(
                Problem(
                    f"{bad.sum()} cultivated parcel(s) have a deduction coefficient outside 0–1 "
                    f"(e.g. {kcxs[bad][0]:g})",
                    file=file,
                    field=deduction_field,
                    hint="KCXS is a fraction such as 0.08; divide percentages by 100",
                )
            )
    if len(landuse) and not cultivated.any():
        common = [c for c, _ in Counter(landuse[code_field].dropna()).most_common(8)]
        notes.append(
            Note(
                f"no parcel has a cultivated-land code ({', '.join(CULTIVATED)}) in `{code_field}`, "
                f"so every site takes 0 farmland; codes found: {listing(common)} — is this a 三调 "
                "layer with GB/T 21010 codes?",
                file=file,
            )
        )
    return problems, notes


def farmland_taken(
    sites: np.ndarray, landuse: gpd.GeoDataFrame, code_field: str, deduction_field: str | None
) -> tuple[np.ndarray, np.ndarray]:
    """Cultivated and paddy area (m²) under each site; parcels do not overlap, so areas add up."""
    codes = landuse[code_field].to_numpy(dtype=object)
    cultivated = np.isin(codes, CULTIVATED)
    parcels = landuse.geometry.to_numpy()[cultivated]
    factor = deduction(landuse, deduction_field)[cultivated]
    is_paddy = codes[cultivated] == PADDY
    site_idx, parcel_idx, areas = pair_areas(sites, parcels)
    taken = areas * factor[parcel_idx]
    farmland = np.bincount(site_idx, weights=taken, minlength=len(sites))
    paddy = np.bincount(site_idx, weights=taken * is_paddy[parcel_idx], minlength=len(sites))
    return farmland, paddy
