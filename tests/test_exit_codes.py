"""Every exit code of the README's table, from the command line as a planner meets it (a
subprocess each), and the help that lists them. The many ways a run folder can be damaged run
in process (CliRunner): each must be exit 10 naming the file, never 70."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import landplan.cli as cli
from landplan import cli_help, errors
from landplan.outputs.runread import RUN_AGAIN
from tests.conftest import A, B, base, proj
from tests.outputs.conftest import solve_county
from tests.test_cli import landplan, tiny

REPO = Path(__file__).resolve().parents[1]
AGAIN = "run the scenario again"


def said(r: subprocess.CompletedProcess) -> str:
    """What the command printed, on one line (rich wraps long messages)."""
    return " ".join((r.stdout + r.stderr).split())


def python(code: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command line with one thing changed before it starts (no font, a bug, Ctrl-C)."""
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def no_traceback(r: subprocess.CompletedProcess) -> bool:
    return "Traceback" not in r.stdout + r.stderr


@pytest.fixture(scope="module")
def county_run(tmp_path_factory) -> Path:
    """The hand-drawn county of tests/outputs/county.py, solved, with a workbook of two of its
    projects for export-projects."""
    root = tmp_path_factory.mktemp("exit-codes")
    folder = solve_county(root).folder
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "项目"
    sheet.append(["项目编号", "项目名称", "所在乡镇", "项目类型", "用地面积（亩）"])
    sheet.append(["P1", "大庙镇硅砂深加工项目", "大庙镇", "工业", 40])
    sheet.append(["P2", "府城镇商业综合体", "府城镇", "商业", 80])
    book.save(root / "book.xlsx")
    return folder


# --- one test per code, as a subprocess ---------------------------------------------------


def test_2_the_scenario_breaks_the_contract(tmp_path):
    r = landplan("validate", str(tiny(tmp_path, quota={"new_construction": -5})), cwd=tmp_path)
    assert r.returncode == 2, said(r)
    assert ("tiny.yaml, record quota, field `new_construction`: must be greater than or equal "
            "to 0, got -5") in said(r)
    assert no_traceback(r)


@pytest.mark.parametrize("args, expected", [
    (["--towns", "0"], "field `--towns`: is 0; it must be from 5 to 40 (at least 5: the county "
                       "seat and the four pilot towns)"),
    (["--projects", "-3"], "field `--projects`: is -3; it must be from 12 to 10,000"),
    (["--parcels", "1000000000"], "field `--parcels`: is 1,000,000,000; it must be from 500 to "
                                  "1,000,000"),
    (["--seed", "-1"], "field `--seed`: is -1; it must be from 0 to 4,294,967,295"),
    (["--years", "11"], "field `--years`: is 11; it must be from 1 to 10"),
])
def test_2_demo_sizes_out_of_range(tmp_path, args, expected):
    r = landplan("demo", "--scenario", "s.yaml", "--gis", "g", *args, cwd=tmp_path)
    assert r.returncode == 2, said(r)
    assert expected in said(r) and no_traceback(r)
    assert not (tmp_path / "s.yaml").exists() and not (tmp_path / "g").exists()


def test_2_sweep_jobs_below_one(tmp_path):
    r = landplan("sweep", str(tiny(tmp_path)), "--vary", "quota.new_construction=-10%..+10%",
                 "--jobs", "-1", cwd=tmp_path)
    assert r.returncode == 2, said(r)
    assert "field `--jobs`: is -1; give at least 1 local process" in said(r)


def test_3_a_layer_is_missing(tmp_path):
    r = landplan("validate", str(tiny(tmp_path, layers={"towns": "nowhere.gpkg"})), cwd=tmp_path)
    assert r.returncode == 3, said(r)
    assert "nowhere.gpkg, field `layers.towns`: layer file not found" in said(r)


