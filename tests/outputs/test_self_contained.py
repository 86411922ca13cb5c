"""A run folder redraws alone: its allocation.gpkg keeps what the map and figures draw.

The planning layers are kept as drawn (cut by town, dissolved, simplified), so a parcel-level
永久基本农田 layer does not make the page heavy, and `landplan map` / `figures` work after the
GIS folder has moved; changed layer files give a note, older runs fall back to the layers.
"""

from __future__ import annotations

import json
import shutil

import geopandas as gpd
import numpy as np
import pytest
import shapely
from typer.testing import CliRunner

import landplan.cli as cli
from tests.outputs.conftest import solve_county
from tests.outputs.county import CRS, X0, Y0

runner = CliRunner()


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    return solve_county(tmp_path_factory.mktemp("alone"))


def _layers(folder):
    return sorted((folder.parent / "county").glob("*.gpkg"))


def test_map_and_figures_redraw_after_the_gis_folder_is_gone(solved, tmp_path):
    folder = solved.folder
    before = (folder / "map.html").read_bytes()
    away = tmp_path / "away"
    away.mkdir()
    for f in _layers(folder):
        shutil.move(f, away / f.name)
    try:
        (folder / "map.html").unlink()
        result = runner.invoke(cli.app, ["map", str(folder)])
        assert result.exit_code == 0, result.output
        assert (folder / "map.html").read_bytes() == before, "drawn from the run folder alone"
        result = runner.invoke(cli.app, ["figures", str(folder)])
        assert result.exit_code == 0, result.output
        said = " ".join(result.output.split())
        assert "the land-use layer is gone or changed since this run" in said
        assert (folder / "figures" / "town-341126101.png").stat().st_size > 50_000
    finally:
        for f in away.iterdir():
            shutil.move(f, folder.parent / "county" / f.name)


def test_a_changed_layer_file_gives_a_note_and_the_run_layers_are_drawn(tmp_path):
    result = solve_county(tmp_path)
    folder = result.folder
    before = (folder / "map.html").read_bytes()
    pbf = folder.parent / "county" / "pbf.gpkg"
    gpd.GeoDataFrame(
        {"name": ["新划基本农田"]}, geometry=[shapely.box(X0 + 3100, Y0 + 100, X0 + 3300, Y0 + 300)],
        crs=CRS,
    ).to_file(pbf, driver="GPKG", engine="pyogrio")
    out = runner.invoke(cli.app, ["map", str(folder)])
    assert out.exit_code == 0, out.output
    said = " ".join(out.output.split())
    assert "layer files changed since this run (permanent_basic_farmland)" in said
    assert "as they were at the run, from allocation.gpkg" in " ".join(out.output.split())
    assert (folder / "map.html").read_bytes() == before

    # an older run (no drawn planning layers kept): drawn from the layers as they are now
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    del summary["drawn_layers"]
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    out = runner.invoke(cli.app, ["map", str(folder)])
    assert out.exit_code == 0, out.output
    assert "holds no drawn planning layers (an older run)" in " ".join(out.output.split())
    assert (folder / "map.html").read_bytes() != before


def test_the_run_language_is_the_default(tmp_path):
    import functools

    from landplan.outputs.map import write_run_maps
    from landplan.run import run
    from tests.outputs.county import make_county

    scenario = make_county(tmp_path / "county")
    result = run(
        scenario, out=tmp_path / "run", lang="en",
        after_write=functools.partial(write_run_maps, lang="en"),
    )  # fmt: skip
    folder = result.folder
    assert json.loads((folder / "summary.json").read_text(encoding="utf-8"))["lang"] == "en"
    (folder / "map.html").unlink()
    out = runner.invoke(cli.app, ["map", str(folder)])
    assert out.exit_code == 0, out.output
    page = (folder / "map.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Project sites: funded (2)" in page
    out = runner.invoke(cli.app, ["map", str(folder), "--lang", "zh"])
    assert '<html lang="zh-CN">' in (folder / "map.html").read_text(encoding="utf-8")
    out = runner.invoke(cli.app, ["report", str(folder)])
    assert out.exit_code == 0, out.output
    assert "annual land-use plan" in (folder / "report.md").read_text(encoding="utf-8")[:400]


def test_parcel_level_farmland_keeps_the_page_light(tmp_path):
    """20,000 permanent-basic-farmland parcels (sharing edges, as 三调 parcels do) over the same
    zones as the hand county: dissolved per town, the page stays under 300 KB."""
    from tests.outputs.county import make_county

    scenario = make_county(tmp_path / "county")
    squares = []
    for (x0, y0, x1, y1), (nx, ny) in (
        ((200, 200, 1400, 1400), (100, 100)),
        ((6200, 1800, 8800, 2800), (100, 100)),
    ):
        xs, ys = np.linspace(x0, x1, nx + 1), np.linspace(y0, y1, ny + 1)
        for i in range(nx):
            for j in range(ny):
                squares.append(shapely.box(X0 + xs[i], Y0 + ys[j], X0 + xs[i + 1], Y0 + ys[j + 1]))
    assert len(squares) == 20_000
    gpd.GeoDataFrame(
        {"name": [f"图斑{i}" for i in range(len(squares))]}, geometry=squares, crs=CRS
    ).to_file(tmp_path / "county" / "pbf.gpkg", driver="GPKG", engine="pyogrio")

    import functools

    from landplan.outputs.map import write_run_maps
    from landplan.run import run

    result = run(
        scenario, out=tmp_path / "run", after_write=functools.partial(write_run_maps, lang="zh")
    )
    page = result.folder / "map.html"
    assert page.stat().st_size < 300_000
    pbf = gpd.read_file(result.folder / "allocation.gpkg", layer="permanent_basic_farmland")
    assert pbf["parts"].tolist() == [10_000, 10_000]
    assert pbf["area"].sum() == pytest.approx((1200 * 1200 + 2600 * 1000) * 15 / 10_000, rel=1e-6)
    assert all(len(shapely.get_coordinates(g)) < 20 for g in pbf.geometry)  # one rectangle each


def test_run_takes_the_map_basemap_options(tmp_path):
    from tests.outputs.county import make_county

    scenario = make_county(tmp_path / "county")
    refused = runner.invoke(
        cli.app, ["run", str(scenario), "--out", str(tmp_path / "no"), "--basemap", "osm", "-q"]
    )
    assert refused.exit_code == 2
    assert "basemap `osm` needs the internet" in " ".join(refused.output.split())
    assert not (tmp_path / "no").exists(), "refused before solving"
    done = runner.invoke(cli.app, ["run", str(scenario), "--out", str(tmp_path / "run"),
                                   "--online", "-q"])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "tile.openstreetmap.org" in (tmp_path / "run" / "map.html").read_text(encoding="utf-8")
    summary = json.loads((tmp_path / "run" / "summary.json").read_text(encoding="utf-8"))
    assert {"map.html", "allocation.gpkg"} <= set(summary["files"])
    assert summary["drawn_layers"]
