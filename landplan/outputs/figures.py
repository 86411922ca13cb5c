"""Static figures for plan documents: the county overview and one sheet per pilot town.

Each figure is written as PNG (300 dpi) and SVG (text as outlines, so it shows the same on a
machine without Chinese fonts), 180 mm wide to fit an A4 page's text width, with a title, the
synthetic-data note when the data is made up, a legend, a north arrow, a scale bar and the CRS.
Colours are the map's (map.py), so the figures and map.html read the same.

Chinese needs a CJK font: Noto Sans CJK SC (Debian/Ubuntu `fonts-noto-cjk`) is preferred, any
other installed CJK font is used otherwise, and without one `cjk_font` says what to install
rather than drawing empty boxes. Land use (三调) is drawn, by class group, only on the town
sheets, from the classes dissolved per sheet that the run folder keeps (planning.py), as a
raster layer inside the vector figure, so a 200,000-parcel county gives neither a huge SVG nor
a slow PDF.
"""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
import shapely
from matplotlib import patheffects as pe
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from landplan import __version__, i18n
from landplan.outputs import headings as H
from landplan.outputs import runformat as F
from landplan.outputs.figures_years import year_sheets
from landplan.outputs.fonts import cjk_family as cjk_font
from landplan.outputs.gpkg import allocation_layers
from landplan.outputs.map import (
    PLANNING,
    RURAL,
    STATUS_COLORS,
    STATUS_ORDER,
    STATUS_STROKES,
    TOWN_COLORS,
    class_breaks,
    fmt_number,
    map_title,
    objective_words,
    town_color,
)
from landplan.outputs.map_years import Years
from landplan.outputs.planning import LANDUSE_CLASSES, sheet_box
from landplan.outputs.view import RunView

DPI = 300
KEY_PT = 5.6  # the town sheet's site list (the report lists them again at 9 pt, in a table)
SIZE_IN = (180 / 25.4, 150 / 25.4)  # 180 mm × 150 mm
MAP_BOX = (0.025, 0.075, 0.66, 0.74)  # left, bottom, width, height in figure fractions
SIDE_BOX = (0.705, 0.075, 0.275, 0.74)
_LANDUSE_COLORS = {
    "cultivated": "#f4efc4",
    "forest": "#d3e8c4",
    "built": "#f1cbc6",
    "water": "#bcdcf2",
    "other_land": "#ebe7df",
}
LANDUSE_GROUPS = {  # group: (colour, 三调 class-code prefixes)
    group: (_LANDUSE_COLORS[group], prefixes) for group, prefixes in LANDUSE_CLASSES.items()
}
HATCH = {"permanent_basic_farmland": "////", "ecological_red_line": "\\\\\\\\"}
HALO = [pe.withStroke(linewidth=2.2, foreground="white")]


