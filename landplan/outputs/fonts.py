"""A CJK font for matplotlib, so Chinese labels render as glyphs and not as empty boxes."""

from __future__ import annotations

from landplan.errors import FontError, Problem

PREFERRED = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans SC",
    "Microsoft YaHei", "PingFang SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei",
    "Heiti SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Serif CJK SC", "AR PL UMing CN",
)  # fmt: skip


def cjk_family() -> str:
    """The first installed CJK family (preferred ones first); a clear error when there is none."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for family in PREFERRED:
        if family in names:
            return family
    for name in sorted(names):
        if "CJK" in name or name.endswith((" SC", " CN")):
            return name
    raise FontError(Problem(
        "no Chinese (CJK) font is installed, so the figures' Chinese text would be empty boxes",
        hint="install one, e.g. `apt-get install fonts-noto-cjk` (Debian/Ubuntu) or "
        "`dnf install google-noto-sans-cjk-fonts`, then run the command again"))


def use_cjk() -> str:
    """Make matplotlib draw text with the CJK family (and keep minus signs readable)."""
    import matplotlib

    family = cjk_family()
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return family
