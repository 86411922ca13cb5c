"""map.html: written by every run, redrawn from a finished run, light, offline and escaped."""

from __future__ import annotations

import functools
import json
import re
import time
from pathlib import Path

import pytest

from landplan.errors import LandplanError
from landplan.outputs.map import (
    build_map,
    class_breaks,
    map_html,
    redraw_map,
    write_map,
    write_run_maps,
)
from landplan.outputs.view import RunView
from landplan.run import run
from tests.outputs.county import EVIL

LAYERS_ZH = [
    "乡镇（按安排面积着色）", "永久基本农田", "生态保护红线", "工业园区", "城镇开发边界",
    "增减挂钩拆旧地块", "补充耕地项目", "项目用地：足额保障（2）", "项目用地：部分保障（1）",
    "项目用地：未获指标（1）", "项目用地：用地不合规（1）", "项目用地：重点项目冲突（1）", "乡镇名称",
]  # fmt: skip


def test_every_run_writes_map_and_gpkg(hand_run):
    folder = hand_run.folder
    assert (folder / "map.html").is_file()
    assert (folder / "allocation.gpkg").is_file()
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert {"map.html", "allocation.gpkg"} <= set(summary["files"])
    assert not list(folder.parent.glob(".*partial*")), "no half-written file is left behind"


def test_redraw_gives_the_same_page(run_folder, tmp_path):
    before = (run_folder / "map.html").read_bytes()
    path = redraw_map(run_folder)
    assert path == run_folder / "map.html"
    assert path.read_bytes() == before, "same run, same page, byte for byte"


def test_title_block_states_scenario_year_objective_and_synthetic(view):
    text = _visible_text(_page(view))
    assert "凤阳县（测试） 2026年度新增建设用地计划指标分配图" in text
    assert "方案：hand-county" in text
    assert "目标函数值 997" in text and "已证明最优" in text
    assert "本例数据为合成示例数据，非真实调查数据" in text
    assert "1 个项目无用地红线，未上图" in text  # P7 has no site


def test_no_synthetic_note_for_real_data(tmp_path):
    from tests.outputs.conftest import solve_county

    result = solve_county(tmp_path, synthetic=False)
    page = (result.folder / "map.html").read_text(encoding="utf-8")
    assert "合成示例数据" not in page


def test_english(view):
    text = _page(view, lang="en")
    assert '<html lang="en">' in text
    for words in (
        "construction-land quota allocation",
        "Project sites: funded (2)",
        "Permanent basic farmland",
        "demo data: synthetic, not real survey data",
        "Land allocated per town (mu)",
    ):
        assert words in text


def test_offline_page_loads_nothing_from_the_network(view):
    text = _page(view)
    markup = re.sub(r"<(script|style)>.*?</\1>", "", text, flags=re.S)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", markup)
    styles = "".join(re.findall(r"<style>(.*?)</style>", text, flags=re.S))
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", styles)
    assert "@import" not in styles
    for host in ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "code.jquery.com", "unpkg.com"):
        assert host not in text
    assert "L.tileLayer" not in text  # no basemap by default
    assert "底图：无（可离线使用）" in text


def test_names_from_the_scenario_are_escaped(view):
    text = _page(view)
    assert EVIL not in text
    assert "&lt;script&gt;alert(1)&lt;&#47;script&gt;" in text
    scripts = re.findall(r"<script\b", text)
    assert len(scripts) == 4, "Leaflet, landplan-map.js, folium's switches, the map: no more"


def test_script_data_cannot_close_the_script(view):
    view.allocation.loc[0, "reason"] = "</script><!--"
    try:
        text = _page(view)
    finally:
        view.allocation.loc[0, "reason"] = ""
    body = text[text.index("var map_") :]
    assert "</script><!--" not in body


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"basemap": "osm"}, "basemap `osm` needs the internet"),
        ({"basemap": "gaode", "offline": False}, "unknown basemap `gaode`"),
        ({"basemap": "tianditu", "offline": False}, "basemap `tianditu` needs a 天地图 key"),
    ],
)
def test_basemap_refusals(view, kwargs, message):
    with pytest.raises(LandplanError, match=re.escape(message)):
        build_map(view, **kwargs)