def write_figures(view: RunView, folder: Path, lang: str = "zh") -> list[Path]:
    """County overview and one sheet per pilot town, as PNG and SVG, into `folder`."""
    font = cjk_font()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    frames = allocation_layers(view, lang)
    rc = {
        "font.family": [font, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "hatch.linewidth": 0.45,
        "svg.fonttype": "path",
        "svg.hashsalt": "landplan",
        "path.simplify": True,
    }
    written: list[Path] = []
    with matplotlib.rc_context(rc):
        sheets = [("county", lambda: county_figure(view, frames, lang))]
        towns = frames["towns"]
        for code in towns.loc[towns["pilot"] & towns.geometry.notna(), "code"]:
            sheets.append((f"town-{code}", lambda c=code: town_figure(view, frames, c, lang)))
        # a rolling plan: the towns' land by year, and 人地挂钩 (figures_years.py)
        sheets += [(stem, lambda d=draw: d(lang)) for stem, draw in year_sheets(view)]
        for stem, draw in sheets:
            fig = draw()
            for ext in ("png", "svg"):
                written.append(_save(fig, folder / f"{stem}.{ext}"))
    return written


def _save(fig: Figure, path: Path) -> Path:
    """Save beside and rename into place, so a figure is never half-written."""
    tmp = path.with_name(f".{path.stem}.partial{path.suffix}")
    meta = {"Software": f"landplan {__version__}"}
    if path.suffix == ".svg":
        meta = {"Creator": f"landplan {__version__}", "Date": None}
    fig.savefig(tmp, dpi=DPI, format=path.suffix[1:], metadata=meta, facecolor="white")
    os.replace(tmp, path)
    return path


# --- sheets -----------------------------------------------------------------------------


def county_figure(view: RunView, frames: dict[str, gpd.GeoDataFrame], lang: str) -> Figure:
    s = view.scenario
    u = i18n.unit(s.units, lang)
    towns = frames["towns"]
    breaks = class_breaks(towns["allocated"].to_numpy(dtype=float))
    years = Years.of(view)
    title = map_title(view, None, lang) if years is None else i18n.map_text(
        "figure_county_horizon", lang, county=s.county.name, span=years.span(lang))
    fig, ax, side = _sheet(view, title, _summary_lines(view, lang), lang)
    drawn = towns[towns.geometry.notna()]
    if drawn.empty:
        _empty(ax, lang)
    else:
        colors = [town_color(v, breaks) for v in drawn["allocated"]]
        drawn.plot(ax=ax, color=colors, edgecolor="#4d4d4d", linewidth=0.5, zorder=1)
        _planning(ax, view, zorder=2)
        _rural_points(ax, frames, zorder=4)
        _site_points(ax, frames["project_sites"], zorder=5)
        shapely_outline = shapely.union_all(drawn.geometry.to_numpy())
        gpd.GeoSeries([shapely_outline], crs=drawn.crs).boundary.plot(
            ax=ax, color="#1a1a1a", linewidth=1.3, zorder=6
        )
        for r, p in zip(
            drawn.itertuples(index=False),
            shapely.point_on_surface(drawn.geometry.to_numpy()),
            strict=True,
        ):
            star = "★" if r.pilot else ""
            ax.text(
                p.x,
                p.y,
                f"{star}{r.name}\n{fmt_number(r.allocated, 1)} {u}",
                ha="center",
                va="center",
                fontsize=6.2,
                linespacing=1.25,
                color="#111",
                zorder=8,
                path_effects=HALO,
                parse_math=False,
            )
        _frame(ax, drawn.total_bounds)
    handles = _town_legend(breaks, u, lang) + _layer_legend(view, frames, lang, points=True)
    _legend(side, handles)
    return _plain(fig)


def town_figure(view: RunView, frames: dict[str, gpd.GeoDataFrame], code: str, lang: str) -> Figure:
    s = view.scenario
    u = i18n.unit(s.units, lang)
    towns = frames["towns"]
    town = towns[towns["code"] == code].iloc[0]
    years = Years.of(view)
    title = i18n.map_text("figure_town", lang, town=town["name"],
                          year=s.year if years is None else years.span(lang))
    lines = [
        f"{s.county.name} · {i18n.map_text('pilot_mark', lang)[2:]} · "
        f"{i18n.map_text('scenario', lang, name=s.name)}"
    ] + _town_lines(town, u, lang)
    if years is not None:  # a rolling plan: the town's land in each year
        lines.append(_town_years(years, code, u, lang))
    fig, ax, side = _sheet(view, title, lines, lang)
    geom = town.geometry
    box = sheet_box(geom)
    _landuse(ax, view, code, zorder=0)
    others = towns[(towns["code"] != code) & towns.geometry.notna()]
    if not others.empty:
        others.plot(ax=ax, color="white", alpha=0.72, edgecolor="#9a9a9a", linewidth=0.6, zorder=1)
    _planning(ax, view, zorder=2, clip=shapely.box(*box), lines=True)
    for key in ("linkage_parcels", "reclamation_sites"):
        _rural_polygons(ax, frames[key], key, zorder=4)
    _site_polygons(ax, frames["project_sites"], zorder=5)
    gpd.GeoSeries([geom], crs=towns.crs).boundary.plot(
        ax=ax, color="#1a1a1a", linewidth=1.4, zorder=6
    )
    for r in others.itertuples(index=False):
        p = r.geometry.intersection(shapely.box(*box))
        if not p.is_empty and p.area > 0.04 * (box[2] - box[0]) * (box[3] - box[1]):
            q = p.point_on_surface()
            ax.text(
                q.x,
                q.y,
                r.name,
                ha="center",
                va="center",
                fontsize=7,
                color="#888",
                zorder=7,
                path_effects=HALO,
                parse_math=False,
            )
    _frame(ax, box)
    sites = frames["project_sites"]
    shown = sites[sites.geometry.notna()]
    shown = shown[shown.intersects(geom)]
    _site_labels(ax, shown, zorder=9)
    handles = _landuse_legend(view, lang) + _layer_legend(
        view, frames, lang, points=False, town=code, box=shapely.box(*box)
    )
    leg = _legend(side, handles)
    _key_table(side, leg, shown.sort_values("project_id"), u, lang)
    return _plain(fig)


def _plain(fig: Figure) -> Figure:
    """Every text as written: a `$` in a scenario's or a project's name is not math."""
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        text.set_parse_math(False)
    return fig


def _fit_left_of(text, other, smallest: float = 8.0) -> None:
    """Make `text` smaller, half a point at a time, until it ends before `other` begins (a
    long title, such as a rolling plan's, beside the synthetic-data badge)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = text.figure
    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    left = other.get_window_extent(renderer).x0 - 6
    while (text.get_window_extent(renderer).x1 > left
           and text.get_fontsize() - 0.5 >= smallest):
        text.set_fontsize(text.get_fontsize() - 0.5)


def _sheet(view: RunView, title: str, lines: list[str], lang: str):
    """A blank sheet: title, notes, map axes, side panel and footer."""
    fig = Figure(figsize=SIZE_IN, dpi=DPI)
    head = fig.text(
        0.025, 0.955, title, fontsize=12.5, fontweight="bold", va="center", parse_math=False
    )
    fig.add_artist(Line2D([0.025, 0.975], [0.925, 0.925], color="#9e1b1b", linewidth=1.6))
    y = 0.9
    for line in lines:
        fig.text(0.025, y, line, fontsize=6.8, va="center", color="#222", parse_math=False)
        y -= 0.024
    if view.scenario.synthetic:
        badge = fig.text(
            0.975,
            0.955,
            "⚠ " + i18n.text("synthetic", lang),
            fontsize=7,
            ha="right",
            va="center",
            color="#7a4d00",
            fontweight="bold",
            bbox={
                "boxstyle": "round,pad=0.35",
                "facecolor": "#fff3cd",
                "edgecolor": "#e0a800",
                "linewidth": 0.8,
            },
        )
        _fit_left_of(head, badge)
    ax = fig.add_axes(MAP_BOX)
    side = fig.add_axes(SIDE_BOX)
    side.set_axis_off()
    s = view.scenario
    foot = " · ".join(
        [
            i18n.map_text("crs", lang, crs=f"CGCS2000 / {s.crs}"),
            i18n.map_text("made_by", lang, version=__version__),
        ]
    )
    fig.text(0.025, 0.035, foot, fontsize=5.8, color="#666", va="center")
    return fig, ax, side


def _summary_lines(view: RunView, lang: str) -> list[str]:
    s = view.scenario
    a = view.allocation
    u = i18n.unit(s.units, lang)
    counts = a["status"].value_counts()
    gap = float(view.summary.get("gap") or 0)
    status = (
        i18n.map_text("optimal", lang)
        if gap == 0
        else i18n.map_text("optimal_gap", lang, gap=f"{gap:g}")
    )
    sep = "；" if lang == "zh" else "; "
    years = Years.of(view)
    quota = None if years is None else i18n.map_text(  # a rolling plan: the horizon's quota
        "year_quota_all", lang, span=years.span(lang), u=u,
        q=fmt_number(sum(q for q, _ in years.quota.values())),
        r=fmt_number(sum(r for _, r in years.quota.values())), a=fmt_number(a["allocated"].sum()),
        n=fmt_number(a["from_quota"].sum()), l=fmt_number(a["from_linkage"].sum()))
    return [
        i18n.map_text("scenario", lang, name=s.name)
        + sep
        + objective_words(view.summary, view.summary.get("objective"), status, lang),
        quota or i18n.map_text(
            "quota_line",
            lang,
            q=fmt_number(s.quota.new_construction),
            r=fmt_number(s.quota.pilot_reserve),
            u=u,
            a=fmt_number(a["allocated"].sum()),
            n=fmt_number(a["from_quota"].sum()),
            l=fmt_number(a["from_linkage"].sum()),
        ),
        i18n.map_text(
            "projects_line",
            lang,
            n=len(a),
            f=int(counts.get("funded", 0)),
            p=int(counts.get("partial", 0)),
            x=int(counts.get("unfunded", 0)),
            i=int(counts.get("ineligible", 0)),
                c=int(counts.get("conflict", 0)),
        ),
    ]


def _town_years(years: Years, code: str, u: str, lang: str) -> str:
    """A rolling plan's town: its land in each year, e.g. 分年度：2026年 162.9 亩，2027年 …"""
    rows = years.town_rows(code)
    sep = "，" if lang == "zh" else ", "
    parts = sep.join(i18n.map_text("year_label", lang, y=int(r.year), a=fmt_number(r.allocated),
                                   u=u) for r in rows.itertuples(index=False))
    return i18n.map_text("fig_by_year", lang, parts=parts)


def _town_lines(town, u: str, lang: str) -> list[str]:
    def h(col: str) -> str:
        return H.heading(H.TOWNS, col, lang)

    sep = "，" if lang == "zh" else ", "
    colon = "：" if lang == "zh" else ": "
    return [
        sep.join(
            [
                f"{h('allocated')} {fmt_number(town['allocated'])} {u}",
                f"{h('from_quota')} {fmt_number(town['from_quota'])}",
                f"{h('from_linkage')} {fmt_number(town['from_linkage'])}",
                f"{h('requested')} {fmt_number(town['requested'])}",
            ]
        ),
        f"{h('projects')}{colon}"
        + sep.join(
            [
                f"{h('funded')} {town['funded']}",
                f"{h('partial')} {town['partial']}",
                f"{h('unfunded')} {town['unfunded']}",
                f"{h('ineligible')} {town['ineligible']}",
            ]
        ),
    ]


# --- layers -----------------------------------------------------------------------------


def _planning(
    ax, view: RunView, *, zorder: float, clip: shapely.Geometry | None = None, lines: bool = False
) -> None:
    """Permanent basic farmland and red line hatched, parks shaded, the UDB dashed; the layers
    as drawn (planning.py: dissolved per town, simplified)."""
    drawn = view.planning()
    for key, (stroke, fill, _opacity, weight, _dash) in PLANNING.items():
        layer = drawn.get(key)
        if layer is None or not len(layer):
            continue
        if clip is not None:
            layer = layer[layer.intersects(clip)]
            if layer.empty:
                continue
        if key in HATCH:
            layer.plot(
                ax=ax,
                facecolor="none",
                edgecolor=fill,
                hatch=HATCH[key],
                linewidth=0,
                zorder=zorder,
            )
            layer.boundary.plot(ax=ax, color=stroke, linewidth=0.35, zorder=zorder)
        elif key == "urban_development_boundary":
            layer.boundary.plot(
                ax=ax,
                color=stroke,
                linewidth=0.9 if lines else 0.6,
                linestyle=(0, (4, 2.5)),
                zorder=zorder + 0.2,
            )
        else:
            layer.plot(ax=ax, facecolor=fill, alpha=0.35, edgecolor="none", zorder=zorder)
            layer.boundary.plot(ax=ax, color=stroke, linewidth=weight * 0.5, zorder=zorder)


def _site_points(ax, sites: gpd.GeoDataFrame, *, zorder: float) -> None:
    for status in STATUS_ORDER:
        mine = sites[(sites["status"] == status) & sites.geometry.notna()]
        if mine.empty:
            continue
        pts = shapely.point_on_surface(mine.geometry.to_numpy())
        ax.scatter(
            shapely.get_x(pts),
            shapely.get_y(pts),
            s=11,
            c=STATUS_COLORS[status],
            edgecolors="#000" if status == "conflict" else "white",
            linewidths=0.45,
            zorder=zorder + STATUS_ORDER.index(status) * 0.01,
        )


def _site_polygons(ax, sites: gpd.GeoDataFrame, *, zorder: float) -> None:
    for status in STATUS_ORDER:
        mine = sites[(sites["status"] == status) & sites.geometry.notna()]
        if mine.empty:
            continue
        mine.plot(
            ax=ax,
            color=STATUS_COLORS[status],
            edgecolor=STATUS_STROKES[status],
            linewidth=0.4,
            zorder=zorder,
        )


LABEL_PT = 6.0  # project ids on the town sheets
_RINGS = (0.0, 9.0, 16.0, 24.0, 34.0)  # label offsets tried, in points from the site
_ANGLES = np.deg2rad([45, 135, 315, 225, 90, 270, 0, 180])


def _site_labels(ax, sites: gpd.GeoDataFrame, *, zorder: float) -> None:
    """Project ids at 6 pt that do not overlap: each label takes the first free place around
    its site (beside it, then on rings further out, with a leader line), greedily."""
    if sites.empty:
        return
    to_pt = _points_per_unit(ax)
    x0, _x1 = ax.get_xlim()
    y0, _y1 = ax.get_ylim()
    pts = shapely.point_on_surface(sites.geometry.to_numpy())
    xy = np.column_stack([(shapely.get_x(pts) - x0) * to_pt, (shapely.get_y(pts) - y0) * to_pt])
    ext = shapely.bounds(sites.geometry.to_numpy())
    half = np.maximum((ext[:, 2] - ext[:, 0]), (ext[:, 3] - ext[:, 1])) * to_pt / 2
    taken = [(x - r, y - r, x + r, y + r) for (x, y), r in zip(xy, np.maximum(half, 1.5),
                                                                  strict=True)]
    order = np.lexsort((xy[:, 0], -xy[:, 1]))
    for i in order:
        text = str(sites["project_id"].iloc[i])
        w, h = 0.62 * LABEL_PT * len(text) + 2, LABEL_PT * 1.15
        best, best_hits = None, None
        for ring in _RINGS:
            for a in _ANGLES:
                r = half[i] + 1.5 + ring
                cx, cy = xy[i, 0] + r * np.cos(a), xy[i, 1] + r * np.sin(a)
                bx = cx if np.cos(a) > 0.3 else cx - w if np.cos(a) < -0.3 else cx - w / 2
                by = cy if np.sin(a) > 0.3 else cy - h if np.sin(a) < -0.3 else cy - h / 2
                box = (bx, by, bx + w, by + h)
                hits = sum(_overlap(box, t) for t in taken)
                if best_hits is None or hits < best_hits:
                    best, best_hits = (box, ring, cx, cy), hits
                if hits == 0:
                    break
            if best_hits == 0:
                break
        box, ring, cx, cy = best
        taken.append(box)
        lx, ly = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        data = (x0 + lx / to_pt, y0 + ly / to_pt)
        if ring > 0:
            ax.plot(
                [x0 + xy[i, 0] / to_pt, x0 + cx / to_pt],
                [y0 + xy[i, 1] / to_pt, y0 + cy / to_pt],
                color="#444",
                linewidth=0.35,
                zorder=zorder - 0.5,
                solid_capstyle="butt",
            )
        ax.text(
            *data,
            text,
            ha="center",
            va="center",
            fontsize=LABEL_PT,
            color="#111",
            zorder=zorder,
            path_effects=HALO,
            parse_math=False,
        )


def _points_per_unit(ax) -> float:
    box = ax.get_position()
    width_pt = box.width * ax.figure.get_size_inches()[0] * 72
    x0, x1 = ax.get_xlim()
    return width_pt / (x1 - x0)


def _overlap(a: tuple, b: tuple) -> float:
    return float(min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1]))


