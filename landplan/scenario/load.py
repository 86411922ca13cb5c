"""Read a scenario file and check it against the contract, reporting every problem at once."""

from __future__ import annotations

import difflib
import functools
import hashlib
import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from landplan.errors import Problem, Problems, ScenarioError
from landplan.scenario.fields import VALUE, texts_problem
from landplan.scenario.horizon import horizon_problems
from landplan.scenario.policy import order_problems
from landplan.scenario.schema import Project, Scenario

MAX_DEPTH = 64  # levels of nesting; a scenario needs 5 (towns → #1 → farmland_credits → …)
_SAFE_FOR_LIBYAML = 5_000  # libyaml composes recursively: far deeper input crashes the process


def load_scenario(path: str | Path) -> Scenario:
    """Load, validate and cross-check a scenario file; raise ScenarioError listing all problems."""
    path = Path(path)
    data, raw_bytes, repeated = _read(path)
    problems = Problems()
    problems.extend(repeated)
    try:
        scenario = parse_scenario(data, file=str(path))
    except ScenarioError as exc:
        problems.extend(exc.problems)
    problems.raise_if_any()
    scenario._path = path.resolve()
    scenario._sha256 = hashlib.sha256(raw_bytes).hexdigest()
    return scenario


def read_scenario_data(path: str | Path) -> tuple[dict[str, Any], bytes]:
    """The scenario file as a mapping (not yet checked against the contract), and its bytes;
    ScenarioError when it is not YAML, or repeats a key within a mapping."""
    data, raw_bytes, repeated = _read(Path(path))
    if repeated:
        raise ScenarioError(repeated)
    return data, raw_bytes


