"""A Dask scheduler for `landplan sweep` and `landplan batch --scheduler`.

The address is checked and the scheduler's port tried with a plain socket first, so a wrong
address or a scheduler that is not running is a SchedulerError (exit 11) within seconds, not a
traceback after distributed's 30-second connect timeout.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from landplan.errors import Problem, SchedulerError

if TYPE_CHECKING:
    from dask.distributed import Client

CONNECT_TIMEOUT = 5  # seconds, for the socket and then for the Dask client
SCHEMES = ("tcp", "tls")
_FORM = "tcp://host:8786"


def scheduler_address(address: str) -> tuple[str, str, int]:
    """(address with its scheme, host, port) of `tcp://host:port`, `tls://…` or `host:port`."""
    text = address.strip()
    if "://" not in text:
        text = "tcp://" + text
    parts = urlsplit(text)
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme not in SCHEMES or not parts.hostname or port is None or port == 0:
        raise SchedulerError(Problem(
            "is not a Dask scheduler address", file=address, field="--scheduler",
            hint=f"write it as {_FORM}, the address `dask scheduler` prints"))
    return text, parts.hostname, port


def check_scheduler(address: str) -> str:
    """Before any work: the address is well formed and something listens on its port.
    Returns the address with its scheme."""
    text, host, port = scheduler_address(address)
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT):
            pass
    except OSError as exc:
        raise SchedulerError(_unreachable(address, exc)) from None
    return text


@contextlib.contextmanager
def dask_client(address: str) -> Iterator[Client]:
    """A connected Dask client, or a SchedulerError that says why there is none."""
    text = check_scheduler(address)
    from dask.distributed import Client

    try:
        client = Client(text, timeout=CONNECT_TIMEOUT)
    except (OSError, ValueError) as exc:
        raise SchedulerError(_unreachable(address, exc)) from None
    try:
        yield client
    finally:
        client.close()


def _unreachable(address: str, exc: Exception) -> Problem:
    if isinstance(exc, socket.gaierror):
        why = "its host name is unknown"
    elif isinstance(exc, ConnectionRefusedError):
        why = "nothing listens on that port"
    elif isinstance(exc, TimeoutError | socket.timeout):
        why = f"no answer within {CONNECT_TIMEOUT} s"
    else:
        why = str(exc).strip() or type(exc).__name__
    return Problem(
        f"no Dask scheduler answers there ({why}); nothing was solved",
        file=address,
        field="--scheduler",
        hint="start one with `dask scheduler` (and workers with `dask worker ADDRESS`) and "
        f"give the address it prints ({_FORM}); or leave out --scheduler to use this "
        "computer's cores",
    )


def check_jobs(jobs: int | None) -> None:
    """`--jobs`: a number of local processes, at least one (None: all cores)."""
    if jobs is not None and jobs < 1:
        from landplan.errors import OptionError

        raise OptionError(Problem(f"is {jobs}; give at least 1 local process", field="--jobs",
                                  hint="or leave out --jobs to use all cores"))
