"""A rule defined outside the package, in one module: commercial land (商服) at most CAP.

Registered through `landplan.model.rules.register`, it is built, explained, priced and reported
like the built-in rules without any other module naming it (tests/model/test_new_rule.py)."""

from landplan.model.core import LandModel
from landplan.model.rules import Family, Resource, Rule, Words
from landplan.model.rules._terms import linear

CAP = 15.0


def define_commercial_cap(m: LandModel) -> None:
    p = m.data.projects
    ids = p.index[p["category"] == "commercial"]
    land = linear([(m.v.n[i], 1) for i in ids] + [(m.v.l[i], 1) for i in ids])
    m.add("commercial_cap", None, land <= CAP, unit="area", use=land, limit=CAP)


RULE = Rule("commercial_cap", define_commercial_cap, (
    Family(
        "commercial_cap",
        Words(name=("商服用地上限", "commercial land cap"),
              hint=("提高商服用地上限", "raise the commercial cap")),
        soft=True,
        competes=lambda p, key: p["category"] == "commercial",
        prices=Resource("commercial_land", ("商服用地指标", "commercial land")),
        priced_by=("commercial_land", "county"),
    ),
))
