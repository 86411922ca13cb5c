"""One solved run of the hand-drawn county (county.py), shared by the output tests."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from landplan.outputs.map import write_run_maps
from landplan.outputs.view import RunView
from landplan.run import RunResult, run
from tests.outputs.county import make_county, make_rolling_county


def solve_county(folder: Path, **county) -> RunResult:
    """Run the hand county as `landplan run` does, with the map and GeoPackage hook."""
    scenario = make_county(folder / "county", **county)
    return run(
        scenario, out=folder / "run", after_write=functools.partial(write_run_maps, lang="zh")
    )


@pytest.fixture(scope="session")
def hand_run(tmp_path_factory) -> RunResult:
    return solve_county(tmp_path_factory.mktemp("hand"))


@pytest.fixture(scope="session")
def run_folder(hand_run) -> Path:
    return hand_run.folder


@pytest.fixture(scope="session")
def view(run_folder) -> RunView:
    return RunView.from_folder(run_folder)


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory) -> Path:
    """Screenshots and figures a person should look at; the path is printed by the tests."""
    return tmp_path_factory.mktemp("look-at-me")


@pytest.fixture(scope="session")
def rolling_run(tmp_path_factory) -> Path:
    """The hand county as a two-year rolling plan (county.make_rolling_county), solved with
    its map, as `landplan run` does."""
    folder = tmp_path_factory.mktemp("rolling")
    scenario = make_rolling_county(folder / "county")
    return run(scenario, out=folder / "run",
               after_write=functools.partial(write_run_maps, lang="zh")).folder
