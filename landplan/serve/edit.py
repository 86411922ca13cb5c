"""Edits from the workbench's forms and grids: applied, checked and saved.

An edit names a value by its path in the scenario (`["projects", 3, "area"]`) and gives the
text typed. Checking applies the edits to the parsed scenario and runs the same checks as
`landplan validate` (the scenario contract and its cross-checks), so each problem reads as
the command line prints it. Saving changes only the text of the values edited: the rest of
the file, comments included, stays byte for byte. An edit the text patch cannot make (a field
added or removed, a value spread over several lines) goes through ruamel.yaml's round trip,
which keeps comments too. Either way the result is parsed again and must give exactly the
edited scenario before it is written."""

from __future__ import annotations

import copy
import difflib
import hashlib
import io
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from landplan.errors import Problem, ScenarioError
from landplan.ingest import yamltext
from landplan.scenario.load import parse_scenario, read_scenario_data
from landplan.serve.grid import FORMS, LISTS, is_scalar

MAX_EDITS = 200_000
MAX_FILE = 64 * 2**20  # a 5,000-project scenario is 1.2 MB
MAX_TEXT = 10_000  # characters in one cell: the most validate lets a name hold
TEXT_FIELDS = {"id", "name", "town", "code", "category", "description", "crs"}
_DELETE = object()


class EditError(ValueError):
    """An edit that names no value of the scenario, or the file changed under it."""


@dataclass
class Loaded:
    data: dict
    raw: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()


_cache: dict[Path, tuple[tuple, Loaded]] = {}
_lock = threading.Lock()
_parsing = threading.Lock()


def load(path: Path) -> Loaded:
    """The scenario file parsed (ScenarioError when it is not a scenario mapping), cached
    while the file is unchanged."""
    st = path.stat()
    if st.st_size > MAX_FILE:
        raise ScenarioError(Problem(f"is {st.st_size / 2**20:,.0f} MB, more than a scenario "
                                    f"the workbench opens ({MAX_FILE // 2**20} MB)",
                                    file=path.name, hint="open it with `landplan validate`"))
    key = (st.st_mtime_ns, st.st_size, st.st_ino)
    with _lock:
        hit = _cache.get(path)
    if hit and hit[0] == key:
        return hit[1]
    with _parsing:  # one parse at a time: a page opened while the cache warms waits for it
        with _lock:
            hit = _cache.get(path)
        if hit and hit[0] == key:
            return hit[1]
        data, raw = read_scenario_data(path)
        loaded = Loaded(data, raw)
        with _lock:
            _cache[path] = (key, loaded)
    return loaded


def parse_edits(raw: Any) -> list[tuple[list, str]]:
    """The edits a page posted, each checked for shape."""
    if not isinstance(raw, list) or len(raw) > MAX_EDITS:
        raise EditError("edits must be a list")
    out = []
    for e in raw:
        if not isinstance(e, dict):
            raise EditError("an edit must be {path, value}")
        path, value = e.get("path"), e.get("value")
        if (not isinstance(path, list) or not 1 <= len(path) <= 8
                or not all(isinstance(p, (str, int)) and not isinstance(p, bool) for p in path)):
            raise EditError("an edit's path must be a list of names and row numbers")
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise EditError(f"an edit's value must be text of at most {MAX_TEXT:,} characters")
        if path[0] not in LISTS and path[0] not in FORMS:
            raise EditError(f"`{path[0]}` cannot be edited here")
        out.append((path, value))
    return out


def typed(text: str, old: Any, field: str) -> Any:
    """The value a typed text stands for: text stays text for text fields (codes like
    '341126' too), otherwise a YAML number, true/false or text; '' removes the field."""
    if text.strip() == "":
        return _DELETE
    if isinstance(old, str) or field in TEXT_FIELDS:
        return text
    try:
        v = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return v if is_scalar(v) and v is not None else text


def apply(data: dict, edits: list[tuple[list, str]]) -> dict:
    """A copy of `data` with the edits made (EditError for a path that names no value)."""
    out = copy.deepcopy(data)
    for path, text in edits:
        parent = _parent(out, path)
        key = path[-1]
        old = parent.get(key) if isinstance(parent, dict) else None
        value = typed(text, old, str(key))
        if value is _DELETE:
            parent.pop(key, None)
        else:
            parent[key] = value
    return out


def _parent(data: dict, path: list) -> dict:
    node: Any = data
    for i, key in enumerate(path[:-1]):
        if isinstance(key, int):
            if not isinstance(node, list) or not 0 <= key < len(node):
                raise EditError(f"row {key + 1 if isinstance(key, int) else key} is not in "
                                f"`{path[0]}`")
            node = node[key]
        else:
            if not isinstance(node, dict):
                raise EditError(f"`{'.'.join(map(str, path[:i + 1]))}` is not a mapping")
            if key not in node or node[key] is None:
                node[key] = {}
            node = node[key]
    if not isinstance(node, dict) or isinstance(path[-1], int):
        raise EditError(f"`{'.'.join(map(str, path))}` is not a field")
    return node


