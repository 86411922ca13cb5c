"""The workbench application: sessions, language, refusals, and the routes (routes.py)."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from pathlib import Path

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup
from starlette.middleware.base import BaseHTTPMiddleware

from landplan.outputs.escape import html_text, page_json
from landplan.serve import auth
from landplan.serve.jobs import Jobs
from landplan.serve.paths import PathRefused
from landplan.serve.text import LANGS, word

HERE = Path(__file__).parent
MAX_BODY = 5 * 1024 * 1024  # an edit list of a 5,000-project scenario is far smaller
MAX_UPLOAD = 20 * 1024 * 1024  # a bureau workbook
OPEN = ("/login", "/static/")  # pages that need no login


@dataclass
class Settings:
    root: Path
    users: auth.Users
    loopback: bool = True


def _finalize(value):
    """Every value a template prints goes through the project's HTML escaping (names from
    the bureau's files are hostile), unless it is markup the workbench made itself."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return Markup(html_text(value))


def templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                             autoescape=True, finalize=_finalize,
                             undefined=jinja2.StrictUndefined)
    env.filters["json"] = lambda obj: Markup(page_json(obj))
    return env


def create_app(settings: Settings) -> FastAPI:
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        from landplan.serve.routes import warm

        # the scenarios are parsed once in the background, so the first page opens at once
        threading.Thread(target=warm, args=(settings.root,), daemon=True).start()
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

    from landplan.serve import routes

    routes.add(app)
    return app


def lang_of(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("landplan_lang")
    return lang if lang in LANGS else "zh"


def session_of(request: Request) -> auth.Session | None:
    return getattr(request.state, "session", None)


def page(request: Request, template: str, context: dict, status: int = 200) -> HTMLResponse:
    lang = lang_of(request)
    s = session_of(request)
    env: jinja2.Environment = request.app.state.env
    switch = request.url.include_query_params(lang="en" if lang == "zh" else "zh")
    html = env.get_template(template).render(
        **context, lang=lang, t=lambda key, **kw: word(key, lang, **kw),
        csrf=s.csrf if s else "", user=s.user if s else None,
        login=request.app.state.settings.users.required,
        other_lang=f"{switch.path}?{switch.query}")
    return HTMLResponse(html, status_code=status)


async def _gate(request: Request, call_next) -> Response:
    """Session, login, body size and the security headers, for every request."""
    settings: Settings = request.app.state.settings
    sessions: auth.Sessions = request.app.state.sessions
    lang = lang_of(request)
    if settings.loopback and request.url.hostname not in ("127.0.0.1", "localhost", "::1",
                                                          "[::1]", "testserver"):
        # a name that resolves to 127.0.0.1 in someone else's page (DNS rebinding)
        return Response("unknown host", status_code=421)
    size = request.headers.get("content-length")
    limit = MAX_UPLOAD if request.url.path == "/import" else MAX_BODY
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
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    # nothing a page of the workbench shows is fetched from the network
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self' 'unsafe-inline' data: blob:; frame-ancestors 'self'; "
        "form-action 'self'; base-uri 'none'")
    return response
