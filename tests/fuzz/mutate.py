"""Mutations of a small valid scenario, for property-based tests of `validate` and `run`.

A bureau's file arrives with fields dropped, records pasted twice, numbers typed as text or
yes/no, cells of 1e15, names with stray control characters, towns that do not exist, and
brackets that never close. Each strategy here draws such a file from a valid one.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import yaml
from hypothesis import strategies as st

A, B, C = "341126101", "341126102", "341126103"


def small_scenario() -> dict[str, Any]:
    """Three towns, five projects, linkage, reclamation, a budget and town bounds: every rule
    of the model has something to bind on, and it solves in a few milliseconds."""
    return {
        "name": "fuzz",
        "year": 2026,
        "county": {"code": "341126", "name": "测试县"},
        "crs": "EPSG:4527",
        "units": "mu",
        "quota": {"new_construction": 120, "farmland_conversion": 60, "pilot_reserve": 30},
        "reclamation_budget": 2_000_000,
        "towns": [
            {"code": A, "name": "大庙镇", "pilot": True, "min": 5, "max": 90,
             "farmland_credits": {"quantity": 10, "paddy": 2}},
            {"code": B, "name": "府城镇", "max": 100},
            {"code": C, "name": "刘府镇"},
        ],
        "projects": [
            {"id": "P1", "name": "石英砂深加工", "town": A, "category": "industrial", "area": 50,
             "value_per_mu": 3, "farmland": 20, "paddy": 5},
            {"id": "P2", "name": "商业综合体", "town": B, "category": "commercial", "area": 80,
             "min_share": 1, "investment": 2000, "tax": 30, "jobs": 50, "farmland": 40,
             "paddy": 0},
            {"id": "P3", "name": "重点物流园", "town": B, "category": "key", "area": 20,
             "priority": True, "value_per_mu": 1, "farmland": 5, "paddy": 1},
            {"id": "P4", "name": "安置小区", "town": C, "category": "residential", "area": 30,
             "min_share": 0.5, "value_per_mu": 2, "farmland": 0, "paddy": 0},
            {"id": "P5", "name": "乡镇道路", "town": C, "category": "infrastructure", "area": 10,
             "value_per_mu": 0.5, "farmland": 3, "paddy": 3},
        ],
        "linkage": [
            {"id": "L1", "name": "王庄拆旧", "town": A, "reclaim": 25, "farmland_gain": 22,
             "paddy_gain": 4, "cost": 500_000},
            {"id": "L2", "town": C, "reclaim": 10, "farmland_gain": 8, "cost": 300_000,
             "divisible": True},
        ],
        "reclamation": [
            {"id": "R1", "name": "土地整理", "town": B, "quantity": 30, "paddy": 5,
             "cost": 600_000, "divisible": True},
        ],
        "valuation": {"investment": 0.05, "tax": 1.0, "jobs": 0.1},
        "solver": {"name": "highs", "gap": 0, "threads": 1},
    }


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a scenario a value sits, in document order."""
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            out.append((*prefix, k))
            out += paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.append((*prefix, i))
            out += paths(v, (*prefix, i))
    return out


def get(node: Any, path: tuple) -> Any:
    for k in path:
        node = node[k]
    return node


def put(node: Any, path: tuple, value: Any) -> None:
    get(node, path[:-1])[path[-1]] = value


def drop(node: Any, path: tuple) -> None:
    parent = get(node, path[:-1])
    if isinstance(parent, dict):
        parent.pop(path[-1], None)
    else:
        del parent[path[-1]]


BASE = small_scenario()
PATHS = paths(BASE)
NUMBER_PATHS = [p for p in PATHS if isinstance(get(BASE, p), (int, float))
                and not isinstance(get(BASE, p), bool)]
TEXT_PATHS = [p for p in PATHS if isinstance(get(BASE, p), str)]
RECORD_PATHS = [p for p in PATHS if len(p) == 2 and isinstance(p[1], int)]
TOWN_REF_PATHS = [p for p in PATHS if p[-1] == "town"]
ID_PATHS = [p for p in PATHS if p[-1] in ("id", "code")]
FLAG_PATHS = [p for p in PATHS if isinstance(get(BASE, p), bool)]

EXTREMES = [0, -0.0, -1, 1e-300, 5e-324, 1e-9, 0.5, 1, 9_999_999, 10_000_000, 10_000_001, 1e12,
            1e15, 1e308, 10**30, -1e15, math.nan, math.inf, -math.inf, True, False, None, "",
            "12", "1e5", "nan", "inf", "lots", "１２", [], [1], {}, {"a": 1}]

