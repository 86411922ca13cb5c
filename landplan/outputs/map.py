"""map.html: a run on an interactive map that planners open in any browser, online or not.

Defaults, chosen for county intranets, which often have no internet at all:

* Leaflet (vendored from npm in landplan/outputs/static/leaflet, with its licence) and the
  page's own script and style are always inlined. The page fetches no script, style, font or
  image, so it works from a file share or a USB stick; this costs ~170 KB.
* No basemap unless asked. The page draws the county itself (towns, planning layers, sites)
  on a plain background. `offline=True` (the default) refuses internet basemaps; with
  `offline=False` the basemap is OpenStreetMap unless `basemap="tianditu"` (天地图, needs a
  key) or `"none"`. A tile URL template such as `http://10.0.0.5/tiles/{z}/{x}/{y}.png` (an
  intranet tile server) is accepted either way. Gaode, Tencent and Baidu tiles are not offered:
  they are offset 100–700 m (GCJ-02, BD-09) from CGCS2000 survey data. A 天地图 key is written
  into the page (it is a browser key), so share such a page only where the key may be used.
* Land-use parcels (三调) are left out of the page. A county has 100,000–300,000; even
  dissolved by class and simplified they are megabytes of boundaries that slow the browser,
  and what they mean for a project (the cultivated land and paddy its site takes) is in its
  popup. So the page's size does not grow with the parcel count. The static figures draw them.
* Boundaries are simplified, keeping topology, in the scenario's projected CRS (2 m for towns
  and planning layers, 0.5 m for sites and parcels) and coordinates rounded to 1e-6° (0.1 m).
  At zoom 16 a screen pixel is ~2 m, so no boundary moves visibly at town scale. CGCS2000
  (EPSG:4490) is drawn as WGS84: they differ by centimetres.

Every name from the scenario goes through landplan/outputs/escape.py: HTML-escaped with `{` and
`}` as character references, and the embedded data escaped for a <script> element that folium
renders again as a template. So a project called `<script>…</script>` or a town called
`{{7*7}}` shows as that text; nothing in a name is ever run.

A rolling plan's page (a scenario with `horizon`) also has a year selector: map_years.py.
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import Element, MacroElement
from jinja2 import Template

from landplan import __version__, i18n
from landplan.errors import OptionError, Problem
from landplan.outputs import headings as H
from landplan.outputs import map_years
from landplan.outputs import runformat as F
from landplan.outputs.escape import PageText, html_text, page_json
from landplan.outputs.gpkg import allocation_layers, read_stored, write_gpkg
from landplan.outputs.map_years import Years
from landplan.outputs.planning import LANDUSE_LAYER
from landplan.outputs.view import RunView
from landplan.testpoints import hold

STATIC = Path(__file__).parent / "static"
BASEMAPS = ("none", "osm", "tianditu")

# Colours shared with the figures (figures.py) so the map and the documents agree.
STATUS_COLORS = {
    "funded": "#d7191c",
    "partial": "#fd8d3c",
    "unfunded": "#bdbdbd",
    "ineligible": "#2b2b2b",
    "conflict": "#e7298a",
}
STATUS_STROKES = {
    "funded": "#7a0000",
    "partial": "#8a3b00",
    "unfunded": "#555555",
    "ineligible": "#000000",
    "conflict": "#000000",
}
STATUS_ORDER = ("funded", "partial", "unfunded", "ineligible", "conflict")
TOWN_COLORS = ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")  # 0, then 5
PLANNING = {  # layer key: (stroke, fill, fill opacity, weight, dash)
    "permanent_basic_farmland": ("#b59d00", "#e8cc1a", 0.85, 0.8, None),
    "ecological_red_line": ("#1b5e20", "#2e8b3a", 0.8, 1.2, None),
    "industrial_parks": ("#5e35b1", "#9575cd", 0.35, 1.4, None),
    "urban_development_boundary": ("#c2185b", "#c2185b", 0.04, 2.2, "7 4"),
}
# Zones over the town shading are hatched, so the town's colour shows between the stripes:
# angle and stripe width (of 8 px). 永久基本农田 covers much of a county: thin stripes, so the
# town classes read through it.
HATCHED = {"permanent_basic_farmland": (45, 1.4), "ecological_red_line": (-45, 3.2)}
NARROW_PX = 1400  # below this window width the title and legend boxes start folded
RURAL = {  # layer: (activated, partly, not activated) fill; stroke
    "linkage_parcels": (("#8d6e63", "#c8b1a8", "#ffffff"), "#4e342e"),
    "reclamation_sites": (("#00897b", "#80cbc4", "#ffffff"), "#00574b"),
}
PANES = ("lp-towns", "lp-planning", "lp-rural", "lp-sites")
NEAR_ZOOM = 15  # from here on project sites are drawn as outlines only, without their dots
TOLERANCE_M = {"towns": 2.0, "planning": 2.0, "sites": 0.5}


def write_map(
    view: RunView,
    path: Path,
    *,
    lang: str = "zh",
    offline: bool = True,
    basemap: str | None = None,
    tianditu_key: str | None = None,
) -> Path:
    """Draw the run into `path` (map.html), written beside and renamed into place."""
    text = map_html(view, lang=lang, offline=offline, basemap=basemap, tianditu_key=tianditu_key)
    path = Path(path)
    tmp = path.with_name(f".{path.stem}.partial{path.suffix}")
    try:
        tmp.write_text(text, encoding="utf-8")
        hold("map")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def map_html(
    view: RunView,
    *,
    lang: str = "zh",
    offline: bool = True,
    basemap: str | None = None,
    tianditu_key: str | None = None,
) -> str:
    """The page's text: the map rendered, its language declared, checked to load nothing
    from the network when offline."""
    page = build_map(view, lang=lang, offline=offline, basemap=basemap, tianditu_key=tianditu_key)
    text = page.get_root().render()
    text = text.replace("<html>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}">', 1)
    if offline:
        _check_offline(text)
    return text


def build_map(
    view: RunView,
    *,
    lang: str = "zh",
    offline: bool = True,
    basemap: str | None = None,
    tianditu_key: str | None = None,
) -> folium.Map:
    """The folium map of a run: layers that switch on and off, title block and legend."""
    tiles = _tiles(basemap, offline, tianditu_key)
    years = Years.of(view)  # a rolling plan: the year selector; None for one year
    m = _Page(tiles=None, zoom_control="bottomleft", max_zoom=19, zoom_snap=0.25, font_size="13px")
    m.get_root().header.add_child(_Inline(years), name="landplan_assets")
    title = html_text(map_title(view, years, lang))
    m.get_root().header.add_child(PageText(f"<title>{title}</title>"), name="title")
    hatches = {key: [PLANNING[key][1], angle, width] for key, (angle, width) in HATCHED.items()}
    m.add_child(
        _Script(
            "landplan.panes({{ this._parent.get_name() }}, " + json.dumps(list(PANES)) + ");"
            f"landplan.patterns({json.dumps(hatches)});"
            + furniture(lang)
            + f"landplan.panels({NARROW_PX}, "
            + page_json([i18n.map_text("fold", lang), i18n.map_text("unfold", lang)])
            + ");landplan.clearOf({{ this._parent.get_name() }});"
        )
    )
    for layer in tiles:
        layer.add_to(m)

    frames = allocation_layers(view, lang)
    units = i18n.unit(view.scenario.units, lang)
    towns = frames["towns"]
    breaks = class_breaks(towns["allocated"].to_numpy(dtype=float))
    _add_towns(m, towns, breaks, units, lang, years)
    _add_planning(m, view, towns, units, lang)
    for key in ("linkage_parcels", "reclamation_sites"):
        _add_rural(m, frames[key], key, units, lang)
    _add_projects(m, frames["project_sites"], units, lang, years)
    _add_labels(m, towns, units, lang, years)

    folium.LayerControl(position="topright", collapsed=False).add_to(m)
    m.add_child(_Script(f"landplan.nearClass({{{{ this._parent.get_name() }}}}, {NEAR_ZOOM});"))
    if years is not None:
        m.add_child(_Script(map_years.init_script(years)))
    drawn = [g for f in frames.values() for g in f.geometry if g is not None]
    if drawn:
        w, s, e, n = gpd.GeoSeries(drawn, crs=view.scenario.crs).to_crs(4326).total_bounds
        m.fit_bounds([[s, w], [n, e]], padding=(20, 20))
        # again in the page, clear of the title box as the window's width folds it
        m.add_child(_Script("landplan.fit({{ this._parent.get_name() }}, "
                            + page_json([[s, w], [n, e]]) + ");"))
    m.get_root().html.add_child(PageText(_title_block(view, frames, tiles, lang, years)))
    m.get_root().html.add_child(PageText(_legend(breaks, units, lang, frames, years)))
    _stable_ids(m.get_root())
    return m


def map_title(view: RunView, years: Years | None, lang: str) -> str:
    """The map's title: the county and its year, or a rolling plan's years (2026—2028)."""
    county = view.scenario.county.name
    if years is None:
        return i18n.map_text("title", lang, county=county, year=view.scenario.year)
    return i18n.map_text("title_horizon", lang, county=county, span=years.span(lang))


def furniture(lang: str) -> str:
    """Script for a metric-only scale bar (km, m) and the north arrow, in a `_Script`: the
    same on map.html and compare.html."""
    return ("L.control.scale({imperial: false, maxWidth: 160})"
            ".addTo({{ this._parent.get_name() }});"
            "landplan.north({{ this._parent.get_name() }}, "
            + page_json(i18n.map_text("north", lang)) + ");")


def page_script(code: str) -> MacroElement:
    """A line of script run after the map exists (see `_Script`)."""
    return _Script(code)


# --- the page and its assets ------------------------------------------------------------


class _Page(folium.Map):
    """A folium map that links nothing from a CDN: Leaflet comes inlined (see _Inline)."""

    default_js: list = []
    default_css: list = []


class _Inline(Element):
    """Leaflet and the page's own script and style, inside the page; a rolling plan's page
    also the year selector's (map_years.py)."""

    def __init__(self, years: Years | None = None):
        super().__init__()
        self.years = years

    def render(self, **kwargs) -> str:
        if self.years is None:
            return _assets()
        js = (STATIC / "landplan-years.js").read_text(encoding="utf-8")
        style = (STATIC / "landplan-years.css").read_text(encoding="utf-8")
        return (_assets() + f"\n<style>{style}{map_years.css(self.years)}</style>\n"
                f"<script>{js}</script>")


