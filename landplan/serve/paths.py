"""Every path a request names is resolved inside the served folder, or refused.

A request names files by a path relative to FOLDER (`scenarios/demo.yaml`). `../`, an
absolute path, a hidden name (a run being written, `.NAME.partial`) or a symbolic link that
leads out of FOLDER is refused (403) before anything is opened; a path inside that does not
exist is 404."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath


@dataclass
class PathRefused(Exception):
    """A path a request may not use: `status` 403 (outside, hidden) or 404 (not there)."""

    status: int
    reason: str  # key of the message in serve.text
    path: str


def resolve(root: Path, rel: str | None, *, kind: str = "any") -> Path:
    """`rel` inside `root` (resolved, links followed), of `kind` file, dir or any."""
    rel = rel or ""
    if not rel or "\x00" in rel:
        raise PathRefused(404, "path_missing", rel)
    if (PurePosixPath(rel).is_absolute() or PureWindowsPath(rel).is_absolute()
            or PureWindowsPath(rel).drive or rel.startswith("\\")):
        raise PathRefused(403, "path_absolute", rel)
    parts = PurePosixPath(rel.replace("\\", "/")).parts
    if any(p == ".." for p in parts):
        raise PathRefused(403, "path_outside", rel)
    if any(p.startswith(".") and p != "." for p in parts):
        raise PathRefused(403, "path_hidden", rel)
    root = root.resolve()
    target = (root / Path(*parts)).resolve()
    if target != root and not target.is_relative_to(root):
        raise PathRefused(403, "path_outside", rel)  # a link that leads out
    if not target.exists():
        raise PathRefused(404, "path_missing", rel)
    if kind == "file" and not target.is_file() or kind == "dir" and not target.is_dir():
        raise PathRefused(404, "path_missing", rel)
    return target


def relative(root: Path, path: Path) -> str:
    """How a request names `path`: relative to the served folder, with `/`."""
    return Path(path).resolve().relative_to(root.resolve()).as_posix()
