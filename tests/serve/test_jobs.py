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
        # the workbench reads a run's progress every 0.2 s: give it a moment to see the step
        state = _wait(c, first["id"], lambda s: s["step"] == "write", seconds=10)
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


def _a_run(c: httpx.Client, csrf: dict, folder) -> str:
    runs = sorted(p for p in (folder / "runs").glob("demo-*") if (p / "allocation.csv").exists()) \
        if (folder / "runs").exists() else []
    if runs:
        return f"runs/{runs[-1].name}"
    job = c.post(f"/api/run?path={SCENARIO}", headers=csrf).json()
    done = _wait(c, job["id"], lambda s: s["state"] not in ("queued", "running"))
    assert done["state"] == "done", done
    return done["run"]


def test_workbook_import_export_and_the_plan_document(demo_folder, tmp_path):
    import yaml
    from openpyxl import load_workbook

    from tests.ingest.bureau import make_workbook

    data = yaml.safe_load((demo_folder / SCENARIO).read_text(encoding="utf-8"))
    book = make_workbook(demo_folder / "项目需求表.xlsx", data)
    with serving(demo_folder) as url:
        c, csrf = _client(url)
        token = csrf["X-CSRF-Token"]
        with open(book, "rb") as fh:
            r = c.post(f"/import?path={SCENARIO}", data={"csrf": token},
                       files={"workbook": (book.name, fh.read())})
        assert r.status_code == 200, r.text[-2000:]
        assert f"projects: {len(data['projects'])} imported" in r.text
        assert c.post(f"/api/check?path={SCENARIO}", json={"edits": []},
                      headers=csrf).json() == {"problems": []}
        run = _a_run(c, csrf, demo_folder)
        r = c.post(f"/export?path={run}", data={"csrf": token, "workbook": book.name})
        assert r.status_code == 200, r.text[-2000:]
        out = tmp_path / "back.xlsx"
        out.write_bytes(r.content)
        ws = load_workbook(out).worksheets[0]
        heads = [c.value for c in ws[2]]
        assert "安排面积（亩）" in heads or any("安排" in str(h) for h in heads), heads
        r = c.post(f"/report?path={run}", data={"csrf": token}, follow_redirects=False)
        assert r.status_code == 303, r.text[-2000:]
        assert (demo_folder / run / "report.docx").is_file()
        assert "report.docx" in c.get(f"/run?path={run}").text
