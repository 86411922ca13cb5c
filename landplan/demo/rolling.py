"""A rolling variant of a demo county (三年滚动用地计划, three years unless asked for another
number): SYNTHETIC, like the county itself.

`python -m landplan.demo.rolling scenarios/demo.yaml scenarios/rolling-demo-3yr.yaml [YEARS]` (or
`landplan demo --years N`) reads a one-year demo scenario and writes the rolling plan beside it: the horizon, quotas by year, projects that
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
MAX_YEARS = 10  # the longest horizon a scenario may have


def shares(n: int) -> tuple[float, ...]:
    """Each year's quota, of the one-year demo's: 0.5, 0.45, 0.4, … (at least 0.1)."""
    return tuple(max(0.1, round(0.5 - 0.05 * i, 2)) for i in range(n))


def plan_words(n: int) -> str:
    return "three-year" if n == 3 else f"{n}-year"
M2_PER_MU = 10000.0 / 15.0


def rolling_plan(data: dict[str, Any], seed: int = 2026, n_years: int = YEARS
                 ) -> dict[str, Any]:
    """The one-year demo scenario `data` as a rolling plan of `n_years` years (a new mapping;
    three by default)."""
    if not 2 <= n_years <= MAX_YEARS:
        raise ValueError(f"a rolling plan has 2 to {MAX_YEARS} years, not {n_years}")
    rng = np.random.default_rng(seed)
    d = yaml.safe_load(yaml.safe_dump(data, allow_unicode=True))  # a deep copy
    first = int(d["year"])
    years = list(range(first, first + n_years))
    quota_shares = shares(n_years)
    d["name"] = f"{d['name']}-{n_years}yr"
    d["horizon"] = {"from": first, "to": years[-1]}
    d["description"] = (
        f"Synthetic demo data, not real survey data: the demo county as a "
        f"{plan_words(n_years)} rolling plan {first}–{years[-1]} (三年滚动用地计划), with made-up quotas by year, project "
        "start years, linkage and reclamation finishing years, and urban population and "
        "settled migrants for the pilot towns (人地挂钩), for trying landplan out.")
    q = d["quota"]
    # the projects are now the plan's demand; each year's quota is about half the one-year
    # demo's, shrinking a little each year as a county's plan figures usually do
    for name in ("new_construction", "farmland_conversion", "pilot_reserve"):
        if q.get(name) is not None:
            q[name] = {y: round(float(q[name]) * share)
                       for y, share in zip(years, quota_shares, strict=True)}
    q["carry_over"] = 0
    for t in d["towns"]:  # a town's bounds hold over the whole plan
        for bound in ("min", "max"):
            if t.get(bound) is not None:
                t[bound] = round(float(t[bound]) * sum(quota_shares), 1)
    for i, p in enumerate(d["projects"]):
        if p.get("priority"):
            p["latest"] = first  # 必保: this year's key projects
        elif i % 5 == 1:
            p["earliest"] = years[1]  # not ready to start before next year
        elif i % 7 == 3:
            p["latest"] = years[1]
    for i, k in enumerate(d["linkage"]):
        k["ready"] = years[i % n_years]
        if i % 4 == 3:
            k["return_within"] = 1
    for i, r in enumerate(d["reclamation"]):
        r["ready"] = years[i % n_years]
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
        per_year = max(need.get(t["code"], 0.0) / (2 * len(years)), largest.get(t["code"], 0.0))
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


def header(source: Path, path: Path, n_years: int = YEARS) -> str:
    """The file's first lines: synthetic, and the command that makes it again."""
    text = HEADER.format(source=source, path=path)
    if n_years == YEARS:
        return text
    return (text.replace("a three-year rolling plan", f"a {plan_words(n_years)} rolling plan")
            .replace(f" {path});", f" {path} {n_years});"))


def write_rolling(source: Path, path: Path, seed: int = 2026, n_years: int = YEARS) -> Path:
    data = yaml.safe_load(Path(source).read_text(encoding="utf-8"))
    text = yaml.safe_dump(rolling_plan(data, seed, n_years), allow_unicode=True,
                          sort_keys=False, width=100)
    Path(path).write_text(header(source, path, n_years) + text, encoding="utf-8")
    return Path(path)


def rolling_path(scenario_path: Path, n_years: int) -> Path:
    """Where `landplan demo --years N` writes the rolling plan: beside the scenario, named so
    that the one-year scenario it is made from stays first in the folder (ls, a file browser)."""
    return Path(scenario_path).with_name(f"rolling-{Path(scenario_path).stem}-{n_years}yr.yaml")


def check_years(n_years: int, scenario_path: Path, overwrite: bool) -> None:
    """`--years` in range, and its file not in the way (unless replacing), before anything is
    generated."""
    from landplan.errors import FilesInTheWayError, OptionError, Problem

    if not 1 <= n_years <= MAX_YEARS:
        raise OptionError([Problem(f"is {n_years:,}; it must be from 1 to {MAX_YEARS}",
                                   field="--years")])
    target = rolling_path(scenario_path, n_years)
    if n_years > 1 and not overwrite and target.exists():
        raise FilesInTheWayError(Problem(
            f"would replace 1 file that exists: {target}; nothing was written",
            hint="give a --scenario path of a new county, or --force to replace it"))


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    source = Path(args[0] if args else "scenarios/demo.yaml")
    n_years = int(args[2]) if len(args) > 2 else YEARS
    path = Path(args[1] if len(args) > 1 else rolling_path(source, n_years))
    print(f"wrote {write_rolling(source, path, n_years=n_years)} (synthetic data)")


if __name__ == "__main__":
    main()
