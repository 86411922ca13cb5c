"""Ctrl-C, SIGTERM and kill -9 at every step: one line and exit 130 (143), nothing written,
no worker left running; what a killed run leaves is hidden and removed by the next run."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.runs.county import (
    MESSAGE,
    TIMEOUT,
    county,
    descendants,
    finish,
    held,
    hidden,
    kill,
    kill_group,
    start,
    visible,
    wait_for_hold,
    wait_gone,
)

POINTS = ["load", "solve", "analysis", "write"]
WORKERS = (os.cpu_count() or 1) > 1  # the analysis uses worker processes


@pytest.fixture
def place(tmp_path) -> tuple[Path, Path, Path]:
    """The scenario and hold file in one folder, the command's working folder another."""
    inputs, work = tmp_path / "in", tmp_path / "work"
    inputs.mkdir()
    work.mkdir()
    return county(inputs), inputs / "hold", work


def held_run(place, point: str, *args: str):
    scenario, hold, work = place
    p = start("run", str(scenario), "--out", "out", *args, cwd=work, hold=point, file=hold)
    wait_for_hold(p, hold, parent_and_workers=point == "analysis" and WORKERS)
    children = descendants(p.pid)
    if point == "analysis" and WORKERS:
        assert children, "the analysis should run in worker processes"
    return p, children


def assert_interrupted(p, children, code: int, work: Path) -> None:
    rc, out, err = finish(p)
    assert rc == code, err
    assert err.strip() == MESSAGE
    assert "Traceback" not in out + err
    assert not wait_gone(children), "worker processes outlived the command"
    assert visible(work) == set() and hidden(work) == set()


@pytest.mark.parametrize("point", POINTS)
def test_ctrl_c_is_one_line_exit_130_and_nothing_written(place, point):
    p, children = held_run(place, point)
    kill_group(p, signal.SIGINT)  # a terminal's Ctrl-C reaches the workers too
    assert_interrupted(p, children, 130, place[2])


@pytest.mark.parametrize("point", ["load", "analysis"])
def test_sigterm_is_exit_143(place, point):
    p, children = held_run(place, point, "-q")
    kill(p, signal.SIGTERM)  # to the parent alone, as `kill PID` does
    assert_interrupted(p, children, 143, place[2])


@pytest.mark.parametrize("point", POINTS)
def test_kill_9_leaves_no_worker_and_the_next_run_cleans_up(place, point):
    scenario, _, work = place
    p, children = held_run(place, point, "-q")
    kill(p, signal.SIGKILL)
    p.communicate()
    assert not wait_gone(children), "worker processes outlived a kill -9 of their parent"
    assert visible(work) == set()  # at most a hidden claim and partial folder
    if point == "write":
        assert any(n.endswith(".partial") for n in hidden(work))
    code, _, err = finish(start("run", str(scenario), "--out", "next", "-q", "--no-why-not",
                                cwd=work))
    assert code == 0, err
    assert visible(work) == {"next"} and hidden(work) == set()


@pytest.mark.parametrize("command", ["sweep", "batch"])
@pytest.mark.parametrize("how", ["ctrl-c", "kill -9"])
def test_sweep_and_batch_workers(tmp_path, command, how):
    inputs, work = tmp_path / "in", tmp_path / "work"
    inputs.mkdir()
    work.mkdir()
    scenario = county(inputs)
    county(inputs, prefix="Q", name="other")
    hold = tmp_path / "hold"
    args = (["sweep", str(scenario), "--vary", "quota.new_construction=100..200", "--steps",
             "21"] if command == "sweep" else ["batch", str(inputs)])
    p = start(*args, "--jobs", "2", "--out", "out", cwd=work, hold=command, file=hold)
    _wait_workers(p, hold)
    children = descendants(p.pid)
    if how == "ctrl-c":
        kill_group(p, signal.SIGINT)
        assert_interrupted(p, children, 130, work)
    else:
        kill(p, signal.SIGKILL)
        p.communicate()
        assert not wait_gone(children)
        assert visible(work) == set()


def _wait_workers(p, hold: Path) -> None:
    """Both workers are held (the parent itself does not reach the point)."""
    deadline = time.monotonic() + TIMEOUT
    while len(held(hold)) < 2:
        assert p.poll() is None, p.communicate()[1]
        assert time.monotonic() < deadline
        time.sleep(0.02)


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("finished")
    scenario = county(folder)
    code, _, err = finish(start("run", str(scenario), "--out", "run", "-q", "--no-why-not",
                                cwd=folder))
    assert code == 0, err
    return folder, folder / "run"