def _key_table(side, legend, sites: gpd.GeoDataFrame, u: str, lang: str) -> None:
    """Below the legend: id → short name, status and land allocated, one row per site shown;
    rows that do not fit are counted in a last line."""
    if sites.empty:
        return
    fig = side.figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    bbox = legend.get_window_extent(fig.canvas.get_renderer()).transformed(
        side.transAxes.inverted()
    )
    height_pt = side.get_position().height * fig.get_size_inches()[1] * 72
    width_pt = side.get_position().width * fig.get_size_inches()[0] * 72
    row = KEY_PT * 1.23 / height_pt  # in axes fraction
    top = bbox.y0 - 2.2 * row
    room = int(top / row) - 1
    cols = (0.0, 0.19, 0.62, 1.0)  # id, name, status (left), allocated (right)
    heads = [
        i18n.map_text("key_id", lang),
        i18n.map_text("key_name", lang),
        i18n.map_text("key_status", lang),
        i18n.map_text("key_allocated", lang, u=u),
    ]
    opts = {"fontsize": KEY_PT, "va": "top", "transform": side.transAxes, "parse_math": False}
    side.text(0, top + 1.3 * row, i18n.map_text("key_title", lang), fontweight="bold",
              **opts | {"fontsize": KEY_PT + 0.6})
    for x, head, ha in zip(cols, heads, ("left", "left", "left", "right"), strict=True):
        side.text(x, top, head, ha=ha, color="#555", **opts)
    side.add_artist(Line2D([0, 1], [top - row * 0.95] * 2, color="#999", linewidth=0.4,
                           transform=side.transAxes))
    rows = list(sites.itertuples(index=False))
    # a name is wrapped within its column, never cut; a site that does not fit whole is left
    # to the count in the last line (the report lists every site of the town in a table)
    per_line = max(int((cols[2] - cols[1]) * width_pt / KEY_PT) - 1, 2)
    y = top - row * 1.15
    shown = []
    for k, r in enumerate(rows):
        name = str(r.name)
        if r.town_name and name.startswith(r.town_name) and len(name) > len(r.town_name):
            name = name[len(r.town_name) :]  # the sheet is the town's: 刘府镇供水厂 → 供水厂
        lines = [name[i : i + per_line] for i in range(0, len(name), per_line)] or [""]
        last = k == len(rows) - 1
        if (top - y) / row + len(lines) + (0 if last else 1) > room + 1.15:
            break
        word = i18n.word(i18n.STATUS, r.status, lang)
        for x, value, ha in zip(
            cols,
            (r.project_id, "\n".join(lines), word, fmt_number(r.allocated, 1)),
            ("left", "left", "left", "right"),
            strict=True,
        ):
            side.text(x, y, str(value), ha=ha, color="#111", linespacing=1.05, **opts)
        y -= row * len(lines)
        shown.append(r)
    if len(shown) < len(rows):
        side.text(0, y, i18n.map_text("key_more", lang, n=len(rows) - len(shown)), color="#555",
                  **opts)


