"""Static figures: PNG and SVG at 300 dpi, Chinese that renders (no empty boxes)."""

from __future__ import annotations

import re
import shutil
import warnings
import xml.etree.ElementTree as ET

import matplotlib
import numpy as np
import pytest
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from landplan.errors import LandplanError
from landplan.outputs.figures import cjk_font, redraw_figures, write_figures


@pytest.fixture(scope="module")
def figures(view, artifacts):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = write_figures(view, artifacts / "figures", "zh")
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert missing == [], "a glyph fell back to an empty box"
    for p in paths:
        if p.suffix == ".png":
            print(f"\nlook at: {p}")
    return paths


def test_county_and_each_pilot_town(figures):
    assert [p.name for p in figures] == [
        "county.png",
        "county.svg",
        "town-341126101.png",
        "town-341126101.svg",
    ]


def test_png_is_300_dpi_and_180_mm_wide(figures):
    for p in figures:
        if p.suffix != ".png":
            continue
        with Image.open(p) as im:
            dpi = im.info["dpi"]
            assert round(dpi[0]) == 300 and round(dpi[1]) == 300
            assert abs(im.width - 180 / 25.4 * 300) <= 2
            pixels = np.asarray(im.convert("L"))
        assert pixels.std() > 20, "the figure is not blank"


def test_svg_text_is_outlined(figures):
    for p in figures:
        if p.suffix != ".svg":
            continue
        root = ET.parse(p).getroot()
        ns = "{http://www.w3.org/2000/svg}"
        assert not list(root.iter(f"{ns}text")), "text as paths shows without Chinese fonts"
        assert len(list(root.iter(f"{ns}path"))) > 100


def test_figures_are_reproducible(view, tmp_path):
    a = write_figures(view, tmp_path / "a", "zh")
    b = write_figures(view, tmp_path / "b", "zh")
    for pa, pb in zip(a, b, strict=True):
        if pa.suffix == ".svg":
            assert pa.read_bytes() == pb.read_bytes()


def test_english_figures(view, tmp_path):
    paths = write_figures(view, tmp_path, "en")
    assert len(paths) == 4


def test_chinese_glyphs_are_not_tofu():
    """Two different Chinese words drawn in the chosen font must differ; in a font without
    them both would be the same row of empty boxes (the control shows the test can tell)."""
    font = cjk_font()

    def pixels(text: str, family: str) -> np.ndarray:
        fig = Figure(figsize=(2, 0.5), dpi=100)
        FigureCanvasAgg(fig)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fig.text(0.05, 0.3, text, fontsize=20, family=family)
            fig.canvas.draw()
        return np.asarray(fig.canvas.buffer_rgba())[..., 0]

    a, b = pixels("乡镇指标", font), pixels("项目用地", font)
    assert (a < 128).sum() > 200 and (b < 128).sum() > 200
    assert not np.array_equal(a, b)
    tofu_a, tofu_b = pixels("乡镇指标", "DejaVu Sans"), pixels("项目用地", "DejaVu Sans")
    assert np.array_equal(tofu_a, tofu_b), "DejaVu Sans has no Chinese: both are boxes"


def test_no_cjk_font_is_a_clear_error(monkeypatch):
    latin = [f for f in font_manager.fontManager.ttflist if "DejaVu" in f.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", latin)
    with pytest.raises(LandplanError, match=re.escape("no Chinese (CJK) font is installed")) as e:
        cjk_font()
    assert "apt-get install fonts-noto-cjk" in str(e.value)


def test_redraw_from_a_run_folder(run_folder, tmp_path):
    copy = tmp_path / "run"
    shutil.copytree(run_folder, copy)
    paths = redraw_figures(copy)
    assert paths[0] == copy / "figures" / "county.png"
    assert not list((copy / "figures").glob(".*partial*"))


def test_figures_without_layers(view, tmp_path):
    from landplan.outputs.view import RunView

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
    paths = write_figures(bare, tmp_path, "zh")
    assert [p.name for p in paths] == ["county.png", "county.svg"]  # no town drawn


def test_town_sheet_labels_are_legible_apart_and_keyed(view):
    """Project ids at 6 pt or more, no two overlapping, and a key table beside the map with
    the names whole."""
    from landplan.outputs.figures import town_figure
    from landplan.outputs.gpkg import allocation_layers

    frames = allocation_layers(view, "zh")
    with matplotlib.rc_context({"font.family": [cjk_font(), "DejaVu Sans"]}):
        fig = town_figure(view, frames, "341126101", "zh")
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax, side = fig.axes[0], fig.axes[1]
    ids = [t for t in ax.texts if re.fullmatch(r"P\d+", t.get_text())]
    assert sorted(t.get_text() for t in ids) == ["P1", "P6"]
    assert min(t.get_fontsize() for t in ids) >= 6
    boxes = [t.get_window_extent(renderer) for t in ids]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    table = [t.get_text() for t in side.texts]
    assert "项目一览" in table and "安排（亩）" in table
    assert table.index("P1") < table.index("P6")
    # the name as text, whole: wrapped within its column, never cut with "…"
    assert not any("…" in t for t in table)
    assert "<script>alert(1)</script>" in [t.replace("\n", "") for t in table]
    assert any("\n" in t for t in table)


def test_dollar_signs_in_names_are_text(view):
    from landplan.outputs.figures import town_figure
    from landplan.outputs.gpkg import allocation_layers

    frames = allocation_layers(view, "zh")
    sites = frames["project_sites"]
    sites.loc[sites["project_id"] == "P1", "name"] = "$x^2$ 项目"
    with matplotlib.rc_context({"font.family": [cjk_font(), "DejaVu Sans"]}):
        fig = town_figure(view, frames, "341126101", "zh")
        FigureCanvasAgg(fig).draw()  # math text would fail or render as x²
    assert "$x^2$ 项目" in [t.get_text() for t in fig.axes[1].texts]
    assert all(not t.get_parse_math() for t in fig.texts + fig.axes[0].texts + fig.axes[1].texts)


def test_a_long_title_is_made_smaller_to_end_before_the_badge() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from landplan.outputs.figures import DPI, SIZE_IN, _fit_left_of

    fig = Figure(figsize=SIZE_IN, dpi=DPI)
    title = fig.text(0.025, 0.955, "凤阳县（合成示例） 2026—2028年新增建设用地计划指标分配图"
                     "（滚动计划）", fontsize=12.5, fontweight="bold")
    badge = fig.text(0.975, 0.955, "⚠ 本例数据为合成示例数据，非真实调查数据", fontsize=7,
                     ha="right")
    _fit_left_of(title, badge)
    renderer = FigureCanvasAgg(fig).get_renderer()
    assert title.get_fontsize() < 12.5
    assert title.get_window_extent(renderer).x1 < badge.get_window_extent(renderer).x0
