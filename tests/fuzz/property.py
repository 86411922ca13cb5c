"""The property every fuzzed input must keep: success, or a LandplanError with a documented
exit code (2–9) and a message for each problem; never another exception."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, settings

from landplan.errors import LandplanError

DOCUMENTED = range(2, 10)  # README, "Bad input"

# Reproducible in CI: the same cases on every run, no example database, no time limits.
FUZZ = settings(deadline=None, derandomize=True, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.large_base_example, HealthCheck.filter_too_much])


def outcome(call: Callable[[], object]) -> int:
    """0 on success, else the exit code of the LandplanError raised, checked; anything else
    propagates, and Hypothesis shrinks it to the smallest input that raises it."""
    try:
        call()
    except LandplanError as exc:
        assert exc.exit_code in DOCUMENTED, (exc.exit_code, str(exc))
        assert exc.problems, type(exc).__name__
        for p in exc.problems:
            assert str(p).strip(), exc.problems
        return exc.exit_code
    return 0


@contextmanager
def scenario_file(text: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="landplan-fuzz-") as folder:
        path = Path(folder) / "scenario.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        yield path
