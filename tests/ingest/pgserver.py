"""A private PostgreSQL + PostGIS server for the tests: initdb into a temporary folder, start it
on a free port with its socket in that folder, remove it all afterwards.

PostgreSQL refuses to run as root; CI runs as root, so the server then runs as the `postgres`
user that Debian's package creates (or `nobody`), through `runuser`. Without the binaries the
tests are skipped on a developer's machine but fail loudly in CI (CI is set): there they must run.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

SUPERUSER = "postgres"
SUPERUSER_PASSWORD = "super-secret-pw"
PLANNER = "planner"
PLANNER_PASSWORD = "s3cret-Pässwort"
DATABASE = "bureau"


@dataclass
class Server:
    host: str
    port: int
    folder: Path

    def url(
        self, user: str = PLANNER, password: str | None = PLANNER_PASSWORD, database: str = DATABASE
    ) -> str:
        from urllib.parse import quote

        auth = user + (":" + quote(password, safe="") if password is not None else "")
        return f"postgresql://{auth}@{self.host}:{self.port}/{database}"

    def sql(self, statement: str, database: str = DATABASE) -> list[tuple]:
        import psycopg

        with psycopg.connect(
            self.url(SUPERUSER, SUPERUSER_PASSWORD, database), autocommit=True
        ) as conn:
            cur = conn.execute(statement)
            return cur.fetchall() if cur.description else []


def _bindir() -> Path | None:
    for cand in [shutil.which("pg_ctl"), *sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))]:
        if cand and Path(cand).resolve().is_file():
            return Path(cand).resolve().parent
    return None


def _has_postgis(bindir: Path) -> bool:
    version = bindir.parent.name  # /usr/lib/postgresql/15/bin
    controls = glob.glob(f"/usr/share/postgresql/{version}/extension/postgis.control")
    pg_config = shutil.which("pg_config")
    if pg_config:
        share = subprocess.run([pg_config, "--sharedir"], capture_output=True, text=True).stdout
        controls += glob.glob(f"{share.strip()}/extension/postgis.control")
    return bool(controls)


def unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where the server must be there."""
    if os.environ.get("CI"):
        pytest.fail(
            f"PostGIS tests cannot run in CI: {reason}. .ci/run must install "
            "postgresql and postgresql-15-postgis-3"
        )
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        # runuser lives in /usr/sbin, which a non-login PATH may lack
        runuser = shutil.which("runuser") or shutil.which("runuser", path="/usr/sbin:/sbin")
        if runuser is None:
            raise RuntimeError("running as root and `runuser` (util-linux) is not installed")
        return [runuser, "-u", user, "--"]
    raise RuntimeError("running as root and no `postgres` or `nobody` user to run PostgreSQL as")


def start() -> Server:
    """Start a server; on any failure remove what was made, then raise."""
    bindir = _bindir()
    if bindir is None:
        unavailable("PostgreSQL binaries (initdb, pg_ctl) not found")
    if not _has_postgis(bindir):
        unavailable("the PostGIS extension is not installed")
    folder = Path(tempfile.mkdtemp(prefix="landplan-pg-"))
    try:
        return _start(bindir, folder)
    except BaseException:
        prefix = _as_server_user()
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-m",
                        "immediate", "stop"], capture_output=True, timeout=60)  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _start(bindir: Path, folder: Path) -> Server:
    folder.chmod(0o755)
    prefix = _as_server_user()
    if prefix:
        user = prefix[2]
        pw = pwd.getpwnam(user)
        os.chown(folder, pw.pw_uid, pw.pw_gid)
    pwfile = folder / "pw"
    pwfile.write_text(SUPERUSER_PASSWORD + "\n")
    if prefix:
        os.chown(pwfile, pwd.getpwnam(prefix[2]).pw_uid, -1)
    data = folder / "data"

    def run(*cmd: str) -> None:
        done = subprocess.run([*prefix, *cmd], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = folder / "log"
            raise RuntimeError(
                f"{Path(cmd[0]).name} failed ({done.returncode}): {done.stderr.strip()}\n"
                + (log.read_text(errors="replace") if log.is_file() else "")
            )

    run(
        str(bindir / "initdb"),
        "-D",
        str(data),
        "-U",
        SUPERUSER,
        "--pwfile",
        str(pwfile),
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
    )
    port = _free_port()
    opts = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(
        str(bindir / "pg_ctl"),
        "-D",
        str(data),
        "-o",
        opts,
        "-l",
        str(folder / "log"),
        "-w",
        "start",
    )
    server = Server("127.0.0.1", port, folder)
    server.bindir = bindir  # type: ignore[attr-defined]
    server.prefix = prefix  # type: ignore[attr-defined]
    deadline = time.monotonic() + 30
    while True:
        try:
            server.sql("SELECT 1", database="postgres")
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    server.sql(f"CREATE ROLE {PLANNER} LOGIN PASSWORD '{PLANNER_PASSWORD}'", database="postgres")
    server.sql(f"CREATE DATABASE {DATABASE} OWNER {PLANNER}", database="postgres")
    server.sql("CREATE EXTENSION postgis")
    return server


def stop(server: Server) -> None:
    bindir, prefix = server.bindir, server.prefix  # type: ignore[attr-defined]
    subprocess.run(
        [
            *prefix,
            str(bindir / "pg_ctl"),
            "-D",
            str(server.folder / "data"),
            "-m",
            "immediate",
            "-w",
            "stop",
        ],
        capture_output=True,
        timeout=60,
    )
    shutil.rmtree(server.folder, ignore_errors=True)
