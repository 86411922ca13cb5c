"""The workbench shows every hostile name of the corpus (tests/security/hostile.py) as text:
in the scenario's grid and forms, in a run's tables and map, in the lists. Nothing a name holds
runs, in the page source or in Chromium."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.security.hostile import (
    ATTRIBUTE,
    COUNTY,
    END_SCRIPT,
    JINJA,
    PROJECTS,
    SCRIPT,
    TOWNS,
    hostile_county,
)
from tests.serve.conftest import serving

LIVE = (SCRIPT, END_SCRIPT, "<img", ATTRIBUTE, "{{7*7}}", "{%", "{#")


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> tuple[Path, str, str]:
    top = tmp_path_factory.mktemp("hostile-workbench")
    scenario = hostile_county(top / "county")
    done = subprocess.run([sys.executable, "-m", "landplan", "run", str(scenario), "--out",
                           "runs/hostile", "--no-why-not", "-q"], cwd=top, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return top, scenario.relative_to(top).as_posix(), "runs/hostile"


def _source(page, url: str) -> str:
    response = page.goto(url)
    assert response.status == 200, url
    return response.text()


def test_names_are_text_in_every_page(page, hostile_folder):
    top, scenario, run = hostile_folder
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serving(top) as url:
        for address in ("/", f"/scenario?path={scenario}", f"/run?path={run}"):
            html = _source(page, url + address)
            for raw in LIVE:
                assert raw not in html, (address, raw)
        page.goto(f"{url}/scenario?path={scenario}")
        page.click("#tabs button[data-tab=projects]")
        names = page.locator("#grid-projects .data[data-col='name']").all_inner_texts()
        assert PROJECTS["P1"] in names and PROJECTS["P3"] in names  # shown as typed
        page.click("#tabs button[data-tab=towns]")
        towns = page.locator("#grid-towns .data[data-col='name']").all_inner_texts()
        assert set(TOWNS.values()) <= set(towns) and "49" not in towns
        assert page.locator("tr[data-path='county.name'] input").input_value() == COUNTY
        page.goto(f"{url}/run?path={run}")
        table = page.inner_text("#project-table")
        assert SCRIPT in table and JINJA not in page.inner_text("h1")
        assert page.locator("#project-table script").count() == 0
        frame = page.frame_locator("#run-map")
        frame.locator(".leaflet-container").wait_for()
        page.click("#p-P1 a.on-map")
        assert SCRIPT in frame.locator(".leaflet-popup-content").inner_text()
        assert dialogs == []  # no alert(1) ran anywhere
