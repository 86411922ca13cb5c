"""The CLI app the ingest tests drive (the real one)."""

from __future__ import annotations

import typer

import landplan.cli as cli


def app() -> typer.Typer:
    return cli.app
