"""A sweep's folder: sweep.csv, a chart (PNG and SVG) and summary.json."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from landplan.analysis.vary import Vary
from landplan.model import rules
from landplan.model.rules.spec import Field, say
from landplan.outputs.chart_labels import chart_title, mark_synthetic
from landplan.outputs.escape import PLAIN_TEXT, write_csv
from landplan.outputs.runfolder import RunFolder
from landplan.outputs.runformat import SUMMARY
from landplan.outputs.tables import write_json

LABELS = {
    "zh": {"objective": "目标值(总效益)", "funded": "足额保障项目数", "land": "各乡镇安排用地(亩)",
           "title": "情景扫描", "synthetic": "合成示例数据", "base": "情景原值",
           "small": "各乡镇安排用地(亩)：横轴 {x}，纵轴 {y}；红框为情景原值"},
    "en": {"objective": "objective (value)", "funded": "projects funded in full",
           "land": "land per town (mu)", "title": "Scenario sweep", "synthetic": "synthetic data",
           "base": "scenario value",
           "small": "land per town (mu): across {x}, up {y}; red square: the scenario's own values"},
}


def _field(path: str) -> Field | None:
    """The declared field (its label and chart scale), from the rule whose limit it sets."""
    return rules.families().fields().get(path)


def _scale(path: str) -> float:
    f = _field(path)
    return 1.0 if f is None else f.scale


def axis_values(table: pd.DataFrame, path: str) -> pd.Series:
    """The varied field's values as the chart shows them (money in 万元)."""
    return table[path] * _scale(path)


def field_label(path: str, lang: str) -> str:
    f = _field(path)
    return path if f is None or f.label is None else f"{say(f.label, lang)}  [{path}]"


def write_sweep(folder: Path, table: pd.DataFrame, varies: list[Vary], meta: dict,
                town_names: dict[str, str], lang: str = "zh", about: dict | None = None) -> Path:
    """Write the sweep folder whole or not at all. `about`: the scenario the chart names
    (`chart_about`)."""
    with RunFolder(folder) as tmp:
        write_csv(table, tmp / "sweep.csv")
        chart(table, varies, town_names, lang, tmp / "sweep.png", about)
        write_json(tmp / SUMMARY.name, meta | {"points": len(table),
                                                "varied": [v.__dict__ for v in varies],
                                                "written": time.strftime("%Y-%m-%d %H:%M:%S")})
    return folder


def chart(table: pd.DataFrame, varies: list[Vary], town_names: dict[str, str], lang: str,
          path: Path, about: dict | None = None) -> None:
    import matplotlib.pyplot as plt

    fig = figure(table, varies, town_names, lang, about)
    fig.savefig(path, dpi=150)
    fig.savefig(path.with_suffix(".svg"))
    plt.close(fig)


def figure(table: pd.DataFrame, varies: list[Vary], town_names: dict[str, str], lang: str,
           about: dict | None = None):
    """The sweep's chart. One field: objective, projects funded in full (a point per solved
    value) and land per town (a colour each, from 20, named at the line's end) against the
    field. Two fields: objective and projects funded as heat maps, then one small heat map of
    land per town on a shared scale. The scenario's own value is marked (dashed line, red square).
    The title names the county, year and scenario (`about`), and made-up data says so."""
    import matplotlib

    matplotlib.use("Agg")

    from landplan.outputs.fonts import use_cjk

    use_cjk()
    ok = table[table["status"] == "optimal"]
    towns = [c for c in ok.columns if c.startswith("land_")]
    with matplotlib.rc_context(PLAIN_TEXT):  # town names drawn as they are, never as math
        if len(varies) == 1:
            fig = _line_figure(ok, varies[0], towns, town_names, lang)
        else:
            fig = _grid_figure(ok, varies, towns, town_names, lang)
        fig.suptitle(chart_title(LABELS[lang]["title"], about, lang))
        mark_synthetic(fig, about, lang)
    return fig


def _line_figure(ok, vary: Vary, towns: list[str], town_names: dict[str, str], lang: str):
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    L = LABELS[lang]
    colours = plt.get_cmap("tab20").colors
    x = vary.path
    xs = axis_values(ok, x)
    base = vary.base * _scale(x)
    fig, axes = plt.subplots(3, 1, figsize=(9, 10), sharex=True, constrained_layout=True,
                             gridspec_kw={"height_ratios": [1, 1, 1.6]})
    axes[0].plot(xs, ok["objective"], marker="o", ms=3)
    axes[0].set_ylabel(L["objective"])
    axes[1].plot(xs, ok["funded"], marker="o", ms=4, ls="none")
    axes[1].set_ylabel(L["funded"])
    axes[1].yaxis.set_major_locator(MaxNLocator(integer=True))
    ends = []
    for i, col in enumerate(towns):
        code = col[5:]
        colour = colours[i % len(colours)]
        axes[2].plot(xs, ok[col], label=town_names.get(code, code), lw=1.4, color=colour)
        if len(ok):
            ends.append((float(ok[col].iloc[-1]), town_names.get(code, code), colour))
    axes[2].set_ylabel(L["land"])
    axes[2].set_xlabel(field_label(x, lang))
    if ends and len(xs):
        _end_labels(axes[2], float(xs.iloc[-1]), ends)
    for ax in axes:
        ax.grid(alpha=0.3)
        ax.vlines(base, 0, 1, transform=ax.get_xaxis_transform(), colors="#555555",
                  linestyles="--", lw=0.9)
    axes[0].annotate(L["base"], (base, 1.0), xycoords=("data", "axes fraction"),
                     xytext=(3, -3), textcoords="offset points", va="top", fontsize=8,
                     color="#555555")
    return fig


