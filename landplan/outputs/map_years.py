"""map.html of a rolling plan (`horizon`): a year selector and what it changes.

The page opens on 全部年度 (the whole horizon: every site with its status, the towns shaded by
their total land), and a row of radio buttons in the title box picks one year. Then:

* a site given its land in that year keeps its status colour; a site given land in another year
  is drawn hollow (white fill, dashed outline in its status colour), so a planner sees the sites
  already committed or still to come without taking them for this year's. They are not hidden:
  a three-year plan is read against the whole of it, and a hidden site looks like no site at
  all. Sites given no land (unfunded, ineligible, conflict) are drawn as before;
* the towns are shaded by that year's land (towns_by_year.csv), on classes shared by every year
  so that the years compare; their labels, tooltips and the legend say that year's figures;
* the title's quota line is that year's quota and land; each town's popup has a row per year
  and the horizon's total, the chosen year's row marked.

Every variant is in the page from the start, each marked `data-lp-show="<year>"` (or `all`) and
shown by CSS for the year the body's `data-lp-year` names, so popups and labels Leaflet makes
later show the right one too; the script (static/landplan-years.js) only sets that attribute and
restyles the sites and towns. A one-year run's page has none of it: this module is not called.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from landplan import i18n
from landplan.outputs.escape import html_text, page_json

ALL = "all"
OTHER_YEAR = {"fillColor": "#ffffff", "fillOpacity": 0.6, "dashArray": "3 3"}  # sites, polygons
MARK = "#fff3cd"  # the chosen year's row in a town's popup


@dataclass
class Years:
    """What the rolling map draws by year: the horizon's years, each town's row per year
    (towns_by_year.csv) and each project's year ('' when it gets none)."""

    years: list[int]
    by_town: pd.DataFrame  # towns_by_year, year as int
    project_year: dict[str, str]
    quota: dict[int, tuple[float, float]]  # year: (new_construction, pilot_reserve)

    @classmethod
    def of(cls, view) -> Years | None:
        """None for a one-year run (no horizon, or no towns_by_year table)."""
        s = view.scenario
        table = (getattr(view, "by_year", None) or {}).get("towns_by_year")
        if s.horizon is None or table is None:
            return None
        years = list(s.horizon.years)
        by_town = table.copy()
        by_town["year"] = by_town["year"].astype(int)
        a = view.allocation
        col = a["year"] if "year" in a else pd.Series([""] * len(a), index=a.index)
        project_year = {str(p): year_text(y) for p, y in zip(a["project_id"], col, strict=True)}
        quota = {y: (float(s.quota.in_year("new_construction", y) or 0.0),
                     float(s.quota.in_year("pilot_reserve", y) or 0.0)) for y in years}
        return cls(years, by_town, project_year, quota)

    @property
    def keys(self) -> list[str]:
        return [ALL] + [str(y) for y in self.years]

    def span(self, lang: str) -> str:
        """The horizon as a title says it: 2026—2028 (zh) or 2026–2028."""
        a, b = self.years[0], self.years[-1]
        return f"{a}—{b}" if lang == "zh" else f"{a}–{b}"

    def town_rows(self, code: str) -> pd.DataFrame:
        return self.by_town[self.by_town["code"] == code].sort_values("year")

    def year_breaks(self, class_breaks) -> list[float]:
        """Classes shared by every year, so a town's colour means the same land in each."""
        return class_breaks(self.by_town["allocated"].to_numpy(dtype=float))

    def town_colors(self, code: str, total: float, breaks: list[float], year_breaks: list[float],
                    town_color) -> dict[str, str]:
        """{year key: fill}: the total on the page's classes, each year on the shared ones."""
        rows = self.town_rows(code)
        got = dict(zip(rows["year"], rows["allocated"], strict=True))
        out = {ALL: town_color(total, breaks)}
        for y in self.years:
            out[str(y)] = town_color(float(got.get(y, 0.0)), year_breaks)
        return out