def _assets() -> str:
    leaflet = STATIC / "leaflet"
    css = (leaflet / "leaflet.css").read_text(encoding="utf-8")

    def data_uri(match: re.Match) -> str:
        data = base64.b64encode((leaflet / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    css = re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, css)
    js = (leaflet / "leaflet.js").read_text(encoding="utf-8")
    js = re.sub(r"\n//# sourceMappingURL=.*$", "", js)
    own_js = (STATIC / "landplan-map.js").read_text(encoding="utf-8")
    own_css = (STATIC / "landplan-map.css").read_text(encoding="utf-8")
    # Leaflet places its map pane with left/top instead of a 3D transform, so that the pane
    # makes no stacking context and popups can open above the title and legend boxes
    return (
        f"<style>{css}</style>\n<style>{own_css}</style>\n"
        f"<script>window.L_DISABLE_3D = true;\n{js}</script>\n<script>{own_js}</script>"
    )


def _check_offline(text: str) -> None:
    """An offline page loads nothing from the network: no src/href/url() to http(s)."""
    refs = re.findall(
        r"""(?:\bsrc\s*=\s*["']?|<link[^>]*href\s*=\s*["']?|url\(\s*["']?)"""
        r"""(https?:)?//""",
        text,
    )
    if refs:  # a bug in landplan, not bad input
        raise RuntimeError("map.html would load resources from the network in offline mode")


class _Script(MacroElement):
    """A line of script run after the map exists; `this._parent` is the map. `code` is a
    template: only landplan's own words and `page_json` data go into it, never a name."""

    def __init__(self, code: str):
        super().__init__()
        self._name = "Script"
        self._template = Template("{% macro script(this, kwargs) %}" + code + "{% endmacro %}")


class _GeoJson(folium.map.Layer):
    """A GeoJSON layer whose data, styles, popups and tooltips were prepared in Python.

    `style` styles the polygons and `dot` the points unless a feature has its own
    (`properties.s`); `properties.p` is a popup, or an index into `popups` when a site's
    outline and its dot share one.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = L.geoJSON({{ this.data }}, "
        "landplan.options({{ this.pane|tojson }}, {{ this.style|tojson }}, "
        "{{ this.dot|tojson }}, {{ this.popups }}));"
        "{% endmacro %}"
    )

    def __init__(
        self,
        data: str,
        name: str,
        pane: str,
        style: dict | None = None,
        *,
        dot: dict | None = None,
        popups: list[str] | None = None,
        control: bool = True,
    ):
        super().__init__(name=name, overlay=True, control=control, show=True)
        self._name = "GeoJson"
        self.data, self.pane, self.style, self.dot = data, pane, style, dot
        self.popups = page_json(popups or [])


class _Labels(folium.map.Layer):
    """Town names as text that never catches the mouse; `data` is [[lat, lon], html] rows."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = landplan.labels({{ this.data }}, 'markerPane');"
        "{% endmacro %}"
    )

    def __init__(self, data: str, name: str):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "Labels"
        self.data = data


