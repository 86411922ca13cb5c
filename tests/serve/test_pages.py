"""The scenario page's JSON, written the quick way, is exactly what page_json writes."""

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
