"""The workbench's pages and the JSON its scripts use."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from landplan.errors import LandplanError
from landplan.outputs import runformat
from landplan.serve import auth, edit, results
from landplan.serve.grid import LISTS, form_fields, grid
from landplan.serve.pages import MAX_UPLOAD, lang_of, page, session_of
from landplan.serve.paths import PathRefused, relative, resolve
from landplan.serve.sweeper import FIELDS
from landplan.serve.text import word

SCENARIO_SUFFIXES = (".yaml", ".yml")
SKIP_DIRS = {"runs", "compares", "sweeps", "gis", "node_modules", "__pycache__"}
DOWNLOADS = {".xlsx", ".gpkg", ".docx", ".md", ".csv", ".json", ".yaml", ".png", ".svg",
             ".html"}
SHOWN_INLINE = {".html", ".png", ".svg"}
MAX_POINTS = 41  # a sweep from the page: one process, a point every fraction of a second


class FormRefused(Exception):
    pass


def add(app: FastAPI) -> None:
    root: Path = app.state.settings.root.resolve()
    jobs = app.state.jobs

    @app.exception_handler(FormRefused)
    async def form_refused(request: Request, _exc: FormRefused):
        lang = lang_of(request)
        return page(request, "error.html", {"heading": word("refused", lang),
                                            "message": word("csrf", lang), "path": ""}, 403)

    @app.exception_handler(LandplanError)
    async def landplan_error(request: Request, exc: LandplanError):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": exc.title, "problems": [str(p) for p in exc.problems]},
                                status_code=422)
        return page(request, "problems.html", {"heading": exc.title,
                                               "problems": [str(p) for p in exc.problems]}, 422)

    async def form_of(request: Request, **limits):
        form = await request.form(**limits)
        if not auth.csrf_ok(session_of(request), form.get("csrf")):
            raise FormRefused()
        return form

    # --- login ----------------------------------------------------------------------------

    @app.get("/login")
    def login_page(request: Request):
        return page(request, "login.html", {"refused": False})

    @app.post("/login")
    async def login(request: Request):
        form = await form_of(request)
        users: auth.Users = request.app.state.settings.users
        name = await run_in_threadpool(users.check, str(form.get("user") or ""),
                                       str(form.get("password") or ""))
        if name is None:
            return page(request, "login.html", {"refused": True}, status=401)
        sessions: auth.Sessions = request.app.state.sessions
        sessions.drop(session_of(request).token)
        request.state.session = sessions.new(name)
        request.state.new_session = True
        return RedirectResponse("/", status_code=303)

    @app.post("/logout")
    async def logout(request: Request):
        await form_of(request)
        sessions: auth.Sessions = request.app.state.sessions
        sessions.drop(session_of(request).token)
        request.state.session = sessions.new(None)
        request.state.new_session = True
        return RedirectResponse("/login" if request.app.state.settings.users.required else "/",
                                status_code=303)

    # --- the folder -----------------------------------------------------------------------

    @app.get("/")
    def index(request: Request):
        return page(request, "index.html", {
            "folder": str(root), "scenarios": _scenarios(root),
            "runs": results.list_runs(root, "runs"),
            "compares": results.list_runs(root, "compares", kind="compare"),
            "sweeps": results.list_runs(root, "sweeps", kind="sweep")})

    # --- a scenario -----------------------------------------------------------------------

    @app.get("/scenario")
    def scenario(request: Request, path: str = ""):
        from landplan.analysis.sweep_outputs import field_label

        target = resolve(root, path, kind="file")
        loaded = edit.load(target)
        rel = relative(root, target)
        data = loaded.data
        grids = [grid(s, data.get(s) or []) for s in LISTS if isinstance(data.get(s) or [], list)]
        return page(request, "scenario.html", {
            "path": rel, "name": data.get("name", rel), "fields": form_fields(data),
            "grids": grids, "sha": loaded.sha256,
            "jobs": [jobs.view(j) for j in jobs.of_scenario(rel)][-5:],
            "workbooks": _workbooks(root), "synthetic": bool(data.get("synthetic")),
            "sweep_fields": [(f, field_label(f, lang_of(request))) for f in FIELDS
                             if _number_at(data, f)]})

    @app.post("/api/check")
    async def check(request: Request, path: str = ""):
        target = resolve(root, path, kind="file")
        edits = edit.parse_edits((await _json(request)).get("edits"))
        # parsing a large scenario takes a while: off the event loop, so polls keep going
        found = await run_in_threadpool(edit.check, target, relative(root, target), edits)
        return {"problems": found}

    @app.post("/api/diff")
    async def diff(request: Request, path: str = ""):
        target = resolve(root, path, kind="file")
        body = await _json(request)
        edits = edit.parse_edits(body.get("edits"))
        return await run_in_threadpool(_diff, target, relative(root, target), edits)

    @app.post("/api/save")
    async def save(request: Request, path: str = ""):
        target = resolve(root, path, kind="file")
        body = await _json(request)
        edits = edit.parse_edits(body.get("edits"))
        return await run_in_threadpool(_save, target, edits, body.get("sha"))

    @app.exception_handler(edit.EditError)
    async def edit_refused(request: Request, exc: edit.EditError):
        return JSONResponse({"error": str(exc)}, status_code=409)

    @app.post("/api/validate")
    def validate(path: str = ""):
        """`landplan validate` itself, layers and all, on the file as saved: its words."""
        target = resolve(root, path, kind="file")
        done = subprocess.run([sys.executable, "-m", "landplan", "validate",
                               relative(root, target)], cwd=root, capture_output=True,
                              text=True, timeout=600, env={**os.environ, "COLUMNS": "200"})
        return {"exit": done.returncode, "text": (done.stdout + done.stderr).strip()}

    @app.post("/import")
    async def import_workbook(request: Request, path: str = ""):
        target = resolve(root, path, kind="file")
        form = await form_of(request, max_files=1, max_fields=10, max_part_size=MAX_UPLOAD)
        upload = form.get("workbook")
        lang = lang_of(request)
        if upload is None or not hasattr(upload, "read") or not upload.filename:
            raise PathRefused(404, "path_missing", "")
        if (upload.size or 0) > MAX_UPLOAD:
            return page(request, "error.html", {"heading": word("refused", lang), "path": "",
                                                "message": word("too_large", lang,
                                                                mb=MAX_UPLOAD // 2**20)}, 413)
        from landplan.ingest import import_lists

        with tempfile.TemporaryDirectory(prefix="landplan-import-") as tmp:
            name = Path(upload.filename).name
            book = Path(tmp) / (name if name.lower().endswith((".xlsx", ".xlsm")) else "upload.xlsx")
            with open(book, "wb") as fh:
                shutil.copyfileobj(upload.file, fh)
            report = await run_in_threadpool(import_lists, book, target)
        return page(request, "report.html", {"heading": word("import_done", lang),
                                             "lines": report.lines(),
                                             "back": f"/scenario?path={relative(root, target)}"})

    # --- runs -----------------------------------------------------------------------------

    @app.post("/api/run")
    def start_run(request: Request, path: str = ""):
        target = resolve(root, path, kind="file")
        job = jobs.submit(relative(root, target), lang_of(request))
        return jobs.view(job)

    @app.post("/api/sweep")
    async def start_sweep(request: Request, path: str = ""):
        target = resolve(root, path, kind="file")
        body = await _json(request)
        field, lo, hi, steps = (body.get(k) for k in ("field", "from", "to", "steps"))
        if field not in FIELDS:
            raise edit.EditError(f"a sweep varies one of {', '.join(FIELDS)}")
        numbers = (lo, hi, steps)
        if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in numbers):
            raise edit.EditError("the range and the steps must be numbers")
        if not (-100 <= lo < hi <= 200 and 2 <= steps <= MAX_POINTS):
            raise edit.EditError(f"the range must lie within -100 % … +200 % and the points "
                                 f"number 2 to {MAX_POINTS}")
        job = jobs.submit(relative(root, target), lang_of(request), kind="sweep",
                          args=(field, f"{lo:+g}%", f"{hi:+g}%", str(int(steps))))
        return jobs.view(job)

    @app.get("/swept")
    def swept(request: Request, path: str = ""):
        folder = resolve(root, path, kind="dir")
        return page(request, "sweep.html", results.sweep_view(root, folder, lang_of(request)))

    @app.get("/api/jobs/{job_id}")
    def job_state(job_id: str):
        job = jobs.get(job_id)
        if job is None:
            return JSONResponse({"error": "no such run"}, status_code=404)
        return jobs.view(job)

    @app.post("/api/jobs/{job_id}/cancel")
    def cancel(job_id: str):
        job = jobs.get(job_id)
        if job is None:
            return JSONResponse({"error": "no such run"}, status_code=404)
        jobs.cancel(job)
        return jobs.view(job)

    @app.get("/run")
    def run_page(request: Request, path: str = ""):
        folder = resolve(root, path, kind="dir")
        return page(request, "run.html", results.run_view(root, folder, lang_of(request))
                    | {"workbooks": _workbooks(root)})

    @app.post("/report")
    async def make_report(request: Request, path: str = ""):
        folder = resolve(root, path, kind="dir")
        await form_of(request)
        results.run_view(root, folder, lang_of(request))  # a damaged run is refused here
        done = await run_in_threadpool(
            subprocess.run, [sys.executable, "-m", "landplan", "report", str(folder)],
            cwd=root, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            return page(request, "problems.html", {
                "heading": "landplan report", "problems": done.stderr.strip().splitlines()}, 422)
        return RedirectResponse(f"/run?path={relative(root, folder)}#downloads", status_code=303)

    @app.post("/export")
    async def export_workbook(request: Request, path: str = ""):
        folder = resolve(root, path, kind="dir")
        form = await form_of(request)
        book = resolve(root, str(form.get("workbook") or ""), kind="file")
        from landplan.ingest import export_projects

        tmp = Path(tempfile.mkdtemp(prefix="landplan-export-"))
        out = tmp / f"{book.stem}_安排结果.xlsx"
        await run_in_threadpool(export_projects, book, folder, out)
        return FileResponse(out, filename=out.name,
                            background=BackgroundTask(shutil.rmtree, tmp, True))

    @app.get("/file")
    def file(request: Request, path: str = ""):
        target = resolve(root, path, kind="file")
        if target.suffix.lower() not in DOWNLOADS:
            raise PathRefused(403, "path_outside", path)
        inline = target.suffix.lower() in SHOWN_INLINE and "download" not in request.query_params
        if target.suffix.lower() == ".html" and not _drawn_here(target):
            inline = False  # a page landplan did not write never runs in the workbench's origin
        return FileResponse(target, filename=target.name,
                            content_disposition_type="inline" if inline else "attachment")

    # --- comparisons ----------------------------------------------------------------------

    @app.post("/compare")
    async def compare(request: Request):
        form = await form_of(request)
        lang = lang_of(request)
        picked = [resolve(root, str(p), kind="dir") for p in form.getlist("run")]
        if len(picked) < 2:
            return page(request, "error.html", {"heading": word("compares", lang),
                                                "message": word("pick_two", lang), "path": ""},
                        400)
        from landplan.outputs.compare import compare_runs

        out = await run_in_threadpool(compare_runs, picked, runs_dir=root / "compares",
                                      lang=lang)
        return RedirectResponse(f"/compared?path={relative(root, out)}", status_code=303)

    @app.get("/compared")
    def compared(request: Request, path: str = ""):
        folder = resolve(root, path, kind="dir")
        return page(request, "compare.html", results.compare_view(root, folder,
                                                                  lang_of(request)))


def _diff(target: Path, rel: str, edits: list) -> dict:
    """The diff the page shows before saving, and the problems the edits leave."""
    loaded = edit.load(target)
    text = loaded.raw.decode("utf-8-sig")
    new = edit.edited_text(text, loaded.data, edits)
    return {"diff": edit.diff(text, new, rel), "sha": loaded.sha256,
            "problems": edit.check(target, rel, edits)}


def _save(target: Path, edits: list, sha: object) -> dict:
    loaded = edit.load(target)
    if loaded.sha256 != sha:
        raise edit.EditError("the file changed since it was opened (another editor or an "
                             "import); open it again and redo the edits")
    new = edit.edited_text(loaded.raw.decode("utf-8-sig"), loaded.data, edits)
    edit.save(target, new, loaded.sha256)
    return {"saved": True, "sha": edit.load(target).sha256}


async def _json(request: Request) -> dict:
    try:
        body = json.loads(await request.body())
    except ValueError:
        raise edit.EditError("the request is not JSON") from None
    if not isinstance(body, dict):
        raise edit.EditError("the request is not a JSON object")
    return body


def _walk(root: Path, suffixes: tuple[str, ...], most: int = 500) -> list[str]:
    found: list[str] = []
    stack = [root]
    while stack and len(found) < most:
        d = stack.pop()
        try:
            entries = sorted(d.iterdir())
        except OSError:
            continue
        for p in entries:
            if p.name.startswith(".") or p.is_symlink():
                continue
            if p.is_dir():
                if p.name not in SKIP_DIRS and len(p.relative_to(root).parts) < 4:
                    stack.append(p)
            elif p.suffix.lower() in suffixes and not p.name.endswith(".bak"):
                found.append(p.relative_to(root).as_posix())
    return sorted(found)


def _drawn_here(page: Path) -> bool:
    """map.html of a run folder or compare.html of a comparison: pages landplan wrote, every
    name in them escaped."""
    return (page.name == runformat.MAP.name and (page.parent / runformat.SUMMARY.name).is_file()
            or page.name == "compare.html" and (page.parent / "compare.csv").is_file())


def _number_at(data: dict, path: str) -> bool:
    node = data
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return isinstance(node, (int, float)) and not isinstance(node, bool)


def _scenarios(root: Path) -> list[str]:
    return _walk(root, SCENARIO_SUFFIXES)


def warm(root: Path) -> None:
    """Parse every scenario of the folder into the cache (edit.load); a bad one is left for
    its page to report."""
    for rel in _scenarios(root):
        try:
            edit.load(root / rel)
        except Exception:  # noqa: BLE001 - shown when the page is opened
            continue


def _workbooks(root: Path) -> list[str]:
    return [w for w in _walk(root, (".xlsx",)) if not w.endswith("_安排结果.xlsx")]

