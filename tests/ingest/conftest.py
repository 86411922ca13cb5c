"""Fixtures: the bureau-like folder, the demo's own run to compare with, a private PostGIS."""

from __future__ import annotations

from pathlib import Path

import pytest

from landplan.run import run
from tests.ingest import pgserver
from tests.ingest.bureau import DEMO, make_bureau_folder


@pytest.fixture(scope="session")
def bureau_folder(tmp_path_factory) -> Path:
    """The bureau's files, built once; tests copy what they change."""
    return make_bureau_folder(tmp_path_factory.mktemp("bureau") / "凤阳县自然资源局")


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory) -> Path:
    """`landplan run scenarios/demo.yaml`: the allocation the bureau's files must reproduce."""
    out = tmp_path_factory.mktemp("demo") / "run"
    run(DEMO, out=out, whynot=False)
    return out


@pytest.fixture(scope="session")
def pg():
    """A PostgreSQL server with PostGIS on a private port, removed after the session."""
    server = pgserver.start()
    try:
        yield server
    finally:
        pgserver.stop(server)
