"""Saving from the workbench: only the values edited change in the file, comments and the
rest of the text stay byte for byte, and what is written parses to the edited scenario."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from landplan.serve import edit

TEXT = """\
# Quota for the year (from the city's document).
quota:
  new_construction: 1329   # 2026年下达
  pilot_reserve: 332

# a long description, wrapped by hand
description: 'first part of the text, long enough that a YAML writer would wrap it at another
  place than the planner did'
towns:
- code: '341126101'
  name: 府城镇
  max: 399
  farmland_credits: {quantity: 9.5, paddy: 4.8}
- code: '341126102'
  name: 临淮关镇
projects:
- id: P001
  name: 养老服务中心
  town: '341126101'
  area: 24.3
  jobs: 14

# linkage follows
linkage: []
"""


def edited(*edits: tuple[list, str]) -> str:
    data = yaml.safe_load(TEXT)
    pairs = edit.parse_edits([{"path": p, "value": v} for p, v in edits])
    out = edit.edited_text(TEXT, data, pairs)
    assert yaml.safe_load(out) == edit.apply(data, pairs)
    return out


def changed(new: str) -> list[str]:
    return [x for x in edit.diff(TEXT, new, "s.yaml").splitlines()
            if x[:1] in "+-" and not x.startswith(("+++", "---"))]


def test_a_value_changes_in_place_with_its_comment():
    out = edited((["quota", "new_construction"], "1400"))
    assert changed(out) == ["-  new_construction: 1329   # 2026年下达",
                            "+  new_construction: 1400   # 2026年下达"]


def test_a_field_removed_and_one_added_keep_the_comments_around_them():
    out = edited((["projects", 0, "jobs"], ""), (["projects", 0, "tax"], "12.5"),
                 (["towns", 1, "max"], "199"))
    assert changed(out) == ["+  max: 199", "-  jobs: 14", "+  tax: 12.5"]
    assert "# linkage follows" in out and "wrap it at another\n  place" in out


def test_text_fields_stay_text_and_codes_keep_their_zeros():
    out = edited((["projects", 0, "town"], "341126102"), (["projects", 0, "name"], "0123"))
    data = yaml.safe_load(out)
    assert data["projects"][0]["town"] == "341126102" and data["projects"][0]["name"] == "0123"


def test_a_value_in_braces_or_a_new_mapping_goes_through_the_round_trip():
    out = edited((["towns", 0, "farmland_credits", "quantity"], "7"),
                 (["towns", 1, "farmland_credits", "paddy"], "2"))
    data = yaml.safe_load(out)
    assert data["towns"][0]["farmland_credits"] == {"quantity": 7, "paddy": 4.8}
    assert data["towns"][1]["farmland_credits"] == {"paddy": 2}
    assert "# Quota for the year (from the city's document)." in out
    assert "# a long description, wrapped by hand" in out
    assert "wrap it at another\n  place" in out  # the planner's wrapping, not ruamel's


def test_hostile_text_is_written_as_text():
    out = edited((["projects", 0, "name"], "x: [1, {a: 2}]\n# not a comment"))
    assert yaml.safe_load(out)["projects"][0]["name"] == "x: [1, {a: 2}]\n# not a comment"


@pytest.mark.parametrize("path", [["nope", "x"], ["projects", 9, "area"], ["projects", "0"],
                                  ["quota", 3]])
def test_an_edit_naming_no_value_is_refused(path):
    with pytest.raises(edit.EditError):
        edited((path, "1"))


def test_problems_sit_beside_their_cells():
    data = yaml.safe_load(TEXT)
    data.update(name="s", year=2026, county={"code": "341126", "name": "县"}, crs="EPSG:4527")
    data["projects"][0]["value_per_mu"] = 3
    data["projects"][0].update(farmland=0, paddy=0, category="industrial")
    pairs = edit.parse_edits([{"path": ["projects", 0, "town"], "value": "341126999"}])
    found = [edit.locate(p, edit.apply(data, pairs))
             for p in edit.problems(edit.apply(data, pairs), "s.yaml")]
    assert {"text": "s.yaml, record projects P001, field `town`: town `341126999` is not among "
                    "the scenario's towns — did you mean `341126102` or `341126101`?",
            "section": "projects", "row": 0, "column": "town"} in found
    assert {"text": "s.yaml, record quota, field `pilot_reserve`: `pilot_reserve` is 332 but no "
                    "town has `pilot: true` — mark the 扩权强镇 pilot towns with `pilot: true`, "
                    "or remove the reserve", "path": "quota.pilot_reserve"} in found


def test_saving_is_refused_when_the_file_changed(tmp_path: Path):
    f = tmp_path / "s.yaml"
    f.write_text(TEXT, encoding="utf-8")
    with pytest.raises(edit.EditError, match="changed since it was opened"):
        edit.save(f, TEXT + "\n", "0" * 64)
    assert f.read_text(encoding="utf-8") == TEXT


# --- rows added and deleted -----------------------------------------------------------------


def rows_edited(*raw: dict) -> str:
    data = yaml.safe_load(TEXT)
    pairs = edit.parse_edits(list(raw))
    out = edit.edited_text(TEXT, data, pairs)
    assert yaml.safe_load(out) == edit.apply(data, pairs)
    return out


def test_a_record_added_is_written_after_the_last_in_its_indentation():
    out = rows_edited({"path": ["projects", 1], "row": "add"},
                      {"path": ["projects", 1, "id"], "value": "P002"},
                      {"path": ["projects", 1, "name"], "value": "新厂: 二期"},
                      {"path": ["projects", 1, "town"], "value": "341126102"},
                      {"path": ["projects", 1, "area"], "value": "12.5"})
    assert changed(out) == ["+- id: P002", "+  name: '新厂: 二期'", "+  town: '341126102'",
                            "+  area: 12.5"]
    assert out.index("  jobs: 14\n- id: P002\n") < out.index("# linkage follows")
    assert yaml.safe_load(out)["projects"][1] == {"id": "P002", "name": "新厂: 二期",
                                                  "town": "341126102", "area": 12.5}


def test_a_record_deleted_takes_only_its_own_lines():
    out = rows_edited({"path": ["towns", 0], "row": "delete"},
                      {"path": ["towns", 1, "max"], "value": "120"})
    assert changed(out) == ["-- code: '341126101'", "-  name: 府城镇", "-  max: 399",
                            "-  farmland_credits: {quantity: 9.5, paddy: 4.8}", "+  max: 120"]
    assert "# Quota for the year" in out and "# linkage follows" in out


def test_the_last_record_deleted_leaves_an_empty_list_and_the_comments():
    out = rows_edited({"path": ["projects", 0], "row": "delete"})
    assert yaml.safe_load(out)["projects"] == []
    assert "projects: []\n\n# linkage follows\nlinkage: []\n" in out


def test_a_record_added_to_an_empty_list_goes_through_the_round_trip():
    out = rows_edited({"path": ["linkage", 0], "row": "add"},
                      {"path": ["linkage", 0, "id"], "value": "L01"})
    assert yaml.safe_load(out)["linkage"] == [{"id": "L01"}]
    assert "# linkage follows" in out and "# Quota for the year" in out


def test_a_record_added_and_deleted_again_writes_nothing():
    out = rows_edited({"path": ["projects", 1], "row": "add"},
                      {"path": ["projects", 1, "id"], "value": "P9"},
                      {"path": ["projects", 1], "row": "delete"})
    assert out == TEXT


@pytest.mark.parametrize(("raw", "message"), [
    ({"path": ["projects", 5], "row": "add"}, "row 6 cannot be added to `projects`, which has 1 rows"),
    ({"path": ["projects", 3], "row": "delete"}, "row 4 is not in `projects`"),
    ({"path": ["quota", 0], "row": "add"}, "a row is added to or deleted from a list"),
    ({"path": ["projects", 0], "row": "move"}, "a row edit is {path, row: 'add' or 'delete'}"),
    ({"path": ["projects", 0], "row": "add", "value": "x"}, "a row edit is {path, row"),
])
def test_a_row_edit_naming_no_row_is_refused(raw, message):
    with pytest.raises(edit.EditError, match=re.escape(message)):
        rows_edited(raw)


SCENARIO = """\
name: s  # the county's plan
year: 2026
county: {code: '341126', name: 县}
crs: EPSG:4527
quota:
  new_construction: 100