def _stable_ids(root: Element) -> None:
    """Name every element by its place in the tree, so the same run gives the same page."""
    count = 0

    def walk(el: Element) -> None:
        nonlocal count
        count += 1
        el._id = f"{count:04d}"
        for child in el._children.values():
            walk(child)

    walk(root)


def _tiles(basemap: str | None, offline: bool, key: str | None) -> list[folium.TileLayer]:
    """The basemap's tile layers: none offline unless a tile server URL is given."""
    choice = basemap or ("none" if offline else "osm")
    if "{z}" in choice and "{x}" in choice and "{y}" in choice:
        if re.search(r"[{}]", re.sub(r"\{[sxyzr]\}", "", choice)):
            raise OptionError(
                Problem(
                    f"basemap URL `{choice}` has braces other than {{s}}, {{z}}, {{x}}, {{y}}, {{r}}",
                    hint="give a tile URL template such as http://10.0.0.5/tiles/{z}/{x}/{y}.png",
                )
            )
        return [
            folium.TileLayer(choice, attr="local tiles", name="tiles", control=False, max_zoom=19)
        ]
    if choice not in BASEMAPS:
        raise OptionError(
            Problem(
                f"unknown basemap `{choice}`",
                hint="use none, osm, tianditu or a tile URL template with {z}, {x} and {y}",
            )
        )
    if choice != "none" and offline:
        raise OptionError(
            Problem(
                f"basemap `{choice}` needs the internet, and the map is being made for offline use",
                hint="add --online, or give a local tile server URL",
            )
        )
    if choice == "osm":
        return [folium.TileLayer("OpenStreetMap", name="OpenStreetMap", control=False, max_zoom=19)]
    if choice == "tianditu":
        if not key or not re.fullmatch(r"[0-9A-Za-z]{16,64}", key):
            raise OptionError(
                Problem(
                    "basemap `tianditu` needs a 天地图 key",
                    hint="apply for a free browser key at "
                    "console.tianditu.gov.cn and pass --tianditu-key",
                )
            )
        return [_tianditu(layer, key) for layer in ("vec", "cva")]
    return []


def _tianditu(layer: str, key: str) -> folium.TileLayer:
    url = (
        f"https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile"
        f"&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
        f"&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}"
    )
    return folium.TileLayer(
        url,
        attr="&copy; 天地图 国家地理信息公共服务平台",
        name=f"tianditu-{layer}",
        subdomains="01234567",
        control=False,
        overlay=layer == "cva",
        max_zoom=18,
    )


# --- data -------------------------------------------------------------------------------


