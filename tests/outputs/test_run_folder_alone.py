"""A run folder is enough to redraw and report: it keeps its scenario (`scenario.yaml`) and the
land use its town figures draw (`landuse_classes` in allocation.gpkg).

Run, draw and report as a planner does (the CLI as a subprocess), then move the scenario and
its GIS folder away: `landplan map`, `figures` and `report` still work, and draw the same.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest

from landplan.outputs.view import RunView
from tests.outputs.county import A, make_county

TOWN_SHEET = f"town-{A}.png"  # 大庙镇, the pilot town


def landplan(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "landplan", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def said(done: subprocess.CompletedProcess) -> str:
    return " ".join((done.stdout + done.stderr).split())


@pytest.fixture(scope="module")
def moved(tmp_path_factory):
    """(run folder, its outputs as drawn with the scenario in place, output of each command
    after the scenario and the GIS folder were moved away)."""
    tmp = tmp_path_factory.mktemp("alone")
    scenario = make_county(tmp / "county")
    folder = tmp / "run"
    done = landplan("run", str(scenario), "--out", str(folder), "-q", cwd=tmp)
    assert done.returncode == 0, said(done)
    for command in ("figures", "report"):
        done = landplan(command, str(folder), cwd=tmp)
        assert done.returncode == 0, said(done)
    before = {
        name: (folder / name).read_bytes()
        for name in ("map.html", "report.md", f"figures/{TOWN_SHEET}", "figures/county.png")
    }
    shutil.move(tmp / "county", tmp / "moved-away")
    for name in ("map.html", "report.md", "report.docx"):
        (folder / name).unlink()
    shutil.rmtree(folder / "figures")
    after = {command: landplan(command, str(folder), cwd=tmp)
             for command in ("map", "figures", "report")}
    return folder, scenario, before, after


def test_the_run_keeps_its_scenario_byte_for_byte(moved, tmp_path):
    folder, scenario, _before, _after = moved
    copy = folder / "scenario.yaml"
    assert copy.read_bytes() == (scenario.parent.parent / "moved-away" / "scenario.yaml").read_bytes()
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert "scenario.yaml" in summary["files"]


@pytest.mark.parametrize("command", ["map", "figures", "report"])
def test_each_command_works_from_the_run_folder_alone(moved, command):
    _folder, _scenario, _before, after = moved
    done = after[command]
    assert done.returncode == 0, said(done)


def test_map_and_figures_say_they_use_the_copy(moved):
    _folder, _scenario, _before, after = moved
    for command in ("map", "figures"):
        assert ("the scenario file is gone: using the copy kept in the run folder "
                "(scenario.yaml)") in said(after[command])


def test_what_is_drawn_and_written_is_the_same(moved):
    """The map and the figures byte for byte; the report too, but for its note on the copy."""
    folder, _scenario, before, _after = moved
    for name, data in before.items():
        if name != "report.md":
            assert (folder / name).read_bytes() == data, f"{name} differs without the scenario"
    lines = (folder / "report.md").read_text(encoding="utf-8").splitlines()
    note = [n for n in lines if "the scenario file is gone: using the copy" in n]
    assert len(note) == 1
    assert [n for n in lines if n not in note] == before["report.md"].decode().splitlines()
    assert (folder / "report.docx").stat().st_size > 10_000


def test_town_sheets_keep_their_land_use(moved):
    folder, _scenario, _before, after = moved
    classes = gpd.read_file(folder / "allocation.gpkg", layer="landuse_classes")
    assert set(classes["town"]) == {A}, "only the pilot town's sheet"
    assert len(classes) == classes["group"].nunique(), "one feature per class group"
    assert (classes["area"] > 0).all()
    view = RunView.from_folder(folder)
    drawn = view.landuse()
    assert drawn is not None and len(drawn) == len(classes)
    assert ("the land-use layer is gone or changed since this run: the town figures draw the "
            "land-use classes kept in allocation.gpkg") in said(after["figures"])


def test_a_changed_scenario_is_replaced_by_the_copy(tmp_path):
    """The original still there but edited since the run: the copy is the run's scenario."""
    from tests.outputs.conftest import solve_county

    result = solve_county(tmp_path)
    path = result.checked.scenario.path
    text = path.read_text(encoding="utf-8").replace("hand-county", "edited-county")
    path.write_text(text, encoding="utf-8")
    view = RunView.from_folder(result.folder, with_layers=False)
    assert view.scenario.name == "hand-county"
    assert view.scenario.path == path, "layer paths resolve as at the run"
    assert [str(n) for n in view.notes] == [
        f"{path}: the scenario file changed since this run: using the copy kept in the run "
        "folder (scenario.yaml)"
    ]
