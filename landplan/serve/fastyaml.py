"""A scenario file read straight from libyaml's events: the same values as `yaml.safe_load`
in about half the time (a 5,000-project scenario, 0.9 MB: 0.5 s instead of 1.1 s), so that
the workbench opens a large scenario it has not parsed yet within two seconds.

Every scalar is resolved and built by PyYAML's own SafeLoader resolver and constructors; what
is left out is PyYAML's node graph and its per-node bookkeeping. A file that uses anything but
mappings, lists and untagged scalars (an anchor or alias, a tag, a merge key, a key that is not
a scalar or is repeated, several documents, a YAML error) gives None, and the caller reads it
the usual way (`read_scenario_data`), which says what is wrong in `landplan validate`'s
words."""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from landplan.scenario.load import MAX_DEPTH  # deeper files are read the usual way, refused

_STR = "tag:yaml.org,2002:str"
_BUILT = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null",
                                              "timestamp")}


class _Unusual(Exception):
    """Something this reader leaves to PyYAML's loader."""


def load(raw: bytes) -> dict | None:
    """The file's mapping, or None when it is not a plain YAML mapping this reader builds."""
    if not hasattr(yaml, "CSafeLoader"):
        return None
    try:
        text = raw.decode("utf-8-sig")
        data = _build(yaml.parse(text, Loader=yaml.CSafeLoader))
    except (UnicodeDecodeError, yaml.YAMLError, _Unusual, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _build(events: Any) -> Any:
    resolver = yaml.resolver.Resolver()
    constructor = SafeConstructor()
    memo: dict[tuple[str, bool], Any] = {}

    def scalar(e: Any) -> Any:
        if e.anchor is not None or e.tag not in (None, "!"):
            raise _Unusual()
        plain = e.implicit[0]
        key = (e.value, plain)
        if key in memo:
            return memo[key]
        tag = resolver.resolve(ScalarNode, e.value, e.implicit) if e.tag is None else _STR
        if tag not in _BUILT:
            raise _Unusual()  # a merge key `<<`, `=`
        value = e.value if tag == _STR else constructor.yaml_constructors[tag](
            constructor, ScalarNode(tag, e.value))
        memo[key] = value
        return value

    stack: list[Any] = []  # open collections: [dict, pending key, keys seen] or [list]
    root: Any = None
    documents = 0

    def put(value: Any) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        top = stack[-1]
        if isinstance(top[0], list):
            top[0].append(value)
        elif top[1] is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise _Unusual()  # a key that is a mapping or a list
            if value in top[0]:
                raise _Unusual()  # a repeated key: `landplan validate` names both lines
            top[1] = value
        else:
            top[0][top[1]] = value
            top[1] = _NO_KEY

    for e in events:
        kind = type(e)
        if kind is yaml.ScalarEvent:
            put(scalar(e))
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if e.anchor is not None or e.tag not in (None, "!") or len(stack) >= MAX_DEPTH:
                raise _Unusual()
            if stack and isinstance(stack[-1][0], dict) and stack[-1][1] is _NO_KEY:
                raise _Unusual()
            stack.append([{}, _NO_KEY] if kind is yaml.MappingStartEvent else [[]])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            put(stack.pop()[0])
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Unusual()
        elif kind is yaml.AliasEvent:
            raise _Unusual()
    return root


class _NoKey:
    """A mapping waiting for its next key."""


_NO_KEY = _NoKey()
