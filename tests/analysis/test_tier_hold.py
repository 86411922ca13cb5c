"""A priority tier held at its whole is held project by project in the analysis re-solves:
the why-not and marginal figures are those of the one dense row it replaces."""

from __future__ import annotations

import pandas as pd
import pytest

import landplan.solver.held as held
from landplan.analysis.explain_run import analyse
from landplan.model import build_model
from landplan.run import check
from landplan.solution import extract
from landplan.solve import solve


def _analysed(scenario: str, solver: str):
    c = check(scenario)
    m = build_model(c.data)
    sol = extract(m, solve(m, solver=solver))
    a = analyse(m, sol, jobs=1)
    return m, a


def _held_rows(m) -> int:
    """Rows the tiers add to the held model."""
    hm = held.HighsModel(m)
    before = hm.h.getNumRow()
    hm.hold_tiers([float(t.expr.constant or 0) + sum(
        most for _, most in held.tier_parts(m, t)) - 1e-6 if t.objective != "value" else None
        for t in m.tiers])
    return hm.h.getNumRow() - before


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_whole_tiers_held_each_give_the_figures_of_the_dense_row(solver, monkeypatch):
    m, each = _analysed("scenarios/demo.yaml", solver)
    p = m.data.projects
    for tier in m.tiers[:2]:  # the demo's key/livelihood and infrastructure tiers are whole
        assert all(m.v.n[i].varValue + m.v.l[i].varValue == pytest.approx(p.at[i, "area"])
                   for i in tier.projects if p.at[i, "eligible"])
    live = sum(1 for t in m.tiers[:2] for i in t.projects if p.at[i, "eligible"])
    assert _held_rows(m) == live
    monkeypatch.setattr(held, "WHOLE_REL", -1.0)  # never whole: the one dense row
    assert _held_rows(m) == 2
    _, dense = _analysed("scenarios/demo.yaml", solver)
    pd.testing.assert_frame_equal(each.whynot, dense.whynot)
    pd.testing.assert_frame_equal(each.marginal, dense.marginal)
