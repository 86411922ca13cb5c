"""The run folder's format is declared once (landplan/outputs/runformat.py): the demo's run
holds exactly the declared files, each reads back through its declaration, the writer refuses
what is not declared, and no other module spells a run file's name."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import landplan
from landplan.errors import DamagedRunError
from landplan.outputs import runformat as F
from landplan.outputs.report import write_report
from landplan.outputs.runfolder import write_summary, write_table
from landplan.outputs.runread import read_file, read_run
from landplan.run import run

DEMO = Path(__file__).resolve().parents[2] / "scenarios" / "demo.yaml"


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory) -> Path:
    """`landplan run scenarios/demo.yaml` (maps included), then `landplan report`."""
    folder = tmp_path_factory.mktemp("format") / "run"
    run(DEMO, out=folder, whynot=False, marginal=False)
    write_report(folder)
    write_report(folder, lang="en")
    return folder


def test_every_file_of_the_demo_run_is_declared_and_none_required_is_missing(demo_run):
    assert F.undeclared(demo_run) == []
    assert F.missing(demo_run) == []
    summary = json.loads((demo_run / F.SUMMARY.name).read_text(encoding="utf-8"))
    written_by_run = [n for n in F.held(demo_run) if F.declared(n).presence != "added"]
    assert summary["files"] == written_by_run  # sorted, each once
    assert {F.MAP.name, F.GPKG.name} <= set(summary["files"])
    assert {"report.docx", "report.md", "report.en.docx", "report.en.md"} <= set(F.held(demo_run))


def test_every_file_of_the_demo_run_reads_back_through_its_declaration(demo_run):
    read = read_run(demo_run)
    assert sorted(read) == F.held(demo_run)
    for table in F.TABLES:
        if table.presence == "optional":  # a rolling plan's tables: tests/outputs/test_tables_horizon.py
            assert table.name not in read
            continue
        df = read[table.name]
        assert list(df.columns) == [c for c in table.column_names() if c in df.columns]
        assert all(c.name in df.columns for c in table.columns if c.required), table.name
        for c in table.columns:
            if c.kind == "number" and c.name in df.columns:
                assert pd.api.types.is_numeric_dtype(df[c.name]), (table.name, c.name)
    assert set(read[F.SUMMARY.name]) <= set(F.SUMMARY_KEYS)
    assert read[F.REASONS.name]["lang"] == "zh"
    assert read[F.SCENARIO.name].name == "demo"
    assert "project_sites" in read[F.GPKG.name]
    assert read[F.MAP.name].rstrip().endswith("</html>")


def test_a_file_not_declared_or_a_required_file_missing_is_seen(demo_run, tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(demo_run, folder)
    (folder / "notes.txt").write_text("the planner's own notes\n", encoding="utf-8")
    (folder / F.FIGURES.name).mkdir()
    (folder / F.FIGURES.name / "county.pdf").write_bytes(b"%PDF")
    (folder / F.REASONS.name).unlink()
    assert F.undeclared(folder) == ["figures/county.pdf", "notes.txt"]
    assert F.missing(folder) == [F.REASONS.name]
    with pytest.raises(DamagedRunError, match=r"reasons.json: is missing"):
        read_file(folder, F.REASONS.name)
    (folder / F.TOWNS.name).unlink()
    with pytest.raises(DamagedRunError, match=r"towns.csv: is missing"):
        read_run(folder)


def test_a_table_is_read_as_declared(demo_run, tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(demo_run, folder)
    towns = (folder / F.TOWNS.name).read_text(encoding="utf-8").splitlines()
    cells = towns[1].split(",")
    cells[towns[0].split(",").index("credits_held")] = "many"  # a number not required
    (folder / F.TOWNS.name).write_text("\n".join([towns[0], ",".join(cells), *towns[2:]]) + "\n",
                                       encoding="utf-8")
    with pytest.raises(DamagedRunError, match=r"towns.csv, record line 2, field "
                                              r"`credits_held`: `many` is not a number"):
        read_file(folder, F.TOWNS.name)
    codes = read_file(demo_run, F.TOWNS.name)["code"]
    assert codes.map(type).eq(str).all()  # a town code stays text


def test_the_writer_refuses_what_is_not_declared(tmp_path):
    ok = pd.DataFrame({"resource": ["county_quota"], "value": [1.5]})
    assert write_table(tmp_path, F.MARGINAL, ok) == F.MARGINAL.name
    with pytest.raises(F.FormatError, match=r"marginal.csv written with columns undeclared "
                                            r"\['colour'\]"):
        write_table(tmp_path, F.MARGINAL, ok.assign(colour="red"))
    with pytest.raises(F.FormatError, match=r"without \['resource'\]"):
        write_table(tmp_path, F.MARGINAL, ok[["value"]])
    with pytest.raises(F.FormatError, match=r"in the order \['value', 'resource'\]"):
        write_table(tmp_path, F.MARGINAL, ok[["value", "resource"]])
    summary = {"status": "infeasible", "scenario": {"county": {"code": "341126"}}}
    with pytest.raises(F.FormatError, match=r"summary.json written with undeclared keys "
                                            r"\['mood'\]"):
        write_summary(tmp_path, summary | {"mood": "fine"})
    with pytest.raises(F.FormatError, match=r"another type"):
        write_summary(tmp_path, summary | {"gap": "none"})
    write_summary(tmp_path, summary)
    written = json.loads((tmp_path / F.SUMMARY.name).read_text(encoding="utf-8"))
    assert written["files"] == [F.MARGINAL.name, F.SUMMARY.name]


def _spelled(tree: ast.AST) -> list[tuple[int, str]]:
    """String constants, docstrings left out, that are a run file's name."""
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and n.body and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, ast.Constant)}
    # scenario.yaml and figures also name other things (init's default file, a command)
    names = {f.name for f in F.FILES if not f.pattern and f not in (F.SCENARIO, F.FIGURES)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
            and n.value in names]


def test_no_module_but_the_declaration_spells_a_run_file_name():
    root = Path(landplan.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "runformat.py":
            continue
        found += [f"{path.relative_to(root)}:{line}: {name}"
                  for line, name in _spelled(ast.parse(path.read_text(encoding="utf-8")))]
    assert found == []


def test_an_infeasible_run_is_read_as_infeasible_not_as_damaged(tmp_path):
    """Its summary.json has no objective parts (null): the declaration allows it, so `map` and
    the others say there is no allocation instead of calling the folder damaged."""
    from landplan.errors import InfeasibleError, RunFolderError
    from landplan.outputs.view import RunView
    from tests.conftest import A, B, proj
    from tests.test_cli import tiny

    s = tiny(tmp_path, projects=[proj("P1", B, 90, 1, priority=True),
                                 proj("P2", A, 80, 1, priority=True)], linkage=[])
    folder = tmp_path / "inf"
    with pytest.raises(InfeasibleError):
        run(s, out=folder)
    assert F.held(folder) == [F.SUMMARY.name] and F.undeclared(folder) == []
    summary = read_file(folder, F.SUMMARY.name)
    assert summary["objective_parts"] is None and summary["files"] == [F.SUMMARY.name]
    with pytest.raises(RunFolderError, match="holds a run with status `infeasible`: there is no "
                                             "allocation to draw"):
        RunView.from_folder(folder)
