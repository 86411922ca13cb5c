"""The command line on a few mutated files, as a subprocess: the documented exit code and a
message, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.fuzz.mutate import as_yaml, small_scenario

OK_YAML = as_yaml(small_scenario())


def _mutated(kind: str) -> str:
    d = small_scenario()
    if kind == "repeated key":
        return OK_YAML.replace("  area: 50\n", "  area: 50\n  area: 60\n")
    if kind == "yes/no area":
        d["projects"][0]["area"] = True
    elif kind == "control character":
        d["towns"][1]["name"] = "府城\x1b[2J镇"
    elif kind == "1e15 mu":
        d["projects"][2]["area"] = 1e15
    elif kind == "deep nesting":
        return OK_YAML + "description: " + "[" * 50_000 + "]" * 50_000 + "\n"
    return as_yaml(d)


@pytest.mark.parametrize(("command", "kind"), [
    ("validate", "repeated key"), ("validate", "control character"), ("validate", "deep nesting"),
    ("run", "1e15 mu"), ("run", "yes/no area"),
])
def test_mutated_file_exits_2_without_traceback(tmp_path, kind, command):
    path = tmp_path / "s.yaml"
    path.write_text(_mutated(kind), encoding="utf-8")
    args = [command, str(path)] + (["--out", str(tmp_path / "run"), "--no-why-not"]
                                   if command == "run" else [])
    done = subprocess.run([sys.executable, "-m", "landplan", *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "The scenario has problems" in done.stderr
    assert str(path) in done.stderr
    assert not (tmp_path / "run").exists()
