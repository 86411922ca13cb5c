"""Runs from the workbench: one at a time per scenario, the next waits; cancelling leaves
nothing half-written (the worker stops as `landplan run` does on SIGTERM)."""

from __future__ import annotations

import re
import time

import httpx

from tests.serve.conftest import serving

SCENARIO = "scenarios/demo.yaml"


def _client(url: str) -> tuple[httpx.Client, dict]:
    c = httpx.Client(base_url=url, timeout=60)
    page = c.get(f"/scenario?path={SCENARIO}")
    token = re.search(r'name="csrf" content="([^"]+)"', page.text).group(1)
    return c, {"X-CSRF-Token": token}


def _wait(c: httpx.Client, job: str, until, seconds: float = 180) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        state = c.get(f"/api/jobs/{job}").json()
        if until(state) or time.monotonic() > deadline:
            return state
        time.sleep(0.2)


def test_queue_and_cancel_leave_nothing_half_written(demo_folder, tmp_path):
    hold = tmp_path / "held"
    runs = demo_folder / "runs"
    before = sorted(p.name for p in runs.iterdir()) if runs.exists() else []
    with serving(demo_folder, env={"LANDPLAN_HOLD": f"write:{hold}"}) as url:
        c, csrf = _client(url)
        first = c.post(f"/api/run?path={SCENARIO}", headers=csrf).json()
        second = c.post(f"/api/run?path={SCENARIO}", headers=csrf).json()
        deadline = time.monotonic() + 180
        while not hold.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert hold.exists(), "the run never reached its last step"
        state = c.get(f"/api/jobs/{first['id']}").json()
        assert state["state"] == "running" and state["step"] == "write"
        waiting = c.get(f"/api/jobs/{second['id']}").json()
        assert waiting["state"] == "queued" and waiting["position"] == 1
        assert c.post(f"/api/jobs/{second['id']}/cancel", headers=csrf).json()["state"] == \
            "cancelled"
        c.post(f"/api/jobs/{first['id']}/cancel", headers=csrf)
        done = _wait(c, first["id"], lambda s: s["state"] != "running")
        assert done["state"] == "cancelled" and done["run"] is None
        # no run folder, no claim and no partial folder left behind
        after = sorted(p.name for p in runs.iterdir()) if runs.exists() else []
        assert after == before
        refused = c.post(f"/api/run?path={SCENARIO}")  # no CSRF token: refused
        assert refused.status_code == 403
