"""What the drawing and writing steps read: a run's tables, its scenario and its layers.

A RunView is made either from a run that has just been solved (in memory) or from a finished
run folder, so `landplan map` and `landplan figures` redraw without solving again.

A run folder keeps what its map and figures draw: allocation.gpkg holds the towns, the sites
and parcels of the run's records, and the planning layers as drawn (dissolved per town and
simplified, see planning.py). So a run is redrawn from its folder alone, even when the GIS
folder has moved or changed since. Older runs without the drawn planning layers are redrawn
from the scenario's layers as they are now, with a note when those files changed.

The scenario is the run's own: the original file while its sha256 is still the one in
summary.json's `inputs`, else the copy the run folder keeps (`scenario.yaml`, with a note saying
whether the original is gone or changed). The copy is read as if it stood where the original
did, so layer paths resolve as they did at the run.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from landplan.errors import LandplanError, Note, Problem, RunFolderError
from landplan.inputs import input_hashes
from landplan.model.rules import Families, families
from landplan.outputs import runformat as F
from landplan.outputs.planning import LANDUSE_LAYER
from landplan.outputs.runread import (
    check_rows,
    damaged,
    read_drawings,
    read_reasons,
    read_scenario_copy,
    read_summary,
    read_table,
)
from landplan.scenario import Scenario, load_scenario
from landplan.solution import quota_year, reason_text, with_remedy


@dataclass
class RunView:
    folder: Path
    scenario: Scenario
    summary: dict
    allocation: pd.DataFrame
    towns: pd.DataFrame
    linkage: pd.DataFrame
    reclamation: pd.DataFrame
    layers: dict = field(default_factory=dict)  # key -> GeoDataFrame in the scenario CRS
    notes: list[Note] = field(default_factory=list)
    drawn: dict | None = None  # planning layers as drawn (planning.py); None: from `layers`
    by_year: dict = field(default_factory=dict)  # a rolling plan's tables: {name: DataFrame}

    def planning(self) -> dict:
        """{planning layer key: dissolved, simplified GeoDataFrame}: what map and figures draw."""
        if self.drawn is None:
            from landplan.outputs.planning import view_planning

            self.drawn = view_planning(self)
        return self.drawn

    def landuse(self):
        """Land use as the town figures draw it (planning.landuse_classes), a GeoDataFrame or
        None: kept in allocation.gpkg, else made from the scenario's land-use layer."""
        if LANDUSE_LAYER not in self.layers:
            from landplan.outputs.planning import view_landuse

            self.layers[LANDUSE_LAYER] = view_landuse(self)
        return self.layers[LANDUSE_LAYER]

    @property
    def lang(self) -> str:
        """The run's language (summary.json `lang`), zh for runs that did not store it."""
        return str(self.summary.get("lang") or "zh")

    def reasons(self, lang: str) -> list[str]:
        """Every project's reason in `lang`: the run's own text in its language; in another,
        said again from the language-free parts the run stored (reasons.json) with the
        why-not remedies from allocation.csv (a run without the parts keeps its own text)."""
        alloc = self.allocation
        own = alloc["reason"].fillna("").astype(str).tolist()
        if lang == self.lang or not (self.folder / F.REASONS.name).is_file():
            return own
        return reasons_in(self.folder, alloc, self.scenario.units, lang, families(self.scenario))

    @classmethod
    def from_result(cls, folder: Path, result) -> RunView:
        """From a RunResult (landplan.run) whose folder is still being written."""
        sol = result.solution
        checks = result.checked.site_checks
        return cls(folder, result.checked.scenario, result.summary, result.allocation, sol.towns,
                   sol.linkage, sol.reclamation, dict(getattr(checks, "layers", {}) or {}),
                   by_year=dict(getattr(sol, "by_year", None) or {}))

    @classmethod
    def from_folder(cls, folder: str | Path, *, with_layers: bool = True) -> RunView:
        """From a finished run folder: drawings from its allocation.gpkg (older runs: from the
        scenario's layers as they are now)."""
        folder = Path(folder)
        summary = read_summary(folder)
        if summary["status"] != "optimal":
            raise RunFolderError(Problem(f"holds a run with status `{summary['status']}`: "
                                         "there is no allocation to draw", file=str(folder)))
        scen_file = summary["scenario"].get("file")
        scenario, notes = _run_scenario(folder, folder / F.SUMMARY.name, scen_file,
                                        summary.get("inputs", {}),
                                        F.SCENARIO.name in summary.get("files", []))
        allocation = read_table(folder, F.ALLOCATION)
        check_rows(folder, summary, allocation)

        view = cls(folder, scenario, summary, allocation, read_table(folder, F.TOWNS),
                   read_table(folder, F.LINKAGE), read_table(folder, F.RECLAMATION), {},
                   notes, by_year=_year_tables(folder))
        if with_layers:
            view._read_layers(scen_file)
        return view

    def _read_layers(self, scen_file: str) -> None:

        stored = self.summary.get("drawn_layers")
        try:
            now = input_hashes(self.scenario)
        except (OSError, LandplanError):  # a layer file gone or unreadable: nothing to compare
            now = {}
        then = self.summary.get("inputs", {})
        changed = [k.removeprefix("layers.") for k, v in now.items()
                   if k.startswith("layers.") and k in then and then[k] != v]
        if stored is not None:
            self.layers, self.drawn = read_drawings(self.folder, stored)
            if changed:
                self.notes.append(Note(
                    "layer files changed since this run (" + ", ".join(changed) + "): the map "
                    "and figures draw the layers as they were at the run, from allocation.gpkg",
                    file=scen_file))
            if LANDUSE_LAYER in self.layers:
                if "layers.landuse" in then and now.get("layers.landuse") != then["layers.landuse"]:
                    self.notes.append(Note(
                        "the land-use layer is gone or changed since this run: the town figures "
                        "draw the land-use classes kept in allocation.gpkg", file=scen_file))
            else:
                self._read_landuse(now, then)
            return
        from landplan.layers import check_sites

        if changed:
            self.notes.append(Note(
                "layer files changed since this run (" + ", ".join(changed) + ") and the run "
                "folder holds no drawn planning layers (an older run): the map draws the layers "
                "as they are now, the allocation is the run's", file=scen_file))
        checks = check_sites(self.scenario)
        self.layers = dict(checks.layers)
        self.notes += checks.notes

    def _read_landuse(self, now: dict, then: dict) -> None:
        """Land use (三调) for a run folder that does not keep its classes (an older run): read
        from the scenario when its file is still the run's, else left out with a note."""
        key = "layers.landuse"
        if key not in then:
            return
        if now.get(key) != then[key]:
            self.notes.append(Note("the land-use layer is gone or changed since this run: the "
                                   "town figures are drawn without land use"))
            return
        from landplan.layers.scenario_layers import _read

        try:
            self.layers["landuse"], _ = _read(self.scenario, "landuse",
                                              self.scenario.layer_source("landuse"))
        except LandplanError as exc:
            self.notes.append(Note(f"the land-use layer cannot be read ({exc}): the town "
                                   "figures are drawn without land use"))


