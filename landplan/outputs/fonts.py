"""A CJK font for matplotlib, so Chinese labels render as glyphs and not as empty boxes."""

from __future__ import annotations

from functools import cache

from landplan.errors import LandplanError, Problem

PREFERRED = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
             "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC")


class FontError(LandplanError):
    exit_code = 7
    title = "No Chinese font is installed"


@cache
def cjk_family() -> str:
    """The first installed CJK family; a clear error when there is none."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in PREFERRED:
        if name in names:
            return name
    raise FontError(Problem(
        "figures need a Chinese (CJK) font and none is installed",
        hint="install one, e.g. `apt-get install fonts-noto-cjk` (Debian/Ubuntu), then rerun"))


def use_cjk() -> str:
    """Make matplotlib draw text with the CJK family (and keep minus signs readable)."""
    import matplotlib

    family = cjk_family()
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return family
