"""`landplan run` of a rolling plan says so on the console: the plan's years in the title, and
a line per year with its quota and earmark, the land given from the quota and from linkage,
and the linkage credits borrowed ahead; the figures are those of towns_by_year.csv."""

from __future__ import annotations

import csv
import os
import subprocess
import sys

from tests.outputs.county import make_rolling_county


def test_a_rolling_run_prints_each_year(tmp_path):
    scenario = make_rolling_county(tmp_path / "county")
    out = tmp_path / "run"
    done = subprocess.run(
        [sys.executable, "-m", "landplan", "run", str(scenario), "--no-why-not", "--out",
         str(out)], capture_output=True, text=True, encoding="utf-8", timeout=300,
        env={**os.environ, "COLUMNS": "200"})
    assert done.returncode == 0, done.stderr[-2000:]
    text = done.stdout
    assert "hand-rolling 2026–2027 rolling plan — " in text
    assert "By year (areas in mu)" in text
    with open(out / "towns_by_year.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    lines = {ln.split()[0]: ln.split() for ln in text.splitlines()
             if ln.strip()[:4] in ("2026", "2027")}
    for year in ("2026", "2027"):
        mine = [r for r in rows if r["year"] == year]
        quota, earmark, from_quota, from_linkage = lines[year][1:5]
        assert (quota, earmark) == ("60.00", "10.00")
        assert from_quota == f"{sum(float(r['from_quota']) for r in mine):,.2f}"
        assert from_linkage == f"{sum(float(r['from_linkage']) for r in mine):,.2f}"
    assert "Quota left unused in a year lapses" in text
    assert "<b>" in text  # the town named with markup is printed as it is named


def test_carry_over_and_a_plan_without_an_earmark_are_said(tmp_path):
    import yaml

    from tests.outputs.test_tables_horizon import rolling

    d = rolling()
    d["quota"]["carry_over"] = 0.5
    scenario = tmp_path / "s.yaml"
    scenario.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "landplan", "run", str(scenario), "--no-why-not", "--out",
         str(tmp_path / "run")], capture_output=True, text=True, encoding="utf-8", timeout=300,
        env={**os.environ, "COLUMNS": "200"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Quota left unused in a year carries over to the next year (50% of it)" in done.stdout
    rows = [ln.split() for ln in done.stdout.splitlines() if ln.strip()[:4] in ("2026", "2027")]
    assert [r[:3] for r in rows] == [["2026", "40.00", "0.00"], ["2027", "40.00", "0.00"]]
