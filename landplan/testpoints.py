"""Named points where a test can stop a command, to interrupt or kill it right there.

With LANDPLAN_HOLD=POINT:FILE in the environment, each process that reaches POINT appends its
pid to FILE and waits until FILE is removed (or the process is interrupted or killed). Points:
`load`, `solve`, `analysis` (in every process that answers analysis questions), `write`
(some files written, before the run folder is published), `sweep` (a sweep worker),
`batch` (a batch worker), `map` and `report` (the file written, not yet renamed into place). Without the variable `hold` does nothing.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

POLL_SECONDS = 0.02


def hold(point: str) -> None:
    spec = os.environ.get("LANDPLAN_HOLD")
    if not spec:
        return
    name, _, file = spec.partition(":")
    if name != point or not file:
        return
    path = Path(file)
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"{os.getpid()}\n")
    while path.exists():
        time.sleep(POLL_SECONDS)
