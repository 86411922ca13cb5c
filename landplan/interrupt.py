"""Ctrl-C (SIGINT) and SIGTERM end a command cleanly: one line, a fixed exit code, nothing
half-written, no traceback.

The command line installs `handle_signals()` before anything heavy is imported. The handler
remembers the first signal and raises `Interrupted` (a KeyboardInterrupt, so every `finally`
and context manager on the way out cleans up as it would for Ctrl-C). Later signals are
ignored, so that clean-up itself is not cut short. The interrupt cannot be lost on the way:
- a library that swallows it and raises something else (an import cut short can surface as
  an unreadable layer) cannot turn it into an input error: `received()` still says so;
- raised inside a finaliser (`__del__`, where Python prints it and goes on), it is not printed,
  and `check()` raises it again at the next step of the run, and before a folder is published.
Only the standard library is imported here.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator

MESSAGE = "interrupted; nothing was written"
SIGNALS = (signal.SIGINT, signal.SIGTERM)

_received: int | None = None
_reported = False
_written: list[str] = []  # folders published before the interrupt


class Interrupted(KeyboardInterrupt):
    """The command was asked to stop by a signal (Ctrl-C, SIGTERM)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _on_signal(signum: int, _frame) -> None:
    global _received
    if _received is not None:
        return  # the first signal is being handled: let the clean-up finish
    _received = signum
    raise Interrupted(signum)


def handle_signals() -> None:
    """SIGINT and SIGTERM raise Interrupted (call once, at start, in the main thread)."""
    for sig in SIGNALS:
        signal.signal(sig, _on_signal)
    default = sys.unraisablehook

    def unraisable(info) -> None:
        if not isinstance(info.exc_value, KeyboardInterrupt):
            default(info)

    sys.unraisablehook = unraisable


def check() -> None:
    """Raise Interrupted if a signal came and was swallowed on the way (see above)."""
    if _received is not None:
        raise Interrupted(_received)


def note_written(folder) -> None:
    """A folder was published: an interrupt from now on must not say nothing was written."""
    _written.append(os.path.abspath(folder))


def forget_written(within) -> None:
    """Folders published inside `within`, which was removed (a batch's counties)."""
    prefix = os.path.join(os.path.abspath(within), "")
    _written[:] = [w for w in _written if not w.startswith(prefix)]


def received() -> int | None:
    """The signal that interrupted this process, if any."""
    return _received


def exit_code(signum: int | None = None) -> int:
    """128 + the signal: 130 for Ctrl-C (SIGINT), 143 for SIGTERM."""
    return 128 + int(signum or _received or signal.SIGINT)


def report(signum: int | None = None) -> int:
    """Print the one line (once per process) and return the exit code."""
    global _reported
    if not _reported:
        _reported = True
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        text = MESSAGE if not _written else f"interrupted after writing {', '.join(_written)}"
        print(text, file=sys.stderr, flush=True)
    return exit_code(signum)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back for a short step that must not be cut in two (a rename
    and the release of its claim; starting worker processes, which inherit the mask and set
    their own handling first). A signal that arrives meanwhile is delivered at the end."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
