"""A run writes a new folder, whole or not at all.

Files are written into a hidden sibling folder which is renamed into place at the end, so a
failed run leaves no half-written folder and never touches an earlier run.

Each run keeps a copy of its scenario as `scenario.yaml`, byte for byte as it was read, so the
run folder alone is enough to redraw its map and figures and to write its report after the
scenario file has moved, changed or been deleted (view.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
from pathlib import Path
from types import TracebackType

from landplan.errors import Problem, RunFolderError

MARKER = "summary.json"
SCENARIO_COPY = "scenario.yaml"


def new_run_dir(runs_dir: Path, scenario_name: str) -> Path:
    """runs/<scenario>-<YYYYmmdd-HHMMSS>[-N]: a name no earlier run has."""
    stem = re.sub(r"[^\w.-]+", "-", scenario_name, flags=re.UNICODE).strip("-") or "run"
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    base = runs_dir / f"{stem}-{stamp}"
    path, n = base, 1
    while path.exists():
        n += 1
        path = base.with_name(f"{base.name}-{n}")
    return path


def check_out_dir(path: Path) -> None:
    """`--out DIR` names the run folder exactly; refuse a folder that holds a run or files."""
    if path.exists():
        if not path.is_dir():
            raise RunFolderError(Problem("exists and is not a folder", file=str(path),
                                         hint="choose another --out"))
        if (path / MARKER).exists():
            raise RunFolderError(Problem("already holds a run; runs are never overwritten",
                                         file=str(path), hint="choose a new --out folder"))
        if any(path.iterdir()):
            raise RunFolderError(Problem("is not empty", file=str(path),
                                         hint="choose a new or empty --out folder"))


class RunFolder:
    """Context manager: write into `.<name>.partial`, rename to `name` on success."""

    def __init__(self, final: Path):
        self.final = Path(final)
        self.tmp = self.final.with_name(f".{self.final.name}.partial")

    def __enter__(self) -> Path:
        check_out_dir(self.final)
        try:
            if self.tmp.exists():
                shutil.rmtree(self.tmp)
            self.tmp.mkdir(parents=True)
        except OSError as exc:
            raise RunFolderError(Problem(f"cannot be created: {exc.strerror}",
                                         file=str(self.final))) from None
        return self.tmp

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        if et is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return
        if self.final.exists():  # an empty folder named by --out
            self.final.rmdir()
        os.replace(self.tmp, self.final)


def write_scenario_copy(folder: Path, scenario) -> str:
    """The run's scenario as `scenario.yaml` in `folder` (written beside and renamed into
    place): the file's bytes when they are still the ones the run read (same sha256), else the
    scenario as the run read it, written out as YAML. Returns the file name."""
    raw = None
    if scenario.path is not None and scenario.sha256:
        try:
            data = Path(scenario.path).read_bytes()
        except OSError:
            data = None
        if data is not None and hashlib.sha256(data).hexdigest() == scenario.sha256:
            raw = data
    if raw is None:
        import yaml

        dumped = scenario.model_dump(mode="json", exclude_none=True)
        raw = yaml.safe_dump(dumped, allow_unicode=True, sort_keys=False).encode("utf-8")
    path = Path(folder) / SCENARIO_COPY
    tmp = path.with_name(f".{path.name}.partial")
    tmp.write_bytes(raw)
    os.replace(tmp, path)
    return SCENARIO_COPY