@pytest.mark.parametrize("path", ["loop.gpkg", "loop.gpkg|layername=towns"])
def test_3_a_symbolic_link_loop_names_the_layer_and_path(tmp_path, path):
    (tmp_path / "loop.gpkg").symlink_to(tmp_path / "back.gpkg")
    (tmp_path / "back.gpkg").symlink_to(tmp_path / "loop.gpkg")
    r = landplan("validate", str(tiny(tmp_path, layers={"towns": path})), cwd=tmp_path)
    assert r.returncode == 3, said(r)
    assert f"{tmp_path / 'loop.gpkg'}" in said(r) and "field `layers.towns`" in said(r)
    assert "(a loop" in said(r) and no_traceback(r)


def test_4_no_allocation_satisfies_every_rule(tmp_path):
    s = tiny(tmp_path, projects=[proj("P1", A, 150, 1, priority=True)])
    r = landplan("run", str(s), "--out", "r", cwd=tmp_path)
    assert r.returncode == 4, said(r)
    assert no_traceback(r)


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_5_the_solver_stops_at_its_time_limit(tmp_path, solver):
    """400 all-or-nothing projects and a time limit of a millisecond: no proof in time."""
    import random

    rnd = random.Random(5)
    projects = [proj(f"P{i:03d}", A if i % 2 else B, rnd.randint(7, 97),
                     rnd.randint(100, 999) / 100, min_share=1) for i in range(400)]
    d = base(projects=projects, quota={"new_construction": 5000},
             solver={"name": solver, "time_limit": 0.001})
    path = tmp_path / "s.yaml"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    r = landplan("run", str(path), "--out", "r", cwd=tmp_path)
    assert r.returncode == 5, said(r)
    assert "before proving an optimum" in said(r) and not (tmp_path / "r").exists()


def test_6_demo_keeps_existing_files_without_force(tmp_path):
    (tmp_path / "gis").mkdir()
    (tmp_path / "gis" / "towns.gpkg").write_text("mine")
    (tmp_path / "s.yaml").write_text("mine")
    r = landplan("demo", "--scenario", "s.yaml", "--gis", "gis", cwd=tmp_path)
    assert r.returncode == 6, said(r)
    assert ("would replace 2 files that exist: s.yaml, gis/towns.gpkg; nothing was written — "
            "give --scenario and --gis paths of a new county, or --force to replace them"
            ) in said(r)
    assert (tmp_path / "s.yaml").read_text() == "mine"
    assert sorted(p.name for p in (tmp_path / "gis").iterdir()) == ["towns.gpkg"]


def test_6_demo_by_default_keeps_the_shipped_demo(tmp_path):
    """`landplan demo` with no paths writes scenarios/demo.yaml and gis/: in a checkout, the
    shipped demo county. Here a stand-in of it."""
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "gis").mkdir()
    for name in ("scenarios/demo.yaml", "gis/towns.gpkg", "gis/landuse.gpkg"):
        (tmp_path / name).write_text("shipped")
    r = landplan("demo", cwd=tmp_path)
    assert r.returncode == 6, said(r)
    assert "would replace 3 files that exist: scenarios/demo.yaml, gis/towns.gpkg" in said(r)
    assert (tmp_path / "gis" / "landuse.gpkg").read_text() == "shipped"


def test_6_a_run_folder_that_holds_a_run(county_run, tmp_path):
    r = landplan("run", str(county_run.parent / "county" / "scenario.yaml"), "--out",
                 str(county_run), cwd=tmp_path)
    assert r.returncode == 6, said(r)
    assert "already holds a run" in said(r)


FONTLESS = """
import sys
from matplotlib import font_manager
font_manager.fontManager.ttflist = [f for f in font_manager.fontManager.ttflist
                                    if f.name == "DejaVu Sans"]
from landplan.cli import app
app(sys.argv[1:], prog_name="landplan")
"""


def test_7_no_chinese_font(county_run, tmp_path):
    r = python(FONTLESS, "figures", str(county_run), cwd=tmp_path)
    assert r.returncode == 7, said(r)
    assert "no Chinese (CJK) font is installed" in said(r) and "fonts-noto-cjk" in said(r)


def test_8_the_runs_cannot_be_compared(county_run, tmp_path):
    r = landplan("compare", str(county_run), str(county_run), cwd=tmp_path)
    assert r.returncode == 8, said(r)
    assert "is given twice" in said(r)


