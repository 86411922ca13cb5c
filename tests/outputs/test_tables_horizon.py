"""A rolling plan's run folder (#14): allocation.csv's `year`, towns_by_year.csv,
linkage_ledger.csv, urbanisation.csv and each year's rows in summary.json; a one-year run has
none of them."""

import csv
import json

import yaml
from openpyxl import load_workbook

from landplan.outputs.runread import read_run
from landplan.run import run
from tests.conftest import A, B, base, proj


def write(tmp_path, d: dict):
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    return path


def rows(path) -> list[dict]:
    with open(path, encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def rolling() -> dict:
    d = base(horizon={"from": 2026, "to": 2027},
             quota={"new_construction": {2026: 40, 2027: 40}}, policy={"discount": 0.1},
             urbanisation={"mode": "cap"},
             linkage=[{"id": "L1", "town": B, "reclaim": 10, "farmland_gain": 10,
                       "ready": 2027}],
             projects=[proj("P1", A, 40, 3.0, min_share=1),
                       proj("P2", B, 40, 2.0, min_share=1),
                       proj("H1", A, 20, 1.0, category="residential", earliest=2027)])
    d["towns"][0] |= {"urban_population": {2025: 10000}, "urban_construction_land": 1200,
                      "settled_migrants": {2026: 100, 2027: 100}}
    return d


def test_a_rolling_plan_writes_its_tables(tmp_path):
    out = tmp_path / "run"
    run(write(tmp_path, rolling()), out=out, solver="highs", maps=False, whynot=False,
        marginal=False)
    alloc = {r["project_id"]: r for r in rows(out / "allocation.csv")}
    assert list(rows(out / "allocation.csv")[0])[:5] == ["project_id", "name", "town",
                                                         "town_name", "year"]
    # P1 first; P2 waits for 2027 and uses the 10 mu of L1's credits, returned in 2027
    assert (alloc["P1"]["year"], alloc["P2"]["year"]) == ("2026", "2027")
    assert alloc["H1"]["year"] == "2027" and alloc["H1"]["allocated"] == "10.0"
    ledger = rows(out / "linkage_ledger.csv")
    assert [(r["year"], r["used"], r["borrowed"], r["returned"], r["outstanding"])
            for r in ledger] == [("2026", "0.0", "0.0", "0.0", "0.0"),
                                 ("2027", "10.0", "0.0", "0.0", "0.0")]
    towns = {(r["code"], r["year"]): r for r in rows(out / "towns_by_year.csv")}
    assert towns[(A, "2027")]["housing_livelihood"] == "10.0"
    assert towns[(A, "2027")]["migrant_land"] == "15.0"  # 100 × 100 m²
    assert rows(out / "urbanisation.csv")[0]["m2_per_resident_before"] == "80.0"
    read = read_run(out)  # every file as the run format declares it
    assert {"towns_by_year.csv", "linkage_ledger.csv", "urbanisation.csv"} <= set(read)
    assert read["allocation.csv"]["year"].tolist()[:2] == ["2026", "2027"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["years"]["2026"]["year_quota"] == {
        "use": 40.0, "limit": 40.0, "slack": 0.0, "binding": True, "unit": "area"}
    # `quota` as a one-year reader knows it (the first year's); every year's beside it
    assert summary["quota"] == {"new_construction": 40.0, "farmland_conversion": None,
                                "pilot_reserve": 0.0}
    assert summary["quota_by_year"]["new_construction"] == {"2026": 40.0, "2027": 40.0}
    assert {"towns_by_year.csv", "linkage_ledger.csv", "urbanisation.csv"} <= set(
        summary["files"])
    # the spreadsheet a planner pastes from has the same tables, headed in Chinese
    book = load_workbook(out / "allocation.xlsx", read_only=True)
    assert book.sheetnames[-3:] == ["分年度乡镇", "挂钩周转台账", "人地挂钩"]
    ledger_sheet = list(book["挂钩周转台账"].values)
    assert ledger_sheet[0] == ("年度", "使用挂钩指标", "其中：借用周转指标", "归还周转指标",
                               "年末未归还", "累计已验收节余指标")
    assert [(y, used) for y, used, *_ in ledger_sheet[1:]] == [(2026, 0), (2027, 10)]
    by_year = list(book["分年度乡镇"].values)
    assert by_year[0][:4] == ("乡镇代码", "乡镇名称", "年度", "当年供地项目数")
    assert len(by_year) - 1 == len(towns)
    urban = list(book["人地挂钩"].values)
    assert "人均城镇建设用地：基期（m²）" in urban[0] and urban[1][0] == A


def test_a_one_year_run_has_no_year_tables(tmp_path):
    out = tmp_path / "run"
    run(write(tmp_path, base(projects=[proj("P1", A, 40, 3.0)])), out=out, solver="highs",
        maps=False, whynot=False, marginal=False)
    assert "year" not in rows(out / "allocation.csv")[0]
    assert not (out / "towns_by_year.csv").exists()
    assert load_workbook(out / "allocation.xlsx", read_only=True).sheetnames == [
        "项目安排", "乡镇汇总", "增减挂钩", "土地整理", "约束使用"]
    assert "years" not in json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_compare_sets_a_rolling_run_beside_a_one_year_run(tmp_path):
    from landplan.outputs.compare import compare_runs

    one = base(quota={"new_construction": 40},
               projects=[proj("P1", A, 40, 3.0, min_share=1),
                         proj("P2", B, 40, 2.0, min_share=1)])
    folders = []
    for name, d in (("one", one), ("three", rolling())):
        folders.append(tmp_path / name)
        run(write(tmp_path, d), out=folders[-1], solver="highs", maps=False, whynot=False,
            marginal=False)
    table = rows(compare_runs(folders, out=tmp_path / "cmp", lang="en") / "compare.csv")
    level = {(r["level"], r["code"]): r for r in table}
    # the county row is the whole horizon (40 + 40 + 10), then each year: the one-year run
    # has all its land in its scenario's year and none planned for 2027
    assert level[("county", "341126")]["allocated_three"] == "90.0"
    assert (level[("year", "2026")]["allocated_one"], level[("year", "2026")]["allocated_three"],
            level[("year", "2027")]["allocated_one"], level[("year", "2027")]["allocated_three"]
            ) == ("40.0", "40.0", "", "50.0")
    # P2 gets its land a year later in the rolling run: a change, with both years
    p2 = level[("project", "P2")]
    assert (p2["year_one"], p2["year_three"], p2["status_one"], p2["status_three"]) == (
        "", "2027", "unfunded", "funded")
    assert ("project", "P1") not in level  # the same land in the same year


def test_compare_of_one_year_runs_has_no_year_rows(tmp_path):
    from landplan.outputs.compare import compare_runs

    d = base(quota={"new_construction": 40}, projects=[proj("P1", A, 40, 3.0)])
    folders = [tmp_path / "a", tmp_path / "b"]
    for f in folders:
        run(write(tmp_path, d), out=f, solver="highs", maps=False, whynot=False,
            marginal=False)
    table = rows(compare_runs(folders, out=tmp_path / "cmp", lang="en") / "compare.csv")
    assert {r["level"] for r in table} == {"town", "county"}
    assert not any(c.startswith("year_") for c in table[0])