numbers = st.one_of(
    st.sampled_from(EXTREMES),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(min_value=0, max_value=200),
)
texts = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
    st.sampled_from(["", " ", "\t", "a\nb", "\x00", "\x1b[31m", "\x85", "\u2028", "<script>",
                     "../../etc/passwd", "大庙镇", A, "34112610", "P1", "L1", "R1", "Ⅲ", "🏗️"]),
)
any_value = st.one_of(numbers, texts, st.booleans(), st.none(),
                      st.lists(st.integers(), max_size=3),
                      st.dictionaries(st.text(max_size=4), st.integers(), max_size=2))


@st.composite
def mutation(draw: st.DrawFn, d: dict) -> None:
    """Apply one mutation to scenario `d` in place."""
    kind = draw(st.sampled_from(["number", "number", "text", "drop", "duplicate", "retype",
                                 "town", "id", "flag", "nest", "unknown", "empty_list"]))
    live = paths(d)
    if kind == "number":
        p = draw(st.sampled_from([p for p in NUMBER_PATHS if _exists(d, p)] or [("year",)]))
        put(d, p, draw(numbers))
    elif kind == "text":
        p = draw(st.sampled_from([p for p in TEXT_PATHS if _exists(d, p)] or [("name",)]))
        put(d, p, draw(texts))
    elif kind == "drop" and live:
        drop(d, draw(st.sampled_from(live)))
    elif kind == "duplicate":
        recs = [p for p in RECORD_PATHS if _exists(d, p)]
        if recs:
            p = draw(st.sampled_from(recs))
            get(d, p[:-1]).append(copy.deepcopy(get(d, p)))
    elif kind == "retype" and live:
        put(d, draw(st.sampled_from(live)), draw(any_value))
    elif kind == "town":
        refs = [p for p in TOWN_REF_PATHS if _exists(d, p)]
        if refs:
            put(d, draw(st.sampled_from(refs)), draw(st.one_of(st.sampled_from([A, B, C]), texts)))
    elif kind == "id":
        ids = [p for p in ID_PATHS if _exists(d, p)]
        if ids:
            put(d, draw(st.sampled_from(ids)),
                draw(st.one_of(st.sampled_from(["P1", "L1", "R1", A, 101]), texts)))
    elif kind == "flag":
        flags = [p for p in FLAG_PATHS if _exists(d, p)]
        if flags:
            p = draw(st.sampled_from(flags))
            put(d, p, not get(d, p))
    elif kind == "nest" and live:
        p = draw(st.sampled_from(live))
        value = get(d, p)
        for _ in range(draw(st.integers(1, 80))):
            value = draw(st.sampled_from([[value], {"x": value}]))
        put(d, p, value)
    elif kind == "unknown":
        where = draw(st.sampled_from([()] + [p for p in live if isinstance(get(d, p), dict)]))
        get(d, where)[draw(st.sampled_from(["aera", "qouta", "extra", "towns", "id"]))] = 1
    elif kind == "empty_list":
        for key in draw(st.lists(st.sampled_from(["towns", "projects", "linkage",
                                                  "reclamation"]), max_size=2)):
            d[key] = []


def _exists(d: Any, path: tuple) -> bool:
    try:
        get(d, path)
    except (KeyError, IndexError, TypeError):
        return False
    return True


@st.composite
def mutated_scenarios(draw: st.DrawFn, most: int = 3) -> dict:
    """The small scenario with one to `most` mutations."""
    d = small_scenario()
    for _ in range(draw(st.integers(1, most))):
        draw(mutation(d))
    return d


# the contract's bounds (landplan/scenario/fields.py), in the small scenario's mu and yuan
UPPER = {"min_share": 1, "gap": 1, "year": 2100, "value_per_mu": 1e8, "investment": 1e8,
         "tax": 1e8, "jobs": 1e7, "cost": 1e12, "reclamation_budget": 1e12}


