"""Worker processes that never outlive the command that started them.

Every process pool landplan starts (the analysis of a run, sweeps, batches) comes from
`process_pool()`. Its workers
- ignore SIGINT: Ctrl-C reaches the whole process group, and the parent alone handles it;
- end when their parent ends, `kill -9` included: on Linux the kernel sends them SIGKILL
  (prctl PR_SET_PDEATHSIG); everywhere a thread checks the parent every half second;
- are killed, not waited for, when the parent stops early (an error, Ctrl-C, SIGTERM).
Workers are started with SIGINT and SIGTERM held back (`interrupt.deferred`), so a Ctrl-C
that arrives while a worker starts does not print a traceback from it.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from landplan.interrupt import SIGNALS, deferred

PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_CHECK_SECONDS = 0.5


def _prctl_death_signal(sig: int) -> bool:
    """Ask Linux to send `sig` to this process when its parent ends; False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    """End this process as soon as its parent is gone (reparented: the pid changes)."""
    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(parent: int | None) -> None:
    """Pool initializer: ignore Ctrl-C, die with the parent, then let signals through.
    `parent` is None when workers are forked by a forkserver (which ends with landplan)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _prctl_death_signal(signal.SIGKILL)
    if parent is None:
        parent = os.getppid()
    elif os.getppid() != parent:  # the parent ended before the line above
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                     name="landplan-parent-watch").start()
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)


class WorkerPool:
    """A ProcessPoolExecutor whose workers are started with signals held back."""

    def __init__(self, executor: ProcessPoolExecutor):
        self.executor = executor

    def submit(self, fn: Callable, /, *args, **kwargs) -> Future:
        with deferred():  # submit starts the workers
            return self.executor.submit(fn, *args, **kwargs)

    def map(self, fn: Callable, *iterables: Iterable) -> Iterator:
        with deferred():
            return self.executor.map(fn, *iterables)


def _processes(executor: ProcessPoolExecutor) -> list:
    # ProcessPoolExecutor has no public list of its processes before Python 3.14
    return list((getattr(executor, "_processes", None) or {}).values())


def kill_workers(executor: ProcessPoolExecutor) -> None:
    """Kill the pool's workers now and drop the work not started."""
    procs = _processes(executor)
    executor.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        with contextlib.suppress(Exception):
            p.kill()
    for p in procs:
        with contextlib.suppress(Exception):
            p.join(timeout=5)


@contextlib.contextmanager
def process_pool(max_workers: int) -> Iterator[WorkerPool]:
    """A pool of `max_workers` processes: shut down normally at the end, killed when the
    block is left by an exception (Ctrl-C and SIGTERM included)."""
    method = multiprocessing.get_start_method()
    parent = os.getpid() if method in ("fork", "spawn") else None
    executor = ProcessPoolExecutor(max_workers=max_workers, initializer=_init_worker,
                                   initargs=(parent,))
    try:
        yield WorkerPool(executor)
        executor.shutdown(wait=True)
    except BaseException:
        kill_workers(executor)
        raise


def _child_dies_with(parent: int) -> None:
    _prctl_death_signal(signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the line above
        os._exit(1)


def child_setup() -> Callable[[], None] | None:
    """`preexec_fn` for a solver subprocess started from this thread: on Linux it gets
    SIGKILL when this process ends (None elsewhere)."""
    if not sys.platform.startswith("linux"):
        return None
    return functools.partial(_child_dies_with, os.getpid())
