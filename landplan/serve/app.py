"""The workbench application: sessions, language, refusals, and the routes (routes.py)."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.base import BaseHTTPMiddleware

from landplan.serve import auth, routes
from landplan.serve.jobs import Jobs
from landplan.serve.pages import HERE, MAX_BODY, MAX_UPLOAD, OPEN, lang_of, page, templates
from landplan.serve.paths import PathRefused
from landplan.serve.text import word


@dataclass
class Settings:
    root: Path
    users: auth.Users
    loopback: bool = True


def create_app(settings: Settings) -> FastAPI:
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        # the scenarios are parsed once in the background, so the first page opens at once
        threading.Thread(target=routes.warm, args=(settings.root,), daemon=True).start()
        yield
        app.state.jobs.close()  # runs still going end as `landplan run` does on SIGTERM

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.settings = settings
    app.state.sessions = auth.Sessions()
    app.state.jobs = Jobs(settings.root)
    app.state.env = templates()
    app.add_middleware(BaseHTTPMiddleware, dispatch=_gate)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(PathRefused)
    async def refused(request: Request, exc: PathRefused):
        key = "refused" if exc.status == 403 else "not_found"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": word(exc.reason, lang_of(request))},
                                status_code=exc.status)
        return page(request, "error.html", {"heading": word(key, lang_of(request)),
                                            "message": word(exc.reason, lang_of(request)),
                                            "path": exc.path}, status=exc.status)

    routes.add(app)
    return app


async def _gate(request: Request, call_next) -> Response:
    """Session, login, body size and the security headers, for every request."""
    settings: Settings = request.app.state.settings
    sessions: auth.Sessions = request.app.state.sessions
    lang = lang_of(request)
    if settings.loopback and request.url.hostname not in ("127.0.0.1", "localhost", "::1",
                                                          "[::1]"):
        # a name that resolves to 127.0.0.1 in someone else's page (DNS rebinding)
        return Response("unknown host", status_code=421)
    size = request.headers.get("content-length")
    limit = MAX_UPLOAD if request.url.path == "/import" else MAX_BODY
    if request.method == "POST" and size is None:  # a body of unknown length: not taken
        return Response("length required", status_code=411)
    if size is not None and (not size.isdigit() or int(size) > limit):
        return page(request, "error.html", {"heading": word("refused", lang),
                                            "message": word("too_large", lang,
                                                            mb=limit // (1024 * 1024)),
                                            "path": ""}, status=413)
    s = sessions.get(request.cookies.get(auth.COOKIE))
    fresh = s is None
    if fresh:
        s = sessions.new(None)
    request.state.session = s
    needs_login = settings.users.required and s.user is None
    if needs_login and not request.url.path.startswith(OPEN):
        if request.method == "GET" and not request.url.path.startswith("/api/"):
            response: Response = RedirectResponse("/login", status_code=303)
        else:
            response = JSONResponse({"error": word("login", lang)}, status_code=401)
    elif request.method == "POST" and request.url.path.startswith("/api/") and not auth.csrf_ok(
            s, request.headers.get("x-csrf-token")):
        response = JSONResponse({"error": word("csrf", lang)}, status_code=403)
    else:
        response = await call_next(request)
    s = request.state.session  # a login gives a new session
    if fresh or getattr(request.state, "new_session", False):
        response.set_cookie(auth.COOKIE, s.token, httponly=True, samesite="strict",
                            max_age=auth.SESSION_SECONDS, path="/")
    if "lang" in request.query_params and lang == request.query_params["lang"]:
        response.set_cookie("landplan_lang", lang, samesite="strict", path="/")
    if not request.url.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")  # pages hold the CSRF token
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    # nothing a page of the workbench shows is fetched from the network
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self' 'unsafe-inline' data: blob:; frame-ancestors 'self'; "
        "form-action 'self'; base-uri 'none'")
    return response