def year_text(value) -> str:
    """A year cell of allocation.csv as text: '' for none (empty, NaN)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = str(value).strip()
    return text[:-2] if text.endswith(".0") else text


def variants(texts: dict[str, str], tag: str = "span") -> str:
    """Already-escaped HTML per year key, each shown only for its year (CSS, see `css`)."""
    return "".join(f'<{tag} data-lp-show="{k}">{v}</{tag}>' for k, v in texts.items())


def css(years: Years) -> str:
    """The rules that show each year's variants and mark its rows; before the script sets
    the body's year, the whole horizon's."""
    shown = [f'body:not([data-lp-year]) [data-lp-show="{ALL}"]']
    marked = []
    for k in years.keys:
        shown.append(f'body[data-lp-year="{k}"] [data-lp-show="{k}"]')
        marked.append(f'body[data-lp-year="{k}"] [data-lp-mark="{k}"]')
    return (
        "[data-lp-show] { display: none; }\n"
        + ",\n".join(shown) + " { display: revert; }\n"
        + ",\n".join(marked) + f" {{ background: {MARK}; font-weight: 700; }}\n"
    )


def selector(years: Years, lang: str) -> str:
    """The radio buttons in the title box (outside its foldable body: always in view)."""
    name = html_text(i18n.map_text("year_select", lang))
    out = [f'<div class="lp-years" role="radiogroup" aria-label="{name}">'
           f'<span class="lp-years-h">{name}</span>']
    for k in years.keys:
        word = i18n.map_text("year_all", lang) if k == ALL else i18n.map_text(
            "year_one", lang, y=k)
        checked = " checked" if k == ALL else ""
        out.append(f'<label><input type="radio" name="lp-year" value="{k}"{checked}>'
                   f"<span>{html_text(word)}</span></label>")
    return "".join(out) + "</div>"


def init_script(years: Years) -> str:
    """The call that wires the selector (a `_Script` line; the map is `this._parent`)."""
    return ("landplanYears.init({{ this._parent.get_name() }}, "
            + page_json({"other": OTHER_YEAR, "start": ALL}) + ");")


def project_year_row(years: Years, pid: str, lang: str) -> tuple[str, str]:
    """The popup row that says the year a project's land is given, or that none is."""
    y = years.project_year.get(pid, "")
    value = i18n.map_text("year_one", lang, y=y) if y else i18n.map_text("year_none", lang)
    return html_text(i18n.map_text("year_heading", lang)), f"<b>{html_text(value)}</b>"


def project_tip(years: Years, pid: str, lang: str) -> str:
    """What a site's tooltip adds: the year its land is given ('' when none)."""
    y = years.project_year.get(pid, "")
    return f" · {html_text(i18n.map_text('year_given', lang, y=y))}" if y else ""


