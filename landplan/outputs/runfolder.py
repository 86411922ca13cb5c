"""A run writes a new folder, whole or not at all, and never one another run writes.

- The folder's name is claimed before solving (claims.py): `--out DIR` is refused with exit 6
  while another process holds DIR, and default names (`runs/<name>-<stamp>[-N]`) skip every
  name held or written, so two runs started in the same second get two folders.
- Files go into the process's own hidden folder, `.NAME.<pid>-<random>.partial`, published by
  a rename that cannot replace an existing folder (renameat2 RENAME_NOREPLACE on Linux,
  renamex_np RENAME_EXCL on macOS; elsewhere a check and a plain rename, which the claim makes
  safe among landplan processes and which never replaces a folder holding files).
- A failed or interrupted run removes its hidden folder and its claim; what a killed process
  left is removed at the next run in the same folder (claims.sweep).
- A full or read-only disk while writing is exit 6, naming the folder.

Each run keeps a copy of its scenario as `scenario.yaml`, byte for byte as it was read, so the
run folder alone is enough to redraw its map and figures and to write its report after the
scenario file has moved, changed or been deleted (view.py).
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import hashlib
import json
import os
import re
import shutil
import sys
from pathlib import Path
from types import TracebackType

from landplan import interrupt
from landplan.errors import LandplanError, Problem, RunFolderError
from landplan.interrupt import Interrupted, deferred
from landplan.outputs import claims
from landplan.outputs import runformat as F
from landplan.outputs.escape import write_csv

MARKER = F.SUMMARY.name
SCENARIO_COPY = F.SCENARIO.name
# errors that mean "this disk will not take the run", whatever the file being written
DISK_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
PROBE_BYTES = 64 * 1024

_held: dict[str, claims.Claim] = {}  # the folders this process has claimed, by absolute path


def _key(path: Path) -> str:
    return os.path.abspath(path)


def new_run_dir(runs_dir: Path, scenario_name: str) -> Path:
    """runs/<scenario>-<YYYYmmdd-HHMMSS>[-N]: a name no other run has or is writing, claimed
    for this process until RunFolder publishes it or `release()` gives it up."""
    stem = re.sub(r"[^\w.-]+", "-", scenario_name, flags=re.UNICODE).strip("-") or "run"
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    runs_dir = Path(runs_dir)
    made = _parents(runs_dir)
    claims.sweep(runs_dir)  # what killed runs left here
    n = 1
    while True:
        path = runs_dir / (f"{stem}-{stamp}" if n == 1 else f"{stem}-{stamp}-{n}")
        n += 1
        if os.path.lexists(path):
            continue
        claim = _take(path)
        if claim is None:
            continue
        if os.path.lexists(path):  # published and released meanwhile
            claim.release(published=True)
            continue
        claim.made = made
        _held[_key(path)] = claim
        return path


def claim_dir(path: Path) -> Path:
    """`--out DIR`: claim DIR for this process, or exit 6 when it holds a run or files, or
    another process is writing it."""
    path = Path(path)
    check_out_dir(path)
    if _key(path) in _held:
        return path
    made = _parents(path.parent)
    claims.sweep(path.parent)
    claim = _take(path)
    if claim is None:
        pid = claims.owner(claims.claim_file(path))
        who = f"another landplan process (pid {pid})" if pid else "another landplan process"
        raise RunFolderError(Problem(
            f"is being written by {who}; runs are never overwritten", file=str(path),
            hint="wait for that run to finish, or choose another --out folder"))
    claim.made = made
    try:
        check_out_dir(path)  # published by another process just before the claim
    except RunFolderError:
        claim.release(published=False)
        raise
    _held[_key(path)] = claim
    return path


def release(path: Path | None) -> None:
    """Give up this process's claim on `path` (a run that stops before writing)."""
    if path is not None:
        claim = _held.pop(_key(path), None)
        if claim is not None:
            with deferred():
                claim.release(published=False)


