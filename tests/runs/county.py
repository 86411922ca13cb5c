"""A small county without layers, and helpers to start, hold, interrupt and kill landplan in
a subprocess (the code under test, not an installed copy)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import yaml

from tests.conftest import A, base, proj

ROOT = Path(__file__).resolve().parents[2]
MESSAGE = "interrupted; nothing was written"
TIMEOUT = 180  # seconds; polls end as soon as the condition holds
TOWNS = [A] + [f"34112610{i}" for i in range(2, 7)]


def county(folder: Path, *, name: str = "same", prefix: str = "P", quota: float = 150,
           projects: int = 30, file: str | None = None) -> Path:
    """Six towns and `projects` projects, most of them short of land, so the why-not
    analysis has enough questions (> 24) to use worker processes."""
    d = base(
        name=name,
        quota={"new_construction": quota},
        towns=[{"code": c, "name": f"镇{i}", "pilot": c == A} for i, c in enumerate(TOWNS)],
        projects=[proj(f"{prefix}{i:02d}", TOWNS[i % len(TOWNS)], 20 + i, 1 + (i % 7) / 10)
                  for i in range(projects)],
    )
    path = folder / (file or f"{prefix.lower()}.yaml")
    path.write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def env(hold: str | None = None, file: Path | None = None) -> dict[str, str]:
    e = dict(os.environ, PYTHONPATH=str(ROOT), LANDPLAN_DEBUG="")
    e.pop("LANDPLAN_HOLD", None)
    if hold:
        e["LANDPLAN_HOLD"] = f"{hold}:{file}"
    return e


def start(*args: str, cwd: Path, hold: str | None = None, file: Path | None = None
          ) -> subprocess.Popen:
    """`landplan ARGS` in its own process group (so a group signal is a terminal's Ctrl-C)."""
    return subprocess.Popen([sys.executable, "-m", "landplan", *args], cwd=cwd,
                            env=env(hold, file), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def finish(p: subprocess.Popen) -> tuple[int, str, str]:
    out, err = p.communicate(timeout=TIMEOUT)
    return p.returncode, out, err


def wait_for_hold(p: subprocess.Popen, file: Path, *, parent_and_workers: bool = False
                  ) -> list[int]:
    """The pids held at the point: the parent's first (and, if asked, at least one worker)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        pids = held(file)
        ready = p.pid in pids and (not parent_and_workers or len(pids) >= 2)
        if ready:
            return pids
        if p.poll() is not None:
            _, err = p.communicate()
            raise AssertionError(f"landplan ended (exit {p.returncode}) before holding: {err}")
        time.sleep(0.02)
    raise AssertionError(f"landplan did not reach the point within {TIMEOUT} s")


def held(file: Path) -> list[int]:
    try:
        return [int(x) for x in file.read_text().split()]
    except (OSError, ValueError):
        return []


def descendants(pid: int) -> list[psutil.Process]:
    return psutil.Process(pid).children(recursive=True)


def wait_gone(procs: list[psutil.Process]) -> list[psutil.Process]:
    """Wait until every process has ended (a zombie has ended); return those still running."""
    deadline = time.monotonic() + 30
    alive = list(procs)
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if _running(p)]
        time.sleep(0.05)
    return alive


def _running(p: psutil.Process) -> bool:
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def kill_group(p: subprocess.Popen, sig: int) -> None:
    os.killpg(p.pid, sig)


def kill(p: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    os.kill(p.pid, sig)


def visible(folder: Path) -> set[str]:
    return {n.name for n in folder.iterdir() if not n.name.startswith(".")}


def hidden(folder: Path) -> set[str]:
    return {n.name for n in folder.iterdir() if n.name.startswith(".")}
