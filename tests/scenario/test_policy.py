"""Bad policy input: every problem at once, each naming file, record, field and what to do."""

import subprocess
import sys

import pytest
import yaml

from landplan.errors import ScenarioError
from landplan.scenario import parse_scenario
from tests.conftest import A, base, proj


def _problems(d: dict) -> list[str]:
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(d, file="s.yaml")
    assert exc.value.exit_code == 2
    return [str(p) for p in exc.value.problems]


def _tiers(*tiers: dict) -> dict:
    return base(projects=[proj("P1", A, 10, 1)], policy={"tiers": list(tiers)})


def test_unknown_category_objective_and_field_in_a_tier():
    got = _problems(_tiers({"name": "a", "categories": ["key", "livelyhood"],
                            "objective": "area", "weight": 2}))
    assert got == [
        "s.yaml, record policy tiers #1 (a) categories #2: must be 'key', 'livelihood', "
        "'infrastructure', 'industrial', 'commercial' or 'residential', got 'livelyhood'",
        "s.yaml, record policy tiers #1 (a), field `objective`: must be 'land', 'value' or 'count', "
        "got 'area'",
        "s.yaml, record policy tiers #1 (a), field `weight`: is not a known field — allowed here: "
        "`name`, `categories`, `objective`",
    ]


def test_unknown_policy_field_did_you_mean():
    d = base(projects=[proj("P1", A, 10, 1)], policy={"tier": []})
    assert _problems(d) == ["s.yaml, record policy, field `tier`: is not a known field — "
                            "did you mean `tiers`?"]


def test_a_category_in_two_tiers_and_a_name_used_twice():
    got = _problems(_tiers({"name": "民生", "categories": ["key", "livelihood"], "objective": "land"},
                           {"name": "基建", "categories": ["key"], "objective": "land"},
                           {"name": "民生", "categories": ["industrial"], "objective": "value"}))
    assert got == [
        "s.yaml, record policy tiers #2 (基建), field `categories`: category `key` is already in "
        "tier `民生` — a category belongs to one tier: remove it from one of the two",
        "s.yaml, record policy tiers #3 (民生), field `name`: tier name `民生` is used twice — "
        "give each tier its own name",
    ]


def test_links_min_area_and_cycles_all_at_once():
    d = base(projects=[
        proj("P1", A, 10, 1, requires=["P2", "P1", "PX"]),
        proj("P2", A, 10, 1, requires=["P3"], priority=True, excludes=["P3"]),
        proj("P3", A, 10, 1, requires=["P1"], min_area=20, excludes=["P9"], priority=True),
        proj("P4", A, 10, 1, min_area=5, min_share=0.5)])
    assert _problems(d) == [
        "s.yaml, record projects P3, field `min_area`: `min_area` (20) is above `area` (10) — "
        "lower `min_area` to at most the land requested",
        "s.yaml, record projects P4, field `min_area`: `min_area` (5) and `min_share` (0.5) both "
        "set the least land the project takes — give one of them (min_share 1 is all or nothing)",
        "s.yaml, record projects P1, field `requires`: `requires` names the project itself — "
        "remove P1 from its own `requires` list",
        "s.yaml, record projects P1, field `requires`: `requires` names `PX`, which is not a "
        "project id — use the `id` of a project listed under `projects`",
        "s.yaml, record projects P2, field `excludes`: `excludes` names P3, but both are "
        "priority projects, which must both be funded in full — drop the link, or "
        "`priority: true` from one of them",
        "s.yaml, record projects P2, field `requires`: `requires` names P3, which it also "
        "excludes: it could never get land — keep one of the two links between P2 and P3",
        "s.yaml, record projects P3, field `excludes`: `excludes` names `P9`, which is not a "
        "project id — use the `id` of a project listed under `projects`",
        "s.yaml, record projects P1, field `requires`: `requires` goes round in a cycle: "
        "P1 → P2 → P3 → P1 — a project cannot wait for one that waits for it: remove one link "
        "of the cycle",
    ]


def test_requiring_a_project_it_excludes():
    d = base(projects=[proj("P1", A, 10, 1, requires=["P2"]),
                       proj("P2", A, 10, 1, excludes=["P1"])])
    assert _problems(d) == [
        "s.yaml, record projects P1, field `requires`: `requires` names P2, which it also "
        "excludes: it could never get land — keep one of the two links between P1 and P2"]


@pytest.mark.parametrize("field,value,where", [
    ("cost", float("nan"), "record projects #1 (P1), field `cost`"),
    ("min_area", float("inf"), "record projects #1 (P1), field `min_area`"),
    ("attributes", {"water": float("nan")}, "record projects #1 (P1) attributes, field `water`"),
])
def test_non_finite_numbers(field, value, where):
    got = _problems(base(projects=[proj("P1", A, 10, 1, **{field: value})]))
    assert len(got) == 1 and got[0].startswith(f"s.yaml, {where}")
    assert "finite number" in got[0]


def test_validate_exits_2_naming_the_file(tmp_path):
    d = base(projects=[proj("P1", A, 10, 1, requires=["P2"]), proj("P2", A, 10, 1,
                                                                   requires=["P1"])])
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "landplan", "validate", str(path)], cwd=tmp_path,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 2
    assert "record projects P1, field `requires`: `requires` goes round in a cycle: " \
           "P1 → P2 → P1" in r.stdout + r.stderr
    assert "Traceback" not in r.stderr