def problems(data: dict, file: str) -> list[Problem]:
    """What `landplan validate` says of the scenario's contract and cross-checks."""
    try:
        parse_scenario(data, file=file)
    except ScenarioError as exc:
        return exc.problems
    return []


_RECORD = re.compile(r"^(towns|projects|linkage|reclamation) (?:#(\d+)|(\S+))")


def locate(p: Problem, data: dict) -> dict:
    """Where a problem belongs on the page: a grid cell (section, row, column) or a form field
    (path); the text is the command line's."""
    out: dict[str, Any] = {"text": str(p)}
    record = p.record or ""
    m = _RECORD.match(record)
    if m:
        section = m.group(1)
        rows = data.get(section) or []
        if m.group(2):
            row = int(m.group(2)) - 1
        else:
            ident = m.group(3)
            row = next((i for i, r in enumerate(rows) if isinstance(r, dict)
                        and str(r.get("id", r.get("code"))) == ident), None)
        col = p.field
        if row is not None and 0 <= row < len(rows) and isinstance(rows[row], dict) and col:
            nested = [k for k, v in rows[row].items() if isinstance(v, dict)
                      and record.endswith(f" {k}")]
            if nested:
                col = f"{nested[0]}.{col}"
        out.update(section=section, row=row, column=col)
        return out
    words = [w for w in record.split() if not w.startswith("#")] if record else []
    if words and words[0] in FORMS or not words and p.field in FORMS:
        out["path"] = ".".join([*words, p.field] if p.field else words)
    return out


def check(path: Path, file: str, edits: list[tuple[list, str]]) -> list[dict]:
    loaded = load(path)
    data = apply(loaded.data, edits)
    return [locate(p, data) for p in problems(data, file)]


# --- saving -------------------------------------------------------------------------------


def edited_text(text: str, data: dict, edits: list[tuple[list, str]]) -> str:
    """The file's text with the edits made: values replaced in place where they can be,
    otherwise through ruamel.yaml's round trip; checked against the edited data."""
    want = apply(data, edits)
    patched, rest = _patch(text, data, edits)
    if not rest and _same(patched, want):
        return patched
    if rest:
        text = patched
    else:
        rest = edits  # pragma: no cover - a patch that came out wrong: the round trip instead
    before, after = _round_trip(text, rest)
    kept = _splice(text, before, after)
    if kept is not None and _same(kept, want):
        return kept
    if _same(after, want):
        return after
    raise EditError("the edits could not be written without changing something else in the "
                    "file; edit it in a text editor")  # pragma: no cover


def _same(text: str, want: dict) -> bool:
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) == want
    except yaml.YAMLError:
        return False