def test_online_basemaps(view):
    assert "tile.openstreetmap.org" in _page(view, offline=False)
    key = "0123456789abcdef0123456789abcdef"
    text = _page(view, offline=False, basemap="tianditu", tianditu_key=key)
    assert "tianditu.gov.cn/vec_w/wmts" in text and "cva_w" in text and key in text
    assert "底图：天地图" in text


def test_local_tile_server_offline(view):
    url = "http://10.0.0.5/tiles/{z}/{x}/{y}.png"
    text = _page(view, basemap=url)
    assert url in text and "底图：本地瓦片服务" in text


def test_map_without_layers(view):
    bare = RunView(
        view.folder,
        view.scenario,
        view.summary,
        view.allocation,
        view.towns,
        view.linkage,
        view.reclamation,
        {},
    )
    text = _page(bare)
    assert "本方案未提供图层，地图无可绘内容" in text


def test_map_is_light_and_quick(view, tmp_path):
    t0 = time.perf_counter()
    path = write_map(view, tmp_path / "map.html")
    assert time.perf_counter() - t0 < 2.0
    assert path.stat().st_size < 300_000  # Leaflet inlined (~170 KB) and three towns
    assert "landuse" not in path.read_text(encoding="utf-8").lower()


@pytest.mark.parametrize(
    ("values", "breaks"),
    [
        ([0, 0], []),
        ([0, 45, 69], [20, 40, 60, 80, 100]),
        ([405, 429.3], [100, 200, 300, 400, 500]),
        ([3.2], [1, 2, 3, 4, 5]),
    ],
)
def test_class_breaks_are_round(values, breaks):
    import numpy as np

    assert class_breaks(np.array(values, dtype=float)) == breaks


def _page(view: RunView, **kwargs) -> str:
    return map_html(view, **kwargs)


def _visible_text(page: str) -> str:
    title = re.search(r'<div id="lp-title".*?</div></div>', page, re.S).group(0)
    return re.sub(r"<[^>]+>", "\n", title)


def test_map_written_atomically(view, tmp_path, monkeypatch):
    target = tmp_path / "map.html"
    target.write_text("old", encoding="utf-8")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(Path, "write_text", boom)
    with pytest.raises(OSError):
        write_map(view, target)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old"


def test_demo_county(tmp_path):
    """The synthetic demo county: every layer drawn, built quickly, light."""
    demo = pytest.importorskip("landplan.demo")
    from tests.outputs.browser import CHROMIUM, inspect

    scenario = demo.generate_county(
        tmp_path / "demo.yaml", tmp_path / "gis", n_parcels=3000, n_projects=60
    )
    result = run(
        scenario, out=tmp_path / "run", after_write=functools.partial(write_run_maps, lang="zh")
    )
    view = RunView.from_folder(result.folder)
    t0 = time.perf_counter()
    page = write_map(view, tmp_path / "again.html")
    assert time.perf_counter() - t0 < 2.0
    assert page.stat().st_size < 1_500_000
    text = page.read_text(encoding="utf-8")
    assert "本例数据为合成示例数据" in text
    if CHROMIUM:
        seen = inspect(page, tmp_path, "")
        assert seen["errors"] == [] and seen["resources"] == []
        assert len(seen["overlays"]) >= 10


def test_popups_speak_in_mu_with_hectares_and_wan_yuan(view):
    page = _page(view)
    assert "费用（万元）" in page and "费用(元)" not in page
    assert "40 亩（2.67 公顷）" in page  # P1 allocated 40 mu
    assert "项目 7 个：足额保障 2，部分保障 1，未获指标 2，用地不合规 1，重点项目冲突 1" in page
