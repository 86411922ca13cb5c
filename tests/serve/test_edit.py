"""Saving from the workbench: only the values edited change in the file, comments and the
rest of the text stay byte for byte, and what is written parses to the edited scenario."""

from __future__ import annotations

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
