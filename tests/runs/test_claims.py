"""Claims and partial folders: taken once, swept when their process is gone, never while it
lives; publishing never replaces a folder; a full disk is exit 6 naming the folder."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import resource
import signal
import time
from pathlib import Path

import pytest

import landplan.outputs.runfolder as runfolder
from landplan.errors import RunFolderError
from landplan.outputs import claims
from landplan.outputs.runfolder import (
    RunFolder,
    claim_dir,
    new_run_dir,
    release,
    rename_noreplace,
)
from landplan.run import run
from tests.runs.county import (
    county,
    env,
    finish,
    hidden,
    start,
    visible,
    wait_for_hold,
)


class FixedClock:
    """datetime with a `now` that never moves: every run starts in the same second."""

    class datetime:
        @staticmethod
        def now():
            return dt.datetime(2026, 5, 20, 10, 10, 10)


def test_same_second_names_get_a_number(tmp_path, monkeypatch):
    monkeypatch.setattr(runfolder, "dt", FixedClock)
    runs = tmp_path / "runs"
    first = new_run_dir(runs, "demo")
    second = new_run_dir(runs, "demo")  # the first is claimed, not yet written
    assert (first.name, second.name) == ("demo-20260520-101010", "demo-20260520-101010-2")
    with RunFolder(first) as tmp:
        (tmp / "summary.json").write_text("{}")
    release(second)
    third = new_run_dir(runs, "demo")  # the first is written, the second given up
    assert third.name == "demo-20260520-101010-2"
    release(third)
    assert visible(runs) == {first.name} and hidden(runs) == set()


def test_a_claim_held_elsewhere_refuses_the_out_folder(tmp_path):
    held = claims.take(tmp_path / "out")
    try:
        with pytest.raises(RunFolderError, match=(
                rf"out: is being written by another landplan process \(pid {os.getpid()}\); "
                "runs are never overwritten — wait for that run to finish")):
            claim_dir(tmp_path / "out")
    finally:
        held.release(published=False)
    claim_dir(tmp_path / "out")  # free again
    release(tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def _stale_claim(folder: Path, name: str, token: str) -> None:
    (folder / f".{name}.claim").write_text(json.dumps({"pid": 1 << 22, "token": token}))


def test_sweep_removes_what_dead_processes_left_and_keeps_the_living(tmp_path):
    # a dead run: its claim (nobody holds the lock) and its partial folder
    _stale_claim(tmp_path, "a", "4194304-deadbeef")
    (tmp_path / ".a.4194304-deadbeef.partial").mkdir()
    (tmp_path / ".a.4194304-deadbeef.partial" / "allocation.csv").write_text("x")
    # a live claim (this process) with its partial folder, and a dead one's partial of the
    # same name, whose claim the live one took over
    live = claims.take(tmp_path / "b")
    live.partial.mkdir()
    (tmp_path / ".b.77-0123abcd.partial").mkdir()
    # partial folders from before claims: removed only when untouched for a day
    old, recent = tmp_path / ".c.partial", tmp_path / ".d.partial"
    old.mkdir()
    recent.mkdir()
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    (tmp_path / "runs-keep").mkdir()  # visible folders are never touched

    removed = {p.name for p in claims.sweep(tmp_path)}

    assert removed == {".a.claim", ".a.4194304-deadbeef.partial", ".b.77-0123abcd.partial",
                       ".c.partial"}
    assert hidden(tmp_path) == {".b.claim", live.partial.name, ".d.partial"}
    live.release(published=False)
    assert not (tmp_path / ".b.claim").exists()


def test_a_stale_claim_on_the_out_folder_is_taken_over(tmp_path):
    _stale_claim(tmp_path, "out", "4194304-deadbeef")
    assert claim_dir(tmp_path / "out") == tmp_path / "out"
    token = json.loads((tmp_path / ".out.claim").read_text())["token"]
    assert token.startswith(f"{os.getpid()}-")
    release(tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_a_live_run_keeps_its_partial_folder_while_another_run_sweeps(tmp_path):
    inputs, work = tmp_path / "in", tmp_path / "work"
    inputs.mkdir()
    work.mkdir()
    s = county(inputs)
    _stale_claim(work, "gone", "4194304-deadbeef")
    (work / ".gone.4194304-deadbeef.partial").mkdir()
    hold = inputs / "hold"
    first = start("run", str(s), "--out", "first", "-q", "--no-why-not", cwd=work,
                  hold="write", file=hold)
    wait_for_hold(first, hold)  # tables written into its partial folder, not published
    mine = {n for n in hidden(work) if n.startswith(".first.")}
    assert mine == {".first.claim", f".first.{first.pid}-" + _token(work, "first")[-8:]
                    + ".partial"}
    code, _, err = finish(start("run", str(s), "--out", "second", "-q", "--no-why-not",
                                cwd=work))
    assert code == 0, err
    assert hidden(work) == mine  # the dead run's leftovers gone, the live run's kept
    hold.unlink()
    code, _, err = finish(first)
    assert code == 0, err
    assert visible(work) == {"first", "second"} and hidden(work) == set()
    assert (work / "first" / "allocation.csv").is_file()


def _token(folder: Path, name: str) -> str:
    return json.loads((folder / f".{name}.claim").read_text())["token"]


@pytest.mark.parametrize("kernel", [True, False])
def test_publishing_never_replaces(tmp_path, monkeypatch, kernel):
    if not kernel:  # the fallback where the kernel has no no-replace rename
        monkeypatch.setattr(runfolder, "_rename_syscall", lambda src, dst: False)
    src = tmp_path / "src"
    src.mkdir()
    (src / "a").write_text("new")
    full, empty, file = tmp_path / "full", tmp_path / "empty", tmp_path / "file"
    full.mkdir()
    (full / "a").write_text("old")
    empty.mkdir()
    file.write_text("old")
    for dst in (full, empty, file):
        with pytest.raises(FileExistsError):
            rename_noreplace(src, dst)
    assert (full / "a").read_text() == "old" and file.read_text() == "old"
    assert empty.is_dir() and (src / "a").read_text() == "new"
    rename_noreplace(src, tmp_path / "dst")
    assert (tmp_path / "dst" / "a").read_text() == "new" and not src.exists()


def _fail_tables(exc: Exception):
    def write_tables(folder, *_a, **_k):
        (Path(folder) / "allocation.csv").write_text("half")
        raise exc
    return write_tables


def test_a_full_disk_is_exit_6_naming_the_folder(tmp_path, monkeypatch):
    s = county(tmp_path)
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "x.csv"))
    monkeypatch.setattr("landplan.run.write_tables", _fail_tables(full))
    with pytest.raises(RunFolderError) as info:
        run(s, out=tmp_path / "out", whynot=False, marginal=False, maps=False)
    assert info.value.exit_code == 6
    assert str(info.value) == (f"{tmp_path / 'out'}: cannot be written: No space left on "
                               "device; nothing was kept — free some space on that disk, or "
                               "choose another --out folder")
    assert {p.name for p in tmp_path.iterdir()} == {"p.yaml"}


def test_a_full_disk_in_a_library_s_own_words(tmp_path, monkeypatch):
    """A writer that says "disk full" its own way: the folder is tried with a write."""
    s = county(tmp_path)
    monkeypatch.setattr("landplan.run.write_tables",
                        _fail_tables(RuntimeError("sqlite3: database or disk is full")))
    real_open = open

    def full_open(path, *a, **k):
        if Path(path).name == ".space-check":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr(runfolder, "open", full_open, raising=False)
    with pytest.raises(RunFolderError, match="out: cannot be written: No space left on device"):
        run(s, out=tmp_path / "out", whynot=False, marginal=False, maps=False)
    monkeypatch.setattr(runfolder, "open", real_open, raising=False)
    with pytest.raises(RuntimeError, match="database or disk is full"):  # disk not full: a bug
        run(s, out=tmp_path / "out", whynot=False, marginal=False, maps=False)
    assert {p.name for p in tmp_path.iterdir()} == {"p.yaml"}


def test_a_file_size_limit_on_the_command_line_is_exit_6(tmp_path):
    """Real writes refused by the kernel (RLIMIT_FSIZE: EFBIG): allocation.gpkg, which GDAL
    reports in its own words, then the 64 KiB test write."""
    s = county(tmp_path)
    limit = 50_000  # the tables are smaller, allocation.gpkg and map.html larger

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "landplan", "run", str(s), "--out", "out",
                        "--no-why-not", "-q"], cwd=tmp_path, env=env(), capture_output=True,
                       text=True, timeout=300, preexec_fn=small_files)
    assert r.returncode == 6, r.stderr
    assert "out: cannot be written: File too large; nothing was kept" in r.stderr
    assert "Traceback" not in r.stderr
    assert {p.name for p in tmp_path.iterdir()} == {"p.yaml"}
