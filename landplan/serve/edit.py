"""Edits from the workbench's forms and grids: applied, checked and saved.

An edit names a value by its path in the scenario (`["projects", 3, "area"]`) and gives the
text typed, or adds or deletes a record of a list (`["projects", 5000]`, Row.ADD or
Row.DELETE). Rows keep the numbers the page gave them: records are added at the end, values
are set, and the rows deleted go last, so a problem found is put back on the row the planner
sees. Checking applies the edits to the parsed scenario and runs the same checks as
`landplan validate` (the scenario contract and its cross-checks), so each problem reads as
the command line prints it. Saving changes only the text of the values edited: the rest of
the file, comments included, stays byte for byte; a record added is written after the list's
last, in its indentation, and a record deleted takes its own lines with it. An edit the text
patch cannot make (a field added or removed, a value spread over several lines) goes through
ruamel.yaml's round trip, which keeps comments too. Either way the result is parsed again and
must give exactly the edited scenario before it is written."""

from __future__ import annotations

import difflib
import functools
import hashlib
import io
import re
import threading
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from landplan.errors import Problem, ScenarioError
from landplan.ingest import yamltext
from landplan.scenario.load import parse_scenario, read_scenario_data
from landplan.serve import fastyaml
from landplan.serve.grid import FORMS, LISTS, is_scalar

MAX_EDITS = 200_000
MAX_FILE = 64 * 2**20  # a 5,000-project scenario is 1.2 MB
MAX_TEXT = 10_000  # characters in one cell: the most validate lets a name hold
TEXT_FIELDS = {"id", "name", "town", "code", "category", "description", "crs"}
_DELETE = object()


class EditError(ValueError):
    """An edit that names no value of the scenario, or the file changed under it."""


class Row(Enum):
    """A record added to the end of a list, or deleted from it."""
    ADD = "add"
    DELETE = "delete"


Edit = tuple[list, "str | Row"]


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
    while the file is unchanged; read from libyaml's events (fastyaml) where it can be."""
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
        raw = path.read_bytes()
        data = fastyaml.load(raw)
        if data is None:  # anything unusual, or wrong: read as `landplan validate` reads it
            data, raw = read_scenario_data(path)
        loaded = Loaded(data, raw)
        with _lock:
            _cache[path] = (key, loaded)
    return loaded


def parse_edits(raw: Any) -> list[Edit]:
    """The edits a page posted, each checked for shape, in the order they are made: records
    added, values set, records deleted."""
    if not isinstance(raw, list) or len(raw) > MAX_EDITS:
        raise EditError("edits must be a list")
    out = []
    for e in raw:
        if not isinstance(e, dict):
            raise EditError("an edit must be {path, value} or {path, row}")
        path, value, row = e.get("path"), e.get("value"), e.get("row")
        if (not isinstance(path, list) or not 1 <= len(path) <= 8
                or not all(isinstance(p, (str, int)) and not isinstance(p, bool) for p in path)):
            raise EditError("an edit's path must be a list of names and row numbers")
        if path[0] not in LISTS and path[0] not in FORMS:
            raise EditError(f"`{path[0]}` cannot be edited here")
        if row is not None:
            if row not in ("add", "delete") or value is not None:
                raise EditError("a row edit is {path, row: 'add' or 'delete'}")
            if path[0] not in LISTS or len(path) != 2 or not isinstance(path[1], int):
                raise EditError("a row is added to or deleted from a list: [list, row number]")
            out.append((path, Row(row)))
            continue
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise EditError(f"an edit's value must be text of at most {MAX_TEXT:,} characters")
        out.append((path, value))
    return ordered(out)


def ordered(edits: list[Edit]) -> list[Edit]:
    """Records added (row by row), then values set (as typed), then records deleted (the
    last row first, so that each deletion leaves the rows before it where they were)."""
    adds = sorted({(p[0], p[1]): (p, v) for p, v in edits if v is Row.ADD}.items())
    dels = sorted({(p[0], p[1]): (p, v) for p, v in edits if v is Row.DELETE}.items(),
                  key=lambda kv: (kv[0][0], -kv[0][1]))
    values = [(p, v) for p, v in edits if not isinstance(v, Row)]
    return [e for _k, e in adds] + values + [e for _k, e in dels]


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


