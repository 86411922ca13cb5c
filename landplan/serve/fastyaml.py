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
    resolve = yaml.resolver.Resolver().resolve
    constructor = SafeConstructor()
    build = constructor.yaml_constructors
    memo: dict[tuple[str, bool], Any] = {}
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    top: list = []  # the document's one value lands here
    cur: Any = top  # the collection being filled, whether it is a mapping, its pending key
    is_map, key = False, _NO_KEY
    stack: list[tuple[Any, bool, Any]] = []
    documents = 0
    for e in events:
        kind = e.__class__
        if kind is scalar_event:
            tag = e.tag
            if e.anchor is not None or tag is not None and tag != "!":
                raise _Unusual()
            text = e.value
            resolved = tag is None and e.implicit[0]  # plain: 12 is a number, yes is true
            mk = (text, resolved)
            if mk in memo:
                value = memo[mk]
            else:
                t = resolve(ScalarNode, text, e.implicit) if tag is None else _STR
                if t not in _BUILT:
                    raise _Unusual()  # a merge key `<<`, `=`
                value = text if t == _STR else build[t](constructor, ScalarNode(t, text))
                memo[mk] = value
            if not is_map:
                cur.append(value)
            elif key is _NO_KEY:
                if value in cur:
                    raise _Unusual()  # a repeated key: `landplan validate` names both lines
                key = value
            else:
                cur[key] = value
                key = _NO_KEY
        elif kind is map_start or kind is seq_start:
            if (e.anchor is not None or e.tag not in (None, "!") or len(stack) >= MAX_DEPTH
                    or is_map and key is _NO_KEY):  # deep, or a mapping or list as a key
                raise _Unusual()
            stack.append((cur, is_map, key))
            cur, is_map, key = ({}, True, _NO_KEY) if kind is map_start else ([], False, _NO_KEY)
        elif kind in ends:
            done = cur
            cur, is_map, key = stack.pop()
            if is_map:
                cur[key] = done
                key = _NO_KEY
            else:
                cur.append(done)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Unusual()
        elif kind is alias_event:
            raise _Unusual()
    return top[0] if len(top) == 1 else None


class _NoKey:
    """A mapping waiting for its next key."""


_NO_KEY = _NoKey()
