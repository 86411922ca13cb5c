"""A three-year variant of a demo county (三年滚动用地计划): SYNTHETIC, like the county itself.

`python -m landplan.demo.rolling scenarios/demo.yaml scenarios/demo-3yr.yaml` reads a one-year
demo scenario and writes the rolling plan beside it: the horizon, quotas by year, projects that
must start this year or cannot start before next, linkage villages reclaimed in later years (so
their credits are borrowed, 周转指标), reclamation finished in later years, and urban population
and settled migrants for the pilot towns (人地挂钩). Every added figure is made up from the seed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import yaml

YEARS = 3
SHARES = (0.5, 0.45, 0.4)  # each year's quota, of the one-year demo's
M2_PER_MU = 10000.0 / 15.0


def rolling_plan(data: dict[str, Any], seed: int = 2026) -> dict[str, Any]:
    """The one-year demo scenario `data` as a three-year rolling plan (a new mapping)."""
    rng = np.random.default_rng(seed)
    d = yaml.safe_load(yaml.safe_dump(data, allow_unicode=True))  # a deep copy
    first = int(d["year"])
    years = list(range(first, first + YEARS))
    d["name"] = f"{d['name']}-3yr"
    d["horizon"] = {"from": first, "to": years[-1]}
    d["description"] = (
        f"Synthetic demo data, not real survey data: the demo county as a three-year rolling "
        f"plan {first}–{years[-1]} (三年滚动用地计划), with made-up quotas by year, project "
        "start years, linkage and reclamation finishing years, and urban population and "
        "settled migrants for the pilot towns (人地挂钩), for trying landplan out.")
    q = d["quota"]
    # the projects are now three years' demand; each year's quota is about half the one-year
    # demo's, shrinking a little each year as a county's plan figures usually do
    for name in ("new_construction", "farmland_conversion", "pilot_reserve"):
        if q.get(name) is not None:
            q[name] = {y: round(float(q[name]) * share) for y, share in zip(years, SHARES,
                                                                           strict=True)}
    q["carry_over"] = 0
    for t in d["towns"]:  # a town's bounds hold over the whole plan
        for bound in ("min", "max"):
            if t.get(bound) is not None:
                t[bound] = round(float(t[bound]) * sum(SHARES), 1)
    for i, p in enumerate(d["projects"]):
        if p.get("priority"):
            p["latest"] = first  # 必保: this year's key projects
        elif i % 5 == 1:
            p["earliest"] = years[1]  # not ready to start before next year
        elif i % 7 == 3:
            p["latest"] = years[1]
    for i, k in enumerate(d["linkage"]):
        k["ready"] = years[i % YEARS]
        if i % 4 == 3:
            k["return_within"] = 1
    for i, r in enumerate(d["reclamation"]):
        r["ready"] = years[i % YEARS]
    _people(d, rng, years)
    d["urbanisation"] = {"per_migrant_m2": 100, "adjust": 0.0, "mode": "cap"}
    d.setdefault("policy", {})["discount"] = 0.05
    return d


def _people(d: dict[str, Any], rng: np.random.Generator, years: list[int]) -> None:
    """Urban population, urban land and settled migrants for the pilot towns. Migrants are
    set so that each year's 人地挂钩 land covers the town's largest priority housing or
    livelihood project (which must get its land in full) and about half its other demand."""
    need: dict[str, float] = {}
    largest: dict[str, float] = {}
    for p in d["projects"]:
        if p["category"] in ("residential", "livelihood"):
            need[p["town"]] = need.get(p["town"], 0.0) + float(p["area"])
            if p.get("priority"):
                largest[p["town"]] = max(largest.get(p["town"], 0.0), float(p["area"]))
    for t in d["towns"]:
        if not t.get("pilot"):
            continue
        people = int(rng.integers(15, 32)) * 1000
        per_resident = float(rng.uniform(85, 140))  # m² of urban land per urban resident
        t["urban_construction_land"] = round(people * per_resident / M2_PER_MU, 1)
        standard = 100.0 if per_resident <= 100 else 80.0
        per_year = max(need.get(t["code"], 0.0) / (2 * YEARS), largest.get(t["code"], 0.0))
        migrants = {y: int(np.ceil(per_year * M2_PER_MU / standard * rng.uniform(1.0, 1.3)
                                   / 10) * 10) for y in years}
        t["settled_migrants"] = migrants
        t["urban_population"] = {years[0] - 1: people,
                                 years[-1]: people + sum(migrants.values())}


HEADER = """\
# SYNTHETIC DEMO DATA, NOT REAL SURVEY DATA: the demo county as a three-year rolling plan.
# Made by landplan.demo.rolling from {source} (python -m landplan.demo.rolling {source} {path});
# regenerate it rather than edit it by hand. Quotas by year, start years, linkage and
# reclamation finishing years, urban population and settled migrants are made up.
"""


def write_rolling(source: Path, path: Path, seed: int = 2026) -> Path:
    data = yaml.safe_load(Path(source).read_text(encoding="utf-8"))
    text = yaml.safe_dump(rolling_plan(data, seed), allow_unicode=True, sort_keys=False,
                          width=100)
    Path(path).write_text(HEADER.format(source=source, path=path) + text, encoding="utf-8")
    return Path(path)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    source = Path(args[0] if args else "scenarios/demo.yaml")
    path = Path(args[1] if len(args) > 1 else source.with_name(f"{source.stem}-3yr.yaml"))
    print(f"wrote {write_rolling(source, path)} (synthetic data)")


if __name__ == "__main__":
    main()