def apply(data: dict, edits: list[Edit]) -> dict:
    """A copy of `data` with the edits made (EditError for a path that names no value)."""
    return _delete_rows(grown(data, edits), edits)


def grown(data: dict, edits: list[Edit]) -> dict:
    """A copy of `data` with the records added and the values set, none deleted yet: rows
    are still numbered as on the page."""
    out = _copy(data)
    for path, text in ordered(edits):
        if text is Row.ADD:
            rows = out.get(path[0])
            if rows is None:
                rows = out[path[0]] = []
            if not isinstance(rows, list) or path[1] != len(rows):
                raise EditError(f"row {path[1] + 1} cannot be added to `{path[0]}`, which has "
                                f"{len(rows) if isinstance(rows, list) else 0} rows")
            rows.append({})
            continue
        if isinstance(text, Row):
            continue
        parent = _parent(out, path)
        key = path[-1]
        old = parent.get(key) if isinstance(parent, dict) else None
        value = typed(text, old, str(key))
        if value is _DELETE:
            parent.pop(key, None)
        else:
            parent[key] = value
    return out


def _delete_rows(data: dict, edits: list[Edit]) -> dict:
    for section, row in sorted({(p[0], p[1]) for p, v in edits if v is Row.DELETE},
                               key=lambda k: (k[0], -k[1])):
        rows = data.get(section)
        if not isinstance(rows, list) or not 0 <= row < len(rows):
            raise EditError(f"row {row + 1} is not in `{section}`")
        del rows[row]
    return data


def kept_rows(data: dict, edits: list[Edit]) -> dict[str, list[int]]:
    """For each list, the page's row number of every record left after the edits, in order."""
    gone = {(p[0], p[1]) for p, v in edits if v is Row.DELETE}
    added: dict[str, int] = {}
    for p, v in edits:
        if v is Row.ADD:
            added[p[0]] = added.get(p[0], 0) + 1
    out = {}
    for section in LISTS:
        rows = data.get(section)
        n = (len(rows) if isinstance(rows, list) else 0) + added.get(section, 0)
        out[section] = [i for i in range(n) if (section, i) not in gone]
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


def check(path: Path, file: str, edits: list[Edit]) -> list[dict]:
    """The problems of the edited scenario, each on the row the page numbers it by (records
    deleted move the rows after them up; the page keeps its numbers)."""
    loaded = load(path)
    data = apply(loaded.data, edits)
    rows = kept_rows(loaded.data, edits)
    out = []
    for p in problems(data, file):
        where = locate(p, data)
        if where.get("row") is not None:
            mine = rows[where["section"]]
            where["row"] = mine[where["row"]] if 0 <= where["row"] < len(mine) else None
        out.append(where)
    return out


# --- saving -------------------------------------------------------------------------------


def edited_text(text: str, data: dict, edits: list[Edit]) -> str:
    """The file's text with the edits made: values replaced in place where they can be,
    otherwise through ruamel.yaml's round trip; checked against the edited data."""
    edits = ordered(edits)
    want = apply(data, edits)
    patched, rest = _patch(text, data, edits)
    if not rest and _same(patched, want):
        return patched
    if rest and not any(isinstance(v, Row) for _p, v in edits):
        text = patched
    else:  # rows added or deleted in the text would renumber what is left: all in one go
        rest = edits
    before, after = _round_trip(text, rest)
    kept = _splice(text, before, after)
    if kept is not None and _same(kept, want):
        return kept
    if _same(after, want):
        return after
    raise EditError("the edits could not be written without changing something else in the "
                    "file; edit it in a text editor")  # pragma: no cover


def _same(text: str, want: dict) -> bool:
    got = fastyaml.load(text.encode("utf-8"))
    if got is not None:
        return got == want
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) == want
    except yaml.YAMLError:
        return False


