"""What the drawing and writing steps read: a run's tables, its scenario and its layers.

A RunView is made either from a run that has just been solved (in memory) or from a finished
run folder, so `landplan map` and `landplan figures` redraw without solving again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from landplan.errors import Note, Problem, RunFolderError
from landplan.scenario import Scenario, load_scenario


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

    @classmethod
    def from_result(cls, folder: Path, result) -> RunView:
        """From a RunResult (landplan.run) whose folder is still being written."""
        sol = result.solution
        checks = result.checked.site_checks
        return cls(folder, result.checked.scenario, result.summary, sol.allocation, sol.towns,
                   sol.linkage, sol.reclamation, dict(getattr(checks, "layers", {}) or {}))

    @classmethod
    def from_folder(cls, folder: str | Path, *, with_layers: bool = True) -> RunView:
        """From a finished run folder; the layers are read again from the scenario's paths."""
        folder = Path(folder)
        summary_path = folder / "summary.json"
        if not summary_path.is_file():
            raise RunFolderError(Problem("is not a run folder (no summary.json)", file=str(folder),
                                         hint="give a folder written by `landplan run`"))
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
        if summary.get("status") != "optimal":
            raise RunFolderError(Problem(f"holds a run with status `{summary.get('status')}`: "
                                         "there is no allocation to draw", file=str(folder)))
        scen_file = summary.get("scenario", {}).get("file")
        if not scen_file or not Path(scen_file).is_file():
            raise RunFolderError(Problem(f"its scenario file `{scen_file}` is gone",
                                         file=str(summary_path),
                                         hint="restore the scenario (and its layers) or re-run"))
        scenario = load_scenario(scen_file)
        notes = []
        if scenario.sha256 != summary.get("inputs", {}).get(Path(scen_file).name):
            notes.append(Note("the scenario file changed since this run; tables are from the run",
                              file=scen_file))

        def table(name: str) -> pd.DataFrame:
            return pd.read_csv(folder / name, dtype={"town": str, "code": str, "project_id": str,
                                                     "id": str}, keep_default_na=False,
                               na_values=[""])

        layers: dict = {}
        if with_layers:
            from landplan.layers import check_sites

            checks = check_sites(scenario)
            layers = dict(checks.layers)
            notes += checks.notes
        return cls(folder, scenario, summary, table("allocation.csv"), table("towns.csv"),
                   table("linkage.csv"), table("reclamation.csv"), layers, notes)
