"""One run of the workbench, in a process of its own: `python -m landplan.serve.worker
SCENARIO RUNS_DIR PROGRESS LANG`.

It is `landplan run` without the console: the same pipeline (landplan.run) writes the same
run folder, claimed and published whole. Each step it reaches is a line of JSON in PROGRESS;
the last line says where the run folder is, or what stopped it. SIGTERM (the page's cancel)
stops it as it stops `landplan run`: nothing half-written is left, exit 143."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from landplan import interrupt


def line(progress: Path, **fields) -> None:
    with open(progress, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"t": round(time.time(), 3), **fields}, ensure_ascii=False,
                            default=str) + "\n")


def finish(progress: Path, work: Callable[[], Path]) -> int:
    """Do the work; its last line of PROGRESS says where its folder is or what stopped it,
    and the exit code is the command line's."""
    try:
        from landplan.errors import LandplanError

        try:
            folder = work()
        except LandplanError as exc:
            if interrupt.received():
                raise KeyboardInterrupt from None
            line(progress, error=exc.title, problems=[str(p) for p in exc.problems],
                 exit=exc.exit_code)
            return exc.exit_code
        line(progress, done=str(folder))
        return 0
    except KeyboardInterrupt as exc:
        code = interrupt.exit_code(getattr(exc, "signum", None) or interrupt.received())
        line(progress, cancelled=True, exit=code)
        return code
    except Exception as exc:  # a bug, not bad input: said plainly, as the command line does
        if interrupt.received():
            line(progress, cancelled=True, exit=interrupt.exit_code())
            return interrupt.exit_code()
        line(progress, error="landplan hit an internal error",
             problems=[f"{type(exc).__name__}: {exc}"], exit=70)
        return 70


def main(argv: list[str]) -> int:
    interrupt.handle_signals()
    scenario, runs_dir, progress, lang = argv
    progress = Path(progress)

    def work() -> Path:
        from landplan.run import run

        result = run(scenario, runs_dir=Path(runs_dir), lang=lang,
                     step=lambda name: line(progress, step=name))
        return result.folder

    return finish(progress, work)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
