"""A sweep's points are single runs: same objective, spending and credit moves, whichever path
(bounds changed in one model, or rebuilt), solver or scheduler computes them."""

import copy

import pytest
import yaml

from landplan.analysis.sweep import run_sweep
from landplan.analysis.vary import parse_vary, set_field
from landplan.errors import ScenarioError
from landplan.model import build_model, prepare
from landplan.scenario import parse_scenario
from landplan.solution import extract
from landplan.solve import solve
from tests.test_cli import tiny


def single(data: dict, solver: str) -> dict:
    m = build_model(prepare(parse_scenario(data)))
    r = solve(m, solver=solver)
    stages = {s.name: s.objective for s in r.stages}
    spending = stages.get("spending")  # the model counts money in 万元
    return {"value": r.objective, "spending": None if spending is None else spending * 1e4,
            "moves": stages.get("moves")}


@pytest.fixture
def scenario(tmp_path):
    p = tiny(tmp_path)
    return p, yaml.safe_load(p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("solver, jobs", [("highs", 1), ("highs", 2), ("cbc", 2)])
def test_points_match_single_runs(scenario, solver, jobs):
    path, data = scenario
    v = parse_vary("quota.new_construction=-30%..+30%", data, 7)
    table = run_sweep(path, [v], solver=solver, jobs=jobs)
    assert list(table["quota.new_construction"]) == list(v.values)
    for row in table.itertuples(index=False):
        ref = single(set_field(data, v.path, row[0]), "cbc")
        assert row.objective == pytest.approx(ref["value"], abs=1e-4)
        if ref["spending"] is not None:
            assert row.spending == pytest.approx(ref["spending"], abs=1)


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_point_counts_and_town_land_equal_the_single_run(scenario, solver):
    """Not only the objective: the funded and partial counts and each town's land of a sweep
    point are those of the single run's towns.csv (one snapping and status rule)."""
    path, data = scenario
    v = parse_vary("quota.new_construction=-30%..+30%", data, 5)
    table = run_sweep(path, [v], solver=solver, jobs=1)
    for row in table.to_dict("records"):
        d = set_field(data, v.path, row[v.path])
        m = build_model(prepare(parse_scenario(d)))
        towns = extract(m, solve(m, solver=solver)).towns
        assert row["funded"] == towns["funded"].sum()
        assert row["partial"] == towns["partial"].sum()
        for t in towns.itertuples(index=False):
            assert row[f"land_{t.code}"] == t.allocated


def test_grid_of_two_fields(scenario):
    path, data = scenario
    va = parse_vary("quota.new_construction=80..120", data, 3)
    vb = parse_vary("reclamation_budget=-50%..0%", data, 3)
    table = run_sweep(path, [va, vb], solver="highs", jobs=1)
    assert len(table) == 9
    for row in table.itertuples(index=False):
        d = set_field(set_field(data, va.path, row[0]), vb.path, row[1])
        assert row.objective == pytest.approx(single(d, "highs")["value"], abs=1e-4)


def test_rebuilt_path_for_other_fields(scenario):
    path, data = scenario
    v = parse_vary("projects.P1.area=30..60", data, 4)
    table = run_sweep(path, [v], solver="highs", jobs=1)
    for row in table.itertuples(index=False):
        d = set_field(data, v.path, row[0])
        assert row.objective == pytest.approx(single(d, "cbc")["value"], abs=1e-4)


def test_dask_scheduler_gives_the_same_table(scenario):
    distributed = pytest.importorskip("dask.distributed")
    path, data = scenario
    v = parse_vary("quota.new_construction=-30%..+30%", data, 9)
    local = run_sweep(path, [v], solver="highs", jobs=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        remote = run_sweep(path, [v], solver="highs", scheduler=cluster.scheduler_address)
    assert local.equals(remote)


@pytest.mark.parametrize("spec, message", [
    ("quota.new_construction", "is not of the form FIELD=FROM..TO"),
    ("quota.nothing=1..2", "the scenario has no `nothing` here"),
    ("towns.341126109.max=1..2", "no entry with code or id `341126109`"),
    ("name=1..2", "not a number"),
])
def test_bad_vary(scenario, spec, message):
    _, data = scenario
    with pytest.raises(ScenarioError, match=message):
        parse_vary(spec, copy.deepcopy(data), 5)


def _table(values, **cols):
    import pandas as pd

    return pd.DataFrame({**values, "status": "optimal", **cols})


def test_chart_draws_funded_at_the_solved_values_and_a_colour_per_town():
    import matplotlib.pyplot as plt
    import numpy as np

    from landplan.analysis.sweep_outputs import figure
    from landplan.analysis.vary import Vary

    xs = [80.0, 95.0, 120.0]  # uneven: a step at midpoints would invent 87.5 and 107.5
    towns = {f"land_{i:02d}": [1.0 + i, 2.0 + i, 3.0 + i] for i in range(12)}
    t = _table({"quota.new_construction": xs}, objective=[1.0, 2.0, 3.0], funded=[3, 4, 6],
               **towns)
    fig = figure(t, [Vary("quota.new_construction", tuple(xs), 100.0)], {}, "zh")
    funded = fig.axes[1].lines[0].get_xydata()
    assert np.array_equal(funded, [[80, 3], [95, 4], [120, 6]])
    assert fig.axes[1].lines[0].get_linestyle() == "None"
    colours = {line.get_color() for line in fig.axes[2].lines}
    assert len(colours) == 12
    plt.close(fig)


def test_grid_chart_shows_the_budget_in_wan_yuan():
    import matplotlib.pyplot as plt

    from landplan.analysis.sweep_outputs import figure
    from landplan.analysis.vary import Vary

    t = _table({"quota.new_construction": [80.0, 80.0, 120.0, 120.0],
                "reclamation_budget": [500_000.0, 1_000_000.0] * 2},
               objective=[1.0, 2.0, 3.0, 4.0], funded=[1, 2, 3, 4])
    fig = figure(t, [Vary("quota.new_construction", (80.0, 120.0), 100.0),
                     Vary("reclamation_budget", (500_000.0, 1_000_000.0), 1e6)], {}, "zh")
    ax = fig.axes[0]
    assert "万元" in ax.get_ylabel()
    lo, hi = ax.get_ylim()
    assert 25 <= lo <= 50 and 100 <= hi <= 130  # 50 and 100 万元 with half a cell either side
    assert ax.yaxis.get_offset_text().get_text() == ""
    plt.close(fig)


def test_grid_chart_has_a_heat_map_of_land_per_town_on_one_scale():
    import matplotlib.pyplot as plt
    import numpy as np

    from landplan.analysis.sweep_outputs import figure
    from landplan.analysis.vary import Vary

    t = _table({"quota.new_construction": [80.0, 80.0, 120.0, 120.0],
                "reclamation_budget": [500_000.0, 1_000_000.0] * 2},
               objective=[1.0, 2.0, 3.0, 4.0], funded=[1, 2, 3, 4],
               land_A=[10.0, 20.0, 30.0, 40.0], land_B=[0.0, 0.0, 5.0, 60.0])
    fig = figure(t, [Vary("quota.new_construction", (80.0, 120.0), 100.0),
                     Vary("reclamation_budget", (500_000.0, 1_000_000.0), 1e6)],
                 {"A": "甲镇", "B": "乙镇"}, "zh")
    towns = {ax.get_title(): ax for ax in fig.axes if ax.get_title() in ("甲镇", "乙镇")}
    assert set(towns) == {"甲镇", "乙镇"}
    mesh = towns["乙镇"].collections[0]
    # rows are the budget (50, 100 万元), columns the quota (80, 120): 乙镇 gets 60 at (120, 100)
    assert np.array_equal(np.asarray(mesh.get_array()).reshape(2, 2), [[0.0, 5.0], [0.0, 60.0]])
    assert mesh.norm.vmin == 0.0 and mesh.norm.vmax == 60.0  # one scale for every town
    assert towns["甲镇"].collections[0].norm.vmax == 60.0
    cells = sorted(x.get_text() for x in towns["甲镇"].texts)
    assert cells == ["10", "20", "30", "40"]
    plt.close(fig)


def test_line_chart_names_each_town_at_its_line_end():
    import matplotlib.pyplot as plt

    from landplan.analysis.sweep_outputs import figure
    from landplan.analysis.vary import Vary

    t = _table({"quota.new_construction": [80.0, 120.0]}, objective=[1.0, 2.0], funded=[1, 2],
               land_A=[10.0, 30.0], land_B=[5.0, 30.0])
    fig = figure(t, [Vary("quota.new_construction", (80.0, 120.0), 100.0)],
                 {"A": "甲镇", "B": "乙镇"}, "zh")
    ends = {a.get_text(): a.xy for a in fig.axes[2].texts}
    assert ends == {"甲镇": (120.0, 30.0), "乙镇": (120.0, 30.0)}
    ys = sorted(a.xyann[1] for a in fig.axes[2].texts)
    assert ys[0] == 30.0 and ys[1] > 30.0  # the equal ends are nudged apart
    plt.close(fig)


def test_chart_names_county_year_scenario_and_synthetic_data():
    import matplotlib.pyplot as plt

    from landplan.analysis.sweep_outputs import figure
    from landplan.analysis.vary import Vary

    t = _table({"quota.new_construction": [80.0, 120.0]}, objective=[1.0, 2.0], funded=[1, 2])
    about = {"county": "凤阳县", "year": 2026, "scenario": "demo", "synthetic": True}
    fig = figure(t, [Vary("quota.new_construction", (80.0, 120.0), 100.0)], {}, "zh", about)
    assert fig._suptitle.get_text() == "凤阳县 2026年 · 情景扫描 · 方案：demo"
    assert "本例数据为合成示例数据，非真实调查数据" in [x.get_text() for x in fig.texts]
    plt.close(fig)
    fig = figure(t, [Vary("quota.new_construction", (80.0, 120.0), 100.0)], {}, "en",
                 about | {"synthetic": False})
    assert fig._suptitle.get_text() == "凤阳县 2026 · Scenario sweep · scenario: demo"
    assert not [x for x in fig.texts if "synthetic" in x.get_text()]
    plt.close(fig)
