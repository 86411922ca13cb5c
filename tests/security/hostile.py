"""Names a bureau's files may hold that a template engine, a browser, a spreadsheet or a
console would act on, and a small county that carries them all (tests/outputs/county.py with
its names replaced). Every output must show each of them literally."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import yaml

from tests.outputs.county import make_county

JINJA = "{{7*7}}"
JINJA_LOOP = "{% for x in range(3) %}x{% endfor %}"
JINJA_OS = "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}"
JINJA_MKDIR = "{{ cycler.__init__.__globals__.os.mkdir(dict(PWNED=1)|first) }}"  # no quotes
SCRIPT = "<script>alert(1)</script>"
END_SCRIPT = "</script><img src=x onerror=alert(1)>"
ATTRIBUTE = '" onmouseover="alert(1)'
HYPERLINK = '=HYPERLINK("http://x","y")'
DDE = "+cmd|' /C calc'!A0"
MINUS = "-1+1"
AT = "@SUM(1)"
QUOTED = "'=1+1"
RICH_CLOSE = "[/]"
RICH_STYLE = "[bold red]x[/]"
RICH_BAD_CLOSE = "[/b]"
RTL = "甲\u202e乙.exe"
LONG = "很长的项目名称" * 1428 + "末末末末"  # 10,000 characters: the most a name may hold
BACKSLASH = "C:\\new\\table\\"
QUOTES = "'single' \"double\" `back`"
FULL_WIDTH = "＝ＳＵＭ（１）｛｛７＊７｝｝"
JINJA_COMMENT = "{#c#}{{7*7}}镇"
MATH = "$x^$ 与 $\\frac{1}{2}$"  # matplotlib's mathtext
NETWORK = "src=//x.example/a.js url(//y.example/b.png)"  # not a resource the page loads

CORPUS = [
    JINJA, JINJA_LOOP, JINJA_OS, JINJA_MKDIR, SCRIPT, END_SCRIPT, ATTRIBUTE, HYPERLINK, DDE, MINUS, AT,
    QUOTED, RICH_CLOSE, RICH_STYLE, RICH_BAD_CLOSE, RTL, LONG, BACKSLASH, QUOTES, FULL_WIDTH,
    JINJA_COMMENT, MATH, NETWORK,
]

SCENARIO_NAME = JINJA_LOOP
COUNTY = JINJA_OS
TOWNS = {"341126101": RICH_STYLE, "341126102": RICH_CLOSE, "341126103": JINJA}
PROJECTS = {  # P1–P6 have sites on the map; P7 and the added ones have none
    "P1": SCRIPT, "P2": END_SCRIPT, "P3": ATTRIBUTE, "P4": LONG, "P5": RICH_BAD_CLOSE,
    "P6": JINJA_COMMENT, "P7": HYPERLINK, "P8": MINUS, "P9": AT, "P10": QUOTED, "P11": RTL,
    "P12": BACKSLASH, "P13": QUOTES, "P14": FULL_WIDTH, "P15": MATH,
}
LINKAGE = {"L1": DDE, "L2": JINJA_MKDIR}
RECLAMATION = {"R1": NETWORK}


def hostile_county(folder: Path, *, quota: float = 100) -> Path:
    """The hand county (tests/outputs/county.py) with every name from the corpus, in the
    scenario and in the towns layer's attributes; returns the scenario's path."""
    path = make_county(folder)
    d = yaml.safe_load(path.read_text(encoding="utf-8"))
    d["name"] = SCENARIO_NAME
    d["county"]["name"] = COUNTY
    d["quota"]["new_construction"] = quota
    for t in d["towns"]:
        t["name"] = TOWNS[t["code"]]
    extra = [pid for pid in PROJECTS if pid not in {p["id"] for p in d["projects"]}]
    for pid in extra:
        d["projects"].append({"id": pid, "name": "", "town": "341126102", "category": "livelihood",
                              "area": 1, "value_per_mu": 2, "farmland": 0, "paddy": 0})
    for p in d["projects"]:
        p["name"] = PROJECTS[p["id"]]
    for k in d["linkage"]:
        k["name"] = LINKAGE[k["id"]]
    for r in d["reclamation"]:
        r["name"] = RECLAMATION[r["id"]]
    path.write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")
    towns = folder / d["layers"]["towns"]
    layer = gpd.read_file(towns)
    layer["name"] = [TOWNS[c] for c in layer["code"]]
    layer.to_file(towns, engine="pyogrio")
    return path
