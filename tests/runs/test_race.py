"""Two runs at once never mix: same-named scenarios in the same second get two whole folders,
and the same --out from two processes gives one run and one exit 6."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd

from tests.runs.county import (
    ROOT,
    TIMEOUT,
    county,
    env,
    finish,
    hidden,
    start,
    visible,
    wait_for_hold,
)

REPS = 20


def race(tmp_path: Path, out: str) -> list[dict]:
    """Both sides REPS times, at a barrier each time; their JSON lines."""
    scenarios = {"a": county(tmp_path, prefix="A", quota=150),
                 "b": county(tmp_path, prefix="B", quota=170)}
    bar = tmp_path / "barrier"
    bar.mkdir()
    procs = [subprocess.Popen([sys.executable, "-m", "tests.runs.racer", side, str(path),
                               str(tmp_path / "runs"), out, str(bar), str(REPS)],
                              cwd=ROOT, env=env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for side, path in scenarios.items()]
    lines = []
    for side, p in zip(scenarios, procs, strict=True):
        stdout, stderr = p.communicate(timeout=TIMEOUT)
        assert p.returncode == 0, stderr
        lines += [json.loads(x) | {"side": side} for x in stdout.splitlines()]
    assert len(lines) == 2 * REPS
    return lines


def whole(folder: Path) -> str:
    """The side whose scenario the folder holds; every file must say the same one."""
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    side = Path(summary["scenario"]["file"]).stem
    ids = pd.read_csv(folder / "allocation.csv", dtype=str)["project_id"]
    assert set(ids.str[0]) == {side.upper()}, (folder, side, set(ids))
    copy = (folder / "scenario.yaml").read_bytes()
    assert copy == (folder.parents[1] / f"{side}.yaml").read_bytes(), folder
    assert summary["quota"]["new_construction"] == {"a": 150, "b": 170}[side]
    return side


def test_same_named_runs_in_the_same_second_never_mix(tmp_path):
    lines = race(tmp_path, "-")
    assert all(x["exit"] == 0 for x in lines), [x for x in lines if x["exit"]]
    folders = [Path(x["folder"]) for x in lines]
    assert len(set(folders)) == 2 * REPS  # every run its own folder
    runs = tmp_path / "runs"
    assert visible(runs) == {f.name for f in folders}
    assert hidden(runs) == set()  # no claim or partial folder left
    for x, folder in zip(lines, folders, strict=True):
        assert re.fullmatch(r"same-\d{8}-\d{6}(-\d+)?", folder.name)
        assert whole(folder) == x["side"]


def test_the_same_out_from_two_processes_is_one_run_and_one_refusal(tmp_path):
    lines = race(tmp_path, str(tmp_path / "runs" / "out"))
    for rep in range(REPS):
        pair = sorted((x for x in lines if x["rep"] == rep), key=lambda x: x["exit"])
        assert [x["exit"] for x in pair] == [0, 6], pair
        won, lost = pair
        assert ("is being written by another landplan process" in lost["error"]
                or "already holds a run" in lost["error"]), lost
        assert whole(Path(won["folder"])) == won["side"]
    assert hidden(tmp_path / "runs") == set()


def test_same_out_on_the_command_line_second_is_refused_before_solving(tmp_path):
    s = county(tmp_path)
    hold = tmp_path / "hold"
    first = start("run", str(s), "--out", "out", "-q", "--no-why-not", cwd=tmp_path,
                  hold="solve", file=hold)
    wait_for_hold(first, hold)  # the first has claimed `out` and is about to solve
    code, _, err = finish(start("run", str(s), "--out", "out", "-q", cwd=tmp_path))
    assert code == 6, err
    assert f"out: is being written by another landplan process (pid {first.pid})" in err
    assert "Traceback" not in err
    hold.unlink()
    code, out, err = finish(first)
    assert code == 0, err
    assert (tmp_path / "out" / "summary.json").is_file()
    assert hidden(tmp_path) == set()


def test_two_commands_started_together(tmp_path):
    """The command line end to end: both held at the start, let go together."""
    a, b = county(tmp_path, prefix="A"), county(tmp_path, prefix="B", quota=170)
    hold = tmp_path / "hold"
    procs = [start("run", str(s), "-q", "--no-why-not", cwd=tmp_path, hold="load", file=hold)
             for s in (a, b)]
    for p in procs:
        wait_for_hold(p, hold)
    hold.unlink()
    folders = []
    for p in procs:
        code, out, err = finish(p)
        assert code == 0, err
        folders.append(tmp_path / out.strip())
    assert folders[0] != folders[1]
    assert [whole(f) for f in folders] == ["a", "b"]
    assert hidden(tmp_path / "runs") == set()
