"""allocation.xlsx cells: each value keeps its type, and text is never read as a formula."""

from __future__ import annotations

import io

import numpy as np
import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from landplan.outputs.tables import _write_sheet


def test_cells_keep_their_types_and_text_stays_text():
    df = pd.DataFrame({"名称": ["=1+1", "http://x.cn", "", None], "面积": [1.5, np.nan, 3, 0],
                       "必保": [True, False, np.bool_(True), False],
                       "数量": pd.array([1, 2, 3, 4], dtype="int64")})
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    _write_sheet(book.add_worksheet("s"), df, book.add_format({"bold": True}))
    book.close()
    ws = openpyxl.load_workbook(io.BytesIO(buf.getvalue())).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == ["名称", "面积", "必保", "数量"]
    assert rows[1] == ["=1+1", 1.5, True, 1]
    assert ws["A2"].data_type == "s"  # not a formula
    assert rows[2] == ["http://x.cn", None, False, 2]
    assert rows[3] == [None, 3, True, 3]
    assert rows[4] == [None, 0, False, 4]
    assert ws.freeze_panes == "A2"


def test_sheets_hold_the_csv_values(run_folder):
    sheet = pd.read_excel(run_folder / "allocation.xlsx", sheet_name="乡镇汇总")
    csv = pd.read_csv(run_folder / "towns.csv")
    assert len(sheet) == len(csv)
    for a, b in zip(sheet.select_dtypes("number").T.values,
                    csv.select_dtypes("number").T.values, strict=True):
        assert np.allclose(a, b, equal_nan=True)


def test_summary_objective_full_precision_and_empty_rows_not_binding(tmp_path):
    """Σ value × land = 10 × 0.123456 + 0 is 1.23456: summary.json keeps it whole (the
    tables' 4 decimals would say 1.2346). P2 gets nothing: its own rows read 0 ≤ 0 and
    0 ≥ 0, which hold nothing back, so constraints.csv does not call them binding."""
    import json

    import yaml

    from landplan.run import run
    from tests.conftest import A, B, base, proj

    d = base(quota={"new_construction": 10},
             projects=[proj("P1", A, 10, 0.123456), proj("P2", B, 5, 0.1, min_share=1)])
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    run(path, out=tmp_path / "run", maps=False, jobs=1)
    summary = json.loads((tmp_path / "run" / "summary.json").read_text(encoding="utf-8"))
    assert summary["objective"] == pytest.approx(1.23456, abs=1e-12)
    assert summary["objective_parts"]["value"] == 1.2346  # the tables' precision
    cons = pd.read_csv(tmp_path / "run" / "constraints.csv").set_index("name")
    assert (cons.at["project_area__P2", "use"], cons.at["project_area__P2", "limit"]) == (0, 0)
    assert not cons.at["project_area__P2", "binding"]
    assert not cons.at["min_share__P2", "binding"]
    assert cons.at["county_quota", "binding"] and cons.at["project_area__P1", "binding"]


def test_a_county_rule_whose_terms_cancel_at_0_stays_binding():
    """industry ≤ 0.4 × all reads 0 ≤ 0 at its limit, with land on both sides: binding, and
    the reason of the industrial project it cuts names it; the linkage rows of a county with
    no linkage (nothing on them) are neither binding nor named."""
    from tests.conftest import solve_dict
    from tests.model.test_policy_rules import cap_case

    sol = solve_dict(cap_case(), "highs")
    cons = sol.constraints.set_index("name")
    assert (cons.at["industry_cap", "use"], cons.at["industry_cap", "limit"]) == (0, 0)
    assert cons.at["industry_cap", "binding"]
    assert (cons.at["linkage_land", "use"], cons.at["linkage_land", "limit"]) == (0, 0)
    assert not cons.at["linkage_land", "binding"]
    reason = sol.allocation_in("en").set_index("project_id").at["P1", "reason"]
    assert "county rule industry_cap at its limit" in reason and "linkage" not in reason
