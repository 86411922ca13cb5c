"""landplan compare: runs side by side — the table's figures are the runs' own, only changed
projects are listed, the chart and the offline map are written, other counties are refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml

from landplan.errors import RunFolderError
from landplan.outputs.compare import CHANGE_COLORS, CompareError, change_class, compare_runs
from landplan.run import run
from tests.conftest import A, B, base, proj
from tests.outputs.county import make_county
from tests.outputs.test_report import tiny_dict, write_scenario


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(
        path,
        dtype={"code": str, "project_id": str, "town": str},
        keep_default_na=False,
        na_values=[""],
    )


@pytest.fixture(scope="module")
def tiny_runs(tmp_path_factory) -> tuple[Path, Path, Path]:
    """The same county three ways: as given, with twice the reclamation budget, and with
    less quota; the three allocations differ."""
    root = tmp_path_factory.mktemp("tiny")
    out = []
    for name, over in (
        ("base", {}),
        ("budget", {"reclamation_budget": 2_000_000}),
        ("less", {"quota": {"new_construction": 60, "pilot_reserve": 30}}),
    ):
        folder = root / name
        run(write_scenario(root, tiny_dict(name=name, **over), f"{name}.yaml"), out=folder)
        out.append(folder)
    return tuple(out)


@pytest.fixture(scope="module")
def compared(tiny_runs, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cmp") / "cmp"
    assert compare_runs(list(tiny_runs), out=out) == out
    return out


def test_town_rows_hold_each_runs_land_and_the_change(tiny_runs, compared):
    table = _csv(compared / "compare.csv")
    towns = table[table["level"] == "town"].set_index("code")
    labels = [f.name for f in tiny_runs]
    for label, folder in zip(labels, tiny_runs, strict=True):
        own = _csv(folder / "towns.csv").set_index("code")
        assert towns[f"allocated_{label}"].to_dict() == pytest.approx(own["allocated"].to_dict())
    for label in labels[1:]:
        assert (
            towns[f"change_{label}"]
            == (towns[f"allocated_{label}"] - towns["allocated_base"]).round(4)
        ).all()
    county = table[table["level"] == "county"].iloc[0]
    for label, folder in zip(labels, tiny_runs, strict=True):
        alloc = _csv(folder / "allocation.csv")
        assert county[f"allocated_{label}"] == pytest.approx(alloc["allocated"].sum())
        assert towns[f"allocated_{label}"].sum() == pytest.approx(alloc["allocated"].sum())
    assert (table["unit"] == "mu").all()


def test_only_projects_that_changed_are_listed(tiny_runs, compared):
    table = _csv(compared / "compare.csv")
    listed = table[table["level"] == "project"].set_index("code")
    allocs = [_csv(f / "allocation.csv").set_index("project_id") for f in tiny_runs]
    changed = {
        p
        for p in allocs[0].index
        if any(
            abs(a.at[p, "allocated"] - allocs[0].at[p, "allocated"]) > 1e-6
            or a.at[p, "status"] != allocs[0].at[p, "status"]
            for a in allocs[1:]
        )
    }
    assert changed and set(listed.index) == changed
    assert len(changed) < len(allocs[0])  # P3, the priority project, is funded in every run
    for label, a in zip([f.name for f in tiny_runs], allocs, strict=True):
        for p in changed:
            assert listed.at[p, f"allocated_{label}"] == pytest.approx(a.at[p, "allocated"])
            assert listed.at[p, f"status_{label}"] == a.at[p, "status"]


def test_spreadsheet_has_chinese_headings(tiny_runs, compared):
    wb = openpyxl.load_workbook(compared / "compare.xlsx")
    assert wb.sheetnames == ["乡镇对比", "项目变化", "方案"]
    heads = [c.value for c in wb["乡镇对比"][1]]
    assert "安排面积（base，亩）" in heads and "变化（less − base，亩）" in heads
    assert [c.value for c in wb["乡镇对比"]["B"]][1:3] == [A, B]
    heads = [c.value for c in wb["项目变化"][1]]
    assert "保障情况（budget）" in heads
    letter = openpyxl.utils.get_column_letter(heads.index("保障情况（less）") + 1)
    statuses = {c.value for c in wb["项目变化"][letter]}
    assert statuses & {"足额保障", "部分保障", "未获指标"}
    runs = list(wb["方案"].values)
    assert runs[0][:3] == ("方案", "运行目录", "情景")
    assert [r[2] for r in runs[1:]] == ["base", "budget", "less"]


def test_chart_is_a_png(compared):
    from PIL import Image

    with Image.open(compared / "compare.png") as im:
        assert im.format == "PNG" and im.width > 800


def test_folder_is_new_and_never_overwritten(tiny_runs, tmp_path):
    runs = tmp_path / "runs"
    first = compare_runs(list(tiny_runs[:2]), runs_dir=runs)
    second = compare_runs(list(tiny_runs[:2]), runs_dir=runs)
    assert first != second and first.parent == runs and first.name.startswith("compare-")
    assert sorted(p.name for p in first.iterdir()) == [
        "compare.csv",
        "compare.html",
        "compare.png",
        "compare.xlsx",
    ]
    with pytest.raises(RunFolderError, match="is not empty"):
        compare_runs(list(tiny_runs[:2]), out=first)
    assert not [p for p in runs.iterdir() if p.name.startswith(".")]


def test_runs_of_other_counties_are_refused(tiny_runs, tmp_path):
    other = tiny_dict(
        county={"code": "340100", "name": "别的县"},
        towns=[{"code": "340100101", "name": "甲镇"}],
        projects=[proj("Q1", "340100101", 10, 1)],
        linkage=[],
        reclamation=[],
        quota={"new_construction": 10},
    )
    folder = tmp_path / "other"
    run(write_scenario(tmp_path, other, "other.yaml"), out=folder)
    with pytest.raises(
        CompareError,
        match=r"different counties .*测试县 \(341126\).*别的县 "
        r"\(340100\)",
    ) as exc:
        compare_runs([tiny_runs[0], folder], out=tmp_path / "cmp")
    assert exc.value.exit_code == 8
    assert not (tmp_path / "cmp").exists()


@pytest.mark.parametrize(
    "given, message",
    [
        (1, "at least two run folders"),
        (2, "is given twice"),
    ],
)
def test_two_different_runs_are_needed(tiny_runs, tmp_path, given, message):
    folders = [tiny_runs[0]] * given
    with pytest.raises(CompareError, match=message):
        compare_runs(folders, out=tmp_path / "cmp")


def test_not_a_run_folder(tiny_runs, tmp_path):
    with pytest.raises(RunFolderError, match="is not a run folder"):
        compare_runs([tiny_runs[0], tmp_path], out=tmp_path / "cmp")


def test_runs_in_hectares_and_mu_compare_in_mu(tmp_path):
    mu = base(quota={"new_construction": 90}, projects=[proj("P1", A, 60, 2), proj("P2", B, 45, 1)])
    ha = base(
        units="ha",
        quota={"new_construction": 6},
        projects=[proj("P1", A, 4, 2), proj("P2", B, 3, 1)],
    )
    folders = []
    for name, d in (("mu", mu), ("ha", ha)):
        folders.append(tmp_path / name)
        run(write_scenario(tmp_path, d, f"{name}.yaml"), out=folders[-1])
    out = compare_runs(folders, out=tmp_path / "cmp")
    table = _csv(out / "compare.csv")
    assert (table["unit"] == "mu").all()
    county = table[table["level"] == "county"].iloc[0]
    assert county["allocated_mu"] == pytest.approx(90) and county["allocated_ha"] == 90
    assert (table["level"] != "project").all()  # the same allocation in other units


@pytest.mark.parametrize(
    "change, cls", [(0.5, "gained"), (-0.5, "lost"), (0.0, "unchanged"), (1e-9, "unchanged")]
)
def test_change_class(change, cls):
    assert change_class(change) == cls


# --- the map ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def county_compared(tmp_path_factory) -> tuple[Path, Path]:
    """The hand-drawn county (with layers) at 100 mu of quota and at 140."""
    root = tmp_path_factory.mktemp("county")
    scenario = make_county(root / "data")
    more = yaml.safe_load(scenario.read_text(encoding="utf-8"))
    more["name"] = "more-quota"
    more["quota"]["new_construction"] = 140
    more_path = scenario.with_name("more.yaml")
    more_path.write_text(
        yaml.safe_dump(more, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    folders = [root / "base", root / "more"]
    run(scenario, out=folders[0])
    run(more_path, out=folders[1])
    out = compare_runs(folders, out=root / "cmp")
    return out, root


def test_map_colours_sites_by_change_and_works_offline(county_compared):
    out, root = county_compared
    text = (out / "compare.html").read_text(encoding="utf-8")
    # nothing is loaded from the network: Leaflet is inlined, there is no basemap
    assert not re.search(r"<script[^>]*\bsrc=|<link[^>]*\bhref=", text)
    assert not re.search(r"""(?:\bsrc\s*=\s*["']?|url\(\s*["']?)(https?:)?//""", text)
    assert "L.geoJSON" in text and "<title>凤阳县（测试） 方案对比：项目用地变化</title>" in text
    assert "⚠ 本例数据为合成示例数据" in text
    assert json.dumps("more 相对 base 的变化") in text  # the layer, as folium writes its name
    table = _csv(out / "compare.csv")
    projects = table[table["level"] == "project"]
    gained = projects[projects["change_more"] > 0]
    assert len(gained)  # more quota funds more land
    assert CHANGE_COLORS["gained"] in text and CHANGE_COLORS["unchanged"] in text
    # every drawn site (six have one) is there twice (outline and dot), plus three towns
    assert text.count('"type":"Feature"') == 6 * 2 + 3
    assert "<script>alert" not in text  # names from the scenario are escaped
    assert "1 个项目无用地红线，未上图" in text
    # each town's name carries its change in land; the legend counts the sites per class
    towns = table[table["level"] == "town"]
    moved = towns[towns["change_more"].abs() > 1e-6]
    assert len(moved)
    for d in moved["change_more"]:
        assert f"{d:+,.1f} 亩".replace("-", "−") in text
    drawn = projects[projects["code"].isin(["P1", "P2", "P3", "P4", "P5", "P6"])]
    assert f"增加（{int((drawn['change_more'] > 1e-6).sum())}）" in text


def test_english_headings(tiny_runs, tmp_path):
    out = compare_runs(list(tiny_runs[:2]), out=tmp_path / "cmp", lang="en")
    wb = openpyxl.load_workbook(out / "compare.xlsx")
    assert wb.sheetnames == ["Towns", "Projects changed", "Runs"]
    assert "Allocated (base, mu)" in [c.value for c in wb["Towns"][1]]


# --- what changed most ------------------------------------------------------------------


def _views(*allocations: list[tuple[str, float, str]]):
    """Stand-ins for run views: only the allocation table and the unit are read."""
    from types import SimpleNamespace

    return [
        SimpleNamespace(
            allocation=pd.DataFrame(
                [
                    {
                        "project_id": p,
                        "name": f"项目{p}",
                        "town": "1",
                        "town_name": "甲镇",
                        "allocated": a,
                        "status": s,
                    }
                    for p, a, s in rows
                ]
            ),
            summary={"scenario": {"units": "mu"}},
        )
        for rows in allocations
    ]


def test_a_status_change_alone_lists_the_project():
    from landplan.outputs.compare import project_table

    views = _views(
        [("P1", 0.0, "unfunded"), ("P2", 10.0, "funded"), ("P3", 5.0, "funded")],
        [("P1", 0.0, "ineligible"), ("P2", 10.0, "funded"), ("P3", 2.5, "partial")],
    )
    table = project_table(views, ["a", "b"], "mu").set_index("code")
    assert table["changed"].to_dict() == {"P1": True, "P2": False, "P3": True}
    assert table.at["P1", "change_b"] == 0.0 and table.at["P3", "change_b"] == -2.5


def test_top_projects_are_the_largest_changes_gained_or_lost():
    from landplan.outputs.compare import project_table, top_projects

    views = _views(
        [
            ("P1", 10.0, "funded"),
            ("P2", 0.0, "unfunded"),
            ("P3", 8.0, "funded"),
            ("P4", 4.0, "funded"),
            ("P5", 0.0, "unfunded"),
        ],
        [
            ("P1", 7.0, "partial"),
            ("P2", 12.0, "funded"),
            ("P3", 8.0, "funded"),
            ("P4", 0.0, "unfunded"),
            ("P5", 0.0, "ineligible"),
        ],
        [
            ("P1", 10.0, "funded"),
            ("P2", 1.0, "partial"),
            ("P3", 8.0, "funded"),
            ("P4", 4.0, "funded"),
            ("P5", 0.0, "unfunded"),
        ],
    )
    every = project_table(views, ["a", "b", "c"], "mu")
    changed = every[every["changed"]].drop(columns="changed")
    top = top_projects(changed, ["a", "b", "c"])
    # largest |change| in any later run: P2 +12 (b), P4 −4 (b), P1 −3 (b), then P5 (status only)
    assert top["code"].tolist() == ["P2", "P4", "P1", "P5"]
    assert top["change_b"].tolist() == [12.0, -4.0, -3.0, 0.0]
    assert top["change_c"].tolist() == [1.0, 0.0, 0.0, 0.0]
    assert top_projects(changed, ["a", "b", "c"], n=2)["code"].tolist() == ["P2", "P4"]


def test_chart_projects_panel_holds_the_largest_changes(tiny_runs, compared):
    from landplan.outputs.compare import top_projects

    table = _csv(compared / "compare.csv")
    projects = table[table["level"] == "project"]
    labels = [f.name for f in tiny_runs]
    top = top_projects(projects, labels)
    size = projects[[f"change_{x}" for x in labels[1:]]].abs().max(axis=1)
    assert len(top) == min(15, len(projects))
    assert top.iloc[0]["code"] == projects.loc[size.idxmax(), "code"]
    assert (
        list(top[[f"change_{x}" for x in labels[1:]]].abs().max(axis=1))
        == sorted(size, reverse=True)[: len(top)]
    )


def test_map_has_the_north_arrow_and_a_metric_scale_bar(county_compared):
    out, _ = county_compared
    text = (out / "compare.html").read_text(encoding="utf-8")
    assert "L.control.scale({imperial: false, maxWidth: 160})" in text
    assert "L.control.scale({imperial: true" not in text and '"imperial": true' not in text
    assert 'landplan.north(' in text and "指北针（图面上方为正北）" in text


def test_chart_names_the_county_year_and_scenarios(county_compared):
    from landplan.outputs.compare import _chart_heading
    from landplan.outputs.view import RunView

    _, root = county_compared
    views = [RunView.from_folder(root / "base"), RunView.from_folder(root / "more")]
    county = views[0].summary["scenario"]["county"]["name"]
    heading = _chart_heading(views, county, "zh")
    assert heading.startswith(f"{county} 2026年 方案对比")
    assert heading.endswith(f"方案：{views[0].summary['scenario']['name']} / more-quota")