def _year_tables(folder: Path) -> dict:
    """A rolling plan's tables the folder holds (none for a one-year run)."""
    out = {}
    for name, table in (("towns_by_year", F.TOWNS_BY_YEAR), ("linkage_ledger", F.LINKAGE_LEDGER),
                        ("urbanisation", F.URBANISATION)):
        df = read_table(folder, table, optional=True)
        if df is not None:
            out[name] = df
    return out


def reasons_in(folder: Path, alloc: pd.DataFrame, units: str, lang: str,
               fams: Families | None = None) -> list[str]:
    """Each project's reason said in `lang` from the run's reasons.json, with the why-not
    remedies from its allocation table; a project without parts keeps its text, and a run
    without reasons.json its own text."""
    stored = read_reasons(folder)
    if stored is None:
        return list(alloc["reason"])
    parts = stored.get("projects", {})
    out = []
    for r in alloc.itertuples(index=False):
        pid = str(r.project_id)
        if pid not in parts:
            out.append(r.reason)
            continue
        try:
            text = reason_text(parts[pid], units, lang, fams)
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise damaged(Path(folder) / F.REASONS.name, f"has a reason part that cannot be said "
                          f"({type(exc).__name__}: {exc})", record=pid) from None
        out.append(with_remedy(text, r.status, getattr(r, "value_needed", None),
                               getattr(r, "extra_quota_needed", None), lang, **quota_year(r)))
    return out


def _run_scenario(folder: Path, summary_path: Path, scen_file: str | None,
                  inputs: dict, kept: bool = False) -> tuple[Scenario, list[Note]]:
    """The scenario the run was made from, and a note when it is read from the run's copy (or,
    for a run without a copy, when the original changed since). `kept`: summary.json lists the
    copy among the run's files, so a copy that is gone is damage."""
    original = Path(scen_file) if scen_file else None
    here = original is not None and original.is_file()
    then = inputs.get(original.name) if original is not None else None
    copy = folder / F.SCENARIO.name
    if here:
        same = then is None or hashlib.sha256(original.read_bytes()).hexdigest() == then
        if same or not copy.is_file():
            notes = [] if same else [Note("the scenario file changed since this run; tables "
                                          "are from the run", file=scen_file)]
            return load_scenario(original), notes
        why = "changed since this run"
    elif copy.is_file():
        why = "is gone"
    elif kept:
        raise damaged(copy, f"is missing, and the scenario file `{scen_file}` is gone too")
    else:
        raise RunFolderError(Problem(f"its scenario file `{scen_file}` is gone",
                                     file=str(summary_path),
                                     hint="restore the scenario (and its layers) or re-run"))
    scenario = read_scenario_copy(folder)
    if original is not None:
        scenario._path = original.resolve()  # layer paths resolve as they did at the run
    note = f"the scenario file {why}: using the copy kept in the run folder ({F.SCENARIO.name})"
    if then is not None and scenario.sha256 != then:
        note += ", which differs from the run's scenario too"
    return scenario, [Note(note, file=scen_file or str(copy))]