def _geojson(
    gdf: gpd.GeoDataFrame, props: list[dict] | None, tolerance: float, points: bool = False
) -> str:
    """A FeatureCollection as compact JSON, safe inside <script>: drawn records only,
    simplified in the projected CRS, in lon/lat rounded to 1e-6°."""
    geoms = gdf.geometry.to_numpy()
    keep = np.array([g is not None and not g.is_empty for g in geoms], dtype=bool)
    geoms = geoms[keep]
    if points:
        geoms = shapely.point_on_surface(geoms)
    else:
        geoms = shapely.simplify(geoms, tolerance, preserve_topology=True)
    lonlat = gpd.GeoSeries(geoms, crs=gdf.crs).to_crs(4326).to_numpy()
    lonlat = shapely.transform(lonlat, lambda xy: np.round(xy, 6))
    texts = shapely.to_geojson(lonlat)
    props = [p for p, k in zip(props, keep, strict=True) if k] if props is not None else None
    features = []
    for i, g in enumerate(texts):
        p = page_json(props[i]) if props is not None else "{}"
        features.append(f'{{"type":"Feature","properties":{p},"geometry":{g}}}')
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"



def fmt_number(x: float, dp: int = 2) -> str:
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return "–"
    text = f"{float(x):,.{dp}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _area(x: float, units: str, lang: str) -> str:
    """An area in the scenario's unit, with 公顷 alongside when the unit is 亩."""
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return "—"
    text = f"{fmt_number(x)} {units}"
    if units == i18n.unit("mu", lang):
        text += f"（{fmt_number(x / 15, 2)} {i18n.unit('ha', lang)}）" if lang == "zh" else (
            f" ({fmt_number(x / 15, 2)} {i18n.unit('ha', lang)})"
        )
    return text



def _swatch(fill: str, stroke: str = "#555", kind: str = "") -> str:
    cls = f"lp-sw {kind}".strip()
    if kind == "lp-line":
        return f'<span class="{cls}" style="border-color:{stroke}"></span>'
    return f'<span class="{cls}" style="background:{fill};border-color:{stroke}"></span>'


def _hatch_css(color: str, angle: float) -> str:
    """The CSS background of a hatched swatch in the layer control."""
    return f"repeating-linear-gradient({90 + angle}deg, {color} 0 2px, transparent 2px 5px)"


def _light(color: str) -> bool:
    """Whether dark text reads better than white on this #rrggbb colour."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b > 160


def _popup(
    title: str,
    sub: str,
    rows: list[tuple[str, str]],
    badge: tuple[str, str] | None = None,
    note: str = "",
    note_first: bool = False,
) -> str:
    """Popup HTML from already-escaped pieces; `note_first` puts the reason (an ineligible
    site's overlap with the layer that rules it out) above the figures, marked."""
    out = [f'<div class="lp-pop"><h4>{title}</h4><div class="lp-sub">{sub}</div>']
    if badge:
        ink = "#222" if _light(badge[1]) else "#fff"
        out.append(
            f'<span class="lp-badge" style="background:{badge[1]};color:{ink}">{badge[0]}</span>'
        )
    if note and note_first:
        out.append(f'<p class="lp-reason lp-why">{note}</p>')
    out.append(
        "<table>" + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows) + "</table>"
    )
    if note and not note_first:
        out.append(f'<p class="lp-reason">{note}</p>')
    return "".join(out) + "</div>"


def class_breaks(values: np.ndarray, n: int = 5) -> list[float]:
    """Upper bounds of n equal classes with a round step (1, 2, 2.5 or 5 × 10^k) above 0."""
    top = float(np.nanmax(values)) if len(values) else 0.0
    if top <= 0:
        return []
    raw = top / n
    mag = 10 ** np.floor(np.log10(raw))
    step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)
    return [round(step * (i + 1), 10) for i in range(n)]


def town_color(value: float, breaks: list[float]) -> str:
    if not breaks or value <= 1e-9:
        return TOWN_COLORS[0]
    for i, b in enumerate(breaks):
        if value <= b + 1e-9:
            return TOWN_COLORS[i + 1]
    return TOWN_COLORS[-1]


def town_at(towns: gpd.GeoDataFrame, geoms: np.ndarray) -> list[str]:
    """The name of the town holding each geometry's representative point ('' if none)."""
    drawn = towns[towns.geometry.notna()]
    out = [""] * len(geoms)
    ok = np.flatnonzero([g is not None and not g.is_empty for g in geoms])
    if drawn.empty or not ok.size:
        return out
    pts = shapely.point_on_surface(geoms[ok])
    tree = shapely.STRtree(drawn.geometry.to_numpy())
    src, hit = tree.query(pts, predicate="within")
    names = drawn["name"].to_numpy()
    for s, h in zip(src, hit, strict=True):
        out[ok[s]] = str(names[h])
    return out


# --- layers -----------------------------------------------------------------------------


