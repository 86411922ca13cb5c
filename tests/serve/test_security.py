"""The workbench's guards, without a browser: paths kept inside the folder, CSRF on every
POST, the session cookie, uploads limited, logins off loopback, names escaped."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import bcrypt
import pytest
import yaml

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from landplan.serve import auth
from landplan.serve.app import MAX_UPLOAD, Settings, create_app
from tests.conftest import A, base, proj

HOSTILE = '<script>alert(1)</script>{{7*7}}'


@pytest.fixture
def folder(tmp_path) -> Path:
    d = base(projects=[proj("P1", A, 10, 5), proj("P2", A, 20, 3, name=HOSTILE)])
    (tmp_path / "scenarios").mkdir()
    text = "# the county's plan for the year\n" + yaml.safe_dump(d, allow_unicode=True,
                                                                sort_keys=False)
    (tmp_path / "scenarios" / "s.yaml").write_text(text, encoding="utf-8")
    (tmp_path.parent / "secret.yaml").write_text("name: secret\n", encoding="utf-8")
    (tmp_path / "scenarios" / "link.yaml").symlink_to(tmp_path.parent / "secret.yaml")
    return tmp_path


def client(folder: Path, users: auth.Users | None = None) -> TestClient:
    app = create_app(Settings(folder, users or auth.Users(None)))
    return TestClient(app, base_url="http://127.0.0.1")


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" content="([^"]+)"', html).group(1)


@pytest.mark.parametrize("path,status", [
    ("../secret.yaml", 403), ("scenarios/../../secret.yaml", 403), ("/etc/passwd", 403),
    ("C:\\Windows\\win.ini", 403), ("scenarios/link.yaml", 403), (".git/config", 403),
    ("scenarios/none.yaml", 404), ("", 404)])
def test_paths_out_of_the_folder_are_refused(folder, path, status):
    with client(folder) as c:
        for route in ("/scenario", "/file", "/run"):
            r = c.get(route, params={"path": path})
            assert r.status_code == status, (route, path)
            assert "secret" not in r.text.split("<main>")[1].split("<code>")[0]
        r = c.get("/scenario", params={"path": path, "lang": "en"})
        assert re.search(r'id="refusal-message">[A-Z][^<]+\.<', r.text)


def test_every_post_needs_the_csrf_token(folder):
    with client(folder) as c:
        page = c.get("/scenario?path=scenarios/s.yaml")
        token = csrf_of(page.text)
        for route in ("/api/check", "/api/diff", "/api/save", "/api/run"):
            r = c.post(route + "?path=scenarios/s.yaml", json={"edits": []})
            assert r.status_code == 403, route
            r = c.post(route + "?path=scenarios/s.yaml", json={"edits": []},
                       headers={"X-CSRF-Token": "not-the-token"})
            assert r.status_code == 403, route
        for route in ("/compare", "/logout", "/import?path=scenarios/s.yaml", "/login"):
            r = c.post(route, data={"csrf": "forged"})
            assert r.status_code == 403, route
        ok = c.post("/api/check?path=scenarios/s.yaml", json={"edits": []},
                    headers={"X-CSRF-Token": token})
        assert ok.status_code == 200 and ok.json() == {"problems": []}


def test_the_session_cookie_is_httponly_and_strict(folder):
    with client(folder) as c:
        r = c.get("/")
        cookie = r.headers["set-cookie"]
        assert cookie.startswith(auth.COOKIE + "=")
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
        assert "default-src 'self'" in r.headers["content-security-policy"]


def test_another_host_name_is_refused_on_loopback(folder):
    with client(folder) as c:
        r = c.get("/", headers={"Host": "attacker.example"})
        assert r.status_code == 421


def test_an_upload_over_the_limit_is_refused(folder):
    with client(folder) as c:
        token = csrf_of(c.get("/").text)
        big = b"0" * (MAX_UPLOAD + 1)
        r = c.post("/import?path=scenarios/s.yaml", data={"csrf": token},
                   files={"workbook": ("big.xlsx", big)})
        assert r.status_code == 413
        assert "20 MB" in r.text
        r = c.post("/api/check?path=scenarios/s.yaml", content=b"[" * (6 * 2**20),
                   headers={"X-CSRF-Token": token})
        assert r.status_code == 413
        r = c.post("/api/check?path=scenarios/s.yaml", headers={"X-CSRF-Token": token},
                   content=iter([b"{}"]))  # sent in chunks, no length
        assert r.status_code == 411


def test_names_are_escaped(folder):
    with client(folder) as c:
        html = c.get("/scenario?path=scenarios/s.yaml").text
        assert "<script>alert" not in html
        assert "{{7*7}}" not in html
        assert r"\u003cscript>alert(1)\u003c/script>\u007b\u007b7*7\u007d\u007d" in html


def test_login_is_needed_and_a_wrong_password_refused(folder):
    users = auth.shared_password("correct horse")
    with client(folder, users) as c:
        r = c.get("/", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login"
        token = csrf_of(c.get("/login").text)
        r = c.post("/login", data={"csrf": token, "password": "wrong horse"})
        assert r.status_code == 401 and "用户名或密码不正确" in r.text
        assert c.get("/api/jobs/1").status_code == 401
        r = c.post("/login", data={"csrf": token, "password": "correct horse"},
                   follow_redirects=False)
        assert r.status_code == 303
        assert c.get("/").status_code == 200


def test_a_users_file_of_bcrypt_hashes(folder, tmp_path):
    hashed = bcrypt.hashpw(b"s3cret-pass", bcrypt.gensalt(rounds=4)).decode()
    f = tmp_path / "users"
    f.write_text(f"# accounts\nwang:{hashed}\n", encoding="utf-8")
    users = auth.users_file(f)
    assert users.check("wang", "s3cret-pass") == "wang"
    assert users.check("li", "s3cret-pass") is None
    assert users.check("wang", "x" * 100) is None
    f.write_text("wang:plain-text\n", encoding="utf-8")
    with pytest.raises(auth.OptionError, match="line 1"):
        auth.users_file(f)


def _serve(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "landplan", "serve", *args],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})


def test_a_public_address_needs_a_login(folder):
    done = _serve(str(folder), "--host", "0.0.0.0", "--port", "1")
    assert done.returncode == 2
    assert "--host 0.0.0.0 is reachable from other computers" in done.stderr
    assert "--password" in done.stderr and "Traceback" not in done.stderr


def test_a_short_password_is_refused(folder):
    done = _serve(str(folder), "--password", env={"LANDPLAN_PASSWORD": "short"})
    assert done.returncode == 2
    assert "shorter than 8 characters" in done.stderr


def test_a_page_landplan_did_not_write_is_only_downloaded(folder):
    (folder / "runs" / "r").mkdir(parents=True)
    (folder / "runs" / "r" / "map.html").write_text("<script>alert(1)</script>")
    (folder / "notes.html").write_text("<script>alert(1)</script>")
    with client(folder) as c:
        for path in ("runs/r/map.html", "notes.html"):
            r = c.get("/file", params={"path": path})
            assert r.status_code == 200
            assert r.headers["content-disposition"].startswith("attachment")
