"""Match the records of site and parcel layers to the scenario's projects, linkage and reclamation.

Ids are the only link between the scenario (a spreadsheet turned YAML) and the drawings, so
every mismatch is reported: drawings of unknown records as notes, records without a drawing
as unchecked.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from landplan.errors import Note
from landplan.layers._text import listing
from landplan.layers.overlay import outside_own_m2
from landplan.layers.scenario_layers import LAYERS
from landplan.layers.source import display_source
from landplan.scenario.schema import Scenario

_MOSTLY_OUTSIDE = 0.5  # share of a parcel outside its town that is worth a note


def geometries_by_id(
    layer: gpd.GeoDataFrame | None, ids: list[str], what: str, file: str | None
) -> tuple[pd.Series, list[Note]]:
    """One geometry per scenario id (parts of an id dissolved; None if not drawn) and a note
    listing drawn ids the scenario does not know."""
    if layer is None:
        return pd.Series([None] * len(ids), index=pd.Index(ids, name="id"), dtype=object), []
    drawn = layer.groupby("id", sort=False).geometry.agg(_dissolve)
    unknown = [i for i in drawn.index if i not in set(ids)]
    notes = []
    if unknown:
        notes.append(
            Note(
                f"{len(unknown)} {what} in the layer are not in the scenario and were "
                f"ignored: {listing(unknown)}",
                file=file,
            )
        )
    geoms = pd.Series([drawn.get(i) for i in ids], index=pd.Index(ids, name="id"), dtype=object)
    return geoms, notes


def town_geometries(towns: gpd.GeoDataFrame | None, codes: list[str]) -> np.ndarray:
    """The town polygon for each code (None without a towns layer)."""
    if towns is None:
        return np.array([None] * len(codes), dtype=object)
    by_code = dict(zip(towns["code"], towns.geometry, strict=True))
    return np.array([by_code.get(c) for c in codes], dtype=object)


def outside_town_notes(
    geoms: pd.Series, town_codes: list[str], towns: gpd.GeoDataFrame | None, what: str, file: str
) -> list[Note]:
    """A note for each linkage or reclamation record whose land lies mostly outside its town."""
    drawn = geoms.notna().to_numpy()
    if towns is None or not drawn.any():
        return []
    parts = geoms.to_numpy(dtype=object)[drawn]
    codes = list(np.asarray(town_codes, dtype=object)[drawn])
    outside = outside_own_m2(parts, town_geometries(towns, codes)) / shapely.area(parts)
    return [
        Note(
            f"{share:.0%} of its land lies outside its town {code}",
            file=file,
            record=f"{what} {ident}",
        )
        for ident, code, share in zip(geoms.index[drawn], codes, outside, strict=True)
        if share > _MOSTLY_OUTSIDE
    ]


def _dissolve(parts: gpd.GeoSeries) -> shapely.Geometry:
    return parts.iloc[0] if len(parts) == 1 else shapely.union_all(parts.to_numpy())


def parcel_checks(
    scenario: Scenario, layers: dict[str, gpd.GeoDataFrame]
) -> tuple[list[str], list[Note]]:
    """Linkage and reclamation records: drawn or not, and lying in their own town or not."""
    unchecked: list[str] = []
    notes: list[Note] = []
    for section, key, what in _PARCEL_SECTIONS:
        records = getattr(scenario, section)
        source = display_source(scenario.layer_source(key))
        ids = [r.id for r in records]
        geoms, id_notes = geometries_by_id(layers.get(key), ids, what, source)
        notes += id_notes
        if not records:
            continue
        label = LAYERS[key].label
        if key not in layers:
            unchecked.append(f"{label}: layer not given — {what} not located or checked")
            continue
        missing = list(geoms.index[geoms.isna()])
        if missing:
            unchecked.append(f"{what} without parcels in the {label} layer: {listing(missing)}")
        notes += outside_town_notes(
            geoms, [r.town for r in records], layers.get("towns"), section, source
        )
    return unchecked, notes


_PARCEL_SECTIONS = (
    ("linkage", "linkage_parcels", "linkage projects"),
    ("reclamation", "reclamation_sites", "reclamation projects"),
)