def _patch(text: str, data: dict, edits: list[tuple[list, str]]) -> tuple[str, list]:
    """The edits made in the text itself: a value's text replaced where it stands, a field's
    line removed, a new field's line added after its record's last; None when an edit is of
    another kind (a value spread over lines, a mapping written in braces), which are given back
    for the round trip."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return text, edits
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    ops: dict[tuple, tuple] = {}  # (line, col, order) → (kind, end col, text)
    current = copy.deepcopy(data)
    rest: list[tuple[list, str]] = []
    for path, value in edits:
        if not _patchable(root, path) or any(r[0][:len(path)] == path for r in rest):
            rest.append((path, value))
            continue
        mapping = root
        for key in path[:-1]:
            mapping = _child(mapping, key)
        parent = _parent(current, path)
        new = typed(value, parent.get(path[-1]), str(path[-1]))
        pair = next(((k, v) for k, v in mapping.value
                     if isinstance(k, yaml.ScalarNode) and k.value == str(path[-1])), None)
        if pair is None:  # a new field: a line of its own after the record's last field
            if new is _DELETE:
                continue
            first, last = mapping.value[0][0], mapping.value[-1][1]
            end = last.end_mark
            at = end.line if end.column == 0 else end.line + 1
            if last.end_mark.line != last.start_mark.line and end.column != 0:
                rest.append((path, value))
                continue
            line = " " * first.start_mark.column + f"{path[-1]}: {yamltext.scalar(new)}\n"
            ops[(at, -1, len(ops))] = ("insert", 0, line)
            parent[path[-1]] = new
            continue
        k, node = pair
        s, e = node.start_mark, node.end_mark
        if not isinstance(node, yaml.ScalarNode) or node.style in ("|", ">") or s.line != e.line:
            rest.append((path, value))
            continue
        if new is _DELETE:
            before = lines[k.start_mark.line][:k.start_mark.column]
            after = lines[e.line][e.column:].strip()
            if (k.start_mark.line != e.line or before.strip() or after and not after.startswith("#")
                    or len(mapping.value) == 1 or (e.line, 0) in {o[:2] for o in ops}):
                rest.append((path, value))  # the record would be left empty, or a line shared
                continue
            ops[(e.line, 0, len(ops))] = ("delete", 0, "")
            parent.pop(path[-1], None)
            continue
        parent[path[-1]] = new
        ops[(s.line, s.column, len(ops))] = ("replace", e.column, yamltext.scalar(new))
    lines_at = {}
    for (line, col, _n), (kind, end, new) in sorted(ops.items(), reverse=True):
        if kind == "replace":
            if (line, col) in lines_at:
                continue  # the same value edited twice: the last edit (sorted first) wins
            lines_at[(line, col)] = True
            lines[line] = lines[line][:col] + new + lines[line][end:]
        elif kind == "delete":
            del lines[line]
        else:
            lines.insert(line, new)
    return "".join(lines), rest


def _patchable(root: Any, path: list) -> bool:
    node = root
    for key in path[:-1]:
        node = _child(node, key)
        if node is None:
            return False
    return isinstance(node, yaml.MappingNode) and not node.flow_style


def _child(node: Any, key: str | int) -> Any:
    if isinstance(key, int) and isinstance(node, yaml.SequenceNode):
        return node.value[key] if 0 <= key < len(node.value) else None
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == str(key):
                return v
    return None


def _round_trip(text: str, edits: list[tuple[list, str]]) -> tuple[str, str]:
    """ruamel.yaml's text of the file before and after the edits."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096
    rt.representer.add_representer(
        type(None), lambda r, _d: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    doc = rt.load(text)
    buf = io.StringIO()
    rt.dump(doc, buf)
    before = buf.getvalue()
    for path, value in edits:
        node = doc
        for key in path[:-1]:
            if not isinstance(key, int) and (key not in node or node[key] is None):
                node[key] = CommentedMap()
            node = node[key]
        new = typed(value, node.get(path[-1]), str(path[-1]))
        if new is _DELETE:
            node.pop(path[-1], None)
        else:
            node[path[-1]] = new
    buf = io.StringIO()
    rt.dump(doc, buf)
    return before, buf.getvalue()


def _splice(text: str, before: str, after: str) -> str | None:
    """The round trip's changes (before → after) made to the file's own text, so that what
    the round trip writes differently (a long quoted text wrapped another way) stays as the
    planner wrote it; None when a change falls where the file and `before` differ."""
    t, b, a = (x.splitlines(keepends=True) for x in (text, before, after))
    where: dict[int, int] = {}  # line of `before` → the same line of the file
    skew = _hunks(b, t)
    i = j = 0
    for b1, b2, _t1, t2 in [*skew, (len(b), len(b), len(t), len(t))]:
        while i < b1:
            where[i] = j
            i, j = i + 1, j + 1
        i, j = b2, t2
    where[len(b)] = len(t)
    out, at = [], 0
    for b1, b2, a1, a2 in _hunks(b, a):
        if any(k not in where for k in range(b1, b2 + 1)) or (
                b2 > b1 and where[b2 - 1] - where[b1] != b2 - 1 - b1):
            return None
        start = where[b1]
        out += t[at:start] + a[a1:a2]
        at = start + (b2 - b1)
    return "".join(out + t[at:])


def _hunks(a: list[str], b: list[str], look: int = 60) -> list[tuple[int, int, int, int]]:
    """The places where two nearly equal texts differ, as (a1, a2, b1, b2) line ranges, found
    in one pass (the texts are long and repeat many lines, which general diffs are slow on)."""
    out = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i, j = i + 1, j + 1
            continue
        found = None
        for k in range(1, 2 * look + 1):
            for di in range(max(0, k - look), min(k, look) + 1):
                dj = k - di
                if a[i + di:i + di + 3] == b[j + dj:j + dj + 3] and i + di < len(a):
                    found = (di, dj)
                    break
            if found:
                break
        if found is None:
            out.append((i, len(a), j, len(b)))
            return out
        out.append((i, i + found[0], j, j + found[1]))
        i, j = i + found[0], j + found[1]
    if i < len(a) or j < len(b):
        out.append((i, len(a), j, len(b)))
    return out


def diff(old: str, new: str, name: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(keepends=True),
                                        new.splitlines(keepends=True),
                                        fromfile=f"{name} (now)", tofile=f"{name} (saved)"))


def save(path: Path, text: str, expected_sha256: str) -> None:
    """Write the new text in place of the file, refused when it changed since it was read."""
    now = hashlib.sha256(path.read_bytes()).hexdigest()
    if now != expected_sha256:
        raise EditError("the file changed since it was opened (another editor or an import); "
                        "open it again and redo the edits")
    yamltext.write_atomically(path, text)
