"""The workbench on a copy of the demo folder (`landplan demo`), served by `landplan serve` in
a subprocess on a free port, and driven by Playwright in the system Chromium (no browser is
downloaded)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PASSWORD = "planner-secret-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("workbench")
    subprocess.run([sys.executable, "-m", "landplan", "demo", "--scenario",
                    "scenarios/demo.yaml", "--gis", "gis"], cwd=folder, check=True,
                   capture_output=True, timeout=300)
    return folder


@contextlib.contextmanager
def serving(folder: Path, *extra: str, env: dict | None = None):
    port = free_port()
    log = folder.parent / f"serve-{port}.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "landplan", "serve", str(folder), "--port", str(port), *extra],
            stdout=fh, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/static/app.css", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"landplan serve did not start: {log.read_text()}") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def server(demo_folder):
    with serving(demo_folder) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()
