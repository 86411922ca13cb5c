"""One side of a race: `python -m tests.runs.racer SIDE SCENARIO RUNS_DIR OUT BARRIER REPS`.

Runs SCENARIO REPS times; before each run it waits at a barrier for the other side, so both
claim their folders within a millisecond or two of each other. OUT is `-` for default names
under RUNS_DIR, else the --out prefix (OUT-<rep>, the same for both sides). Prints one JSON
line per run: the folder, or the exit code and message of a refused run."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from landplan.errors import LandplanError
from landplan.run import run

SIDES = ("a", "b")


def barrier(folder: Path, rep: int, side: str) -> None:
    (folder / f"{rep}.{side}").touch()
    deadline = time.monotonic() + 120
    while not all((folder / f"{rep}.{s}").exists() for s in SIDES):
        if time.monotonic() > deadline:
            raise SystemExit("the other side never came")
        time.sleep(0.001)


def main(side: str, scenario: str, runs_dir: str, out: str, bar: str, reps: int) -> None:
    for rep in range(reps):
        barrier(Path(bar), rep, side)
        target = None if out == "-" else Path(f"{out}-{rep}")
        try:
            r = run(scenario, out=target, runs_dir=Path(runs_dir), whynot=False,
                    marginal=False, maps=False, jobs=1)
            line = {"rep": rep, "exit": 0, "folder": str(r.folder)}
        except LandplanError as exc:
            line = {"rep": rep, "exit": exc.exit_code, "error": str(exc)}
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:6], int(sys.argv[6]))