def _copy(data: Any) -> Any:
    """A copy of parsed YAML to edit: its mappings and lists new, its values (text, numbers,
    dates: immutable) shared; five times quicker than copy.deepcopy on 5,000 projects."""
    if isinstance(data, dict):
        return {k: _copy(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copy(v) for v in data]
    return data


@functools.cache
def _marks_loader() -> type:
    """libyaml's composer without tag resolution: the nodes and where they stand in the
    text, which is all a patch needs (a third quicker on a large file)."""
    class Marks(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc, valid-type]
        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            return ""

    return Marks


def _patch(text: str, data: dict, edits: list[Edit]) -> tuple[str, list]:
    """The edits made in the text itself: a value's text replaced where it stands, a field's
    line removed, a new field's line added after its record's last; None when an edit is of
    another kind (a value spread over lines, a mapping written in braces), which are given back
    for the round trip."""
    try:
        root = yaml.compose(text, Loader=_marks_loader())
    except yaml.YAMLError:
        return text, edits
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    ops: dict[tuple, tuple] = {}  # (line, col, order) → (kind, end col, text)
    current = _copy(data)
    rest: list[Edit] = []
    rows = {(p[0], p[1]): v for p, v in edits if isinstance(v, Row)}  # a row added and
    for path, value in edits:  # deleted again is a deletion: nothing is written
        if isinstance(value, Row) or path[0] in LISTS and len(path) > 2 and (
                (path[0], path[1]) in rows):
            continue  # a record added or deleted: written (or removed) whole, below
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
    if rows and not _patch_rows(root, lines, grown(data, edits), rows, ops):
        return text, edits
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


def _patch_rows(root: Any, lines: list[str], rows_after: dict, rows: dict, ops: dict) -> bool:
    """Records deleted (their lines) and added (after the list's last record, indented as it
    is) as text operations; False when a list is not written one record per block of lines,
    which the round trip then does."""
    for section in sorted({s for s, _r in rows}):
        key, seq = next(((k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)
                         and k.value == section), (None, None))
        if not isinstance(seq, yaml.SequenceNode) or seq.flow_style or not seq.value:
            return False
        items = seq.value
        gone = sorted(r for (s, r), v in rows.items() if s == section and v is Row.DELETE
                      and r < len(items))
        new = sorted(r for (s, r), v in rows.items() if s == section and v is Row.ADD)
        if len(gone) == len(items) and not new:  # the list left empty: `projects: []`
            line = key.end_mark.line
            colon = lines[line].find(":", key.end_mark.column)
            if colon < 0 or lines[line][colon + 1:].strip() or line == items[0].start_mark.line:
                return False
            ops[(line, colon + 1, len(ops))] = ("replace", colon + 1, " []")
        for r in gone:
            first, last = _item_lines(items[r], lines)
            if first is None or r + 1 < len(items) and items[r + 1].start_mark.line <= last:
                return False
            for line in range(first, last + 1):
                ops[(line, 0, len(ops))] = ("delete", 0, "")
        if not new:
            continue
        first, last = _item_lines(items[-1], lines)
        if first is None:
            return False
        dash = lines[first].index("-")
        for r in new:
            record = rows_after[section][r]
            text = _record_text(record, dash, items[-1].start_mark.column)
            if text is None:
                return False
            ops[(last + 1, -1, len(ops))] = ("insert", 0, text)
    return True


def _item_lines(item: Any, lines: list[str]) -> tuple[int | None, int]:
    """The first and last line of a list's record written as a block under its `- `."""
    first = item.start_mark.line
    if not isinstance(item, yaml.MappingNode) or item.flow_style or not item.value:
        return None, first
    if not re.fullmatch(r"[ ]*-[ ]+", lines[first][:item.start_mark.column]):
        return None, first
    return first, _last_line(item)


def _last_line(node: Any) -> int:
    """The line a node's last text stands on (a block ends where the next thing starts)."""
    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        k, v = node.value[-1]
        return max(k.end_mark.line, _last_line(v))
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return _last_line(node.value[-1])
    e = node.end_mark
    return e.line - 1 if e.column == 0 and e.line > node.start_mark.line else e.line


def _record_text(record: Any, dash: int, col: int) -> str | None:
    """A new record as block text: `- first: value` at the list's dash, the rest under it."""
    if not isinstance(record, dict) or col <= dash:
        return None
    if not record:
        return " " * dash + "- {}\n"
    body = _block(record, col)
    if body is None:
        return None
    return " " * dash + "-" + " " * (col - dash - 1) + body[col:]


def _block(mapping: dict, indent: int) -> str | None:
    out = []
    for k, v in mapping.items():
        key = yamltext.scalar(str(k))
        if isinstance(v, dict) and v:
            inner = _block(v, indent + 2)
            if inner is None:
                return None
            out.append(" " * indent + f"{key}:\n" + inner)
        elif isinstance(v, dict) or is_scalar(v):
            out.append(" " * indent + f"{key}: {yamltext.scalar(v)}\n")
        else:
            return None
    return "".join(out)


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


def _round_trip(text: str, edits: list[Edit]) -> tuple[str, str]:
    """ruamel.yaml's text of the file before and after the edits."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096
    rt.representer.add_representer(
        type(None), lambda r, _d: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    doc = rt.load(text)
    buf = io.StringIO()
    rt.dump(doc, buf)
    before = buf.getvalue()
    for path, value in ordered(edits):
        if value is Row.ADD:
            if doc.get(path[0]) is None:
                doc[path[0]] = CommentedSeq()
            doc[path[0]].append(CommentedMap())
            continue
        if value is Row.DELETE:
            del doc[path[0]][path[1]]
            continue
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


def diff(old: str, new: str, name: str, context: int = 3) -> str:
    """The unified diff the page shows before saving, from the one-pass `_hunks` (difflib
    takes seconds on a 44,000-line scenario; this, a few hundredths)."""
    a, b = ([x if x.endswith("\n") else x + "\n" for x in t.splitlines(keepends=True)]
            for t in (old, new))
    fine = []  # each place found, split by difflib where it holds lines that stayed
    for a1, a2, b1, b2 in _hunks(a, b):
        ops = difflib.SequenceMatcher(None, a[a1:a2], b[b1:b2], autojunk=False).get_opcodes()
        fine += [(a1 + i1, a1 + i2, b1 + j1, b1 + j2) for tag, i1, i2, j1, j2 in ops
                 if tag != "equal"]
    groups: list[list[tuple[int, int, int, int]]] = []
    for h in fine:
        if groups and h[0] - groups[-1][-1][1] <= 2 * context:
            groups[-1].append(h)
        else:
            groups.append([h])
    if not groups:
        return ""
    out = [f"--- {name} (now)\n", f"+++ {name} (saved)\n"]
    for g in groups:
        a1, a2 = max(0, g[0][0] - context), min(len(a), g[-1][1] + context)
        b1, b2 = g[0][2] - (g[0][0] - a1), g[-1][3] + (a2 - g[-1][1])
        out.append(f"@@ -{_lines(a1, a2)} +{_lines(b1, b2)} @@\n")
        at = a1
        for h1, h2, k1, k2 in g:
            out += [" " + x for x in a[at:h1]] + ["-" + x for x in a[h1:h2]]
            out += ["+" + x for x in b[k1:k2]]
            at = h2
        out += [" " + x for x in a[at:a2]]
    return "".join(out)


def _lines(start: int, stop: int) -> str:
    """A hunk's range as unified diffs write it (difflib's rule)."""
    n = stop - start
    if n == 1:
        return str(start + 1)
    return f"{start + 1 if n else start},{n}"


def save(path: Path, text: str, expected_sha256: str) -> None:
    """Write the new text in place of the file, refused when it changed since it was read."""
    now = hashlib.sha256(path.read_bytes()).hexdigest()
    if now != expected_sha256:
        raise EditError("the file changed since it was opened (another editor or an import); "
                        "open it again and redo the edits")
    yamltext.write_atomically(path, text)
