"""The files a scenario reads, and their sha256: a run records them and a run folder's readers
compare them (below the pipeline, so that reading a run folder never imports the run)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from landplan.scenario import Scenario

LAYER_KEYS = (
    "towns", "urban_development_boundary", "permanent_basic_farmland", "ecological_red_line",
    "industrial_parks", "landuse", "project_sites", "linkage_parcels", "reclamation_sites",
)


def input_hashes(s: Scenario) -> dict[str, str]:
    """sha256 of the scenario file and of every layer file (a shapefile with its sidecars)."""
    hashes: dict[str, str] = {}
    if s.path:
        hashes[str(s.path.name)] = s.sha256 or ""
    for key in LAYER_KEYS:
        src = s.layer_source(key)
        if not src or "://" in src:
            continue
        path = Path(src.split("|")[0])
        files = _layer_files(path)
        if not files:
            continue
        h = hashlib.sha256()
        for f in files:
            h.update(f.name.encode())
            h.update(f.read_bytes())
        hashes[f"layers.{key}"] = h.hexdigest()
    return hashes


def _layer_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file())
    if path.suffix.lower() == ".shp":
        return sorted(p for p in path.parent.glob(path.stem + ".*") if p.is_file())
    return [path] if path.is_file() else []
