"""The figures of a rolling plan (`horizon`), beside the county and town sheets:

* `county-years`: each town's land stacked by the year it is given (towns_by_year.csv), and
  below it the county's land per year, from quota and from linkage, against that year's quota;
* `migrants` (with `urbanisation`): per town with settled migrants and per year, the land its
  migrants bring under 人地挂钩 against the housing and livelihood land it was given.

Same sheet as the others (180 mm × 150 mm, PNG at 300 dpi and SVG), titled with the county,
the plan's years and the scenario, with the synthetic-data note for made-up data
(chart_labels.py). A one-year run has neither.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.figure import Figure

from landplan import i18n
from landplan.outputs.chart_labels import chart_about, chart_title, mark_synthetic

COUNTY_YEARS = "county-years"  # figures/<stem>.png and .svg
MIGRANTS = "migrants"
SIZE_IN = (180 / 25.4, 150 / 25.4)
QUOTA_COLOR, LINKAGE_COLOR = "#d7191c", "#8d6e63"  # the map's funded red, linkage brown
MIGRANT_COLOR, HOUSING_COLOR = "#bdbdbd", "#d7191c"


def year_sheets(view) -> list[tuple[str, object]]:
    """(file stem, drawing function of lang) of a rolling plan's figures; none for one year."""
    table = (view.by_year or {}).get("towns_by_year")
    if view.scenario.horizon is None or table is None:
        return []
    out = [(COUNTY_YEARS, lambda lang: county_years(view, lang))]
    if table["migrant_land"].notna().any():
        out.append((MIGRANTS, lambda lang: migrants(view, lang)))
    return out


TITLES = {COUNTY_YEARS: "fig_years_title", MIGRANTS: "fig_migrants_title"}


def figure_title(stem: str, lang: str) -> str | None:
    """What a rolling plan's figure shows, by its file stem (for a caption); None for a stem
    that is not one of them."""
    key = TITLES.get(stem)
    return None if key is None else i18n.map_text(key, lang)


def _years(view) -> list[int]:
    return list(view.scenario.horizon.years)


def _by_town(view) -> pd.DataFrame:
    t = view.by_year["towns_by_year"].copy()
    t["year"] = t["year"].astype(int)
    return t


def year_colors(n: int) -> list:
    """One colour a year, dark (the first) to light, on the map's reds."""
    cmap = colormaps["OrRd"]
    return [cmap(x) for x in np.linspace(0.9, 0.35, n)] if n > 1 else [cmap(0.8)]


def _sheet(view, title: str, lang: str) -> Figure:
    fig = Figure(figsize=SIZE_IN, dpi=300)
    about = chart_about(view.scenario)
    fig.suptitle(chart_title(title, about, lang), fontsize=10.5, fontweight="bold", x=0.025,
                 ha="left", y=0.975, wrap=True)  # a long scenario name wraps, never cut
    mark_synthetic(fig, about, lang)
    return fig


def _year_word(y: int, lang: str) -> str:
    return i18n.map_text("year_one", lang, y=y)


def county_years(view, lang: str) -> Figure:
    """Each town's land stacked by year; the county's land per year against its quota."""
    s = view.scenario
    u = i18n.unit(s.units, lang)
    years = _years(view)
    t = _by_town(view)
    pilot = dict(zip(view.towns["code"].astype(str), view.towns["pilot"].astype(bool),
                     strict=True))
    wide = t.pivot_table(index=["code", "name"], columns="year", values="allocated",
                         aggfunc="sum", fill_value=0.0).reindex(columns=years, fill_value=0.0)
    wide = wide.assign(_total=wide.sum(axis=1)).sort_values(
        ["_total"], ascending=False, kind="stable").drop(columns="_total")
    fig = _sheet(view, i18n.map_text("fig_years_title", lang), lang)
    top = fig.add_axes((0.08, 0.5, 0.9, 0.39))
    colors = year_colors(len(years))
    x = np.arange(len(wide))
    base = np.zeros(len(wide))
    for y, c in zip(years, colors, strict=True):
        v = wide[y].to_numpy(dtype=float)
        top.bar(x, v, bottom=base, color=c, edgecolor="white", linewidth=0.4,
                label=_year_word(y, lang), width=0.72)
        base += v
    for xi, total in zip(x, base, strict=True):
        top.text(xi, total, f"{total:,.1f}".rstrip("0").rstrip("."), ha="center", va="bottom",
                 fontsize=5.6, color="#222")
    names = [_wrapped(("★" if pilot.get(str(code)) else "") + str(name))
             for code, name in wide.index]
    top.set_xticks(x, names, rotation=35, ha="right", fontsize=6.2)
    top.set_title(i18n.map_text("fig_years_towns", lang, u=u), fontsize=8, loc="left")
    top.legend(fontsize=6.2, frameon=False, ncols=min(len(years), 5), loc="upper right")
    top.set_ylim(0, max(float(base.max()) * 1.15, 1.0))
    _plain_axes(top)

    bottom = fig.add_axes((0.08, 0.07, 0.9, 0.25))
    per = t.groupby("year")[["from_quota", "from_linkage"]].sum().reindex(years, fill_value=0.0)
    quota = [float(s.quota.in_year("new_construction", y) or 0.0) for y in years]
    xb = np.arange(len(years))
    q = per["from_quota"].to_numpy(dtype=float)
    link = per["from_linkage"].to_numpy(dtype=float)
    bottom.bar(xb - 0.18, q, width=0.34, color=QUOTA_COLOR,
               label=i18n.map_text("fig_from_quota", lang))
    bottom.bar(xb - 0.18, link, bottom=q, width=0.34, color=LINKAGE_COLOR,
               label=i18n.map_text("fig_from_linkage", lang))
    bottom.bar(xb + 0.18, quota, width=0.34, facecolor="white", edgecolor="#222",
               linewidth=0.8, label=i18n.map_text("fig_quota", lang))
    for xi, a, b, qq in zip(xb, q, link, quota, strict=True):
        bottom.text(xi - 0.18, a + b, _num(a + b), ha="center", va="bottom", fontsize=5.6)
        bottom.text(xi + 0.18, qq, _num(qq), ha="center", va="bottom", fontsize=5.6)
    bottom.set_xticks(xb, [_year_word(y, lang) for y in years], fontsize=6.5)
    bottom.set_title(i18n.map_text("fig_years_county", lang, u=u), fontsize=8, loc="left")
    bottom.legend(fontsize=6.2, frameon=False, ncols=3, loc="upper right")
    bottom.set_ylim(0, max(float((q + link).max()), max(quota), 1.0) * 1.25)
    _plain_axes(bottom)
    return fig