@st.composite
def solvable_scenarios(draw: st.DrawFn) -> dict:
    """The small scenario with its numbers, flags and town references changed within what the
    contract allows (up to its bounds): these reach the solver, and test what comes after."""
    d = small_scenario()
    for _ in range(draw(st.integers(1, 6))):
        what = draw(st.sampled_from(["number", "number", "number", "flag", "town", "drop_optional",
                                     "duplicate_id", "category", "edge"]))
        if what == "edge":  # the ends of the contract's ranges, where numerics break first
            fields = [p for p in NUMBER_PATHS if _exists(d, p) and p[-1] not in ("year", "threads")]
            areas = [p for p in fields if p[-1] == "area"]  # a divisor of derived values
            p = draw(st.sampled_from(areas if areas and draw(st.booleans()) else fields))
            put(d, p, draw(st.sampled_from([5e-324, 1e-300, 1e-12, UPPER.get(p[-1], 10_000_000),
                                            1e6 if p[0] == "valuation" else 0])))
        elif what == "number":
            p = draw(st.sampled_from([p for p in NUMBER_PATHS if _exists(d, p)]))
            upper = UPPER.get(p[-1], 10_000_000)
            value = draw(st.one_of(
                st.sampled_from([0, 5e-324, 1e-300, 1e-9, 1e-6, 0.5, 1, upper]),
                st.floats(min_value=0, max_value=min(upper, 1_000)),
                st.floats(min_value=0, max_value=upper)))
            if p[-1] == "year":
                value = int(max(1990, min(2100, value)))
            elif p[-1] == "threads":
                value = draw(st.integers(1, 10**9))
            elif p[0] == "valuation":
                value = min(value, 1e6)
            put(d, p, value)
        elif what == "flag":
            flags = [p for p in FLAG_PATHS if _exists(d, p)]
            p = draw(st.sampled_from(flags))
            put(d, p, not get(d, p))
        elif what == "town":
            p = draw(st.sampled_from([p for p in TOWN_REF_PATHS if _exists(d, p)]))
            put(d, p, draw(st.sampled_from([A, B, C])))
        elif what == "drop_optional":
            p = draw(st.sampled_from([p for p in PATHS if p[-1] in (
                "min", "max", "farmland_conversion", "pilot_reserve", "reclamation_budget",
                "min_share", "priority", "cost", "paddy_gain", "farmland_credits", "linkage",
                "reclamation", "divisible") and _exists(d, p)]))
            drop(d, p)
        elif what == "duplicate_id":
            p = draw(st.sampled_from([p for p in ID_PATHS if p[0] == "projects"]))
            put(d, p, draw(st.sampled_from(["P1", "P2"])))
        elif what == "category":
            p = draw(st.sampled_from([p for p in PATHS if p[-1] == "category"]))
            put(d, p, draw(st.sampled_from(["key", "livelihood", "infrastructure", "industrial",
                                            "commercial", "residential"])))
    if draw(st.integers(0, 3)):  # mostly: keep the rules between fields, so the case solves
        _repair(d)
    return d


def _repair(d: dict) -> None:
    """Farmland within area, paddy within farmland, the reserve within the quota, min ≤ max."""
    def within(rec: dict, small: str, big: str) -> None:
        if small in rec and big in rec and rec[small] > rec[big]:
            rec[small] = rec[big]

    for p in d.get("projects", []):
        within(p, "farmland", "area")
        within(p, "paddy", "farmland")
    for t in d.get("towns", []):
        within(t, "min", "max")
        within(t.get("farmland_credits", {}), "paddy", "quantity")
    for r in d.get("reclamation", []):
        within(r, "paddy", "quantity")
    within(d["quota"], "pilot_reserve", "new_construction")


def as_yaml(d: Any) -> str:
    """YAML text of a (possibly broken) scenario; values YAML cannot hold become their repr."""
    try:
        return yaml.dump(d, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                         allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, RecursionError):
        return repr(d)


@st.composite
def yaml_texts(draw: st.DrawFn) -> str:
    """YAML text of a mutated scenario, sometimes broken at the text level: a line repeated
    (repeated keys), a line cut, brackets that never close or nest deep, a tab for indent."""
    text = as_yaml(draw(mutated_scenarios()))
    lines = text.splitlines()
    what = draw(st.sampled_from(["none", "none", "repeat_line", "cut", "brackets", "tab",
                                 "junk", "truncate"]))
    if what == "repeat_line" and lines:
        i = draw(st.integers(0, len(lines) - 1))
        lines.insert(i, lines[i])
    elif what == "cut" and lines:
        del lines[draw(st.integers(0, len(lines) - 1))]
    elif what == "brackets" and lines:
        i = draw(st.integers(0, len(lines) - 1))
        n = draw(st.sampled_from([1, 10, 100, 6_000, 30_000]))
        closed = draw(st.booleans())
        lines[i] += " " + "[" * n + ("]" * n if closed else "")
    elif what == "tab" and lines:
        i = draw(st.integers(0, len(lines) - 1))
        lines[i] = "\t" + lines[i]
    elif what == "junk":
        lines.insert(draw(st.integers(0, len(lines))), draw(st.text(max_size=20)))
    elif what == "truncate":
        return text[: draw(st.integers(0, len(text)))]
    return "\n".join(lines) + "\n"
