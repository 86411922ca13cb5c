"""`landplan compare RUN_A RUN_B …`: scenario studies side by side.

Writes a new folder (default runs/compare-<timestamp>; never an existing one, whole or not at
all) holding

- compare.csv: one row per town (and the county total) with the land allocated in each run and
  the change against the first run, then one row per project whose land or status changed;
- compare.xlsx: the same with Chinese (or English) headings, and a sheet of the runs;
- compare.png: bars of the land allocated per town, one bar per run;
- compare.html: project sites coloured by change against the first run (gained, lost,
  unchanged), offline like map.html (Leaflet inlined, no basemap).

Runs of different scenarios of the same county compare; runs of different counties do not.
Areas are in the runs' unit, or in 亩 when the runs differ in unit.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import folium
import numpy as np
import pandas as pd
from jinja2 import Template

from landplan import i18n
from landplan.errors import CompareError, Note, Problem
from landplan.outputs.escape import (
    PLAIN_TEXT,
    PageText,
    html_text,
    page_json,
    text_stays_text,
    write_csv,
    xlsx_frame,
)
from landplan.outputs.runfolder import RunFolder, new_run_dir
from landplan.outputs.tables import _fixed_zip_times
from landplan.outputs.view import RunView
from landplan.solution import LAND_EPS

MU_PER_HA = 15.0
EPS = LAND_EPS  # the run tables' tolerance: a difference in the last digit is noise
DRAW_ORDER = ("unchanged", "lost", "gained")  # changes drawn on top
CHANGE_COLORS = {"gained": "#1a9641", "lost": "#d7191c", "unchanged": "#9e9e9e"}
RUN_COLORS = ("#4575b4", "#f46d43", "#66bd63", "#9e6ebd", "#fdae61", "#74add1", "#a6761d")


def compare_runs(
    folders: list[str | Path],
    *,
    out: Path | None = None,
    runs_dir: Path = Path("runs"),
    lang: str = "zh",
) -> Path:
    """Compare finished runs; write the comparison folder and return its path."""
    folders = [Path(f) for f in folders]
    _check_folders(folders)
    views = [RunView.from_folder(f, with_layers=False) for f in folders]
    _check_county(views, folders)
    labels = run_labels(folders)
    units = _units(views)
    towns = town_table(views, labels, units, lang)
    every = project_table(views, labels, units)
    projects = every[every["changed"]].drop(columns="changed").reset_index(drop=True)
    target = Path(out) if out is not None else new_run_dir(Path(runs_dir), "compare")
    with RunFolder(target) as tmp:
        table = pd.concat([towns, projects], ignore_index=True)
        table.insert(4, "unit", units)
        cols = [c for c in table.columns
                if not c.startswith(("allocated_", "status_", "year_", "change_"))]
        for kind in ("allocated", "status", "year", "change"):
            cols += [f"{kind}_{x}" for x in labels if f"{kind}_{x}" in table.columns]
        write_csv(table[cols], tmp / "compare.csv")
        _write_xlsx(tmp / "compare.xlsx", towns, projects, views, folders, labels, units, lang)
        _write_chart(tmp / "compare.png", towns, views, labels, units, lang, projects)
        _write_map(tmp / "compare.html", views, every, labels, units, lang, towns)
    return target


# --- checks -----------------------------------------------------------------------------


def _check_folders(folders: list[Path]) -> None:
    if len(folders) < 2:
        raise CompareError(
            Problem(
                "give at least two run folders to compare",
                hint="e.g. `landplan compare runs/base runs/more-quota`",
            )
        )
    seen: dict[Path, Path] = {}
    for f in folders:
        key = f.resolve()
        if key in seen:
            raise CompareError(
                Problem("is given twice", file=str(f), hint="give each run folder once")
            )
        seen[key] = f


def _check_county(views: list[RunView], folders: list[Path]) -> None:
    counties = [v.summary.get("scenario", {}).get("county", {}) for v in views]
    codes = {c.get("code") for c in counties}
    if len(codes) > 1:
        listing = "; ".join(
            f"{f}: {c.get('name', '?')} ({c.get('code', '?')})"
            for f, c in zip(folders, counties, strict=True)
        )
        raise CompareError(
            Problem(
                f"the runs are of different counties ({listing})",
                hint="compare runs of scenarios of the same county",
            )
        )


def run_labels(folders: list[Path]) -> list[str]:
    """Each run's folder name; a repeated name gets -2, -3 …"""
    labels: list[str] = []
    for f in folders:
        base = f.resolve().name or str(f)
        label, n = base, 1
        while label in labels:
            n += 1
            label = f"{base}-{n}"
        labels.append(label)
    return labels


