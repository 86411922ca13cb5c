"""Scenario: the contract (schema), loading and cross-checks."""

from landplan.scenario.load import load_scenario, parse_scenario
from landplan.scenario.schema import CATEGORIES, Scenario

__all__ = ["CATEGORIES", "Scenario", "load_scenario", "parse_scenario"]
