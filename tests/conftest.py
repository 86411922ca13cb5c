"""Small scenarios built in code, solvable by hand."""

from __future__ import annotations

import copy
import os
import shutil

import pytest

from landplan.model import build_model, prepare
from landplan.scenario import parse_scenario
from landplan.solution import Solution, extract
from landplan.solve import solve

A, B = "341126101", "341126102"  # A is a pilot town


def base(**over) -> dict:
    d = {
        "name": "hand",
        "year": 2026,
        "county": {"code": "341126", "name": "测试县"},
        "crs": "EPSG:4527",
        "quota": {"new_construction": 100},
        "towns": [
            {"code": A, "name": "大庙镇", "pilot": True},
            {"code": B, "name": "府城镇"},
        ],
        "projects": [],
    }
    d.update(copy.deepcopy(over))
    return d


def proj(pid: str, town: str, area: float, v: float, **kw) -> dict:
    return {"id": pid, "name": f"项目{pid}", "town": town, "category": "industrial",
            "area": area, "value_per_mu": v, "farmland": 0, "paddy": 0} | kw


def solve_dict(d: dict, solver: str = "cbc", site_checks=None) -> Solution:
    s = parse_scenario(d)
    m = build_model(prepare(s, site_checks))
    res = solve(m, solver=solver)
    assert res.status == "optimal", res.status
    return extract(m, res)


def alloc(sol: Solution) -> dict[str, float]:
    return dict(zip(sol.allocation["project_id"], sol.allocation["allocated"], strict=True))


def binding(sol: Solution) -> set[str]:
    c = sol.constraints
    return set(c.loc[c["binding"], "name"])


@pytest.fixture(params=["cbc", "highs"])
def solver(request) -> str:
    return request.param


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser is downloaded), one per test session:
    Playwright's sync API runs one instance per process."""
    if CHROMIUM is None and not os.environ.get("CI"):  # under CI a missing browser fails
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    if os.environ.get("CI"):
        import playwright.sync_api as playwright
    else:
        playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