@pytest.mark.parametrize("command", ["map", "report"])
def test_ctrl_c_in_map_and_report_keeps_the_run_as_it_was(finished, tmp_path, command):
    _, run = finished
    before = {f.name: f.read_bytes() for f in run.iterdir()}
    hold = tmp_path / "hold"
    p = start(command, str(run), cwd=tmp_path, hold=command, file=hold)
    wait_for_hold(p, hold)
    kill_group(p, signal.SIGINT)
    rc, out, err = finish(p)
    assert rc == 130 and err.strip() == MESSAGE and "Traceback" not in out + err
    assert {f.name: f.read_bytes() for f in run.iterdir()} == before


def test_an_interrupt_a_library_turned_into_an_input_error_stays_an_interrupt(
        monkeypatch, capsys):
    """Ctrl-C while a layer is read can surface as "cannot be read as a GIS layer (module
    'numpy' has no attribute 'matrix')" when a library swallows it: still exit 130."""
    import typer

    from landplan import cli, interrupt
    from landplan.errors import LayerError, Problem

    fresh(monkeypatch)
    before = {sig: signal.getsignal(sig) for sig in interrupt.SIGNALS}

    def read_layer():
        try:
            signal.raise_signal(signal.SIGINT)  # Ctrl-C here
        except KeyboardInterrupt:
            pass  # ... and a library's blanket except
        raise LayerError(Problem("cannot be read as a GIS layer (module 'numpy' has no "
                                 "attribute 'matrix')", file="towns.gpkg"))

    interrupt.handle_signals()
    try:
        with pytest.raises(typer.Exit) as info:
            cli._guard(read_layer)
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)
    assert info.value.exit_code == 130
    assert capsys.readouterr().err == MESSAGE + "\n"


def fresh(monkeypatch) -> None:
    """This process as at its start: no signal received, nothing written or reported."""
    import sys

    from landplan import interrupt

    monkeypatch.setattr(interrupt, "_received", None)
    monkeypatch.setattr(interrupt, "_reported", False)
    monkeypatch.setattr(interrupt, "_written", [])
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)


def test_an_interrupt_lost_in_a_finaliser_publishes_nothing(tmp_path, monkeypatch, capsys):
    """Ctrl-C while Python runs a `__del__` is printed there and dropped by Python: it is
    not printed, and the run folder is not published."""
    from landplan import interrupt
    from landplan.outputs.runfolder import RunFolder

    fresh(monkeypatch)
    before = {sig: signal.getsignal(sig) for sig in interrupt.SIGNALS}

    class Finaliser:
        def __del__(self):
            signal.raise_signal(signal.SIGINT)  # Ctrl-C while it runs

    interrupt.handle_signals()
    try:
        with pytest.raises(KeyboardInterrupt), RunFolder(tmp_path / "out") as tmp:
            (tmp / "allocation.csv").write_text("x")
            Finaliser()  # collected at once; the interrupt raised in it goes nowhere
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)
    assert capsys.readouterr().err == ""
    assert list(tmp_path.iterdir()) == []
    assert interrupt.report() == 130
    assert capsys.readouterr().err == MESSAGE + "\n"


def test_the_line_says_what_was_written_before_the_interrupt(tmp_path, monkeypatch, capsys):
    """A batch's county published inside the batch's hidden folder is not written once the
    batch is interrupted; a folder published before Ctrl-C is."""
    from landplan import interrupt
    from landplan.outputs.runfolder import RunFolder

    fresh(monkeypatch)
    with pytest.raises(KeyboardInterrupt), RunFolder(tmp_path / "batch") as tmp:
        with RunFolder(tmp / "county") as county_tmp:
            (county_tmp / "summary.json").write_text("{}")
        raise KeyboardInterrupt
    assert interrupt.report() == 130
    assert capsys.readouterr().err == MESSAGE + "\n"

    fresh(monkeypatch)
    with RunFolder(tmp_path / "run") as tmp:
        (tmp / "summary.json").write_text("{}")
    assert interrupt.report(signal.SIGTERM) == 143
    assert capsys.readouterr().err == f"interrupted after writing {tmp_path / 'run'}\n"