def town_table(years: Years, code: str, total: dict, units: str, lang: str, fmt) -> str:
    """A town's land by year (towns_by_year.csv) and the horizon's total, in its popup; the
    chosen year's row (or the total's) marked."""
    rows = years.town_rows(code)
    migrants = rows["migrant_land"].notna().any() if "migrant_land" in rows else False
    heads = ["year_col", "year_allocated", "year_quota", "year_linkage", "year_housing"]
    if migrants:
        heads.append("year_migrant_land")
    head = "".join(f"<th>{html_text(i18n.map_text(h, lang))}</th>" for h in heads)
    body = []
    for r in rows.itertuples(index=False):
        cells = [fmt(r.allocated), fmt(r.from_quota), fmt(r.from_linkage),
                 fmt(r.housing_livelihood)]
        if migrants:
            cells.append(fmt(getattr(r, "migrant_land", None)))
        body.append(f'<tr data-lp-mark="{int(r.year)}"><th>{int(r.year)}</th>'
                    + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    sums = [fmt(total["allocated"]), fmt(total["from_quota"]), fmt(total["from_linkage"]),
            fmt(rows["housing_livelihood"].sum())]
    if migrants:
        sums.append(fmt(rows["migrant_land"].sum(min_count=1)))
    body.append(f'<tr data-lp-mark="{ALL}" class="lp-total"><th>'
                f"{html_text(i18n.map_text('year_total', lang))}</th>"
                + "".join(f"<td>{c}</td>" for c in sums) + "</tr>")
    caption = html_text(i18n.map_text("year_table", lang, u=units))
    return (f'<div class="lp-sub lp-yt-h">{caption}</div>'
            f'<table class="lp-yt"><tr>{head}</tr>{"".join(body)}</table>')


def town_year_values(years: Years, code: str, total: float) -> dict[str, float]:
    """{year key: land}: the horizon's total and each year's."""
    rows = years.town_rows(code)
    got = dict(zip(rows["year"], rows["allocated"], strict=True))
    return {ALL: total} | {str(y): float(got.get(y, 0.0)) for y in years.years}


def quota_lines(years: Years, alloc: pd.DataFrame, units: str, lang: str, fmt) -> str:
    """The title's quota and projects lines: the horizon's, then each year's."""
    by_year = years.by_town.groupby("year")[["allocated", "from_quota", "from_linkage"]].sum()
    counts = alloc["status"].value_counts()
    out = {ALL: html_text(i18n.map_text(
        "year_quota_all", lang, span=years.span(lang),
        q=fmt(sum(q for q, _ in years.quota.values())),
        r=fmt(sum(r for _, r in years.quota.values())), u=units,
        a=fmt(alloc["allocated"].sum()), n=fmt(alloc["from_quota"].sum()),
        l=fmt(alloc["from_linkage"].sum())))}
    got = alloc.assign(_y=[years.project_year.get(str(p), "") for p in alloc["project_id"]])
    projects = {ALL: html_text(i18n.map_text(
        "projects_line", lang, n=len(alloc), f=int(counts.get("funded", 0)),
        p=int(counts.get("partial", 0)), x=int(counts.get("unfunded", 0)),
        i=int(counts.get("ineligible", 0)), c=int(counts.get("conflict", 0))))}
    for y in years.years:
        row = by_year.loc[y] if y in by_year.index else pd.Series(0.0, index=by_year.columns)
        q, r = years.quota[y]
        out[str(y)] = html_text(i18n.map_text(
            "year_quota_one", lang, y=y, q=fmt(q), r=fmt(r), u=units, a=fmt(row["allocated"]),
            n=fmt(row["from_quota"]), l=fmt(row["from_linkage"])))
        mine = got[got["_y"] == str(y)]["status"].value_counts()
        projects[str(y)] = html_text(i18n.map_text(
            "year_projects_one", lang, y=y, n=int(mine.sum()), f=int(mine.get("funded", 0)),
            p=int(mine.get("partial", 0))))
    return (f"<div>{variants(out)}</div><div>{variants(projects)}</div>")


def legend_rows(years: Years, breaks: list[float], year_breaks: list[float], units: str,
                lang: str, swatch, colors, fmt) -> tuple[str, str]:
    """(heading, class rows) of the town legend: the horizon's classes, or the shared yearly
    ones, each shown for its choice; and a row for the sites given land in another year."""
    head = variants({ALL: html_text(i18n.map_text("legend_towns", lang, u=units))}
                    | {str(y): html_text(i18n.map_text("year_legend_one", lang, y=y, u=units))
                       for y in years.years})

    def rows(b: list[float]) -> str:
        out = [f'<div class="lp-row">{swatch(colors[0])} 0</div>']
        lo = 0.0
        for i, hi in enumerate(b):
            out.append(f'<div class="lp-row">{swatch(colors[i + 1])} '
                       f"{'&gt;' if lo == 0 else ''}{fmt(lo)} – {fmt(hi)}</div>")
            lo = hi
        return "".join(out)

    body = f'<div data-lp-show="{ALL}">{rows(breaks)}</div>' + "".join(
        f'<div data-lp-show="{y}">{rows(year_breaks)}</div>' for y in years.years)
    other = ('<div class="lp-row lp-other"><span class="lp-sw lp-dot lp-hollow"></span> '
             f"{html_text(i18n.map_text('year_other_legend', lang))}</div>")
    other = variants({str(y): other for y in years.years}, tag="div")
    return head, body + other
