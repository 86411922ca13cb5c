"""The workbench's quick reader gives exactly what yaml.safe_load gives, or None (and the file
is read the usual way) for anything it does not build itself."""

from __future__ import annotations

import math

import pytest
import yaml

from landplan.serve import fastyaml

SCALARS = """\
a: 1
b: 1_000
c: 0x1F
d: 017
e: 0o17
f: 1:30
g: 1.5e3
h: .inf
i: -.nan
j: yes
k: No
l: ~
m: null
n: 2026-01-01
o: 2026-01-01 10:00:00
p: '123'
q: "true"
r: |
  block
s: >
  folded
t: [1, 'x', {y: 2}]
u: {}
v: []
w:
x: +12
y: 0b101
z: 1.
'1': one
1: int one
3.5: f
aa: ! x
bb: "two
  lines"
cc: 名称：中文  # a comment
code: '341126101'
"""


def same(a, b) -> bool:
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return type(a) is type(b) and a == b


def test_every_kind_of_scalar_reads_as_safe_load_reads_it():
    assert same(fastyaml.load(SCALARS.encode()), yaml.safe_load(SCALARS))


def test_the_demo_scenario_reads_as_safe_load_reads_it(tmp_path):
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "landplan", "demo", "--scenario", "s.yaml", "--gis",
                    "gis"], cwd=tmp_path, check=True, capture_output=True, timeout=300)
    raw = (tmp_path / "s.yaml").read_bytes()
    assert same(fastyaml.load(raw), yaml.safe_load(raw))


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: !foo x\n", "<<: {a: 1}\n", "a: 1\na: 2\n",
    "1: a\ntrue: b\n", "a: 1\n---\nb: 2\n", "- 1\n", "", "a: [\n", "? [1]\n: 2\n",
    "a: b\n  c: d\n", "a: " + "[" * 70 + "]" * 70 + "\n", "\xff: 1"])
def test_anything_else_is_left_to_the_usual_reader(text):
    raw = text.encode("latin-1") if text.startswith("\xff") else text.encode()
    assert fastyaml.load(raw) is None
