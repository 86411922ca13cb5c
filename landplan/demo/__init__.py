"""A synthetic demo county, shaped like 凤阳县 (Fengyang, Anhui), for trying landplan out.

`generate_county` writes the GIS layers (GeoPackage, EPSG:4527) and a scenario YAML. All of it
is made up: the outlines, parcels, projects and figures come from a seeded random generator, so
the same arguments give the same county, byte for byte in the YAML.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from landplan.demo.county import make_physical
from landplan.demo.document import scenario_sections
from landplan.demo.parcels import make_parcels
from landplan.demo.plan import make_plan, site_farmland
from landplan.demo.planning import make_erl, make_landscape, red_line_town
from landplan.demo.records import (
    add_indicators,
    assign_roles,
    assign_zones,
    draw_projects,
    name_projects,
)
from landplan.demo.rural import make_linkage, make_reclamation
from landplan.demo.shapes import M2_PER_MU, round_coords
from landplan.demo.sites import Occupancy, place_projects
from landplan.demo.write import LAYER_FILES, demo_layers, write_layers, write_scenario
from landplan.errors import FilesInTheWayError, OptionError, Problem
from landplan.scenario.schema import Valuation

__all__ = ["generate_county"]


def generate_county(
    scenario_path: Path,
    gis_dir: Path,
    *,
    n_towns: int = 12,
    n_projects: int = 100,
    n_parcels: int = 20_000,
    n_linkage: int = 10,
    n_reclamation: int = 8,
    seed: int = 2026,
    name: str = "demo",
    overwrite: bool = True,
) -> Path:
    """Write a synthetic county: GIS layers into gis_dir and a scenario YAML at scenario_path;
    return scenario_path.

    `n_parcels` is the number of Voronoi seeds of the land-use layer; cutting along town
    borders, water, railway and roads adds a few percent more parcels. `overwrite=False`
    refuses (FilesInTheWayError, exit 6) when any of the files is there already.
    """
    check_args(n_towns=n_towns, n_projects=n_projects, n_parcels=n_parcels, n_linkage=n_linkage,
               n_reclamation=n_reclamation, seed=seed)
    scenario_path, gis_dir = Path(scenario_path), Path(gis_dir)
    if not overwrite:
        check_targets(scenario_path, gis_dir)
    args = dict(n_towns=n_towns, n_projects=n_projects, n_parcels=n_parcels, n_linkage=n_linkage,
                n_reclamation=n_reclamation, seed=seed, name=name)  # fmt: skip
    rng = np.random.default_rng(seed)

    phys = make_physical(rng, n_towns)
    erl = make_erl(rng, phys)
    erl_town, erl_kind = red_line_town(phys, erl)
    df = draw_projects(rng, n_projects, phys.towns)
    df = assign_roles(rng, df, phys.towns, erl_town)
    df = assign_zones(rng, df, phys.towns)
    land = make_landscape(rng, phys, erl, *_demand(df, n_towns))

    occupied = Occupancy()
    linkage, linkage_sites = make_linkage(rng, land, n_linkage, occupied)
    reclamation, reclamation_sites, before = make_reclamation(rng, land, n_reclamation, occupied)
    forced = [(linkage_sites, "0702")]
    forced += [(np.array([g]), code) for g, code in zip(reclamation_sites, before, strict=True)]
    parcels = make_parcels(rng, land, n_parcels, forced)

    df = place_projects(rng, df, land, occupied)
    df = name_projects(rng, df, phys.towns, erl_kind)
    weights = Valuation().model_dump()
    df = add_indicators(rng, df, weights)
    df["site"] = round_coords(df["site"].to_numpy())
    df["farmland_m"], df["paddy_m"] = site_farmland(df["site"].to_numpy(), parcels)
    plan, df = make_plan(rng, df, phys.towns, linkage, reclamation, weights)
    df = _state_farmland(rng, df)

    layers = demo_layers(land, parcels, df, linkage, linkage_sites, reclamation, reclamation_sites)
    paths = write_layers(gis_dir, layers)
    sections = scenario_sections(args, land, df, plan, linkage, reclamation, paths, scenario_path)
    return write_scenario(scenario_path, sections)


# argument: (option of `landplan demo`, least, most, why the least). The most keep a run of
# the demo county within a few GB and minutes; the bench goes to 5,000 projects, 200,000 parcels.
LIMITS = {
    "n_towns": ("--towns", 5, 40, "the county seat and the four pilot towns"),
    "n_projects": ("--projects", 12, 10_000, "six of them break a rule on purpose"),
    "n_parcels": ("--parcels", 500, 1_000_000, "the land-use layer needs them"),
    "n_linkage": ("--linkage", 0, 300, ""),
    "n_reclamation": ("--reclamation", 0, 300, ""),
    "seed": ("--seed", 0, 2**32 - 1, ""),
}


def check_args(**values: int) -> None:
    """Say which argument is out of range rather than fail deep inside the geometry."""
    problems = []
    for arg, value in values.items():
        option, least, most, why = LIMITS[arg]
        if not least <= value <= most:
            problems.append(Problem(
                f"is {value:,}; it must be from {least:,} to {most:,}"
                + (f" (at least {least}: {why})" if why and value < least else ""),
                field=option))
    if problems:
        raise OptionError(problems)


def check_targets(scenario_path: Path, gis_dir: Path) -> None:
    """Refuse to replace files that are there (the default paths are the shipped demo's)."""
    there = [p for p in [Path(scenario_path), *(Path(gis_dir) / f for f in LAYER_FILES.values())]
             if p.exists()]
    if there:
        shown = ", ".join(str(p) for p in there[:4]) + (f" and {len(there) - 4} more"
                                                        if len(there) > 4 else "")
        raise FilesInTheWayError(Problem(
            f"would replace {len(there)} file{'s' if len(there) != 1 else ''} that exist: "
            f"{shown}; nothing was written",
            hint="give --scenario and --gis paths of a new county, or --force to replace them"))


def _demand(df: pd.DataFrame, n_towns: int) -> tuple[np.ndarray, np.ndarray]:
    """Site area (m²) per town to be found inside the urban area, and inside parks."""
    area = df["area"].to_numpy() * M2_PER_MU
    town = df["town"].to_numpy()
    urban = df["zone"].isin(["urban", "park", "outside_park"]).to_numpy()
    park = (df["zone"] == "park").to_numpy()
    return (
        np.bincount(town, area * urban, minlength=n_towns),
        np.bincount(town, area * park, minlength=n_towns),
    )


def _state_farmland(rng: np.random.Generator, df: pd.DataFrame) -> pd.DataFrame:
    """A few projects state their farmland and paddy (from their own survey); the rest leave
    it to the tool, which computes it from the land-use layer."""
    given = rng.random(len(df)) < 0.06
    df["farmland"] = np.where(given, np.round(df["farmland_m"], 2), np.nan)
    df["paddy"] = np.where(given, np.round(df["paddy_m"], 2), np.nan)
    return df


def main(argv: list[str] | None = None) -> None:
    """Regenerate the shipped demo: `python -m landplan.demo [scenario.yaml [gis_dir]]`."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    scenario = Path(args[0]) if args else Path("scenarios/demo.yaml")
    gis = Path(args[1]) if len(args) > 1 else scenario.resolve().parent.parent / "gis"
    print(generate_county(scenario, gis))