def _end_labels(ax, x_end: float, ends: list[tuple[float, str, object]]) -> None:
    """Each town's name at the right end of its line, nudged apart so none overlap."""
    lo, hi = min(v for v, _, _ in ends), max(v for v, _, _ in ends)
    gap = max(hi - lo, 1.0) * 0.045
    placed: list[float] = []
    left, right = ax.get_xlim()
    x_text = x_end + (right - left) * 0.01
    for v, name, colour in sorted(ends, key=lambda e: e[0]):
        y = max(v, placed[-1] + gap) if placed else v
        placed.append(y)
        ax.annotate(name, (x_end, v), xytext=(x_text, y), textcoords="data", xycoords="data",
                    fontsize=7.5, color=colour, va="center", ha="left",
                    annotation_clip=False)
    ax.set_xlim(right=right + (right - left) * 0.12)
    ax.set_ylim(top=max(ax.get_ylim()[1], placed[-1] + gap))


def _grid_figure(ok, varies: list[Vary], towns: list[str], town_names: dict[str, str],
                 lang: str):
    import matplotlib.pyplot as plt

    L = LABELS[lang]
    xa, ya = varies[0].path, varies[1].path
    base = (varies[0].base * _scale(xa), varies[1].base * _scale(ya))
    shown = ok.assign(**{xa: axis_values(ok, xa), ya: axis_values(ok, ya)})
    ncols = 4
    nrows = -(-len(towns) // ncols)
    fig = plt.figure(figsize=(13, 5.2 + 2.6 * nrows), constrained_layout=True)
    outer = fig.add_gridspec(2, 1, height_ratios=[5.0, 2.6 * max(nrows, 1)])
    top = outer[0].subgridspec(1, 2)
    for k, col in enumerate(("objective", "funded")):
        ax = fig.add_subplot(top[0, k])
        grid = shown.pivot_table(index=ya, columns=xa, values=col)
        im = ax.pcolormesh(grid.columns, grid.index, grid.values, shading="nearest")
        _cells(ax, grid, "{:,.0f}", im)
        _grid_axes(ax, grid, base)
        ax.set_xlabel(field_label(xa, lang))
        ax.set_ylabel(field_label(ya, lang))
        ax.set_title(L[col])
        fig.colorbar(im, ax=ax)
    if not towns:
        return fig
    small = outer[1].subgridspec(max(nrows, 1), ncols)
    vmax = max(float(shown[towns].to_numpy().max()), 1.0) if len(shown) else 1.0
    axes = []
    for i, col in enumerate(towns):
        ax = fig.add_subplot(small[i // ncols, i % ncols])
        grid = shown.pivot_table(index=ya, columns=xa, values=col)
        im = ax.pcolormesh(grid.columns, grid.index, grid.values, shading="nearest",
                           cmap="YlGn", vmin=0.0, vmax=vmax)
        _cells(ax, grid, "{:,.0f}", im, fontsize=6)
        _grid_axes(ax, grid, base, fontsize=6)
        code = col[5:]
        ax.set_title(town_names.get(code, code), fontsize=9)
        if i % ncols:
            ax.set_yticklabels([])
        if i // ncols != nrows - 1 and i + ncols < len(towns):
            ax.set_xticklabels([])
        axes.append(ax)
    bar = fig.colorbar(im, ax=axes, shrink=0.8)
    bar.set_label(L["land"])
    fig.supxlabel(L["small"].format(x=field_label(xa, lang), y=field_label(ya, lang)),
                  fontsize=9, color="#444444")
    return fig


def _cells(ax, grid: pd.DataFrame, fmt: str, im, fontsize: float = 8) -> None:
    """The value in each cell, light text on dark cells and dark on light."""
    import numpy as np

    values = grid.to_numpy(dtype=float)
    for (r, c), v in np.ndenumerate(values):
        if not np.isfinite(v):
            continue
        red, green, blue, _ = im.cmap(im.norm(v))
        dark = 0.299 * red + 0.587 * green + 0.114 * blue < 0.5
        ax.text(grid.columns[c], grid.index[r], fmt.format(v), ha="center", va="center",
                fontsize=fontsize, color="white" if dark else "#222222")


def _grid_axes(ax, grid: pd.DataFrame, base: tuple[float, float], fontsize: float = 8) -> None:
    """Ticks at the solved values only, and a red square round the scenario's own point."""
    ax.set_xticks(list(grid.columns), [f"{v:,.0f}" for v in grid.columns], fontsize=fontsize,
                  rotation=45 if len(grid.columns) > 5 else 0)
    ax.set_yticks(list(grid.index), [f"{v:,.0f}" for v in grid.index], fontsize=fontsize)
    ax.plot([base[0]], [base[1]], marker="s", mfc="none", mec="#d7191c", ms=3 * fontsize,
            mew=1.6, ls="none")
