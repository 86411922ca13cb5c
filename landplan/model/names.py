"""Constraint and variable names: `rule__key`, safe for PuLP and reversible.

PuLP rewrites '-', spaces and brackets to '_', which can merge two ids; we escape every
character outside [A-Za-z0-9] as `_xHH_` so that names stay unique and `parse` recovers the id.
The solution, the why-not explanation and the report split names on `__` to route results.
"""

from __future__ import annotations

import re

SEP = "__"
_SAFE = re.compile(r"[A-Za-z0-9]")
_ESCAPE = re.compile(r"_x([0-9a-f]+)_")


def escape(key: str) -> str:
    """Escape an id so that PuLP keeps it as it is and `unescape` can recover it."""
    return "".join(c if _SAFE.match(c) else f"_x{ord(c):x}_" for c in str(key))


def unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def name(rule: str, key: str | tuple[str, ...] | None = None) -> str:
    """`rule__key`, e.g. `town_bounds_max__341126101`; `rule` alone for county-wide rules; a
    link between two projects has both ids, `requires__P001__P002`."""
    if SEP in rule:
        raise ValueError(f"rule name {rule!r} must not contain {SEP!r}")
    if key is None:
        return rule
    keys = key if isinstance(key, tuple) else (key,)
    return SEP.join([rule, *(escape(k) for k in keys)])


def parse(full: str) -> tuple[str, str | None]:
    """Split a name into (rule, key)."""
    rule, sep, key = full.partition(SEP)
    return rule, (unescape(key) if sep else None)
