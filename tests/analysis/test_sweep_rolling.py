"""A sweep of a rolling plan: one year's figure varied (`quota.new_construction.2027`), each
point the same as a single run of the changed scenario."""

import copy

import pytest

from landplan.analysis.sweep import run_sweep
from landplan.analysis.vary import parse_vary, set_field
from landplan.errors import ScenarioError
from tests.analysis.test_sweep import single
from tests.outputs.test_tables_horizon import rolling, write


def test_one_years_quota_is_swept(tmp_path):
    data = rolling()
    path = write(tmp_path, data)
    v = parse_vary("quota.new_construction.2027=10..40", copy.deepcopy(data), 3)
    table = run_sweep(path, [v], solver="highs", jobs=1)
    assert list(table["quota.new_construction.2027"]) == [10.0, 25.0, 40.0]
    assert set(table["status"]) == {"optimal"}
    for x, value in zip(v.values, table["objective"], strict=True):
        changed = set_field(data, "quota.new_construction.2027", x)
        assert changed["quota"]["new_construction"] == {2026: 40, 2027: x}
        assert value == pytest.approx(single(changed, "highs")["value"], abs=1e-4)
    assert table["objective"].is_monotonic_increasing


def test_a_figure_by_year_is_varied_one_year_at_a_time():
    with pytest.raises(ScenarioError, match="a figure for each year") as e:
        parse_vary("quota.new_construction=-10%..0%", rolling(), 3)
    assert "quota.new_construction.2026" in str(e.value.problems[0].hint)