@pytest.mark.parametrize("port", ["99999", "0", "x"])
def test_9_a_database_port_out_of_range(tmp_path, port):
    url = f"postgresql://planner@127.0.0.1:{port}/gtkj"
    r = landplan("run", str(tiny(tmp_path)), "--out", "r", "--to-postgis", url, cwd=tmp_path)
    assert r.returncode == 9, said(r)
    assert (f"{url}, field `--to-postgis`: the port `{port}` is not a port number (1 to 65535)"
            ) in said(r)
    assert not (tmp_path / "r").exists()


def test_9_the_scenarios_postgis_url_with_a_bad_port(tmp_path):
    s = tiny(tmp_path, postgis={"url": "postgresql://planner@127.0.0.1:70000/gtkj"})
    r = landplan("run", str(s), "--out", "r", cwd=tmp_path)
    assert r.returncode == 9, said(r)
    assert "the port `70000` is not a port number" in said(r)


def test_10_a_damaged_run_folder(county_run, tmp_path):
    run = tmp_path / "run"
    shutil.copytree(county_run, run)
    path = run / "summary.json"
    path.write_bytes(path.read_bytes()[:1000])
    r = landplan("map", str(run), cwd=tmp_path)
    assert r.returncode == 10, said(r)
    assert f"The run folder is damaged (1 problem): • {path}: is cut off (line" in said(r)
    assert RUN_AGAIN in said(r) and no_traceback(r)


def test_11_an_unreachable_dask_scheduler(tmp_path):
    r = landplan("sweep", str(tiny(tmp_path)), "--vary", "quota.new_construction=-10%..+10%",
                 "--scheduler", "tcp://127.0.0.1:1", "--out", "sw", cwd=tmp_path)
    assert r.returncode == 11, said(r)
    assert ("tcp://127.0.0.1:1, field `--scheduler`: no Dask scheduler answers there (nothing "
            "listens on that port); nothing was solved") in said(r)
    assert not (tmp_path / "sw").exists()


def test_11_batch_with_an_unreachable_scheduler_makes_no_folder(tmp_path):
    (tmp_path / "counties").mkdir()
    shutil.copy(tiny(tmp_path), tmp_path / "counties" / "a.yaml")
    r = landplan("batch", "counties", "--scheduler", "127.0.0.1:1", "--out", "b", cwd=tmp_path)
    assert r.returncode == 11, said(r)
    assert not (tmp_path / "b").exists()


BROKEN = """
import sys
import landplan.run
def broken(*args, **kwargs):
    raise {exc}
landplan.run.check = broken
from landplan.cli import app
app(sys.argv[1:], prog_name="landplan")
"""


def test_70_is_a_bug_and_says_so(tmp_path):
    r = python(BROKEN.format(exc="ZeroDivisionError('a bug')"), "validate", str(tiny(tmp_path)),
               cwd=tmp_path)
    assert r.returncode == 70, said(r)
    assert "landplan hit an internal error: ZeroDivisionError: a bug" in said(r)
    assert "report it" in said(r) and no_traceback(r)


def test_130_interrupted(tmp_path):
    r = python(BROKEN.format(exc="KeyboardInterrupt"), "validate", str(tiny(tmp_path)),
               cwd=tmp_path)
    assert r.returncode == 130, said(r)
    assert no_traceback(r)


TERMINATED = """
import os, signal, sys, time
import landplan.run
def terminated(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(30)
landplan.run.check = terminated
sys.argv[0] = "landplan"
from landplan.__main__ import main
main()
"""


def test_143_terminated(tmp_path):
    r = python(TERMINATED, "validate", str(tiny(tmp_path)), cwd=tmp_path)
    assert r.returncode == 143, said(r)
    assert "interrupted; nothing was written" in said(r)
    assert no_traceback(r)


# --- the documented codes agree ----------------------------------------------------------


def _readme_codes() -> list[int]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text[text.index("| exit | meaning |"):]
    table = table[:table.index("\n\n")]
    return [int(m) for m in re.findall(r"^\| (\d+) \|", table, flags=re.MULTILINE)]


