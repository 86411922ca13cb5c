"""The command line: parse, call, print. No model logic lives here."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from landplan import cli_help, interrupt
from landplan.errors import LandplanError
from landplan.i18n import explain_text

app = typer.Typer(
    help="Allocate a county's yearly construction-land quota (新增建设用地计划指标) among towns "
    "and projects, provably optimally, and explain the result.",
    epilog=cli_help.epilog(),
    cls=cli_help.HelpGroup,
    rich_markup_mode=None,  # plain help, wrapped to the terminal (cli_help.py)
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Not a terminal (a pipe, a log): print at a readable width instead of 80 columns.
# Names and messages come from the bureau's files: printed as they are, so no emoji codes, and
# every piece of input text in a line with markup goes through `escape` (or is a Text).
out = Console(highlight=False, emoji=False, width=None if sys.stdout.isatty() else 120)
err = Console(stderr=True, highlight=False, emoji=False)


class SolverChoice(str, Enum):
    auto = "auto"
    cbc = "cbc"
    highs = "highs"


class Lang(str, Enum):
    zh = "zh"
    en = "en"


ScenarioArg = Annotated[
    Path, typer.Argument(help="Scenario YAML file, e.g. scenarios/demo.yaml.", show_default=False)
]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of the outputs: zh (中文) or en.")]


def _fail(exc: LandplanError) -> None:
    n = len(exc.problems)
    count = explain_text("count", exc.lang, n=n, s="s" if n != 1 else "")
    err.print(Text.assemble((exc.title, "bold red"), count, "：" if exc.lang == "zh" else ":"))
    for p in exc.problems:
        err.print(f"  • {p}", markup=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)


def _guard(fn, *args, **kwargs):
    """Run fn; a LandplanError becomes a message and exit code, never a traceback. Ctrl-C or
    SIGTERM is one line and exit 130 or 143, even when a library turned it into an error."""
    try:
        return fn(*args, **kwargs)
    except KeyboardInterrupt as exc:
        raise typer.Exit(interrupt.report(getattr(exc, "signum", None))) from None
    except LandplanError as exc:
        if interrupt.received():
            raise typer.Exit(interrupt.report()) from None
        _fail(exc)
    except Exception as exc:  # a bug, not bad input: say so plainly
        if interrupt.received():
            raise typer.Exit(interrupt.report()) from None
        if os.environ.get("LANDPLAN_DEBUG"):
            raise
        err.print(Text.assemble(("landplan hit an internal error", "bold red"),
                                f": {type(exc).__name__}: {exc}"))
        err.print("  Nothing was overwritten. Set LANDPLAN_DEBUG=1 to see the traceback, "
                  "and report it with the scenario.")
        raise typer.Exit(70) from None


@app.command()
def run(
    scenario: ScenarioArg,
    solver: Annotated[
        SolverChoice | None,
        typer.Option(help="MILP solver; default: the scenario's `solver.name` (auto: HiGHS up to "
                          "1,500 binaries, CBC above, as measured in bench/)."),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Run folder to create; refused if it already holds a run. "
            "Default: a new folder under runs/.",
        ),
    ] = None,
    runs_dir: Annotated[Path, typer.Option(help="Where default run folders go.")] = Path("runs"),
    lang: LangOpt = Lang.zh,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only the run folder.")
    ] = False,
    why_not: Annotated[
        bool,
        typer.Option(
            "--why-not/--no-why-not",
            help="For each project that fell short, compute the value per mu and the extra quota at "
            "which it would be funded (a few re-solves each).",
        ),
    ] = True,
    to_postgis: Annotated[
        str | None,
        typer.Option(
            "--to-postgis",
            metavar="URL",
            help="Also write the allocation layers and tables into a new schema named after the run, "
            "in one transaction: postgresql://user@host:5432/database (password from PGPASSWORD or "
            "~/.pgpass). Default: the scenario's `postgis.url`, if any.",
        ),
    ] = None,
    offline: Annotated[
        bool,
        typer.Option("--offline/--online",
                     help="map.html: --offline (default) needs no network at all; --online allows "
                     "internet basemaps (OpenStreetMap unless --basemap says otherwise)."),
    ] = True,
    basemap: Annotated[
        str | None,
        typer.Option(help="map.html basemap: none, osm, tianditu (needs --tianditu-key) or an "
                     "intranet tile server URL with {z}/{x}/{y}. Default: none offline, osm online."),
    ] = None,
    tianditu_key: Annotated[
        str | None, typer.Option(help="天地图 browser key.", envvar="TIANDITU_KEY")
    ] = None,
) -> None:
    """Solve a scenario and write a new run folder (allocation.csv, towns.csv, linkage.csv,
    reclamation.csv, constraints.csv, marginal.csv, allocation.xlsx, map.html, allocation.gpkg,
    reasons.json, a copy of the scenario as scenario.yaml, summary.json)."""
    from landplan.run import run as run_scenario

    after_write = None
    url, schema = to_postgis, None
    if url is None:
        from landplan.scenario import load_scenario

        setting = getattr(_guard(load_scenario, scenario), "postgis", None)
        url, schema = (setting.url, setting.db_schema) if setting else (None, None)
    if url:
        from landplan.ingest import check_target, postgis_after_write
        from landplan.ingest.pgwrite import schema_for_run

        # before solving: a refused password or a schema already there costs no solve
        target = schema or (schema_for_run(out_dir.name) if out_dir is not None else None)
        _guard(check_target, url, schema=target)
        after_write = postgis_after_write(url, schema)
    maps = basemap is None and offline and tianditu_key is None
    if not maps:  # map.html with a basemap: drawn by the hook, checked before solving
        from landplan.outputs.map import _tiles, write_run_maps

        _guard(_tiles, basemap, offline, tianditu_key)
        after_write = _then(
            functools.partial(write_run_maps, lang=lang.value, offline=offline, basemap=basemap,
                              tianditu_key=tianditu_key),
            after_write,
        )
    with out.status("landplan", spinner="dots") if not quiet else _null() as status:

        def step(name: str) -> None:
            if status is not None:
                status.update(f"landplan: {name}…")

        result = _guard(
            run_scenario,
            scenario,
            solver=solver.value if solver else None,
            out=out_dir,
            runs_dir=runs_dir,
            lang=lang.value,
            step=step,
            whynot=why_not,
            after_write=after_write,
            maps=maps,
        )
    if quiet:
        out.print(str(result.folder))
        return
    _print_summary(result)
    if url:
        from landplan.outputs.runformat import POSTGIS
        from landplan.outputs.runread import read_file

        where = read_file(result.folder, POSTGIS.name)
        out.print(f"PostGIS: schema [bold]{escape(where['schema'])}[/] in "
                  f"{escape(where['database'])}")


@app.command()
def validate(scenario: ScenarioArg) -> None:
    """Check a scenario and its GIS layers without solving; list every problem found."""
    from landplan.run import check

    checked = _guard(check, scenario)
    s = checked.scenario
    p = checked.data.projects
    out.print(f"[bold green]OK[/] {escape(str(scenario))}: {escape(s.name)} ({s.year}), "
              f"{len(s.towns)} towns, "
              f"{len(s.projects)} projects, {len(s.linkage)} linkage, "
              f"{len(s.reclamation)} reclamation")
    bad = p[~p["eligible"]]
    for pid, row in bad.iterrows():
        kind = "conflict (priority project)" if row["priority"] else "ineligible"
        why = "; ".join(f"{r.code} {r.area_m2:,.0f} m² ({r.area_m2 * 15 / 10_000:,.2f} 亩)"
                        if r.area_m2 is not None else r.code for r in row["reasons"])
        out.print(f"  {kind}: {pid} {row['name']}: {why}", markup=False)
    _print_notes(checked.notes, checked.unchecked, most=10_000)


@app.command()
def demo(
    scenario_path: Annotated[Path, typer.Option("--scenario", help="Scenario YAML to write.")] = Path(
        "scenarios/demo.yaml"),
    gis_dir: Annotated[Path, typer.Option("--gis", help="Folder for the GIS layers.")] = Path("gis"),
    towns: Annotated[int, typer.Option(help="Number of towns.")] = 12,
    projects: Annotated[int, typer.Option(help="Number of projects.")] = 100,
    parcels: Annotated[int, typer.Option(help="Number of land-use parcels.")] = 20_000,
    linkage: Annotated[int, typer.Option(help="Number of linkage (增减挂钩) projects.")] = 10,
    reclamation: Annotated[int, typer.Option(help="Number of reclamation projects.")] = 8,
    seed: Annotated[int, typer.Option(help="Random seed; same seed, same county.")] = 2026,
    years: Annotated[int, typer.Option(
        help="Also write the county as a rolling plan of this many years (2–10) beside the "
        "scenario, as rolling-<scenario>-<N>yr.yaml; 1: none.")] = 1,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace the scenario and layer files if they exist (the defaults are "
        "the shipped demo's).")] = False,
) -> None:
    """Generate a synthetic demo county (layers and scenario), e.g. for benchmarks."""
    from landplan.demo import generate_county
    from landplan.demo.rolling import check_years, rolling_path, write_rolling

    _guard(check_years, years, scenario_path, force)
    path = _guard(generate_county, scenario_path, gis_dir, n_towns=towns, n_projects=projects,
                  n_parcels=parcels, n_linkage=linkage, n_reclamation=reclamation, seed=seed,
                  name=scenario_path.stem, overwrite=force)
    out.print(f"wrote {path} and layers in {gis_dir} (synthetic data)", markup=False)
    if years > 1:
        plan = _guard(write_rolling, path, rolling_path(path, years), seed, years)
        out.print(f"wrote {plan}, the county as a {years}-year rolling plan (synthetic data)",
                  markup=False)


@app.command()
def sweep(
    scenario: ScenarioArg,
    vary: Annotated[list[str], typer.Option(
        "--vary", help="A field and its range, in numbers or percentages of the scenario's "
        "value, e.g. quota.new_construction=-30%..+30%. Give two for a grid.")],
    steps: Annotated[int, typer.Option(help="Points per varied field, ends included.")] = 21,
    solver: Annotated[SolverChoice, typer.Option(
        help="highs keeps one model in process and changes bounds (for quota, farmland-"
        "conversion quota, earmark and budget; other fields rebuild it); cbc rebuilds the model "
        "at each point. Both give the same objectives; highs is faster here (bench/).")
    ] = SolverChoice.highs,
    jobs: Annotated[int | None, typer.Option(help="Local processes; default: all cores.")] = None,
    scheduler: Annotated[str | None, typer.Option(
        help="Dask scheduler address (tcp://host:8786) to run the points on a cluster.")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Sweep folder to create.")] = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """Solve a scenario over a range (or a grid) of one or two numbers; write sweep.csv and a
    chart of objective, funded projects and land per town against the varied value."""
    from landplan.analysis.sweep_cli import sweep_command

    with _progress("sweep") as bar:
        folder, table = _guard(sweep_command, scenario, vary, steps, solver.value, jobs,
                               scheduler, out_dir, lang.value, bar)
    ok = table[table["status"] == "optimal"]
    out.print(f"{len(table)} points ({len(ok)} optimal); objective "
              f"{ok['objective'].min():,.2f} … {ok['objective'].max():,.2f}")
    out.print(f"Sweep folder: [bold]{escape(str(folder))}[/]")


@app.command()
def batch(
    folder: Annotated[Path, typer.Argument(help="Folder of scenario YAML files (one per county).")],
    solver: Annotated[SolverChoice | None, typer.Option(help="MILP solver for every run.")] = None,
    jobs: Annotated[int | None, typer.Option(help="Local processes; default: all cores.")] = None,
    scheduler: Annotated[str | None, typer.Option(
        help="Dask scheduler address (tcp://host:8786) to run the counties on a cluster.")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Batch folder to create.")] = None,
    lang: LangOpt = Lang.zh,
    why_not: Annotated[bool, typer.Option(
        "--why-not/--no-why-not", help="Why-not analysis in every run (slower).")] = False,
    marginal: Annotated[bool, typer.Option(
        "--marginal/--no-marginal",
        help="Marginal values (marginal.csv) in every run: some 20 re-solves per county.")] = False,
    maps: Annotated[bool, typer.Option("--map/--no-map",
                                       help="Write map.html and allocation.gpkg per run.")] = False,
) -> None:
    """Run every scenario in a folder (e.g. a province's counties) as one batch, in parallel;
    each gets its own run folder, and batch.csv lists them all."""
    from landplan.batch import run_batch
    from landplan.outputs.runfolder import claim_dir, new_run_dir

    target = (_guard(claim_dir, out_dir) if out_dir is not None
              else _guard(new_run_dir, Path("runs"), f"batch-{folder.name}"))
    with _progress("batch") as bar:
        table = _guard(run_batch, folder, target, solver=solver.value if solver else None,
                       lang=lang.value, jobs=jobs, scheduler=scheduler, progress=bar,
                       whynot=why_not, marginal=marginal, extras=maps)
    failed = table[table["error"] != ""]
    out.print(f"{len(table)} scenarios, {len(table) - len(failed)} optimal; batch folder "
              f"[bold]{escape(str(target))}[/]")
    for r in failed.itertuples(index=False):
        err.print(f"  ✗ {r.scenario}: {r.status}: {r.error}", markup=False)
    if len(failed):
        raise typer.Exit(4)


@app.command("init")
def init(
    folder: Annotated[
        Path,
        typer.Argument(
            help="Folder with the bureau's layers (shp, gdb, gpkg, geojson) and workbooks (xlsx).",
            show_default=False,
        ),
    ],
    out_path: Annotated[Path, typer.Option("--out", help="Scenario file to write.")] = Path(
        "scenario.yaml"
    ),
    name: Annotated[
        str | None, typer.Option(help="Scenario name; default: the folder's name.")
    ] = None,
    year: Annotated[int | None, typer.Option(help="Plan year; default: this year.")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing scenario file.")
    ] = False,
) -> None:
    """Write a first scenario from a folder of the bureau's files: layers recognised by their
    fields and names, CRS and text encoding detected, every guess commented in the YAML."""
    from landplan.ingest import init_scenario

    report = _guard(init_scenario, folder, out_path, name=name, year=year, force=force)
    out.print(f"wrote [bold]{escape(str(out_path))}[/]")
    for line in report.lines():
        out.print(f"  {line}", markup=False, soft_wrap=True)
    out.print(
        f"next: fill in the TO DO lines, import the lists, then `landplan validate {out_path}`",
        markup=False,
    )


@app.command("import-projects")
def import_projects(
    workbook: Annotated[
        Path, typer.Argument(help="The bureau's workbook (.xlsx).", show_default=False)
    ],
    into: Annotated[Path, typer.Option("--into", help="Scenario file to import into.")],
    sheet: Annotated[
        list[str] | None,
        typer.Option("--sheet", help="Import only this sheet (repeat for several)."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Import nothing when any row cannot be read.")
    ] = False,
) -> None:
    """Import the project list (and linkage, reclamation and town lists) from Excel: Chinese
    headings by the alias table, towns by name or code; each row that cannot be read is
    reported with its sheet, row, column, value and why."""
    from landplan.ingest import import_lists

    report = _guard(import_lists, workbook, into, sheets=sheet or None, strict=strict)
    out.print(f"imported {escape(str(workbook))} into [bold]{escape(str(into))}[/] "
              f"(before: {escape(str(report.backup))})")
    for line in report.lines():
        (err if line.startswith("not imported") else out).print(
            f"  {line}", markup=False, soft_wrap=True
        )


@app.command("export-projects")
def export_projects(
    workbook: Annotated[
        Path,
        typer.Argument(help="The workbook the projects were imported from.", show_default=False),
    ],
    run_folder: Annotated[
        Path, typer.Option("--run", help="A run folder written by `landplan run`.")
    ],
    out_path: Annotated[
        Path | None,
        typer.Option("--out", help="Workbook to write; default: <name>_安排结果.xlsx next to it."),
    ] = None,
    scenario: Annotated[
        Path | None, typer.Option(help="The scenario of the run, if it has moved since.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write the bureau's workbook back with the allocation filled in (安排面积, 保障情况,
    原因说明 ...), so the spreadsheet stays the working document."""
    from landplan.ingest import export_projects as export

    report = _guard(export, workbook, run_folder, out_path, scenario=scenario, force=force)
    for line in report.lines():
        out.print(line, markup=False, soft_wrap=True)


RunFolderArg = Annotated[
    Path, typer.Argument(help="A run folder written by `landplan run`.", show_default=False)
]


RunLangOpt = Annotated[
    Lang | None,
    typer.Option("--lang", help="Language of the outputs: zh (中文) or en. Default: the run's."),
]


@app.command("map")
def map_(
    run_folder: RunFolderArg,
    lang: RunLangOpt = None,
    offline: Annotated[
        bool,
        typer.Option("--offline/--online",
                     help="--offline (default): a page that needs no network at all. --online "
                     "allows internet basemaps (OpenStreetMap unless --basemap says otherwise)."),
    ] = True,
    basemap: Annotated[
        str | None,
        typer.Option(help="none, osm, tianditu (天地图, needs --tianditu-key) or an intranet "
                     "tile server URL with {z}/{x}/{y}. Default: none offline, osm online."),
    ] = None,
    tianditu_key: Annotated[
        str | None, typer.Option(help="天地图 browser key.", envvar="TIANDITU_KEY")
    ] = None,
) -> None:
    """Draw map.html again from a finished run, without solving."""
    from landplan.outputs.map import redraw_map

    notes: list = []
    path = _guard(redraw_map, run_folder, lang=lang.value if lang else None, offline=offline,
                  basemap=basemap, tianditu_key=tianditu_key, notes=notes)
    _print_notes(notes, [])
    out.print(f"wrote {path}", markup=False)


@app.command()
def figures(run_folder: RunFolderArg, lang: RunLangOpt = None) -> None:
    """Figures for plan documents (PNG and SVG, 300 dpi): the county and each pilot town,
    into RUN_FOLDER/figures."""
    from landplan.outputs.figures import redraw_figures

    notes: list = []
    paths = _guard(redraw_figures, run_folder, lang=lang.value if lang else None, notes=notes)
    _print_notes(notes, [])
    for path in paths:
        out.print(f"wrote {path}", markup=False)


@app.command()
def report(
    run_folder: Annotated[
        Path, typer.Argument(help="Run folder written by `landplan run`.", show_default=False)
    ],
    lang: RunLangOpt = None,
    org: Annotated[
        str | None, typer.Option("--org", help="编制单位 on the cover, e.g. 凤阳县自然资源和规划局; "
                                 "default: a line to fill in.")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Date on the cover, as it should read "
                                 "(e.g. 2026年5月20日); default: the day of the run.")
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option("--template", help="The bureau's own Word file (.docx): the report takes "
                     "its styles, header and footer (红头), page setup and table style."),
    ] = None,
) -> None:
    """Write the run's annual plan document (年度土地利用计划指标分解方案): report.docx and
    report.md in the run folder; in a language other than the run's, report.<lang>.docx and
    report.<lang>.md, with the reasons said again in that language."""
    from landplan.outputs.report import write_report

    for path in _guard(write_report, run_folder, lang=lang.value if lang else None, org=org,
                       date=date, template=template):
        out.print(f"wrote {path}", markup=False)


