"""A sweep's folder: sweep.csv, a chart (PNG and SVG) and summary.json."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from landplan.analysis.vary import Vary
from landplan.outputs.runfolder import RunFolder
from landplan.outputs.tables import CSV_OPTS, write_json

LABELS = {
    "zh": {"objective": "目标值(总效益)", "funded": "足额保障项目数", "land": "各乡镇安排用地(亩)",
           "title": "情景扫描", "synthetic": "合成示例数据"},
    "en": {"objective": "objective (value)", "funded": "projects funded in full",
           "land": "land per town (mu)", "title": "Scenario sweep", "synthetic": "synthetic data"},
}


FIELDS = {
    "quota.new_construction": ("新增建设用地计划指标(亩)", "county quota (mu)"),
    "quota.farmland_conversion": ("农用地转用指标(亩)", "farmland-conversion quota (mu)"),
    "quota.pilot_reserve": ("试点镇单列指标(亩)", "pilot earmark (mu)"),
    "reclamation_budget": ("复垦整理资金预算(万元)", "reclamation budget (万元, 10,000 yuan)"),
}
SCALE = {"reclamation_budget": 1e-4}  # yuan in the scenario, 万元 on the chart


def axis_values(table: pd.DataFrame, path: str) -> pd.Series:
    """The varied field's values as the chart shows them (money in 万元)."""
    return table[path] * SCALE.get(path, 1.0)


def field_label(path: str, lang: str) -> str:
    pair = FIELDS.get(path)
    return path if pair is None else f"{pair[0 if lang == 'zh' else 1]}  [{path}]"


def write_sweep(folder: Path, table: pd.DataFrame, varies: list[Vary], meta: dict,
                town_names: dict[str, str], lang: str = "zh") -> Path:
    """Write the sweep folder whole or not at all."""
    with RunFolder(folder) as tmp:
        table.to_csv(tmp / "sweep.csv", **CSV_OPTS)
        chart(table, varies, town_names, lang, tmp / "sweep.png")
        write_json(tmp / "summary.json", meta | {"points": len(table),
                                                  "varied": [v.__dict__ for v in varies],
                                                  "written": time.strftime("%Y-%m-%d %H:%M:%S")})
    return folder


def chart(table: pd.DataFrame, varies: list[Vary], town_names: dict[str, str], lang: str,
          path: Path) -> None:
    import matplotlib.pyplot as plt

    fig = figure(table, varies, town_names, lang)
    fig.savefig(path, dpi=150)
    fig.savefig(path.with_suffix(".svg"))
    plt.close(fig)


def figure(table: pd.DataFrame, varies: list[Vary], town_names: dict[str, str], lang: str):
    """The sweep's chart: objective, projects funded in full (a point per solved value) and
    land per town (a colour each, from 20) against the varied field."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from landplan.outputs.fonts import use_cjk

    use_cjk()
    L = LABELS[lang]
    ok = table[table["status"] == "optimal"]
    colours = plt.get_cmap("tab20").colors
    if len(varies) == 1:
        x = varies[0].path
        xs = axis_values(ok, x)
        fig, axes = plt.subplots(3, 1, figsize=(8, 9), sharex=True, constrained_layout=True)
        axes[0].plot(xs, ok["objective"], marker="o", ms=3)
        axes[0].set_ylabel(L["objective"])
        axes[1].plot(xs, ok["funded"], marker="o", ms=4, ls="none")
        axes[1].set_ylabel(L["funded"])
        axes[1].yaxis.set_major_locator(MaxNLocator(integer=True))
        for i, col in enumerate(c for c in ok.columns if c.startswith("land_")):
            code = col[5:]
            axes[2].plot(xs, ok[col], label=town_names.get(code, code), lw=1.2,
                         color=colours[i % len(colours)])
        axes[2].set_ylabel(L["land"])
        axes[2].set_xlabel(field_label(x, lang))
        axes[2].legend(fontsize=7, ncol=3, loc="upper left")
        for ax in axes:
            ax.grid(alpha=0.3)
    else:
        xa, ya = varies[0].path, varies[1].path
        fig, axes = plt.subplots(1, 2, figsize=(12, 5), constrained_layout=True)
        shown = ok.assign(**{xa: axis_values(ok, xa), ya: axis_values(ok, ya)})
        for ax, col in zip(axes, ("objective", "funded"), strict=True):
            grid = shown.pivot_table(index=ya, columns=xa, values=col)
            im = ax.pcolormesh(grid.columns, grid.index, grid.values, shading="nearest")
            ax.set_xlabel(field_label(xa, lang))
            ax.set_ylabel(field_label(ya, lang))
            ax.set_title(L[col])
            fig.colorbar(im, ax=ax)
    fig.suptitle(L["title"])
    return fig
