"""`landplan init`, `import-projects` and `export-projects` as a planner types them, from
folder to first allocation and back into the bureau's workbook."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from tests.ingest import cli_proposal
from tests.ingest.bureau import DEMO, WORKBOOK, demo_data, fill_in_quota

runner = CliRunner()


def flat(text: str) -> str:
    return "".join(text.split())  # rich wraps long lines


@pytest.fixture
def work(bureau_folder, tmp_path):
    return tmp_path


def test_folder_to_allocation_and_back(bureau_folder, work):
    app = cli_proposal.app()
    scenario = work / "scenario.yaml"
    r = runner.invoke(app, ["init", str(bureau_folder), "--out", str(scenario), "--year", "2026"])
    assert r.exit_code == 0, r.output
    assert flat(f"wrote {scenario}") in flat(r.output)
    assert flat("to decide: quota.new_construction") in flat(r.output)

    r = runner.invoke(app, ["validate", str(scenario)])
    assert r.exit_code == 2
    assert flat("record quota, field `new_construction`: is empty — fill in the value (marked "
                "TO DO)") in flat(r.output)  # fmt: skip

    r = runner.invoke(
        app, ["import-projects", str(bureau_folder / WORKBOOK), "--into", str(scenario)]
    )
    assert r.exit_code == 0, r.output
    assert flat("projects: 100 imported") in flat(r.output)
    assert flat("not imported: sheet 项目清单, row 104, column D (所在乡镇): '大苗镇' matches no "
                "town; closest: 大庙镇") in flat(r.output)  # fmt: skip

    fill_in_quota(scenario, demo_data())
    r = runner.invoke(app, ["validate", str(scenario)])
    assert r.exit_code == 0, r.output

    run = work / "run"
    r = runner.invoke(app, ["run", str(scenario), "--out", str(run), "--no-why-not", "-q"])
    assert r.exit_code == 0, r.output

    sheet = work / WORKBOOK
    shutil.copyfile(bureau_folder / WORKBOOK, sheet)
    r = runner.invoke(app, ["export-projects", str(sheet), "--run", str(run)])
    assert r.exit_code == 0, r.output
    assert flat("sheet 项目清单: 100 rows filled in") in flat(r.output)
    assert (work / "2026年建设项目用地需求_安排结果.xlsx").is_file()


def test_import_with_a_missing_column_exits_2_and_keeps_the_scenario(bureau_folder, work):
    from openpyxl import load_workbook

    app = cli_proposal.app()
    scenario = work / "scenario.yaml"
    assert runner.invoke(app, ["init", str(bureau_folder), "--out", str(scenario)]).exit_code == 0
    before = scenario.read_bytes()
    wb = load_workbook(bureau_folder / WORKBOOK)
    ws = wb["项目清单"]
    ws.delete_cols(6)  # 用地面积（亩）
    broken = work / "broken.xlsx"
    wb.save(broken)
    r = runner.invoke(app, ["import-projects", str(broken), "--into", str(scenario)])
    assert r.exit_code == 2
    assert flat("has no column for 用地面积 (`area`), which a 项目清单 projects list needs") in \
        flat(r.output)  # fmt: skip
    assert "Traceback" not in r.output
    assert scenario.read_bytes() == before


def test_export_of_a_folder_that_is_not_a_run(bureau_folder, work):
    r = runner.invoke(cli_proposal.app(), ["export-projects", str(bureau_folder / WORKBOOK),
                                           "--run", str(work)])  # fmt: skip
    assert r.exit_code == 6
    assert flat("is not a run folder (no summary.json)") in flat(r.output)


def test_a_bad_to_postgis_address_is_an_output_problem(tmp_path):
    r = runner.invoke(cli_proposal.app(), ["run", str(DEMO), "--out", str(tmp_path / "never"),
                                           "--to-postgis", "mysql://planner@10.1.2.3/gtkj"])  # fmt: skip
    assert r.exit_code == 9, r.output
    assert flat("mysql://planner@10.1.2.3/gtkj, field `--to-postgis`: `mysql://` is not a "
                "PostgreSQL address — write it as postgresql://user@host:5432/database") \
        in flat(r.output)  # fmt: skip
    assert "layers." not in r.output and not (tmp_path / "never").exists()
