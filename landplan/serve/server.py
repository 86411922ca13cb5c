"""`landplan serve`: check the folder and the binding, then run uvicorn."""

from __future__ import annotations

import os
from pathlib import Path

from landplan.errors import OptionError, Problem
from landplan.serve import auth

PASSWORD_ENV = "LANDPLAN_PASSWORD"


def accounts(password: bool, users: Path | None, ask=None) -> auth.Users:
    """No login, one shared password (from LANDPLAN_PASSWORD, or asked for) or a users file."""
    if password and users is not None:
        raise OptionError(Problem("--password and --users cannot be used together",
                                  hint="give one of them"))
    if users is not None:
        return auth.users_file(users)
    if password:
        given = os.environ.get(PASSWORD_ENV)
        if given is None and ask is not None:
            given = ask()
        return auth.shared_password(given or "")
    return auth.Users(None)


def check_folder(folder: Path) -> Path:
    if not folder.is_dir():
        raise OptionError(Problem("is not a folder", file=str(folder),
                                  hint="give the folder that holds the scenarios (and runs/)"))
    return folder.resolve()


def serve(folder: Path, host: str, port: int, users: auth.Users) -> None:
    import uvicorn

    from landplan.serve.app import Settings, create_app

    auth.check_binding(host, users)
    app = create_app(Settings(check_folder(folder), users, loopback=auth.is_loopback(host)))
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
