"""Shapefile text encoding: GBK without .cpg, a wrong .cpg, a given encoding, plain UTF-8."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest

from landplan.errors import LayerError
from landplan.layers import read_layer
from tests.layers.builders import CRS, rect

NAMES = ["大庙镇石英砂加工", "刘府镇汽车拆解", "临淮关镇物流园"]


def shapefile(folder: Path, encoding: str, cpg: str | None) -> Path:
    """A shapefile whose names are written in `encoding`, with `cpg` as its .cpg (or none)."""
    path = folder / "sites.shp"
    gdf = gpd.GeoDataFrame(
        {"id": ["P1", "P2", "P3"], "name": NAMES},
        geometry=[rect(0, 0, 10, 10), rect(20, 0, 30, 10), rect(40, 0, 50, 10)],
        crs=CRS,
    )
    gdf.to_file(path, engine="pyogrio", encoding=encoding)
    path.with_suffix(".cpg").unlink(missing_ok=True)
    if cpg is not None:
        path.with_suffix(".cpg").write_text(cpg)
    return path


def read(path: Path, encoding: str | None = None) -> tuple[list[str], str]:
    gdf, notes = read_layer(
        str(path), key="project_sites", crs=CRS, encoding=encoding, id_field="id"
    )
    return list(gdf["name"]), "\n".join(str(n) for n in notes)


def test_gbk_without_cpg_is_detected(folder: Path) -> None:
    names, notes = read(shapefile(folder, "GBK", cpg=None))
    assert names == NAMES
    assert notes.endswith("sites.shp: no .cpg: read text as GBK (GB18030)")


def test_wrong_cpg_saying_utf8_is_corrected(folder: Path) -> None:
    names, notes = read(shapefile(folder, "GBK", cpg="UTF-8"))
    assert names == NAMES
    assert "the .cpg file says UTF-8 but the text is GBK: read it as GBK (GB18030)" in notes


def test_cpg_saying_gbk_for_utf8_text_would_be_mojibake(folder: Path) -> None:
    names, notes = read(shapefile(folder, "UTF-8", cpg="GBK"))
    assert names == NAMES
    assert "the .cpg file says GBK but the text is UTF-8: read it as UTF-8" in notes


def test_cpg_saying_latin1_for_gbk_text(folder: Path) -> None:
    names, notes = read(shapefile(folder, "GBK", cpg="ISO-8859-1"))
    assert names == NAMES
    assert "says ISO-8859-1 but the text is GBK" in notes


@pytest.mark.parametrize("cpg", ["GBK", "936", "CP936", "GB2312"])
def test_correct_gbk_cpg_is_silent(folder: Path, cpg: str) -> None:
    names, notes = read(shapefile(folder, "GBK", cpg=cpg))
    assert names == NAMES
    assert notes == ""


def test_utf8_without_cpg_is_silent(folder: Path) -> None:
    names, notes = read(shapefile(folder, "UTF-8", cpg=None))
    assert names == NAMES
    assert notes == ""


def test_given_encoding_is_honoured(folder: Path) -> None:
    names, notes = read(shapefile(folder, "GBK", cpg=None), encoding="GBK")
    assert names == NAMES
    assert notes == ""


def test_given_encoding_that_does_not_fit_is_overridden_with_a_note(folder: Path) -> None:
    names, notes = read(shapefile(folder, "GBK", cpg=None), encoding="UTF-8")
    assert names == NAMES
    assert "`layers.encoding` says UTF-8 but the text is GBK" in notes


def test_unknown_given_encoding(folder: Path) -> None:
    with pytest.raises(LayerError, match=r"field `layers\.encoding`: `GKB` is not a text encoding"):
        read(shapefile(folder, "GBK", cpg=None), encoding="GKB")


def test_gbk_text_cut_at_the_field_width(folder: Path) -> None:
    """A DBF field of 15 bytes cuts the 8th character of a GBK name in half."""
    path = folder / "sites.shp"
    gdf = gpd.GeoDataFrame(
        {"id": ["P1"], "name": ["大庙镇石英砂加工厂"]}, geometry=[rect(0, 0, 10, 10)], crs=CRS
    )
    gdf.to_file(path, engine="pyogrio", encoding="GBK")
    path.with_suffix(".cpg").unlink()
    _patch_width(path.with_suffix(".dbf"), "name", 15)
    names, notes = read(path)
    assert names[0].startswith("大庙镇石英砂加")
    assert "read text as GBK" in notes


def _patch_width(dbf: Path, field: str, width: int) -> None:
    """Rewrite a .dbf so that `field` is `width` bytes wide (truncating its values)."""
    import struct

    data = bytearray(dbf.read_bytes())
    n, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields, pos, offset = [], 32, 1
    while data[pos] != 0x0D:
        name = data[pos : pos + 11].split(b"\0")[0].decode()
        fields.append((name, pos, offset, data[pos + 16]))
        offset += data[pos + 16]
        pos += 32
    records = [
        data[header_len + i * record_len : header_len + (i + 1) * record_len] for i in range(n)
    ]
    new_len = record_len
    for name, fpos, foff, fwidth in fields:
        if name == field:
            data[fpos + 16] = width
            new_len = record_len - fwidth + width
            records = [r[: foff + width] + r[foff + fwidth :] for r in records]
    data[10:12] = struct.pack("<H", new_len)
    dbf.write_bytes(bytes(data[:header_len]) + b"".join(records) + b"\x1a")


BIG5_NAMES = ["大廟鎮石英砂廠", "臨淮關鎮物流園", "府城鎮綜合樓"]


def named_shapefile(folder: Path, names: list[str], encoding: str) -> Path:
    path = folder / "sites.shp"
    gdf = gpd.GeoDataFrame({"id": ["P1", "P2", "P3"], "name": names},
                           geometry=[rect(0, 0, 10, 10), rect(20, 0, 30, 10),
                                     rect(40, 0, 50, 10)], crs=CRS)  # fmt: skip
    gdf.to_file(path, engine="pyogrio", encoding=encoding)
    path.with_suffix(".cpg").unlink(missing_ok=True)
    return path


def test_given_encoding_that_decodes_the_text_is_trusted_over_detection(folder: Path) -> None:
    """Big5 bytes also decode as GBK; the planner's word decides."""
    names, notes = read(named_shapefile(folder, BIG5_NAMES, "big5"), encoding="Big5")
    assert names == BIG5_NAMES
    assert notes == ""


