"""Solver subprocesses end with landplan too (CBC runs as a child process)."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from tests.runs.county import ROOT, descendants, env, wait_gone

PARENT = """
import subprocess, sys
from landplan.workers import child_setup
subprocess.Popen(["sleep", "600"], preexec_fn=child_setup())
print("started", flush=True)
sys.stdin.read()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_solver_subprocess_dies_with_a_killed_parent():
    p = subprocess.Popen([sys.executable, "-c", PARENT], cwd=ROOT, env=env(),
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().strip() == "started"
        children = descendants(p.pid)
        assert [c.name() for c in children] == ["sleep"]
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=60)
        assert not wait_gone(children)
    finally:
        p.kill()
        p.communicate()
