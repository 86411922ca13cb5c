"""The pages' own parts: the scenario page's JSON, written the quick way, is exactly what
page_json writes; the solver's status in the page's language."""

from __future__ import annotations

import pytest

from landplan.outputs.escape import page_json
from landplan.serve.pages import _page_json


@pytest.mark.parametrize("obj", [
    {"grids": [{"rows": [["P001", "</script><script>alert(1)</script>", "a\u2028b\u2029c"]]}]},
    {"rows": [["{{ 7*7 }}", "{% raw %}", "{# x #}"]]},
    {"k{": 1, "<!--": ["-->"]},
    {"t": ("x", 1, None, True, 2.5), "名称": "府城镇"},
])
def test_the_quick_way_writes_what_page_json_writes(obj):
    assert _page_json(obj) == page_json(obj)


def test_the_solver_status_is_said_in_the_page_language():
    from landplan.serve.results import solver_status

    assert solver_status("optimal", 0.0, "zh") == "已证明最优"
    assert solver_status("optimal", 0.01, "zh") == "最优性差距 ≤ 0.01"
    assert solver_status("optimal", None, "en") == "proven optimal"
    assert solver_status("feasible", 0.0, "zh") == "有可行解，未证明最优（求解时间用尽）"
    assert solver_status("infeasible", 0.0, "en") == "infeasible"