def _read(path: Path) -> tuple[dict[str, Any], bytes, list[Problem]]:
    if not path.is_file():
        raise ScenarioError(
            Problem(
                "no such scenario file",
                file=str(path),
                hint="check the path; scenarios usually live in scenarios/",
            )
        )
    raw_bytes = path.read_bytes()
    try:
        text = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioError(
            Problem("is not UTF-8 text", file=str(path), hint="save the YAML file as UTF-8")
        ) from None
    data = None
    try:
        _check_depth(text, str(path))
        data, repeated = _fast_load(text)
    except yaml.YAMLError:
        data = None
    try:
        if data is None:  # the pure-Python parser says where and what, in its own words
            data, repeated = _load(text, yaml.SafeLoader)
    except RecursionError:
        raise ScenarioError(_too_deep(str(path), None)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        ctx, ctx_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if ctx and ctx_mark:
            what += f" ({ctx} started at line {ctx_mark.line + 1})"
        raise ScenarioError(
            Problem(
                f"is not valid YAML{where}: {what}",
                file=str(path),
                hint="check indentation and that every `key: value` pair has a space after the colon",
            )
        ) from None
    if not isinstance(data, dict):
        raise ScenarioError(
            Problem("must be a YAML mapping (name:, year:, quota:, towns:, ...)", file=str(path))
        )
    return data, raw_bytes, [replace(p, file=str(path)) for p in repeated]


def _fast_load(text: str) -> tuple[Any, list[Problem]]:
    """libyaml's parser where PyYAML has it (7× faster on a 500-project scenario), with the
    same safe constructors and resolver as yaml.safe_load."""
    return _load(text, getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _load(text: str, base: type) -> tuple[Any, list[Problem]]:
    """The document, and a problem for each key repeated within one mapping (YAML keeps the
    last silently: a planner who pasted a record twice would lose the first's values)."""
    loader = _keeping_repeats(base)(text)
    try:
        data = loader.get_single_data()
        return data, [_repeat(key, first, again, _record_at(loader.root, again.line))
                      for key, first, again in loader.repeated]
    finally:
        loader.dispose()


@functools.cache
def _keeping_repeats(base: type) -> type:
    class Loader(base):  # type: ignore[misc, valid-type]
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.repeated: list[tuple[Any, Any, Any]] = []
            self.root: Any = None

        def construct_document(self, node: Any) -> Any:
            self.root = node
            return super().construct_document(node)

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            if isinstance(node, yaml.MappingNode):
                self._note_repeats(node)
            return super().construct_mapping(node, deep=deep)

        def _note_repeats(self, node: yaml.MappingNode) -> None:
            seen: dict[Any, Any] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                    continue
                key = self.construct_object(key_node)
                first = seen.setdefault(key, key_node)
                if first is not key_node:
                    self.repeated.append((key, first.start_mark, key_node.start_mark))

    return Loader


def _repeat(key: Any, first: Any, again: Any, record: str | None) -> Problem:
    def at(mark: Any) -> str:
        same_line = first.line == again.line
        return f"line {mark.line + 1}" + (f", column {mark.column + 1}" if same_line else "")

    return Problem(
        f"key `{key}` appears twice in one mapping, at {at(first)} and at {at(again)}: YAML "
        "would silently keep only the second", record=record, field=_shown(key),
        hint="keep one of the two (a record pasted twice needs its own entry)")


def _record_at(root: Any, line: int) -> str | None:
    """The record a line of the file lies in, as messages name it: `projects #3 (P3)`."""
    if not isinstance(root, yaml.MappingNode):
        return None
    for key_node, value in root.value:
        if not value.start_mark.line <= line <= value.end_mark.line:
            continue
        section = _shown(key_node.value)
        if isinstance(value, yaml.SequenceNode):
            for i, item in enumerate(value.value):
                if item.start_mark.line <= line <= item.end_mark.line:
                    ident = _node_id(item)
                    return f"{section} #{i + 1}" + (f" ({_shown(ident)})" if ident else "")
        if isinstance(value, (yaml.MappingNode, yaml.SequenceNode)):
            return section
    return None


def _node_id(node: Any) -> str | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value in ("id", "code") and isinstance(
                    v, yaml.ScalarNode):
                return v.value
    return None


def _check_depth(text: str, file: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before libyaml builds it (it recurses in C and
    takes the process down some 20,000 levels deep). Counting brackets, indentation and
    the longest line bounds the depth from above; only when that bound is high are the
    parser's events counted (a quarter of the time of a load)."""
    lines = text.splitlines() or [""]
    indent = max(len(x) - len(x.lstrip(" ")) for x in lines)
    bound = text.count("[") + text.count("{") + 2 * indent + max(map(len, lines)) // 2 + 2
    if bound <= _SAFE_FOR_LIBYAML:
        return
    depth = 0
    opens, ends = (yaml.MappingStartEvent, yaml.SequenceStartEvent), (
        yaml.MappingEndEvent, yaml.SequenceEndEvent)
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(event, opens):
            depth += 1
            if depth > MAX_DEPTH:
                raise ScenarioError(_too_deep(file, event.start_mark.line + 1))
        elif isinstance(event, ends):
            depth -= 1


def _too_deep(file: str, line: int | None) -> Problem:
    where = f" at line {line}" if line else ""
    return Problem(f"nests lists and mappings more than {MAX_DEPTH} levels deep{where}",
                   file=file, hint="a scenario needs about 5 levels (towns → a town → "
                   "farmland_credits → quantity); check for runaway brackets [ or {")


def parse_scenario(data: dict[str, Any], file: str = "<scenario>") -> Scenario:
    """Validate a scenario given as a mapping (as parsed from YAML)."""
    problems = Problems()
    units = data.get("units")
    try:
        scenario = Scenario.model_validate(data, context={"units": units})
    except RecursionError:
        raise ScenarioError(_too_deep(file, None)) from None
    except ValidationError as exc:
        problems.extend([_problem_from_pydantic(err, data, file) for err in exc.errors()])
        problems.raise_if_any()
        raise  # pragma: no cover
    problems.extend(cross_check(scenario, file))
    problems.raise_if_any()
    return scenario


def cross_check(s: Scenario, file: str) -> list[Problem]:
    """Checks that span records: unique ids, known towns, values that can be derived."""
    out: list[Problem] = []
    out += _duplicates("towns", [t.code for t in s.towns], "code", file)
    out += _duplicates("projects", [p.id for p in s.projects], "id", file)
    out += _duplicates("linkage", [k.id for k in s.linkage], "id", file)
    out += _duplicates("reclamation", [r.id for r in s.reclamation], "id", file)

    for t in s.towns:
        if not t.code.startswith(s.county.code):
            out.append(
                Problem(
                    f"town code {t.code} does not start with the county code {s.county.code}",
                    file=file, record=f"towns {t.code} ({t.name})", field="code",
                    hint="town codes are the 6-digit county code followed by 3 digits",
                )
            )
    codes = {t.code for t in s.towns}
    names = {t.name: t.code for t in s.towns}
    for section in ("projects", "linkage", "reclamation"):
        for rec in getattr(s, section):
            if rec.town not in codes:
                out.append(
                    Problem(
                        f"town `{rec.town}` is not among the scenario's towns",
                        file=file, record=f"{section} {rec.id}", field="town",
                        hint=_town_hint(rec.town, codes, names),
                    )
                )
    for p in s.projects:
        has_indicators = any(v is not None for v in (p.investment, p.tax, p.jobs))
        if p.value_per_mu is None and has_indicators:
            out += _derived_value_problems(s, p, file)
        if p.value_per_mu is None and not has_indicators:
            out.append(
                Problem(
                    "has neither `value_per_mu` nor indicators to derive it from",
                    file=file, record=f"projects {p.id}", field="value_per_mu",
                    hint="give `value_per_mu`, or `investment` (万元), `tax` (万元/年) and `jobs`",
                )
            )
        if (p.farmland is None or p.paddy is None) and not s.layers.landuse:
            missing = "farmland" if p.farmland is None else "paddy"
            out.append(
                Problem(
                    f"`{missing}` is not given and there is no `layers.landuse` to compute it from",
                    file=file, record=f"projects {p.id}", field=missing,
                    hint=f"give `{missing}` in mu, or add the land-use layer (三调 DLTB) under layers",
                )
            )
    reserve = max((s.quota.by_year("pilot_reserve") or {s.year: s.quota.pilot_reserve}).values())
    if reserve > 0 and not s.pilot_codes:
        out.append(
            Problem(
                f"`pilot_reserve` is {reserve:g} but no town has `pilot: true`",
                file=file, record="quota", field="pilot_reserve",
                hint="mark the 扩权强镇 pilot towns with `pilot: true`, or remove the reserve",
            )
        )
    out += order_problems(s, file)
    out += horizon_problems(s, file)
    out += _crs_problems(s.crs, file)
    out += _policy_problems(s, file)
    return out


def _policy_problems(s: Scenario, file: str) -> list[Problem]:
    if not s.policy.rules:
        return []
    from landplan.scenario.policy import policy_problems

    return policy_problems(s, file)


def _derived_value_problems(s: Scenario, p: Project, file: str) -> list[Problem]:
    """A value derived from indicators is held to the bound of a given one: a tiny `area`
    with a large investment gives values the solver cannot weigh against the others."""
    w = s.valuation
    total = w.investment * (p.investment or 0) + w.tax * (p.tax or 0) + w.jobs * (p.jobs or 0)
    value = total / p.area
    bad = VALUE.problem(value, s.units) if math.isfinite(value) else "is not a finite number"
    if bad is None:
        return []
    return [Problem(
        f"the value per mu derived from the indicators, {total:g} / area {p.area:g}, {bad}",
        file=file, record=f"projects {_shown(p.id)}", field="value_per_mu",
        hint="check `area` and `investment`, `tax`, `jobs` (万元, 万元/年, people) and the "
        "weights under `valuation`, or give `value_per_mu`")]


def _crs_problems(crs: str, file: str) -> list[Problem]:
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        c = CRS.from_user_input(crs)
    except CRSError:
        return [Problem(f"`{crs}` is not a CRS that PROJ knows", file=file, field="crs",
                        hint="use an EPSG code such as EPSG:4527 (CGCS2000 / 3-degree GK zone 39)")]
    if not c.is_projected:
        return [
            Problem(
                f"`{crs}` ({c.name}) is geographic: areas cannot be computed in degrees",
                file=file, field="crs",
                hint="use a projected CRS, e.g. CGCS2000 3-degree Gauss–Krüger: EPSG:4513+zone−25 "
                "(zone = round(longitude/3); Fengyang, 117.5°E, is zone 39: EPSG:4527)",
            )
        ]
    return []


def _duplicates(section: str, keys: list[str], field: str, file: str) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for k in keys:
        if k in seen:
            out.append(Problem(f"{field} `{k}` appears more than once", file=file,
                               record=f"{section} {k}", field=field,
                               hint=f"every entry of `{section}` needs its own {field}"))
        seen.add(k)
    return out


def _town_hint(value: str, codes: set[str], names: dict[str, str]) -> str:
    if value in names:
        return f"towns are referred to by code: use {names[value]} for {value}"
    close = difflib.get_close_matches(value, sorted(codes) + sorted(names), n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(f"`{c}`" for c in close) + "?"
    return "use the 9-digit code of one of the towns listed under `towns`"


def _problem_from_pydantic(err: dict[str, Any], data: dict[str, Any], file: str) -> Problem:
    loc = list(err.get("loc", ()))
    kind = err.get("type", "")
    field = str(loc[-1]) if loc and not isinstance(loc[-1], int) else None
    container = loc[:-1] if field is not None else loc
    record = _record_label(container, data)

    if kind == "extra_forbidden":
        allowed = _allowed_fields(container)
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.5)
        hint = f"did you mean `{close[0]}`?" if close else (
            "allowed here: " + ", ".join(f"`{a}`" for a in allowed) if allowed else None
        )
        return Problem("is not a known field", file=file, record=record, field=field, hint=hint)
    if kind == "missing":
        return Problem("is required but missing", file=file, record=record, field=field)
    value = err.get("input")
    if value is None and field is not None and "input" in err:  # `null`: what init left empty
        return Problem("is empty", file=file, record=record, field=field,
                       hint="fill in the value (marked TO DO)")  # fmt: skip
    msg = err.get("msg", "is invalid")
    msg = msg.replace("Value error, ", "").replace("Input should be", "must be")
    if kind not in ("value_error",) and not isinstance(value, (dict, list)):
        shown = repr(value)
        msg = f"{msg}, got {shown if len(shown) <= 80 else shown[:77] + '…'}"
    hint = ("write the amount itself: .inf and .nan are not amounts"
            if kind == "finite_number" else None)
    return Problem(msg, file=file, record=record, field=field, hint=hint)


def _record_label(loc: list[Any], data: dict[str, Any]) -> str | None:
    """Turn ('projects', 3) into 'projects[3] (id P004)' so the planner can find the entry."""
    if not loc:
        return None
    parts = []
    node: Any = data
    for key in loc:
        if isinstance(key, int):
            ident = None
            try:
                node = node[key]
                if isinstance(node, dict):
                    ident = node.get("id", node.get("code", node.get("name")))
            except (IndexError, KeyError, TypeError):
                node = None
            parts.append(f"#{key + 1}" + (f" ({_shown(ident)})" if ident is not None else ""))
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return " ".join(parts)


def _shown(value: object) -> str:
    """A record's id as a message may print it: control characters and line breaks escaped,
    long text cut."""
    text = str(value)
    if texts_problem(text) is not None:
        text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= 80 else text[:77] + "…"


def _allowed_fields(loc: list[Any]) -> list[str]:
    """Field names allowed at a location, for did-you-mean."""
    model: type[BaseModel] = Scenario
    for key in loc:
        if isinstance(key, int):
            continue
        info = model.model_fields.get(str(key))
        if info is None:
            return []
        ann = info.annotation
        inner = getattr(ann, "__args__", (ann,))
        found = None
        for a in (ann, *inner):
            if isinstance(a, type) and issubclass(a, BaseModel):
                found = a
            for b in getattr(a, "__args__", ()):
                if isinstance(b, type) and issubclass(b, BaseModel):
                    found = b
        if found is None:
            return []
        model = found
    return list(model.model_fields)