def _units(views: list[RunView]) -> str:
    units = {v.summary.get("scenario", {}).get("units") or "mu" for v in views}
    return units.pop() if len(units) == 1 else "mu"


def _factor(view: RunView, units: str) -> float:
    own = view.summary.get("scenario", {}).get("units") or "mu"
    return MU_PER_HA if own == "ha" and units == "mu" else 1.0


# --- tables -----------------------------------------------------------------------------


def town_table(views: list[RunView], labels: list[str], units: str, lang: str) -> pd.DataFrame:
    """Towns (in the order they first appear) and the county total: land allocated per run,
    and the change against the first run."""
    order: dict[str, dict] = {}
    for v in views:
        for t in v.towns.itertuples(index=False):
            order.setdefault(str(t.code), {"name": t.name, "pilot": _true(t.pilot)})
    rows = []
    for code, info in order.items():
        row = {
            "level": "town",
            "code": code,
            "name": info["name"],
            "town_name": info["name"],
            "pilot": info["pilot"],
        }
        for v, label in zip(views, labels, strict=True):
            t = v.towns[v.towns["code"].astype(str) == code]
            row[f"allocated_{label}"] = (
                round(float(t["allocated"].sum()) * _factor(v, units), 4) if len(t) else np.nan
            )
        rows.append(row)
    county = views[0].summary.get("scenario", {}).get("county", {})
    total = {
        "level": "county",
        "code": county.get("code", ""),
        "name": i18n.map_text("county_total", lang),
        "town_name": "",
        "pilot": False,
    }
    for v, label in zip(views, labels, strict=True):
        total[f"allocated_{label}"] = round(
            float(v.allocation["allocated"].sum()) * _factor(v, units), 4
        )
    rows.append(total)
    rows += year_rows(views, labels, units)
    df = pd.DataFrame(rows)
    return _with_changes(df, labels)


def run_years(view: RunView) -> pd.Series | None:
    """The year each project of a run gets its land: allocation.csv's `year` in a rolling run;
    None for a one-year run (all its land is in the scenario's year)."""
    a = view.allocation
    if "year" not in a.columns:
        return None
    return pd.to_numeric(a["year"], errors="coerce")


def year_rows(views: list[RunView], labels: list[str], units: str) -> list[dict]:
    """When a rolling run is among the runs: the land of each year, per run (a one-year run's
    land all in its scenario's year; a year a run does not plan is empty). The county row
    above is the whole horizon's."""
    years = [run_years(v) for v in views]
    if all(y is None for y in years):
        return []
    land: list[dict[int, float]] = []
    for v, y in zip(views, years, strict=True):
        a = v.allocation
        if y is None:
            year = int(v.summary.get("scenario", {}).get("year") or 0)
            land.append({year: float(a["allocated"].sum())} if year else {})
        else:
            land.append({int(k): float(x) for k, x in a["allocated"].groupby(y).sum().items()})
    rows = []
    for year in sorted(set().union(*land)):
        row = {"level": "year", "code": str(year), "name": str(year), "town_name": "",
               "pilot": False}
        for v, label, by in zip(views, labels, land, strict=True):
            row[f"allocated_{label}"] = (round(by[year] * _factor(v, units), 4)
                                         if year in by else np.nan)
        rows.append(row)
    return rows


def project_table(views: list[RunView], labels: list[str], units: str) -> pd.DataFrame:
    """Every project of any run, with `changed` true where its land allocated or status
    differs from the first run; a project missing from a run has status `absent` there."""
    info: dict[str, dict] = {}
    rolling = any(run_years(v) is not None for v in views)
    for v in views:
        for p in v.allocation.itertuples(index=False):
            info.setdefault(
                str(p.project_id), {"name": p.name, "town": str(p.town), "town_name": p.town_name}
            )
    rows = []
    for pid, meta in info.items():
        row = {
            "level": "project",
            "code": pid,
            "name": meta["name"],
            "town_name": meta["town_name"],
            "pilot": None,
        }
        for v, label in zip(views, labels, strict=True):
            a = v.allocation[v.allocation["project_id"].astype(str) == pid]
            if len(a):
                row[f"allocated_{label}"] = round(
                    float(a["allocated"].iloc[0]) * _factor(v, units), 4
                )
                row[f"status_{label}"] = str(a["status"].iloc[0])
            else:
                row[f"allocated_{label}"] = np.nan
                row[f"status_{label}"] = "absent"
            if rolling:
                row[f"year_{label}"] = _project_year(v, a)
        rows.append(row)
    cols = (
        ["level", "code", "name", "town_name", "pilot"]
        + [f"allocated_{x}" for x in labels]
        + [f"status_{x}" for x in labels]
        + ([f"year_{x}" for x in labels] if rolling else [])
    )
    df = _with_changes(pd.DataFrame(rows, columns=cols), labels)
    land = df[[f"allocated_{x}" for x in labels]].fillna(0.0).to_numpy()
    status = df[[f"status_{x}" for x in labels]].to_numpy()
    df["changed"] = (np.abs(land - land[:, :1]) > EPS).any(axis=1) | (status != status[:, :1]).any(
        axis=1
    )
    if rolling:  # land given in another year is a change too
        for x in labels:
            df[f"year_{x}"] = df[f"year_{x}"].astype("Int64")
        year = df[[f"year_{x}" for x in labels]].fillna(0).to_numpy()
        df["changed"] |= (year != year[:, :1]).any(axis=1)
    return df


