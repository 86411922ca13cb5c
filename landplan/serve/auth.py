"""Who may use the workbench, and that every change comes from its own pages.

Bound to a loopback address the workbench needs no login. Bound to any other address it needs
`--password` (one shared password) or `--users FILE` (lines `name:bcrypt-hash`). Either way
every browser gets a session cookie (HttpOnly, SameSite=Strict) holding a random token, and
every POST must carry that session's CSRF token (a form field `csrf` or the header
`X-CSRF-Token`), so no other site can make the planner's browser change or run anything."""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import bcrypt

from landplan.errors import OptionError, Problem

COOKIE = "landplan_session"
SESSION_SECONDS = 12 * 3600
MAX_SESSIONS = 10_000  # anonymous sessions are made per browser; the oldest go first


@dataclass
class Session:
    token: str
    csrf: str
    user: str | None = None  # None: not logged in
    created: float = field(default_factory=time.time)


class Users:
    """The accounts: none (loopback, no login), one shared password, or a users file."""

    def __init__(self, hashes: dict[str, bytes] | None = None):
        self.hashes = hashes  # None: no login needed

    @property
    def required(self) -> bool:
        return self.hashes is not None

    def check(self, name: str, password: str) -> str | None:
        """The account name when `password` is right, else None (always one bcrypt check, so a
        wrong name takes as long as a wrong password)."""
        if self.hashes is None:
            return None
        shared = "" in self.hashes
        key = "" if shared else name
        hashed = self.hashes.get(key) or _DUMMY
        try:
            ok = bcrypt.checkpw(password.encode("utf-8"), hashed)
        except ValueError:  # longer than bcrypt takes (72 bytes): not a password we set
            ok = False
        if not ok or key not in self.hashes:
            return None
        return (name or "planner") if shared else name


_DUMMY = bcrypt.hashpw(b"landplan", bcrypt.gensalt(rounds=4))


def shared_password(password: str) -> Users:
    if not password:
        raise OptionError(Problem("the password is empty", field="--password",
                                  hint="give a password of at least 8 characters"))
    if len(password) < 8:
        raise OptionError(Problem("the password is shorter than 8 characters",
                                  field="--password", hint="choose a longer password"))
    if len(password.encode("utf-8")) > 72:
        raise OptionError(Problem("the password is longer than 72 bytes (bcrypt's limit)",
                                  field="--password", hint="choose a shorter password"))
    return Users({"": bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt())})


def users_file(path: Path) -> Users:
    """Read `name:hash` lines (bcrypt hashes, `$2b$…`); `#` starts a comment."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise OptionError(Problem(f"cannot be read ({type(exc).__name__})", file=str(path),
                                  hint="give a UTF-8 text file of `name:bcrypt-hash` lines")) from None
    hashes: dict[str, bytes] = {}
    problems = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, hashed = line.partition(":")
        name, hashed = name.strip(), hashed.strip()
        if not name or not hashed.startswith(("$2a$", "$2b$", "$2y$")) or len(hashed) != 60:
            problems.append(Problem("is not `name:bcrypt-hash`", file=str(path),
                                    record=f"line {n}", hint="make a hash with python -c "
                                    "\"import bcrypt; print(bcrypt.hashpw(b'secret', "
                                    "bcrypt.gensalt()).decode())\""))
            continue
        hashes[name] = hashed.encode("ascii")
    if problems:
        raise OptionError(problems)
    if not hashes:
        raise OptionError(Problem("holds no account", file=str(path),
                                  hint="add lines `name:bcrypt-hash`"))
    return Users(hashes)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_binding(host: str, users: Users) -> None:
    """Any address but loopback is reachable from the network: not without a login."""
    if not is_loopback(host) and not users.required:
        raise OptionError(Problem(
            f"--host {host} is reachable from other computers, and the workbench would let "
            "anyone there edit and run scenarios", field="--host",
            hint="add --password (asked for, or LANDPLAN_PASSWORD) or --users FILE, or keep "
            "the default --host 127.0.0.1"))


class Sessions:
    """Sessions in memory: the workbench is one process, and a restart logs everyone out."""

    def __init__(self):
        self._by_token: dict[str, Session] = {}
        self._lock = threading.Lock()

    def get(self, token: str | None) -> Session | None:
        if not token:
            return None
        with self._lock:
            s = self._by_token.get(token)
            if s is not None and time.time() - s.created > SESSION_SECONDS:
                del self._by_token[token]
                return None
            return s

    def new(self, user: str | None = None) -> Session:
        s = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), user)
        with self._lock:
            if len(self._by_token) >= MAX_SESSIONS:
                oldest = min(self._by_token.values(), key=lambda x: x.created)
                del self._by_token[oldest.token]
            self._by_token[s.token] = s
        return s

    def drop(self, token: str) -> None:
        with self._lock:
            self._by_token.pop(token, None)


def csrf_ok(session: Session | None, given: str | None) -> bool:
    return bool(session and given) and hmac.compare_digest(session.csrf, given)
