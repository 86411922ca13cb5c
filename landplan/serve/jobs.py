"""Runs started from the workbench: one at a time per scenario, the others wait in turn.

Each run is a worker process (worker.py) that writes the same run folder as `landplan run`.
The workbench reads its progress file; cancelling sends SIGTERM, on which the run removes what
it had begun and publishes nothing (landplan.outputs.runfolder)."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

# the steps landplan.run reports, in order: the progress bar moves through them
STEPS = ("load", "spatial checks", "build", "solve", "explain", "write", "map")
SWEEP_STEPS = ("load", "solve", "write")


@dataclass
class Job:
    id: str
    scenario: str  # relative to the served folder
    lang: str
    state: str = "queued"  # queued, running, done, failed, cancelled
    steps: list[str] = field(default_factory=list)
    run: str | None = None  # the run folder, relative to the served folder
    problems: list[str] = field(default_factory=list)
    title: str | None = None
    queued: float = field(default_factory=time.time)
    proc: subprocess.Popen | None = None
    progress: Path | None = None
    cancel_asked: bool = False
    kind: str = "run"  # or "sweep"
    args: tuple[str, ...] = ()  # a sweep's field, from, to, steps
    points: list[dict] = field(default_factory=list)  # a sweep's points solved so far
    total: int = 0

    def view(self, position: int | None = None) -> dict:
        step = self.steps[-1] if self.steps else None
        steps = STEPS if self.kind == "run" else SWEEP_STEPS
        done = steps.index(step) + 1 if step in steps else 0
        fraction = done / (len(steps) + 1)
        if self.kind == "sweep" and self.total:
            fraction = 0.1 + 0.85 * len(self.points) / self.total
        if self.state == "done":
            fraction = 1.0
        return {"id": self.id, "kind": self.kind, "scenario": self.scenario,
                "state": self.state, "step": step, "steps": self.steps,
                "fraction": round(fraction, 3), "run": self.run, "problems": self.problems,
                "title": self.title, "position": position, "all_steps": list(steps),
                "points": self.points, "total": self.total}


class Jobs:
    """The queue and the workers; a thread watches them."""

    def __init__(self, root: Path, runs_dir: str = "runs"):
        self.root = root
        self.runs_dir = runs_dir
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._tmp = Path(tempfile.mkdtemp(prefix="landplan-serve-"))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True, name="landplan-jobs")
        self._thread.start()

    def submit(self, scenario: str, lang: str, kind: str = "run",
               args: tuple[str, ...] = ()) -> Job:
        with self._lock:
            job = Job(f"{next(self._ids)}", scenario, lang, kind=kind, args=args)
            self.jobs[job.id] = job
        self._tick()
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self.jobs.get(job_id)

    def view(self, job: Job) -> dict:
        with self._lock:
            position = None
            if job.state == "queued":
                waiting = [j for j in self.jobs.values()
                           if j.scenario == job.scenario and j.state in ("queued", "running")]
                position = waiting.index(job)
            return job.view(position)

    def of_scenario(self, scenario: str) -> list[Job]:
        with self._lock:
            return [j for j in self.jobs.values() if j.scenario == scenario]

    def cancel(self, job: Job) -> None:
        with self._lock:
            job.cancel_asked = True
            if job.state == "queued":
                job.state = "cancelled"
            elif job.state == "running" and job.proc is not None:
                try:
                    job.proc.send_signal(signal.SIGTERM)
                except ProcessLookupError:
                    pass

    def close(self) -> None:
        """Stop watching and end the runs still going (each cleans up after itself)."""
        self._stop.set()
        with self._lock:
            running = [j for j in self.jobs.values() if j.state == "running" and j.proc]
            for j in running:
                j.cancel_asked = True
                j.proc.send_signal(signal.SIGTERM)
        for j in running:
            try:
                j.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                j.proc.kill()
            self._read(j)
        shutil.rmtree(self._tmp, ignore_errors=True)

    # --- the watcher ----------------------------------------------------------------------

    def _watch(self) -> None:
        while not self._stop.wait(0.2):
            self._tick()

    def _tick(self) -> None:
        with self._lock:
            for job in self.jobs.values():
                if job.state == "running":
                    self._read(job)
            busy = {j.scenario for j in self.jobs.values() if j.state == "running"}
            for job in sorted(self.jobs.values(), key=lambda j: int(j.id)):
                if job.state == "queued" and job.scenario not in busy:
                    self._start(job)
                    busy.add(job.scenario)

    def _start(self, job: Job) -> None:
        job.progress = self._tmp / f"{job.id}.jsonl"
        job.progress.touch()
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        if job.kind == "sweep":
            argv = ["landplan.serve.sweeper", job.scenario, *job.args, "sweeps"]
        else:
            argv = ["landplan.serve.worker", job.scenario, self.runs_dir]
        job.proc = subprocess.Popen(
            [sys.executable, "-m", *argv, str(job.progress), job.lang],
            cwd=self.root, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        job.state = "running"

    def _read(self, job: Job) -> None:
        lines = job.progress.read_text(encoding="utf-8").splitlines() if job.progress else []
        steps, points, end = [], [], None
        for line in lines:
            try:
                item = json.loads(line)
            except ValueError:
                continue  # a line being written
            if "step" in item:
                steps.append(item["step"])
                job.total = item.get("total", job.total)
            elif "point" in item:
                points.append(item["point"])
            else:
                end = item
        job.steps, job.points = steps, points
        code = job.proc.poll() if job.proc else None
        if code is None:
            return
        if end and "done" in end:
            job.state = "done"
            job.run = Path(os.path.relpath(Path(self.root, end["done"]), self.root)).as_posix()
        elif job.cancel_asked or (end and end.get("cancelled")):
            job.state = "cancelled"
        else:
            job.state = "failed"
            job.title = (end or {}).get("error", "the run stopped")
            job.problems = (end or {}).get("problems", [f"exit {code}"])