def migrants(view, lang: str) -> Figure:
    """Per town with settled migrants and per year: the land they bring (人地挂钩) against the
    housing and livelihood land given."""
    u = i18n.unit(view.scenario.units, lang)
    years = _years(view)
    t = _by_town(view)
    towns = [c for c in dict.fromkeys(t["code"]) if t.loc[t["code"] == c, "migrant_land"]
             .notna().any()]
    fig = _sheet(view, i18n.map_text("fig_migrants_title", lang), lang)
    cols = 1 if len(towns) == 1 else 2
    rows = math.ceil(len(towns) / cols)
    top, bottom, gap = 0.86, 0.12, 0.12
    h = (top - bottom - gap * (rows - 1)) / rows
    w = (0.9 - 0.08 * (cols - 1)) / cols
    x = np.arange(len(years))
    shown = t[t["code"].isin(towns)]
    peak = float(np.nanmax(shown[["migrant_land", "housing_livelihood"]].to_numpy(dtype=float)))
    for i, code in enumerate(towns):
        r, c = divmod(i, cols)
        ax = fig.add_axes((0.08 + c * (w + 0.08), top - (r + 1) * h - r * gap, w, h))
        mine = t[t["code"] == code].set_index("year").reindex(years)
        brings = mine["migrant_land"].to_numpy(dtype=float)
        given = mine["housing_livelihood"].fillna(0.0).to_numpy(dtype=float)
        ax.bar(x - 0.18, np.nan_to_num(brings), width=0.34, color=MIGRANT_COLOR, hatch="///",
               edgecolor="#666", linewidth=0.4, label=i18n.map_text("fig_migrant_land", lang))
        ax.bar(x + 0.18, given, width=0.34, color=HOUSING_COLOR,
               label=i18n.map_text("fig_housing", lang))
        ticks = []
        for xi, y, b, g, n in zip(x, years, brings, given, mine["settled_migrants"], strict=True):
            if not np.isnan(b):
                ax.text(xi - 0.18, b, _num(b), ha="center", va="bottom", fontsize=5.4)
            ax.text(xi + 0.18, g, _num(g), ha="center", va="bottom", fontsize=5.4)
            settled = "" if n is None or n != n else "\n" + i18n.map_text(
                "fig_migrants_n", lang, n=f"{int(n):,}")
            ticks.append(_year_word(y, lang) + settled)
        ax.set_xticks(x, ticks, fontsize=6.2)
        name = str(mine["name"].dropna().iloc[0]) if mine["name"].notna().any() else code
        ax.set_title(f"{name}（{u}）" if lang == "zh" else f"{name} ({u})", fontsize=7.5,
                     loc="left")
        ax.set_ylim(0, max(peak, 1.0) * 1.25)
        _plain_axes(ax)
        if i == 0:
            fig.legend(*ax.get_legend_handles_labels(), fontsize=6.4, frameon=False, ncols=2,
                       loc="upper right", bbox_to_anchor=(0.98, 0.935))
    return fig


def _wrapped(name: str, width: int = 8) -> str:
    """A town's name on lines of `width` characters, so a long one stays under its bar."""
    return "\n".join(name[i : i + width] for i in range(0, len(name), width)) or name


def _num(v: float) -> str:
    text = f"{v:,.1f}"
    return text[:-2] if text.endswith(".0") else text


def _plain_axes(ax) -> None:
    ax.tick_params(labelsize=6.2, length=2)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.5)
    ax.set_axisbelow(True)