@app.command()
def compare(
    run_folders: Annotated[
        list[Path],
        typer.Argument(help="Two or more run folders; the first is the baseline.",
                       show_default=False),
    ],
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Folder to create; refused if it exists and is not empty. "
                     "Default: a new runs/compare-<timestamp>."),
    ] = None,
    runs_dir: Annotated[Path, typer.Option(help="Where the default folder goes.")] = Path("runs"),
    lang: LangOpt = Lang.zh,
) -> None:
    """Compare runs of one county side by side: compare.csv, compare.xlsx (per town and per
    changed project), compare.png (land per town) and compare.html (sites by change)."""
    from landplan.outputs.compare import compare_runs

    folder = _guard(compare_runs, run_folders, out=out_dir, runs_dir=runs_dir, lang=lang.value)
    out.print(f"wrote {folder}: compare.csv, compare.xlsx, compare.png, compare.html",
              markup=False)


@app.command()
def serve(
    folder: Annotated[Path, typer.Argument(help="Folder of scenarios and runs.")] = Path("."),
    host: Annotated[str, typer.Option(help="Address to listen on; any but loopback needs "
                                      "--password or --users.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    password: Annotated[bool, typer.Option(
        "--password", help="Ask for a password (or read LANDPLAN_PASSWORD) that every browser "
        "must give.")] = False,
    users: Annotated[Path | None, typer.Option(
        "--users", help="File of `name:bcrypt-hash` lines: the accounts that may log in.")] = None,
) -> None:
    """The planner's workbench in the browser: edit, check and run scenarios, look at and
    compare runs, over FOLDER (http://127.0.0.1:8765)."""
    from landplan.serve.auth import check_binding
    from landplan.serve.server import accounts, check_folder
    from landplan.serve.server import serve as run_server

    def ask() -> str:
        return typer.prompt("password", hide_input=True, confirmation_prompt=True)

    accounts_ = _guard(accounts, password, users, ask)
    _guard(check_binding, host, accounts_)
    root = _guard(check_folder, folder)
    out.print(f"landplan workbench: http://{escape(host)}:{port}/ over {escape(str(root))}")
    run_server(root, host, port, accounts_)


