"""`landplan map` and `landplan figures` as a planner types them.

Until landplan/cli.py carries these commands, the test builds them here from the very code
proposed for cli.py (below, between the markers), on top of cli.py's own helpers; once cli.py
has them, the real commands are tested instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

import landplan.cli as cli
from landplan.cli import Lang, LangOpt, _guard, out

# --- proposed for landplan/cli.py ---------------------------------------------------------
RunFolderArg = Annotated[
    Path, typer.Argument(help="A run folder written by `landplan run`.", show_default=False)
]


def map_(
    run_folder: RunFolderArg,
    lang: LangOpt = Lang.zh,
    offline: Annotated[
        bool,
        typer.Option(
            "--offline/--online",
            help="--offline (default): a page that needs no network at all. --online "
            "allows internet basemaps (OpenStreetMap unless --basemap says otherwise).",
        ),
    ] = True,
    basemap: Annotated[
        str | None,
        typer.Option(
            help="none, osm, tianditu (天地图, needs --tianditu-key) or an intranet "
            "tile server URL with {z}/{x}/{y}. Default: none offline, osm online."
        ),
    ] = None,
    tianditu_key: Annotated[
        str | None, typer.Option(help="天地图 browser key.", envvar="TIANDITU_KEY")
    ] = None,
) -> None:
    """Draw map.html again from a finished run, without solving."""
    from landplan.outputs.map import redraw_map

    path = _guard(
        redraw_map,
        run_folder,
        lang=lang.value,
        offline=offline,
        basemap=basemap,
        tianditu_key=tianditu_key,
    )
    out.print(f"wrote {path}")


def figures(run_folder: RunFolderArg, lang: LangOpt = Lang.zh) -> None:
    """Figures for plan documents (PNG and SVG, 300 dpi): the county and each pilot town,
    into RUN_FOLDER/figures."""
    from landplan.outputs.figures import redraw_figures

    paths = _guard(redraw_figures, run_folder, lang=lang.value)
    for path in paths:
        out.print(f"wrote {path}")


# --- end of proposal ------------------------------------------------------------------------


def _app() -> typer.Typer:
    names = {c.name or c.callback.__name__ for c in cli.app.registered_commands}
    if {"map", "figures"} <= names:
        return cli.app
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command("map")(map_)
    app.command("figures")(figures)
    app.command("run")(cli.run)
    return app


runner = CliRunner()


@pytest.fixture
def folder(run_folder, tmp_path) -> Path:
    copy = tmp_path / "run"
    shutil.copytree(run_folder, copy)
    return copy


def test_map_redraws_in_english(folder):
    (folder / "map.html").unlink()
    result = runner.invoke(_app(), ["map", str(folder), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    assert "Project sites: funded (2)" in (folder / "map.html").read_text(encoding="utf-8")


def test_map_online_with_osm(folder):
    result = runner.invoke(_app(), ["map", str(folder), "--online"])
    assert result.exit_code == 0, result.output
    assert "tile.openstreetmap.org" in (folder / "map.html").read_text(encoding="utf-8")


def test_map_refuses_internet_basemap_offline(folder):
    before = (folder / "map.html").read_bytes()
    result = runner.invoke(_app(), ["map", str(folder), "--basemap", "osm"])
    assert result.exit_code == 2
    assert "basemap `osm` needs the internet" in result.output
    assert "add --online" in result.output
    assert (folder / "map.html").read_bytes() == before


def test_map_of_a_folder_that_is_not_a_run(tmp_path):
    result = runner.invoke(_app(), ["map", str(tmp_path)])
    assert result.exit_code == 6
    assert "is not a run folder (no summary.json)" in result.output


def test_figures(folder):
    result = runner.invoke(_app(), ["figures", str(folder)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (folder / "figures").iterdir()) == [
        "county.png",
        "county.svg",
        "town-341126101.png",
        "town-341126101.svg",
    ]