def _rural_points(ax, frames: dict[str, gpd.GeoDataFrame], *, zorder: float) -> None:
    for key, marker in (("linkage_parcels", "s"), ("reclamation_sites", "D")):
        gdf = frames[key][frames[key].geometry.notna()]
        if gdf.empty:
            continue
        (done, part, _none), stroke = RURAL[key]
        pts = shapely.point_on_surface(gdf.geometry.to_numpy())
        share = gdf["activated"].to_numpy(dtype=float)
        face = np.where(share >= 1 - 1e-6, done, np.where(share > 1e-6, part, "white"))
        ax.scatter(
            shapely.get_x(pts),
            shapely.get_y(pts),
            s=9,
            marker=marker,
            c=list(face),
            edgecolors=stroke,
            linewidths=0.5,
            zorder=zorder,
        )


def _rural_polygons(ax, gdf: gpd.GeoDataFrame, key: str, *, zorder: float) -> None:
    drawn = gdf[gdf.geometry.notna()]
    if drawn.empty:
        return
    (done, part, _none), stroke = RURAL[key]
    share = drawn["activated"].to_numpy(dtype=float)
    on = share > 1e-6
    if on.any():
        drawn[on].plot(
            ax=ax,
            color=np.where(share[on] >= 1 - 1e-6, done, part).tolist(),
            edgecolor=stroke,
            linewidth=0.35,
            zorder=zorder,
        )
    if (~on).any():
        drawn[~on].plot(
            ax=ax,
            facecolor="white",
            alpha=0.9,
            edgecolor=stroke,
            linewidth=0.5,
            linestyle=(0, (2, 1.5)),
            zorder=zorder,
        )