@contextlib.contextmanager
def _progress(what: str):
    """A rich progress bar; yields a callback(done, total)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(f"[bold]{what}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=False) as prog:
        task = prog.add_task(what, total=None)

        def update(done: int, total: int) -> None:
            prog.update(task, completed=done, total=total)

        try:
            yield update
        except BaseException:  # the error or interrupt line is the last word, not the bar
            prog.live.transient = True
            raise


class _null:
    def __enter__(self):
        return None

    def __exit__(self, *a):
        return False


def _print_summary(result) -> None:
    from rich import box

    s = result.checked.scenario
    sol = result.solution
    u = "ha" if s.units == "ha" else "mu"
    if s.synthetic:
        out.print("[yellow]Demo data: synthetic, not real survey data (合成示例数据).[/]")
    years = s.years
    span = f"{years[0]}–{years[-1]} rolling plan" if len(years) > 1 else f"{s.year}"
    t = Table(title=Text(f"{s.name} {span} — {s.county.name} (areas in {u}; ★ pilot town)"),
              title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    t.add_column("Town")
    for col in ("Quota", "Linkage", "Total", "Farmland", "Comp. own", "Comp. county",
                "Funded/part/none/inelig"):
        t.add_column(col, justify="right")
    for r in sol.towns.itertuples(index=False):
        t.add_row(Text(f"{r.name}{' ★' if r.pilot else ''}"), f"{r.from_quota:,.2f}",
                  f"{r.from_linkage:,.2f}", f"{r.allocated:,.2f}", f"{r.farmland_taken:,.2f}",
                  f"{r.compensated_own:,.2f}", f"{r.compensated_county:,.2f}",
                  f"{r.funded}/{r.partial}/{r.unfunded}/{r.ineligible}")
    tt = sol.towns
    t.add_row("Total", f"{tt.from_quota.sum():,.2f}", f"{tt.from_linkage.sum():,.2f}",
              f"{tt.allocated.sum():,.2f}", f"{tt.farmland_taken.sum():,.2f}",
              f"{tt.compensated_own.sum():,.2f}", f"{tt.compensated_county.sum():,.2f}",
              f"{tt.funded.sum()}/{tt.partial.sum()}/{tt.unfunded.sum()}/{tt.ineligible.sum()}",
              style="bold", end_section=True)
    out.print(t)
    summ = result.summary
    _print_tiers(sol.tiers, u)
    if len(years) > 1:
        _print_years(s, sol, u)
    else:
        out.print(f"Quota {s.quota.new_construction:,.2f} {u} (pilot earmark "
                  f"{s.quota.pilot_reserve:,.2f}); linkage and reclamation spending "
                  f"{sol.objective['spending']:,.0f} yuan.")
    out.print(f"Objective {summ['objective']:,.4f} — status [bold]{summ['status']}[/], solver "
              f"{summ['solver']}, gap {summ['gap']:g}; solve {summ['timings']['solve']:.2f} s, "
              f"total {sum(summ['timings'].values()):.2f} s.")
    conflicts = result.allocation[result.allocation["status"] == "conflict"]
    for r in conflicts.itertuples(index=False):
        out.print(f"[red]Conflict:[/] priority project {escape(str(r.project_id))} "
                  f"{escape(str(r.name))}: {escape(str(r.reason))}")
    _print_notes(result.checked.notes, result.checked.unchecked)
    out.print(f"Run folder: [bold]{escape(str(result.folder))}[/]")


def _print_years(s, sol, u: str) -> None:
    """A rolling plan's years: each year's quota and earmark, the land given from the quota and
    from linkage credits, and the credits borrowed ahead still to be returned (周转指标)."""
    from rich import box

    towns = sol.by_year.get("towns_by_year")
    ledger = sol.by_year.get("linkage_ledger")
    t = Table(title=f"By year (areas in {u})", title_justify="left", box=box.SIMPLE_HEAD,
              pad_edge=False)
    t.add_column("Year")
    for col in ("Quota", "Pilot earmark", "From quota", "From linkage", "Total", "Farmland",
                "Projects", "Borrowed", "Outstanding"):
        t.add_column(col, justify="right")
    for y in s.years:
        mine = towns[towns["year"] == y] if towns is not None else None
        led = ledger[ledger["year"] == y] if ledger is not None else None
        cells = [mine[c].sum() if mine is not None else 0.0
                 for c in ("from_quota", "from_linkage", "allocated", "farmland_taken")]
        lent = [led[c].sum() if led is not None and len(led) else 0.0
                for c in ("borrowed", "outstanding")]
        t.add_row(str(y), f"{s.quota.in_year('new_construction', y):,.2f}",
                  f"{s.quota.in_year('pilot_reserve', y):,.2f}", *(f"{v:,.2f}" for v in cells),
                  f"{int(mine['projects'].sum()) if mine is not None else 0}",
                  *(f"{v:,.2f}" for v in lent))
    out.print(t)
    c = float(s.quota.carry_over or 0.0)  # absent: unused quota lapses
    unused = "lapses" if c == 0 else f"carries over to the next year ({c:.0%} of it)"
    out.print(f"Quota left unused in a year {unused}; linkage and reclamation spending "
              f"{sol.objective['spending']:,.0f} yuan.")


def _print_tiers(tiers: list[dict], u: str) -> None:
    """What each priority tier secured, in the order the policy puts them."""
    from rich import box
    from rich.markup import escape

    if not tiers:
        return
    t = Table(title=f"Policy tiers, first first (areas in {u})", title_justify="left",
              box=box.SIMPLE_HEAD, pad_edge=False)
    t.add_column("Tier")
    for col in ("Objective", "Secured", "Land", "Requested", "Value", "Funded/part/none/inelig"):
        t.add_column(col, justify="right")
    for r in tiers:
        secured = f"{r['secured']:,}" if r["objective"] == "count" else f"{r['secured']:,.2f}"
        t.add_row(escape(r["name"]), r["objective"], secured, f"{r['land']:,.2f}",
                  f"{r['requested']:,.2f}", f"{r['value']:,.2f}",
                  f"{r['funded']}/{r['partial']}/{r['unfunded']}/{r['ineligible']}")
    out.print(t)


def _then(first, second):
    """Two `after_write` hooks in order (the second may be None)."""
    if second is None:
        return first

    def both(tmp, result):
        return first(tmp, result) + second(tmp, result)

    return both


def _print_notes(notes: list, unchecked: list[str], most: int = 8) -> None:
    """Reprojections, repairs, encodings and unchecked rules: the first few, and a count."""
    notes = sorted(notes, key=lambda n: not str(getattr(n, "message", n)).startswith("warning:"))
    lines = [f"note: {n}" for n in notes] + [f"unchecked: {u}" for u in unchecked]
    for line in lines[:most]:
        out.print(f"  {line}", markup=False)
    if len(lines) > most:
        out.print(f"  … and {len(lines) - most} more in summary.json (notes, unchecked)")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
