"""`run` in process on the small scenario (no GIS layers; why-not and maps off, so each case
takes a few tenths of a second): numbers anywhere within the contract's bounds, flags
flipped, projects moved between towns. Every case is a run folder or a documented exit code
with a message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landplan.run import run
from tests.fuzz.mutate import as_yaml, mutated_scenarios, small_scenario, solvable_scenarios
from tests.fuzz.property import FUZZ, outcome, scenario_file


def _run(path: Path, marginal: bool, named: bool = False) -> int:
    """Run into `run/`, or (named) into a new folder under `runs/` named after the scenario."""
    done: list = []
    kw = {"runs_dir": path.parent / "runs"} if named else {"out": path.parent / "run"}
    code = outcome(lambda: done.append(
        run(path, whynot=False, marginal=marginal, maps=False, **kw)))
    if code == 0:
        folder = done[0].folder
        assert folder.parent == path.parent / ("runs" if named else "")
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        assert summary["status"] == "optimal"
        assert summary["solver_settings"]["threads"] >= 1
    return code


@settings(FUZZ, max_examples=250)
@given(solvable_scenarios(), st.booleans())
def test_run_within_the_contract(data, marginal):
    with scenario_file(as_yaml(data)) as path:
        _run(path, marginal)


@settings(FUZZ, max_examples=100)
@given(mutated_scenarios())
def test_run_mutated(data):
    """Named after the scenario (whose name may be anything) in a folder under runs/."""
    with scenario_file(as_yaml(data)) as path:
        _run(path, marginal=False, named=True)


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_thread_counts_change_within_a_process(solver):
    """Found by the fuzzer: HiGHS keeps one scheduler per process, and a solve asking for
    another thread count than the first stopped as `not_solved` (exit 5)."""
    for threads in (1, 2, 1):
        d = small_scenario()
        d["solver"] |= {"name": solver, "threads": threads}
        with scenario_file(as_yaml(d)) as path:
            assert _run(path, marginal=True) == 0
