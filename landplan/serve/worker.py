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
from pathlib import Path

from landplan import interrupt


def _line(progress: Path, **fields) -> None:
    with open(progress, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"t": round(time.time(), 3), **fields}, ensure_ascii=False) + "\n")


def main(argv: list[str]) -> int:
    interrupt.handle_signals()
    scenario, runs_dir, progress, lang = argv
    progress = Path(progress)
    try:
        from landplan.errors import LandplanError
        from landplan.run import run

        try:
            result = run(scenario, runs_dir=Path(runs_dir), lang=lang,
                         step=lambda name: _line(progress, step=name))
        except LandplanError as exc:
            if interrupt.received():
                raise KeyboardInterrupt from None
            _line(progress, error=exc.title, problems=[str(p) for p in exc.problems],
                  exit=exc.exit_code)
            return exc.exit_code
        _line(progress, done=str(result.folder))
        return 0
    except KeyboardInterrupt as exc:
        code = interrupt.exit_code(getattr(exc, "signum", None) or interrupt.received())
        _line(progress, cancelled=True, exit=code)
        return code
    except Exception as exc:  # a bug, not bad input: said plainly, as the command line does
        if interrupt.received():
            _line(progress, cancelled=True, exit=interrupt.exit_code())
            return interrupt.exit_code()
        _line(progress, error="landplan hit an internal error",
              problems=[f"{type(exc).__name__}: {exc}"], exit=70)
        return 70


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