towns:
- code: '341126101'
  name: 府城镇
projects:
- id: P001
  name: 甲
  town: '341126101'
  category: industrial
  area: 10
  value_per_mu: 3
  farmland: 0
  paddy: 0
- id: P002
  name: 乙
  town: '341126101'
  category: industrial
  area: 10
  value_per_mu: 3
  farmland: 0
  paddy: 0
  requires: [P001]
"""


def test_a_new_record_missing_fields_and_a_deleted_one_still_required_are_problems(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text(SCENARIO, encoding="utf-8")
    assert edit.check(f, "s.yaml", []) == []
    gone = edit.parse_edits([{"path": ["projects", 0], "row": "delete"}])
    # P002 is the first record once P001 is gone, and still on the page's row 1 (0-based)
    assert edit.check(f, "s.yaml", gone) == [
        {"text": "s.yaml, record projects P002, field `requires`: `requires` names `P001`, "
                 "which is not a project id — use the `id` of a project listed under "
                 "`projects`", "section": "projects", "row": 1, "column": "requires"}]
    pairs = edit.parse_edits([{"path": ["projects", 0], "row": "delete"},
                              {"path": ["projects", 2], "row": "add"},
                              {"path": ["projects", 2, "id"], "value": "P003"}])
    found = edit.check(f, "s.yaml", pairs)
    assert sorted(p["column"] for p in found if p.get("row") == 2) == [
        "area", "category", "name", "town"]
    assert {"text": "s.yaml, record projects #2 (P003), field `name`: is required but missing",
            "section": "projects", "row": 2, "column": "name"} in found
    out = edit.edited_text(SCENARIO, yaml.safe_load(SCENARIO), pairs)
    assert out.startswith("name: s  # the county's plan\n") and "- id: P001" not in out
    assert out.endswith("  requires: [P001]\n- id: P003\n")


@pytest.mark.parametrize("raw", [
    [{"path": ["quota", "new_construction"], "value": "1400"}],
    [{"path": ["projects", 0, "jobs"], "value": ""}, {"path": ["towns", 1, "max"], "value": "9"}],
    [{"path": ["towns", 0], "row": "delete"}, {"path": ["projects", 1], "row": "add"},
     {"path": ["projects", 1, "id"], "value": "P2"}],
])
def test_the_diff_shown_is_the_unified_diff_difflib_writes(raw):
    import difflib

    new = rows_edited(*raw)
    want = "".join(difflib.unified_diff(TEXT.splitlines(keepends=True),
                                        new.splitlines(keepends=True),
                                        fromfile="s.yaml (now)", tofile="s.yaml (saved)"))
    assert edit.diff(TEXT, new, "s.yaml") == want