def _landuse(ax, view: RunView, code: str, *, zorder: float) -> None:
    """Land use in the town's sheet, by class group (planning.landuse_classes: kept in the run
    folder), as one raster layer of the figure."""
    classes = view.landuse()
    if classes is None or not len(classes):
        return
    sheet = classes[classes["town"] == code]
    if sheet.empty:
        return
    colors = [LANDUSE_GROUPS.get(g, LANDUSE_GROUPS["other_land"])[0] for g in sheet["group"]]
    sheet.plot(
        ax=ax,
        color=colors,
        edgecolor="face",
        linewidth=0.1,
        alpha=0.8,
        zorder=zorder,
        rasterized=True,
    )


def _frame(ax, bounds) -> None:
    """Limits around `bounds` with the axes' own shape, so one metre is as long both ways."""
    x0, y0, x1, y1 = bounds
    w, h = (x1 - x0) * 1.06, (y1 - y0) * 1.06
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    box = ax.get_position(original=True)
    fig_w, fig_h = ax.figure.get_size_inches()
    ratio = (box.width * fig_w) / (box.height * fig_h)
    if w / h < ratio:
        w = h * ratio
    else:
        h = w / ratio
    ax.set_xlim(cx - w / 2, cx + w / 2)
    ax.set_ylim(cy - h / 2, cy + h / 2)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_linewidth(0.6)
        spine.set_color("#555")
    ax.set_facecolor("#fafaf7")
    _north_arrow(ax)
    _scale_bar(ax)


