"""`python -m landplan` and the `landplan` command. Signals are handled before anything heavy
is imported, so Ctrl-C at any moment is one line and exit 130 (SIGTERM: 143), never a
traceback (landplan.interrupt)."""

from __future__ import annotations

import sys

from landplan import interrupt


def main() -> None:
    interrupt.handle_signals()
    try:
        from landplan.cli import app

        app(prog_name="landplan")
    except BaseException as exc:
        # typer turns an interrupt into exit 130 without a word; an import cut short by
        # Ctrl-C can surface later as some other error: either way it was an interrupt
        if isinstance(exc, KeyboardInterrupt) or interrupt.received():
            sys.exit(interrupt.report(getattr(exc, "signum", None)))
        raise


if __name__ == "__main__":
    main()