def _add_towns(
    m: folium.Map, towns: gpd.GeoDataFrame, breaks: list[float], units: str, lang: str,
    years: Years | None = None,
) -> None:
    h = _heading(H.TOWNS, lang)
    props = []
    shared = years.year_breaks(class_breaks) if years is not None else []
    span = "" if years is None else i18n.map_text("year_span_total", lang, span=years.span(lang))
    for r in towns.itertuples(index=False):
        pilot = i18n.map_text("pilot_mark", lang) if r.pilot else ""
        rows = [
            (h("allocated"), _area(r.allocated, units, lang)),
            (h("from_quota"), _area(r.from_quota, units, lang)),
            (h("from_linkage"), _area(r.from_linkage, units, lang)),
            (h("requested"), _area(r.requested, units, lang)),
            (
                h("projects"),
                f"{r.projects}（{h('funded')} {r.funded} · {h('partial')} "
                f"{r.partial} · {h('unfunded')} {r.unfunded} · {h('ineligible')} "
                f"{r.ineligible}）"
                if lang == "zh"
                else f"{r.projects} ({r.funded} / {r.partial} / {r.unfunded} / {r.ineligible})",
            ),
            (h("farmland_taken"), _area(r.farmland_taken, units, lang)),
            (h("compensated_own"), _area(r.compensated_own, units, lang)),
            (h("compensated_county"), _area(r.compensated_county, units, lang)),
        ]
        feature = {
            "s": {
                "color": "#4d4d4d",
                "weight": 1.2,
                "fillColor": town_color(r.allocated, breaks),
                "fillOpacity": 0.75,
            },
            "t": f"{html_text(r.name)} · {fmt_number(r.allocated)} {units}",
            "p": _popup(html_text(r.name), " · ".join(html_text(x) for x in (r.code, pilot, span) if x), rows),
        }
        if years is not None:  # a rolling plan: the chosen year's colour, figures and rows
            feature = _town_years(feature, r, years, breaks, shared, units, lang)
        props.append(feature)
    gdf = towns.copy()
    gdf["geometry"] = _coverage_simplified(gdf.geometry.to_numpy())
    name = _swatch(TOWN_COLORS[3]) + " " + html_text(i18n.map_text("towns", lang))
    m.add_child(_GeoJson(_geojson(gdf, props, 0.0), name, PANES[0]))
    outline = [g for g in gdf.geometry if g is not None]
    if outline:
        county = gpd.GeoDataFrame(geometry=[shapely.coverage_union_all(outline)], crs=towns.crs)
        style = {"color": "#222", "weight": 2.6, "fill": False, "interactive": False}
        m.add_child(_GeoJson(_geojson(county, None, 0.0), "county", PANES[0], style, control=False))


def _town_years(feature: dict, r, years: Years, breaks: list[float], shared: list[float],
                units: str, lang: str) -> dict:
    """A town of a rolling plan: its fill for each year key, its tooltip for the chosen year,
    and its popup with the table by year."""
    values = map_years.town_year_values(years, r.code, float(r.allocated))
    tips = {k: f"{fmt_number(v)} {units}" if k == map_years.ALL else
            html_text(i18n.map_text("year_label", lang, y=k, a=fmt_number(v), u=units))
            for k, v in values.items()}
    total = {"allocated": r.allocated, "from_quota": r.from_quota, "from_linkage": r.from_linkage}
    table = map_years.town_table(years, r.code, total, units, lang, fmt_number)
    return feature | {
        "t": f"{html_text(r.name)} · {map_years.variants(tips)}",
        "p": feature["p"][: -len("</div>")] + table + "</div>",
        "yc": years.town_colors(r.code, float(r.allocated), breaks, shared, town_color),
    }


def _coverage_simplified(geoms: np.ndarray) -> np.ndarray:
    """Towns share borders: simplify them as one coverage so no gap opens between two towns."""
    out = geoms.copy()
    ok = np.flatnonzero([g is not None and not g.is_empty for g in geoms])
    if not ok.size:
        return out
    try:
        out[ok] = shapely.coverage_simplify(geoms[ok], TOLERANCE_M["towns"])
    except Exception:  # not a clean coverage (overlaps): simplify each town alone
        out[ok] = shapely.simplify(geoms[ok], TOLERANCE_M["towns"], preserve_topology=True)
    return out


def _add_planning(
    m: folium.Map, view: RunView, towns: gpd.GeoDataFrame, units: str, lang: str
) -> None:
    """The planning layers as drawn (planning.py): one feature per town, already simplified."""
    drawn = view.planning()
    for key, (stroke, fill, opacity, weight, dash) in PLANNING.items():
        layer = drawn.get(key)
        if layer is None or not len(layer):
            continue
        label = i18n.map_text(key, lang)
        props = [
            {"t": " · ".join(html_text(x) for x in (label, n, _area(a, units, lang)) if x)}
            for n, a in zip(layer["town_name"], layer["area"], strict=True)
        ]
        hatched = key in HATCHED
        style = {
            "color": stroke,
            "weight": weight,
            "dashArray": dash,
            "fillColor": f"url(#lp-hatch-{key})" if hatched else fill,
            "fillOpacity": opacity,
        }
        kind = "lp-line" if key == "urban_development_boundary" else ""
        swatch = (
            _swatch(_hatch_css(fill, HATCHED[key][0]), stroke)
            if hatched
            else _swatch(fill, stroke, kind)
        )
        name = f"{swatch} {html_text(label)}"
        m.add_child(_GeoJson(_geojson(layer, props, 0.0), name, PANES[1], style))


def _feature_names(layer: gpd.GeoDataFrame) -> list[str]:
    """A name per feature from a `name`-like field (name, MC, …MC, 名称), else ''."""
    for col in layer.columns:
        low = str(col).lower()
        if low in ("name", "mc", "名称") or (low.endswith("mc") and low != "dlmc"):
            return ["" if v is None or v != v else str(v) for v in layer[col]]
    return [""] * len(layer)