def _empty(ax, lang: str) -> None:
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        i18n.map_text("no_layers", lang),
        ha="center",
        va="center",
        transform=ax.transAxes,
        fontsize=9,
        color="#666",
    )


def _north_arrow(ax) -> None:
    """Grid north: the figures are drawn in the projected (Gauss–Krüger) CRS."""
    ax.annotate(
        "",
        xy=(0.955, 0.93),
        xytext=(0.955, 0.85),
        xycoords="axes fraction",
        arrowprops={
            "arrowstyle": "-|>,head_length=0.8,head_width=0.35",
            "color": "#111",
            "linewidth": 1.1,
        },
        zorder=20,
    )
    ax.text(
        0.955,
        0.94,
        "N",
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        fontsize=7,
        fontweight="bold",
        zorder=20,
        path_effects=HALO,
    )


def _scale_bar(ax) -> None:
    """A two-segment bar of a round length, about a fifth of the map's width."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    width = x1 - x0
    target = width / 5
    mag = 10 ** np.floor(np.log10(target))
    length = max(s * mag for s in (1, 2, 5) if s * mag <= target)
    left, base = x0 + 0.04 * width, y0 + 0.045 * (y1 - y0)
    h = 0.011 * (y1 - y0)
    for i in range(2):
        ax.add_patch(
            Rectangle(
                (left + i * length / 2, base),
                length / 2,
                h,
                facecolor="#111" if i == 0 else "white",
                edgecolor="#111",
                linewidth=0.5,
                zorder=20,
            )
        )
    km = length >= 1000
    for frac in (0, 0.5, 1):
        value = frac * length / (1000 if km else 1)
        ax.text(
            left + frac * length,
            base + 1.8 * h,
            fmt_number(value, 2),
            ha="center",
            va="bottom",
            fontsize=5.2,
            zorder=20,
            path_effects=HALO,
        )
    ax.text(
        left + length + 0.012 * width,
        base + h / 2,
        "km" if km else "m",
        va="center",
        fontsize=5.2,
        zorder=20,
        path_effects=HALO,
    )


# --- legend -----------------------------------------------------------------------------


def _header(text: str) -> tuple[Patch, str]:
    return Patch(visible=False), f"__header__{text}"


def _town_legend(breaks: list[float], u: str, lang: str) -> list:
    out = [
        _header(i18n.map_text("legend_towns", lang, u=u)),
        (Patch(facecolor=TOWN_COLORS[0], edgecolor="#4d4d4d", linewidth=0.5), "0"),
    ]
    lo = 0.0
    for i, b in enumerate(breaks):
        out.append(
            (
                Patch(facecolor=TOWN_COLORS[i + 1], edgecolor="#4d4d4d", linewidth=0.5),
                f"{'>' if lo == 0 else ''}{fmt_number(lo)} – {fmt_number(b)}",
            )
        )
        lo = b
    out.append((Patch(visible=False), i18n.map_text("pilot_mark", lang)))
    return out


def _layer_legend(
    view: RunView,
    frames: dict[str, gpd.GeoDataFrame],
    lang: str,
    *,
    points: bool,
    town: str | None = None,
    box: shapely.Geometry | None = None,
) -> list:
    """Project statuses (counted in the county, or in `town`), and the planning and rural
    layers drawn (within `box` when given)."""

    def shown(gdf: gpd.GeoDataFrame | None) -> bool:
        if gdf is None or not len(gdf):
            return False
        drawn = gdf.geometry.dropna()
        return bool(len(drawn)) and (box is None or bool(drawn.intersects(box).any()))

    out = [_header(i18n.map_text("projects", lang))]
    sites = frames["project_sites"]
    if town is not None:
        sites = sites[sites["town"] == town]
    counts = sites["status"].value_counts()
    for status in STATUS_ORDER:
        if not counts.get(status, 0):
            continue
        word = i18n.word(i18n.STATUS, status, lang)
        label = f"{word[:1].upper()}{word[1:]} ({counts[status]})"
        if points:
            handle = Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=4.2,
                markerfacecolor=STATUS_COLORS[status],
                markeredgewidth=0.5,
                markeredgecolor="#000" if status == "conflict" else "#777",
            )
        else:
            handle = Patch(
                facecolor=STATUS_COLORS[status], edgecolor=STATUS_STROKES[status], linewidth=0.5
            )
        out.append((handle, label))
    planning = [k for k in PLANNING if shown(view.planning().get(k))]
    rural = [k for k in RURAL if shown(frames[k])]
    if planning or rural:
        out.append(_header(i18n.map_text("layers_header", lang)))
    for key in planning:
        stroke, fill, _o, weight, _d = PLANNING[key]
        if key in HATCH:
            handle = Patch(facecolor="none", edgecolor=fill, hatch=HATCH[key], linewidth=0.5)
        elif key == "urban_development_boundary":
            handle = Line2D([], [], color=stroke, linewidth=1, linestyle=(0, (4, 2.5)))
        else:
            handle = Patch(facecolor=fill, alpha=0.6, edgecolor=stroke, linewidth=0.5)
        out.append((handle, i18n.map_text(key, lang)))
    for key in rural:
        (done, _part, _none), stroke = RURAL[key]
        word = i18n.map_text(
            "linkage_short" if key == "linkage_parcels" else "reclamation_short", lang
        )
        marker = "s" if key == "linkage_parcels" else "D"
        for face, state in ((done, "activated"), ("white", "not_activated")):
            if points:
                handle = Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker=marker,
                    markersize=3.6,
                    markerfacecolor=face,
                    markeredgecolor=stroke,
                    markeredgewidth=0.5,
                )
            else:
                handle = Patch(
                    facecolor=face,
                    edgecolor=stroke,
                    linewidth=0.5,
                    linestyle="-" if face != "white" else (0, (2, 1.5)),
                )
            sep = "：" if lang == "zh" else ": "
            out.append((handle, f"{word}{sep}{i18n.map_text(state, lang)}"))
    return out


def _landuse_legend(view: RunView, lang: str) -> list:
    classes = view.landuse()
    if classes is None or not len(classes):
        return []
    out = [_header(i18n.map_text("landuse", lang))]
    for group, (color, _p) in LANDUSE_GROUPS.items():
        out.append(
            (Patch(facecolor=color, edgecolor="#bbb", linewidth=0.4), i18n.map_text(group, lang))
        )
    return out


def _legend(side, entries: list):
    handles = [h for h, _ in entries]
    labels = [lab.removeprefix("__header__") for _, lab in entries]
    leg = side.legend(
        handles,
        labels,
        loc="upper left",
        frameon=False,
        fontsize=6.3,
        handlelength=1.6,
        handleheight=0.9,
        borderaxespad=0,
        labelspacing=0.42,
        handletextpad=0.6,
    )
    for text, (_h, lab) in zip(leg.get_texts(), entries, strict=True):
        text.set_parse_math(False)
        if lab.startswith("__header__"):
            text.set_fontweight("bold")
            text.set_fontsize(6.8)
            text.set_x(-22)
    return leg


def redraw_figures(
    folder: str | Path, *, lang: str | None = None, notes: list | None = None
) -> list[Path]:
    """`landplan figures RUN_FOLDER`: the figures of a finished run, into RUN_FOLDER/figures;
    `lang` defaults to the run's, the view's notes go into `notes`."""
    cjk_font()  # no font, no need to read the layers
    view = RunView.from_folder(folder)
    if notes is not None:
        notes += view.notes
    return write_figures(view, Path(folder) / F.FIGURES.name, lang or view.lang)
