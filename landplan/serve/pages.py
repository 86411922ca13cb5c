"""The workbench's pages: templates with every value escaped, the language, the session."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from landplan.outputs.escape import html_text, page_json
from landplan.serve import auth
from landplan.serve.text import LANGS, word

HERE = Path(__file__).parent
MAX_BODY = 5 * 1024 * 1024  # an edit list of a 5,000-project scenario is far smaller
MAX_UPLOAD = 20 * 1024 * 1024  # a bureau workbook
OPEN = ("/login", "/static/")  # pages that need no login



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
    env.filters["json"] = lambda obj: Markup(_page_json(obj))
    return env


def _page_json(obj: object) -> str:
    """page_json (no text in it can end the <script> element or open a template tag), the
    quick way when no text holds a brace: then only `<` and the line separators need
    escaping, and JSON has them nowhere but in text (a 5,000-project page in a tenth of the
    time)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    if any("{" in s or "}" in s for s in _texts(obj)):
        return page_json(obj)
    # str.replace, not translate: on a long non-ASCII text it is 20 times faster
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029",
                                                                            "\\u2029")


def _texts(obj: object):
    """Every string in a JSON value, keys included."""
    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, str):
            yield o
        elif isinstance(o, dict):
            yield from (k for k in o if isinstance(k, str))
            stack.extend(o.values())
        elif isinstance(o, (list, tuple)):
            for x in o:
                if isinstance(x, str):
                    yield x
                else:
                    stack.append(x)


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
