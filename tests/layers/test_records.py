"""Linkage parcels and reclamation sites: matched to the scenario by id, located in their town."""

from __future__ import annotations

from pathlib import Path

from landplan.layers import check_sites
from tests.layers.builders import TOWN_A, TOWN_B, make_scenario, rect, towns_layer, write_layer


def linkage(pid: str, town: str = TOWN_A) -> dict:
    return {"id": pid, "town": town, "reclaim": 3, "farmland_gain": 2}


def reclamation(pid: str, town: str = TOWN_A) -> dict:
    return {"id": pid, "town": town, "quantity": 5}


def run(folder: Path, layers: dict[str, str], **records: list[dict]):  # noqa: ANN201
    towns_layer(folder)
    return check_sites(make_scenario(folder, [], {"towns": "towns.gpkg", **layers}, **records))


def test_linkage_parcels_share_an_id_and_unknown_ids_are_noted(folder: Path) -> None:
    write_layer(
        folder / "cj.gpkg",
        [rect(0, 0, 10, 10), rect(20, 0, 30, 10), rect(40, 0, 50, 10)],
        id=["K1", "K1", "K9"],
    )
    checks = run(folder, {"linkage_parcels": "cj.gpkg"}, linkage=[linkage("K1"), linkage("K2")])
    notes = [str(n) for n in checks.notes]
    assert any(
        "1 linkage projects in the layer are not in the scenario and were ignored: K9" in n
        for n in notes
    )
    assert checks.unchecked == [
        "linkage projects without parcels in the linkage parcels (增减挂钩拆旧地块) layer: K2"
    ]
    assert len(checks.layers["linkage_parcels"]) == 3


def test_linkage_parcels_mostly_outside_their_town(folder: Path) -> None:
    # K1 belongs to town A but 3 of its 4 units of land lie in town B
    write_layer(
        folder / "cj.gpkg",
        [rect(990, 0, 1000, 10), rect(1000, 0, 1030, 10), rect(0, 0, 10, 10)],
        id=["K1", "K1", "K2"],
    )
    checks = run(folder, {"linkage_parcels": "cj.gpkg"}, linkage=[linkage("K1"), linkage("K2")])
    notes = [str(n) for n in checks.notes]
    assert any(
        n.endswith(f"record linkage K1: 75% of its land lies outside its town {TOWN_A}")
        for n in notes
    )
    assert not any("K2" in n for n in notes)


def test_reclamation_sites_outside_their_town(folder: Path) -> None:
    write_layer(folder / "bc.gpkg", [rect(1100, 0, 1200, 100)], id=["R1"])
    checks = run(folder, {"reclamation_sites": "bc.gpkg"}, reclamation=[reclamation("R1")])
    assert any(
        str(n).endswith(f"record reclamation R1: 100% of its land lies outside its town {TOWN_A}")
        for n in checks.notes
    )
    assert checks.unchecked == []


def test_records_without_a_layer_are_unchecked(folder: Path) -> None:
    checks = run(folder, {}, linkage=[linkage("K1")], reclamation=[reclamation("R1", TOWN_B)])
    assert checks.unchecked == [
        "linkage parcels (增减挂钩拆旧地块): layer not given — linkage projects not located or checked",
        "reclamation sites (补充耕地项目): layer not given — reclamation projects not located or checked",
    ]