def test_encoding_on_the_layer_is_used_over_layers_encoding(folder: Path) -> None:
    path = named_shapefile(folder, BIG5_NAMES, "big5")
    gdf, notes = read_layer(f"{path}|encoding=Big5", key="project_sites", crs=CRS,
                            encoding="GBK", id_field="id")  # fmt: skip
    assert list(gdf["name"]) == BIG5_NAMES and notes == []


@pytest.mark.parametrize(
    ("names", "written_in", "example"),
    [(BIG5_NAMES, "big5", "紂马ホ"), (["Mélanie", "Zürich", "Señora"], "latin1", "M閘anie")],
)
def test_text_that_decodes_as_gbk_but_looks_mis_decoded_is_not_stated(
    folder: Path, names: list[str], written_in: str, example: str
) -> None:
    _, notes = read(named_shapefile(folder, names, written_in))
    assert "read text as GBK" not in notes
    assert "sites.shp: no .cpg; the text decodes as GBK but looks mis-decoded (rare or " \
        "private-use characters: " in notes  # fmt: skip
    assert example in notes
    assert "it may be Big5, Latin-1 or another encoding — look at the names (QGIS), and if " \
        "they are wrong set `layers.encoding` or `|encoding=` on the layer" in notes  # fmt: skip


def test_gbk_names_with_a_rare_character_are_not_doubted(folder: Path) -> None:
    names = ["埇桥区物流园", "大庙镇石英砂加工厂", "府城镇综合楼"]
    _, notes = read(named_shapefile(folder, names, "gbk"))
    assert notes.endswith("sites.shp: no .cpg: read text as GBK (GB18030)")
