"""map.html as a planner sees it: headless Chromium with no network at all.

The screenshots are saved for a person to look at; their paths are printed (pytest -s).
"""

from __future__ import annotations

import pytest

from tests.outputs.browser import inspect, needs_chromium, screenshot
from tests.outputs.county import EVIL
from tests.outputs.test_map import LAYERS_ZH

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def clicked(run_folder, artifacts) -> dict:
    """The run's own map.html, opened offline, with the `<script>` project's site clicked."""
    return inspect(run_folder / "map.html", artifacts, "alert(1)")


def test_map_renders_without_errors_or_network(clicked):
    assert clicked["mapFound"]
    assert clicked["errors"] == []
    assert clicked["stderr_console"] == []
    assert clicked["resources"] == [], "an offline page fetches nothing"


def test_every_layer_can_be_switched(clicked):
    assert [o["name"] for o in clicked["overlays"]] == LAYERS_ZH
    assert all(o["checked"] for o in clicked["overlays"])
    assert clicked["labels"] == 3  # one per town
    assert clicked["paths"] >= 20  # towns, planning layers, parcels, sites and their dots


def test_title_and_legend_are_shown(clicked):
    assert "2026年度新增建设用地计划指标分配图" in clicked["title"]
    assert "本例数据为合成示例数据" in clicked["title"]
    assert clicked["legend"].startswith("乡镇安排面积（亩）")


def test_north_arrow_and_activation_legend(clicked):
    assert clicked["north"], "a north arrow among the map's controls"
    legend = clicked["legend"]
    assert "增减挂钩与补充耕地：实施情况" in legend
    for words in ("增减挂钩拆旧地块：", "补充耕地项目：", "已实施", "部分实施", "未实施"):
        assert words in legend
    assert "&gt;0 – " not in legend and ">0 – " in legend  # the 0 class is its own


def test_rural_sites_are_dots_at_county_zoom(clicked):
    assert clicked["zoom"] < 15
    assert clicked["ruralDots"] == 3  # L1, L2 and R1, each one dot
    assert clicked["ruralDotsNear"] == 0, "zoomed in, the parcels themselves are drawn"


def test_popup_of_a_conflict_shows_the_overlap_first(run_folder, artifacts):
    seen = inspect(run_folder / "map.html", artifacts, "重点项目冲突")
    popup = seen["popup"]
    text = popup["text"]
    assert "占用生态保护红线" in text
    assert text.index("占用生态保护红线") < text.index("申请面积"), "the reason comes first"
    assert "lp-why" in popup["html"]
    assert "未安排用地，不占用耕地和水田。" in text
    assert "重点项目 · 重点项目" not in text
    assert "重点类项目 · 重点项目（必保）" in text  # the category, then the priority flag
    assert "公顷" in text


def test_popup_shows_the_name_as_text(clicked):
    popup = clicked["popup"]
    assert popup is not None, "clicking the site opened no popup"
    assert popup["text"].splitlines()[0] == EVIL
    assert popup["scripts"] == 0
    for words in (
        "P6 · 大庙镇 · 民生项目",
        "足额保障",
        "申请面积",
        "安排面积",
        "使用计划指标",
        "使用挂钩指标",
        "占用耕地",
    ):
        assert words in popup["text"]


def test_popup_of_an_unfunded_project_gives_the_reason(run_folder, artifacts):
    seen = inspect(run_folder / "map.html", artifacts, "府城镇安置小区")
    text = seen["popup"]["text"]
    assert "未获指标" in text
    assert "须至少供地 30 亩（最低比例 1），不可拆分" in text
    assert seen["errors"] == []


def test_screenshots_for_a_person(run_folder, artifacts, view):
    from landplan.outputs.map import write_map

    shots = [screenshot(run_folder / "map.html", artifacts / "map-zh.png")]
    english = write_map(view, artifacts / "map-en.html", lang="en")
    shots.append(screenshot(english, artifacts / "map-en.png"))
    probed = artifacts / "probed-map.html"  # written by the `clicked` fixture: popup open
    if probed.is_file():
        shots.append(screenshot(probed, artifacts / "map-popup.png"))
    for shot in shots:
        assert shot.stat().st_size > 20_000, "a blank page compresses to almost nothing"
        print(f"\nlook at: {shot}")