def _take(path: Path) -> claims.Claim | None:
    try:
        try:
            return claims.take(path)
        except FileNotFoundError:  # an empty parent removed by a run that gave up just now
            claims.make_parents(path.parent)
            return claims.take(path)
    except OSError as exc:
        raise RunFolderError(Problem(f"cannot be created: {exc.strerror}", file=str(path),
                                     hint="choose a folder you can write to")) from None


def _parents(folder: Path) -> list[Path]:
    try:
        return claims.make_parents(folder)
    except OSError as exc:
        raise RunFolderError(Problem(f"cannot be created: {exc.strerror}", file=str(folder),
                                     hint="choose a folder you can write to")) from None


def check_out_dir(path: Path) -> None:
    """`--out DIR` names the run folder exactly; refuse a folder that holds a run or files."""
    if path.exists():
        if not path.is_dir():
            raise RunFolderError(Problem("exists and is not a folder", file=str(path),
                                         hint="choose another --out"))
        if (path / MARKER).exists():
            raise RunFolderError(Problem("already holds a run; runs are never overwritten",
                                         file=str(path), hint="choose a new --out folder"))
        if any(path.iterdir()):
            raise RunFolderError(Problem("is not empty", file=str(path),
                                         hint="choose a new or empty --out folder"))


class RunFolder:
    """Context manager: claim `final` (unless this process already has), write into this
    process's own hidden folder, publish it as `final` on success, remove it otherwise."""

    def __init__(self, final: Path):
        self.final = Path(final)
        self.claim: claims.Claim | None = None

    @property
    def tmp(self) -> Path:
        assert self.claim is not None
        return self.claim.partial

    def __enter__(self) -> Path:
        claim_dir(self.final)
        self.claim = _held[_key(self.final)]
        try:
            self.tmp.mkdir()
        except OSError as exc:
            release(self.final)
            raise RunFolderError(Problem(f"cannot be created: {exc.strerror}",
                                         file=str(self.final),
                                         hint="choose a folder you can write to")) from None
        return self.tmp

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        with deferred():  # a signal now would leave the folder or the claim behind
            lost = et is None and interrupt.received() is not None
            if et is None and not lost:
                self._publish()
                return
            problem = None
            if isinstance(ev, Exception) and not isinstance(ev, LandplanError):
                problem = _disk_problem(ev, self.tmp)
            shutil.rmtree(self.tmp, ignore_errors=True)
            interrupt.forget_written(self.tmp)
            release(self.final)
        if lost:  # interrupted, the interrupt swallowed on the way: nothing is published
            raise Interrupted(interrupt.received())
        if problem is not None:
            raise RunFolderError(Problem(f"cannot be written: {problem}; nothing was kept",
                                         file=str(self.final),
                                         hint="free some space on that disk, or choose "
                                         "another --out folder")) from None

    def _publish(self) -> None:
        claim = _held.pop(_key(self.final))
        try:
            if self.final.is_dir() and not self.final.is_symlink() \
                    and not any(self.final.iterdir()):
                self.final.rmdir()  # the empty folder named by --out
            rename_noreplace(self.tmp, self.final)
        except OSError as exc:
            shutil.rmtree(self.tmp, ignore_errors=True)
            claim.release(published=False)
            what = ("was created by another process meanwhile"
                    if exc.errno in (errno.EEXIST, errno.ENOTEMPTY)
                    else f"cannot be written: {exc.strerror}")
            raise RunFolderError(Problem(f"{what}; this run was not kept",
                                         file=str(self.final),
                                         hint="choose another --out folder")) from None
        claim.release(published=True)
        interrupt.note_written(self.final)


def _disk_problem(exc: BaseException, tmp: Path) -> str | None:
    """Why the run folder cannot be written, when that is what `exc` means; else None."""
    seen = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in DISK_ERRNOS:
            return seen.strerror or os.strerror(seen.errno)
        if isinstance(seen, OSError) and seen.errno in (errno.EACCES, errno.EPERM) \
                and seen.filename and _key(Path(str(seen.filename))).startswith(_key(tmp)):
            return seen.strerror or os.strerror(seen.errno)
        seen = seen.__cause__ or seen.__context__
    # a library may say "disk full" in its own words: see whether the folder takes a write
    probe = tmp / ".space-check"
    try:
        with open(probe, "wb") as f:
            f.write(bytes(PROBE_BYTES))
            f.flush()
            os.fsync(f.fileno())
    except OSError as err:
        return err.strerror or os.strerror(err.errno or errno.EIO)
    finally:
        probe.unlink(missing_ok=True)
    return None