def _add_rural(m: folium.Map, gdf: gpd.GeoDataFrame, key: str, units: str, lang: str) -> None:
    if gdf.geometry.notna().sum() == 0:
        return
    (done, part, none), stroke = RURAL[key]
    h = _heading(H.LINKAGE, lang)
    props, dots, popups = [], [], []
    for r in gdf.itertuples(index=False):
        fill = done if r.activated >= 1 - 1e-6 else part if r.activated > 1e-6 else none
        rows = [(i18n.map_text("share", lang), f"{r.activated:.0%}")]
        if key == "linkage_parcels":
            rows += [
                (h("reclaim"), _area(r.reclaim, units, lang)),
                (h("farmland_gained"), _area(r.farmland_gained, units, lang)),
            ]
        else:
            rows += [
                (h("quantity"), _area(r.quantity, units, lang)),
                (h("paddy_gained"), _area(r.paddy_gained, units, lang)),
            ]
        rows += [
            (h("credits_earned"), _area(r.credits_earned, units, lang)),
            (h("credits_used"), _area(r.credits_used, units, lang)),
            (html_text(i18n.map_text("cost_wan", lang)), fmt_number(r.cost / 10_000, 2)),
        ]
        title = html_text(r.name or r.id)
        popups.append(
            _popup(
                title,
                f"{html_text(r.id)} · {html_text(r.town_name)}",
                rows,
                badge=(html_text(r.activation), stroke if fill == "#ffffff" else fill),
            )
        )
        shape = {
            "color": stroke,
            "weight": 1.2 if r.activated > 1e-6 else 1.6,
            "fillColor": fill,
            "fillOpacity": 0.85 if r.activated > 1e-6 else 0.3,
            "dashArray": None if r.activated > 1e-6 else "4 3",
        }
        dot = shape | {"radius": 4.5, "weight": 1.3, "fillOpacity": 0.95, "dashArray": None,
                       "className": "lp-dot lp-rdot"}  # fmt: skip
        tip = f"{title} · {html_text(r.activation)}"
        props.append({"s": shape, "t": tip, "p": len(popups) - 1})
        dots.append({"s": dot, "t": tip, "p": len(popups) - 1})
    label = i18n.map_text(key, lang)
    name = f"{_swatch(done, stroke)} {html_text(label)}"
    outlines = _geojson(gdf, props, TOLERANCE_M["sites"])
    points = _geojson(gdf, dots, 0.0, points=True)
    data = outlines[:-2] + "," + points.split('"features":[', 1)[1]
    m.add_child(_GeoJson(data, name, PANES[2], popups=popups))


def _add_projects(m: folium.Map, sites: gpd.GeoDataFrame, units: str, lang: str,
                  years: Years | None = None) -> None:
    h = _heading(H.ALLOCATION, lang)
    for status in STATUS_ORDER:
        mine = sites[(sites["status"] == status) & sites.geometry.notna()]
        if mine.empty:
            continue
        color = STATUS_COLORS[status]
        stroke = STATUS_STROKES[status]
        word = i18n.word(i18n.STATUS, status, lang)
        popups, props = [], []
        for i, r in enumerate(mine.itertuples(index=False)):
            nothing = r.allocated <= 1e-9
            taken = "—" if nothing else None  # nothing allocated: nothing taken, not "0"
            rows = [
                (h("requested"), _area(r.requested, units, lang)),
                (h("allocated"), f"<b>{_area(r.allocated, units, lang)}</b>"),
                (h("from_quota"), _area(r.from_quota, units, lang)),
                (h("from_linkage"), _area(r.from_linkage, units, lang)),
                (h("farmland_taken"), taken or _area(r.farmland_taken, units, lang)),
                (h("paddy_taken"), taken or _area(r.paddy_taken, units, lang)),
            ]
            if years is not None:  # a rolling plan: the year the land is given
                rows.insert(2, map_years.project_year_row(years, str(r.project_id), lang))
            extra = [html_text(h("priority"))] if r.priority else []
            sub = " · ".join([html_text(r.project_id), html_text(r.town_name), html_text(r.category_label)] + extra)
            note = html_text(r.reason) if status != "funded" and r.reason else ""
            if nothing:
                nothing_note = html_text(i18n.map_text("nothing_taken", lang))
                note = f"{note}<br><small>{nothing_note}</small>" if note else nothing_note
            popups.append(
                _popup(
                    html_text(r.name), sub, rows, badge=(html_text(word), color), note=note,
                    note_first=status in ("ineligible", "conflict"),
                )
            )  # fmt: skip
            tip = {"t": f"{html_text(r.name)} · {html_text(word)}", "p": i}
            if years is not None:
                pid = str(r.project_id)
                tip = {"t": tip["t"] + map_years.project_tip(years, pid, lang), "p": i,
                       "y": years.project_year.get(pid, "")}
            props.append(tip)
        style = {"color": stroke, "weight": 1.5, "fillColor": color, "fillOpacity": 0.85}
        dot = {
            "radius": 6,
            "color": "#000" if status == "conflict" else "#fff",
            "weight": 1.5,
            "fillColor": color,
            "fillOpacity": 0.95,
            "className": "lp-dot",
        }
        count = f"（{len(mine)}）" if lang == "zh" else f" ({len(mine)})"
        name = (
            f"{_swatch(color, stroke, 'lp-dot')} "
            f"{html_text(i18n.map_text('project_layer', lang, status=word))}{count}"
        )
        outlines = _geojson(mine, props, TOLERANCE_M["sites"])
        dots = _geojson(mine, props, 0.0, points=True)
        data = outlines[:-2] + "," + dots.split('"features":[', 1)[1]
        m.add_child(_GeoJson(data, name, PANES[3], style, dot=dot, popups=popups))