def test_the_readme_help_and_error_classes_list_the_same_codes():
    classes = {c.exit_code for c in vars(errors).values()
               if isinstance(c, type) and issubclass(c, errors.LandplanError)
               and c is not errors.LandplanError}
    listed = [code for code, _ in cli_help.EXIT_CODES]
    assert _readme_codes() == listed
    assert set(listed) == classes | {0, 70, 130, 143}
    tested = {int(m) for m in re.findall(r"^def test_(\d+)_", Path(__file__).read_text(),
                                          flags=re.MULTILINE)}
    assert tested == set(listed) - {0}


# --- help --------------------------------------------------------------------------------

COMMANDS = ["run", "validate", "demo", "sweep", "batch", "init", "import-projects",
            "export-projects", "map", "figures", "report", "compare"]
TYPER_PLACEHOLDER = re.compile(r"<(?:bool|int|float|str|path|list\[[^\]]*\]|[\w.]+\|[\w.|]+)>"
                               r"|\{\w+\}")


def _columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_readable_at_80_columns(command):
    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(cli.app, args, env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0, result.output
    text = result.output
    assert not TYPER_PLACEHOLDER.search(text.replace("{z}/{x}/{y}", "")), text
    wide = [line for line in text.splitlines() if _columns(line) > 80]
    assert not wide, "\n".join(wide)


def test_the_apps_help_lists_the_exit_codes():
    text = CliRunner().invoke(cli.app, ["--help"], env={"COLUMNS": "80"}).output
    assert "Exit codes:" in text
    for code, meaning in cli_help.EXIT_CODES:
        assert re.search(rf"^ +{code} +{re.escape(meaning)}$", text, flags=re.MULTILINE), code


# --- a damaged run folder: exit 10, naming the file, for every reader --------------------


def _summary(change):
    def damage(path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    return damage


def _cut(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _gone(path: Path) -> None:
    path.unlink()


def _not_json(path: Path) -> None:
    path.write_text("<html>the proxy's error page</html>", encoding="utf-8")


def _rows_lost(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:3]), encoding="utf-8")


def _rename_column(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("allocated", "alloc", 1), encoding="utf-8")


def _text_in_numbers(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    col = lines[0].split(",").index("allocated")
    row = lines[1].split(",")
    row[col] = "lots"
    lines[1] = ",".join(row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


ALL = ("map", "figures", "report", "compare", "export-projects")
# (file, damage, what the message says, commands that read the file)
DAMAGE = [
    ("summary.json", _cut, "is cut off (line", ALL),
    ("summary.json", _empty, "is empty", ALL),
    ("summary.json", _not_json, "is not valid JSON (line 1, column 1", ALL),
    ("summary.json", _summary(lambda d: d.pop("status")), "field `status`: is missing", ALL),
    ("summary.json", _summary(lambda d: d.pop("scenario")), "field `scenario`: is missing", ALL),
    ("summary.json", _summary(lambda d: d.update(status=5)),
     "field `status`: input should be a valid string, found 5", ALL),
    ("summary.json", _summary(lambda d: d["scenario"].update(county="x")),
     "field `scenario.county`: input should be a valid dictionary", ALL),
    ("summary.json", _summary(lambda d: d.update(inputs=[1, 2])),
     "field `inputs`: input should be a valid dictionary", ALL),
    ("summary.json", _summary(lambda d: d.update(quota="x")),
     "field `quota`: input should be a valid dictionary", ALL),
    ("summary.json", _summary(lambda d: d.update(drawn_layers=7)),
     "field `drawn_layers`: input should be a valid list, found 7", ALL),
    ("summary.json", _summary(lambda d: d.update(objective="many")),
     "field `objective`: input should be a valid number", ALL),
    ("summary.json", lambda p: p.write_text("[1, 2]"), "holds a JSON list", ALL),
    ("allocation.csv", _cut, "is cut off (its last line is incomplete)", ALL),
    ("allocation.csv", _empty, "is empty", ALL),
    ("allocation.csv", _gone, "is missing", ALL),
    ("allocation.csv", _rows_lost, "has 2 projects, but summary.json counts 7", ALL),
    ("allocation.csv", _rename_column, "has no column `allocated`", ALL),
    ("allocation.csv", _text_in_numbers,
     "record line 2, field `allocated`: `lots` is not a number", ALL),
    ("towns.csv", _cut, "is cut off", ("map", "report", "compare")),
    ("linkage.csv", _gone, "is missing", ("map", "report")),
    ("constraints.csv", _cut, "is cut off", ("report",)),
    ("marginal.csv", lambda p: p.write_text(p.read_text().replace(",value,", ",worth,", 1)),
     "has no column `value`", ("report",)),
    ("allocation.gpkg", _cut, "cannot be read as a GeoPackage", ("map", "figures")),
    ("allocation.gpkg", _empty, "cannot be read as a GeoPackage", ("map", "figures")),
    ("allocation.gpkg", _gone, "is missing (summary.json lists the planning layers it keeps)",
     ("map", "figures")),
    ("allocation.gpkg", _not_json, "cannot be read as a GeoPackage", ("map", "figures")),
    ("scenario.yaml", _cut, "cannot be read as the run's scenario", ("map", "report")),
    ("scenario.yaml", _empty, "cannot be read as the run's scenario", ("map", "compare")),
    ("scenario.yaml", _gone, "is missing, and the scenario file `/nowhere/scenario.yaml` is "
     "gone too", ("map", "figures", "report")),
    ("reasons.json", _cut, "is cut off", ("report-en",)),
    ("reasons.json", _not_json, "is not valid JSON", ("report-en",)),
    ("reasons.json", lambda p: p.write_text('{"lang": "zh", "projects": {"P2": 5}}'),
     "record P2, field `projects`: is not a list of reason parts", ("report-en",)),
    ("reasons.json", lambda p: p.write_text('{"lang": "zh", "projects": {"P2": [{"key": 1}]}}'),
     "record P2, field `projects`: is not a list of reason parts", ("report-en",)),
]


def _args(command: str, run: Path, root: Path) -> list[str]:
    return {
        "map": ["map", str(run)],
        "figures": ["figures", str(run)],
        "report": ["report", str(run)],
        "report-en": ["report", str(run), "--lang", "en"],
        "compare": ["compare", str(root / "base"), str(run), "--out", str(root / "cmp")],
        "export-projects": ["export-projects", str(root / "book.xlsx"), "--run", str(run),
                            "--out", str(root / "out.xlsx")],
    }[command]


@pytest.mark.parametrize(
    "name, damage, expected, command",
    [(n, d, e, c) for n, d, e, commands in DAMAGE for c in commands],
    ids=[f"{n}-{d.__name__.strip('_')}-{c}" for n, d, _, commands in DAMAGE for c in commands],
)
def test_a_damaged_run_folder_names_the_file(county_run, tmp_path, name, damage, expected,
                                             command):
    root = tmp_path
    shutil.copy(county_run.parent / "book.xlsx", root / "book.xlsx")
    shutil.copytree(county_run, root / "base")
    run = root / "run"
    shutil.copytree(county_run, run)
    if name == "scenario.yaml":  # the original is gone: the run's own copy is read
        summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
        summary["scenario"]["file"] = "/nowhere/scenario.yaml"
        (run / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    damage(run / name)
    result = CliRunner().invoke(cli.app, _args(command, run, root))
    text = " ".join(result.output.split())
    assert result.exit_code == 10, text
    assert "The run folder is damaged" in text and f"{run / name}" in text, text
    assert expected in text, text
    assert AGAIN in text and "Traceback" not in text
    assert not (root / "cmp").exists() and not (root / "out.xlsx").exists()


def test_a_damaged_figure_is_named_with_how_to_draw_it_again(county_run, tmp_path):
    from landplan.outputs.figures import redraw_figures

    run = tmp_path / "run"
    shutil.copytree(county_run, run)
    redraw_figures(run)
    png = run / "figures" / "county.png"
    png.write_bytes(png.read_bytes()[:5000])
    result = CliRunner().invoke(cli.app, ["report", str(run)])
    text = " ".join(result.output.split())
    assert result.exit_code == 10, text
    assert f"{png}: cannot be read as an image" in text
    assert f"draw the figures again: landplan figures {run}" in text
    assert not (run / "report.docx").exists()
