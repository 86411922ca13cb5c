"""A new rule is one module: registered, it is in constraints.csv, the why-not reasons,
marginal.csv and the report, in both languages, with no other module naming it."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from landplan.model import rules
from landplan.outputs.report import write_report
from landplan.run import run
from tests.conftest import A, B, base, proj
from tests.model import fixture_rule


@pytest.fixture
def registered():
    rules.register(fixture_rule.RULE, after="town_bounds")
    try:
        yield
    finally:
        rules.unregister(fixture_rule.RULE.name)


def test_a_rule_from_one_module_reaches_every_output(tmp_path, registered):
    d = base(projects=[proj("P1", A, 50, 3.0, category="commercial"), proj("P2", B, 50, 1.0)])
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    folder = tmp_path / "run"
    run(path, out=folder, lang="en", maps=False, jobs=1)

    cons = pd.read_csv(folder / "constraints.csv", keep_default_na=False).set_index("name")
    assert (cons.at["commercial_cap", "use"], cons.at["commercial_cap", "limit"]) == (15, 15)
    assert cons.at["commercial_cap", "binding"]
    alloc = pd.read_csv(folder / "allocation.csv").set_index("project_id")
    assert alloc.at["P1", "allocated"] == 15 and alloc.at["P2", "allocated"] == 50
    assert "commercial land cap used up (15 of 15 mu)" in alloc.at["P1", "reason"]
    marg = pd.read_csv(folder / "marginal.csv").set_index("resource")
    assert marg.at["commercial_land", "value"] == 3.0  # one more mu for P1, quota to spare

    write_report(folder, lang="en")
    text = (folder / "report.md").read_text(encoding="utf-8")
    assert "commercial land cap (15.00 of 15.00 mu used)" in text  # the limits used up
    assert "| **commercial land cap** | **15.00 (1.0000)** |" in text  # county limits, used up
    assert "| commercial land | county | mu | 1 mu | 3.00 |" in text  # marginal values, stated precision
    write_report(folder, lang="zh")  # said again in the other language, from reasons.json
    text = (folder / "report.zh.md").read_text(encoding="utf-8")
    assert "商服用地上限已用尽（15/15 亩）" in text and "| 商服用地指标 | 全县 |" in text


def test_unregistered_it_is_gone(tmp_path):
    assert "commercial_cap" not in {f.name for f in rules.families()}