def _add_labels(m: folium.Map, towns: gpd.GeoDataFrame, units: str, lang: str,
                years: Years | None = None) -> None:
    drawn = towns[towns.geometry.notna()]
    if drawn.empty:
        return
    pts = gpd.GeoSeries(shapely.point_on_surface(drawn.geometry.to_numpy()), crs=towns.crs).to_crs(
        4326
    )
    rows = []
    for r, p in zip(drawn.itertuples(index=False), pts, strict=True):
        star = "★" if r.pilot else ""
        got = html_text(i18n.map_text('allocated_short', lang, a=fmt_number(r.allocated, 1), u=units))
        if years is not None:  # a rolling plan: the chosen year's land, or the horizon's
            values = map_years.town_year_values(years, r.code, float(r.allocated))
            got = map_years.variants({k: got if k == map_years.ALL else html_text(
                i18n.map_text("year_label", lang, y=k, a=fmt_number(v, 1), u=units))
                for k, v in values.items()})
        text = (
            f'<div class="lp-in"><b>{star}{html_text(r.name)}</b><br>'
            f"<small>{got}"
            "</small></div>"
        )
        rows.append([[round(p.y, 6), round(p.x, 6)], text])
    m.add_child(_Labels(page_json(rows), html_text(i18n.map_text("town_labels", lang))))


def _heading(table: dict, lang: str) -> Callable[[str], str]:
    return lambda col: html_text(H.heading(table, col, lang))


# --- title block and legend -------------------------------------------------------------


def _title_block(view: RunView, frames: dict[str, gpd.GeoDataFrame], tiles: list, lang: str,
                 years: Years | None = None) -> str:
    s = view.scenario
    a = view.allocation
    u = i18n.unit(s.units, lang)
    summ = view.summary
    gap = float(summ.get("gap") or 0)
    status = (
        i18n.map_text("optimal", lang)
        if gap == 0
        else i18n.map_text("optimal_gap", lang, gap=f"{gap:g}")
    )
    objective = summ.get("objective")
    counts = a["status"].value_counts()
    head = [
        '<div class="lp-head">'
        f'<div class="lp-h1">{html_text(map_title(view, years, lang))}</div>'
        f"{_toggle(lang)}</div>",
    ]
    if years is not None:  # the selector stays in view when the box is folded
        head.append(map_years.selector(years, lang))
    if s.synthetic:
        head.append(f'<div class="lp-synthetic">⚠ {html_text(i18n.text("synthetic", lang))}</div>')
    sep = "；" if lang == "zh" else "; "
    lines = [
        f"<div>{html_text(i18n.map_text('scenario', lang, name=s.name))}{sep}"
        f"{html_text(objective_words(summ, objective, status, lang))}</div>",
        "<div>"
        + html_text(
            i18n.map_text(
                "quota_line",
                lang,
                q=fmt_number(s.quota.new_construction),
                r=fmt_number(s.quota.pilot_reserve),
                u=u,
                a=fmt_number(a["allocated"].sum()),
                n=fmt_number(a["from_quota"].sum()),
                l=fmt_number(a["from_linkage"].sum()),
            )
        )
        + "</div>",
        "<div>"
        + html_text(
            i18n.map_text(
                "projects_line",
                lang,
                n=len(a),
                f=int(counts.get("funded", 0)),
                p=int(counts.get("partial", 0)),
                x=int(counts.get("unfunded", 0)),
                i=int(counts.get("ineligible", 0)),
                c=int(counts.get("conflict", 0)),
            )
        )
        + "</div>",
    ]
    if years is not None:  # the chosen year's quota and land, or the horizon's
        lines[1:3] = [map_years.quota_lines(years, a, u, lang, fmt_number)]
    sites = frames["project_sites"]
    missing = int(sites.geometry.isna().sum())
    if not any(g is not None for f in frames.values() for g in f.geometry):
        lines.append(f'<div class="lp-note">{html_text(i18n.map_text("no_layers", lang))}</div>')
    elif missing:
        lines.append(f'<div class="lp-note">{html_text(i18n.map_text("no_site", lang, n=missing))}</div>')
    base = _basemap_name(tiles, lang)
    foot = " · ".join(
        [
            i18n.map_text("crs", lang, crs=s.crs),
            i18n.map_text("basemap", lang, name=base),
            i18n.map_text("made_by", lang, version=__version__),
        ]
    )
    lines.append(f'<div class="lp-foot">{html_text(foot)}</div>')
    return ('<div id="lp-title" class="lp-panel lp-fold">' + "".join(head)
            + '<div class="lp-body">' + "".join(lines) + "</div></div>")


def objective_words(summ: dict, objective: float | None, status: str, lang: str) -> str:
    """What the run maximised: Σ value × land alone, or, with policy tiers, the tiers in
    their order and then value."""
    tiers = summ.get("tiers") or []
    v = fmt_number(objective or 0, 4)
    if not tiers:
        return i18n.map_text("objective", lang, v=v, status=status)
    arrow = " → "
    order = arrow.join(
        i18n.map_text("tier_item", lang, name=t["name"],
                      what=i18n.word(i18n.REPORT, f"tier_{t['objective']}", lang))
        for t in tiers)
    return i18n.map_text("objective_tiers", lang, order=order, v=v, status=status)


