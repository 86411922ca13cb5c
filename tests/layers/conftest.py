"""Fixtures for the layer tests; the layer builders live in builders.py."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The scenario's folder: layers are written here and found by relative path."""
    return tmp_path