def _project_year(view: RunView, a: pd.DataFrame) -> float:
    """The year a project gets its land in a run (NaN for none): a one-year run's year for
    any land at all."""
    if not len(a) or float(a["allocated"].iloc[0]) <= EPS:
        return np.nan
    if "year" in a.columns:
        y = pd.to_numeric(a["year"], errors="coerce").iloc[0]
        return float(y) if y == y else np.nan
    return float(view.summary.get("scenario", {}).get("year") or np.nan)


def _with_changes(df: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    base = df[f"allocated_{labels[0]}"].fillna(0.0)
    for label in labels[1:]:
        df[f"change_{label}"] = (df[f"allocated_{label}"].fillna(0.0) - base).round(4)
    return df


def change_class(change: float) -> str:
    if change > EPS:
        return "gained"
    if change < -EPS:
        return "lost"
    return "unchanged"


def _true(x: object) -> bool:
    return x is True or str(x).strip().lower() in ("true", "1", "yes")


# --- spreadsheet ------------------------------------------------------------------------


def _heading(col: str, labels: list[str], units: str, lang: str) -> str:
    u = i18n.unit(units, lang)
    fixed = {
        "level": i18n.report_text("cmp_level", lang),
        "code": i18n.report_text("cmp_code", lang),
        "name": i18n.report_text("cmp_name", lang),
        "town_name": i18n.report_text("col_town", lang),
        "pilot": i18n.report_text("pilot", lang),
        "unit": i18n.report_text("col_unit", lang),
    }
    if col in fixed:
        return fixed[col]
    kind, _, label = col.partition("_")
    if kind == "allocated":
        return i18n.report_text("cmp_allocated", lang, run=label, u=u)
    if kind == "status":
        return i18n.report_text("cmp_status", lang, run=label)
    if kind == "change":
        return i18n.report_text("cmp_change", lang, run=label, base=labels[0], u=u)
    if kind == "year":
        return i18n.report_text("cmp_year_of", lang, run=label)
    return col


def _localized(df: pd.DataFrame, labels: list[str], units: str, lang: str) -> pd.DataFrame:
    out = df.copy()
    out["level"] = out["level"].map(lambda s: i18n.report_text(f"cmp_{s}", lang))
    if "pilot" in out:
        out["pilot"] = out["pilot"].map(lambda b: "★" if b is True else "")
    for col in out.columns:
        if col.startswith("status_"):
            out[col] = out[col].map(
                lambda s: (
                    i18n.report_text("cmp_absent", lang)
                    if s == "absent"
                    else i18n.word(i18n.STATUS, s, lang)
                )
            )
    return out.rename(columns={c: _heading(c, labels, units, lang) for c in out.columns})


def _write_xlsx(
    path: Path,
    towns: pd.DataFrame,
    projects: pd.DataFrame,
    views: list[RunView],
    folders: list[Path],
    labels: list[str],
    units: str,
    lang: str,
) -> None:
    u = i18n.unit(units, lang)
    runs = pd.DataFrame(
        [
            {
                i18n.report_text("cmp_run", lang): label,
                i18n.report_text("cmp_folder", lang): str(f),
                i18n.report_text("cmp_scenario", lang): v.summary["scenario"].get("name", ""),
                i18n.report_text("cmp_year", lang): v.summary["scenario"].get("year", ""),
                i18n.report_text("cmp_objective", lang): v.summary.get("objective"),
                i18n.report_text("cmp_quota", lang, u=u): round(
                    float(v.summary.get("quota", {}).get("new_construction") or 0)
                    * _factor(v, units),
                    4,
                ),
                i18n.report_text("cmp_total", lang, u=u): round(
                    float(v.allocation["allocated"].sum()) * _factor(v, units), 4
                ),
                i18n.report_text("cmp_from_quota", lang, u=u): round(
                    float(v.allocation["from_quota"].sum()) * _factor(v, units), 4
                ),
                i18n.report_text("cmp_from_linkage", lang, u=u): round(
                    float(v.allocation["from_linkage"].sum()) * _factor(v, units), 4
                ),
                i18n.report_text("cmp_funded", lang): int(
                    (v.allocation["status"] == "funded").sum()
                ),
            }
            for v, f, label in zip(views, folders, labels, strict=True)
        ]
    )
    sheets = [
        (
            i18n.report_text("cmp_sheet_towns", lang),
            _localized(
                towns.drop(columns=[c for c in towns if c.startswith("status_")]),
                labels,
                units,
                lang,
            ),
        ),
        (
            i18n.report_text("cmp_sheet_projects", lang),
            _localized(projects.drop(columns=["pilot"]), labels, units, lang),
        ),
        (i18n.report_text("cmp_sheet_runs", lang), runs),
    ]
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for title, df in sheets:
            xlsx_frame(df).to_excel(xw, sheet_name=title[:31], index=False)
            ws = xw.sheets[title[:31]]
            text_stays_text(ws)
            ws.freeze_panes = "A2"
            for col in ws.columns:
                width = max(len(str(c.value or "")) for c in col[:200])
                ws.column_dimensions[col[0].column_letter].width = min(50, max(8, width * 1.5))
        wb = xw.book
        fixed = pd.Timestamp("2000-01-01").to_pydatetime()
        wb.properties.created = wb.properties.modified = fixed
        wb.properties.creator = "landplan"
    path.write_bytes(_fixed_zip_times(buf.getvalue()))


# --- chart ------------------------------------------------------------------------------

TOP_PROJECTS = 15  # projects in the chart's projects panel


def top_projects(projects: pd.DataFrame, labels: list[str], n: int = TOP_PROJECTS) -> pd.DataFrame:
    """The changed projects whose land changed most against the first run (largest change in
    any run, gained or lost), at most `n`, largest first; ties by id. A project whose status
    changed with its land comes after those whose land changed."""
    if not len(projects) or len(labels) < 2:
        return projects.iloc[0:0]
    change = projects[[f"change_{x}" for x in labels[1:]]].abs().max(axis=1)
    order = (
        projects.assign(_size=change.to_numpy())
        .sort_values(["_size", "code"], ascending=[False, True], kind="stable")
        .drop(columns="_size")
    )
    return order.head(n).reset_index(drop=True)


def _project_label(name: object, town: object, lang: str) -> str:
    """The project's name, with its town unless the name already starts with it."""
    name, town = str(name), str(town or "")
    if not town or name.startswith(town):
        return name
    return f"{name}（{town}）" if lang == "zh" else f"{name} ({town})"


def _mu(x: float, units: str, lang: str) -> str:
    return f"{x:,.0f} {i18n.unit(units, lang)}"


def _write_chart(
    path: Path,
    towns: pd.DataFrame,
    views: list[RunView],
    labels: list[str],
    units: str,
    lang: str,
    projects: pd.DataFrame | None = None,
) -> None:
    """compare.png: land per town, one bar per run with the change over each later run's bar;
    beside it the projects whose land changed most, their change per run in the unit."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from landplan.outputs.fonts import cjk_family

    rows = towns[towns["level"] == "town"]
    n_runs = len(labels)
    projects = projects if projects is not None else towns.iloc[0:0]
    top = top_projects(projects, labels)
    rc = {"font.family": [cjk_family(), "DejaVu Sans"], "axes.unicode_minus": False} | PLAIN_TEXT
    with matplotlib.rc_context(rc):
        town_w = max(7.0, 0.55 * len(rows) * max(1, n_runs / 2) + 2)
        height = max(5.2, 0.32 * len(top) * max(1, (n_runs - 1) / 2) + 1.8)
        fig = Figure(figsize=(town_w + 6.5, height), dpi=150)
        grid = fig.add_gridspec(1, 2, width_ratios=[town_w, 6.0])
        ax = fig.add_subplot(grid[0])
        _town_panel(ax, rows, views, labels, units, lang)
        _project_panel(fig.add_subplot(grid[1]), top, len(projects), labels, units, lang)
        county = views[0].summary.get("scenario", {}).get("county", {}).get("name", "")
        fig.suptitle(
            _chart_heading(views, county, lang),
            x=0.01,
            ha="left",
            fontsize=13,
            fontweight="bold",
        )
        fig.text(
            0.01,
            0.01,
            i18n.report_text("cmp_pilot_note", lang, base=labels[0], u=i18n.unit(units, lang)),
            ha="left",
            va="bottom",
            fontsize=7.5,
            color="#555555",
        )
        if any(v.summary.get("scenario", {}).get("synthetic") for v in views):
            fig.text(
                0.99,
                0.01,
                i18n.text("synthetic", lang),
                ha="right",
                va="bottom",
                fontsize=7,
                color="#a00000",
            )
        fig.tight_layout(rect=(0, 0.03, 1, 0.97))
        fig.savefig(path, metadata={"Software": "landplan"}, facecolor="white")


def _chart_heading(views: list[RunView], county: str, lang: str) -> str:
    """The chart's title: the county and year, then the scenarios of the runs compared."""
    def distinct(key: str) -> str:
        seen = [str(v.summary.get("scenario", {}).get(key, "")) for v in views]
        return " / ".join(dict.fromkeys(x for x in seen if x))

    year = distinct("year")
    where = (f"{county} {year}年" if lang == "zh" else f"{county} {year}") if year else county
    title = i18n.report_text("cmp_chart_title", lang, county=where)
    names = distinct("name")
    if not names:
        return title
    return f"{title} · 方案：{names}" if lang == "zh" else f"{title} · scenarios: {names}"


def _town_panel(ax, rows: pd.DataFrame, views, labels: list[str], units: str, lang: str) -> None:
    n_runs = len(labels)
    names = [f"{'★' if p else ''}{n}" for n, p in zip(rows["name"], rows["pilot"], strict=True)]
    width = 0.8 / n_runs
    x = np.arange(len(rows))
    for i, label in enumerate(labels):
        vals = rows[f"allocated_{label}"].fillna(0.0).to_numpy(dtype=float)
        scen = views[i].summary.get("scenario", {})
        quota = float(views[i].summary.get("quota", {}).get("new_construction") or 0)
        quota *= _factor(views[i], units)
        color = RUN_COLORS[i % len(RUN_COLORS)]
        xs = x - 0.4 + width * (i + 0.5)
        ax.bar(
            xs,
            vals,
            width * 0.92,
            color=color,
            label=i18n.report_text(
                "cmp_run_legend",
                lang,
                run=label,
                name=scen.get("name", ""),
                q=_mu(quota, units, lang),
                total=_mu(float(vals.sum()), units, lang),
            ),
        )
        if i == 0:
            continue
        for xi, v, d in zip(xs, vals, rows[f"change_{label}"].to_numpy(dtype=float), strict=True):
            if abs(d) > EPS:
                ax.annotate(
                    f"{d:+,.0f}".replace("-", "−"),
                    (xi, v),
                    xytext=(0, 2),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=7,
                    color=CHANGE_COLORS["gained" if d > 0 else "lost"],
                    fontweight="bold",
                )
    ax.set_xticks(
        x, names, rotation=30 if len(rows) > 8 else 0, ha="right" if len(rows) > 8 else "center"
    )
    ax.set_ylabel(i18n.report_text("cmp_axis", lang, u=i18n.unit(units, lang)))
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.margins(y=0.08)
    ax.legend(
        frameon=False,
        fontsize=8,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=min(n_runs, 2),
    )


def _project_panel(ax, top: pd.DataFrame, n_changed: int, labels, units: str, lang: str) -> None:
    u = i18n.unit(units, lang)
    ax.set_title(
        i18n.report_text("cmp_proj_title", lang, n=len(top), m=n_changed),
        loc="left",
        fontsize=10,
        fontweight="bold",
    )
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if not len(top):
        ax.text(0.5, 0.5, i18n.report_text("cmp_proj_none", lang), ha="center", va="center")
        ax.set_axis_off()
        return
    later = labels[1:]
    height = 0.8 / len(later)
    y = np.arange(len(top))
    span = float(top[[f"change_{x}" for x in later]].abs().to_numpy().max()) or 1.0
    for j, label in enumerate(later):
        d = top[f"change_{label}"].to_numpy(dtype=float)
        ys = y - 0.4 + height * (j + 0.5)
        if len(later) == 1:
            colors = [CHANGE_COLORS[change_class(v)] for v in d]
        else:
            colors = [RUN_COLORS[(j + 1) % len(RUN_COLORS)]] * len(d)
        ax.barh(ys, d, height * 0.9, color=colors)
        for yi, v, a, b in zip(
            ys, d, top[f"status_{labels[0]}"], top[f"status_{label}"], strict=True
        ):
            text = f"{v:+,.1f}".replace("-", "−")
            if a != b:
                text += f"  {_status_word(a, lang)}→{_status_word(b, lang)}"
            ax.text(
                v + (0.02 * span if v >= 0 else -0.02 * span),
                yi,
                text,
                ha="left" if v >= 0 else "right",
                va="center",
                fontsize=7,
                color="#333333",
            )
    names = [_project_label(n, t, lang) for n, t in zip(top["name"], top["town_name"], strict=True)]
    ax.set_yticks(y, names, fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color="#333333", linewidth=0.8)
    lo = float(min(0.0, top[[f"change_{x}" for x in later]].to_numpy().min()))
    hi = float(max(0.0, top[[f"change_{x}" for x in later]].to_numpy().max()))
    pad = 0.85 * span  # room for the labels beside the bars
    ax.set_xlim(lo - (pad if lo < 0 else 0.05 * span), hi + (pad if hi > 0 else 0.05 * span))
    ax.set_xlabel(i18n.report_text("cmp_proj_axis", lang, base=labels[0], u=u), fontsize=8)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


# --- map --------------------------------------------------------------------------------


def _sites(views: list[RunView]) -> tuple[dict[str, object], object, str | None, list[Note]]:
    """Project sites by id (the latest run's drawing wins), the towns layer, and the CRS."""
    from landplan.errors import LayerError
    from landplan.layers import read_layer

    sites: dict[str, object] = {}
    towns = None
    crs = None
    notes: list[Note] = []
    read: dict[str, object] = {}
    for v in reversed(views):
        s = v.scenario
        for key, id_field in (("project_sites", "id"), ("towns", "code")):
            src = s.layer_source(key)
            if not src:
                continue
            cache = (src, s.crs)
            if cache not in read:
                try:
                    read[cache] = read_layer(
                        src, key=key, crs=s.crs, encoding=s.layers.encoding, id_field=id_field
                    )[0]
                except LayerError as exc:
                    notes += [Note(str(p)) for p in exc.problems]
                    read[cache] = None
            gdf = read[cache]
            if gdf is None:
                continue
            if crs is not None and str(gdf.crs) != str(crs):
                gdf = gdf.to_crs(crs)
            crs = crs or gdf.crs
            if key == "project_sites":
                for pid, g in zip(gdf[id_field], gdf.geometry, strict=True):
                    if g is not None and not g.is_empty:
                        sites.setdefault(str(pid), g)
            elif towns is None:
                towns = gdf
    return sites, towns, crs, notes


def _write_map(
    path: Path,
    views: list[RunView],
    projects: pd.DataFrame,
    labels: list[str],
    units: str,
    lang: str,
    town_rows: pd.DataFrame | None = None,
) -> None:
    """compare.html: offline like map.html (its inlined Leaflet, no basemap), one layer per run
    against the first, sites coloured gained / lost / unchanged, each with a dot so that small
    sites show at county scale; town names carry each later run's change in land."""
    from landplan.outputs.map import _Inline, _Page, _stable_ids, furniture, page_script

    sites, towns, crs, notes = _sites(views)
    m = _Page(
        tiles=None, zoom_control="bottomleft", control_scale=False, max_zoom=19, prefer_canvas=False
    )
    m.get_root().header.add_child(_Inline(), name="landplan_assets")
    m.add_child(page_script(furniture(lang)))  # metric scale bar and north arrow, as map.html
    county = views[0].summary.get("scenario", {}).get("county", {}).get("name", "")
    title = i18n.report_text("cmp_map_title", lang, county=county)
    m.get_root().header.add_child(PageText(f"<title>{html_text(title)}</title>"), name="title")
    drawn = []
    if towns is not None and len(towns):
        names = towns["name"] if "name" in towns else towns["code"]
        style = {"color": "#555", "weight": 1.2, "fillColor": "#f4f4f0", "fillOpacity": 0.6}
        m.add_child(
            _Layer(
                _features(
                    towns.geometry, [{"s": style, "t": html_text(str(n))} for n in names], crs
                ),
                html_text(i18n.map_text("town", lang)),
                control=False,
            )
        )
        drawn += list(towns.geometry)
        if town_rows is not None:
            m.add_child(_town_labels(towns, town_rows, labels, units, lang, crs))
    u = i18n.unit(units, lang)
    pids = [p for p in projects["code"] if p in sites] if len(projects) else []
    rows = projects.set_index("code").loc[pids] if pids else projects.iloc[0:0]
    geoms = [sites[p] for p in pids]
    drawn += geoms
    for k, label in enumerate(labels[1:], 1):
        props, ranks = [], []
        for pid, r in rows.iterrows():
            cls = change_class(float(r[f"change_{label}"]))
            word = i18n.report_text(f"cmp_{cls}", lang)
            cells = "".join(
                f"<tr><th>{html_text(lb)}</th><td>{_fmt(r[f'allocated_{lb}'])} {html_text(u)}"
                f" · {html_text(_status_word(r[f'status_{lb}'], lang))}</td></tr>"
                for lb in labels
            )
            popup = (
                f'<div class="lp-pop"><h4>{html_text(str(r["name"]))}</h4>'
                f'<div class="lp-sub">{html_text(str(pid))} · '
                f'{html_text(str(r["town_name"]))} · <b style="color:{CHANGE_COLORS[cls]}">'
                f"{html_text(word)}</b></div><table>{cells}</table></div>"
            )
            tip = html_text(f"{r['name']} · {word} {float(r[f'change_{label}']):+,.2f} {u}")
            props.append(
                {
                    "s": {
                        "color": "#222",
                        "weight": 1.2,
                        "fillColor": CHANGE_COLORS[cls],
                        "fillOpacity": 0.85,
                        "radius": 6 if cls != "unchanged" else 4.5,
                    },
                    "t": tip,
                    "p": popup,
                }
            )
            ranks.append(DRAW_ORDER.index(cls))
        order = sorted(range(len(props)), key=ranks.__getitem__)
        name = html_text(i18n.report_text("cmp_layer", lang, run=label, base=labels[0]))
        m.add_child(
            _Layer(
                _features([geoms[i] for i in order], [props[i] for i in order], crs, dots=True),
                name,
                show=k == len(labels) - 1,
            )
        )
    folium.LayerControl(position="topright", collapsed=False).add_to(m)
    if drawn and crs is not None:
        import geopandas as gpd

        w, s, e, n = gpd.GeoSeries(drawn, crs=crs).to_crs(4326).total_bounds
        m.fit_bounds([[s, w], [n, e]], padding=(20, 20))
    m.get_root().html.add_child(
        PageText(
            _title_block(views, labels, title, len(pids), len(projects) - len(pids), notes, lang)
        )
    )
    counts = {cls: 0 for cls in CHANGE_COLORS}
    for _, r in rows.iterrows():
        counts[change_class(float(r[f"change_{labels[-1]}"]))] += 1
    m.get_root().html.add_child(PageText(_legend(lang, counts, labels)))
    _stable_ids(m.get_root())
    text = m.get_root().render()
    text = text.replace("<html>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}">', 1)
    _check_offline(text)
    tmp = path.with_name(f".{path.stem}.partial{path.suffix}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _town_labels(towns, town_rows: pd.DataFrame, labels: list[str], units: str, lang: str, crs):
    """Town names on the map, pilot towns starred, each with its change in land per later run
    (only where it changed)."""
    import geopandas as gpd
    import shapely

    from landplan.outputs.map import _Labels

    u = i18n.unit(units, lang)
    by_code = town_rows[town_rows["level"] == "town"].set_index("code")
    keep = [i for i, g in enumerate(towns.geometry) if g is not None and not g.is_empty]
    geoms = np.array([towns.geometry.iloc[i] for i in keep], dtype=object)
    pts = gpd.GeoSeries(shapely.point_on_surface(geoms), crs=crs).to_crs(4326)
    codes = towns["code"].astype(str).tolist() if "code" in towns else [""] * len(towns)
    names = towns["name"].astype(str).tolist() if "name" in towns else codes
    out = []
    for i, p in zip(keep, pts, strict=True):
        code, name = codes[i], names[i]
        star = "★" if code in by_code.index and _true(by_code.at[code, "pilot"]) else ""
        lines = []
        for label in labels[1:]:
            d = float(by_code.at[code, f"change_{label}"]) if code in by_code.index else 0.0
            if abs(d) > EPS:
                color = CHANGE_COLORS[change_class(d)]
                word = f"{d:+,.1f}".replace("-", "−")
                run = f"{label} " if len(labels) > 2 else ""
                lines.append(
                    f'<small style="color:{color}">{html_text(run)}{word} {html_text(u)}</small>'
                )
        text = (
            f'<div class="lp-in"><b>{html_text(star + name)}</b>'
            + "".join("<br>" + x for x in lines)
            + "</div>"
        )
        out.append([[round(p.y, 6), round(p.x, 6)], text])
    return _Labels(page_json(out), html_text(i18n.map_text("town_labels", lang)))


class _Layer(folium.map.Layer):
    """GeoJSON prepared in Python: style (s), tooltip (t) and popup (p) per feature; points
    are drawn as circle markers."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = L.geoJSON({{ this.data }}, {"
        "style: function (f) { return f.properties.s; },"
        "pointToLayer: function (f, ll) { return L.circleMarker(ll, Object.assign("
        "{}, f.properties.s, {color: '#fff', weight: 1.5})); },"
        "onEachFeature: function (f, l) {"
        " if (f.properties.p) { l.bindPopup(f.properties.p, {maxWidth: 380}); }"
        " if (f.properties.t) { l.bindTooltip(f.properties.t, {sticky: true}); } }"
        "});"
        "{% endmacro %}"
    )

    def __init__(self, data: str, name: str, show: bool = True, control: bool = True):
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = "GeoJson"
        self.data = data


def _features(geoms, props: list[dict], crs, dots: bool = False) -> str:
    """A FeatureCollection in lon/lat (1e-6°), safe inside <script>; with `dots`, every
    polygon also gets a point on its surface carrying the same properties."""
    import geopandas as gpd
    import shapely

    geoms = list(geoms)
    keep = [i for i, g in enumerate(geoms) if g is not None and not g.is_empty]
    if not keep or crs is None:
        return '{"type":"FeatureCollection","features":[]}'
    arr = np.array([geoms[i] for i in keep], dtype=object)
    arr = shapely.simplify(arr, 0.5, preserve_topology=True)
    parts = [arr] + ([shapely.point_on_surface(arr)] if dots else [])
    feats = []
    for part in parts:
        lonlat = gpd.GeoSeries(part, crs=crs).to_crs(4326).to_numpy()
        lonlat = shapely.transform(lonlat, lambda xy: np.round(xy, 6))
        for i, g in zip(keep, shapely.to_geojson(lonlat), strict=True):
            feats.append(f'{{"type":"Feature","properties":{page_json(props[i])},"geometry":{g}}}')
    return '{"type":"FeatureCollection","features":[' + ",".join(feats) + "]}"



def _fmt(x: object) -> str:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return "–"
    return "–" if v != v else f"{v:,.2f}"


def _check_offline(text: str) -> None:
    """The page loads nothing from the network: no src/href/url() to http(s)."""
    if re.search(
        r"""(?:\bsrc\s*=\s*["']?|<link[^>]*href\s*=\s*["']?|url\(\s*["']?)"""
        r"""(https?:)?//""",
        text,
    ):
        raise RuntimeError("compare.html would load resources from the network")


def _status_word(s: object, lang: str) -> str:
    if s == "absent":
        return i18n.report_text("cmp_absent", lang)
    return i18n.word(i18n.STATUS, str(s), lang)


def _title_block(
    views: list[RunView],
    labels: list[str],
    title: str,
    drawn: int,
    missing: int,
    notes: list[Note],
    lang: str,
) -> str:
    e = html_text
    lines = [f'<div class="lp-h1">{e(title)}</div>']
    if any(v.summary.get("scenario", {}).get("synthetic") for v in views):
        lines.append(f'<div class="lp-synthetic">⚠ {e(i18n.text("synthetic", lang))}</div>')
    for v, label in zip(views, labels, strict=True):
        scen = v.summary.get("scenario", {})
        lines.append(
            "<div>"
            + e(
                i18n.report_text(
                    "cmp_run_line",
                    lang,
                    run=label,
                    name=scen.get("name", ""),
                    year=scen.get("year", ""),
                )
                + i18n.report_text(
                    "cmp_run_land",
                    lang,
                    q=_fmt(v.summary.get("quota", {}).get("new_construction")),
                    total=_fmt(v.allocation["allocated"].sum()),
                    u=i18n.unit(scen.get("units") or "mu", lang),
                )
            )
            + "</div>"
        )
    lines.append("<div>" + e(i18n.report_text("cmp_drawn", lang, n=drawn)) + "</div>")
    if missing:
        lines.append(
            f'<div class="lp-note">{e(i18n.report_text("cmp_missing", lang, n=missing))}</div>'
        )
    for n in notes:
        lines.append(f'<div class="lp-note">{e(str(n))}</div>')
    return '<div id="lp-title" class="lp-panel">' + "".join(lines) + "</div>"


def _legend(
    lang: str, counts: dict[str, int] | None = None, labels: list[str] | None = None
) -> str:
    """The change classes; with `counts`, how many sites of the last run's layer are in each."""
    rows = [f'<div class="lp-h2">{html_text(i18n.report_text("cmp_legend", lang))}</div>']
    if counts is not None and labels:
        sub = i18n.report_text("cmp_layer", lang, run=labels[-1], base=labels[0])
        rows.append(f'<div class="lp-sub">{html_text(sub)}</div>')
    for cls, color in CHANGE_COLORS.items():
        n = "" if counts is None else f"（{counts[cls]}）" if lang == "zh" else f" ({counts[cls]})"
        rows.append(
            f'<div class="lp-row"><span class="lp-sw lp-dot" style="background:{color};'
            f'border-color:#555"></span> '
            f"{html_text(i18n.report_text(f'cmp_{cls}', lang))}{n}</div>"
        )
    return '<div id="lp-legend" class="lp-panel">' + "".join(rows) + "</div>"