def _toggle(lang: str) -> str:
    """The button that folds a box to its first line (landplan-map.js `panels`)."""
    return (f'<button type="button" class="lp-toggle" aria-expanded="true" '
            f'title="{html_text(i18n.map_text("fold", lang))}">▾</button>')


def _basemap_name(tiles: list, lang: str) -> str:
    if not tiles:
        return i18n.map_text("basemap_none", lang)
    name = tiles[0].layer_name
    if name == "OpenStreetMap":
        return i18n.map_text("basemap_osm", lang)
    if name.startswith("tianditu"):
        return i18n.map_text("basemap_tianditu", lang)
    return i18n.map_text("basemap_local", lang)


def _legend(breaks: list[float], units: str, lang: str, frames: dict | None = None,
            years: Years | None = None) -> str:
    heading = html_text(i18n.map_text("legend_towns", lang, u=units))
    rows = [
        f'<div class="lp-row">{_swatch(TOWN_COLORS[0])} 0</div>',
    ]
    lo = 0.0
    for i, b in enumerate(breaks):
        rows.append(
            f'<div class="lp-row">{_swatch(TOWN_COLORS[i + 1])} '
            f"{'&gt;' if lo == 0 else ''}{fmt_number(lo)} – {fmt_number(b)}</div>"
        )
        lo = b
    if years is not None:  # a rolling plan: the classes of the horizon or of the chosen year
        heading, classes = map_years.legend_rows(
            years, breaks, years.year_breaks(class_breaks), units, lang, _swatch, TOWN_COLORS,
            fmt_number)
        rows = [classes]
    head = ('<div class="lp-head">'
            f'<div class="lp-h2">{heading}</div>'
            f"{_toggle(lang)}</div>")
    rows.append(
        f'<div class="lp-row" style="margin-top:3px">{html_text(i18n.map_text("pilot_mark", lang))}</div>'
    )
    rows += _activation_legend(frames or {}, lang)
    return ('<div id="lp-legend" class="lp-panel lp-fold">' + head + '<div class="lp-body">'
            + "".join(rows) + "</div></div>")


def _activation_legend(frames: dict, lang: str) -> list[str]:
    """Linkage parcels and reclamation sites by activation: one row per state, per layer."""
    rows = []
    for key, ((done, part, none), stroke) in RURAL.items():
        gdf = frames.get(key)
        if gdf is None or gdf.geometry.notna().sum() == 0:
            continue
        if not rows:
            rows.append(
                f'<div class="lp-h2" style="margin-top:6px">'
                f"{html_text(i18n.map_text('legend_activation', lang))}</div>"
            )
        short = i18n.map_text(
            "linkage_short" if key == "linkage_parcels" else "reclamation_short", lang
        )
        cells = []
        for fill, state in ((done, "activated"), (part, "partly"), (none, "not_activated")):
            style = "border-style:dashed" if state == "not_activated" else ""
            cells.append(
                f'<span class="lp-sw" style="background:{fill};border-color:{stroke};{style}">'
                f"</span> {html_text(i18n.map_text(state, lang))}"
            )
        rows.append(
            f'<div class="lp-row lp-act">{html_text(short)}：{" ".join(cells)}</div>'
            if lang == "zh"
            else f'<div class="lp-row lp-act">{html_text(short)}: {" ".join(cells)}</div>'
        )
    return rows


# --- entry points for `landplan run` and `landplan map` ------------------------------------


def write_run_maps(folder: Path, result, *, lang: str = "zh", landuse: Future | None = None,
                   **basemap) -> list[str]:
    """The `after_write` hook of `landplan.run.run`: allocation.gpkg and map.html written into
    the run folder while it is still being written, so a run has them whole or not at all.

    The map is drawn from what allocation.gpkg holds, exactly as `landplan map` redraws it
    later from the folder alone; summary.json lists the drawn planning layers it keeps.
    `landuse`: the pilot towns' land-use classes, when the run dissolved them while solving."""
    view = RunView.from_result(folder, result)
    if landuse is not None:
        view.layers[LANDUSE_LAYER] = landuse.result()
    gpkg = write_gpkg(view, Path(folder) / F.GPKG.name, lang=lang)
    stored = list(view.planning())
    result.summary["drawn_layers"] = stored
    view.layers, view.drawn = read_stored(gpkg, stored)
    write_map(view, Path(folder) / F.MAP.name, lang=lang, **basemap)
    return [F.MAP.name, F.GPKG.name]


def redraw_map(
    folder: str | Path,
    *,
    lang: str | None = None,
    offline: bool = True,
    basemap: str | None = None,
    tianditu_key: str | None = None,
    notes: list | None = None,
) -> Path:
    """`landplan map RUN_FOLDER`: draw map.html again from a finished run, without solving.
    `lang` defaults to the run's; the view's notes (changed layer files) go into `notes`."""
    _tiles(basemap, offline, tianditu_key)  # a bad basemap fails before the layers are read
    view = RunView.from_folder(folder)
    if notes is not None:
        notes += view.notes
    return write_map(
        view,
        Path(folder) / F.MAP.name,
        lang=lang or view.lang,
        offline=offline,
        basemap=basemap,
        tianditu_key=tianditu_key,
    )