# --- publishing without replacing -------------------------------------------------------

AT_FDCWD = -100
RENAME_NOREPLACE = 1  # linux/fs.h
RENAME_EXCL = 4  # macOS sys/stdio.h


def rename_noreplace(src: Path, dst: Path) -> None:
    """Rename `src` to `dst`; FileExistsError if `dst` exists. Never replaces `dst`."""
    if _rename_syscall(src, dst):
        return
    if os.path.lexists(dst):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(src), None, str(dst))
    os.rename(src, dst)  # POSIX refuses a non-empty folder; Windows refuses any


def _rename_syscall(src: Path, dst: Path) -> bool:
    """The kernel's no-replace rename; False where there is none (use the fallback)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if sys.platform.startswith("linux"):
            fn = libc.renameat2
            args = (AT_FDCWD, os.fsencode(src), AT_FDCWD, os.fsencode(dst), RENAME_NOREPLACE)
        elif sys.platform == "darwin":
            fn = libc.renamex_np
            args = (os.fsencode(src), os.fsencode(dst), RENAME_EXCL)
        else:
            return False
    except (OSError, AttributeError, TypeError):
        return False
    if fn(*args) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # this file system cannot: use the fallback
    if code == errno.EEXIST:
        raise FileExistsError(code, os.strerror(code), str(src), None, str(dst))
    raise OSError(code, os.strerror(code), str(src), None, str(dst))


def write_scenario_copy(folder: Path, scenario) -> str:
    """The run's scenario as `scenario.yaml` in `folder` (written beside and renamed into
    place): the file's bytes when they are still the ones the run read (same sha256), else the
    scenario as the run read it, written out as YAML. Returns the file name."""
    raw = None
    if scenario.path is not None and scenario.sha256:
        try:
            data = Path(scenario.path).read_bytes()
        except OSError:
            data = None
        if data is not None and hashlib.sha256(data).hexdigest() == scenario.sha256:
            raw = data
    if raw is None:
        import yaml

        dumped = scenario.model_dump(mode="json", exclude_none=True)
        raw = yaml.safe_dump(dumped, allow_unicode=True, sort_keys=False).encode("utf-8")
    path = Path(folder) / SCENARIO_COPY
    tmp = path.with_name(f".{path.name}.partial")
    tmp.write_bytes(raw)
    os.replace(tmp, path)
    return SCENARIO_COPY


# --- the run's files, as runformat declares them ------------------------------------------


def write_table(folder: Path, table: F.RunFile, df) -> str:
    """A table of the run folder, its columns checked against the declaration first."""
    F.check_columns(table, [str(c) for c in df.columns])
    write_csv(df, Path(folder) / table.name)
    return table.name


def write_reasons(folder: Path, lang: str, parts: dict) -> str:
    """reasons.json: the run's language and each short project's reason as parts."""
    reasons = {"lang": lang, "projects": parts}
    (Path(folder) / F.REASONS.name).write_text(
        json.dumps(reasons, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return F.REASONS.name


def write_summary(folder: Path, summary: dict) -> None:
    """summary.json, written last: its keys checked against the declaration, and `files`
    naming the declared files the folder holds, each once."""
    summary["files"] = sorted({*F.held(folder), F.SUMMARY.name})
    text = _json_text(summary)
    F.check_summary(json.loads(text))  # as readers will read it
    (Path(folder) / F.SUMMARY.name).write_text(text, encoding="utf-8")


def write_json(path: Path, data: dict) -> None:
    path.write_text(_json_text(data), encoding="utf-8")


def _json_text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n"


def _default(o: object) -> object:
    if hasattr(o, "item"):
        return o.item()
    if isinstance(o, Path):
        return str(o)
    raise TypeError(f"cannot write {type(o).__name__} to JSON")
