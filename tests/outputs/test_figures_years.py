"""The figures of a rolling plan: county-years (each town's land by year, the county's
land per year against its quota) and migrants (人地挂钩), beside the county and town sheets,
titled with the plan's years; a one-year run has neither."""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from matplotlib.text import Text
from PIL import Image

from landplan.outputs.chart_labels import chart_about, chart_title
from landplan.outputs.figures import write_figures
from landplan.outputs.figures_years import COUNTY_YEARS, MIGRANTS, county_years, migrants
from landplan.outputs.view import RunView
from tests.outputs.county import HOSTILE_TOWN


@pytest.fixture(scope="module")
def rolling_view(rolling_run) -> RunView:
    return RunView.from_folder(rolling_run)


@pytest.fixture(scope="module")
def rolling_figures(rolling_view, artifacts):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = write_figures(rolling_view, artifacts / "rolling-figures", "zh")
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert missing == [], "a glyph fell back to an empty box"
    for p in paths:
        if p.suffix == ".png":
            print(f"\nlook at: {p}")
    return paths


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def test_a_rolling_run_adds_the_year_figures(rolling_figures):
    assert [p.name for p in rolling_figures] == [
        "county.png", "county.svg", "town-341126101.png", "town-341126101.svg",
        f"{COUNTY_YEARS}.png", f"{COUNTY_YEARS}.svg", f"{MIGRANTS}.png", f"{MIGRANTS}.svg",
    ]
    for p in rolling_figures:
        if p.suffix == ".png":
            with Image.open(p) as im:
                assert round(im.info["dpi"][0]) == 300
                assert abs(im.width - 180 / 25.4 * 300) <= 2
                assert np.asarray(im.convert("L")).std() > 20, f"{p.name} is blank"
        else:
            ns = "{http://www.w3.org/2000/svg}"
            assert not list(ET.parse(p).getroot().iter(f"{ns}text")), "text as outlines"


def test_titles_name_the_county_years_scenario_and_synthetic(rolling_view):
    about = chart_about(rolling_view.scenario)
    assert about["years"] == (2026, 2027)
    for draw, title in ((county_years, "乡镇分年度用地安排"),
                        (migrants, "人地挂钩：落户人口用地与住房民生安排")):
        words = texts(draw(rolling_view, "zh"))
        head = chart_title(title, about, "zh")
        assert head in words
        assert head.startswith("凤阳县（测试） 2026—2027年 · ") and head.endswith("方案：hand-rolling")
        assert "本例数据为合成示例数据，非真实调查数据" in words
    english = texts(county_years(rolling_view, "en"))
    assert ("凤阳县（测试） 2026–2027 · land allocated per town, by year · scenario: hand-rolling"
            in english)


def test_county_years_stacks_each_towns_land_by_year(rolling_view):
    """The bars are towns_by_year.csv: 大庙镇 40 mu in 2026 and 5 in 2027, 府城镇 64 in 2027;
    the county's bars are each year's land from quota and linkage, and its quota (60)."""
    fig = county_years(rolling_view, "zh")
    top, bottom = fig.axes
    heights = {}
    for bars in top.containers:
        heights[bars.get_label()] = [round(b.get_height(), 4) for b in bars]
    names = [t.get_text().replace("\n", "") for t in top.get_xticklabels()]
    assert names == [HOSTILE_TOWN, "★大庙镇", "刘府镇"]  # by total, pilot starred, as text
    assert heights == {"2026年": [0.0, 40.0, 5.0], "2027年": [64.0, 5.0, 0.0]}
    county = {bars.get_label(): [round(b.get_height(), 4) for b in bars]
              for bars in bottom.containers}
    assert county == {"使用计划指标": [45.0, 55.0], "使用挂钩指标": [0.0, 14.0],
                      "年度计划指标": [60.0, 60.0]}


def test_migrants_sets_the_land_they_bring_against_what_the_town_got(rolling_view):
    """大庙镇: 100 and 120 settled migrants at 100 m² (land per resident 80 m² before): 15 and
    18 mu; it was given 0 and 5 mu of housing and livelihood land."""
    fig = migrants(rolling_view, "zh")
    (ax,) = fig.axes
    got = {bars.get_label(): [round(b.get_height(), 4) for b in bars] for bars in ax.containers}
    assert got == {"落户人口对应用地（人地挂钩）": [15.0, 18.0], "已安排住房与民生用地": [0.0, 5.0]}
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["2026年\n落户100人", "2027年\n落户120人"]
    assert ax.get_title(loc="left") == "大庙镇（亩）"


def test_each_year_figure_has_a_title_for_its_caption():
    from landplan.outputs.figures_years import figure_title

    assert figure_title(COUNTY_YEARS, "zh") == "乡镇分年度用地安排"
    assert figure_title(MIGRANTS, "en") == "人地挂钩: migrants' land and land given"
    assert figure_title("county", "zh") is None


def test_a_one_year_run_has_no_year_figures(view):
    from landplan.outputs.figures_years import year_sheets

    assert year_sheets(view) == []
    assert "years" not in chart_about(view.scenario)
