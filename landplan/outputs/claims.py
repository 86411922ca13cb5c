"""Which process is writing which run folder: one claim per folder name.

A run claims its folder's name before it solves, with `.NAME.claim` beside the folder. The
claim is created exclusively — a hard link to a file that is already locked and filled in, so
it never appears half made — and stays locked (flock) while its process lives. The kernel
drops the lock when the process ends, however it ends (`kill -9` included), so a claim whose
lock can be taken is stale. The process writes into its own hidden folder,
`.NAME.<pid>-<random>.partial`, named in its claim. `sweep()` removes stale claims and the
partial folders that no live claim names; it never touches a live process's files.

Without flock (Windows) a claim is an exclusively created file holding its pid, and it is
taken as stale only when psutil says that pid is gone.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

TOKEN = r"\d+-[0-9a-f]{8}"
PARTIAL = re.compile(rf"^\.(?P<name>.+)\.(?P<token>{TOKEN})\.partial$")
CLAIMING = re.compile(rf"^\.(?P<name>.+)\.(?P<token>{TOKEN})\.claiming$")
OLD_PARTIAL = re.compile(r"^\.(?P<name>.+)\.partial$")  # written before claims existed
OLD_PARTIAL_AGE = 24 * 3600  # such a folder untouched this long has no writer left
NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}


@dataclass
class Claim:
    """This process's claim on `final`: release it once the folder is published or given up."""

    final: Path
    token: str
    fd: int | None
    made: list[Path] = field(default_factory=list)  # parent folders created for it

    @property
    def file(self) -> Path:
        return claim_file(self.final)

    @property
    def partial(self) -> Path:
        return self.final.with_name(f".{self.final.name}.{self.token}.partial")

    def release(self, published: bool) -> None:
        """Remove the claim (and, when nothing was published, the parents made for it)."""
        if self.fd is None:
            return
        try:
            with contextlib.suppress(OSError):
                if os.stat(self.file).st_ino == os.fstat(self.fd).st_ino:
                    os.unlink(self.file)  # still holding the lock: nobody reads it as stale
        finally:
            os.close(self.fd)
            self.fd = None
        if not published:
            for folder in reversed(self.made):
                with contextlib.suppress(OSError):
                    folder.rmdir()


def claim_file(final: Path) -> Path:
    return final.with_name(f".{final.name}.claim")


def make_parents(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents; return those created, outermost first."""
    missing: list[Path] = []
    p = folder
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    made: list[Path] = []
    for p in reversed(missing):
        try:
            p.mkdir()
            made.append(p)
        except FileExistsError:
            pass
    return made


def take(final: Path) -> Claim | None:
    """Claim the name `final` for this process; None when a live process holds it. A stale
    claim on it is removed and the name taken."""
    token = f"{os.getpid()}-{secrets.token_hex(4)}"
    body = json.dumps({"pid": os.getpid(), "token": token,
                       "started": time.strftime("%Y-%m-%dT%H:%M:%S")}).encode()
    for _ in range(50):
        fd = _create(claim_file(final), final.with_name(f".{final.name}.{token}.claiming"), body)
        if fd is not None:
            return Claim(final, token, fd)
        if not remove_if_stale(claim_file(final)) and claim_file(final).exists():
            return None
    return None


def _create(path: Path, staging: Path, body: bytes) -> int | None:
    """Create `path` exclusively, locked and filled in; None when it exists (or vanished
    under us: the caller tries again)."""
    fd = os.open(staging, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0),
                 0o644)
    try:
        if not _lock(fd):
            os.close(fd)
            return None
        os.write(fd, body)
        try:
            os.link(staging, path)
        except FileExistsError:
            os.close(fd)
            return None
        except FileNotFoundError:  # the staging file was swept before it was locked
            os.close(fd)
            return None
        except OSError as exc:
            if exc.errno not in NO_HARD_LINKS:
                raise
            os.close(fd)
            return _create_in_place(path, body)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(staging)
    return _verified(path, fd)


def _create_in_place(path: Path, body: bytes) -> int | None:
    """Where hard links are not allowed: create the claim itself exclusively."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0),
                     0o644)
    except FileExistsError:
        return None
    if not _lock(fd):
        os.close(fd)
        return None
    os.write(fd, body)
    return _verified(path, fd)


def _verified(path: Path, fd: int) -> int | None:
    """The claim at `path` is still the file this fd holds (nobody swept it meanwhile)."""
    try:
        same = os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        same = False
    if not same:
        os.close(fd)
        return None
    return fd


def _lock(fd: int) -> bool:
    """Lock a file just created; False if a sweep took it for stale first."""
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def remove_if_stale(path: Path) -> bool:
    """Remove the claim file `path` when no live process holds it; True if removed."""
    if fcntl is None:
        return _remove_if_dead_pid(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # locked: its process is alive
        try:
            if os.stat(path).st_ino != os.fstat(fd).st_ino:
                return False  # replaced meanwhile by a live claim
        except FileNotFoundError:
            return False
        os.unlink(path)  # under the lock, so no one else takes the same file for stale
        return True
    finally:
        os.close(fd)


def _remove_if_dead_pid(path: Path) -> bool:
    pid = owner(path)
    try:
        import psutil
    except ImportError:
        return False  # cannot tell: keep it
    if pid is None or psutil.pid_exists(pid):
        return False
    with contextlib.suppress(OSError):
        os.unlink(path)
        return True
    return False


def owner(path: Path) -> int | None:
    """The pid written in a claim file, if it can be read."""
    try:
        return int(json.loads(Path(path).read_text(encoding="utf-8"))["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _token(path: Path) -> str | None:
    try:
        return str(json.loads(Path(path).read_text(encoding="utf-8"))["token"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def sweep(folder: Path) -> list[Path]:
    """Remove, in `folder`, what processes that are gone left behind: their claims and their
    partial folders. Returns what was removed; a folder it may not change is left as it is."""
    try:
        return _sweep(folder)
    except OSError:
        return []


def _sweep(folder: Path) -> list[Path]:
    names = [e.name for e in os.scandir(folder) if e.name.startswith(".")]
    partials = [n for n in names if PARTIAL.match(n)]  # listed before the live claims are read
    removed: list[Path] = []
    for n in names:
        if (n.endswith(".claim") or CLAIMING.match(n)) and remove_if_stale(folder / n):
            removed.append(folder / n)
    live = set()
    for n in os.listdir(folder):
        if n.startswith(".") and n.endswith(".claim"):
            token = _token(folder / n)
            if token is not None:
                live.add(token)
            elif time.time() - _mtime(folder / n) < 60:
                return removed  # a claim being written: look again at the next run
    for n in partials:
        if PARTIAL.match(n)["token"] not in live:
            shutil.rmtree(folder / n, ignore_errors=True)
            removed.append(folder / n)
    for n in names:
        if not PARTIAL.match(n) and OLD_PARTIAL.match(n) and (folder / n).is_dir() \
                and time.time() - _newest(folder / n) > OLD_PARTIAL_AGE:
            shutil.rmtree(folder / n, ignore_errors=True)
            removed.append(folder / n)
    return removed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _newest(folder: Path) -> float:
    """The latest change anywhere in `folder`."""
    newest = _mtime(folder)
    for root, dirs, files in os.walk(folder):
        for n in dirs + files:
            newest = max(newest, _mtime(Path(root) / n))
    return newest
