"""Edit a scenario file as text, one top-level section at a time, so that every comment the
planner (or `landplan init`) wrote elsewhere stays where it was."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

MARK = "landplan"  # a comment block above a section containing this word was written by us


def dump(value: Any) -> str:
    """Block-style YAML with Chinese as it is and keys in the contract's order."""
    return yaml.safe_dump(
        value, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096
    )


def scalar(value: Any) -> str:
    """One YAML scalar, quoted where YAML needs it (codes like '341126' stay text)."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=4096)
    return text.strip().removesuffix("...").strip()


def section(key: str, value: Any, comments: list[str] = ()) -> str:
    """`key: value` as a block, with comment lines above it."""
    head = "".join(f"# {c}\n" if c else "#\n" for c in comments)
    return head + dump({key: value})


def replace_section(text: str, key: str, block: str, before: str | None = None) -> str:
    """`text` with the top-level `key:` section (and a comment block above it that landplan
    wrote) replaced by `block`; appended before the `before:` section, or at the end, when absent."""
    lines = text.splitlines(keepends=True)
    start = _find(lines, key)
    block = block if block.endswith("\n") else block + "\n"
    if start is None:
        at = _find(lines, before) if before else None
        if at is None:
            tail = "" if not lines or lines[-1].endswith("\n") else "\n"
            return text + tail + "\n" + block
        at = _comment_start(lines, at)
        return "".join(lines[:at]) + block + "\n" + "".join(lines[at:])
    end = start + 1
    while end < len(lines) and not re.match(r"[A-Za-z_]", lines[end]):
        end += 1
    while end > start + 1 and (lines[end - 1].strip() == "" or lines[end - 1].startswith("#")):
        end -= 1  # comments and blank lines before the next key belong to the next key
    first = _comment_start(lines, start)
    ours = any(MARK in line for line in lines[first:start])
    first = first if ours else start
    return "".join(lines[:first]) + block + "".join(lines[end:])


def _find(lines: list[str], key: str | None) -> int | None:
    if key is None:
        return None
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    return next((i for i, line in enumerate(lines) if pattern.match(line)), None)


def _comment_start(lines: list[str], at: int) -> int:
    first = at
    while first > 0 and lines[first - 1].startswith("#"):
        first -= 1
    return first


def write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing: a temporary file renamed over the old one."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
