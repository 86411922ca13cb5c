"""`validate` (load and check, in process) on mutated scenarios: every case ends in success or
a documented exit code with a message, never a traceback."""

from __future__ import annotations

from hypothesis import given, settings

from landplan.run import check
from landplan.scenario import parse_scenario
from tests.fuzz.mutate import as_yaml, mutated_scenarios, small_scenario, yaml_texts
from tests.fuzz.property import FUZZ, outcome, scenario_file


def test_the_small_scenario_is_valid():
    with scenario_file(as_yaml(small_scenario())) as path:
        assert outcome(lambda: check(path)) == 0


@settings(FUZZ, max_examples=800)
@given(mutated_scenarios())
def test_validate_mutated_fields(data):
    with scenario_file(as_yaml(data)) as path:
        outcome(lambda: check(path))


@settings(FUZZ, max_examples=700)
@given(yaml_texts())
def test_validate_mutated_text(text):
    with scenario_file(text) as path:
        outcome(lambda: check(path))


@settings(FUZZ, max_examples=400)
@given(mutated_scenarios(most=5))
def test_parse_mutated_mapping(data):
    """Straight from Python (as sweeps and batches call it): NaN and tuples need no YAML."""
    outcome(lambda: parse_scenario(data))
